import { defineRule, outcome, type RuleFinding } from '../types';
import { brokerPortsIn, ipBlockCidr, namespaceOf, NETWORK_POLICY, peersOf, policyTypesOf, rulePortsInclude, rulesOf, selectsBroker } from './common';

/**
 * CN-1 and CN-7: no NetworkPolicy lets addresses outside the cluster (an ipBlock, or a rule open to
 * everyone) reach a broker port without TLS. LoadBalancer and NodePort listener ports without TLS
 * are exposed-plaintext-listener's and exposed-anonymous-plaintext-listener's.
 */
export const ipBlockToPlaintextBrokerPort = defineRule({
  name: 'ip-block-to-plaintext-broker-port',
  guidance: ['CN-1', 'CN-7'],
  description: 'No NetworkPolicy admits addresses outside the cluster (ipBlock, or no from at all) to a broker port without TLS.',
  rationale:
    'An ipBlock peer admits addresses, which Kubernetes means for traffic from outside the cluster: a plant cell, the enterprise network. ' +
    'Where pod addresses are routable, or traffic arrives through a node, that is a path from outside to the broker pod that no Service shows. ' +
    'On a port without TLS, every credential and message on that path is in clear text.',
  remediation:
    'Give the port TLS (SecureBroker does by default), or narrow the conduit: SegmentedEdgeNetwork conduits from external zones should go to TLS ports only. ' +
    'By hand: remove the ipBlock peer (or the empty from) from the rule that covers the port, or list only TLS ports in its ports.',
  severity: { development: 'warning', production: 'error' },
  waivable: { development: true, production: false },
  appliesTo: [NETWORK_POLICY],
  messages: {
    plaintextFromOutside:
      'NetworkPolicy {policy} admits {peer} to port {port} of listener {listener}, which has no TLS: clients outside the cluster reach it in clear text.',
  },
  check(policy, { index }) {
    const ports = brokerPortsIn(index, namespaceOf(policy));
    if (!ports.length) return { status: 'not-applicable', reason: 'no broker listener in the policy\'s namespace' };
    if (!policyTypesOf(policy).includes('Ingress')) return { status: 'not-applicable', reason: 'the policy does not govern ingress' };
    const plaintext = ports.filter((p) => !p.tls);
    if (!plaintext.length) return { status: 'not-applicable', reason: 'every broker port in the namespace has TLS' };
    const findings: RuleFinding<'plaintextFromOutside'>[] = [];
    rulesOf(policy, 'ingress').forEach((rule, i) => {
      const peers = peersOf(rule);
      const outside = peers === 'everyone' ? ['every address'] : peers.map(ipBlockCidr).filter((c): c is string => c !== undefined);
      if (!outside.length) return;
      for (const p of plaintext) {
        if (!rulePortsInclude(rule, p.targetPort) || !selectsBroker(policy, p)) continue;
        findings.push({
          messageId: 'plaintextFromOutside',
          data: { policy: policy.name, peer: outside.join(', '), port: p.port, listener: p.listener },
          path: `/spec/ingress/${i}`,
        });
      }
    });
    return outcome(findings);
  },
});
