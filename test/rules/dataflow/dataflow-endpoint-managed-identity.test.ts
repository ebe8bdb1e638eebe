import { dataflowEndpointManagedIdentity } from '../../../lib/rules/dataflow/dataflow-endpoint-managed-identity';
import { ruleTable } from '../helpers';
import { connectivity, hubsEndpoint, lakeEndpoint, localEndpoint, uami } from './builders';

describe('dataflow-endpoint-managed-identity', () => {
  ruleTable(dataflowEndpointManagedIdentity, [
    { name: 'Event Hubs with a user-assigned identity', resources: [hubsEndpoint()], expect: { outcome: 'valid' } },
    { name: 'lower-camel method the CRD accepts', resources: [lakeEndpoint({ ...uami(), method: 'userAssignedManagedIdentity' })], expect: { outcome: 'valid' } },
    { name: 'the local broker is not a cloud endpoint', resources: [localEndpoint()], expect: { outcome: 'not-applicable', reason: 'the endpoint does not connect to an Azure service' } },
    {
      name: 'a Kafka broker that is not Event Hubs',
      resources: [connectivity('DataflowEndpoint', 'plant-kafka', { endpointType: 'Kafka', kafkaSettings: { host: 'kafka.plant.example:9093', authentication: { method: 'Anonymous' }, tls: { mode: 'Enabled' } } })],
      expect: { outcome: 'not-applicable', reason: 'the endpoint does not connect to an Azure service' },
    },
    {
      name: 'system-assigned identity',
      resources: [lakeEndpoint({ method: 'SystemAssignedManagedIdentity', systemAssignedManagedIdentitySettings: {} })],
      expect: {
        outcome: 'invalid', messageIds: ['systemAssigned'],
        messages: ["Endpoint plant-lake authenticates to Azure Data Lake Storage with the AIO extension's system-assigned identity."],
        paths: ['/spec/dataLakeStorageSettings/authentication/method'],
      },
    },
    {
      name: 'system-assigned identity in development is still reported, as a warning',
      profile: 'development',
      resources: [hubsEndpoint({ method: 'SystemAssignedManagedIdentity' })],
      expect: { outcome: 'invalid', messageIds: ['systemAssigned'] },
    },
    {
      name: 'SAS access token',
      resources: [lakeEndpoint({ method: 'AccessToken', accessTokenSettings: { secretRef: 'lake-sas' } })],
      expect: { outcome: 'invalid', messageIds: ['accessToken'], messages: ['Endpoint plant-lake authenticates to Azure Data Lake Storage with an access token from secret lake-sas.'] },
    },
    {
      name: 'SASL connection string',
      resources: [hubsEndpoint({ method: 'Sasl', saslSettings: { saslType: 'Plain', secretRef: 'hubs-connection-string' } })],
      expect: { outcome: 'invalid', messageIds: ['sasl'], messages: ['Endpoint telemetry-hubs authenticates to Azure Event Hubs with SASL credentials from secret hubs-connection-string.'] },
    },
    {
      name: 'anonymous Event Grid',
      resources: [connectivity('DataflowEndpoint', 'plant-grid', { endpointType: 'Mqtt', mqttSettings: { host: 'plant-a-grid.westeurope-1.ts.eventgrid.azure.net:8883', authentication: { method: 'Anonymous' } } })],
      expect: { outcome: 'invalid', messageIds: ['anonymous'], messages: ['Endpoint plant-grid connects to Azure Event Grid anonymously.'] },
    },
    {
      name: 'client certificate',
      resources: [hubsEndpoint({ method: 'X509Certificate', x509CertificateSettings: { secretRef: 'hubs-client-cert' } })],
      expect: { outcome: 'invalid', messageIds: ['x509'] },
    },
    { name: 'no authentication block: undecided', resources: [lakeEndpoint(undefined as never)].map((e) => ({ ...e, spec: { endpointType: 'DataLakeStorage', dataLakeStorageSettings: { host: 'https://plantalake.blob.core.windows.net' } } })), expect: { outcome: 'unknown', reason: 'spec.dataLakeStorageSettings.authentication is missing' } },
    { name: 'a method nobody knows: undecided', resources: [hubsEndpoint({ method: 'Telepathy' })], expect: { outcome: 'unknown', reason: 'authentication.method "Telepathy" is not a method aio-secure knows' } },
  ]);
});
