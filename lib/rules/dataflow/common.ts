import { describeValueAt, referenceAt } from '../../model/azure';
import { builtInRoleOf, type BuiltInRole } from '../../model/azure-roles';
import { authenticationOf, endpointTarget, eventHubsNamespaceOfHost, parseArmResourceId, storageAccountOfHost, type EndpointTarget } from '../../model/dataflow-targets';
import { IDENTITY_ID_ANNOTATIONS } from '../../model/managed-identity-dataflow';
import { isJsonObject, type JsonObject, type Resource } from '../../model/resource';
import { K8S } from '../../model/versions';
import type { DeploymentIndex } from '../deployment-index';
import { FEDERATED_CREDENTIAL, IDENTITY, ROLE_ASSIGNMENT } from '../selectors';
import type { KindSelector } from '../types';

/** Kind selectors of the resources the dataflow rules read. */
export const ENDPOINT: KindSelector = { group: K8S.connectivity.group, kind: 'DataflowEndpoint' };
export const DATAFLOW: KindSelector = { group: K8S.connectivity.group, kind: 'Dataflow' };
/** The Azure side and the secret-sync side, shared with other areas (lib/rules/selectors.ts). */
export { ARM_SECRET_PROVIDER_CLASS, FEDERATED_CREDENTIAL, IDENTITY, ROLE_ASSIGNMENT, SECRET_PROVIDER_CLASS } from '../selectors';

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
  return tables(index).hasAzureSide;
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
  const ref = referenceAt(r, pointer);
  if (ref && 'resource' in ref) {
    const identity = index.get(ref.resource);
    if (!identity) return { tied: false, reason: `${pointer} refers to ${ref.resource}, which is not in the deployment` };
    return { tied: true, identity };
  }
  if (ref) return { tied: false, reason: `${pointer} is the deployment parameter ${ref.parameter}` };
  if (typeof value !== 'string' || value === '') return { tied: false, reason: `${pointer} is not a string` };
  if (isUnresolvedAt(r, pointer) || ARM_EXPRESSION.test(value)) return { tied: false, reason: `${pointer} is ${describeValueAt(r, pointer, index)}` };
  const matches = tables(index).identitiesBy[attribute].get(value.toLowerCase()) ?? [];
  if (matches.length === 1) return { tied: true, identity: matches[0] };
  return { tied: false, reason: `no identity in the deployment has ${attribute} ${value}` };
}

/** The endpoints that authenticate as an identity. Throws (unknown) when an endpoint's identity settings cannot be read. */
export function endpointsOf(index: DeploymentIndex, identity: Resource): readonly Resource[] {
  const t = tables(index).endpoints;
  if (t.error) throw t.error;
  return t.byIdentity.get(identity) ?? [];
}

/** The federated credentials of an identity. */
export function federatedCredentialsOf(index: DeploymentIndex, identity: Resource): readonly Resource[] {
  return tables(index).credentialsByIdentityName.get(identity.name) ?? [];
}

/** The identity of that name (the parent a federated credential names), if the deployment has one. */
export function identityNamed(index: DeploymentIndex, name: string | undefined): Resource | undefined {
  return name === undefined ? undefined : tables(index).identityByName.get(name);
}

/** A role assignment with its parts read (`roleAssignmentParts`) and the identity it is for. */
export interface TiedRoleAssignment {
  readonly assignment: Resource;
  readonly parts: ReturnType<typeof roleAssignmentParts>;
}

/**
 * The role assignments of an identity, in deployment order, each with its parts. A role
 * assignment whose parts cannot be read makes the answer unknown for every identity (it may be
 * one of theirs): `error` is that problem and `before` the assignments of the identity that come
 * ahead of it (a caller that finds what it needs there does not need the rest).
 */
export function roleAssignmentsOf(index: DeploymentIndex, identity: Resource): { assignments: readonly TiedRoleAssignment[]; error?: Error } {
  const t = tables(index).roleAssignments;
  const own = t.byIdentity.get(identity) ?? [];
  if (!t.error) return { assignments: own.map((x) => x.tied) };
  return { assignments: own.filter((x) => x.position < t.errorPosition).map((x) => x.tied), error: t.error };
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
  for (const u of tables(index).usesByEndpointName.get(endpoint.name) ?? []) {
    if (u.namespace && endpoint.namespace && u.namespace !== endpoint.namespace) continue;
    (u.direction === 'send' ? send : receive).push(u.entity);
  }
  return { send: [...new Set(send)], receive: [...new Set(receive)] };
}

/** The value if it is a JSON object, else undefined. */
export function isJsonObjectSafe(v: unknown): JsonObject | undefined {
  return isJsonObject(v) ? v : undefined;
}

/** True when the value at a pointer (or a value around it) is listed as unresolved. */
function isUnresolvedAt(r: Resource, pointer: string): boolean {
  return r.unresolved?.some((u) => pointer === u || pointer.startsWith(`${u}/`)) ?? false;
}

/** An ARM template expression kept as read (`[reference(...).principalId]`). */
const ARM_EXPRESSION = /^\s*\[(?!\[)[\s\S]*\]\s*$/;

/** One entity a dataflow reads from or writes to through the endpoint of that name. */
interface EndpointUse {
  readonly namespace: string | undefined;
  readonly direction: 'send' | 'receive';
  readonly entity: string;
}

/**
 * Lookup tables of the dataflow rules, built once per deployment index, each on first use: a rule
 * applied to n objects must not scan the deployment n times (see lib/rules/runtime/common.ts).
 */
class DataflowTables {
  private _hasAzureSide?: boolean;
  private _identitiesBy?: Record<'clientId' | 'principalId', Map<string, Resource[]>>;
  private _endpoints?: { byIdentity: Map<Resource, Resource[]>; error?: Error };
  private _credentials?: Map<string, Resource[]>;
  private _identityByName?: Map<string, Resource>;
  private _uses?: Map<string, EndpointUse[]>;
  private _roleAssignments?: {
    byIdentity: Map<Resource, { tied: TiedRoleAssignment; position: number }[]>;
    error?: Error;
    errorPosition: number;
  };

  constructor(private readonly index: DeploymentIndex) {}

  /** Whether the deployment holds Azure identities or role assignments. */
  get hasAzureSide(): boolean {
    this._hasAzureSide ??= ofKind(this.index, IDENTITY).length > 0 || ofKind(this.index, ROLE_ASSIGNMENT).length > 0;
    return this._hasAzureSide;
  }

  /** Identities by lower-cased clientId and principalId: exported properties, and for planned ones the client id annotation. */
  get identitiesBy(): Record<'clientId' | 'principalId', Map<string, Resource[]>> {
    if (!this._identitiesBy) {
      const by = { clientId: new Map<string, Resource[]>(), principalId: new Map<string, Resource[]>() };
      for (const i of ofKind(this.index, IDENTITY)) {
        const props = isJsonObject(i.spec.properties) ? i.spec.properties : undefined;
        for (const attribute of ['clientId', 'principalId'] as const) {
          const keys = new Set<string>();
          const v = lower(props?.[attribute]);
          if (v !== undefined) keys.add(v);
          const annotated = attribute === 'clientId' ? lower(i.annotations?.[IDENTITY_ID_ANNOTATIONS.clientId]) : undefined;
          if (annotated !== undefined) keys.add(annotated);
          for (const k of keys) {
            const list = by[attribute].get(k);
            if (list) list.push(i);
            else by[attribute].set(k, [i]);
          }
        }
      }
      this._identitiesBy = by;
    }
    return this._identitiesBy;
  }

  /** Endpoints by the identity they authenticate as; `error` when an endpoint's settings cannot be read. */
  get endpoints(): { byIdentity: Map<Resource, Resource[]>; error?: Error } {
    if (!this._endpoints) {
      const byIdentity = new Map<Resource, Resource[]>();
      let error: Error | undefined;
      for (const e of ofKind(this.index, ENDPOINT)) {
        let uami: ReturnType<typeof userAssignedSettings>;
        try {
          uami = userAssignedSettings(e);
        } catch (x) {
          error = x as Error;
          break;
        }
        if (!uami) continue;
        const tie = identityAt(this.index, e, `${uami.pointer}/clientId`, uami.settings.clientId, 'clientId');
        if (!tie.tied) continue;
        const list = byIdentity.get(tie.identity);
        if (list) list.push(e);
        else byIdentity.set(tie.identity, [e]);
      }
      this._endpoints = { byIdentity, ...(error ? { error } : {}) };
    }
    return this._endpoints;
  }

  /** Federated credentials by the name of their identity. */
  get credentialsByIdentityName(): Map<string, Resource[]> {
    if (!this._credentials) {
      const by = new Map<string, Resource[]>();
      for (const f of ofKind(this.index, FEDERATED_CREDENTIAL)) {
        const name = f.parent?.name;
        if (name === undefined) continue;
        const list = by.get(name);
        if (list) list.push(f);
        else by.set(name, [f]);
      }
      this._credentials = by;
    }
    return this._credentials;
  }

  /** The first identity of each name. */
  get identityByName(): Map<string, Resource> {
    if (!this._identityByName) {
      const by = new Map<string, Resource>();
      for (const i of ofKind(this.index, IDENTITY)) if (!by.has(i.name)) by.set(i.name, i);
      this._identityByName = by;
    }
    return this._identityByName;
  }

  /** What the dataflows send to and receive from, by endpoint name, in deployment order. */
  get usesByEndpointName(): Map<string, EndpointUse[]> {
    if (!this._uses) {
      const by = new Map<string, EndpointUse[]>();
      const add = (name: unknown, u: EndpointUse) => {
        if (typeof name !== 'string') return;
        const list = by.get(name);
        if (list) list.push(u);
        else by.set(name, [u]);
      };
      for (const f of ofKind(this.index, DATAFLOW)) {
        const ops = Array.isArray(f.spec.operations) ? f.spec.operations : [];
        for (const op of ops) {
          if (!isJsonObject(op)) continue;
          const src = isJsonObject(op.sourceSettings) ? op.sourceSettings : undefined;
          const dst = isJsonObject(op.destinationSettings) ? op.destinationSettings : undefined;
          if (src && Array.isArray(src.dataSources)) {
            for (const x of src.dataSources) if (typeof x === 'string') add(src.endpointRef, { namespace: f.namespace, direction: 'receive', entity: x });
          }
          if (dst && typeof dst.dataDestination === 'string') add(dst.endpointRef, { namespace: f.namespace, direction: 'send', entity: dst.dataDestination });
        }
      }
      this._uses = by;
    }
    return this._uses;
  }

  /** Role assignments by the identity they are for, with their position; the first unreadable one's problem and position. */
  get roleAssignments(): { byIdentity: Map<Resource, { tied: TiedRoleAssignment; position: number }[]>; error?: Error; errorPosition: number } {
    if (!this._roleAssignments) {
      const byIdentity = new Map<Resource, { tied: TiedRoleAssignment; position: number }[]>();
      let error: Error | undefined;
      let errorPosition = Infinity;
      const all = ofKind(this.index, ROLE_ASSIGNMENT);
      for (let position = 0; position < all.length; position++) {
        const assignment = all[position];
        let parts: ReturnType<typeof roleAssignmentParts>;
        try {
          parts = roleAssignmentParts(assignment);
        } catch (x) {
          error = x as Error;
          errorPosition = position;
          break;
        }
        const tie = identityAt(this.index, assignment, '/spec/properties/principalId', parts.principalId, 'principalId');
        if (!tie.tied) continue;
        const entry = { tied: { assignment, parts }, position };
        const list = byIdentity.get(tie.identity);
        if (list) list.push(entry);
        else byIdentity.set(tie.identity, [entry]);
      }
      this._roleAssignments = { byIdentity, ...(error ? { error } : {}), errorPosition };
    }
    return this._roleAssignments;
  }
}

const cache = new WeakMap<DeploymentIndex, DataflowTables>();

/** The dataflow lookup tables of a deployment index (built once per index). */
export function tables(index: DeploymentIndex): DataflowTables {
  let t = cache.get(index);
  if (!t) {
    t = new DataflowTables(index);
    cache.set(index, t);
  }
  return t;
}
