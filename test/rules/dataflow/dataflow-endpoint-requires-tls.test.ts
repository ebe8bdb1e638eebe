import { dataflowEndpointRequiresTls } from '../../../lib/rules/dataflow/dataflow-endpoint-requires-tls';
import { ruleTable } from '../helpers';
import { connectivity, hubsEndpoint, lakeEndpoint, localEndpoint, uami } from './builders';

describe('dataflow-endpoint-requires-tls', () => {
  ruleTable(dataflowEndpointRequiresTls, [
    { name: 'local broker with TLS and the trust bundle', resources: [localEndpoint()], expect: { outcome: 'valid' } },
    { name: 'Event Hubs with TLS', resources: [hubsEndpoint()], expect: { outcome: 'valid' } },
    {
      name: 'no tls block: the CRD default is Enabled',
      resources: [connectivity('DataflowEndpoint', 'grid', { endpointType: 'Mqtt', mqttSettings: { host: 'plant-a-grid.westeurope-1.ts.eventgrid.azure.net:8883', authentication: uami() } })],
      expect: { outcome: 'valid' },
    },
    { name: 'HTTPS-only services have no TLS switch', resources: [lakeEndpoint()], expect: { outcome: 'not-applicable', reason: 'the endpoint type has no TLS setting (HTTPS services, local storage)' } },
    {
      name: 'local broker with TLS disabled',
      resources: [localEndpoint({ mode: 'Disabled' })],
      expect: { outcome: 'invalid', messageIds: ['tlsDisabled'], messages: ['Endpoint local-broker connects to aio-broker.azure-iot-operations:18883 with TLS disabled.'], paths: ['/spec/mqttSettings/tls/mode'] },
    },
    {
      name: 'cloud Kafka with TLS disabled, lower-camel',
      resources: [connectivity('DataflowEndpoint', 'hubs', { endpointType: 'Kafka', kafkaSettings: { host: 'plant-a-hubs.servicebus.windows.net:9093', authentication: uami(), tls: { mode: 'disabled' } } })],
      expect: { outcome: 'invalid', messageIds: ['tlsDisabled'] },
    },
    { name: 'a mode nobody knows: undecided', resources: [localEndpoint({ mode: 'Maybe' })], expect: { outcome: 'unknown', reason: 'spec.mqttSettings.tls.mode "Maybe" is neither Enabled nor Disabled' } },
  ]);
});
