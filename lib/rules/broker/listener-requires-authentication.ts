import { AIO } from '../../model/aio';
import { defineRule, outcome, type RuleFinding } from '../types';
import { AUTHENTICATION, LISTENER, listenerPorts, stringField } from './common';

/** ED-3: every listener port authenticates its clients. */
export const listenerRequiresAuthentication = defineRule({
  name: 'listener-requires-authentication',
  guidance: ['ED-3'],
  description: 'Every BrokerListener port has an authenticationRef that names a BrokerAuthentication in the deployment.',
  rationale:
    'A port without authenticationRef accepts any client without credentials ("no-auth", which Microsoft\'s production guidance rules out), ' +
    'and authorization only takes effect on ports that also authenticate.',
  remediation:
    'Use SecureBroker: each listener\'s authentication prop generates a BrokerAuthentication and references it from every port. ' +
    'By hand: set ports[].authenticationRef to a BrokerAuthentication with X509 or ServiceAccountToken methods, and check it together with the listener.',
  severity: { development: 'error', production: 'error' },
  waivable: true,
  appliesTo: [LISTENER],
  messages: {
    noAuthentication: 'Port {port} of listener {listener} has no authenticationRef: any client can connect without credentials.',
    authenticationNotFound: 'Port {port} of listener {listener} references BrokerAuthentication {ref}, which is not among the checked manifests.',
  },
  check(listener, { index }) {
    const findings: RuleFinding<'noAuthentication' | 'authenticationNotFound'>[] = [];
    for (const p of listenerPorts(listener)) {
      const ref = stringField(p.port, 'authenticationRef');
      const data = { port: p.number, listener: listener.name };
      if (!ref) {
        findings.push({ messageId: 'noAuthentication', data, path: p.path });
      } else if (ref !== AIO.defaultAuthenticationName && !index.find(AUTHENTICATION.group, AUTHENTICATION.kind, ref, listener.namespace)) {
        findings.push({ messageId: 'authenticationNotFound', data: { ...data, ref }, path: `${p.path}/authenticationRef` });
      }
    }
    return outcome(findings);
  },
});
