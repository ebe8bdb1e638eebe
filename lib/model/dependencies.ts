/**
 * What each planned resource needs created first, for every renderer: the ARM template's
 * `dependsOn`, the Pulumi children's `dependsOn` and their creation order come from here, so the
 * backends cannot disagree.
 *
 * A resource depends on
 * - its ARM parent (`parent`: the planned resource of that kind and name in the same group);
 * - the planned resources its `...Ref` fields name: a listener port's `authenticationRef` and
 *   `authorizationRef` (the broker's authentication and authorization of that name), a dataflow's
 *   `endpointRef`s, `profileRef` and `brokerRef`; any other `...Ref` string names every planned
 *   resource (not Azure-only) of that name in the same namespace;
 * - every planned resource its `references` name (an identity whose `principalId` a role
 *   assignment takes, a vault a role assignment is scoped to).
 */
import { isAzureOnly } from './azure';
import type { JsonValue, Resource } from './resource';
import { isJsonObject } from './resource';

/** The kinds a known `...Ref` field names, with whether the target shares the referrer's parent. */
const REF_FIELDS: Readonly<Record<string, { readonly kind: string; readonly sibling: boolean }>> = {
  authenticationRef: { kind: 'BrokerAuthentication', sibling: true },
  authorizationRef: { kind: 'BrokerAuthorization', sibling: true },
  endpointRef: { kind: 'DataflowEndpoint', sibling: false },
  profileRef: { kind: 'DataflowProfile', sibling: false },
  brokerRef: { kind: 'Broker', sibling: false },
};

/** Thrown when planned resources depend on each other in a cycle. */
export class DependencyCycleError extends Error {
  constructor(
    message: string,
    /** The logical ids of the cycle, the first repeated at the end. */
    public readonly cycle: readonly string[],
  ) {
    super(message);
    this.name = 'DependencyCycleError';
  }
}

/**
 * Logical id -> logical ids of the planned resources it needs first, in a stable order (parent,
 * then `...Ref` fields in spec order, then references). Every resource of the plan has an entry;
 * ids outside the plan never appear.
 */
export function dependenciesOf(plan: readonly Resource[]): Map<string, string[]> {
  const ids = new Set(plan.map((r) => r.id));
  const byName = new Map<string, Resource[]>();
  for (const r of plan) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  const sameNamespace = (a: Resource, b: Resource) => a.namespace === undefined || b.namespace === undefined || a.namespace === b.namespace;

  const result = new Map<string, string[]>();
  for (const r of plan) {
    const deps: string[] = [];
    const add = (id: string | undefined) => {
      if (id !== undefined && id !== r.id && !deps.includes(id)) deps.push(id);
    };
    if (r.parent) {
      const parent = (byName.get(r.parent.name) ?? []).find((o) => o !== r && o.kind === r.parent!.kind && o.group === r.group && sameNamespace(o, r));
      add(parent?.id);
    }
    for (const [field, name] of refFields(r.spec)) {
      const known = REF_FIELDS[field];
      for (const o of byName.get(name) ?? []) {
        if (o === r || !sameNamespace(o, r)) continue;
        if (known) {
          if (o.kind !== known.kind || o.group !== r.group) continue;
          if (known.sibling && o.parent?.name !== r.parent?.name) continue;
        } else if (isAzureOnly(o)) {
          continue;
        }
        add(o.id);
      }
    }
    for (const ref of r.references ?? []) if ('resource' in ref && ids.has(ref.resource)) add(ref.resource);
    result.set(r.id, deps);
  }
  return result;
}

/** `[field, value]` of every string under a key ending in `Ref`, in spec order. */
function refFields(value: JsonValue, key = ''): [string, string][] {
  if (typeof value === 'string') return key.endsWith('Ref') ? [[key, value]] : [];
  if (Array.isArray(value)) return value.flatMap((v) => refFields(v, key));
  if (isJsonObject(value)) return Object.entries(value).flatMap(([k, v]) => refFields(v, k));
  return [];
}

/**
 * The plan in an order where every resource comes after what it depends on, plan order
 * otherwise. Throws a `DependencyCycleError` naming the cycle (`<owner>: planned resources depend
 * on each other in a cycle: a -> b -> a.`).
 */
export function creationOrder(plan: readonly Resource[], owner: string, dependencies: ReadonlyMap<string, readonly string[]> = dependenciesOf(plan)): Resource[] {
  const byId = new Map(plan.map((r) => [r.id, r]));
  const state = new Map<string, 'visiting' | 'done'>();
  const order: Resource[] = [];
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(id)), id];
      throw new DependencyCycleError(`${owner}: planned resources depend on each other in a cycle: ${cycle.join(' -> ')}.`, cycle);
    }
    state.set(id, 'visiting');
    for (const d of dependencies.get(id) ?? []) if (byId.has(d)) visit(d, [...path, id]);
    state.set(id, 'done');
    order.push(byId.get(id)!);
  };
  for (const r of plan) visit(r.id, []);
  return order;
}
