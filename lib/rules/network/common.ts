import { compileSelector, isEveryAddress, NAMESPACE_NAME_LABEL, ReachabilityModel, SEGMENTATION_LABELS } from '../../analysis/reachability';
import { AIO } from '../../model/aio';
import { isJsonObject, type JsonObject, type JsonValue, type Resource } from '../../model/resource';
import type { DeploymentIndex } from '../deployment-index';
import { LISTENER, listenerPorts, servesTls } from '../broker/common';
import type { KindSelector } from '../types';

/** Kind selectors of the network rules. */
export const NAMESPACE: KindSelector = { group: '', kind: 'Namespace' };
export const NETWORK_POLICY: KindSelector = { group: 'networking.k8s.io', kind: 'NetworkPolicy' };

/** The zone a namespace declares itself part of, if any. */
export function zoneOf(namespace: Resource): string | undefined {
  return namespace.labels?.[SEGMENTATION_LABELS.zone];
}

/** The namespace of a namespaced object, as the analysis reads it. */
export function namespaceOf(r: Resource): string {
  return r.namespace ?? 'default';
}

/** The effective policyTypes of a policy (the API server's defaulting). Throws when malformed. */
export function policyTypesOf(policy: Resource): ('Ingress' | 'Egress')[] {
  const t = policy.spec.policyTypes;
  if (t === undefined || t === null || (Array.isArray(t) && t.length === 0)) {
    const egress = policy.spec.egress;
    return ['Ingress', ...(Array.isArray(egress) && egress.length ? ['Egress' as const] : [])];
  }
  if (!Array.isArray(t) || !t.every((x) => x === 'Ingress' || x === 'Egress')) throw new Error(`spec.policyTypes ${JSON.stringify(t)} is not a list of Ingress and Egress`);
  return t as ('Ingress' | 'Egress')[];
}

/** True for a selector that selects everything (`{}`, or no match terms). Throws when malformed. */
export function isEmptySelector(s: JsonValue | undefined): boolean {
  if (s === undefined || s === null) return true;
  if (!isJsonObject(s)) throw new Error('spec.podSelector is not a label selector object');
  const labels = s.matchLabels;
  const exprs = s.matchExpressions;
  return (labels === undefined || labels === null || (isJsonObject(labels) && Object.keys(labels).length === 0))
    && (exprs === undefined || exprs === null || (Array.isArray(exprs) && exprs.length === 0));
}

/** The rules of one direction of a policy. Throws when malformed. */
export function rulesOf(policy: Resource, field: 'ingress' | 'egress'): JsonObject[] {
  const v = policy.spec[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new Error(`spec.${field} is not a list`);
  return v.map((r, i) => {
    if (r === null) return {};
    if (!isJsonObject(r)) throw new Error(`spec.${field}[${i}] is not an object`);
    return r;
  });
}

/** One broker port as pods see it. */
export interface BrokerPort {
  readonly listener: string;
  readonly port: number;
  /** The pod port NetworkPolicies match. */
  readonly targetPort: number;
  readonly tls: boolean;
  /** The Service selector of the listener's service, when the Service is in the input. */
  readonly selector?: Readonly<Record<string, string>>;
  readonly serviceName: string;
}

/** The broker ports of the listeners in a namespace. Throws (unknown) on malformed listeners. */
export function brokerPortsIn(index: DeploymentIndex, namespace: string): BrokerPort[] {
  const out: BrokerPort[] = [];
  for (const l of index.ofKind(LISTENER.group, LISTENER.kind)) {
    if ((l.namespace ?? AIO.namespace) !== namespace) continue;
    const serviceName = typeof l.spec.serviceName === 'string' && l.spec.serviceName
      ? l.spec.serviceName
      : l.name === AIO.defaultListener.name ? AIO.defaultListener.serviceName : `aio-broker-${l.name}`;
    const service = index.find('', 'Service', serviceName, namespace);
    const selector = service && isJsonObject(service.spec.selector)
      ? Object.fromEntries(Object.entries(service.spec.selector).filter((e): e is [string, string] => typeof e[1] === 'string'))
      : undefined;
    for (const p of listenerPorts(l)) {
      if (typeof p.number !== 'number') throw new Error(`BrokerListener ${l.name} ${p.path}/port is not a number`);
      const sp = service && Array.isArray(service.spec.ports) ? service.spec.ports.find((x) => isJsonObject(x) && x.port === p.number) : undefined;
      const targetPort = isJsonObject(sp) && typeof sp.targetPort === 'number' ? sp.targetPort : p.number;
      out.push({ listener: l.name, port: p.number, targetPort, tls: servesTls(p), serviceName, ...(selector ? { selector } : {}) });
    }
  }
  return out;
}

/**
 * Whether a policy selects the pods behind a broker port: an empty podSelector selects them; any
 * other is decided against the Service selector (the broker's pods carry those labels). Throws
 * (unknown) when the Service is not in the input and the selector is not empty.
 */
export function selectsBroker(policy: Resource, port: BrokerPort): boolean {
  if (isEmptySelector(policy.spec.podSelector)) return true;
  if (!port.selector) {
    throw new Error(`cannot tell whether spec.podSelector selects the broker's pods: Service ${port.serviceName} is not in the input`);
  }
  return compileSelector(policy.spec.podSelector, 'spec.podSelector')(port.selector);
}

/** Whether a rule's `ports` include a pod port (no ports: every port). Named ports never match a broker port number. */
export function rulePortsInclude(rule: JsonObject, port: number): boolean {
  const ports = rule.ports;
  if (ports === undefined || ports === null || (Array.isArray(ports) && ports.length === 0)) return true;
  if (!Array.isArray(ports)) throw new Error('a rule\'s ports is not a list');
  return ports.some((p) => {
    if (!isJsonObject(p)) throw new Error('a rule\'s port is not an object');
    const protocol = p.protocol ?? 'TCP';
    if (protocol !== 'TCP') return false;
    if (p.port === undefined || p.port === null) return true;
    if (typeof p.port !== 'number') return false;
    const end = typeof p.endPort === 'number' ? p.endPort : p.port;
    return p.port <= port && port <= end;
  });
}

/** The peers of an ingress rule: `'everyone'` when it names none. */
export function peersOf(rule: JsonObject): JsonObject[] | 'everyone' {
  const from = rule.from;
  if (from === undefined || from === null || (Array.isArray(from) && from.length === 0)) return 'everyone';
  if (!Array.isArray(from)) throw new Error('a rule\'s from is not a list');
  return from.map((p) => {
    if (!isJsonObject(p)) throw new Error('a peer is not an object');
    return p;
  });
}

/** The CIDR of an ipBlock peer, if it is one. */
export function ipBlockCidr(peer: JsonObject): string | undefined {
  return isJsonObject(peer.ipBlock) && typeof peer.ipBlock.cidr === 'string' ? peer.ipBlock.cidr : undefined;
}

export { isEveryAddress, NAMESPACE_NAME_LABEL };

const models = new WeakMap<DeploymentIndex, ReachabilityModel>();

/** The reachability of the whole deployment, computed once per index. */
export function reachabilityOf(index: DeploymentIndex): ReachabilityModel {
  let m = models.get(index);
  if (!m) {
    m = ReachabilityModel.fromResources(index.resources);
    models.set(index, m);
  }
  return m;
}
