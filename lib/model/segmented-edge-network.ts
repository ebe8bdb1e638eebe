/**
 * `SegmentedEdgeNetwork` (CN-7): zones and conduits, in the IEC 62443 sense, compiled to
 * Kubernetes NetworkPolicies. In-cluster zones are namespaces; external zones are CIDR blocks (a
 * level-2 OPC UA cell, the enterprise network). Every zone namespace and the AIO namespace get a
 * default deny in both directions, DNS to the cluster DNS, and exactly the conduits declared; the
 * AIO namespace also keeps what AIO needs (its components' own traffic, the Arc agents, the
 * Kubernetes API, outbound HTTPS to Azure minus the external zones). The reachability analysis
 * (`lib/analysis/reachability.ts`) proves the result: the emitted policies open the declared
 * conduits plus DNS, and nothing else.
 */
import { NAMESPACE_NAME_LABEL, parseCidr, SEGMENTATION_LABELS, type NetworkProtocol } from '../analysis/reachability';
import { AIO } from './aio';
import { NO_VALUE, PropErrors } from './errors';
import type { JsonObject, Resource, Waiver } from './resource';
import type { OptOut } from './secure-broker';
import { waiverProblem } from './waiver';

const CONSTRUCT = 'SegmentedEdgeNetwork';

/** The name conduits use for the AIO namespace. */
export const AIO_ZONE = 'aio';

/** Purdue / ISA-95 levels, as label values. */
export type PurdueLevel = '0' | '1' | '2' | '3' | '3.5' | '4' | '5';

const PURDUE_LEVELS: readonly PurdueLevel[] = ['0', '1', '2', '3', '3.5', '4', '5'];

/** One zone: a namespace in the cluster, or CIDR blocks outside it. */
export interface NetworkZoneProps {
  /** Zone name (DNS-1123 label); conduits refer to it. `aio` is reserved for the AIO namespace. */
  readonly name: string;
  /**
   * The zone's Purdue level, recorded as a namespace label for reports and diagrams.
   * @default - none
   */
  readonly purdueLevel?: PurdueLevel;
  /**
   * The namespace of an in-cluster zone.
   * @default - the zone name, unless `cidrs` makes it an external zone
   */
  readonly namespace?: string;
  /**
   * CIDR blocks of an external zone (outside the cluster). External zones may not overlap.
   * @default - none: an in-cluster zone
   */
  readonly cidrs?: readonly string[];
  /**
   * Let the pods of an in-cluster zone talk to each other on any port, as IEC 62443 zones do.
   * Set to false to allow only the declared conduits, even inside the zone.
   * @default true
   */
  readonly allowWithinZone?: boolean;
}

/** One end of a conduit: a zone, optionally narrowed to the workloads with these labels. */
export interface ConduitEndpoint {
  /** Zone name, or `aio` for the AIO namespace. */
  readonly zone: string;
  /**
   * Pod labels of the workloads at this end (in-cluster zones only).
   * @default - every pod of the zone (for `aio`: `aio.brokerPodLabels`)
   */
  readonly workloadLabels?: Readonly<Record<string, string>>;
}

/** A port (or range) of a conduit. */
export interface ConduitPortProps {
  /** Port, 1-65535. */
  readonly port: number;
  /**
   * Last port of a range.
   * @default - just `port`
   */
  readonly endPort?: number;
  /**
   * Protocol.
   * @default 'TCP'
   */
  readonly protocol?: NetworkProtocol;
}

/** A conduit: connections from one zone (or its workloads) to another, on these ports only. */
export interface ConduitProps {
  /**
   * Conduit name (DNS-1123 label), used in policy names and labels.
   * @default `<from zone>-to-<to zone>`
   */
  readonly name?: string;
  /** Where connections start: a zone name, or a zone and workload labels. */
  readonly from: string | ConduitEndpoint;
  /** Where connections go. */
  readonly to: string | ConduitEndpoint;
  /** Ports; at least one. There is no "all ports" conduit. */
  readonly ports: readonly ConduitPortProps[];
  /**
   * Admit every address (`0.0.0.0/0` or `::/0` in an external zone) to the AIO namespace.
   * Insecure (CN-7): becomes a waiver of rule `broker-admits-any-address` on the policy.
   * @default - refused
   */
  readonly allowAnyAddress?: OptOut;
}

/** What the AIO namespace keeps. */
export interface AioSegmentProps {
  /**
   * The AIO namespace.
   * @default 'azure-iot-operations'
   */
  readonly namespace?: string;
  /**
   * Labels of the broker's pods, which conduits to `aio` reach. The default reaches every pod of
   * the AIO namespace, on the conduit's ports only.
   * @default {}
   */
  readonly brokerPodLabels?: Readonly<Record<string, string>>;
  /**
   * Namespace of the Arc agents, allowed both ways.
   * @default 'azure-arc'
   */
  readonly arcNamespace?: string;
  /**
   * Addresses of the Kubernetes API server (the endpoints behind the `kubernetes` service), as
   * CIDR blocks. The API server is not a pod, so only its addresses can admit it.
   */
  readonly kubernetesApiCidrs: readonly string[];
  /**
   * Ports of the Kubernetes API server.
   * @default [443, 6443]
   */
  readonly kubernetesApiPorts?: readonly number[];
  /**
   * Outbound connections to the cloud (Azure endpoints; narrow them by FQDN with the firewall
   * allowlist, CN-3). Declared external zones are cut out of these blocks.
   * @default [{ cidrs: ['0.0.0.0/0'], ports: [{ port: 443 }] }]
   */
  readonly outbound?: readonly { readonly cidrs: readonly string[]; readonly ports: readonly ConduitPortProps[] }[];
}

/** Where the cluster DNS runs. */
export interface ClusterDnsProps {
  /**
   * Namespace of the DNS pods.
   * @default 'kube-system'
   */
  readonly namespace?: string;
  /**
   * Labels of the DNS pods (kube-dns and CoreDNS both carry `k8s-app: kube-dns`).
   * @default { 'k8s-app': 'kube-dns' }
   */
  readonly podLabels?: Readonly<Record<string, string>>;
}

/** Props of `SegmentedEdgeNetwork`. */
export interface SegmentedEdgeNetworkProps {
  /** The zones; at least one. */
  readonly zones: readonly NetworkZoneProps[];
  /**
   * The conduits; anything not declared here is denied.
   * @default []
   */
  readonly conduits?: readonly ConduitProps[];
  /** The AIO namespace. */
  readonly aio: AioSegmentProps;
  /**
   * The cluster DNS every zone may query.
   * @default { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } }
   */
  readonly dns?: ClusterDnsProps;
}

/** Every default of `SegmentedEdgeNetwork`, in one place. */
export const SEGMENTED_EDGE_NETWORK_DEFAULTS = {
  allowWithinZone: true,
  aioNamespace: AIO.namespace,
  arcNamespace: 'azure-arc',
  kubernetesApiPorts: [443, 6443],
  outbound: [{ cidrs: ['0.0.0.0/0'], ports: [{ port: 443, protocol: 'TCP' as const }] }],
  dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } },
  /** DNS port, UDP and TCP. */
  dnsPort: 53,
} as const;

/** A resolved conduit port (or port range). */
export interface ResolvedConduitPort {
  readonly port: number;
  readonly endPort?: number;
  readonly protocol: NetworkProtocol;
}

/** A resolved zone. */
export type ResolvedZone =
  | { readonly kind: 'namespace'; readonly name: string; readonly namespace: string; readonly purdueLevel?: PurdueLevel; readonly allowWithinZone: boolean }
  | { readonly kind: 'external'; readonly name: string; readonly cidrs: readonly string[]; readonly purdueLevel?: PurdueLevel };

/** A resolved conduit end. */
export interface ResolvedConduitEnd {
  readonly zone: string;
  readonly workloadLabels: Readonly<Record<string, string>>;
}

/** A resolved conduit. */
export interface ResolvedConduit {
  readonly name: string;
  readonly from: ResolvedConduitEnd;
  readonly to: ResolvedConduitEnd;
  readonly ports: readonly ResolvedConduitPort[];
  readonly allowAnyAddress?: OptOut;
}

/** `SegmentedEdgeNetwork` props with every default applied. */
export interface ResolvedSegmentedEdgeNetwork {
  readonly id: string;
  readonly zones: readonly ResolvedZone[];
  readonly conduits: readonly ResolvedConduit[];
  readonly aio: {
    readonly namespace: string;
    readonly brokerPodLabels: Readonly<Record<string, string>>;
    readonly arcNamespace: string;
    readonly kubernetesApiCidrs: readonly string[];
    readonly kubernetesApiPorts: readonly number[];
    readonly outbound: readonly { readonly cidrs: readonly string[]; readonly ports: readonly ResolvedConduitPort[] }[];
  };
  readonly dns: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/**
 * Validates `SegmentedEdgeNetwork` props and applies every default. Throws `AioSecureError`
 * naming the prop path, the value and the fix for the first problem found.
 */
export function resolveSegmentedEdgeNetwork(id: string, props: SegmentedEdgeNetworkProps): ResolvedSegmentedEdgeNetwork {
  const err = new PropErrors(CONSTRUCT, id);
  if (!DNS_LABEL.test(id) || id.length > 40) {
    throw err.error('INVALID_PROP', 'id', 'is not a DNS-1123 label of at most 40 characters', id, 'Use lower-case letters, digits and "-"');
  }
  if (!props || typeof props !== 'object') throw err.error('MISSING_PROP', 'props', 'are missing', props, 'Pass zones and aio');
  if (!Array.isArray(props.zones) || props.zones.length === 0) {
    throw err.error('MISSING_PROP', 'zones', 'is empty', props.zones ?? NO_VALUE, 'Declare at least one zone, e.g. { name: "level-3", purdueLevel: "3" }', 'CN-7');
  }

  // DNS and AIO first: zone namespaces may not take theirs.
  const dnsNamespace = props.dns?.namespace ?? SEGMENTED_EDGE_NETWORK_DEFAULTS.dns.namespace;
  if (!DNS_LABEL.test(dnsNamespace)) throw err.error('INVALID_PROP', 'dns.namespace', 'is not a namespace name', dnsNamespace, 'Use the namespace of the cluster DNS, e.g. "kube-system"');
  const dnsLabels = props.dns?.podLabels ?? SEGMENTED_EDGE_NETWORK_DEFAULTS.dns.podLabels;
  checkLabels(err, 'dns.podLabels', dnsLabels, false);

  const a = props.aio;
  if (!a || typeof a !== 'object') throw err.error('MISSING_PROP', 'aio', 'is missing', NO_VALUE, 'Give at least aio: { kubernetesApiCidrs: ["<API server address>/32"] }', 'CN-7');
  const aioNamespace = a.namespace ?? SEGMENTED_EDGE_NETWORK_DEFAULTS.aioNamespace;
  if (!DNS_LABEL.test(aioNamespace)) throw err.error('INVALID_PROP', 'aio.namespace', 'is not a namespace name', aioNamespace, 'Use the AIO namespace, e.g. "azure-iot-operations"');
  const arcNamespace = a.arcNamespace ?? SEGMENTED_EDGE_NETWORK_DEFAULTS.arcNamespace;
  if (!DNS_LABEL.test(arcNamespace)) throw err.error('INVALID_PROP', 'aio.arcNamespace', 'is not a namespace name', arcNamespace, 'Use the Arc agents\' namespace, e.g. "azure-arc"');
  const brokerPodLabels = a.brokerPodLabels ?? {};
  checkLabels(err, 'aio.brokerPodLabels', brokerPodLabels, true);
  if (!Array.isArray(a.kubernetesApiCidrs) || a.kubernetesApiCidrs.length === 0) {
    throw err.error('MISSING_PROP', 'aio.kubernetesApiCidrs', 'is empty', a.kubernetesApiCidrs ?? NO_VALUE,
      'Give the Kubernetes API server\'s addresses (kubectl get endpoints kubernetes -n default), e.g. ["10.0.0.10/32"]; AIO cannot work without the API', 'CN-7');
  }
  a.kubernetesApiCidrs.forEach((c, i) => checkCidr(err, `aio.kubernetesApiCidrs[${i}]`, c));
  const kubernetesApiPorts = a.kubernetesApiPorts ?? SEGMENTED_EDGE_NETWORK_DEFAULTS.kubernetesApiPorts;
  if (!Array.isArray(kubernetesApiPorts) || kubernetesApiPorts.length === 0) {
    throw err.error('INVALID_PROP', 'aio.kubernetesApiPorts', 'is empty', kubernetesApiPorts, 'Give the API server ports, e.g. [443, 6443]');
  }
  kubernetesApiPorts.forEach((p, i) => checkPortNumber(err, `aio.kubernetesApiPorts[${i}]`, p));
  const outbound = (a.outbound ?? SEGMENTED_EDGE_NETWORK_DEFAULTS.outbound).map((o, i) => {
    if (!Array.isArray(o.cidrs) || o.cidrs.length === 0) throw err.error('INVALID_PROP', `aio.outbound[${i}].cidrs`, 'is empty', o.cidrs ?? NO_VALUE, 'Give CIDR blocks, e.g. ["0.0.0.0/0"]');
    o.cidrs.forEach((c, j) => checkCidr(err, `aio.outbound[${i}].cidrs[${j}]`, c));
    return { cidrs: [...o.cidrs], ports: resolvePorts(err, `aio.outbound[${i}].ports`, o.ports) };
  });

  // Zones.
  const zones: ResolvedZone[] = [];
  const names = new Set<string>();
  const namespaces = new Map<string, string>();
  props.zones.forEach((z, i) => {
    const at = `zones[${i}]`;
    if (!z || typeof z !== 'object') throw err.error('INVALID_PROP', at, 'is not a zone', z, 'Give { name, purdueLevel?, namespace? | cidrs? }');
    if (typeof z.name !== 'string' || !DNS_LABEL.test(z.name) || z.name.length > 63) {
      throw err.error('INVALID_PROP', `${at}.name`, 'is not a DNS-1123 label', z.name, 'Use lower-case letters, digits and "-", e.g. "level-2-cell-a"');
    }
    if (z.name === AIO_ZONE) throw err.error('RESERVED_NAME', `${at}.name`, 'is reserved for the AIO namespace', z.name, 'Choose another name; conduits reach the AIO namespace as zone "aio"');
    if (names.has(z.name)) throw err.error('DUPLICATE', `${at}.name`, 'repeats an earlier zone', z.name, 'Give every zone its own name');
    names.add(z.name);
    if (z.purdueLevel !== undefined && !PURDUE_LEVELS.includes(z.purdueLevel)) {
      throw err.error('INVALID_PROP', `${at}.purdueLevel`, 'is not a Purdue level', z.purdueLevel, `Use one of ${PURDUE_LEVELS.map((l) => `"${l}"`).join(', ')}`);
    }
    const level = z.purdueLevel !== undefined ? { purdueLevel: z.purdueLevel } : {};
    if (z.cidrs !== undefined) {
      if (z.namespace !== undefined) throw err.error('INVALID_PROP', `${at}.namespace`, 'is set on an external zone', z.namespace, 'A zone is either a namespace or CIDR blocks; remove one');
      if (z.allowWithinZone !== undefined) throw err.error('INVALID_PROP', `${at}.allowWithinZone`, 'is set on an external zone', z.allowWithinZone, 'Traffic inside an external zone never crosses the cluster; remove it');
      if (!Array.isArray(z.cidrs) || z.cidrs.length === 0) throw err.error('INVALID_PROP', `${at}.cidrs`, 'is empty', z.cidrs, 'Give the zone\'s CIDR blocks, e.g. ["10.20.0.0/16"]');
      (z.cidrs as readonly string[]).forEach((c: string, j: number) => checkCidr(err, `${at}.cidrs[${j}]`, c));
      zones.push({ kind: 'external', name: z.name, cidrs: [...(z.cidrs as readonly string[])], ...level });
      return;
    }
    const namespace = z.namespace ?? z.name;
    if (!DNS_LABEL.test(namespace) || namespace.length > 63) throw err.error('INVALID_PROP', `${at}.namespace`, 'is not a namespace name', namespace, 'Use a DNS-1123 label');
    for (const [reserved, what] of [[aioNamespace, 'the AIO namespace'], [dnsNamespace, 'the cluster DNS namespace'], [arcNamespace, 'the Arc agents\' namespace']] as const) {
      if (namespace === reserved) throw err.error('RESERVED_NAME', `${at}.namespace`, `is ${what}`, namespace, 'Put the zone\'s workloads in a namespace of their own');
    }
    const other = namespaces.get(namespace);
    if (other !== undefined) throw err.error('DUPLICATE', `${at}.namespace`, `is already zone "${other}"'s namespace`, namespace, 'Give every in-cluster zone its own namespace');
    namespaces.set(namespace, z.name);
    if (z.allowWithinZone !== undefined && typeof z.allowWithinZone !== 'boolean') throw err.error('INVALID_PROP', `${at}.allowWithinZone`, 'is not a boolean', z.allowWithinZone, 'Use true or false');
    zones.push({ kind: 'namespace', name: z.name, namespace, allowWithinZone: z.allowWithinZone ?? SEGMENTED_EDGE_NETWORK_DEFAULTS.allowWithinZone, ...level });
  });

  // External zones may not overlap each other, the API server, or straddle an outbound block.
  const externals = zones.filter((z): z is Extract<ResolvedZone, { kind: 'external' }> => z.kind === 'external');
  const blocks = externals.flatMap((z) => z.cidrs.map((c) => ({ zone: z.name, cidr: c, range: parseCidr(c) })));
  for (let i = 0; i < blocks.length; i++) {
    for (let j = i + 1; j < blocks.length; j++) {
      if (blocks[i].zone !== blocks[j].zone && overlaps(blocks[i].range, blocks[j].range)) {
        throw err.error('INVALID_PROP', `zones[${zones.findIndex((z) => z.name === blocks[j].zone)}].cidrs`, `overlaps zone "${blocks[i].zone}" (${blocks[i].cidr})`, blocks[j].cidr,
          'External zones must not overlap, or a conduit to one would open the other; split the blocks');
      }
    }
  }
  a.kubernetesApiCidrs.forEach((c, i) => {
    const hit = blocks.find((b) => overlaps(b.range, parseCidr(c)));
    if (hit) throw err.error('INVALID_PROP', `aio.kubernetesApiCidrs[${i}]`, `overlaps external zone "${hit.zone}" (${hit.cidr})`, c, 'Give the API server\'s own addresses');
  });
  outbound.forEach((o, i) => o.cidrs.forEach((c, j) => {
    const r = parseCidr(c);
    const hit = blocks.find((b) => overlaps(b.range, r) && !within(b.range, r));
    if (hit) throw err.error('INVALID_PROP', `aio.outbound[${i}].cidrs[${j}]`, `partly overlaps external zone "${hit.zone}" (${hit.cidr})`, c, 'Use blocks that contain whole external zones (they are cut out) or none of them');
  }));

  // Conduits.
  const zoneByName = new Map(zones.map((z) => [z.name, z]));
  const conduitNames = new Set<string>();
  const conduits = (props.conduits ?? []).map((c, i): ResolvedConduit => {
    const at = `conduits[${i}]`;
    if (!c || typeof c !== 'object') throw err.error('INVALID_PROP', at, 'is not a conduit', c, 'Give { from, to, ports }');
    const from = resolveEnd(err, `${at}.from`, c.from, zoneByName, brokerPodLabels);
    const to = resolveEnd(err, `${at}.to`, c.to, zoneByName, brokerPodLabels);
    const fromZone = zoneByName.get(from.zone);
    const toZone = zoneByName.get(to.zone);
    if (fromZone?.kind === 'external' && toZone?.kind === 'external') {
      throw err.error('INVALID_PROP', `${at}.to`, 'is an external zone, as is from', to.zone, 'Traffic between external zones never crosses the cluster; declare it on the plant firewall');
    }
    if (from.zone === to.zone && fromZone?.kind === 'namespace' && fromZone.allowWithinZone && !Object.keys(from.workloadLabels).length && !Object.keys(to.workloadLabels).length) {
      throw err.error('INVALID_PROP', `${at}.to`, 'is the zone it starts in, which allowWithinZone already opens', to.zone, 'Remove the conduit, or set allowWithinZone: false on the zone');
    }
    const name = c.name ?? `${from.zone}-to-${to.zone}`;
    if (!DNS_LABEL.test(name) || name.length > 63) throw err.error('INVALID_PROP', `${at}.name`, 'is not a DNS-1123 label of at most 63 characters', name, 'Use lower-case letters, digits and "-"');
    if (conduitNames.has(name)) {
      throw err.error('DUPLICATE', `${at}.name`, 'repeats an earlier conduit', name, c.name ? 'Give every conduit its own name' : 'Two conduits join the same zones; give them names');
    }
    conduitNames.add(name);
    const ports = resolvePorts(err, `${at}.ports`, c.ports);
    const anyAddress = fromZone?.kind === 'external' && to.zone === AIO_ZONE && fromZone.cidrs.some(isEveryAddressCidr);
    if (anyAddress && !c.allowAnyAddress) {
      throw err.error('INSECURE_WITHOUT_OPT_OUT', `${at}.from`, `is zone "${from.zone}", which holds every address, and the conduit goes to the AIO namespace`, from.zone,
        'Narrow the zone to the networks that need the broker, or set allowAnyAddress with a reason, an owner and an expiry', 'CN-7');
    }
    if (c.allowAnyAddress !== undefined) {
      if (!anyAddress) throw err.error('INVALID_PROP', `${at}.allowAnyAddress`, 'is set on a conduit that does not admit every address to the AIO namespace', NO_VALUE, 'Remove it');
      const problem = waiverProblem(c.allowAnyAddress);
      if (problem) throw err.error('INVALID_WAIVER', `${at}.allowAnyAddress.${problem[0]}`, problem[1], c.allowAnyAddress[problem[0] as keyof OptOut], problem[2]);
    }
    return { name, from, to, ports, ...(c.allowAnyAddress ? { allowAnyAddress: c.allowAnyAddress } : {}) };
  });

  return {
    id,
    zones,
    conduits,
    aio: {
      namespace: aioNamespace,
      brokerPodLabels: { ...brokerPodLabels },
      arcNamespace,
      kubernetesApiCidrs: [...a.kubernetesApiCidrs],
      kubernetesApiPorts: [...kubernetesApiPorts],
      outbound,
    },
    dns: { namespace: dnsNamespace, podLabels: { ...dnsLabels } },
  };
}

function resolveEnd(
  err: PropErrors,
  at: string,
  end: string | ConduitEndpoint | undefined,
  zones: ReadonlyMap<string, ResolvedZone>,
  brokerPodLabels: Readonly<Record<string, string>>,
): ResolvedConduitEnd {
  const e = typeof end === 'string' ? { zone: end } : end;
  if (!e || typeof e !== 'object' || typeof e.zone !== 'string') throw err.error('MISSING_PROP', at, 'is missing', end ?? NO_VALUE, 'Name a zone, or give { zone, workloadLabels }');
  const zone = zones.get(e.zone);
  if (!zone && e.zone !== AIO_ZONE) {
    throw err.error('INVALID_PROP', `${at}${typeof end === 'string' ? '' : '.zone'}`, 'is not a declared zone', e.zone, `Use one of ${[...zones.keys(), AIO_ZONE].map((z) => `"${z}"`).join(', ')}`);
  }
  if (e.workloadLabels !== undefined) {
    if (zone?.kind === 'external') throw err.error('INVALID_PROP', `${at}.workloadLabels`, 'is set on an external zone', e.workloadLabels, 'External zones are addresses, not pods; remove it');
    checkLabels(err, `${at}.workloadLabels`, e.workloadLabels, true);
  }
  const workloadLabels = e.workloadLabels ?? (e.zone === AIO_ZONE ? brokerPodLabels : {});
  return { zone: e.zone, workloadLabels: { ...workloadLabels } };
}

function resolvePorts(err: PropErrors, at: string, ports: readonly ConduitPortProps[] | undefined): ResolvedConduitPort[] {
  if (!Array.isArray(ports) || ports.length === 0) {
    throw err.error('MISSING_PROP', at, 'is empty', ports ?? NO_VALUE, 'Give the ports the conduit carries, e.g. [{ port: 8883 }]; there is no all-ports conduit', 'CN-7');
  }
  return ports.map((p, i) => {
    if (!p || typeof p !== 'object') throw err.error('INVALID_PROP', `${at}[${i}]`, 'is not a port', p, 'Give { port, endPort?, protocol? }');
    checkPortNumber(err, `${at}[${i}].port`, p.port);
    if (p.endPort !== undefined) {
      checkPortNumber(err, `${at}[${i}].endPort`, p.endPort);
      if (p.endPort < p.port) throw err.error('INVALID_PROP', `${at}[${i}].endPort`, `is below port ${p.port}`, p.endPort, 'Give the last port of the range');
    }
    const protocol = p.protocol ?? 'TCP';
    if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') throw err.error('INVALID_PROP', `${at}[${i}].protocol`, 'is not a protocol', protocol, 'Use "TCP", "UDP" or "SCTP"');
    return { port: p.port, ...(p.endPort !== undefined && p.endPort !== p.port ? { endPort: p.endPort } : {}), protocol };
  });
}

function checkPortNumber(err: PropErrors, at: string, port: unknown): void {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) throw err.error('INVALID_PROP', at, 'is not a port number', port, 'Use 1-65535');
}

function checkCidr(err: PropErrors, at: string, cidr: unknown): void {
  if (typeof cidr !== 'string') throw err.error('INVALID_PROP', at, 'is not a CIDR block', cidr, 'Write it as address/prefix, e.g. "10.20.0.0/16"');
  let r;
  try {
    r = parseCidr(cidr);
  } catch {
    const bare = /^[\d.]+$/.test(cidr) ? ` Did you mean "${cidr}/32"?` : /^[0-9a-fA-F:]+$/.test(cidr) && cidr.includes(':') ? ` Did you mean "${cidr}/128"?` : '';
    throw err.error('INVALID_PROP', at, 'is not a CIDR block', cidr, `Write it as address/prefix, e.g. "10.20.0.0/16".${bare}`.replace(/\.$/, ''));
  }
  const m = /^([^/]+)\/(\d+)$/.exec(cidr)!;
  if (parseCidr(`${m[1]}/${r.family === 4 ? 32 : 128}`).start !== r.start) {
    throw err.error('INVALID_PROP', at, 'has host bits set', cidr, `Use the network address, e.g. "${formatNetwork(r.start, r.family)}/${m[2]}"`);
  }
}

function formatNetwork(start: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((start >> s) & 255n)).join('.');
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((start >> s) & 0xffffn).toString(16));
  return groups.join(':');
}

function checkLabels(err: PropErrors, at: string, labels: unknown, allowEmpty: boolean): void {
  if (!labels || typeof labels !== 'object' || Array.isArray(labels)) throw err.error('INVALID_PROP', at, 'is not a map of labels', labels, 'Give { key: value } pairs');
  const entries = Object.entries(labels as Record<string, unknown>);
  if (!allowEmpty && entries.length === 0) throw err.error('INVALID_PROP', at, 'is empty', labels, 'Give the labels that select the pods');
  for (const [k, v] of entries) {
    if (!LABEL_KEY.test(k)) throw err.error('INVALID_PROP', `${at}["${k}"]`, 'is not a label key', k, 'Use a Kubernetes label key such as "app.kubernetes.io/name"');
    if (typeof v !== 'string' || !LABEL_VALUE.test(v)) throw err.error('INVALID_PROP', `${at}["${k}"]`, 'is not a label value', v, 'Use at most 63 alphanumerics with "-", "_", "." inside');
  }
}

type Range = ReturnType<typeof parseCidr>;
const overlaps = (a: Range, b: Range) => a.family === b.family && a.start <= b.end && b.start <= a.end;
/** `inner` lies wholly in `outer`. */
const within = (inner: Range, outer: Range) => inner.family === outer.family && inner.start >= outer.start && inner.end <= outer.end;

function isEveryAddressCidr(c: string): boolean {
  return /\/0$/.test(c.trim());
}

// ---------------------------------------------------------------------------------------------
// Plan

/** Logical ids of the planned resources; they are API. */
export const segmentedEdgeNetworkIds = {
  namespace: (id: string, zone: string) => `${id}/namespace/${zone}`,
  defaultDeny: (id: string, zone: string) => `${id}/${zone}/default-deny`,
  dns: (id: string, zone: string) => `${id}/${zone}/dns`,
  withinZone: (id: string, zone: string) => `${id}/${zone}/within-zone`,
  conduit: (id: string, conduit: string, side: 'egress' | 'ingress') => `${id}/conduit/${conduit}/${side}`,
  aio: (id: string, what: 'components' | 'arc-agents' | 'kubernetes-api' | 'outbound') => `${id}/${AIO_ZONE}/${what}`,
};

/** Policy names, per namespace. */
export const SEGMENTATION_POLICY_NAMES = {
  defaultDeny: 'aio-secure-default-deny',
  dns: 'aio-secure-allow-dns',
  withinZone: 'aio-secure-within-zone',
  conduit: (name: string, side: 'egress' | 'ingress') => `aio-secure-conduit-${name}-${side}`,
  aio: (what: string) => `aio-secure-aio-${what}`,
};

/** Plans the zone namespaces and every NetworkPolicy. */
export function planSegmentedEdgeNetwork(r: ResolvedSegmentedEdgeNetwork): Resource[] {
  const ids = segmentedEdgeNetworkIds;
  const names = SEGMENTATION_POLICY_NAMES;
  const out: Resource[] = [];
  const zoneByName = new Map(r.zones.map((z) => [z.name, z]));
  const externals = r.zones.filter((z): z is Extract<ResolvedZone, { kind: 'external' }> => z.kind === 'external');
  const policy = (id: string, namespace: string, name: string, role: string, spec: JsonObject, extra: Partial<Resource> = {}): Resource => ({
    id,
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'NetworkPolicy',
    name,
    namespace,
    ...extra,
    labels: { [SEGMENTATION_LABELS.role]: role, ...extra.labels },
    spec,
  });
  const dnsPeer: JsonObject = {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: r.dns.namespace } },
    podSelector: { matchLabels: { ...r.dns.podLabels } },
  };
  const dnsRule: JsonObject = {
    to: [dnsPeer],
    ports: [{ protocol: 'UDP', port: SEGMENTED_EDGE_NETWORK_DEFAULTS.dnsPort }, { protocol: 'TCP', port: SEGMENTED_EDGE_NETWORK_DEFAULTS.dnsPort }],
  };
  const baseline = (zone: string, namespace: string) => {
    out.push(policy(ids.defaultDeny(r.id, zone), namespace, names.defaultDeny, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }));
    out.push(policy(ids.dns(r.id, zone), namespace, names.dns, 'dns', { podSelector: {}, policyTypes: ['Egress'], egress: [dnsRule] }));
  };

  for (const z of r.zones) {
    if (z.kind !== 'namespace') continue;
    out.push({
      id: ids.namespace(r.id, z.name),
      group: '',
      version: 'v1',
      kind: 'Namespace',
      name: z.namespace,
      labels: { [SEGMENTATION_LABELS.zone]: z.name, ...(z.purdueLevel ? { [SEGMENTATION_LABELS.purdueLevel]: z.purdueLevel } : {}) },
      spec: {},
    });
    baseline(z.name, z.namespace);
    if (z.allowWithinZone) {
      out.push(policy(ids.withinZone(r.id, z.name), z.namespace, names.withinZone, 'within-zone', {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ podSelector: {} }] }],
        egress: [{ to: [{ podSelector: {} }] }],
      }));
    }
  }

  // The AIO namespace: what AIO itself needs.
  const aioNs = r.aio.namespace;
  baseline(AIO_ZONE, aioNs);
  out.push(policy(ids.aio(r.id, 'components'), aioNs, names.aio('components'), 'aio-components', {
    podSelector: {},
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ from: [{ podSelector: {} }] }],
    egress: [{ to: [{ podSelector: {} }] }],
  }));
  const arcPeer = { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: r.aio.arcNamespace } } };
  out.push(policy(ids.aio(r.id, 'arc-agents'), aioNs, names.aio('arc-agents'), 'aio-arc-agents', {
    podSelector: {},
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ from: [arcPeer] }],
    egress: [{ to: [arcPeer] }],
  }));
  const apiPeers = r.aio.kubernetesApiCidrs.map((cidr) => ({ ipBlock: { cidr } }));
  out.push(policy(ids.aio(r.id, 'kubernetes-api'), aioNs, names.aio('kubernetes-api'), 'aio-kubernetes-api', {
    podSelector: {},
    policyTypes: ['Ingress', 'Egress'],
    // The API server calls AIO's admission webhooks; AIO's operators call the API server.
    ingress: [{ from: apiPeers }],
    egress: [{ to: apiPeers, ports: r.aio.kubernetesApiPorts.map((port) => ({ protocol: 'TCP', port })) }],
  }));
  if (r.aio.outbound.length) {
    out.push(policy(ids.aio(r.id, 'outbound'), aioNs, names.aio('outbound'), 'aio-outbound', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: r.aio.outbound.map((o) => ({
        to: o.cidrs.map((cidr) => {
          const outer = parseCidr(cidr);
          const except = externals.flatMap((z) => z.cidrs).filter((c) => within(parseCidr(c), outer));
          return { ipBlock: { cidr, ...(except.length ? { except } : {}) } };
        }),
        ports: o.ports.map(portJson),
      })),
    }, externals.length ? { annotations: { [SEGMENTATION_LABELS.externalZones]: externalZonesJson(externals) } } : {}));
  }

  // Conduits: egress where they start, ingress where they end.
  const zoneId = (zone: string) => (zone === AIO_ZONE ? aioNs : zone);
  const namespaceOf = (zone: string) => {
    if (zone === AIO_ZONE) return aioNs;
    const z = zoneByName.get(zone)!;
    return z.kind === 'namespace' ? z.namespace : undefined;
  };
  const peersOf = (end: ResolvedConduitEnd): JsonObject[] => {
    const z = zoneByName.get(end.zone);
    if (z?.kind === 'external') return z.cidrs.map((cidr) => ({ ipBlock: { cidr } }));
    return [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespaceOf(end.zone)! } }, podSelector: selector(end.workloadLabels) }];
  };
  for (const c of r.conduits) {
    const ext = [zoneByName.get(c.from.zone), zoneByName.get(c.to.zone)].filter((z): z is Extract<ResolvedZone, { kind: 'external' }> => z?.kind === 'external');
    const extra: Partial<Resource> = {
      labels: { [SEGMENTATION_LABELS.conduit]: c.name, [SEGMENTATION_LABELS.conduitFrom]: zoneId(c.from.zone), [SEGMENTATION_LABELS.conduitTo]: zoneId(c.to.zone) },
      ...(ext.length ? { annotations: { [SEGMENTATION_LABELS.externalZones]: externalZonesJson(ext) } } : {}),
    };
    const ports = c.ports.map(portJson);
    const fromNs = namespaceOf(c.from.zone);
    if (fromNs) {
      out.push(policy(ids.conduit(r.id, c.name, 'egress'), fromNs, names.conduit(c.name, 'egress'), 'conduit', {
        podSelector: selector(c.from.workloadLabels),
        policyTypes: ['Egress'],
        egress: [{ to: peersOf(c.to), ports }],
      }, extra));
    }
    const toNs = namespaceOf(c.to.zone);
    if (toNs) {
      const waivers: Waiver[] = c.allowAnyAddress
        ? [{ rule: 'broker-admits-any-address', reason: `conduit ${c.name}: ${c.allowAnyAddress.reason}`, owner: c.allowAnyAddress.owner, expires: c.allowAnyAddress.expires }]
        : [];
      out.push(policy(ids.conduit(r.id, c.name, 'ingress'), toNs, names.conduit(c.name, 'ingress'), 'conduit', {
        podSelector: selector(c.to.workloadLabels),
        policyTypes: ['Ingress'],
        ingress: [{ from: peersOf(c.from), ports }],
      }, { ...extra, ...(waivers.length ? { waivers } : {}) }));
    }
  }
  return out;
}

function selector(labels: Readonly<Record<string, string>>): JsonObject {
  return Object.keys(labels).length ? { matchLabels: { ...labels } } : {};
}

function portJson(p: ResolvedConduitPort): JsonObject {
  return { protocol: p.protocol, port: p.port, ...(p.endPort !== undefined ? { endPort: p.endPort } : {}) };
}

function externalZonesJson(zones: readonly Extract<ResolvedZone, { kind: 'external' }>[]): string {
  return JSON.stringify(zones.map((z) => ({ name: z.name, cidrs: z.cidrs, ...(z.purdueLevel ? { purdueLevel: z.purdueLevel } : {}) })));
}

/**
 * The zones and conduits of a resolved network as plain data, for diagrams (the declared side;
 * `ReachabilityModel.graph()` gives the computed side).
 */
export interface SegmentationDesign {
  readonly zones: readonly { readonly id: string; readonly kind: 'namespace' | 'external'; readonly namespace?: string; readonly cidrs?: readonly string[]; readonly purdueLevel?: string }[];
  readonly conduits: readonly { readonly name: string; readonly from: string; readonly to: string; readonly ports: readonly string[] }[];
}

/** The declared design of a resolved network; zone ids are the ones the analysis uses. */
export function segmentationDesign(r: ResolvedSegmentedEdgeNetwork): SegmentationDesign {
  const zoneId = (zone: string) => (zone === AIO_ZONE ? r.aio.namespace : zone);
  return {
    zones: [
      ...r.zones.map((z) => (z.kind === 'namespace'
        ? { id: z.name, kind: z.kind, namespace: z.namespace, ...(z.purdueLevel ? { purdueLevel: z.purdueLevel } : {}) }
        : { id: z.name, kind: z.kind, cidrs: z.cidrs, ...(z.purdueLevel ? { purdueLevel: z.purdueLevel } : {}) })),
      { id: r.aio.namespace, kind: 'namespace' as const, namespace: r.aio.namespace },
    ],
    conduits: r.conduits.map((c) => ({
      name: c.name,
      from: zoneId(c.from.zone),
      to: zoneId(c.to.zone),
      ports: c.ports.map((p) => `${p.protocol} ${p.port}${p.endPort !== undefined ? `-${p.endPort}` : ''}`),
    })),
  };
}
