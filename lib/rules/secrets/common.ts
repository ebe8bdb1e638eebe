import { azureKindOfType, referenceAt } from '../../model/azure';
import { SECRET_SYNC_ARM_TYPES, SECRET_SYNC_K8S } from '../../model/key-vault-secret-sync';
import { isJsonObject, type JsonObject, type JsonValue, type Resource, type ResourceReference } from '../../model/resource';
import type { KindSelector } from '../types';

function azureSelector(armType: string): KindSelector {
  const k = azureKindOfType(armType)!;
  return { group: k.group, kind: k.kind };
}

/** Kind selectors of the secret-sync rules. */
export const SECRET: KindSelector = { group: '', kind: 'Secret' };
export const SECRET_PROVIDER_CLASS: KindSelector = { group: SECRET_SYNC_K8S.secretProviderClass.group, kind: SECRET_SYNC_K8S.secretProviderClass.kind };
export const ARM_SECRET_PROVIDER_CLASS = azureSelector(SECRET_SYNC_ARM_TYPES.secretProviderClass);
export const VAULT = azureSelector(SECRET_SYNC_ARM_TYPES.vault);
export const IDENTITY = azureSelector(SECRET_SYNC_ARM_TYPES.identity);
export const FEDERATED_CREDENTIAL = azureSelector(SECRET_SYNC_ARM_TYPES.federatedCredential);
export const ROLE_ASSIGNMENT = azureSelector(SECRET_SYNC_ARM_TYPES.roleAssignment);

/** True when the resource is the ARM form (an Azure-only kind) rather than a Kubernetes object. */
export function isArmForm(r: Resource, selector: KindSelector): boolean {
  return r.group === selector.group && r.kind === selector.kind;
}

/** `spec.properties` of an Azure resource. Throws (unknown) when it is there but not an object. */
export function propertiesOf(r: Resource): JsonObject {
  const p = r.spec.properties;
  if (p === undefined || p === null) return {};
  if (!isJsonObject(p)) throw new Error('spec.properties is not an object');
  return p;
}

/**
 * A boolean setting, or undefined when it is absent. Throws (unknown) for anything else, such as a
 * deployment-time expression: a rule cannot judge it.
 */
export function booleanAt(r: Resource, props: JsonObject, field: string): boolean | undefined {
  const pointer = `/spec/properties/${field}`;
  if (r.unresolved?.includes(pointer) || referenceAt(r, pointer)) throw new Error(`spec.properties.${field} is only known at deployment`);
  const v = props[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new Error(`spec.properties.${field} ${JSON.stringify(v)} is not a boolean`);
  return v;
}

/** The subject of a federated credential, or undefined when it cannot be read. */
export function subjectOf(credential: Resource): string | undefined {
  const p = credential.spec.properties;
  const s = isJsonObject(p) ? p.subject : undefined;
  return typeof s === 'string' ? s : undefined;
}

/** The service account a subject `system:serviceaccount:<ns>:<name>` names. */
export function serviceAccountOf(subject: string): { namespace: string; name: string } | undefined {
  const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(subject);
  return m ? { namespace: m[1], name: m[2] } : undefined;
}

/** The reference at a pointer, resolved to its attribute's owner, when it names a planned resource. */
export function resourceReferenceAt(r: Resource, pointer: string): Extract<ResourceReference, { resource: string }> | undefined {
  const ref = referenceAt(r, pointer);
  return ref && 'resource' in ref ? ref : undefined;
}

/** A JSON value as a report shows it. */
export function shown(v: JsonValue | undefined): string {
  return v === undefined ? 'nothing' : JSON.stringify(v);
}
