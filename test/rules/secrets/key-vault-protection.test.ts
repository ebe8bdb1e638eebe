import { keyVaultProtection } from '../../../lib/rules/secrets/key-vault-protection';
import { ruleTable } from '../helpers';
import { vault } from './support';

const good = { enableRbacAuthorization: true, enablePurgeProtection: true, enableSoftDelete: true };

describe('key-vault-protection', () => {
  ruleTable(keyVaultProtection, [
    { name: 'RBAC, purge protection, soft delete', resources: [vault('kv-a', good)], expect: { outcome: 'valid' } },
    { name: 'soft delete left to its default', resources: [vault('kv-a', { enableRbacAuthorization: true, enablePurgeProtection: true })], expect: { outcome: 'valid' } },
    {
      name: 'ARM defaults: access policies, no purge protection',
      resources: [vault('kv-a', { sku: { family: 'A', name: 'standard' } })],
      expect: {
        outcome: 'invalid', messageIds: ['noRbac', 'noPurgeProtection'],
        messages: ['Key Vault kv-a authorizes data access with access policies, not Azure RBAC (enableRbacAuthorization is not set).', 'Key Vault kv-a has no purge protection (enablePurgeProtection is not set).'],
        paths: ['/spec/properties/enableRbacAuthorization', '/spec/properties/enablePurgeProtection'],
      },
    },
    { name: 'soft delete off', resources: [vault('kv-a', { ...good, enableSoftDelete: false })], expect: { outcome: 'invalid', messageIds: ['noSoftDelete'], messages: ['Key Vault kv-a has soft delete turned off.'] } },
    { name: 'RBAC off explicitly', profile: 'development', resources: [vault('kv-a', { ...good, enableRbacAuthorization: false })], expect: { outcome: 'invalid', messageIds: ['noRbac'] } },
    { name: 'an expression', resources: [vault('kv-a', { ...good, enablePurgeProtection: '[parameters(\'purge\')]' }, { unresolved: ['/spec/properties/enablePurgeProtection'] })], expect: { outcome: 'unknown', reason: 'spec.properties.enablePurgeProtection is only known at deployment' } },
    { name: 'a string for a boolean', resources: [vault('kv-a', { ...good, enableRbacAuthorization: 'true' })], expect: { outcome: 'unknown', reason: 'spec.properties.enableRbacAuthorization "true" is not a boolean' } },
  ]);
});
