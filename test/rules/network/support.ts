import type { JsonObject, Resource } from 'aio-secure';

/** A Namespace shaped the way the Kubernetes reader shapes it. */
export function namespace(name: string, labels?: Record<string, string>): Resource {
  return { id: `Namespace/${name}`, group: '', version: 'v1', kind: 'Namespace', name, ...(labels ? { labels } : {}), spec: {} };
}

/** A zone namespace (labelled aio-secure.io/zone). */
export const zone = (name: string, zoneName = name) => namespace(name, { 'aio-secure.io/zone': zoneName });

/** A NetworkPolicy shaped the way the Kubernetes reader shapes it. */
export function networkPolicy(ns: string, name: string, spec: JsonObject, labels?: Record<string, string>): Resource {
  return { id: `${ns}/NetworkPolicy/${name}`, group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy', name, namespace: ns, ...(labels ? { labels } : {}), spec };
}

/** A Service. */
export function service(ns: string, name: string, spec: JsonObject): Resource {
  return { id: `${ns}/Service/${name}`, group: '', version: 'v1', kind: 'Service', name, namespace: ns, spec };
}

/** A Pod with labels. */
export function pod(ns: string, name: string, labels: Record<string, string>): Resource {
  return { id: `${ns}/Pod/${name}`, group: '', version: 'v1', kind: 'Pod', name, namespace: ns, labels, spec: { containers: [{ name: 'c', image: 'x' }] } };
}

/** A default deny for both directions. */
export const defaultDeny = (ns: string) => networkPolicy(ns, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
