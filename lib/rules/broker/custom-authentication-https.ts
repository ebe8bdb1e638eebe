import { isJsonObject } from '../../model/resource';
import { defineRule, outcome, type RuleFinding } from '../types';
import { AUTHENTICATION, sameEnum } from './common';

type Message = 'notHttps' | 'noCaCertConfigMap';

/**
 * ED-3: a Custom authentication method hands every client's credentials to its server, so it talks
 * to that server over HTTPS and verifies it against a named CA. Cannot be waived.
 */
export const customAuthenticationHttps = defineRule({
  name: 'custom-authentication-https',
  guidance: ['ED-3'],
  description: 'Every Custom authentication method calls an https:// endpoint and names the CA of that server in caCertConfigMap.',
  rationale:
    'With Custom authentication the broker forwards each connecting client\'s credentials (username and password, certificate, token) to an external server and lets it decide. ' +
    'Over plain HTTP those credentials cross the network readable by anyone on the path; without a CA of its own, the broker cannot tell the real server from one that collects credentials. ' +
    'No reason makes that acceptable, so it cannot be waived.',
  remediation:
    'Use SecureBroker\'s allowCustomAuthentication, which only accepts an https:// endpoint and a caCertConfigMap (and waives authentication-x509-or-sat with its reason). ' +
    'By hand: customSettings: { endpoint: https://..., caCertConfigMap: <ConfigMap with the server\'s CA> }. Better still, use X509 or ServiceAccountToken.',
  severity: { development: 'error', production: 'error' },
  waivable: false,
  appliesTo: [AUTHENTICATION],
  messages: {
    notHttps: 'Method {index} of BrokerAuthentication {name} sends client credentials to {endpoint}, which is not an https:// URL.',
    noCaCertConfigMap: 'Method {index} of BrokerAuthentication {name} calls {endpoint} without a caCertConfigMap, so the broker cannot verify the server it hands client credentials to.',
  },
  check(authn) {
    const methods = authn.spec.authenticationMethods;
    if (methods !== undefined && methods !== null && !Array.isArray(methods)) throw new Error('spec.authenticationMethods is not a list');
    const findings: RuleFinding<Message>[] = [];
    let custom = 0;
    (methods ?? []).forEach((m, i) => {
      if (!isJsonObject(m)) throw new Error(`spec.authenticationMethods[${i}] is not an object`);
      if (!sameEnum(m.method, 'Custom')) return;
      custom++;
      const path = `/spec/authenticationMethods/${i}/customSettings`;
      const settings = m.customSettings ?? {};
      if (!isJsonObject(settings)) throw new Error(`spec.authenticationMethods[${i}].customSettings is not an object`);
      const endpoint = settings.endpoint;
      if (endpoint !== undefined && endpoint !== null && typeof endpoint !== 'string') {
        throw new Error(`spec.authenticationMethods[${i}].customSettings.endpoint ${JSON.stringify(endpoint)} is not a string`);
      }
      const shown = endpoint || '(no endpoint)';
      const data = { index: i, name: authn.name, endpoint: shown };
      if (!isHttpsUrl(endpoint)) findings.push({ messageId: 'notHttps', data, path: `${path}/endpoint` });
      const ca = settings.caCertConfigMap;
      if (ca !== undefined && ca !== null && typeof ca !== 'string') {
        throw new Error(`spec.authenticationMethods[${i}].customSettings.caCertConfigMap ${JSON.stringify(ca)} is not a string`);
      }
      if (!ca) findings.push({ messageId: 'noCaCertConfigMap', data, path });
    });
    if (custom === 0) return { status: 'not-applicable', reason: 'no Custom authentication method' };
    return outcome(findings);
  },
});

/** True for an absolute https URL with a host (the scheme in any case, as URLs allow). */
function isHttpsUrl(value: string | null | undefined): boolean {
  // The URL parser is lenient ("https:host" parses); insist on the written form first.
  if (!value || !/^https:\/\/[^\s/?#]+/i.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
}
