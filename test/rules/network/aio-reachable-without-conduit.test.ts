import { aioReachableWithoutConduit } from '../../../lib/rules/network/aio-reachable-without-conduit';
import { automaticTls, listener, NS, ruleTable } from '../helpers';
import { defaultDeny, namespace, networkPolicy, pod, zone } from './support';

const broker = listener('default', { serviceName: 'aio-broker', serviceType: 'ClusterIp', ports: [{ port: 18883, authenticationRef: 'default', tls: automaticTls() }] });
const conduitLabels = { 'aio-secure.io/conduit': 'line-1-to-aio', 'aio-secure.io/conduit-from': 'level-2', 'aio-secure.io/conduit-to': NS };
const toBroker = (labels?: Record<string, string>) =>
  networkPolicy(NS, 'from-line-1', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'line-1' } } }], ports: [{ port: 18883 }] }] }, labels);

describe('aio-reachable-without-conduit', () => {
  ruleTable(aioReachableWithoutConduit, [
    { name: 'AIO denies by default and nothing admits the zone', resources: [zone('line-1', 'level-2'), pod('line-1', 'gw', { app: 'gw' }), broker, defaultDeny(NS)], expect: { outcome: 'valid' } },
    { name: 'a declared conduit', resources: [zone('line-1', 'level-2'), broker, defaultDeny(NS), toBroker(conduitLabels)], expect: { outcome: 'valid' } },
    {
      name: 'a policy admits the zone without a declared conduit',
      resources: [zone('line-1', 'level-2'), pod('line-1', 'gw', { app: 'gw' }), broker, defaultDeny(NS), toBroker()],
      expect: {
        outcome: 'invalid',
        messageIds: ['undeclared'],
        messages: ['Zone level-2 (namespace line-1) reaches default:default (standing in for pods the input does not show) in the AIO namespace azure-iot-operations on TCP 18883, and no conduit from level-2 to azure-iot-operations is declared.'],
      },
    },
    {
      name: 'no default deny in the AIO namespace: every AIO workload is reachable',
      resources: [zone('line-1', 'level-2'), pod('line-1', 'gw', { app: 'gw' }), broker, pod(NS, 'dataflow', { app: 'dataflow' })],
      expect: { outcome: 'invalid', messageIds: ['undeclared', 'undeclared'] },
    },
    {
      name: 'a conduit for another zone does not cover this one',
      resources: [zone('line-1', 'level-2'), broker, toBroker({ ...conduitLabels, 'aio-secure.io/conduit-from': 'level-3' })],
      expect: { outcome: 'invalid', messageIds: ['undeclared'] },
    },
    { name: 'not a zone', resources: [namespace('line-1'), broker], expect: { outcome: 'not-applicable', reason: 'the namespace is not labelled as a zone (aio-secure.io/zone)' } },
    { name: 'no AIO in the input', resources: [zone('line-1')], expect: { outcome: 'not-applicable', reason: 'the input has no broker listener and nothing in the AIO namespace' } },
    {
      name: 'an unreadable policy makes the answer unknown',
      resources: [zone('line-1'), broker, networkPolicy(NS, 'broken', { podSelector: {}, ingress: [{ from: [{}] }] })],
      expect: { outcome: 'unknown', reason: 'the reachability analysis could not read azure-iot-operations/NetworkPolicy/broken (spec.ingress[0].from[0] names no peer' },
    },
  ]);
});
