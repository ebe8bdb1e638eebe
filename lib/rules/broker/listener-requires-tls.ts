import { defineRule, outcome, type RuleFinding } from '../types';
import { LISTENER, listenerPorts, servesTls } from './common';

/** CN-1: every listener port serves TLS. */
export const listenerRequiresTls = defineRule({
  name: 'listener-requires-tls',
  guidance: ['CN-1'],
  description: 'Every BrokerListener port has a tls block.',
  rationale:
    'A port without tls carries MQTT credentials and payloads in clear text; anyone on the path can read or change them. Omitting tls is how the broker turns TLS off.',
  remediation:
    'Let SecureBroker generate the port (TLS is its default), or add tls: { mode: Automatic, certManagerCertificateSpec: {...} } to the port. ' +
    'If a test really needs plaintext, set the port\'s allowPlaintext: { reason, owner, expires }.',
  severity: { development: 'error', production: 'error' },
  waivable: true,
  appliesTo: [LISTENER],
  messages: {
    noTls: 'Port {port} of listener {listener} has no TLS.',
  },
  check(listener) {
    const findings: RuleFinding<'noTls'>[] = [];
    for (const p of listenerPorts(listener)) {
      if (!servesTls(p)) {
        findings.push({ messageId: 'noTls', data: { port: p.number, listener: listener.name }, path: p.path });
      }
    }
    return outcome(findings);
  },
});
