import { builtInRoleOf, type BuiltInRole } from '../../model/azure-roles';
import { authenticationOf, endpointTarget, eventHubsNamespaceOfHost, parseArmResourceId, storageAccountOfHost, type EndpointTarget } from '../../model/dataflow-targets';
import { IDENTITY_ID_ANNOTATIONS } from '../../model/managed-identity-dataflow';
import { isJsonObject, type JsonObject, type Resource } from '../../model/resource';
import { K8S } from '../../model/versions';
import type { DeploymentIndex } from '../deployment-index';
import type { KindSelector } from '../types';

/** Kind selectors of the resources the dataflow rules read. */
export const ENDPOINT: KindSelector = { group: K8S.connectivity.group, kind: 'DataflowEndpoint' };
export const DATAFLOW: KindSelector = { group: K8S.connectivity.group, kind: 'Dataflow' };
export const IDENTITY: KindSelector = { group: 'Microsoft.ManagedIdentity', kind: 'userAssignedIdentities' };
export const FEDERATED_CREDENTIAL: KindSelector = { group: 'Microsoft.ManagedIdentity', kind: 'federatedIdentityCredentials' };
export const ROLE_ASSIGNMENT: KindSelector = { group: 'Microsoft.Authorization', kind: 'roleAssignments' };
/** The secret-sync side: Kubernetes SecretProviderClass and its ARM counterpart. */
export const SECRET_PROVIDER_CLASS: KindSelector = { group: 'secrets-store.csi.x-k8s.io', kind: 'SecretProviderClass' };
export const ARM_SECRET_PROVIDER_CLASS: KindSelector = { group: 'Microsoft.SecretSyncController', kind: 'azureKeyVaultSecretProviderClasses' };

/** All resources of a kind. */
export function ofKind(index: DeploymentIndex, s: KindSelector): readonly Resource[] {
  return index.ofKind(s.group, s.kind);
}

/** A lower-cased string, or undefined. */
export function lower(v: unknown): string | undefined {
  return typeof v === 'string' ? v.toLowerCase() : undefined;
}

/** True when the deployment holds Azure identities or role assignments (an ARM template, a Pulumi program). */
export function hasAzureSide(index: DeploymentIndex): boolean {
  return ofKind(index, IDENTITY).length > 0 || ofKind(index, ROLE_ASSIGNMENT).length > 0;
}

/** The user-assigned identity settings of an endpoint, with their pointer, if it uses one. */
export function userAssignedSettings(endpoint: Resource): { settings: JsonObject; pointer: string; target: EndpointTarget } | undefined {
  const target = endpointTarget(endpoint.spec);
  const auth = authenticationOf(endpoint.spec, target);
  if (!auth || lower(auth.method) !== 'userassignedmanagedidentity') return undefined;
  const settings = auth.userAssignedManagedIdentitySettings;
  if (!isJsonObject(settings)) throw new Error(`spec.${target.settingsKey}.authentication.userAssignedManagedIdentitySettings is missing`);
  return { settings, pointer: `/spec/${target.settingsKey}/authentication/userAssignedManagedIdentitySettings`, target };
}

/** How a value that names an identity's attribute was tied to a planned or read identity. */
export type IdentityTie =
  | { readonly tied: true; readonly identity: Resource }
  | { readonly tied: false; readonly reason: string };

/**
 * The identity whose `attribute` a resource holds at `pointer`: followed through a reference to
 * the resource it names, or matched by value against the identities' exported properties.
 */
export function identityAt(index: DeploymentIndex, r: Resource, pointer: string, value: unknown, attribute: 'clientId' | 'principalId'): IdentityTie {
  const ref = r.references?.find((x) => x.pointer === pointer);
  if (ref && 'resource' in ref) {
    const identity = index.resources.find((x) => x.id === ref.resource);
    if (!identity) return { tied: false, reason: `${pointer} refers to ${ref.resource}, which is not in the deployment` };
    return { tied: true, identity };
  }
  if (ref) return { tied: false, reason: `${pointer} is the deployment parameter ${ref.parameter}` };
  if (typeof value !== 'string' || value === '') return { tied: false, reason: `${pointer} is not a string` };
  const wanted = value.toLowerCase();
  // Exported identities carry their ids in properties; planned ones whose ids the props gave, in annotations.
  const annotation = attribute === 'clientId' ? IDENTITY_ID_ANNOTATIONS.clientId : undefined;
  const matches = ofKind(index, IDENTITY).filter((i) =>
    (isJsonObject(i.spec.properties) && lower(i.spec.properties[attribute]) === wanted) || (annotation !== undefined && lower(i.annotations?.[annotation]) === wanted));
  if (matches.length === 1) return { tied: true, identity: matches[0] };
  return { tied: false, reason: `no identity in the deployment has ${attribute} ${value}` };
}

/** The endpoints that authenticate as an identity. Throws (unknown) when one cannot be tied. */
export function endpointsOf(index: DeploymentIndex, identity: Resource): Resource[] {
  return ofKind(index, ENDPOINT).filter((e) => {
    const uami = userAssignedSettings(e);
    if (!uami) return false;
    const tie = identityAt(index, e, `${uami.pointer}/clientId`, uami.settings.clientId, 'clientId');
    return tie.tied && tie.identity === identity;
  });
}

/** The federated credentials of an identity. */
export function federatedCredentialsOf(index: DeploymentIndex, identity: Resource): Resource[] {
  return ofKind(index, FEDERATED_CREDENTIAL).filter((f) => f.parent?.name === identity.name);
}

/** The service account a federated subject names (`system:serviceaccount:<ns>:<name>`), if it is one. */
export function serviceAccountOf(subject: unknown): { namespace: string; name: string } | undefined {
  const m = typeof subject === 'string' ? /^system:serviceaccount:([^:]+):([^:]+)$/.exec(subject) : null;
  return m ? { namespace: m[1], name: m[2] } : undefined;
}

/** A role assignment's parts. Throws (unknown) when they are not literal. */
export function roleAssignmentParts(ra: Resource): { role?: BuiltInRole; roleDefinitionId: string; scope?: string; principalId: unknown } {
  const props = isJsonObject(ra.spec.properties) ? ra.spec.properties : undefined;
  if (!props) throw new Error('spec.properties is missing');
  const roleDefinitionId = props.roleDefinitionId;
  if (typeof roleDefinitionId !== 'string') throw new Error('spec.properties.roleDefinitionId is not a string');
  // A scope that is not a literal resource id (a reference to a planned vault, an expression) is
  // left undefined: callers decide only once they know the assignment concerns a dataflow identity.
  const scope = typeof ra.spec.scope === 'string' && parseArmResourceId(ra.spec.scope) ? ra.spec.scope : undefined;
  return { role: builtInRoleOf(roleDefinitionId), roleDefinitionId, ...(scope !== undefined ? { scope } : {}), principalId: props.principalId };
}

/** The account-level name of a cloud endpoint's target (Event Hubs namespace, storage account, Event Grid namespace). */
export function accountOfEndpoint(target: EndpointTarget): string | undefined {
  if (target.kind !== 'cloud' || !target.host) return undefined;
  switch (target.type) {
    case 'eventHubs':
      return eventHubsNamespaceOfHost(target.host);
    case 'dataLake':
      return storageAccountOfHost(target.host);
    case 'eventGrid':
      return target.host.split('.')[0].toLowerCase();
    default:
      return undefined;
  }
}

/** How the dataflows of the deployment use an endpoint: entities written to and read from. */
export function usesOf(index: DeploymentIndex, endpoint: Resource): { send: string[]; receive: string[] } {
  const send: string[] = [];
  const receive: string[] = [];
  for (const f of ofKind(index, DATAFLOW)) {
    if (f.namespace && endpoint.namespace && f.namespace !== endpoint.namespace) continue;
    const ops = Array.isArray(f.spec.operations) ? f.spec.operations : [];
    for (const op of ops) {
      if (!isJsonObject(op)) continue;
      const src = isJsonObject(op.sourceSettings) ? op.sourceSettings : undefined;
      const dst = isJsonObject(op.destinationSettings) ? op.destinationSettings : undefined;
      if (src && src.endpointRef === endpoint.name && Array.isArray(src.dataSources)) {
        for (const s of src.dataSources) if (typeof s === 'string') receive.push(s);
      }
      if (dst && dst.endpointRef === endpoint.name && typeof dst.dataDestination === 'string') send.push(dst.dataDestination);
    }
  }
  return { send: [...new Set(send)], receive: [...new Set(receive)] };
}

/** The value if it is a JSON object, else undefined. */
export function isJsonObjectSafe(v: unknown): JsonObject | undefined {
  return isJsonObject(v) ? v : undefined;
}
