import { ARC_EXTENSION_TYPES } from '../../model/versions';
import { defineRule, outcome, type RuleFinding } from '../types';
import { EXTENSION, extensionTypeOf, propertiesOf, requireKnownAt } from './common';

/** The AIO runtime extensions ED-1 pins (facts 4.1). */
const RUNTIME_TYPES: readonly string[] = [ARC_EXTENSION_TYPES.iotOperations, ARC_EXTENSION_TYPES.secretStore, ARC_EXTENSION_TYPES.certManagement];

/** ED-1: the AIO runtime extensions are pinned. */
export const arcExtensionVersionPinned = defineRule({
  name: 'arc-extension-version-pinned',
  guidance: ['ED-1'],
  description: 'The AIO, Secret Store and certificate management Arc extensions have autoUpgradeMinorVersion false, a pinned version and the stable release train.',
  rationale:
    'An extension that upgrades itself changes the AIO runtime of a production site without a test; an unpinned one installs whatever is current on the day it is redeployed. ' +
    'Pinning makes every upgrade a decision taken after a staging cluster ran it.',
  remediation:
    'Deploy the extensions with ArcRuntimePolicy (versions from versions.ts), or set autoUpgradeMinorVersion: false, version: <x.y.z> and releaseTrain: stable on the extension.',
  severity: { development: 'warning', production: 'error' },
  waivable: true,
  appliesTo: [EXTENSION],
  messages: {
    autoUpgrade: 'Extension {extension} ({type}) upgrades its minor version automatically.',
    noVersion: 'Extension {extension} ({type}) has no pinned version.',
    notStable: 'Extension {extension} ({type}) follows release train {train}, not stable.',
  },
  check(ext, { index }) {
    const type = extensionTypeOf(ext);
    if (type === undefined || !RUNTIME_TYPES.includes(type)) return { status: 'not-applicable', reason: 'not an AIO runtime extension' };
    const p = propertiesOf(ext);
    // A parameter or expression is chosen when deploying: the template pins nothing a rule can read.
    for (const field of ['autoUpgradeMinorVersion', 'version', 'releaseTrain']) requireKnownAt(ext, `/spec/properties/${field}`, index);
    const data = { extension: ext.name, type };
    const findings: RuleFinding<'autoUpgrade' | 'noVersion' | 'notStable'>[] = [];
    // ARM's default for autoUpgradeMinorVersion is true.
    if (p.autoUpgradeMinorVersion !== false) findings.push({ messageId: 'autoUpgrade', data, path: '/spec/properties/autoUpgradeMinorVersion' });
    if (typeof p.version !== 'string' || p.version === '') findings.push({ messageId: 'noVersion', data, path: '/spec/properties/version' });
    if (p.releaseTrain !== undefined && String(p.releaseTrain).toLowerCase() !== 'stable') {
      findings.push({ messageId: 'notStable', data: { ...data, train: String(p.releaseTrain) }, path: '/spec/properties/releaseTrain' });
    }
    return outcome(findings);
  },
});
