import type { JsonObject } from 'aio-secure';
import { arcExtensionVersionPinned } from '../../../lib/rules/runtime/arc-extension-version-pinned';
import { ruleTable } from '../helpers';
import { aioExtension, extension, metricsExtension } from './support';

describe('arc-extension-version-pinned', () => {
  ruleTable(arcExtensionVersionPinned, [
    { name: 'AIO extension pinned', resources: [aioExtension()], expect: { outcome: 'valid' } },
    {
      name: 'secret store pinned, release train in another case',
      resources: [extension('azure-secret-store', { extensionType: 'Microsoft.Azure.SecretStore', autoUpgradeMinorVersion: false, releaseTrain: 'Stable', version: '1.5.0' })],
      expect: { outcome: 'valid' },
    },
    { name: 'a monitoring agent is not a runtime extension', resources: [metricsExtension()], expect: { outcome: 'not-applicable', reason: 'not an AIO runtime extension' } },
    {
      name: 'cert management left to auto-upgrade on preview',
      resources: [extension('cert-manager', { extensionType: 'microsoft.certmanagement', releaseTrain: 'preview' })],
      expect: {
        outcome: 'invalid', messageIds: ['autoUpgrade', 'noVersion', 'notStable'],
        messages: [
          'Extension cert-manager (microsoft.certmanagement) upgrades its minor version automatically.',
          'Extension cert-manager (microsoft.certmanagement) has no pinned version.',
          'Extension cert-manager (microsoft.certmanagement) follows release train preview, not stable.',
        ],
        paths: ['/spec/properties/autoUpgradeMinorVersion', '/spec/properties/version', '/spec/properties/releaseTrain'],
      },
    },
    {
      name: 'a malformed resource without a spec',
      resources: [{ ...aioExtension(), spec: null as unknown as JsonObject }],
      expect: { outcome: 'unknown', reason: 'Cannot read properties of null' },
    },
  ]);
});
