import { defineRule, outcome, type RuleFinding } from '../types';
import { isExposed, LISTENER, listenerPorts, servesTls, serviceTypeOf, stringField } from './common';

/**
 * CN-1 and CN-7: no port outside the cluster is plaintext, even with authentication. A lab may
 * waive it; production cannot.
 */
export const exposedPlaintextListener = defineRule({
  name: 'exposed-plaintext-listener',
  guidance: ['CN-1', 'CN-7'],
  description: 'No LoadBalancer or NodePort listener port serves authenticated clients without TLS.',
  rationale:
    'A port reachable from outside the cluster carries its traffic over the plant network and whatever that network is routed to. Without TLS, ' +
    'every client\'s credentials (service account tokens, usernames and passwords of custom authentication) and every message cross it in clear text, ' +
    'where anyone on the path can read them, replay the credentials, or change the messages. Authentication does not help: it is what gets stolen.',
  remediation:
    'Remove allowPlaintext from the SecureBroker port: TLS is its default, and every SecureBroker listener is a LoadBalancer or NodePort, so allowPlaintext is only accepted in development. ' +
    'By hand: add tls: { mode: Automatic, certManagerCertificateSpec: {...} } to the port. In development a waiver with a reason, an owner and an expiry is accepted; in production it is not.',
  severity: { development: 'warning', production: 'error' },
  waivable: { development: true, production: false },
  appliesTo: [LISTENER],
  messages: {
    exposedPlaintext:
      'Port {port} of {serviceType} listener {listener} is reachable from outside the cluster without TLS: its clients\' credentials and messages cross the network in clear text.',
  },
  check(listener) {
    if (!isExposed(listener)) {
      return { status: 'not-applicable', reason: `service type ${serviceTypeOf(listener)} is only reachable inside the cluster` };
    }
    const findings: RuleFinding<'exposedPlaintext'>[] = [];
    for (const p of listenerPorts(listener)) {
      // An anonymous plaintext port is exposed-anonymous-plaintext-listener's, which no profile may waive.
      if (servesTls(p) || !stringField(p.port, 'authenticationRef')) continue;
      findings.push({
        messageId: 'exposedPlaintext',
        data: { port: p.number, listener: listener.name, serviceType: serviceTypeOf(listener) },
        path: p.path,
      });
    }
    return outcome(findings);
  },
});
