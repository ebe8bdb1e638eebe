import type { Resource } from 'aio-secure';
import { dataflowIdentityDedicated } from '../../../lib/rules/dataflow/dataflow-identity-dedicated';
import { NS, ruleTable } from '../helpers';
import { CLIENT_ID, hubsEndpoint, localEndpoint, TENANT_ID } from './builders';

const spc = (clientID: string): Resource => ({
  id: `${NS}/SecretProviderClass/spc-ops`,
  group: 'secrets-store.csi.x-k8s.io',
  version: 'v1',
  kind: 'SecretProviderClass',
  name: 'spc-ops',
  namespace: NS,
  spec: { provider: 'azure', parameters: { clientID, tenantID: TENANT_ID, keyvaultName: 'plant-a-kv', objects: '' } },
});

describe('dataflow-identity-dedicated', () => {
  ruleTable(dataflowIdentityDedicated, [
    { name: 'different identities', resources: [hubsEndpoint(), spc('22222222-2222-4333-8444-555555555555')], expect: { outcome: 'valid' } },
    { name: 'no secret sync in the deployment', resources: [hubsEndpoint()], expect: { outcome: 'valid' } },
    { name: 'the local broker endpoint', resources: [localEndpoint(), spc(CLIENT_ID)], expect: { outcome: 'not-applicable', reason: 'the endpoint does not use a user-assigned identity' } },
    {
      name: "the endpoint uses secret sync's client id",
      resources: [hubsEndpoint(), spc(CLIENT_ID.toUpperCase())],
      expect: {
        outcome: 'invalid', messageIds: ['sharedWithSecretSync'],
        messages: [`Endpoint telemetry-hubs authenticates as client id ${CLIENT_ID}, which secret provider class spc-ops also uses for secret sync.`],
        paths: ['/spec/kafkaSettings/authentication/userAssignedManagedIdentitySettings/clientId'],
      },
    },
    {
      name: 'user-assigned without its settings: undecided',
      resources: [hubsEndpoint({ method: 'UserAssignedManagedIdentity' })],
      expect: { outcome: 'unknown', reason: 'userAssignedManagedIdentitySettings is missing' },
    },
  ]);
});
