import { AIO_SECURITY_RELEASES } from '../../model/versions';
import { defineRule, outcome } from '../types';
import { compareVersions, EXTENSION, isAioExtension, propertiesOf, requireKnownAt } from './common';

/** ED-1: the pinned AIO version includes the newest known security fix. */
export const aioSecurityRelease = defineRule({
  name: 'aio-security-release',
  guidance: ['ED-1'],
  description: 'The AIO Arc extension is pinned to a version no older than the newest known AIO security release.',
  rationale:
    'Pinning keeps upgrades deliberate; it must not keep a site on a release with known security problems. ' +
    'AIO_SECURITY_RELEASES in versions.ts lists the releases whose notes state security fixes, with their sources.',
  remediation:
    'Upgrade: raise ArcRuntimePolicy versions.iotOperations (or remove it to take AIO_RELEASE) after testing the release on a staging cluster.',
  severity: { development: 'warning', production: 'error' },
  waivable: true,
  appliesTo: [EXTENSION],
  messages: {
    olderThanFix: 'AIO extension {extension} is pinned to {version}, older than {fixed} (release {release}, {published}), which fixed: {summary}.',
  },
  check(ext, { index }) {
    if (!isAioExtension(ext)) return { status: 'not-applicable', reason: 'not the AIO extension' };
    requireKnownAt(ext, '/spec/properties/version', index);
    const version = propertiesOf(ext).version;
    if (typeof version !== 'string' || version === '') return { status: 'not-applicable', reason: 'no pinned version (arc-extension-version-pinned reports it)' };
    const newest = AIO_SECURITY_RELEASES[AIO_SECURITY_RELEASES.length - 1];
    if (!newest) return outcome([]);
    const cmp = compareVersions(version, newest.version);
    if (cmp === undefined) return { status: 'unknown', reason: `version ${JSON.stringify(version)} is not x.y.z, so it cannot be compared with ${newest.version}` };
    if (cmp >= 0) return outcome([]);
    return outcome([{
      messageId: 'olderThanFix',
      data: { extension: ext.name, version, fixed: newest.version, release: newest.release, published: newest.published, summary: newest.summary },
      path: '/spec/properties/version',
    }]);
  },
});
