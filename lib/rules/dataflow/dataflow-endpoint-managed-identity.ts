import { authenticationOf, endpointTarget } from '../../model/dataflow-targets';
import { isJsonObject } from '../../model/resource';
import { defineRule, outcome, type RuleFinding } from '../types';
import { ENDPOINT, lower } from './common';

const TARGET_NAMES = {
  eventHubs: 'Azure Event Hubs',
  eventGrid: 'Azure Event Grid',
  dataLake: 'Azure Data Lake Storage',
  dataExplorer: 'Azure Data Explorer',
  fabricOneLake: 'Microsoft Fabric OneLake',
} as const;

type M = 'systemAssigned' | 'accessToken' | 'sasl' | 'anonymous' | 'x509';

/** CL-1: a dataflow endpoint to an Azure service authenticates with a user-assigned managed identity. */
export const dataflowEndpointManagedIdentity = defineRule({
  name: 'dataflow-endpoint-managed-identity',
  guidance: ['CL-1'],
  description: 'Every dataflow endpoint to an Azure service authenticates with a user-assigned managed identity.',
  rationale:
    "Access tokens, SASL passwords and client certificates are secrets that sit in the cluster and leak, and an anonymous endpoint has no identity at all. The system-assigned identity belongs to the AIO extension, so every component that uses it shares one set of permissions. A dedicated user-assigned identity gets short-lived tokens through workload identity federation and holds only the roles its dataflows need.",
  remediation:
    'Declare the endpoint in ManagedIdentityDataflow (endpoints[]), which always uses UserAssignedManagedIdentity with the dedicated identity, or set authentication: { method: UserAssignedManagedIdentity, userAssignedManagedIdentitySettings: { clientId, tenantId } }.',
  severity: { development: 'warning', production: 'error' },
  waivable: true,
  appliesTo: [ENDPOINT],
  messages: {
    systemAssigned: "Endpoint {endpoint} authenticates to {target} with the AIO extension's system-assigned identity.",
    accessToken: 'Endpoint {endpoint} authenticates to {target} with an access token from secret {secret}.',
    sasl: 'Endpoint {endpoint} authenticates to {target} with SASL credentials from secret {secret}.',
    anonymous: 'Endpoint {endpoint} connects to {target} anonymously.',
    x509: 'Endpoint {endpoint} authenticates to {target} with a client certificate from secret {secret}.',
  },
  check(endpoint) {
    const target = endpointTarget(endpoint.spec);
    if (target.kind !== 'cloud') return { status: 'not-applicable', reason: 'the endpoint does not connect to an Azure service' };
    const auth = authenticationOf(endpoint.spec, target);
    if (!auth) throw new Error(`spec.${target.settingsKey}.authentication is missing`);
    const path = `/spec/${target.settingsKey}/authentication/method`;
    const secret = (key: string) => {
      const s = auth[key];
      return isJsonObject(s) && typeof s.secretRef === 'string' ? s.secretRef : '(none named)';
    };
    const data = { endpoint: endpoint.name, target: TARGET_NAMES[target.type] };
    const findings: RuleFinding<M>[] = [];
    switch (lower(auth.method)) {
      case 'userassignedmanagedidentity':
        break;
      case 'systemassignedmanagedidentity':
        findings.push({ messageId: 'systemAssigned', data, path });
        break;
      case 'accesstoken':
        findings.push({ messageId: 'accessToken', data: { ...data, secret: secret('accessTokenSettings') }, path });
        break;
      case 'sasl':
        findings.push({ messageId: 'sasl', data: { ...data, secret: secret('saslSettings') }, path });
        break;
      case 'anonymous':
        findings.push({ messageId: 'anonymous', data, path });
        break;
      case 'x509certificate':
        findings.push({ messageId: 'x509', data: { ...data, secret: secret('x509CertificateSettings') }, path });
        break;
      default:
        throw new Error(`spec.${target.settingsKey}.authentication.method ${JSON.stringify(auth.method)} is not a method aio-secure knows`);
    }
    return outcome(findings);
  },
});
