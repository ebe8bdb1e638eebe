import { defineRule, outcome, type RuleFinding } from '../types';
import { isEmptySelector, NAMESPACE, NETWORK_POLICY, namespaceOf, peersOf, policyTypesOf, rulesOf, zoneOf } from './common';

/**
 * CN-7: a namespace that declares itself a zone denies by default in both directions. Namespaces
 * that do not declare themselves zones are not its business, so foreign manifests stay quiet.
 */
export const zoneDefaultDeny = defineRule({
  name: 'zone-default-deny',
  guidance: ['CN-7'],
  description: 'A namespace labelled as a zone (aio-secure.io/zone) has a default-deny NetworkPolicy for ingress and for egress.',
  rationale:
    'Kubernetes allows all traffic to and from a pod until a NetworkPolicy selects it, one direction at a time. A zone without a default deny ' +
    'is therefore open in that direction to every pod of the cluster (and, for egress, to the plant and enterprise networks), whatever conduits ' +
    'are declared for it: allows only add. IEC 62443 zones are meant to talk through conduits only.',
  remediation:
    'Declare the zone in SegmentedEdgeNetwork (zones: [{ name, ... }]), which emits aio-secure-default-deny with both policyTypes. ' +
    'By hand: a NetworkPolicy in the namespace with podSelector: {} and policyTypes: [Ingress, Egress], and no rule that admits everyone.',
  severity: { development: 'warning', production: 'error' },
  waivable: true,
  appliesTo: [NAMESPACE],
  messages: {
    noDefaultDeny:
      'Zone namespace {namespace} (zone {zone}) has no default deny for {direction}: until a policy selects its pods, {direction} is open to everything.',
  },
  check(namespace, { index }) {
    const zone = zoneOf(namespace);
    if (zone === undefined) return { status: 'not-applicable', reason: 'the namespace is not labelled as a zone (aio-secure.io/zone)' };
    const policies = index.ofKind(NETWORK_POLICY.group, NETWORK_POLICY.kind).filter((p) => namespaceOf(p) === namespace.name);
    const findings: RuleFinding<'noDefaultDeny'>[] = [];
    for (const direction of ['Ingress', 'Egress'] as const) {
      const field = direction === 'Ingress' ? 'ingress' : 'egress';
      const denies = policies.some((p) => {
        if (!isEmptySelector(p.spec.podSelector) || !policyTypesOf(p).includes(direction)) return false;
        // A rule without peers and ports admits everything: that is no deny.
        return !rulesOf(p, field).some((r) => {
          const peers = direction === 'Ingress' ? peersOf(r) : peersOf({ from: r.to ?? null });
          const ports = r.ports;
          return peers === 'everyone' && (ports === undefined || ports === null || (Array.isArray(ports) && ports.length === 0));
        });
      });
      if (!denies) findings.push({ messageId: 'noDefaultDeny', data: { namespace: namespace.name, zone, direction: field } });
    }
    return outcome(findings);
  },
});
