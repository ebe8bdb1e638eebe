import { keyVaultNetworkRestricted } from '../../../lib/rules/secrets/key-vault-network-restricted';
import { ruleTable } from '../helpers';
import { vault } from './support';

describe('key-vault-network-restricted', () => {
  ruleTable(keyVaultNetworkRestricted, [
    { name: 'public access disabled', resources: [vault('kv-a', { publicNetworkAccess: 'Disabled' })], expect: { outcome: 'valid' } },
    { name: 'deny by default with an allow list', resources: [vault('kv-a', { publicNetworkAccess: 'Enabled', networkAcls: { defaultAction: 'Deny', ipRules: [{ value: '203.0.113.0/24' }] } })], expect: { outcome: 'valid' } },
    {
      name: 'nothing set: open to every network',
      resources: [vault('kv-a', {})],
      expect: { outcome: 'invalid', messageIds: ['open'], messages: ['Key Vault kv-a accepts traffic from every network (publicNetworkAccess not set, networkAcls.defaultAction not set).'], paths: ['/spec/properties'] },
    },
    { name: 'enabled with Allow', resources: [vault('kv-a', { publicNetworkAccess: 'Enabled', networkAcls: { defaultAction: 'Allow' } })], expect: { outcome: 'invalid', messageIds: ['open'] } },
    { name: 'a warning in development', profile: 'development', resources: [vault('kv-a', { publicNetworkAccess: 'Enabled' })], expect: { outcome: 'invalid', messageIds: ['open'] } },
    { name: 'an expression', resources: [vault('kv-a', { publicNetworkAccess: '[parameters(\'access\')]' }, { unresolved: ['/spec/properties/publicNetworkAccess'] })], expect: { outcome: 'unknown', reason: 'spec.properties.publicNetworkAccess is only known at deployment' } },
    { name: 'networkAcls not an object', resources: [vault('kv-a', { networkAcls: 'Deny' })], expect: { outcome: 'unknown', reason: 'spec.properties.networkAcls is not an object' } },
  ]);
});
