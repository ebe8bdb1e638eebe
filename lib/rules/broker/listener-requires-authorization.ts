import { defineRule, outcome, type RuleFinding } from '../types';
import { AUTHORIZATION, isAioDefaultPort, LISTENER, listenerPorts, stringField } from './common';

type Message = 'noAuthorization' | 'authorizationNotFound' | 'authorizationWithoutAuthentication';

/** ED-4: every listener port (but AIO's own) applies an authorization policy. */
export const listenerRequiresAuthorization = defineRule({
  name: 'listener-requires-authorization',
  guidance: ['ED-4'],
  description:
    'Every BrokerListener port, except AIO\'s built-in port 18883, has an authorizationRef to a BrokerAuthorization in the deployment, together with an authenticationRef.',
  rationale:
    'Without authorization every authenticated client may publish and subscribe to every topic, so one compromised device can read or forge the whole plant\'s data. ' +
    'The broker only applies authorizationRef on ports that also authenticate.',
  remediation:
    'Use SecureBroker: its clients prop generates a least-privilege BrokerAuthorization and references it from every port. ' +
    'By hand: set ports[].authorizationRef (and authenticationRef) and check the BrokerAuthorization together with the listener.',
  severity: { development: 'error', production: 'error' },
  waivable: true,
  appliesTo: [LISTENER],
  messages: {
    noAuthorization: 'Port {port} of listener {listener} has no authorizationRef: every authenticated client may use every topic.',
    authorizationNotFound: 'Port {port} of listener {listener} references BrokerAuthorization {ref}, which is not among the checked manifests.',
    authorizationWithoutAuthentication: 'Port {port} of listener {listener} has an authorizationRef but no authenticationRef, so the broker does not apply it.',
  },
  check(listener, { index }) {
    const findings: RuleFinding<Message>[] = [];
    for (const p of listenerPorts(listener)) {
      if (isAioDefaultPort(listener, p)) continue; // aio-default-port-authorization tells that story
      const ref = stringField(p.port, 'authorizationRef');
      const data = { port: p.number, listener: listener.name };
      if (!ref) {
        findings.push({ messageId: 'noAuthorization', data, path: p.path });
        continue;
      }
      if (!index.find(AUTHORIZATION.group, AUTHORIZATION.kind, ref, listener.namespace)) {
        findings.push({ messageId: 'authorizationNotFound', data: { ...data, ref }, path: `${p.path}/authorizationRef` });
      }
      if (!stringField(p.port, 'authenticationRef')) {
        findings.push({ messageId: 'authorizationWithoutAuthentication', data, path: p.path });
      }
    }
    return outcome(findings);
  },
});
