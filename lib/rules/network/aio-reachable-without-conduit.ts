import { formatPorts, portSet } from '../../analysis/reachability';
import { AIO } from '../../model/aio';
import { defineRule, outcome, type RuleFinding } from '../types';
import { LISTENER } from '../broker/common';
import { NAMESPACE, reachabilityOf, zoneOf } from './common';

/**
 * CN-7: a zone reaches workloads in the AIO namespace only through a declared conduit. Computed
 * with the reachability analysis over the whole deployment.
 */
export const aioReachableWithoutConduit = defineRule({
  name: 'aio-reachable-without-conduit',
  guidance: ['CN-7'],
  description: 'A zone namespace reaches workloads in the AIO namespace only if a conduit from that zone to AIO is declared.',
  rationale:
    'The AIO namespace holds the broker, the dataflows and the connectors: the path from the plant floor to the cloud. A zone that can open connections ' +
    'to it without a declared conduit has a path nobody reviewed, usually because the AIO namespace has no default deny or a policy there admits too much. ' +
    'Declared conduits are the list an auditor reads; the analysis proves the policies match it.',
  remediation:
    'Use SegmentedEdgeNetwork: it puts a default deny on the AIO namespace and opens only the conduits you declare (conduits: [{ from: "<zone>", to: "aio", ports }]). ' +
    'By hand: a default-deny NetworkPolicy in the AIO namespace, and policies labelled aio-secure.io/conduit, -from and -to for each reviewed path.',
  severity: { development: 'warning', production: 'error' },
  waivable: true,
  appliesTo: [NAMESPACE],
  messages: {
    undeclared: 'Zone {zone} (namespace {namespace}) reaches {target} in the AIO namespace {aio} on {ports}, and no conduit from {zone} to {aio} is declared.',
  },
  check(namespace, { index }) {
    const zone = zoneOf(namespace);
    if (zone === undefined) return { status: 'not-applicable', reason: 'the namespace is not labelled as a zone (aio-secure.io/zone)' };
    const listeners = index.ofKind(LISTENER.group, LISTENER.kind);
    const aioNamespaces = [...new Set(listeners.length ? listeners.map((l) => l.namespace ?? AIO.namespace) : index.resources.some((r) => r.namespace === AIO.namespace) ? [AIO.namespace] : [])];
    if (!aioNamespaces.length) return { status: 'not-applicable', reason: 'the input has no broker listener and nothing in the AIO namespace' };
    if (aioNamespaces.includes(namespace.name)) return { status: 'not-applicable', reason: 'the namespace is the AIO namespace itself' };
    const model = reachabilityOf(index);
    if (!model.complete) throw new Error(`the reachability analysis could not read ${model.problems.map((p) => `${p.resource} (${p.message})`).join('; ')}`);
    const endpoints = model.endpoints;
    const sources = endpoints.filter((e) => e.namespace === namespace.name);
    const findings: RuleFinding<'undeclared'>[] = [];
    for (const aio of aioNamespaces) {
      const aioZone = model.zones.find((z) => z.namespaces?.includes(aio))?.id ?? aio;
      if (model.declaredConduits.some((c) => c.from === zone && c.to === aioZone)) continue;
      for (const target of endpoints.filter((e) => e.namespace === aio)) {
        const ports = sources.map((s) => model.portsBetween(s.id, target.id)).filter((p) => p.length);
        if (!ports.length) continue;
        findings.push({
          messageId: 'undeclared',
          data: { zone, namespace: namespace.name, target: target.placeholder ? `${target.name} (standing in for pods the input does not show)` : target.id, aio: aioZone, ports: formatPorts(portSet(ports.flat())).join(', ') },
        });
      }
    }
    return outcome(findings);
  },
});
