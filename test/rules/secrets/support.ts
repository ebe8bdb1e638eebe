import { planAzureResource, referencePlaceholder } from '../../../lib/model/azure';
import { BUILT_IN_ROLES, roleDefinitionPath, type BuiltInRole } from '../../../lib/model/azure-roles';
import type { JsonObject, Resource } from '../../../lib/model/resource';
import { NS } from '../helpers';

/** A core/v1 Secret shaped the way the Kubernetes reader shapes it (no spec: the top-level fields). */
export function secret(name: string, fields: JsonObject): Resource {
  return { id: `${NS}/Secret/${name}`, group: '', version: 'v1', kind: 'Secret', name, namespace: NS, spec: fields };
}

export const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

export function spc(name: string, spec: JsonObject): Resource {
  return { id: `${NS}/SecretProviderClass/${name}`, group: 'secrets-store.csi.x-k8s.io', version: 'v1', kind: 'SecretProviderClass', name, namespace: NS, spec };
}

export const vault = (name: string, properties: JsonObject, extra: Partial<Resource> = {}): Resource => ({
  ...planAzureResource({ id: `vault/${name}`, armType: 'Microsoft.KeyVault/vaults', name, spec: { properties } }),
  ...extra,
});

export const identity = (name: string): Resource =>
  planAzureResource({ id: `identity/${name}`, armType: 'Microsoft.ManagedIdentity/userAssignedIdentities', name, spec: {} });

export const credential = (identityName: string, account: string, name = account): Resource =>
  planAzureResource({
    id: `identity/${identityName}/${name}`,
    armType: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials',
    name,
    parentName: identityName,
    spec: { properties: { issuer: 'https://oidc.example.net/', subject: `system:serviceaccount:azure-iot-operations:${account}`, audiences: ['api://AzureADTokenExchange'] } },
  });

/** A role assignment of `role` for a planned identity, scoped to a planned vault (or given a literal scope). */
export function roleAssignment(name: string, role: BuiltInRole | string, principal: { identity: string } | { principalId: string }, scope: { vault: string } | { literal: string } = { vault: 'kv-plant-a' }): Resource {
  const refs = [];
  const properties: JsonObject = { roleDefinitionId: typeof role === 'string' ? role : roleDefinitionPath(role), principalType: 'ServicePrincipal' };
  if ('identity' in principal) {
    properties.principalId = referencePlaceholder({ resource: `identity/${principal.identity}`, attribute: 'principalId' });
    refs.push({ pointer: '/spec/properties/principalId', resource: `identity/${principal.identity}`, attribute: 'principalId' as const });
  } else {
    properties.principalId = principal.principalId;
  }
  let scopeValue: string;
  if ('vault' in scope) {
    scopeValue = referencePlaceholder({ resource: `vault/${scope.vault}`, attribute: 'id' });
    refs.push({ pointer: '/spec/scope', resource: `vault/${scope.vault}`, attribute: 'id' as const });
  } else {
    scopeValue = scope.literal;
  }
  return planAzureResource({ id: `role/${name}`, armType: 'Microsoft.Authorization/roleAssignments', name, spec: { scope: scopeValue, properties }, references: refs });
}

export { BUILT_IN_ROLES };
