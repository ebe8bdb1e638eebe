import type { JsonObject } from 'aio-secure';
import { AIO_RELEASE, AIO_SECURITY_RELEASES } from 'aio-secure';
import { aioSecurityRelease } from '../../../lib/rules/runtime/aio-security-release';
import { compareVersions } from '../../../lib/rules/runtime/common';
import { ruleTable, runRule } from '../helpers';
import { aioExtension, extension } from './support';

const newest = AIO_SECURITY_RELEASES[AIO_SECURITY_RELEASES.length - 1];

describe('aio-security-release', () => {
  ruleTable(aioSecurityRelease, [
    { name: 'the newest security release', resources: [aioExtension({}, newest.version)], expect: { outcome: 'valid' } },
    { name: 'a later version', resources: [aioExtension({}, '1.4.112')], expect: { outcome: 'valid' } },
    {
      name: 'the AIO 2510 release',
      resources: [aioExtension({}, '1.2.112')],
      expect: {
        outcome: 'invalid', messageIds: ['olderThanFix'],
        messages: [`AIO extension azure-iot-operations is pinned to 1.2.112, older than ${newest.version} (release ${newest.release}, ${newest.published}), which fixed: ${newest.summary}.`],
        paths: ['/spec/properties/version'],
      },
    },
    { name: 'no version', resources: [extension('aio', { extensionType: 'microsoft.iotoperations' })], expect: { outcome: 'not-applicable', reason: 'no pinned version (arc-extension-version-pinned reports it)' } },
    { name: 'another extension', resources: [extension('cert-manager', { extensionType: 'microsoft.certmanagement', version: '0.1.0' })], expect: { outcome: 'not-applicable', reason: 'not the AIO extension' } },
    { name: 'a malformed resource without a spec', resources: [{ ...aioExtension(), spec: null as unknown as JsonObject }], expect: { outcome: 'unknown', reason: 'Cannot read properties of null' } },
  ]);
});

describe('the security release table', () => {
  test('is ordered oldest first, and the default release is not older than its newest entry', () => {
    for (let i = 1; i < AIO_SECURITY_RELEASES.length; i++) {
      expect(compareVersions(AIO_SECURITY_RELEASES[i - 1].version, AIO_SECURITY_RELEASES[i].version)).toBeLessThan(0);
    }
    expect(compareVersions(AIO_RELEASE.iotOperations, newest.version)).toBeGreaterThanOrEqual(0);
    for (const r of AIO_SECURITY_RELEASES) expect(r.source).toMatch(/github\.com\/Azure\/azure-iot-operations\/releases/);
  });
});

test('a version that is not x.y.z cannot be compared: unknown, never a pass', () => {
  const result = runRule(aioSecurityRelease, [aioExtension({}, '1.3')]);
  expect(result.findings.map((f) => [f.outcome, f.message])).toEqual([['unknown', `Could not decide: version "1.3" is not x.y.z, so it cannot be compared with ${newest.version}`]]);
});
