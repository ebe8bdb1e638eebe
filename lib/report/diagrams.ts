/**
 * Report data from the analyses: the zones-and-conduits diagram (from the reachability analysis of
 * the NetworkPolicies), the MQTT access matrix (from the broker's authorizations) and the attested
 * controls. Each is computed only when the deployment has the objects it needs, so a report of
 * foreign manifests without NetworkPolicies or authorizations draws no empty diagram.
 */
import { accessMatrix, MqttAccessModel, type MqttPrincipal } from '../analysis/mqtt-access';
import { ReachabilityModel } from '../analysis/reachability';
import { attestationStatus } from '../model/attested-controls';
import type { Resource } from '../model/resource';
import { K8S } from '../model/versions';
import type { AccessMatrixDiagram, AccessMethod, ReportExtras, ZoneDiagram } from './extras';

/** The diagrams (unless `diagrams: false`) and attestations of a deployment, for `ReportExtras`. */
export function analysesForReport(resources: readonly Resource[], now: Date, options: { readonly diagrams?: boolean } = {}): Pick<ReportExtras, 'diagrams' | 'attestations'> {
  const drawn = options.diagrams ?? true;
  const zones = drawn ? zoneDiagram(resources) : undefined;
  const mqttAccess = drawn ? mqttAccessDiagram(resources) : undefined;
  return {
    ...(zones || mqttAccess ? { diagrams: { ...(zones ? { zones } : {}), ...(mqttAccess ? { mqttAccess } : {}) } } : {}),
    attestations: attestationStatus(resources, now),
  };
}

/** Zones and the connections the NetworkPolicies allow between them; undefined without policies. */
export function zoneDiagram(resources: readonly Resource[]): ZoneDiagram | undefined {
  if (!resources.some((r) => r.group === 'networking.k8s.io' && r.kind === 'NetworkPolicy')) return undefined;
  const graph = ReachabilityModel.fromResources(resources).graph();
  const declared = new Set(graph.declaredConduits.map((c) => `${c.from}\u0000${c.to}`));
  return {
    zones: graph.zones.map((z) => ({ id: z.id, ...(z.purdueLevel ? { label: `${z.id} (level ${z.purdueLevel})` } : {}), kind: z.kind === 'external' ? 'external' : 'in-cluster' })),
    conduits: graph.zoneEdges
      .filter((e) => e.from !== e.to)
      .map((e) => ({ from: e.from, to: e.to, ports: e.ports, declared: declared.has(`${e.from}\u0000${e.to}`) })),
  };
}

/**
 * Principals against topic filters on the first listener port that grants anyone anything (else
 * the first with principals); undefined without authorizations.
 */
export function mqttAccessDiagram(resources: readonly Resource[]): AccessMatrixDiagram | undefined {
  if (!resources.some((r) => r.group === K8S.mqttBroker.group && r.kind === 'BrokerAuthorization')) return undefined;
  const matrices = accessMatrix(MqttAccessModel.fromResources(resources)).filter((m) => m.rows.length > 0 && m.filters.length > 0);
  const grants = (m: (typeof matrices)[number]) => m.rows.some((r) => r.cells.some((c) => c.publish === true || c.subscribe === true));
  const matrix = matrices.find(grants) ?? matrices[0];
  if (!matrix) return undefined;
  return {
    topics: matrix.filters,
    rows: matrix.rows.map((row) => ({
      principal: principalName(row.principal),
      cells: row.cells.map((c): AccessMethod[] | null => {
        if (c.publish === undefined || c.subscribe === undefined) return null;
        return [...(c.publish ? ['publish' as const] : []), ...(c.subscribe ? ['subscribe' as const] : [])];
      }),
    })),
  };
}

function principalName(p: MqttPrincipal): string {
  const parts = [
    ...(p.clientId !== undefined ? [`clientId ${p.clientId}`] : []),
    ...(p.username !== undefined ? [`username ${p.username}`] : []),
    ...Object.entries(p.attributes ?? {}).map(([k, v]) => `${k}=${v}`),
  ];
  return parts.join(', ') || '(anyone)';
}
