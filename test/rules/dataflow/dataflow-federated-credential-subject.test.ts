import { dataflowFederatedCredentialSubject } from '../../../lib/rules/dataflow/dataflow-federated-credential-subject';
import { planAzureResource } from '../../../lib/model/azure';
import { ruleTable } from '../helpers';
import { federated, hubsEndpointByRef, identity } from './builders';

const NAME = 'plant-a-dataflow-identity';
const SA = (sa: string) => `system:serviceaccount:azure-iot-operations:${sa}`;

describe('dataflow-federated-credential-subject', () => {
  ruleTable(dataflowFederatedCredentialSubject, [
    { name: 'the dataflow service account', resources: [identity(), hubsEndpointByRef(), federated(NAME, 'aio-dataflow', SA('aio-dataflow'))], expect: { outcome: 'valid' } },
    { name: 'the schema registry', resources: [identity(), hubsEndpointByRef(), federated(NAME, 'schema', SA('adr-schema-registry'))], expect: { outcome: 'valid' } },
    { name: 'an identity no endpoint uses', resources: [identity(), federated(NAME, 'other', SA('something'))], expect: { outcome: 'not-applicable', reason: 'its identity is not used by a dataflow endpoint of this deployment' } },
    {
      name: 'secret sync is the other rule',
      resources: [identity(), hubsEndpointByRef(), federated(NAME, 'ssc', SA('aio-ssc-sa'))],
      expect: { outcome: 'not-applicable', reason: 'it federates the secret-sync service account, which dataflow-identity-dedicated reports' },
    },
    {
      name: 'another workload',
      resources: [identity(), hubsEndpointByRef(), federated(NAME, 'ci', 'repo:contoso/plant:ref:refs/heads/main')],
      expect: {
        outcome: 'invalid', messageIds: ['subject'],
        messages: ['Federated credential ci of dataflow identity plant-a-dataflow-identity trusts repo:contoso/plant:ref:refs/heads/main, which is not the dataflow or schema registry service account of azure-iot-operations.'],
        paths: ['/spec/properties/subject'],
      },
    },
    { name: 'aio-dataflow in another namespace', resources: [identity(), hubsEndpointByRef(), federated(NAME, 'x', 'system:serviceaccount:default:aio-dataflow')], expect: { outcome: 'invalid', messageIds: ['subject'] } },
    { name: 'a wrong audience', resources: [identity(), hubsEndpointByRef(), federated(NAME, 'aio-dataflow', SA('aio-dataflow'), ['api://AzureADTokenExchange', 'https://other'])], expect: { outcome: 'invalid', messageIds: ['audience'] } },
    {
      name: 'a subject that is a deployment parameter: undecided',
      resources: [identity(), hubsEndpointByRef(), planAzureResource({
        id: 'flows/identity/p', armType: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials', name: 'p', parentName: NAME,
        spec: { properties: { issuer: 'https://oidc.example', subject: 7, audiences: ['api://AzureADTokenExchange'] } },
      })],
      expect: { outcome: 'unknown', reason: 'spec.properties.subject is not a literal string' },
    },
  ]);
});
