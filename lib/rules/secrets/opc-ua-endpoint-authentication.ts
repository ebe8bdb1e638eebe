import { isJsonObject } from '../../model/resource';
import { defineRule, outcome, type RuleFinding } from '../types';
import { DEVICES, opcUaEndpointsOrNotApplicable, unresolvedAt } from '../../model/opc-ua-trust';

type Message = 'anonymous' | 'noAuthentication';

/** CN-6: the connector signs in to every OPC UA server with a certificate or a username and password. */
export const opcUaEndpointAuthentication = defineRule({
  name: 'opc-ua-endpoint-authentication',
  guidance: ['CN-6'],
  description: 'Every OPC UA inbound endpoint of a device authenticates with a certificate or a username and password, never anonymously.',
  rationale:
    'An OPC UA server that lets the connector in anonymously lets everyone in who can reach it: its data and, with write access, the process it controls. ' +
    'Microsoft\'s guidance is not to use no-auth to OPC UA servers. An endpoint without an authentication object is anonymous too: that is what the AIO CLI writes when none is given.',
  remediation:
    'With OpcUaTrust, give each endpoint authentication: { method: "Certificate", certificate: { secret, key } } or { method: "UsernamePassword", username, password }, ' +
    'from Secrets that KeyVaultSecretSync syncs. By hand, set authentication.method to Certificate (x509Credentials) or UsernamePassword (usernamePasswordCredentials), and configure the user on the server.',
  severity: { development: 'warning', production: 'error' },
  waivable: { development: true, production: false },
  appliesTo: DEVICES,
  messages: {
    anonymous: 'Device {device} connects to OPC UA endpoint {endpoint} anonymously (authentication.method Anonymous).',
    noAuthentication: 'Device {device} has no authentication on OPC UA endpoint {endpoint}, which makes it anonymous.',
  },
  check(device) {
    const endpoints = opcUaEndpointsOrNotApplicable(device);
    if (!Array.isArray(endpoints)) return endpoints;
    const findings: RuleFinding<Message>[] = [];
    for (const e of endpoints) {
      const pointer = `${e.path}/authentication`;
      if (unresolvedAt(device, pointer)) throw new Error(`endpoints.inbound.${e.name}.authentication is only known at deployment`);
      const auth = e.endpoint.authentication;
      if (auth === undefined || auth === null) {
        findings.push({ messageId: 'noAuthentication', data: { device: device.name, endpoint: e.name }, path: pointer });
        continue;
      }
      if (!isJsonObject(auth) || typeof auth.method !== 'string') throw new Error(`endpoints.inbound.${e.name}.authentication.method is not readable`);
      if (auth.method.toLowerCase() === 'anonymous') findings.push({ messageId: 'anonymous', data: { device: device.name, endpoint: e.name }, path: pointer });
    }
    return outcome(findings);
  },
});
