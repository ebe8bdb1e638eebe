/**
 * Network reachability from Kubernetes manifests: which workloads and zones can open connections
 * to which, on which ports, under the NetworkPolicies present. Works on anyone's manifests.
 *
 * Kubernetes NetworkPolicy semantics (networking.k8s.io/v1), as the API documents them:
 * - A pod is isolated for a direction only once some policy in its namespace selects it and has
 *   that direction in its (effective) `policyTypes`. Until then that direction is open.
 * - `policyTypes` defaults to `[Ingress]`, plus `Egress` when the policy has at least one egress
 *   rule (an `egress: []` list does not count).
 * - Allows are a union over every rule of every policy that selects the pod; there are no denies.
 * - A connection from pod A to pod B needs an egress allow at A AND an ingress allow at B.
 * - A rule without `from`/`to` (or with an empty list) admits every peer; without `ports` (or an
 *   empty list), every port.
 * - Peers: `podSelector` alone selects pods of the policy's namespace; `namespaceSelector` alone
 *   every pod of the selected namespaces; both together, the selected pods of the selected
 *   namespaces; an empty selector `{}` selects everything in its scope. `ipBlock` admits the
 *   addresses of `cidr` not in any `except` block.
 * - Ports: numeric or named (resolved through the destination pod's container ports, protocol
 *   included); `endPort` makes a range; `protocol` defaults to TCP.
 *
 * Modelling choices (stated, since manifests do not say everything):
 * - Namespaces carry their labels plus `kubernetes.io/metadata.name`, which the API server sets.
 *   A namespace only named by workloads gets that label alone. An object without a namespace is
 *   in `default`.
 * - `ipBlock` peers match external zones (CIDR blocks given as options or recorded by
 *   `SegmentedEdgeNetwork`) and never in-cluster pods: whether an ipBlock matches pod addresses is
 *   left to the network plugin by Kubernetes, so the analysis does not guess.
 * - An external zone is reached when any of its addresses is admitted; it has no policies of its own.
 * - A namespace with no workload in the input gets one placeholder workload without labels, so
 *   that zone-level questions still have an answer; placeholder results are marked. When
 *   BrokerListeners are present and no workload backs the broker service, a placeholder broker
 *   workload is added with the service's selector labels (when the Service is in the input) and
 *   the listener ports as container ports.
 * - Traffic from and to the node (kubelet probes, host-network pods) is not modelled; Kubernetes
 *   leaves it to the plugin and usually allows it.
 */
import { AIO } from '../model/aio';
import { isJsonObject, type JsonObject, type JsonValue, type Resource } from '../model/resource';
import { K8S } from '../model/versions';

// ---------------------------------------------------------------------------------------------
// Public shapes

/** A transport protocol of a NetworkPolicy port. */
export type NetworkProtocol = 'TCP' | 'UDP' | 'SCTP';

/** The protocols, in the order port sets are written. */
export const NETWORK_PROTOCOLS: readonly NetworkProtocol[] = ['TCP', 'UDP', 'SCTP'];

/** A range of ports of one protocol, both ends included. */
export interface PortRange {
  readonly protocol: NetworkProtocol;
  readonly from: number;
  readonly to: number;
}

/** A normalised set of ports: sorted by protocol then port, no overlaps or adjacent ranges. */
export type PortSet = readonly PortRange[];

/** Labels and annotations `SegmentedEdgeNetwork` writes and the analysis and rules read. */
export const SEGMENTATION_LABELS = {
  /** Namespace label: the namespace is (part of) this zone. Zone rules apply to such namespaces only. */
  zone: 'aio-secure.io/zone',
  /** Namespace label: the zone's Purdue / ISA-95 level, when one is given. */
  purdueLevel: 'aio-secure.io/purdue-level',
  /** NetworkPolicy label: the conduit the policy implements. */
  conduit: 'aio-secure.io/conduit',
  /** NetworkPolicy label: the zone the conduit starts in. */
  conduitFrom: 'aio-secure.io/conduit-from',
  /** NetworkPolicy label: the zone the conduit ends in. */
  conduitTo: 'aio-secure.io/conduit-to',
  /** NetworkPolicy annotation: JSON list of the external zones (`{ name, cidrs }`) its ipBlocks stand for. */
  externalZones: 'aio-secure.io/external-zones',
  /** NetworkPolicy label: what the policy is for (`default-deny`, `dns`, `within-zone`, `conduit`, `aio-...`). */
  role: 'aio-secure.io/policy-role',
} as const;

/** The label Kubernetes puts on every namespace with its name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** A zone outside the cluster, as CIDR blocks (a level-2 cell, the enterprise network). */
export interface ExternalZone {
  /** Zone name; must not clash with an in-cluster zone. */
  readonly name: string;
  /** IPv4 or IPv6 CIDR blocks. */
  readonly cidrs: readonly string[];
  /** Purdue level, when known. */
  readonly purdueLevel?: string;
}

/** A zone of the graph: a group of namespaces (by zone label or name), or an external zone. */
export interface ZoneNode {
  readonly id: string;
  readonly kind: 'namespace' | 'external';
  /** Namespaces of an in-cluster zone. */
  readonly namespaces?: readonly string[];
  /** CIDR blocks of an external zone. */
  readonly cidrs?: readonly string[];
  readonly purdueLevel?: string;
  /** True for a namespace labelled as a zone (`aio-secure.io/zone`). */
  readonly declared: boolean;
}

/** A workload (or an external zone) that connections start from or go to. */
export interface EndpointNode {
  /** `namespace/Kind/name` for workloads, `external:<zone>` for external zones. */
  readonly id: string;
  readonly zone: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Standing in for workloads the input does not show (see the module comment). */
  readonly placeholder?: true;
  /** Backs an MQTT broker service. */
  readonly broker?: true;
}

/** Ports open from one endpoint or zone to another. */
export interface ReachEdge {
  readonly from: string;
  readonly to: string;
  /** `TCP 443`, `UDP 53`, `TCP 30000-32767`, `TCP *` (all), in order. */
  readonly ports: readonly string[];
}

/** A conduit a NetworkPolicy declares through its labels. */
export interface DeclaredConduit {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  /** Logical ids of the policies that implement it. */
  readonly policies: readonly string[];
}

/**
 * The plain data shape for diagrams and reports: zones, endpoints, what reaches what, the
 * conduits the policies declare, and anything that made the answer incomplete. JSON-safe.
 */
export interface ReachabilityGraph {
  readonly zones: readonly ZoneNode[];
  readonly endpoints: readonly EndpointNode[];
  /** Zone to zone (a zone to itself included) where at least one connection is possible. */
  readonly zoneEdges: readonly ReachEdge[];
  /** Endpoint to endpoint; only when asked for (it grows with the square of the workloads). */
  readonly edges?: readonly ReachEdge[];
  readonly declaredConduits: readonly DeclaredConduit[];
  /** Objects the analysis could not read; when not empty, the answer is incomplete. */
  readonly problems: readonly ReachabilityProblem[];
}

/** An object the analysis could not read (its policy then counts as unknown). */
export interface ReachabilityProblem {
  /** Logical id of the object. */
  readonly resource: string;
  readonly message: string;
}

/** Whether zone `from` can open any connection to zone `to`, and through what. */
export interface IsolationAnswer {
  readonly from: string;
  readonly to: string;
  readonly isolated: boolean;
  /** Endpoint pairs that connect, with their ports. */
  readonly paths: readonly ReachEdge[];
  /** False when problems or placeholders make the answer less than certain. */
  readonly certain: boolean;
}

/** One port of a broker listener and who reaches it. */
export interface BrokerReach {
  readonly listener: string;
  readonly namespace: string;
  readonly serviceName: string;
  readonly serviceType: string;
  /** Service port. */
  readonly port: number;
  /** Pod port the NetworkPolicies see. */
  readonly targetPort: number;
  readonly tls: boolean;
  /** LoadBalancer or NodePort: reachable from outside the cluster through the service. */
  readonly exposed: boolean;
  /** Endpoints that can connect, with the zone they belong to. */
  readonly reachedBy: readonly { readonly endpoint: string; readonly zone: string }[];
}

/** Options of the analysis. */
export interface ReachabilityOptions {
  /**
   * External zones besides those the policies record in `aio-secure.io/external-zones`.
   * @default []
   */
  readonly externalZones?: readonly ExternalZone[];
}

// ---------------------------------------------------------------------------------------------
// Port sets

const ALL: PortSet = NETWORK_PROTOCOLS.map((protocol) => ({ protocol, from: 1, to: 65535 }));

/** Every port of every protocol. */
export const ALL_PORTS: PortSet = ALL;

/** A normalised port set from any ranges. */
export function portSet(ranges: readonly PortRange[]): PortSet {
  const out: PortRange[] = [];
  for (const protocol of NETWORK_PROTOCOLS) {
    const rs = ranges.filter((r) => r.protocol === protocol && r.from <= r.to).sort((a, b) => a.from - b.from);
    let cur: { from: number; to: number } | undefined;
    for (const r of rs) {
      if (cur && r.from <= cur.to + 1) cur.to = Math.max(cur.to, r.to);
      else {
        if (cur) out.push({ protocol, ...cur });
        cur = { from: r.from, to: r.to };
      }
    }
    if (cur) out.push({ protocol, ...cur });
  }
  return out;
}

/** The union of port sets. */
export function unionPorts(...sets: readonly PortSet[]): PortSet {
  const nonEmpty = sets.filter((s) => s.length);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? [];
  if (nonEmpty.some((s) => s === ALL)) return ALL;
  return portSet(nonEmpty.flat());
}

/** The intersection of two port sets. */
export function intersectPorts(a: PortSet, b: PortSet): PortSet {
  if (a === ALL) return b;
  if (b === ALL) return a;
  const out: PortRange[] = [];
  for (const x of a) {
    for (const y of b) {
      if (x.protocol !== y.protocol) continue;
      const from = Math.max(x.from, y.from);
      const to = Math.min(x.to, y.to);
      if (from <= to) out.push({ protocol: x.protocol, from, to });
    }
  }
  return portSet(out);
}

/** True when `port` of `protocol` is in the set. */
export function hasPort(set: PortSet, protocol: NetworkProtocol, port: number): boolean {
  return set.some((r) => r.protocol === protocol && r.from <= port && port <= r.to);
}

/** `TCP 443`, `TCP 8000-8100`, `TCP *` for all ports of a protocol. */
export function formatPorts(set: PortSet): string[] {
  return set.map((r) => (r.from === 1 && r.to === 65535 ? `${r.protocol} *` : r.from === r.to ? `${r.protocol} ${r.from}` : `${r.protocol} ${r.from}-${r.to}`));
}

// ---------------------------------------------------------------------------------------------
// CIDR blocks

interface AddressRange {
  readonly family: 4 | 6;
  readonly start: bigint;
  readonly end: bigint;
}

/** Parses an IPv4 or IPv6 CIDR block; throws with the reason when it is not one. */
export function parseCidr(cidr: string): AddressRange {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(cidr.trim());
  if (!m) throw new Error(`"${cidr}" is not a CIDR block (address/prefix)`);
  const prefix = Number(m[2]);
  const v4 = parseIpv4(m[1]);
  const family = v4 !== undefined ? 4 : 6;
  const address = v4 ?? parseIpv6(m[1]);
  if (address === undefined) throw new Error(`"${cidr}" is not a CIDR block: "${m[1]}" is not an IP address`);
  const bits = family === 4 ? 32 : 128;
  if (prefix > bits) throw new Error(`"${cidr}" has a prefix longer than ${bits}`);
  const hostBits = BigInt(bits - prefix);
  const mask = (1n << hostBits) - 1n;
  const start = address & ~mask;
  return { family, start, end: start | mask };
}

function parseIpv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function parseIpv6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (g.includes('.')) {
        const v4 = parseIpv4(g);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(parseInt(g, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail].reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** True when some address of `zone` lies in `block` and outside every `except` block. */
export function cidrsOverlapExcept(zone: readonly AddressRange[], block: AddressRange, except: readonly AddressRange[]): boolean {
  for (const z of zone) {
    if (z.family !== block.family) continue;
    const start = z.start > block.start ? z.start : block.start;
    const end = z.end < block.end ? z.end : block.end;
    if (start > end) continue;
    // Walk the part of [start, end] the except blocks leave uncovered.
    let cursor = start;
    const cuts = except.filter((e) => e.family === block.family && e.end >= start && e.start <= end).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    for (const c of cuts) {
      if (c.start > cursor) return true;
      if (c.end + 1n > cursor) cursor = c.end + 1n;
      if (cursor > end) break;
    }
    if (cursor <= end) return true;
  }
  return false;
}

/** True when the block is `0.0.0.0/0` or `::/0`-sized: every address of its family. */
export function isEveryAddress(cidr: string): boolean {
  try {
    const r = parseCidr(cidr);
    return r.start === 0n && r.end === (r.family === 4 ? (1n << 32n) - 1n : (1n << 128n) - 1n);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Label selectors

type Labels = Readonly<Record<string, string>>;
type Matcher = (labels: Labels) => boolean;

/** Compiles a LabelSelector; throws with the reason when it is malformed. `{}` selects everything. */
export function compileSelector(selector: JsonValue | undefined, where: string): Matcher {
  if (!isJsonObject(selector)) throw new Error(`${where} is not a label selector object`);
  const checks: Matcher[] = [];
  const { matchLabels, matchExpressions } = selector;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isJsonObject(matchLabels)) throw new Error(`${where}.matchLabels is not a map`);
    for (const [k, v] of Object.entries(matchLabels)) {
      if (typeof v !== 'string') throw new Error(`${where}.matchLabels.${k} is not a string`);
      checks.push((l) => l[k] === v);
    }
  }
  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) throw new Error(`${where}.matchExpressions is not a list`);
    matchExpressions.forEach((e, i) => {
      const at = `${where}.matchExpressions[${i}]`;
      if (!isJsonObject(e) || typeof e.key !== 'string') throw new Error(`${at} has no key`);
      const key = e.key;
      const values = e.values === undefined || e.values === null ? [] : e.values;
      if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) throw new Error(`${at}.values is not a list of strings`);
      const set = new Set(values as string[]);
      switch (e.operator) {
        case 'In':
          if (!set.size) throw new Error(`${at}: operator In needs values`);
          checks.push((l) => l[key] !== undefined && set.has(l[key]));
          break;
        case 'NotIn':
          if (!set.size) throw new Error(`${at}: operator NotIn needs values`);
          // NotIn also matches objects without the key.
          checks.push((l) => l[key] === undefined || !set.has(l[key]));
          break;
        case 'Exists':
          if (set.size) throw new Error(`${at}: operator Exists takes no values`);
          checks.push((l) => l[key] !== undefined);
          break;
        case 'DoesNotExist':
          if (set.size) throw new Error(`${at}: operator DoesNotExist takes no values`);
          checks.push((l) => l[key] === undefined);
          break;
        default:
          throw new Error(`${at}: operator ${JSON.stringify(e.operator)} is not In, NotIn, Exists or DoesNotExist`);
      }
    });
  }
  return (l) => checks.every((c) => c(l));
}

// ---------------------------------------------------------------------------------------------
// Bit sets over endpoints

class Bits {
  public readonly words: Uint32Array;
  constructor(size: number) {
    this.words = new Uint32Array((size + 31) >>> 5);
  }
  public set(i: number): void {
    this.words[i >>> 5] |= 1 << (i & 31);
  }
  public has(i: number): boolean {
    return (this.words[i >>> 5] & (1 << (i & 31))) !== 0;
  }
}

// ---------------------------------------------------------------------------------------------
// The model

interface ContainerPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: NetworkProtocol;
}

interface Endpoint extends EndpointNode {
  readonly index: number;
  readonly external: boolean;
  readonly ports: readonly ContainerPort[];
  readonly ranges?: readonly AddressRange[];
}

interface RawPort {
  readonly protocol: NetworkProtocol;
  /** Undefined: every port of the protocol. */
  readonly port?: number | string;
  readonly endPort?: number;
}

/** One allow: the peers it admits and on which ports (`'all'` for every port). */
interface Grant {
  readonly peers: Bits | 'all';
  readonly ports: readonly RawPort[] | 'all';
  /** Ports when they do not depend on the destination (no named ports). */
  readonly fixed?: PortSet;
}

interface Isolation {
  ingress: boolean;
  egress: boolean;
  readonly ingressGrants: Grant[];
  readonly egressGrants: Grant[];
}

const WORKLOAD_KINDS: Readonly<Record<string, string>> = {
  'Pod': '',
  'Deployment': 'apps',
  'StatefulSet': 'apps',
  'DaemonSet': 'apps',
  'ReplicaSet': 'apps',
  'Job': 'batch',
  'CronJob': 'batch',
};

const DEFAULT_NAMESPACE = 'default';

/**
 * The reachability of one set of manifests. Build it with `ReachabilityModel.fromResources`; ask
 * `portsBetween`, `isolation`, `brokerReach`, or take the whole `graph()`.
 */
export class ReachabilityModel {
  /** Builds the model from read or planned resources. */
  public static fromResources(resources: readonly Resource[], options: ReachabilityOptions = {}): ReachabilityModel {
    return new ReachabilityModel(resources, options);
  }

  /** Zones, in-cluster first (by name), then external. */
  public readonly zones: readonly ZoneNode[];
  /** Objects that could not be read. */
  public readonly problems: readonly ReachabilityProblem[];
  /** Conduits declared by policy labels. */
  public readonly declaredConduits: readonly DeclaredConduit[];

  private readonly endpointList: Endpoint[] = [];
  private readonly byId = new Map<string, Endpoint>();
  private readonly policyState: Isolation[] = [];
  private readonly listeners: Omit<BrokerReach, 'reachedBy'>[] = [];
  private readonly brokerEndpoints = new Map<string, number[]>();

  private constructor(resources: readonly Resource[], options: ReachabilityOptions) {
    const problems: ReachabilityProblem[] = [];
    const nsLabels = new Map<string, Record<string, string>>();
    const workloadsByNs = new Map<string, Endpoint[]>();

    for (const r of resources) {
      if (r.group === '' && r.kind === 'Namespace') nsLabels.set(r.name, { ...r.labels, [NAMESPACE_NAME_LABEL]: r.name });
    }
    const ensureNs = (ns: string) => {
      if (!nsLabels.has(ns)) nsLabels.set(ns, { [NAMESPACE_NAME_LABEL]: ns });
    };
    const zoneOf = (ns: string) => nsLabels.get(ns)?.[SEGMENTATION_LABELS.zone] ?? ns;

    const addWorkload = (w: Omit<Endpoint, 'index' | 'external' | 'zone'>) => {
      const ns = w.namespace!;
      ensureNs(ns);
      const e: Endpoint = { ...w, index: this.endpointList.length, external: false, zone: '' };
      this.endpointList.push(e);
      const list = workloadsByNs.get(ns);
      if (list) list.push(e);
      else workloadsByNs.set(ns, [e]);
      return e;
    };

    // Workloads.
    for (const r of resources) {
      const group = WORKLOAD_KINDS[r.kind];
      if (group === undefined || group !== r.group) continue;
      try {
        const { labels, ports } = podTemplateOf(r);
        addWorkload({ id: `${r.namespace ?? DEFAULT_NAMESPACE}/${r.kind}/${r.name}`, kind: r.kind, name: r.name, namespace: r.namespace ?? DEFAULT_NAMESPACE, labels, ports });
      } catch (e) {
        problems.push({ resource: r.id, message: (e as Error).message });
      }
    }
    const policies = resources.filter((r) => r.group === 'networking.k8s.io' && r.kind === 'NetworkPolicy');
    for (const p of policies) ensureNs(p.namespace ?? DEFAULT_NAMESPACE);

    // Broker listeners and their services.
    const services = new Map(resources.filter((r) => r.group === '' && r.kind === 'Service').map((s) => [`${s.namespace ?? DEFAULT_NAMESPACE}/${s.name}`, s]));
    for (const l of resources.filter((r) => r.group === K8S.mqttBroker.group && r.kind === 'BrokerListener')) {
      try {
        this.addListener(l, services, workloadsByNs, addWorkload);
      } catch (e) {
        problems.push({ resource: l.id, message: (e as Error).message });
      }
    }

    // Placeholders for namespaces without workloads.
    for (const ns of [...nsLabels.keys()].sort()) {
      if (!workloadsByNs.has(ns)) addWorkload({ id: `${ns}/*`, kind: 'Pod', name: '*', namespace: ns, labels: {}, ports: [], placeholder: true });
    }
    // Zones are known now: fill them in.
    for (let i = 0; i < this.endpointList.length; i++) {
      const e = this.endpointList[i];
      this.endpointList[i] = { ...e, zone: zoneOf(e.namespace!) };
    }

    // External zones: given, and recorded on policies.
    const external = new Map<string, ExternalZone>();
    for (const z of options.externalZones ?? []) external.set(z.name, z);
    for (const p of policies) {
      const recorded = p.annotations?.[SEGMENTATION_LABELS.externalZones];
      if (recorded === undefined) continue;
      try {
        for (const z of parseExternalZones(recorded)) if (!external.has(z.name)) external.set(z.name, z);
      } catch (e) {
        problems.push({ resource: p.id, message: `annotation ${SEGMENTATION_LABELS.externalZones}: ${(e as Error).message}` });
      }
    }
    const inClusterZones = new Set([...nsLabels.keys()].map(zoneOf));
    for (const z of [...external.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      if (inClusterZones.has(z.name)) {
        problems.push({ resource: `external:${z.name}`, message: `external zone "${z.name}" has the name of an in-cluster zone; it is left out` });
        continue;
      }
      let ranges: AddressRange[];
      try {
        ranges = z.cidrs.map(parseCidr);
      } catch (e) {
        problems.push({ resource: `external:${z.name}`, message: (e as Error).message });
        continue;
      }
      const e: Endpoint = { id: `external:${z.name}`, zone: z.name, kind: 'ExternalZone', name: z.name, index: this.endpointList.length, external: true, ports: [], ranges };
      this.endpointList.push(e);
    }
    for (const e of this.endpointList) this.byId.set(e.id, e);

    // Zones.
    const zones: ZoneNode[] = [];
    const nsByZone = new Map<string, string[]>();
    for (const ns of [...nsLabels.keys()].sort()) {
      const list = nsByZone.get(zoneOf(ns));
      if (list) list.push(ns);
      else nsByZone.set(zoneOf(ns), [ns]);
    }
    for (const [id, namespaces] of [...nsByZone.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const labels = nsLabels.get(namespaces[0])!;
      const level = labels[SEGMENTATION_LABELS.purdueLevel];
      zones.push({ id, kind: 'namespace', namespaces, declared: labels[SEGMENTATION_LABELS.zone] !== undefined, ...(level ? { purdueLevel: level } : {}) });
    }
    for (const e of this.endpointList.filter((x) => x.external)) {
      const z = external.get(e.name)!;
      zones.push({ id: z.name, kind: 'external', cidrs: [...z.cidrs], declared: true, ...(z.purdueLevel ? { purdueLevel: z.purdueLevel } : {}) });
    }
    this.zones = zones;

    // Policies.
    for (let i = 0; i < this.endpointList.length; i++) this.policyState.push({ ingress: false, egress: false, ingressGrants: [], egressGrants: [] });
    const ctx: PeerContext = {
      size: this.endpointList.length,
      namespaces: [...nsLabels.entries()],
      workloadsByNs,
      externals: this.endpointList.filter((e) => e.external),
      cache: new Map(),
    };
    const conduits = new Map<string, { from: string; to: string; policies: string[] }>();
    for (const p of policies) {
      const ns = p.namespace ?? DEFAULT_NAMESPACE;
      try {
        const compiled = compilePolicy(p, ns, ctx);
        for (const w of workloadsByNs.get(ns) ?? []) {
          if (!compiled.selects(w.labels ?? {})) continue;
          const iso = this.policyState[w.index];
          if (compiled.ingress) {
            iso.ingress = true;
            iso.ingressGrants.push(...compiled.ingress);
          }
          if (compiled.egress) {
            iso.egress = true;
            iso.egressGrants.push(...compiled.egress);
          }
        }
      } catch (e) {
        problems.push({ resource: p.id, message: (e as Error).message });
      }
      const name = p.labels?.[SEGMENTATION_LABELS.conduit];
      const from = p.labels?.[SEGMENTATION_LABELS.conduitFrom];
      const to = p.labels?.[SEGMENTATION_LABELS.conduitTo];
      if (name && from && to) {
        const c = conduits.get(name) ?? { from, to, policies: [] };
        c.policies.push(p.id);
        conduits.set(name, c);
      }
    }
    this.declaredConduits = [...conduits.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, c]) => ({ name, ...c }));
    this.problems = problems;
  }

  /** Every endpoint: workloads (placeholders included), then external zones. */
  public get endpoints(): readonly EndpointNode[] {
    this.publicEndpoints ??= this.endpointList.map(publicEndpoint);
    return this.publicEndpoints;
  }

  private publicEndpoints: readonly EndpointNode[] | undefined;

  /** True when the answer rests on everything in the input (no unreadable objects). */
  public get complete(): boolean {
    return this.problems.length === 0;
  }

  /**
   * Ports on which `from` can open a connection to `to` (endpoint ids). Empty when none; throws
   * for an unknown id.
   */
  public portsBetween(from: string, to: string): PortSet {
    return this.ports(this.endpoint(from), this.endpoint(to));
  }

  /** Whether any endpoint of zone `from` can connect to any endpoint of zone `to`, and how. */
  public isolation(from: string, to: string): IsolationAnswer {
    const sources = this.endpointList.filter((e) => e.zone === from);
    const targets = this.endpointList.filter((e) => e.zone === to);
    if (!sources.length) throw new Error(`zone "${from}" is not in the input; zones: ${this.zones.map((z) => z.id).join(', ')}`);
    if (!targets.length) throw new Error(`zone "${to}" is not in the input; zones: ${this.zones.map((z) => z.id).join(', ')}`);
    const paths: ReachEdge[] = [];
    let placeholder = false;
    for (const s of sources) {
      for (const d of targets) {
        if (s.external && d.external) continue;
        const ports = this.ports(s, d);
        if (ports.length) paths.push({ from: s.id, to: d.id, ports: formatPorts(ports) });
        if (s.placeholder || d.placeholder) placeholder = true;
      }
    }
    return { from, to, isolated: paths.length === 0, paths, certain: this.complete && !placeholder };
  }

  /** Each broker listener port and the endpoints that can connect to it. */
  public brokerReach(): BrokerReach[] {
    return this.listeners.map((l) => {
      const pods = this.brokerEndpoints.get(`${l.namespace}/${l.listener}`) ?? [];
      const reachedBy: { endpoint: string; zone: string }[] = [];
      for (const s of this.endpointList) {
        if (pods.includes(s.index)) continue;
        if (pods.some((d) => hasPort(this.ports(s, this.endpointList[d]), 'TCP', l.targetPort))) reachedBy.push({ endpoint: s.id, zone: s.zone });
      }
      return { ...l, reachedBy };
    });
  }

  /**
   * The plain data shape for diagrams: zones, endpoints, zone edges, declared conduits, problems;
   * with `edges: true`, also every endpoint-to-endpoint edge.
   */
  public graph(options: { readonly edges?: boolean } = {}): ReachabilityGraph {
    const zoneEdges = new Map<string, PortSet[]>();
    const edges: ReachEdge[] = [];
    const n = this.endpointList.length;
    for (let i = 0; i < n; i++) {
      const s = this.endpointList[i];
      for (let j = 0; j < n; j++) {
        const d = this.endpointList[j];
        if (s.external && d.external) continue;
        const ports = this.ports(s, d);
        if (!ports.length) continue;
        const key = `${s.zone}\u0000${d.zone}`;
        const list = zoneEdges.get(key);
        if (list) list.push(ports);
        else zoneEdges.set(key, [ports]);
        if (options.edges) edges.push({ from: s.id, to: d.id, ports: formatPorts(ports) });
      }
    }
    const zoneEdgeList = [...zoneEdges.entries()]
      .map(([key, sets]) => {
        const [from, to] = key.split('\u0000');
        return { from, to, ports: formatPorts(unionPorts(...dedupe(sets))) };
      })
      .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
    return {
      zones: this.zones,
      endpoints: this.endpoints,
      zoneEdges: zoneEdgeList,
      ...(options.edges ? { edges } : {}),
      declaredConduits: this.declaredConduits,
      problems: this.problems,
    };
  }

  private endpoint(id: string): Endpoint {
    const e = this.byId.get(id);
    if (!e) throw new Error(`endpoint "${id}" is not in the input`);
    return e;
  }

  private ports(s: Endpoint, d: Endpoint): PortSet {
    if (s.external && d.external) return [];
    const ingress = d.external ? ALL : this.allowed(this.policyState[d.index], 'ingress', s, d);
    if (!ingress.length) return [];
    const egress = s.external ? ALL : this.allowed(this.policyState[s.index], 'egress', d, d);
    return intersectPorts(ingress, egress);
  }

  /** What the policies of one side allow toward `peer`, with ports resolved at `destination`. */
  private allowed(iso: Isolation, direction: 'ingress' | 'egress', peer: Endpoint, destination: Endpoint): PortSet {
    if (!iso[direction]) return ALL;
    const grants = direction === 'ingress' ? iso.ingressGrants : iso.egressGrants;
    let result: PortSet = [];
    for (const g of grants) {
      if (g.peers !== 'all' && !g.peers.has(peer.index)) continue;
      const ports = g.ports === 'all' ? ALL : g.fixed ?? resolvePorts(g.ports, destination);
      if (ports === ALL) return ALL;
      result = result.length ? unionPorts(result, ports) : ports;
    }
    return result;
  }

  private addListener(
    l: Resource,
    services: Map<string, Resource>,
    workloadsByNs: Map<string, Endpoint[]>,
    addWorkload: (w: Omit<Endpoint, 'index' | 'external' | 'zone'>) => Endpoint,
  ): void {
    const ns = l.namespace ?? AIO.namespace;
    const serviceName = typeof l.spec.serviceName === 'string' && l.spec.serviceName
      ? l.spec.serviceName
      : l.name === AIO.defaultListener.name ? AIO.defaultListener.serviceName : `aio-broker-${l.name}`;
    const serviceType = typeof l.spec.serviceType === 'string' ? l.spec.serviceType : 'ClusterIp';
    if (!Array.isArray(l.spec.ports)) throw new Error('spec.ports is not a list');
    const service = services.get(`${ns}/${serviceName}`);
    const selector = service && isJsonObject(service.spec.selector) ? stringRecord(service.spec.selector) : undefined;
    const ports = l.spec.ports.map((p, i) => {
      if (!isJsonObject(p) || typeof p.port !== 'number') throw new Error(`spec.ports[${i}].port is not a number`);
      const tls = isJsonObject(p.tls) && typeof p.tls.mode === 'string' && /^(automatic|manual)$/i.test(p.tls.mode);
      return { port: p.port, targetPort: targetPortOf(service, p.port), tls };
    });
    const exposed = /^(loadbalancer|nodeport)$/i.test(serviceType);
    let backing = (workloadsByNs.get(ns) ?? []).filter((w) => selector !== undefined && Object.keys(selector).length > 0 && matchesAll(selector, w.labels ?? {}));
    if (!backing.length) {
      backing = [addWorkload({
        id: `${ns}/Broker/${l.parent?.name ?? AIO.brokerName}:${l.name}`,
        kind: 'Broker',
        name: `${l.parent?.name ?? AIO.brokerName}:${l.name}`,
        namespace: ns,
        labels: selector ?? {},
        ports: ports.map((p) => ({ port: p.targetPort, protocol: 'TCP' as const })),
        placeholder: true,
        broker: true,
      })];
    }
    this.brokerEndpoints.set(`${ns}/${l.name}`, backing.map((w) => w.index));
    for (const p of ports) this.listeners.push({ listener: l.name, namespace: ns, serviceName, serviceType, port: p.port, targetPort: p.targetPort, tls: p.tls, exposed });
  }
}

function dedupe(sets: PortSet[]): PortSet[] {
  const seen = new Map<string, PortSet>();
  for (const s of sets) seen.set(formatPorts(s).join(','), s);
  return [...seen.values()];
}

function publicEndpoint(e: Endpoint): EndpointNode {
  return {
    id: e.id,
    zone: e.zone,
    kind: e.kind,
    name: e.name,
    ...(e.namespace !== undefined ? { namespace: e.namespace } : {}),
    ...(e.labels && Object.keys(e.labels).length ? { labels: e.labels } : {}),
    ...(e.placeholder ? { placeholder: true as const } : {}),
    ...(e.broker ? { broker: true as const } : {}),
  };
}

function matchesAll(selector: Labels, labels: Labels): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function stringRecord(o: JsonObject): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function targetPortOf(service: Resource | undefined, port: number): number {
  const ports = service?.spec.ports;
  if (!Array.isArray(ports)) return port;
  const sp = ports.find((p) => isJsonObject(p) && p.port === port);
  return isJsonObject(sp) && typeof sp.targetPort === 'number' ? sp.targetPort : port;
}

/** External zones recorded in the `aio-secure.io/external-zones` annotation. */
export function parseExternalZones(text: string): ExternalZone[] {
  const value = JSON.parse(text) as unknown;
  if (!Array.isArray(value)) throw new Error('is not a JSON list');
  return value.map((z, i) => {
    if (!isJsonObject(z) || typeof z.name !== 'string' || !Array.isArray(z.cidrs) || z.cidrs.some((c) => typeof c !== 'string')) {
      throw new Error(`item ${i} is not { name, cidrs }`);
    }
    return { name: z.name, cidrs: z.cidrs as string[], ...(typeof z.purdueLevel === 'string' ? { purdueLevel: z.purdueLevel } : {}) };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading workloads and policies

function podTemplateOf(r: Resource): { labels: Labels; ports: ContainerPort[] } {
  let labels: Labels = r.labels ?? {};
  let podSpec: JsonValue | undefined = r.spec;
  if (r.kind !== 'Pod') {
    let spec: JsonValue | undefined = r.spec;
    if (r.kind === 'CronJob') spec = isJsonObject(spec) && isJsonObject(spec.jobTemplate) ? spec.jobTemplate.spec : undefined;
    const template = isJsonObject(spec) ? spec.template : undefined;
    if (!isJsonObject(template)) throw new Error(`${r.kind} ${r.name} has no pod template`);
    const meta = isJsonObject(template.metadata) ? template.metadata : {};
    labels = isJsonObject(meta.labels) ? stringRecord(meta.labels) : {};
    podSpec = template.spec;
  }
  const ports: ContainerPort[] = [];
  const containers = isJsonObject(podSpec) && Array.isArray(podSpec.containers) ? podSpec.containers : [];
  for (const c of containers) {
    if (!isJsonObject(c) || !Array.isArray(c.ports)) continue;
    for (const p of c.ports) {
      if (!isJsonObject(p) || typeof p.containerPort !== 'number') continue;
      const protocol = typeof p.protocol === 'string' ? p.protocol : 'TCP';
      if (!NETWORK_PROTOCOLS.includes(protocol as NetworkProtocol)) continue;
      ports.push({ port: p.containerPort, protocol: protocol as NetworkProtocol, ...(typeof p.name === 'string' ? { name: p.name } : {}) });
    }
  }
  return { labels, ports };
}

interface PeerContext {
  readonly size: number;
  readonly namespaces: readonly (readonly [string, Labels])[];
  readonly workloadsByNs: ReadonlyMap<string, readonly Endpoint[]>;
  readonly externals: readonly Endpoint[];
  readonly cache: Map<string, Bits>;
}

interface CompiledPolicy {
  readonly selects: Matcher;
  /** Undefined when the policy does not isolate that direction. */
  readonly ingress?: Grant[];
  readonly egress?: Grant[];
}

/** Compiles one NetworkPolicy; throws with the reason when it is malformed. */
function compilePolicy(p: Resource, ns: string, ctx: PeerContext): CompiledPolicy {
  const spec = p.spec;
  const selects = compileSelector(spec.podSelector ?? {}, 'spec.podSelector');
  const ingressRules = rulesOf(spec.ingress, 'spec.ingress');
  const egressRules = rulesOf(spec.egress, 'spec.egress');
  let types: string[];
  if (spec.policyTypes === undefined || spec.policyTypes === null || (Array.isArray(spec.policyTypes) && spec.policyTypes.length === 0)) {
    // The API server's defaulting: Ingress, plus Egress when there is at least one egress rule.
    types = ['Ingress', ...(egressRules.length ? ['Egress'] : [])];
  } else if (Array.isArray(spec.policyTypes) && spec.policyTypes.every((t) => t === 'Ingress' || t === 'Egress')) {
    types = spec.policyTypes as string[];
  } else {
    throw new Error(`spec.policyTypes ${JSON.stringify(spec.policyTypes)} is not a list of Ingress and Egress`);
  }
  const grants = (rules: JsonObject[], peerField: 'from' | 'to', at: string) =>
    rules.map((rule, i): Grant => {
      const ports = portsOf(rule.ports, `${at}[${i}].ports`);
      const peers = peersOf(rule[peerField], `${at}[${i}].${peerField}`, ns, ctx);
      const fixed = ports === 'all' ? undefined : ports.every((x) => typeof x.port !== 'string') ? resolvePorts(ports, undefined) : undefined;
      return { peers, ports, ...(fixed ? { fixed } : {}) };
    });
  return {
    selects,
    ...(types.includes('Ingress') ? { ingress: grants(ingressRules, 'from', 'spec.ingress') } : {}),
    ...(types.includes('Egress') ? { egress: grants(egressRules, 'to', 'spec.egress') } : {}),
  };
}

function rulesOf(value: JsonValue | undefined, at: string): JsonObject[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`${at} is not a list`);
  return value.map((r, i) => {
    if (r === null) return {};
    if (!isJsonObject(r)) throw new Error(`${at}[${i}] is not an object`);
    return r;
  });
}

function portsOf(value: JsonValue | undefined, at: string): RawPort[] | 'all' {
  if (value === undefined || value === null) return 'all';
  if (!Array.isArray(value)) throw new Error(`${at} is not a list`);
  if (value.length === 0) return 'all';
  return value.map((p, i) => {
    if (!isJsonObject(p)) throw new Error(`${at}[${i}] is not an object`);
    const protocol = p.protocol === undefined || p.protocol === null ? 'TCP' : p.protocol;
    if (!NETWORK_PROTOCOLS.includes(protocol as NetworkProtocol)) throw new Error(`${at}[${i}].protocol ${JSON.stringify(protocol)} is not TCP, UDP or SCTP`);
    const port = p.port;
    if (port !== undefined && port !== null && !(typeof port === 'string' && port !== '') && !(typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535)) {
      throw new Error(`${at}[${i}].port ${JSON.stringify(port)} is not a port number or name`);
    }
    const endPort = p.endPort;
    if (endPort !== undefined && endPort !== null) {
      if (typeof port !== 'number') throw new Error(`${at}[${i}].endPort needs a numeric port`);
      if (typeof endPort !== 'number' || !Number.isInteger(endPort) || endPort < port || endPort > 65535) {
        throw new Error(`${at}[${i}].endPort ${JSON.stringify(endPort)} is not a port number at least port`);
      }
    }
    // A numeric string such as "443" is an int-or-string that the API server reads as a name;
    // it resolves like one (and usually matches nothing).
    return {
      protocol: protocol as NetworkProtocol,
      ...(port !== undefined && port !== null ? { port } : {}),
      ...(typeof endPort === 'number' ? { endPort } : {}),
    } as RawPort;
  });
}

/** The ports of a rule at a destination; named ports resolve through its container ports. */
function resolvePorts(ports: readonly RawPort[], destination: Endpoint | undefined): PortSet {
  const out: PortRange[] = [];
  for (const p of ports) {
    if (p.port === undefined) out.push({ protocol: p.protocol, from: 1, to: 65535 });
    else if (typeof p.port === 'number') out.push({ protocol: p.protocol, from: p.port, to: p.endPort ?? p.port });
    else for (const c of destination?.ports ?? []) if (c.name === p.port && c.protocol === p.protocol) out.push({ protocol: p.protocol, from: c.port, to: c.port });
  }
  const set = portSet(out);
  return set.length === ALL.length && set.every((r, i) => r.protocol === ALL[i].protocol && r.from === 1 && r.to === 65535) ? ALL : set;
}

function peersOf(value: JsonValue | undefined, at: string, ns: string, ctx: PeerContext): Bits | 'all' {
  if (value === undefined || value === null) return 'all';
  if (!Array.isArray(value)) throw new Error(`${at} is not a list`);
  if (value.length === 0) return 'all';
  const key = `${ns}\u0000${JSON.stringify(value)}`;
  const cached = ctx.cache.get(key);
  if (cached) return cached;
  const bits = new Bits(ctx.size);
  value.forEach((peer, i) => {
    const pat = `${at}[${i}]`;
    if (!isJsonObject(peer)) throw new Error(`${pat} is not an object`);
    const { ipBlock, namespaceSelector, podSelector } = peer;
    const has = (v: JsonValue | undefined) => v !== undefined && v !== null;
    if (has(ipBlock)) {
      if (has(namespaceSelector) || has(podSelector)) throw new Error(`${pat} has ipBlock together with a selector, which the API rejects`);
      if (!isJsonObject(ipBlock) || typeof ipBlock.cidr !== 'string') throw new Error(`${pat}.ipBlock has no cidr`);
      const block = parseCidr(ipBlock.cidr);
      const except = ipBlock.except === undefined || ipBlock.except === null ? [] : ipBlock.except;
      if (!Array.isArray(except) || except.some((x) => typeof x !== 'string')) throw new Error(`${pat}.ipBlock.except is not a list of CIDR blocks`);
      const cuts = (except as string[]).map(parseCidr);
      for (const e of ctx.externals) if (cidrsOverlapExcept(e.ranges!, block, cuts)) bits.set(e.index);
      return;
    }
    if (!has(namespaceSelector) && !has(podSelector)) throw new Error(`${pat} names no peer (podSelector, namespaceSelector or ipBlock), which the API rejects`);
    const pods = has(podSelector) ? compileSelector(podSelector, `${pat}.podSelector`) : () => true;
    const nsMatch = has(namespaceSelector) ? compileSelector(namespaceSelector, `${pat}.namespaceSelector`) : undefined;
    const namespaces = nsMatch ? ctx.namespaces.filter(([, labels]) => nsMatch(labels)).map(([n]) => n) : [ns];
    for (const n of namespaces) for (const w of ctx.workloadsByNs.get(n) ?? []) if (pods(w.labels ?? {})) bits.set(w.index);
  });
  ctx.cache.set(key, bits);
  return bits;
}
