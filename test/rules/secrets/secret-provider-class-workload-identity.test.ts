import { planAzureResource, referencePlaceholder } from '../../../lib/model/azure';
import { secretProviderClassWorkloadIdentity } from '../../../lib/rules/secrets/secret-provider-class-workload-identity';
import { ruleTable } from '../helpers';
import { identity, spc } from './support';

const CLIENT = '11111111-2222-4333-8444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const params = (extra: Record<string, string>) => ({ provider: 'azure', parameters: { keyvaultName: 'kv', tenantID: TENANT, objects: 'array: []', ...extra } });

const armSpc = (properties: Record<string, string>, refs: boolean) => planAzureResource({
  id: 'sync/spc',
  armType: 'Microsoft.SecretSyncController/azureKeyVaultSecretProviderClasses',
  name: 'plant-a-key-vault',
  spec: { extendedLocation: { name: 'cl', type: 'CustomLocation' }, properties: refs ? { ...properties, clientId: referencePlaceholder({ resource: 'identity/sync', attribute: 'clientId' }) } : properties },
  references: refs ? [{ pointer: '/spec/properties/clientId', resource: 'identity/sync', attribute: 'clientId' }] : [],
});

describe('secret-provider-class-workload-identity', () => {
  ruleTable(secretProviderClassWorkloadIdentity, [
    { name: 'a workload identity client id', resources: [spc('kv', params({ clientID: CLIENT }))], expect: { outcome: 'valid' } },
    { name: 'ARM: a literal client id', resources: [armSpc({ clientId: CLIENT, tenantId: TENANT, keyvaultName: 'kv' }, false)], expect: { outcome: 'valid' } },
    { name: 'ARM: a reference to the planned identity', resources: [identity('sync'), armSpc({ tenantId: TENANT, keyvaultName: 'kv' }, true)], expect: { outcome: 'valid' } },
    {
      name: 'no client id',
      resources: [spc('kv', params({}))],
      expect: { outcome: 'invalid', messageIds: ['noClientId'], messages: ['SecretProviderClass kv has no workload identity client id (parameters.clientID).'], paths: ['/spec/parameters'] },
    },
    { name: 'ARM: no client id', resources: [armSpc({ tenantId: TENANT, keyvaultName: 'kv' }, false)], expect: { outcome: 'invalid', messageIds: ['noClientId'], messages: ['SecretProviderClass plant-a-key-vault has no workload identity client id (properties.clientId).'] } },
    { name: 'the node identity', resources: [spc('kv', params({ useVMManagedIdentity: 'true' }))], expect: { outcome: 'invalid', messageIds: ['nodeIdentity'], paths: ['/spec/parameters/useVMManagedIdentity'] } },
    { name: 'pod identity', resources: [spc('kv', params({ usePodIdentity: 'true' }))], expect: { outcome: 'invalid', messageIds: ['podIdentity', 'noClientId'] } },
    { name: 'another provider', resources: [spc('vault', { provider: 'vault', parameters: { roleName: 'x' } })], expect: { outcome: 'not-applicable', reason: 'provider "vault" is not Azure Key Vault' } },
    { name: 'a client id that is not a GUID', resources: [spc('kv', params({ clientID: 'my-identity' }))], expect: { outcome: 'unknown', reason: 'spec.parameters.clientID "my-identity" is not a GUID' } },
    { name: 'ARM: a reference to something missing', resources: [armSpc({ tenantId: TENANT, keyvaultName: 'kv' }, true)], expect: { outcome: 'unknown', reason: 'clientId references identity/sync, which is not in the deployment' } },
  ]);
});
