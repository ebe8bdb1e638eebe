import { describeResource, describeValueAt, referenceAt } from '../../model/azure';
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

/** The secret provider classes of a deployment by the client id they sign in with, built once per index. */
interface SecretProviderClassesByClient {
  /** Kubernetes ones by lower-cased `parameters.clientID`. */
  readonly k8sByLiteral: Map<string, Resource[]>;
  /** ARM ones by the identity their `properties.clientId` references. */
  readonly armByIdentity: Map<string, Resource[]>;
  /** ARM ones by lower-cased literal `properties.clientId`. */
  readonly armByLiteral: Map<string, Resource[]>;
}

const spcCache = new WeakMap<DeploymentIndex, SecretProviderClassesByClient>();

function push(map: Map<string, Resource[]>, key: string | undefined, r: Resource): void {
  if (key === undefined) return;
  const list = map.get(key);
  if (list) list.push(r);
  else map.set(key, [r]);
}

function secretProviderClassTables(index: DeploymentIndex): SecretProviderClassesByClient {
  let t = spcCache.get(index);
  if (!t) {
    t = { k8sByLiteral: new Map(), armByIdentity: new Map(), armByLiteral: new Map() };
    for (const spc of ofKind(index, SECRET_PROVIDER_CLASS)) {
      const params = isJsonObject(spc.spec.parameters) ? spc.spec.parameters : undefined;
      push(t.k8sByLiteral, lower(params?.clientID), spc);
    }
    for (const spc of ofKind(index, ARM_SECRET_PROVIDER_CLASS)) {
      const spcRef = referenceAt(spc, '/spec/properties/clientId');
      if (spcRef && 'resource' in spcRef) push(t.armByIdentity, spcRef.resource, spc);
      const props = isJsonObject(spc.spec.properties) ? spc.spec.properties : undefined;
      // A referenced client id is matched by the identity it names; its placeholder is no literal.
      if (!(spcRef && 'resource' in spcRef)) push(t.armByLiteral, lower(props?.clientId), spc);
    }
    spcCache.set(index, t);
  }
  return t;
}

/** The secret provider classes (Kubernetes or ARM) whose client id is the given one. */
function secretProviderClassesWith(index: DeploymentIndex, endpoint: Resource, pointer: string, clientId: unknown): Resource[] {
  const ref = referenceAt(endpoint, pointer);
  const t = secretProviderClassTables(index);
  const literal = typeof clientId === 'string' ? clientId.toLowerCase() : undefined;
  const out: Resource[] = [...(literal !== undefined ? t.k8sByLiteral.get(literal) ?? [] : [])];
  if (ref && 'resource' in ref) out.push(...(t.armByIdentity.get(ref.resource) ?? []));
  else if (!ref && literal !== undefined) out.push(...(t.armByLiteral.get(literal) ?? []));
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
    sharedWithSecretSync: 'Endpoint {endpoint} authenticates as {identity}, which secret provider class {spc} also uses for secret sync.',
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
      const identity = tie.tied ? describeResource(tie.identity) : `client id ${describeValueAt(r, pointer, index) ?? String(uami.settings.clientId)}`;
      findings.push({ messageId: 'sharedWithSecretSync', data: { endpoint: r.name, identity, spc: spc.name }, path: pointer });
    }
    return outcome(findings);
  },
});
