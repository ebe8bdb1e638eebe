import { defineRule, outcome, type RuleFinding } from '../types';
import { isExposed, LISTENER, listenerPorts, servesTls, serviceTypeOf } from './common';

/** CN-1 and ED-3: no port outside the cluster is both plaintext and anonymous. Cannot be waived. */
export const exposedAnonymousPlaintextListener = defineRule({
  name: 'exposed-anonymous-plaintext-listener',
  guidance: ['CN-1', 'ED-3'],
  description: 'No LoadBalancer or NodePort listener port is both without TLS and without authentication.',
  rationale:
    'Such a port lets anyone who can reach the node or load balancer connect without credentials and read or inject plant data in clear text. ' +
    'It is what `az iot ops create --add-insecure-listener` creates for quick tests. No reason makes it acceptable outside a lab, so it cannot be waived.',
  remediation:
    'Remove the port, or give it TLS and an authenticationRef. SecureBroker never generates such a port.',
  severity: { development: 'warning', production: 'error' },
  waivable: false,
  appliesTo: [LISTENER],
  messages: {
    exposedAnonymousPlaintext: 'Port {port} of {serviceType} listener {listener} is reachable from outside the cluster with neither TLS nor authentication.',
  },
  check(listener) {
    if (!isExposed(listener)) {
      return { status: 'not-applicable', reason: `service type ${serviceTypeOf(listener)} is only reachable inside the cluster` };
    }
    const findings: RuleFinding<'exposedAnonymousPlaintext'>[] = [];
    for (const p of listenerPorts(listener)) {
      const noTls = !servesTls(p);
      const noAuthn = typeof p.port.authenticationRef !== 'string' || p.port.authenticationRef === '';
      if (noTls && noAuthn) {
        findings.push({
          messageId: 'exposedAnonymousPlaintext',
          data: { port: p.number, listener: listener.name, serviceType: serviceTypeOf(listener) },
          path: p.path,
        });
      }
    }
    return outcome(findings);
  },
});
