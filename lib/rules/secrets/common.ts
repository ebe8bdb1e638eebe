import { referenceAt } from '../../model/azure';
import { isJsonObject, type JsonObject, type JsonValue, type Resource, type ResourceReference } from '../../model/resource';
import type { KindSelector } from '../types';

/** Kind selectors of the secret-sync rules. */
export const SECRET: KindSelector = { group: '', kind: 'Secret' };
export { ARM_SECRET_PROVIDER_CLASS, FEDERATED_CREDENTIAL, IDENTITY, ROLE_ASSIGNMENT, SECRET_PROVIDER_CLASS, VAULT } from '../selectors';

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
