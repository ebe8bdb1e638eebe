import type { ManagedIdentityDataflowProps } from '../../lib/model/managed-identity-dataflow';

export const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/plant-a';
export const EH_NS = `${SUB}/providers/Microsoft.EventHub/namespaces/plant-a-hubs`;
export const STORAGE = `${SUB}/providers/Microsoft.Storage/storageAccounts/plantalake`;
export const EG_NS = `${SUB}/providers/Microsoft.EventGrid/namespaces/plant-a-grid`;
export const CLIENT_ID = '11111111-2222-4333-8444-555555555555';
export const TENANT_ID = '99999999-8888-4777-8666-555555555555';

/** A dataflow to each cloud target, plus one from Event Hubs back to the edge and a tamper route. */
export const PROPS: ManagedIdentityDataflowProps = {
  identity: { name: 'plant-a-dataflow-identity' },
  localBroker: { trustBundle: { configMapName: 'azure-iot-operations-customer-ca-trust-bundle', configMapKey: 'ca.crt', namespace: 'azure-iot-operations' } },
  endpoints: [
    { type: 'eventHubs', name: 'telemetry-hubs', namespaceResourceId: EH_NS },
    { type: 'eventGrid', name: 'plant-grid', host: 'plant-a-grid.westeurope-1.ts.eventgrid.azure.net:8883', scopeResourceId: `${EG_NS}/topicSpaces/plant-a` },
    { type: 'dataLake', name: 'plant-lake', storageAccountResourceId: STORAGE },
    { type: 'dataExplorer', name: 'plant-adx', host: 'https://plantadx.westeurope.kusto.windows.net', database: 'telemetry' },
    { type: 'fabricOneLake', name: 'plant-fabric', workspaceName: 'plant-a', lakehouseName: 'telemetry' },
  ],
  dataflows: [
    { name: 'to-hubs', source: { dataSources: ['plant-a/line-1/+/telemetry'] }, destination: { endpoint: 'telemetry-hubs', dataDestination: 'line-1' } },
    { name: 'to-grid', source: { dataSources: ['plant-a/alerts/#'] }, destination: { endpoint: 'plant-grid', dataDestination: 'plant-a/alerts' } },
    {
      name: 'to-lake',
      source: { dataSources: ['plant-a/line-1/+/telemetry'] },
      destination: { endpoint: 'plant-lake', dataDestination: 'line-1-archive' },
      transformation: { filter: [{ inputs: ['temperature'], expression: '$1 > -40' }], map: [{ inputs: ['*'], output: '*' }] },
    },
    { name: 'to-adx', source: { dataSources: ['plant-a/line-1/+/telemetry'] }, destination: { endpoint: 'plant-adx', dataDestination: 'thermostat' } },
    { name: 'to-fabric', source: { dataSources: ['plant-a/line-1/+/telemetry'] }, destination: { endpoint: 'plant-fabric', dataDestination: 'thermostat' } },
    { name: 'from-hubs', source: { endpoint: 'telemetry-hubs', dataSources: ['setpoints'] }, destination: { endpoint: 'plant-a-flows-local-broker', dataDestination: 'plant-a/setpoints' } },
  ],
  tamperSignals: [{ asset: 'press-7', topic: 'plant-a/line-1/press-7/tamper', destination: { endpoint: 'telemetry-hubs', dataDestination: 'tamper-alerts' } }],
};
