/**
 * The proof the issue asks for: for random zone/conduit graphs, the reachability computed from the
 * policies SegmentedEdgeNetwork emits (rendered to YAML and read back) is exactly the declared
 * conduits, plus DNS, plus the traffic the design states (inside a zone that allows it, inside the
 * AIO namespace). The expectation is computed from the props alone, never from the policies.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { formatPorts, portSet, readKubernetesText, ReachabilityModel, toKubernetesObject, type PortRange, type Resource } from 'aio-secure';
import {
  AIO_ZONE,
  planSegmentedEdgeNetwork,
  resolveSegmentedEdgeNetwork,
  type ConduitProps,
  type NetworkZoneProps,
  type SegmentedEdgeNetworkProps,
} from '../../lib/model/segmented-edge-network';

const AIO_NS = 'azure-iot-operations';
const APPS = ['a', 'b'] as const;

/** Workloads the test places in the cluster: two per in-cluster zone, the broker and another AIO pod, DNS, an Arc agent. */
function workloads(props: SegmentedEdgeNetworkProps): string {
  const deployment = (ns: string, name: string, labels: Record<string, string>, ports: { name?: string; containerPort: number; protocol?: string }[] = []) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'main', image: 'example.invalid/app@sha256:0', ports }] } },
    },
  });
  const docs: unknown[] = [];
  for (const z of props.zones) {
    if (z.cidrs) continue;
    for (const app of APPS) docs.push(deployment(z.namespace ?? z.name, `${z.name}-${app}`, { app }, [{ name: 'web', containerPort: 8080 }]));
  }
  docs.push(deployment(AIO_NS, 'broker', { app: 'broker' }, [{ containerPort: 18883 }, { containerPort: 8883 }]));
  docs.push(deployment(AIO_NS, 'dataflow', { app: 'dataflow' }));
  docs.push(deployment('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, [{ name: 'dns', containerPort: 53, protocol: 'UDP' }]));
  docs.push(deployment('azure-arc', 'clusterconnect-agent', { app: 'clusterconnect-agent' }));
  return docs.map((d) => stringify(d)).join('---\n');
}

const render = (resources: readonly Resource[]) => resources.map((r) => stringify(toKubernetesObject(r))).join('---\n');

interface Node {
  readonly id: string;
  readonly zone: string;
  readonly labels: Record<string, string>;
  readonly external: boolean;
}

/** What the design says: computed from the props only. */
function expectedPorts(props: SegmentedEdgeNetworkProps, s: Node, d: Node): string[] {
  const ranges: PortRange[] = [];
  const all = (['TCP', 'UDP', 'SCTP'] as const).map((protocol) => ({ protocol, from: 1, to: 65535 }));
  const zoneOf = (z: string) => (z === AIO_ZONE ? AIO_NS : z);
  const matches = (end: ConduitProps['from'], n: Node) => {
    const e = typeof end === 'string' ? { zone: end } : end;
    const labels = e.workloadLabels ?? {};
    return zoneOf(e.zone) === n.zone && Object.entries(labels).every(([k, v]) => n.labels[k] === v);
  };
  for (const c of props.conduits ?? []) {
    if (matches(c.from, s) && matches(c.to, d)) for (const p of c.ports) ranges.push({ protocol: p.protocol ?? 'TCP', from: p.port, to: p.endPort ?? p.port });
  }
  const zone = props.zones.find((z) => z.name === s.zone);
  if (s.zone === d.zone && !s.external && (s.zone === AIO_NS || (zone && zone.allowWithinZone !== false))) ranges.push(...all);
  if (d.zone === 'kube-system' && !s.external) ranges.push({ protocol: 'UDP', from: 53, to: 53 }, { protocol: 'TCP', from: 53, to: 53 });
  return formatPorts(portSet(ranges));
}

const zoneCount = fc.integer({ min: 1, max: 4 });
const networkArb = fc
  .tuple(zoneCount, fc.integer({ min: 0, max: 2 }))
  .chain(([inCluster, external]) => {
    const names = [...Array(inCluster).keys()].map((i) => `zone-${i}`);
    const externalNames = [...Array(external).keys()].map((i) => `ext-${i}`);
    return fc.record({
      within: fc.array(fc.boolean(), { minLength: inCluster, maxLength: inCluster }),
      levels: fc.array(fc.constantFrom(undefined, '1', '2', '3', '3.5', '4'), { minLength: inCluster + external, maxLength: inCluster + external }),
      conduits: fc.array(
        fc.record({
          from: fc.constantFrom(...names, ...externalNames, AIO_ZONE),
          to: fc.constantFrom(...names, ...externalNames, AIO_ZONE),
          fromApp: fc.constantFrom(undefined, ...APPS),
          toApp: fc.constantFrom(undefined, ...APPS),
          ports: fc.array(
            fc.record({
              port: fc.constantFrom(443, 4840, 8080, 8883, 18883, 5000),
              range: fc.constantFrom(0, 0, 10),
              protocol: fc.constantFrom(undefined, 'TCP' as const, 'UDP' as const),
            }),
            { minLength: 1, maxLength: 3 },
          ),
        }),
        { maxLength: 6 },
      ),
    }).map(({ within, levels, conduits }): SegmentedEdgeNetworkProps => {
      const zones: NetworkZoneProps[] = [];
      names.forEach((name, i) => zones.push({ name, ...(levels[i] ? { purdueLevel: levels[i] } : {}), allowWithinZone: within[i] } as NetworkZoneProps));
      externalNames.forEach((name, i) => zones.push({ name, cidrs: [`10.${i + 1}.0.0/16`], ...(levels[inCluster + i] ? { purdueLevel: levels[inCluster + i] } : {}) } as NetworkZoneProps));
      const isExternal = (z: string) => z.startsWith('ext-');
      const kept: ConduitProps[] = [];
      conduits.forEach((c, i) => {
        if (isExternal(c.from) && isExternal(c.to)) return;
        const fromLabels = !isExternal(c.from) && c.fromApp && c.from !== AIO_ZONE ? { app: c.fromApp } : undefined;
        const toLabels = !isExternal(c.to) && c.toApp && c.to !== AIO_ZONE ? { app: c.toApp } : undefined;
        if (c.from === c.to && !fromLabels && !toLabels) {
          const z = zones.find((x) => x.name === c.from);
          if (c.from !== AIO_ZONE && z?.allowWithinZone !== false) return;
        }
        kept.push({
          name: `c${i}`,
          from: fromLabels ? { zone: c.from, workloadLabels: fromLabels } : c.from,
          to: toLabels ? { zone: c.to, workloadLabels: toLabels } : c.to,
          ports: c.ports.map((p) => ({ port: p.port, ...(p.range ? { endPort: p.port + p.range } : {}), ...(p.protocol ? { protocol: p.protocol } : {}) })),
        });
      });
      return { zones, conduits: kept, aio: { kubernetesApiCidrs: ['192.0.2.10/32'] } };
    });
  });

describe('SegmentedEdgeNetwork: the emitted policies open exactly the declared conduits plus DNS', () => {
  test('random zone/conduit graphs, read back from YAML', () => {
    fc.assert(
      fc.property(networkArb, (props) => {
        const plan = planSegmentedEdgeNetwork(resolveSegmentedEdgeNetwork('site', props));
        const { resources, problems } = readKubernetesText(`${render(plan)}---\n${workloads(props)}`, 'net.yaml');
        expect(problems).toEqual([]);
        const model = ReachabilityModel.fromResources(resources);
        expect(model.problems).toEqual([]);
        const nodes: Node[] = model.endpoints
          .filter((e) => !e.placeholder && e.zone !== 'azure-arc')
          .map((e) => ({ id: e.id, zone: e.zone, labels: { ...e.labels }, external: e.kind === 'ExternalZone' }));
        // Every external zone was recorded on the policies that need it, or is unreachable anyway.
        for (const s of nodes) {
          if (s.zone === 'kube-system') continue;
          for (const d of nodes) {
            // Outside the design: traffic between external zones, and into kube-system (not a zone) from outside.
            if (s.external && (d.external || d.zone === 'kube-system')) continue;
            const actual = formatPorts(model.portsBetween(s.id, d.id));
            const expected = expectedPorts(props, s, d);
            if (actual.join() !== expected.join()) {
              throw new Error(`${s.id} -> ${d.id}: policies open [${actual.join(', ')}], the design says [${expected.join(', ')}]`);
            }
          }
        }
      }),
      { numRuns: 50 },
    );
  });
});
