import { stringify } from 'yaml';
import { AioSecureError, checkResources, readKubernetesText, ReachabilityModel, toKubernetesObject, type Resource } from 'aio-secure';
import {
  planSegmentedEdgeNetwork,
  resolveSegmentedEdgeNetwork,
  SEGMENTED_EDGE_NETWORK_DEFAULTS,
  segmentationDesign,
  type SegmentedEdgeNetworkProps,
} from '../../lib/model/segmented-edge-network';
import { validateManifests } from '../support/schema-validator';
import { SITE_NETWORK } from './segmented-edge-network-props';

const plan = (props: SegmentedEdgeNetworkProps = SITE_NETWORK) => planSegmentedEdgeNetwork(resolveSegmentedEdgeNetwork('site', props));
const yamlOf = (rs: readonly Resource[]) => rs.map((r) => stringify(toKubernetesObject(r))).join('---\n');
const byId = (rs: readonly Resource[], id: string) => {
  const r = rs.find((x) => x.id === id);
  if (!r) throw new Error(`no ${id} in ${rs.map((x) => x.id).join(', ')}`);
  return r;
};

function errorOf(props: unknown): string {
  try {
    resolveSegmentedEdgeNetwork('site', props as SegmentedEdgeNetworkProps);
  } catch (e) {
    expect(e).toBeInstanceOf(AioSecureError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('planSegmentedEdgeNetwork', () => {
  const resources = plan();

  test('snapshot', () => {
    expect(resources.map(toKubernetesObject)).toMatchSnapshot();
  });

  test('every object is valid against the Kubernetes 1.31 OpenAPI', () => {
    expect(validateManifests(resources.map(toKubernetesObject))).toEqual([]);
  });

  test('round trip: reading the YAML gives back the plan', () => {
    const { resources: read, problems } = readKubernetesText(yamlOf(resources), 'site.yaml');
    expect(problems).toEqual([]);
    expect(read.map(({ source: _s, ...r }) => r)).toEqual(resources);
  });

  test('logical ids are stable API', () => {
    expect(resources.map((r) => r.id)).toEqual([
      'site/namespace/level-3-site', 'site/level-3-site/default-deny', 'site/level-3-site/dns', 'site/level-3-site/within-zone',
      'site/aio/default-deny', 'site/aio/dns', 'site/aio/components', 'site/aio/arc-agents', 'site/aio/kubernetes-api', 'site/aio/outbound',
      'site/conduit/apps-to-broker/egress', 'site/conduit/apps-to-broker/ingress', 'site/conduit/opc-ua/egress',
      'site/conduit/enterprise-mqtt/ingress', 'site/conduit/historian/egress',
    ]);
  });

  test('invariant: every zone namespace and the AIO namespace deny both directions by default', () => {
    for (const [id, ns] of [['site/level-3-site/default-deny', 'plant-a-apps'], ['site/aio/default-deny', 'azure-iot-operations']]) {
      expect(byId(resources, id)).toMatchObject({ namespace: ns, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } });
      expect(byId(resources, id).spec.ingress).toBeUndefined();
      expect(byId(resources, id).spec.egress).toBeUndefined();
    }
  });

  test('invariant: zone namespaces are labelled, so the zone rules apply to them', () => {
    expect(byId(resources, 'site/namespace/level-3-site').labels).toEqual({ 'aio-secure.io/zone': 'level-3-site', 'aio-secure.io/purdue-level': '3' });
  });

  test('invariant: the AIO outbound block cuts out every external zone', () => {
    expect(byId(resources, 'site/aio/outbound').spec.egress).toEqual([
      { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.20.0.0/16', '172.16.0.0/12'] } }], ports: [{ protocol: 'TCP', port: 443 }] },
    ]);
  });

  test('invariant: external zones enter the AIO namespace only on their conduit\'s ports', () => {
    const m = ReachabilityModel.fromResources(readKubernetesText(yamlOf(resources), 'x').resources);
    expect(m.isolation('level-4-enterprise', 'azure-iot-operations').paths.map((p) => p.ports)).toEqual([['TCP 8883']]);
    expect(m.isolation('level-2-cell-a', 'azure-iot-operations').isolated).toBe(true);
    expect(m.isolation('level-2-cell-a', 'level-3-site').isolated).toBe(true);
    expect(m.isolation('level-3-site', 'level-2-cell-a').isolated).toBe(true);
  });

  test('the plan passes every rule in both profiles', () => {
    for (const profile of ['development', 'production'] as const) {
      expect(checkResources(resources, { profile }).findings.map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
    }
  });

  test('the design: zones and conduits as plain data, with the analysis\' zone ids', () => {
    expect(segmentationDesign(resolveSegmentedEdgeNetwork('site', SITE_NETWORK))).toEqual({
      zones: [
        { id: 'level-2-cell-a', kind: 'external', cidrs: ['10.20.0.0/16'], purdueLevel: '2' },
        { id: 'level-3-site', kind: 'namespace', namespace: 'plant-a-apps', purdueLevel: '3' },
        { id: 'level-4-enterprise', kind: 'external', cidrs: ['172.16.0.0/12'], purdueLevel: '4' },
        { id: 'azure-iot-operations', kind: 'namespace', namespace: 'azure-iot-operations' },
      ],
      conduits: [
        { name: 'apps-to-broker', from: 'level-3-site', to: 'azure-iot-operations', ports: ['TCP 18883'] },
        { name: 'opc-ua', from: 'azure-iot-operations', to: 'level-2-cell-a', ports: ['TCP 4840'] },
        { name: 'enterprise-mqtt', from: 'level-4-enterprise', to: 'azure-iot-operations', ports: ['TCP 8883'] },
        { name: 'historian', from: 'level-3-site', to: 'level-4-enterprise', ports: ['TCP 443'] },
      ],
    });
  });
});

describe('resolveSegmentedEdgeNetwork: defaults', () => {
  const r = resolveSegmentedEdgeNetwork('site', { zones: [{ name: 'line-1' }], aio: { kubernetesApiCidrs: ['10.0.0.1/32'] } });

  test('@default values', () => {
    expect(r.zones).toEqual([{ kind: 'namespace', name: 'line-1', namespace: 'line-1', allowWithinZone: true }]);
    expect(r.conduits).toEqual([]);
    expect(r.aio).toEqual({
      namespace: 'azure-iot-operations', brokerPodLabels: {}, arcNamespace: 'azure-arc', kubernetesApiCidrs: ['10.0.0.1/32'], kubernetesApiPorts: [443, 6443],
      outbound: [{ cidrs: ['0.0.0.0/0'], ports: [{ port: 443, protocol: 'TCP' }] }],
    });
    expect(r.dns).toEqual({ namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } });
    expect(SEGMENTED_EDGE_NETWORK_DEFAULTS.dnsPort).toBe(53);
  });

  test('a conduit port defaults to TCP and its name to <from>-to-<to>', () => {
    const c = resolveSegmentedEdgeNetwork('site', { zones: [{ name: 'line-1' }], conduits: [{ from: 'line-1', to: 'aio', ports: [{ port: 8883 }] }], aio: { kubernetesApiCidrs: ['10.0.0.1/32'] } }).conduits[0];
    expect(c).toEqual({ name: 'line-1-to-aio', from: { zone: 'line-1', workloadLabels: {} }, to: { zone: 'aio', workloadLabels: {} }, ports: [{ port: 8883, protocol: 'TCP' }] });
  });

  test('allowWithinZone: false leaves out the within-zone policy', () => {
    const rs = plan({ zones: [{ name: 'line-1', allowWithinZone: false }], aio: { kubernetesApiCidrs: ['10.0.0.1/32'] } });
    expect(rs.some((x) => x.id === 'site/line-1/within-zone')).toBe(false);
  });

  test('allowAnyAddress becomes a waiver of broker-admits-any-address on the ingress policy', () => {
    const optOut = { reason: 'Pilot: broker reached by roaming handhelds over the plant VPN, no fixed ranges yet', owner: 'ot-network', expires: '2027-03-31' };
    const rs = plan({
      zones: [{ name: 'anywhere', cidrs: ['::/0'] }],
      conduits: [{ from: 'anywhere', to: 'aio', ports: [{ port: 8883 }], allowAnyAddress: optOut }],
      aio: { kubernetesApiCidrs: ['10.0.0.1/32'], outbound: [] },
    });
    expect(byId(rs, 'site/conduit/anywhere-to-aio/ingress').waivers).toEqual([
      { rule: 'broker-admits-any-address', reason: `conduit anywhere-to-aio: ${optOut.reason}`, owner: 'ot-network', expires: '2027-03-31' },
    ]);
  });
});

describe('resolveSegmentedEdgeNetwork: errors name the prop, the value and the fix', () => {
  const api = { kubernetesApiCidrs: ['10.0.0.1/32'] };
  test.each<[string, unknown, string]>([
    ['no zones', { zones: [], aio: api }, 'SegmentedEdgeNetwork "site": zones is empty (got []). Declare at least one zone, e.g. { name: "level-3", purdueLevel: "3" }'],
    ['reserved zone name', { zones: [{ name: 'aio' }], aio: api }, 'SegmentedEdgeNetwork "site": zones[0].name is reserved for the AIO namespace (got "aio"). Choose another name; conduits reach the AIO namespace as zone "aio"'],
    ['duplicate zone', { zones: [{ name: 'a' }, { name: 'a', namespace: 'b' }], aio: api }, 'SegmentedEdgeNetwork "site": zones[1].name repeats an earlier zone (got "a"). Give every zone its own name'],
    ['zone in the AIO namespace', { zones: [{ name: 'a', namespace: 'azure-iot-operations' }], aio: api }, 'SegmentedEdgeNetwork "site": zones[0].namespace is the AIO namespace (got "azure-iot-operations"). Put the zone\'s workloads in a namespace of their own'],
    ['bad CIDR', { zones: [{ name: 'cell', cidrs: ['10.20.0.1'] }], aio: api }, 'SegmentedEdgeNetwork "site": zones[0].cidrs[0] is not a CIDR block (got "10.20.0.1"). Write it as address/prefix, e.g. "10.20.0.0/16". Did you mean "10.20.0.1/32"?'],
    ['host bits', { zones: [{ name: 'cell', cidrs: ['10.20.0.1/16'] }], aio: api }, 'SegmentedEdgeNetwork "site": zones[0].cidrs[0] has host bits set (got "10.20.0.1/16"). Use the network address, e.g. "10.20.0.0/16"'],
    ['API server inside an external zone', { zones: [{ name: 'a', cidrs: ['10.0.0.0/8'] }], aio: api },
      'SegmentedEdgeNetwork "site": aio.kubernetesApiCidrs[0] overlaps external zone "a" (10.0.0.0/8) (got "10.0.0.1/32"). Give the API server\'s own addresses'],
    ['overlapping external zones', { zones: [{ name: 'a', cidrs: ['10.0.0.0/8'] }, { name: 'b', cidrs: ['10.20.0.0/16'] }], aio: { kubernetesApiCidrs: ['192.0.2.1/32'] } },
      'SegmentedEdgeNetwork "site": zones[1].cidrs overlaps zone "a" (10.0.0.0/8) (got "10.20.0.0/16"). External zones must not overlap, or a conduit to one would open the other; split the blocks'],
    ['no API server', { zones: [{ name: 'a' }], aio: {} },
      'SegmentedEdgeNetwork "site": aio.kubernetesApiCidrs is empty. Give the Kubernetes API server\'s addresses (kubectl get endpoints kubernetes -n default), e.g. ["10.0.0.10/32"]; AIO cannot work without the API'],
    ['unknown conduit zone', { zones: [{ name: 'a' }], conduits: [{ from: 'a', to: 'b', ports: [{ port: 1 }] }], aio: api },
      'SegmentedEdgeNetwork "site": conduits[0].to is not a declared zone (got "b"). Use one of "a", "aio"'],
    ['conduit without ports', { zones: [{ name: 'a' }], conduits: [{ from: 'a', to: 'aio', ports: [] }], aio: api },
      'SegmentedEdgeNetwork "site": conduits[0].ports is empty (got []). Give the ports the conduit carries, e.g. [{ port: 8883 }]; there is no all-ports conduit'],
    ['between external zones', { zones: [{ name: 'a', cidrs: ['10.1.0.0/16'] }, { name: 'b', cidrs: ['10.2.0.0/16'] }], conduits: [{ from: 'a', to: 'b', ports: [{ port: 1 }] }], aio: api },
      'SegmentedEdgeNetwork "site": conduits[0].to is an external zone, as is from (got "b"). Traffic between external zones never crosses the cluster; declare it on the plant firewall'],
    ['every address to AIO without an opt-out', { zones: [{ name: 'internet', cidrs: ['::/0'] }], conduits: [{ from: 'internet', to: 'aio', ports: [{ port: 8883 }] }], aio: { ...api, outbound: [] } },
      'SegmentedEdgeNetwork "site": conduits[0].from is zone "internet", which holds every address, and the conduit goes to the AIO namespace (got "internet"). Narrow the zone to the networks that need the broker, or set allowAnyAddress with a reason, an owner and an expiry'],
    ['range end below start', { zones: [{ name: 'a' }], conduits: [{ from: 'a', to: 'aio', ports: [{ port: 9000, endPort: 8000 }] }], aio: api },
      'SegmentedEdgeNetwork "site": conduits[0].ports[0].endPort is below port 9000 (got 8000). Give the last port of the range'],
    ['outbound straddles a zone', { zones: [{ name: 'a', cidrs: ['10.0.0.0/8'] }], aio: { kubernetesApiCidrs: ['192.0.2.1/32'], outbound: [{ cidrs: ['10.20.0.0/16'], ports: [{ port: 443 }] }] } },
      'SegmentedEdgeNetwork "site": aio.outbound[0].cidrs[0] partly overlaps external zone "a" (10.0.0.0/8) (got "10.20.0.0/16"). Use blocks that contain whole external zones (they are cut out) or none of them'],
    ['workload labels on an external zone', { zones: [{ name: 'a', cidrs: ['10.1.0.0/16'] }], conduits: [{ from: { zone: 'a', workloadLabels: { app: 'x' } }, to: 'aio', ports: [{ port: 1 }] }], aio: api },
      'SegmentedEdgeNetwork "site": conduits[0].from.workloadLabels is set on an external zone (got {"app":"x"}). External zones are addresses, not pods; remove it'],
  ])('%s', (_name, props, message) => {
    expect(errorOf(props)).toBe(message);
  });
});
