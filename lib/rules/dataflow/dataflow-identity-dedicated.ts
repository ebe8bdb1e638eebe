import { isJsonObject, type Resource } from '../../model/resource';
import type { DeploymentIndex } from '../deployment-index';
import { defineRule, outcome, type RuleFinding } from '../types';
import {
  ARM_SECRET_PROVIDER_CLASS,
  ENDPOINT,
  identityAt,
  lower,
  ofKind,
  SECRET_PROVIDER_CLASS,
  userAssignedSettings,
} from './common';

type M = 'sharedWithSecretSync';

/** The secret provider classes (Kubernetes or ARM) whose client id is the given one. */
function secretProviderClassesWith(index: DeploymentIndex, endpoint: Resource, pointer: string, clientId: unknown): Resource[] {
  const ref = endpoint.references?.find((r) => r.pointer === pointer);
  const out: Resource[] = [];
  for (const spc of ofKind(index, SECRET_PROVIDER_CLASS)) {
    const params = isJsonObject(spc.spec.parameters) ? spc.spec.parameters : undefined;
    if (params && typeof clientId === 'string' && lower(params.clientID) === clientId.toLowerCase()) out.push(spc);
  }
  for (const spc of ofKind(index, ARM_SECRET_PROVIDER_CLASS)) {
    const spcRef = spc.references?.find((r) => r.pointer === '/spec/properties/clientId');
    if (ref && 'resource' in ref && spcRef && 'resource' in spcRef && spcRef.resource === ref.resource) {
      out.push(spc);
      continue;
    }
    const props = isJsonObject(spc.spec.properties) ? spc.spec.properties : undefined;
    if (!ref && props && typeof clientId === 'string' && lower(props.clientId) === clientId.toLowerCase()) out.push(spc);
  }
  return out;
}

/**
 * CL-1, AS-1: the dataflow identity is not the secret-sync identity, seen from the dataflow side:
 * an endpoint whose client id a secret provider class also uses. An identity federated with both
 * service accounts is reported once, by the secrets rule secret-sync-identity-least-privilege.
 */
export const dataflowIdentityDedicated = defineRule({
  name: 'dataflow-identity-dedicated',
  guidance: ['CL-1', 'AS-1'],
  description: 'No dataflow endpoint authenticates with the client id that secret sync uses.',
  rationale:
    "Secret sync's identity reads Key Vault; the dataflow identity writes to cloud services. One identity for both means a token taken from either component reads every synced secret and writes to every target, and neither role can be revoked without breaking the other.",
  remediation:
    'Give ManagedIdentityDataflow its own identity (identity.name) and KeyVaultSecretSync another; federate aio-dataflow and aio-ssc-sa on different identities.',
  severity: { development: 'warning', production: 'error' },
  waivable: true,
  appliesTo: [ENDPOINT],
  messages: {
    sharedWithSecretSync: 'Endpoint {endpoint} authenticates as client id {clientId}, which secret provider class {spc} also uses for secret sync.',
  },
  check(r, { index }) {
    const findings: RuleFinding<M>[] = [];
    const uami = userAssignedSettings(r);
    if (!uami) return { status: 'not-applicable', reason: 'the endpoint does not use a user-assigned identity' };
    const pointer = `${uami.pointer}/clientId`;
    const shared = secretProviderClassesWith(index, r, pointer, uami.settings.clientId);
    // The same identity reached through a reference (an ARM template or Pulumi program).
    const tie = identityAt(index, r, pointer, uami.settings.clientId, 'clientId');
    for (const spc of shared) {
      findings.push({ messageId: 'sharedWithSecretSync', data: { endpoint: r.name, clientId: tie.tied ? tie.identity.name : String(uami.settings.clientId), spc: spc.name }, path: pointer });
    }
    return outcome(findings);
  },
});
