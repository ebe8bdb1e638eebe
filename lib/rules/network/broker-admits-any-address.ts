import { defineRule, outcome, type RuleFinding } from '../types';
import { brokerPortsIn, ipBlockCidr, isEveryAddress, namespaceOf, NETWORK_POLICY, peersOf, policyTypesOf, rulePortsInclude, rulesOf, selectsBroker } from './common';

/** CN-7: no NetworkPolicy admits every address (0.0.0.0/0, ::/0, or no from at all) to the broker. */
export const brokerAdmitsAnyAddress = defineRule({
  name: 'broker-admits-any-address',
  guidance: ['CN-7'],
  description: 'No NetworkPolicy admits 0.0.0.0/0, ::/0 or every peer (a rule without from) to a broker port.',
  rationale:
    'A broker is the hub of the plant\'s data: segmentation is worth little if the policy in front of it admits every address. ' +
    '0.0.0.0/0 (or ::/0) admits the enterprise network, and through it whatever reaches that; a rule without from admits every pod and address. ' +
    'TLS and authentication still apply, but the broker\'s attack surface becomes the whole network instead of the zones that need it.',
  remediation:
    'Declare the zones that need the broker and a conduit from each to "aio" in SegmentedEdgeNetwork; it admits exactly those. A conduit from a zone that ' +
    'holds every address needs allowAnyAddress with a reason, an owner and an expiry, which becomes a waiver of this rule. By hand: name the CIDR blocks or namespaces.',
  severity: { development: 'warning', production: 'error' },
  waivable: true,
  appliesTo: [NETWORK_POLICY],
  messages: {
    anyAddress: 'NetworkPolicy {policy} admits every address ({cidr}) to port {port} of listener {listener}.',
    everyone: 'NetworkPolicy {policy} admits every peer (its rule has no from) to port {port} of listener {listener}.',
  },
  check(policy, { index }) {
    const ports = brokerPortsIn(index, namespaceOf(policy));
    if (!ports.length) return { status: 'not-applicable', reason: 'no broker listener in the policy\'s namespace' };
    if (!policyTypesOf(policy).includes('Ingress')) return { status: 'not-applicable', reason: 'the policy does not govern ingress' };
    const findings: RuleFinding<'anyAddress' | 'everyone'>[] = [];
    rulesOf(policy, 'ingress').forEach((rule, i) => {
      const peers = peersOf(rule);
      const cidrs = peers === 'everyone' ? [] : peers.map(ipBlockCidr).filter((c): c is string => c !== undefined && isEveryAddress(c));
      if (peers !== 'everyone' && !cidrs.length) return;
      for (const p of ports) {
        if (!rulePortsInclude(rule, p.targetPort) || !selectsBroker(policy, p)) continue;
        findings.push(peers === 'everyone'
          ? { messageId: 'everyone', data: { policy: policy.name, port: p.port, listener: p.listener }, path: `/spec/ingress/${i}` }
          : { messageId: 'anyAddress', data: { policy: policy.name, cidr: cidrs.join(', '), port: p.port, listener: p.listener }, path: `/spec/ingress/${i}` });
      }
    });
    return outcome(findings);
  },
});
