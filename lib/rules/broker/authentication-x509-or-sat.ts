import { isJsonObject } from '../../model/resource';
import { defineRule, outcome, type RuleFinding } from '../types';
import { AUTHENTICATION, sameEnum } from './common';

type Message = 'noMethods' | 'customMethod' | 'unknownMethod' | 'noAudiences';

/** ED-3: clients authenticate with X.509 certificates or service account tokens only. */
export const authenticationX509OrSat = defineRule({
  name: 'authentication-x509-or-sat',
  guidance: ['ED-3'],
  description: 'Every BrokerAuthentication uses only the X509 and ServiceAccountToken methods.',
  rationale:
    'X.509 client certificates and Kubernetes service account tokens are the methods the guidance recommends: both are bound to an identity the operator issues and can revoke or let expire. ' +
    'Custom authentication hands the decision to an external server whose security the broker cannot see, and an unreachable custom server makes the broker fall through to the next method.',
  remediation:
    'Use SecureBroker\'s listener authentication prop: x509 (trusted client CA ConfigMap) and/or serviceAccountToken (audiences). ' +
    'If a Custom method is unavoidable, serve it over HTTPS with a CA and waive this rule with a reason.',
  severity: { development: 'error', production: 'error' },
  waivable: true,
  appliesTo: [AUTHENTICATION],
  messages: {
    noMethods: 'BrokerAuthentication {name} lists no authentication methods.',
    customMethod: 'Method {index} of BrokerAuthentication {name} is Custom; use X509 or ServiceAccountToken.',
    unknownMethod: 'Method {index} of BrokerAuthentication {name} is {method}, which is neither X509 nor ServiceAccountToken.',
    noAudiences: 'Method {index} of BrokerAuthentication {name} accepts service account tokens without naming any audience.',
  },
  check(authn) {
    const methods = authn.spec.authenticationMethods;
    if (methods !== undefined && !Array.isArray(methods)) throw new Error('spec.authenticationMethods is not a list');
    if (!methods || methods.length === 0) {
      return outcome<Message>([{ messageId: 'noMethods', data: { name: authn.name }, path: '/spec/authenticationMethods' }]);
    }
    const findings: RuleFinding<Message>[] = [];
    methods.forEach((m, i) => {
      if (!isJsonObject(m)) throw new Error(`spec.authenticationMethods[${i}] is not an object`);
      const data = { index: i, name: authn.name };
      const path = `/spec/authenticationMethods/${i}`;
      if (sameEnum(m.method, 'X509')) return;
      if (sameEnum(m.method, 'ServiceAccountToken')) {
        const settings = m.serviceAccountTokenSettings;
        const audiences = isJsonObject(settings) ? settings.audiences : undefined;
        if (!Array.isArray(audiences) || audiences.length === 0) findings.push({ messageId: 'noAudiences', data, path });
        return;
      }
      if (sameEnum(m.method, 'Custom')) findings.push({ messageId: 'customMethod', data, path: `${path}/method` });
      else findings.push({ messageId: 'unknownMethod', data: { ...data, method: m.method === undefined ? '(none)' : String(m.method) }, path: `${path}/method` });
    });
    return outcome(findings);
  },
});
