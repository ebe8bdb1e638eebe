import { resourceFromObject } from '../../inputs/kubernetes-reader';
import { AIO } from '../../model/aio';
import { isJsonObject, type JsonObject, type JsonValue, type Resource, type Waiver } from '../../model/resource';
import { K8S } from '../../model/versions';
import { IOT_OPERATIONS_KINDS, type IotOperationsKind } from '../iot-operations';
import { PLANNED_RESOURCES_OUTPUT } from '../render';

/** What the policy pack needs of a resource Pulumi shows it (a CrossGuard `PolicyResource` fits). */
export interface PulumiResourceView {
  /** The type token, e.g. `azure-native:iotoperations/v20251001:BrokerListener`. */
  readonly type: string;
  readonly urn: string;
  readonly name: string;
  /** Inputs or outputs; during preview some values are unknown. */
  readonly props: Record<string, unknown>;
}

/** The resources of a stack as the rules see them, and the URN of each, by resource id. */
export interface StackResources {
  readonly resources: Resource[];
  readonly urns: ReadonlyMap<string, string>;
}

/**
 * Stands in for a value Pulumi does not know yet (during preview). The value's JSON pointer goes
 * into `Resource.unresolved`, so no rule can pass the resource on it.
 */
export const UNKNOWN_VALUE = '(unknown until the deployment runs)';

// The wire values Pulumi uses for unknown inputs (its Unknown*Value constants); CrossGuard hides
// them behind a proxy that throws on access, other callers may pass them as they are.
const UNKNOWN_SENTINELS = new Set([
  '1c4a061d-8072-4f0a-a4cb-0ff528b18fe7',
  '3eeb2bf0-c639-47a8-9e75-3b44932eb421',
  '04da6b54-80e4-46f7-96ec-b56ff0331ba9',
  '6a19a0b0-7e62-4c92-b797-7f8e31da9cc2',
  '030794c1-ac77-496b-92df-f27374a8bd58',
  'e48ece36-62e2-4504-bad9-02848725956a',
  'dd056dcd-154b-4c76-9bd3-c8f88648b5ff',
]);

const KINDS_BY_NAME = new Map([...IOT_OPERATIONS_KINDS.values()].map((k) => [k.kind, k]));
// azure-native:iotoperations:<Kind>, azure-native:iotoperations/v20251001:<Kind>, and the token of a
// locally generated SDK, azure-native_iotoperations_v20251001:iotoperations/v20251001:<Kind>.
const IOT_OPERATIONS_TOKEN = /^azure-native(?:_iotoperations_v[0-9a-z]+)?:iotoperations(?:\/v[0-9a-z]+)?:([A-Za-z]+)$/;
const KUBERNETES_TOKEN = /^kubernetes:[^:]+:[A-Za-z]+$/;

/**
 * Turns the resources Pulumi shows a policy pack into the `Resource`s the rules check: azure-native
 * iotoperations Broker, BrokerListener, BrokerAuthentication and BrokerAuthorization (any API
 * version; spec = `properties`) and Kubernetes objects (spec = `spec`). Other resources are left
 * out. Resources that aio-secure components created get back what Azure does not keep (logical id,
 * namespace, labels, annotations, and the waivers of opt-outs) from the component's
 * `aioSecurePlannedResources` output, so reading a component's stack gives back its plan; other
 * ARM resources are named by URN and have no namespace. Unknown values become `UNKNOWN_VALUE` with
 * their JSON pointer in `unresolved`.
 */
export function readStackResources(views: readonly PulumiResourceView[]): StackResources {
  const planned = plannedResources(views);
  const resources: Resource[] = [];
  const urns = new Map<string, string>();
  for (const view of views) {
    const r = readResource(view, planned.get(view.urn));
    if (!r) continue;
    // A logical id or annotation that repeats cannot name two resources; fall back to the URN.
    const unique = urns.has(r.id) ? { ...r, id: view.urn } : r;
    resources.push(unique);
    urns.set(unique.id, view.urn);
  }
  return { resources, urns };
}

function readResource(view: PulumiResourceView, planned: PlannedEntry | undefined): Resource | undefined {
  const aio = IOT_OPERATIONS_TOKEN.exec(view.type);
  const kind = aio ? KINDS_BY_NAME.get(aio[1]) : undefined;
  if (kind) return readIotOperations(view, kind, planned);
  if (KUBERNETES_TOKEN.test(view.type)) return readKubernetes(view, planned);
  return undefined;
}

function readIotOperations(view: PulumiResourceView, kind: IotOperationsKind, planned: PlannedEntry | undefined): Resource {
  const unresolved: string[] = [];
  const props = readJson(view.props, '', unresolved);
  const properties = isJsonObject(props) ? props.properties : undefined;
  // Unknown `properties` as a whole: nothing in the spec is known.
  const spec: JsonObject = isJsonObject(properties) ? properties : {};
  const specUnresolved = unresolved
    .filter((p) => p === '/properties' || p.startsWith('/properties/'))
    .map((p) => `/spec${p.slice('/properties'.length)}`);

  const own = kind.nameArgs[kind.nameArgs.length - 1];
  const name = firstKnownString(props, [own, 'name']) ?? lastIdSegment(props);
  const nameUnresolved = name === undefined ? ['/metadata/name'] : [];
  const brokerName = kind.nameArgs.length > 1 ? (firstKnownString(props, ['brokerName']) ?? AIO.brokerName) : undefined;

  const all = [...specUnresolved, ...nameUnresolved];
  const namespace = planned?.namespace;
  return {
    id: planned?.id ?? view.urn,
    group: K8S.mqttBroker.group,
    version: K8S.mqttBroker.version,
    kind: kind.kind,
    name: name ?? UNKNOWN_VALUE,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(brokerName !== undefined ? { parent: { kind: 'Broker', name: brokerName, ...(namespace !== undefined ? { namespace } : {}) } } : {}),
    armType: kind.armType,
    ...(planned?.labels ? { labels: planned.labels } : {}),
    ...(planned?.annotations ? { annotations: planned.annotations } : {}),
    spec,
    ...(planned?.waivers.length ? { waivers: planned.waivers } : {}),
    ...(all.length ? { unresolved: all } : {}),
  };
}

function readKubernetes(view: PulumiResourceView, planned: PlannedEntry | undefined): Resource | undefined {
  const unresolved: string[] = [];
  const object = readJson(view.props, '', unresolved);
  const r = resourceFromObject(object, { file: view.urn });
  if ('message' in r) return undefined; // not an object the rules can read (a Helm chart, a YAML group, ...)
  // Kubernetes objects carry their waivers in the aio-secure/waivers annotation, which the reader
  // already took; the component output only adds the logical id.
  const { source: _source, ...read } = r;
  return { ...read, ...(planned ? { id: planned.id } : {}), ...(unresolved.length ? { unresolved } : {}) };
}

interface PlannedEntry {
  readonly id: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly waivers: readonly Waiver[];
}

/** The logical ids and waivers aio-secure components published for their children, by child URN. */
function plannedResources(views: readonly PulumiResourceView[]): Map<string, PlannedEntry> {
  const byUrn = new Map<string, PlannedEntry>();
  for (const view of views) {
    if (!view.type.startsWith('aio-secure:')) continue;
    const props = readJson(view.props, '', []);
    const list = isJsonObject(props) ? props[PLANNED_RESOURCES_OUTPUT] : undefined;
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (!isJsonObject(entry) || typeof entry.id !== 'string' || typeof entry.urn !== 'string' || entry.urn === UNKNOWN_VALUE) continue;
      const waivers = Array.isArray(entry.waivers) ? (entry.waivers.filter(isJsonObject) as unknown as Waiver[]) : [];
      byUrn.set(entry.urn, {
        id: entry.id,
        ...(typeof entry.namespace === 'string' && entry.namespace !== UNKNOWN_VALUE ? { namespace: entry.namespace } : {}),
        ...(isJsonObject(entry.labels) ? { labels: stringMap(entry.labels) } : {}),
        ...(isJsonObject(entry.annotations) ? { annotations: stringMap(entry.annotations) } : {}),
        waivers,
      });
    }
  }
  return byUrn;
}

/**
 * Copies a Pulumi property value into plain JSON. A value that is unknown (CrossGuard's proxy
 * throws on reading it; raw sentinels are recognised too) becomes `UNKNOWN_VALUE` and its pointer
 * is recorded. `undefined` members are dropped, as Pulumi drops them.
 */
function readJson(value: unknown, pointer: string, unresolved: string[]): JsonValue {
  if (typeof value === 'string') {
    if (!UNKNOWN_SENTINELS.has(value)) return value;
    unresolved.push(pointer);
    return UNKNOWN_VALUE;
  }
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  if (Array.isArray(value)) {
    const out: JsonValue[] = [];
    for (let i = 0; i < value.length; i++) {
      const item = readMember(value, i, `${pointer}/${i}`, unresolved);
      out.push(item === undefined ? null : item);
    }
    return out;
  }
  if (typeof value === 'object') {
    const out: JsonObject = {};
    for (const key of Object.keys(value)) {
      const item = readMember(value as Record<string, unknown>, key, `${pointer}/${escapePointer(key)}`, unresolved);
      if (item !== undefined) out[key] = item;
    }
    return out;
  }
  // Functions, symbols, bigints: nothing a manifest holds; never let them pass as known.
  unresolved.push(pointer);
  return UNKNOWN_VALUE;
}

function readMember(container: unknown[] | Record<string, unknown>, key: number | string, pointer: string, unresolved: string[]): JsonValue | undefined {
  let item: unknown;
  try {
    item = (container as Record<string | number, unknown>)[key];
  } catch (e) {
    if (!isUnknownValueError(e)) throw e;
    unresolved.push(pointer);
    return UNKNOWN_VALUE;
  }
  return item === undefined ? undefined : readJson(item, pointer, unresolved);
}

/** CrossGuard's `UnknownValueError`, recognised by shape so that any copy of @pulumi/policy matches. */
function isUnknownValueError(e: unknown): boolean {
  return e instanceof Error && typeof (e as { unknownTypeSentinel?: unknown }).unknownTypeSentinel === 'string' && Array.isArray((e as { props?: unknown }).props);
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function firstKnownString(props: JsonValue, keys: readonly string[]): string | undefined {
  if (!isJsonObject(props)) return undefined;
  for (const k of keys) {
    const v = props[k];
    if (typeof v === 'string' && v !== '' && v !== UNKNOWN_VALUE) return v;
  }
  return undefined;
}

/** The last segment of an ARM resource id (`.../listeners/<name>`). */
function lastIdSegment(props: JsonValue): string | undefined {
  const id = isJsonObject(props) ? props.id : undefined;
  if (typeof id !== 'string' || !id.startsWith('/subscriptions/')) return undefined;
  const last = id.split('/').pop();
  return last ? last : undefined;
}

function stringMap(o: JsonObject): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
