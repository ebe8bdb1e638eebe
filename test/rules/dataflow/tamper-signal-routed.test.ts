import type { JsonObject, Resource } from 'aio-secure';
import { planAzureResource } from '../../../lib/model/azure';
import { TAMPER_SIGNALS_ATTRIBUTE } from '../../../lib/model/managed-identity-dataflow';
import { filterMatchesTopic, tamperSignalRouted } from '../../../lib/rules/dataflow/tamper-signal-routed';
import { NS, ruleTable } from '../helpers';
import { connectivity, hubsEndpoint, localEndpoint } from './builders';

const TOPIC = 'plant-a/line-1/press-7/tamper';
const mqtt = (topic: string): JsonObject => ({ target: 'Mqtt', configuration: { topic } });

/** A namespaced ADR asset (`namespaces.deviceregistry.microsoft.com/v1`) with a tamper event and a telemetry dataset. */
function asset(attributes: JsonObject | undefined, overrides: JsonObject = {}, name = 'press-7'): Resource {
  return {
    id: `${NS}/Asset/${name}`,
    group: 'namespaces.deviceregistry.microsoft.com',
    version: 'v1',
    kind: 'Asset',
    name,
    namespace: NS,
    spec: {
      deviceRef: { deviceName: 'press-7-plc', endpointName: 'opcua' },
      ...(attributes ? { attributes } : {}),
      datasets: [{ name: 'telemetry', dataSource: 'ns=3;s=Telemetry', destinations: [mqtt('plant-a/line-1/press-7/telemetry')] }],
      eventGroups: [{ name: 'alarms', events: [{ name: 'enclosure-open', dataSource: 'ns=3;s=Enclosure', destinations: [mqtt(TOPIC)] }] }],
      ...overrides,
    },
  };
}

/** A legacy ADR asset (`deviceregistry.microsoft.com/v1`). */
function legacyAsset(spec: JsonObject): Resource {
  return { id: `${NS}/Asset/press-7`, group: 'deviceregistry.microsoft.com', version: 'v1', kind: 'Asset', name: 'press-7', namespace: NS, spec };
}

const declared = (value: JsonObject[string] = 'enclosure-open'): JsonObject => ({ [TAMPER_SIGNALS_ATTRIBUTE]: value });

/** A dataflow from the local broker to the Event Hubs endpoint. */
const route = (dataSources: string[], extra: JsonObject = {}, name = 'press-7-tamper') =>
  connectivity('Dataflow', name, {
    operations: [
      { operationType: 'Source', sourceSettings: { endpointRef: 'local-broker', dataSources, assetRef: 'press-7' } },
      { operationType: 'Destination', destinationSettings: { endpointRef: 'telemetry-hubs', dataDestination: 'tamper-alerts' } },
    ],
    ...extra,
  });

const site = (...rs: Resource[]) => [localEndpoint(), hubsEndpoint(), ...rs];

describe('tamper-signal-routed', () => {
  ruleTable(tamperSignalRouted, [
    { name: 'the tamper event is routed by a dataflow reading its topic', resources: site(asset(declared()), route([TOPIC])), expect: { outcome: 'valid' } },
    { name: 'a wildcard filter covers the topic', resources: site(asset(declared()), route(['plant-a/+/+/tamper'])), expect: { outcome: 'valid' } },
    { name: 'a shared subscription covers the topic', resources: site(asset(declared()), route(['$share/alerts/plant-a/#'])), expect: { outcome: 'valid' } },
    {
      name: 'a list of names as a JSON array, a dataset among them',
      resources: site(asset(declared(['enclosure-open', 'telemetry'])), route([TOPIC, 'plant-a/line-1/press-7/telemetry'])),
      expect: { outcome: 'valid' },
    },
    {
      name: 'event without destinations takes the group default',
      resources: site(
        asset(declared(), { eventGroups: [{ name: 'alarms', defaultDestinations: [mqtt(TOPIC)], events: [{ name: 'enclosure-open', dataSource: 'x' }] }] }),
        route([TOPIC]),
      ),
      expect: { outcome: 'valid' },
    },
    {
      name: 'legacy asset: event topic path',
      resources: site(legacyAsset({ assetEndpointProfileRef: 'press-7-aep', attributes: declared(), events: [{ name: 'enclosure-open', eventNotifier: 'ns=3;s=E', topic: { path: TOPIC } }] }), route([TOPIC])),
      expect: { outcome: 'valid' },
    },
    {
      name: 'ARM asset (Microsoft.DeviceRegistry/namespaces/assets), routed by an ARM dataflow without namespace',
      resources: site(
        planAzureResource({ id: 'site/asset/press-7', armType: 'Microsoft.DeviceRegistry/namespaces/assets', name: 'press-7', parentName: 'plant-a', spec: { location: 'westeurope', properties: asset(declared()).spec } }),
        { ...route([TOPIC]), namespace: undefined, id: 'site/dataflow/press-7-tamper' },
      ),
      expect: { outcome: 'valid' },
    },
    { name: 'an asset that declares no tamper signals', resources: site(asset(undefined)), expect: { outcome: 'not-applicable', reason: `the asset declares no tamper signals (attribute ${TAMPER_SIGNALS_ATTRIBUTE})` } },
    { name: 'other attributes only', resources: site(asset({ line: '1' })), expect: { outcome: 'not-applicable', reason: `the asset declares no tamper signals (attribute ${TAMPER_SIGNALS_ATTRIBUTE})` } },
    {
      name: 'no dataflow at all',
      resources: site(asset(declared())),
      expect: {
        outcome: 'invalid',
        messageIds: ['unrouted'],
        messages: [`Asset press-7 declares tamper signal enclosure-open (event, topic ${TOPIC}), but no enabled dataflow reads that topic from the local broker.`],
        paths: ['/spec/attributes/aio-secure~1tamper-signals'],
      },
    },
    { name: 'a dataflow reading another topic', resources: site(asset(declared()), route(['plant-a/line-1/press-7/telemetry'])), expect: { outcome: 'invalid', messageIds: ['unrouted'] } },
    { name: 'the route is disabled', resources: site(asset(declared()), route([TOPIC], { mode: 'Disabled' })), expect: { outcome: 'invalid', messageIds: ['unrouted'] } },
    {
      name: 'the dataflow reads the topic from Event Hubs, not the local broker',
      resources: site(asset(declared()), connectivity('Dataflow', 'from-hubs', {
        operations: [
          { operationType: 'Source', sourceSettings: { endpointRef: 'telemetry-hubs', dataSources: [TOPIC] } },
          { operationType: 'Destination', destinationSettings: { endpointRef: 'local-broker', dataDestination: 'x' } },
        ],
      })),
      expect: { outcome: 'invalid', messageIds: ['unrouted'] },
    },
    { name: 'a route in another namespace', resources: site(asset(declared()), { ...route([TOPIC]), namespace: 'plant-b', id: 'plant-b/Dataflow/x' }), expect: { outcome: 'invalid', messageIds: ['unrouted'] } },
    {
      name: 'the event goes to storage only',
      resources: site(asset(declared(), { eventGroups: [{ name: 'alarms', events: [{ name: 'enclosure-open', destinations: [{ target: 'Storage', configuration: { path: '/data/tamper' } }] }] }] })),
      expect: {
        outcome: 'invalid',
        messageIds: ['notOnBroker'],
        messages: ['Asset press-7 declares tamper signal enclosure-open, but the event is published to Storage, not to the MQTT broker, so no dataflow can route it.'],
      },
    },
    {
      name: 'a name the asset does not have',
      resources: site(asset(declared('enclosure-open, case-tamper')), route([TOPIC])),
      expect: { outcome: 'invalid', messageIds: ['missingSignal'], messages: ['Asset press-7 declares tamper signal case-tamper, but has no dataset or event of that name.'] },
    },
    {
      name: 'an empty declaration',
      resources: site(asset(declared(''))),
      expect: {
        outcome: 'invalid',
        messageIds: ['badDeclaration'],
        messages: [`Asset press-7 attribute ${TAMPER_SIGNALS_ATTRIBUTE} is ""; it must name the asset's tamper datasets or events, e.g. "enclosure-open" or "enclosure-open,case-tamper".`],
      },
    },
    { name: 'a declaration that is not a name list', resources: site(asset(declared(true))), expect: { outcome: 'invalid', messageIds: ['badDeclaration'] } },
    {
      name: 'an event without any destination: its topic cannot be known',
      resources: site(asset(declared(), { eventGroups: [{ name: 'alarms', events: [{ name: 'enclosure-open', dataSource: 'x' }] }] }), route([TOPIC])),
      expect: { outcome: 'unknown', reason: 'the event enclosure-open has no destination or topic, so its MQTT topic cannot be known' },
    },
    {
      name: 'a legacy event without topic or default topic',
      resources: site(legacyAsset({ assetEndpointProfileRef: 'aep', attributes: declared(), events: [{ name: 'enclosure-open', eventNotifier: 'x' }] })),
      expect: { outcome: 'unknown', reason: 'has no destination or topic' },
    },
    {
      name: 'an MQTT destination whose topic is not literal',
      resources: site(asset(declared(), { eventGroups: [{ name: 'alarms', events: [{ name: 'enclosure-open', destinations: [{ target: 'Mqtt', configuration: {} }] }] }] })),
      expect: { outcome: 'unknown', reason: 'eventGroups/0/events/0/destinations/0/configuration/topic is not a literal topic' },
    },
  ]);
});

describe('filterMatchesTopic', () => {
  test.each([
    ['a/b/c', 'a/b/c', true],
    ['a/+/c', 'a/b/c', true],
    ['a/#', 'a', true],
    ['a/#', 'a/b/c', true],
    ['#', 'a/b', true],
    ['$share/g/a/+', 'a/b', true],
    ['a/+', 'a/b/c', false],
    ['a/b/c', 'a/b', false],
    ['a/b', 'a/b/c', false],
    ['+/x', '$SYS/x', false],
    ['#', '$SYS/x', false],
    ['$SYS/#', '$SYS/x', true],
  ])('%s matches %s: %s', (filter, topic, expected) => {
    expect(filterMatchesTopic(filter, topic)).toBe(expected);
  });
});
