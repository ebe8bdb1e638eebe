/**
 * Hand-written policy sets, one per Kubernetes NetworkPolicy semantic, traps included. Each is
 * read from YAML the way `aio-secure reach` reads it.
 */
import { stringify } from 'yaml';
import {
  formatPorts,
  intersectPorts,
  isEveryAddress,
  parseCidr,
  portSet,
  readKubernetesText,
  ReachabilityModel,
  unionPorts,
  type ExternalZone,
} from 'aio-secure';
import { validateManifests } from '../support/schema-validator';

type Obj = Record<string, unknown>;

const pod = (ns: string, name: string, labels: Record<string, string>, ports: Obj[] = []): Obj => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels }, spec: { containers: [{ name: 'main', image: 'example.invalid/app', ports }] },
});
const namespace = (name: string, labels: Record<string, string> = {}): Obj => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const policy = (ns: string, name: string, spec: Obj): Obj => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec });

function model(objects: Obj[], externalZones: ExternalZone[] = []): ReachabilityModel {
  // Every fixture is a valid Kubernetes object: the semantics tested are the API's, not a typo's.
  // (The shared reference holds the core/v1 and networking/v1 OpenAPI and the AIO CRDs, not apps/batch.)
  expect(validateManifests(objects.filter((o) => !/^(apps|batch)\//.test(String(o.apiVersion))))).toEqual([]);
  const { resources, problems } = readKubernetesText(objects.map((o) => stringify(o)).join('---\n'), 'fixture.yaml');
  expect(problems).toEqual([]);
  return ReachabilityModel.fromResources(resources, { externalZones });
}

const ALL = ['TCP *', 'UDP *', 'SCTP *'];
const ports = (m: ReachabilityModel, from: string, to: string) => formatPorts(m.portsBetween(from, to));

const A = 'a/Pod/web';
const B = 'b/Pod/db';
const basic = [namespace('a'), namespace('b'), pod('a', 'web', { app: 'web' }), pod('b', 'db', { app: 'db' }, [{ name: 'pg', containerPort: 5432 }])];

describe('isolation only once a policy selects a pod, per direction', () => {
  test('no policy: everything reaches everything', () => {
    const m = model(basic);
    expect(ports(m, A, B)).toEqual(ALL);
    expect(ports(m, B, A)).toEqual(ALL);
  });

  test('trap: an egress-only policy leaves ingress open', () => {
    const m = model([...basic, policy('b', 'egress-only', { podSelector: {}, policyTypes: ['Egress'] })]);
    expect(ports(m, A, B)).toEqual(ALL); // b's ingress is untouched
    expect(ports(m, B, A)).toEqual([]); // b's egress is denied
  });

  test('trap: an empty podSelector selects every pod of its namespace, and only of it', () => {
    const m = model([...basic, pod('b', 'cache', { app: 'cache' }), policy('b', 'deny', { podSelector: {} })]);
    expect(ports(m, A, B)).toEqual([]);
    expect(ports(m, A, 'b/Pod/cache')).toEqual([]);
    expect(ports(m, B, A)).toEqual(ALL); // ingress-only by default; a is not selected at all
  });

  test('a policy selecting other labels isolates nothing here', () => {
    const m = model([...basic, policy('b', 'other', { podSelector: { matchLabels: { app: 'other' } } })]);
    expect(ports(m, A, B)).toEqual(ALL);
  });
});

describe('policyTypes defaulting', () => {
  test('without policyTypes, a policy with egress rules isolates both directions', () => {
    const m = model([...basic, policy('b', 'p', { podSelector: {}, egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] })]);
    expect(ports(m, A, B)).toEqual([]);
    expect(ports(m, B, A)).toEqual(['UDP 53']);
  });

  test('trap: `egress: []` without policyTypes is ingress-only (an empty list is no egress rule)', () => {
    const m = model([...basic, policy('b', 'p', { podSelector: {}, egress: [] })]);
    expect(ports(m, A, B)).toEqual([]);
    expect(ports(m, B, A)).toEqual(ALL);
  });

  test('policyTypes [Egress] with ingress rules ignores the ingress rules', () => {
    const m = model([...basic, policy('b', 'p', { podSelector: {}, policyTypes: ['Egress'], ingress: [{}] })]);
    expect(ports(m, B, A)).toEqual([]);
    expect(ports(m, A, B)).toEqual(ALL);
  });
});

describe('rules, peers and the union of allows', () => {
  test('trap: an empty rule `{}` admits everyone on every port; `ingress: []` admits no one', () => {
    const open = model([...basic, policy('b', 'p', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] })]);
    expect(ports(open, A, B)).toEqual(ALL);
    const closed = model([...basic, policy('b', 'p', { podSelector: {}, policyTypes: ['Ingress'], ingress: [] })]);
    expect(ports(closed, A, B)).toEqual([]);
  });

  test('a rule with ports but no `from` admits every peer on those ports', () => {
    const m = model([...basic, policy('b', 'p', { podSelector: {}, ingress: [{ ports: [{ port: 5432 }] }] })]);
    expect(ports(m, A, B)).toEqual(['TCP 5432']);
  });

  test('allows are a union over policies and rules', () => {
    const m = model([
      ...basic,
      policy('b', 'p1', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 5432 }] }] }),
      policy('b', 'p2', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 9187 }] }] }),
    ]);
    expect(ports(m, A, B)).toEqual(['TCP 5432', 'TCP 9187']);
  });

  test('a connection needs egress at the source and ingress at the destination', () => {
    const ingress = policy('b', 'in', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 5432 }, { port: 6432 }] }] });
    const egress = policy('a', 'out', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 5432 }, { port: 7000 }] }] });
    expect(ports(model([...basic, ingress, egress]), A, B)).toEqual(['TCP 5432']);
    expect(ports(model([...basic, egress]), A, B)).toEqual(['TCP 5432', 'TCP 7000']);
    expect(ports(model([...basic, ingress]), A, B)).toEqual(['TCP 5432', 'TCP 6432']);
  });

  test('podSelector alone selects pods of the policy\'s own namespace only', () => {
    const m = model([...basic, pod('b', 'app', { app: 'web' }), policy('b', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] })]);
    expect(ports(m, A, B)).toEqual([]); // a/web has the label but lives in another namespace
    expect(ports(m, 'b/Pod/app', B)).toEqual(ALL);
  });

  test('namespaceSelector alone selects every pod of the selected namespaces (by label, or by the name label the API server sets)', () => {
    const objects = [namespace('a', { tier: 'apps' }), ...basic.slice(1), pod('a', 'other', { app: 'other' })];
    const byLabel = model([...objects, policy('b', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { tier: 'apps' } } }] }] })]);
    expect(ports(byLabel, A, B)).toEqual(ALL);
    expect(ports(byLabel, 'a/Pod/other', B)).toEqual(ALL);
    const byName = model([...objects, policy('b', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'a' } } }] }] })]);
    expect(ports(byName, A, B)).toEqual(ALL);
  });

  test('trap: namespaceSelector and podSelector in one peer is AND; in two peers it is OR', () => {
    const objects = [...basic, pod('a', 'other', { app: 'other' }), namespace('c'), pod('c', 'web', { app: 'web' })];
    const and = model([...objects, policy('b', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'a' } }, podSelector: { matchLabels: { app: 'web' } } }] }] })]);
    expect(ports(and, A, B)).toEqual(ALL);
    expect(ports(and, 'a/Pod/other', B)).toEqual([]);
    expect(ports(and, 'c/Pod/web', B)).toEqual([]);
    const or = model([...objects, policy('b', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'a' } } }, { podSelector: { matchLabels: { app: 'web' } } }] }] })]);
    expect(ports(or, 'a/Pod/other', B)).toEqual(ALL); // whole namespace a
    expect(ports(or, 'c/Pod/web', B)).toEqual([]); // podSelector alone means namespace b
  });

  test('matchExpressions: In, NotIn (which matches pods without the key), Exists, DoesNotExist', () => {
    const objects = [...basic, pod('a', 'bare', {}), pod('a', 'canary', { app: 'web', track: 'canary' })];
    const sel = (expr: Obj) => model([...objects, policy('b', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchExpressions: [expr] } }] }] })]);
    const reached = (m: ReachabilityModel) => ['a/Pod/web', 'a/Pod/bare', 'a/Pod/canary'].filter((s) => ports(m, s, B).length > 0);
    expect(reached(sel({ key: 'app', operator: 'In', values: ['web'] }))).toEqual(['a/Pod/web', 'a/Pod/canary']);
    expect(reached(sel({ key: 'track', operator: 'NotIn', values: ['canary'] }))).toEqual(['a/Pod/web', 'a/Pod/bare']);
    expect(reached(sel({ key: 'track', operator: 'Exists' }))).toEqual(['a/Pod/canary']);
    expect(reached(sel({ key: 'app', operator: 'DoesNotExist' }))).toEqual(['a/Pod/bare']);
  });
});

describe('ports', () => {
  test('named ports resolve through the destination\'s container ports, protocol included', () => {
    const objects = [...basic, pod('b', 'dns', { app: 'db' }, [{ name: 'pg', containerPort: 15432, protocol: 'UDP' }])];
    const m = model([...objects, policy('b', 'p', { podSelector: {}, ingress: [{ ports: [{ port: 'pg' }] }] })]);
    expect(ports(m, A, B)).toEqual(['TCP 5432']);
    expect(ports(m, A, 'b/Pod/dns')).toEqual([]); // its "pg" is UDP; the rule means TCP
    const udp = model([...objects, policy('b', 'p', { podSelector: {}, ingress: [{ ports: [{ port: 'pg', protocol: 'UDP' }] }] })]);
    expect(ports(udp, A, 'b/Pod/dns')).toEqual(['UDP 15432']);
  });

  test('a named port in an egress rule resolves at the destination; it matches nothing outside the cluster', () => {
    const m = model([...basic, policy('a', 'p', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'pg' }, { port: 443 }] }] })], [{ name: 'cloud', cidrs: ['0.0.0.0/0'] }]);
    expect(ports(m, A, B)).toEqual(['TCP 443', 'TCP 5432']);
    expect(ports(m, A, 'external:cloud')).toEqual(['TCP 443']);
  });

  test('endPort makes a range; protocol defaults to TCP; a port without a number is every port of its protocol', () => {
    const m = model([...basic, policy('b', 'p', { podSelector: {}, ingress: [{ ports: [{ port: 30000, endPort: 30010 }, { protocol: 'UDP' }] }] })]);
    expect(ports(m, A, B)).toEqual(['TCP 30000-30010', 'UDP *']);
  });
});

describe('ipBlock and external zones', () => {
  const zones: ExternalZone[] = [
    { name: 'cell', cidrs: ['10.2.0.0/16'], purdueLevel: '2' },
    { name: 'enterprise', cidrs: ['172.16.0.0/12'] },
    { name: 'v6', cidrs: ['fd00:1::/64'] },
  ];

  test('ipBlock admits external zones inside cidr and outside except; never in-cluster pods', () => {
    const m = model([...basic, policy('b', 'p', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.3.0.0/16'] } }] }] })], zones);
    expect(ports(m, 'external:cell', B)).toEqual(ALL);
    expect(ports(m, 'external:enterprise', B)).toEqual([]);
    expect(ports(m, A, B)).toEqual([]);
  });

  test('an except that covers the whole zone shuts it out; one that covers part of it does not', () => {
    const whole = model([...basic, policy('b', 'p', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.2.0.0/16'] } }] }] })], zones);
    expect(ports(whole, 'external:cell', B)).toEqual([]);
    const part = model([...basic, policy('b', 'p', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.2.0.0/17'] } }] }] })], zones);
    expect(ports(part, 'external:cell', B)).toEqual(ALL);
  });

  test('IPv6 blocks match IPv6 zones only', () => {
    const m = model([...basic, policy('b', 'p', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '::/0' } }] }] })], zones);
    expect(ports(m, 'external:v6', B)).toEqual(ALL);
    expect(ports(m, 'external:cell', B)).toEqual([]);
  });

  test('egress to an external zone needs only the source\'s egress', () => {
    const m = model([...basic, policy('a', 'p', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.2.4.0/24' } }], ports: [{ port: 4840 }] }] })], zones);
    expect(ports(m, A, 'external:cell')).toEqual(['TCP 4840']);
    expect(ports(m, A, 'external:enterprise')).toEqual([]);
  });
});

describe('questions', () => {
  test('is zone A isolated from zone B: by zone label, with the paths that connect', () => {
    const objects = [
      namespace('line-1', { 'aio-secure.io/zone': 'level-2' }), namespace('line-2', { 'aio-secure.io/zone': 'level-2' }), namespace('mes', { 'aio-secure.io/zone': 'level-3', 'aio-secure.io/purdue-level': '3' }),
      pod('line-1', 'plc-gw', { app: 'gw' }), pod('line-2', 'plc-gw', { app: 'gw' }), pod('mes', 'mes', { app: 'mes' }),
      policy('mes', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
      policy('line-1', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    ];
    const m = model(objects);
    expect(m.zones.map((z) => [z.id, z.namespaces, z.declared, z.purdueLevel])).toEqual([['level-2', ['line-1', 'line-2'], true, undefined], ['level-3', ['mes'], true, '3']]);
    expect(m.isolation('level-3', 'level-2')).toEqual({ from: 'level-3', to: 'level-2', isolated: true, paths: [], certain: true });
    const up = m.isolation('level-2', 'level-3');
    expect(up.isolated).toBe(true);
    const inside = m.isolation('level-2', 'level-2');
    expect(inside.paths.map((p) => `${p.from} -> ${p.to}`)).toEqual(['line-2/Pod/plc-gw -> line-2/Pod/plc-gw']);
    expect(() => m.isolation('level-9', 'level-2')).toThrow('zone "level-9" is not in the input; zones: level-2, level-3');
  });

  test('what reaches the broker: through the Service selector and targetPort, with TLS and exposure per port', () => {
    const objects: Obj[] = [
      namespace('azure-iot-operations'), namespace('apps'),
      pod('azure-iot-operations', 'broker-fe-0', { role: 'frontend' }, [{ containerPort: 18883 }, { containerPort: 9883 }]),
      pod('apps', 'sensor', { app: 'sensor' }), pod('apps', 'intruder', { app: 'intruder' }),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'aio-broker-ext', namespace: 'azure-iot-operations' }, spec: { selector: { role: 'frontend' }, ports: [{ port: 8883, targetPort: 9883 }] } },
      { apiVersion: 'mqttbroker.iotoperations.azure.com/v1', kind: 'BrokerListener', metadata: { name: 'default', namespace: 'azure-iot-operations' }, spec: { brokerRef: 'default', serviceName: 'aio-broker', serviceType: 'ClusterIp', ports: [{ port: 18883, authenticationRef: 'default', tls: { mode: 'Automatic', certManagerCertificateSpec: { issuerRef: { name: 'ca', kind: 'ClusterIssuer', group: 'cert-manager.io' } } } }] } },
      { apiVersion: 'mqttbroker.iotoperations.azure.com/v1', kind: 'BrokerListener', metadata: { name: 'ext', namespace: 'azure-iot-operations' }, spec: { brokerRef: 'default', serviceName: 'aio-broker-ext', serviceType: 'LoadBalancer', ports: [{ port: 8883 }] } },
      policy('azure-iot-operations', 'broker', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'sensor' } } }], ports: [{ port: 9883 }] }, { from: [{ podSelector: {} }] }] }),
    ];
    const reach = model(objects).brokerReach();
    expect(reach.map((r) => ({ ...r, reachedBy: r.reachedBy.map((x) => x.endpoint) }))).toEqual([
      // No Service for aio-broker in the input: a placeholder broker stands in, selected by the {} podSelector
      // (and, as a pod of the namespace, admitted by the second rule to the other listener).
      { listener: 'default', namespace: 'azure-iot-operations', serviceName: 'aio-broker', serviceType: 'ClusterIp', port: 18883, targetPort: 18883, tls: true, exposed: false, reachedBy: ['azure-iot-operations/Pod/broker-fe-0'] },
      { listener: 'ext', namespace: 'azure-iot-operations', serviceName: 'aio-broker-ext', serviceType: 'LoadBalancer', port: 8883, targetPort: 9883, tls: false, exposed: true, reachedBy: ['apps/Pod/sensor', 'azure-iot-operations/Broker/default:default'] },
    ]);
  });

  test('graph(): the plain data shape, zone edges aggregated, declared conduits from policy labels', () => {
    const objects = [...basic, {
      ...policy('b', 'conduit', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'a' } } }], ports: [{ port: 5432 }] }] }),
      metadata: { name: 'conduit', namespace: 'b', labels: { 'aio-secure.io/conduit': 'a-to-b', 'aio-secure.io/conduit-from': 'a', 'aio-secure.io/conduit-to': 'b' } },
    }];
    const g = model(objects).graph({ edges: true });
    expect(JSON.parse(JSON.stringify(g))).toEqual(g);
    expect(g.zoneEdges).toEqual([{ from: 'a', to: 'a', ports: ALL }, { from: 'a', to: 'b', ports: ['TCP 5432'] }, { from: 'b', to: 'a', ports: ALL }]);
    expect(g.declaredConduits).toEqual([{ name: 'a-to-b', from: 'a', to: 'b', policies: ['b/NetworkPolicy/conduit'] }]);
    expect(g.edges).toHaveLength(3);
  });

  test('a namespace without workloads gets a placeholder, and answers about it are not certain', () => {
    const m = model([namespace('empty'), ...basic]);
    expect(m.endpoints.find((e) => e.zone === 'empty')).toEqual({ id: 'empty/*', zone: 'empty', kind: 'Pod', name: '*', namespace: 'empty', placeholder: true });
    expect(m.isolation('a', 'empty')).toMatchObject({ isolated: false, certain: false });
  });

  test('workload kinds: Deployment, StatefulSet, DaemonSet, CronJob use their pod template labels', () => {
    const template = (labels: Record<string, string>) => ({ metadata: { labels }, spec: { containers: [{ name: 'c', image: 'x' }] } });
    const m = model([
      namespace('w'),
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'w' }, spec: { selector: { matchLabels: { k: 'd' } }, template: template({ k: 'd' }) } },
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's', namespace: 'w' }, spec: { serviceName: 's', selector: { matchLabels: { k: 's' } }, template: template({ k: 's' }) } },
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds', namespace: 'w' }, spec: { selector: { matchLabels: { k: 'ds' } }, template: template({ k: 'ds' }) } },
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cj', namespace: 'w' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { ...template({ k: 'cj' }), spec: { containers: [{ name: 'c', image: 'x' }], restartPolicy: 'Never' } } } } } },
    ]);
    expect(m.endpoints.map((e) => [e.id, e.labels])).toEqual([
      ['w/Deployment/d', { k: 'd' }], ['w/StatefulSet/s', { k: 's' }], ['w/DaemonSet/ds', { k: 'ds' }], ['w/CronJob/cj', { k: 'cj' }],
    ]);
  });
});

describe('unreadable input is reported, never read as open or closed', () => {
  test.each([
    [{ podSelector: {}, ingress: [{ from: [{}] }] }, 'spec.ingress[0].from[0] names no peer (podSelector, namespaceSelector or ipBlock), which the API rejects'],
    [{ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.1' } }] }] }, '"10.0.0.1" is not a CIDR block (address/prefix)'],
    [{ podSelector: { matchExpressions: [{ key: 'a', operator: 'Matches', values: ['x'] }] } }, 'spec.podSelector.matchExpressions[0]: operator "Matches" is not In, NotIn, Exists or DoesNotExist'],
    [{ podSelector: {}, policyTypes: ['Both'] }, 'spec.policyTypes ["Both"] is not a list of Ingress and Egress'],
    [{ podSelector: {}, ingress: [{ ports: [{ port: 10, endPort: 5 }] }] }, 'spec.ingress[0].ports[0].endPort 5 is not a port number at least port'],
  ])('%j', (spec, message) => {
    const { resources } = readKubernetesText([...basic, policy('b', 'broken', spec as Obj)].map((o) => stringify(o)).join('---\n'), 'x.yaml');
    const m = ReachabilityModel.fromResources(resources);
    expect(m.problems).toEqual([{ resource: 'b/NetworkPolicy/broken', message }]);
    expect(m.complete).toBe(false);
  });
});

describe('helpers', () => {
  test('port sets normalise, union and intersect', () => {
    const a = portSet([{ protocol: 'TCP', from: 10, to: 20 }, { protocol: 'TCP', from: 21, to: 25 }, { protocol: 'UDP', from: 53, to: 53 }]);
    expect(formatPorts(a)).toEqual(['TCP 10-25', 'UDP 53']);
    expect(formatPorts(intersectPorts(a, portSet([{ protocol: 'TCP', from: 20, to: 30 }])))).toEqual(['TCP 20-25']);
    expect(formatPorts(unionPorts(a, portSet([{ protocol: 'TCP', from: 5, to: 9 }])))).toEqual(['TCP 5-25', 'UDP 53']);
  });

  test('CIDR parsing', () => {
    expect(parseCidr('10.1.2.0/24')).toEqual({ family: 4, start: 0x0a010200n, end: 0x0a0102ffn });
    expect(parseCidr('fd00::/8').family).toBe(6);
    expect(parseCidr('::ffff:10.0.0.0/104').start).toBe(0xffff0a000000n);
    expect(() => parseCidr('10.0.0.0/33')).toThrow('"10.0.0.0/33" has a prefix longer than 32');
    expect(() => parseCidr('10.0.0/8')).toThrow('"10.0.0/8" is not a CIDR block: "10.0.0" is not an IP address');
    expect(isEveryAddress('0.0.0.0/0')).toBe(true);
    expect(isEveryAddress('::/0')).toBe(true);
    expect(isEveryAddress('10.0.0.0/8')).toBe(false);
  });
});
