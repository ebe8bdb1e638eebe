import { resourceFromObject } from '../../inputs/kubernetes-reader';
import { AIO } from '../../model/aio';
import { AZURE_KINDS, readReferences, referencePlaceholder } from '../../model/azure';
import { AIO_KINDS } from '../../model/kinds';
import { isJsonObject, type JsonObject, type JsonValue, type Resource, type ResourceReference, type Waiver } from '../../model/resource';
import { AZURE_NATIVE_KINDS, type AzureNativeKind } from '../azure-native';
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
/** The AIO kind (group, version, parent) of each iotoperations kind, by ARM type. */
const AIO_BY_ARM_TYPE = new Map([...AIO_KINDS.values()].map((k) => [k.armType, k]));
// azure-native:iotoperations:<Kind>, azure-native:iotoperations/v20251001:<Kind>, and the token of a
// locally generated SDK, azure-native_iotoperations_v20251001:iotoperations/v20251001:<Kind>.
const IOT_OPERATIONS_TOKEN = /^azure-native(?:_iotoperations_v[0-9a-z]+)?:iotoperations(?:\/v[0-9a-z]+)?:([A-Za-z]+)$/;
const KUBERNETES_TOKEN = /^kubernetes:[^:]+:[A-Za-z]+$/;
const AZURE_BY_TOKEN = new Map([...AZURE_NATIVE_KINDS.values()].map((k) => [`${k.module}:${k.resource}`, k]));
// azure-native:<module>:<Resource>, azure-native:<module>/v<version>:<Resource>, and the token of a
// locally generated SDK, azure-native_<module>_v<version>:<module>/v<version>:<Resource>.
const AZURE_NATIVE_TOKEN = /^azure-native(?:_[a-z]+_v[0-9a-z]+)?:([a-z]+)(?:\/(v[0-9a-z]+))?:([A-Za-z]+)$/;

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
  const byPlannedId = new Map<string, PulumiResourceView>();
  for (const view of views) {
    const entry = planned.get(view.urn);
    if (entry) byPlannedId.set(entry.id, view);
  }
  const known: KnownOutput = (ref) => knownOutput(byPlannedId.get(ref.resource), ref);
  const resources: Resource[] = [];
  const urns = new Map<string, string>();
  for (const view of views) {
    const r = readResource(view, planned.get(view.urn), known);
    if (!r) continue;
    // A logical id or annotation that repeats cannot name two resources; fall back to the URN.
    const unique = urns.has(r.id) ? { ...r, id: view.urn } : r;
    resources.push(unique);
    urns.set(unique.id, view.urn);
  }
  return { resources, urns };
}

function readResource(view: PulumiResourceView, planned: PlannedEntry | undefined, known: KnownOutput): Resource | undefined {
  const aio = IOT_OPERATIONS_TOKEN.exec(view.type);
  const kind = aio ? KINDS_BY_NAME.get(aio[1]) : undefined;
  let r: Resource | undefined;
  if (kind) r = readIotOperations(view, kind, planned);
  else if (KUBERNETES_TOKEN.test(view.type)) r = readKubernetes(view, planned);
  else {
    const azure = AZURE_NATIVE_TOKEN.exec(view.type);
    const azureKind = azure ? AZURE_BY_TOKEN.get(`${azure[1]}:${azure[3]}`) : undefined;
    if (azureKind) r = readAzure(view, azureKind, azure![2], planned);
  }
  return r && planned?.references.length ? withReferences(r, planned.references, known) : r;
}

/**
 * What the stack shows a planned reference must be, where it can tell: `{ equals }` for an output
 * the referenced resource's view carries, `{ endsWith }` for its id (a stack policy sees inputs, so
 * the id is checked by its last segments: `/<type>/<name>`), undefined when the view does not say.
 */
type KnownOutput = (ref: Extract<ResourceReference, { resource: string }>) => { equals?: string; endsWith?: string } | undefined;

function knownOutput(target: PulumiResourceView | undefined, ref: Extract<ResourceReference, { resource: string }>): { equals?: string; endsWith?: string } | undefined {
  if (!target) return undefined;
  const known = (v: unknown): string | undefined => (typeof v === 'string' && !UNKNOWN_SENTINELS.has(v) ? v : undefined);
  const props = target.props;
  const child = ref.child ? `/${ref.child.type.split('/').pop()}/${ref.child.name}` : '';
  if (ref.attribute === 'id') {
    const id = known(props.id);
    if (id) return { equals: `${id}${child}` };
    const token = AZURE_NATIVE_TOKEN.exec(target.type);
    const kind = token ? AZURE_BY_TOKEN.get(`${token[1]}:${token[3]}`) : undefined;
    const name = kind ? known(props[kind.nameArgs[kind.nameArgs.length - 1]]) : undefined;
    return kind && name ? { endsWith: `/${kind.armType.split('/').pop()}/${name}${child}` } : undefined;
  }
  const identity = props.identity as Record<string, unknown> | undefined;
  const value = known(ref.attribute === 'name' ? props.name : props[ref.attribute] ?? identity?.[ref.attribute]);
  return value ? { equals: value } : undefined;
}

/**
 * Puts the placeholders of the plan's references back at their pointers, so that reading a
 * component's stack gives its plan and rules follow the references to the resources they name, but
 * not where the stack shows otherwise: a known value that differs from what the referenced resource
 * shows (a transformation, an edited input, another resource's id) is kept as the stack holds it,
 * and the rules judge that value. A deployment parameter's value cannot be checked against anything
 * and is taken as the plan says.
 */
function withReferences(r: Resource, references: readonly ResourceReference[], known: KnownOutput): Resource {
  let spec = r.spec;
  let unresolved = [...(r.unresolved ?? [])];
  const kept: ResourceReference[] = [];
  for (const ref of references) {
    const parts = ref.pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (parts[0] !== 'spec' || parts.length < 2) continue;
    const current = valueAt(spec, parts.slice(1));
    const unknown = current === undefined || current === UNKNOWN_VALUE || unresolved.some((p) => p === ref.pointer || p.startsWith(`${ref.pointer}/`));
    if (!unknown && !('parameter' in ref)) {
      // A stack policy mostly sees inputs: an output it cannot see is taken as the plan says; one it
      // can see (or an id whose type and name do not match) that differs keeps the stack's value.
      const expected = known(ref);
      const value = typeof current === 'string' ? current.toLowerCase() : undefined;
      const differs = expected !== undefined && (value === undefined
        || (expected.equals !== undefined && value !== expected.equals.toLowerCase())
        || (expected.endsWith !== undefined && !value.endsWith(expected.endsWith.toLowerCase())));
      if (differs) continue;
    }
    spec = setAt(spec, parts.slice(1), referencePlaceholder('parameter' in ref ? { parameter: ref.parameter } : ref));
    unresolved = unresolved.filter((p) => p !== ref.pointer && !p.startsWith(`${ref.pointer}/`));
    kept.push({ ...ref });
  }
  const { unresolved: _old, references: _refs, ...rest } = r;
  return { ...rest, spec, ...(kept.length ? { references: kept } : {}), ...(unresolved.length ? { unresolved } : {}) };
}

/** The value at `path` inside `o`, if there is one. */
function valueAt(o: JsonValue, path: readonly string[]): JsonValue | undefined {
  let node: JsonValue | undefined = o;
  for (const p of path) {
    if (Array.isArray(node)) node = /^\d+$/.test(p) ? node[Number(p)] : undefined;
    else if (isJsonObject(node)) node = Object.prototype.hasOwnProperty.call(node, p) ? node[p] : undefined;
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** A copy of `o` with `value` at `path`, creating objects on the way where there are none. */
function setAt(o: JsonObject, path: readonly string[], value: JsonValue): JsonObject {
  const [head, ...rest] = path;
  const current = o[head];
  if (Array.isArray(current) && rest.length && /^\d+$/.test(rest[0])) {
    const i = Number(rest[0]);
    const items = [...current];
    items[i] = rest.length === 1 ? value : setAt(isJsonObject(items[i]) ? (items[i] as JsonObject) : {}, rest.slice(1), value);
    return { ...o, [head]: items };
  }
  return { ...o, [head]: rest.length === 0 ? value : setAt(isJsonObject(current) ? current : {}, rest, value) };
}

/** Keys azure-native resources have that are outputs or arguments, never part of the ARM body. */
const AZURE_OUTPUT_KEYS = new Set(['id', 'urn', 'name', 'type', 'systemData', 'azureApiVersion', 'etag', 'provisioningState', 'resourceGroupName']);

/** `v20241101` becomes `2024-11-01`, `v20240821preview` becomes `2024-08-21-preview`. */
function apiVersionOfModule(v: string): string | undefined {
  const m = /^v(\d{4})(\d{2})(\d{2})(preview|privatepreview|beta)?$/.exec(v);
  return m ? `${m[1]}-${m[2]}-${m[3]}${m[4] ? `-${m[4]}` : ''}` : undefined;
}

/**
 * An azure-native resource of an Azure-only kind back as the `Resource` `planAzureResource` makes:
 * the name arguments become name and parent, the body fields and properties (nested or flattened
 * as the SDK takes them) the spec, the scope arguments `spec.scope` (an Arc extension's cluster
 * arguments become the cluster's resource id, with the subscription unresolved unless the
 * resource's `id` is known), and a role assignment's subscription-scoped built-in role definition
 * id the tenant-relative one plans write.
 */
function readAzure(view: PulumiResourceView, kind: AzureNativeKind, moduleVersion: string | undefined, planned: PlannedEntry | undefined): Resource {
  const azure = AZURE_KINDS.get(kind.armType.toLowerCase())!;
  const unresolved: string[] = [];
  const props = readJson(view.props, '', unresolved);
  const args = isJsonObject(props) ? props : {};
  const moved: [string, string][] = []; // [arg pointer prefix, spec pointer prefix]
  const spec: JsonObject = {};
  for (const field of kind.body) {
    if (args[field] === undefined) continue;
    spec[field] = args[field];
    moved.push([`/${field}`, `/spec/${field}`]);
  }
  const scopeArgs = kind.scopeArg === 'cluster' ? ['clusterRp', 'clusterResourceName', 'clusterName'] : kind.scopeArg ? [kind.scopeArg] : [];
  const outputOnly = azure.kind === 'userAssignedIdentities' ? ['principalId', 'clientId', 'tenantId'] : [];
  const known = new Set([...AZURE_OUTPUT_KEYS, ...kind.nameArgs, ...kind.body, ...scopeArgs, ...outputOnly]);
  if (kind.properties === 'nested') {
    if (isJsonObject(args.properties)) {
      spec.properties = args.properties;
      moved.push(['/properties', '/spec/properties']);
    }
  } else {
    const properties: JsonObject = {};
    for (const [k, v] of Object.entries(args)) {
      if (known.has(k)) continue;
      properties[k] = v;
      moved.push([`/${escapePointer(k)}`, `/spec/properties/${escapePointer(k)}`]);
    }
    if (Object.keys(properties).length) spec.properties = properties;
  }
  if (kind.scopeArg === 'cluster') {
    const id = typeof args.id === 'string' && args.id !== UNKNOWN_VALUE ? args.id : undefined;
    const at = id?.toLowerCase().lastIndexOf('/providers/microsoft.kubernetesconfiguration/extensions/') ?? -1;
    if (id && at > 0) {
      spec.scope = id.slice(0, at);
    } else if (args.clusterRp !== undefined || args.clusterName !== undefined) {
      spec.scope = `/subscriptions/${UNKNOWN_VALUE}/resourceGroups/${String(args.resourceGroupName ?? UNKNOWN_VALUE)}/providers/` +
        `${String(args.clusterRp ?? UNKNOWN_VALUE)}/${String(args.clusterResourceName ?? UNKNOWN_VALUE)}/${String(args.clusterName ?? UNKNOWN_VALUE)}`;
      unresolved.push('/scope');
      moved.push(['/scope', '/spec/scope']);
    }
  } else if (kind.scopeArg && args[kind.scopeArg] !== undefined) {
    spec.scope = args[kind.scopeArg];
    moved.push([`/${kind.scopeArg}`, '/spec/scope']);
  }
  const properties = spec.properties;
  if (azure.kind === 'roleAssignments' && isJsonObject(properties) && typeof properties.roleDefinitionId === 'string') {
    const m = /^\/subscriptions\/[^/]+(\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-fA-F-]{36})$/i.exec(properties.roleDefinitionId);
    if (m) spec.properties = { ...properties, roleDefinitionId: m[1] };
  }

  const own = kind.nameArgs[kind.nameArgs.length - 1];
  const name = firstKnownString(args, [own]) ?? lastIdSegment(args);
  const parentName = kind.nameArgs.length > 1 ? firstKnownString(args, [kind.nameArgs[0]]) : undefined;
  const specUnresolved = unresolved.flatMap((p) => {
    const hit = moved.find(([from]) => p === from || p.startsWith(`${from}/`));
    return hit ? [`${hit[1]}${p.slice(hit[0].length)}`] : [];
  });
  const all = [
    ...specUnresolved,
    ...(name === undefined ? ['/name'] : []),
    ...(azure.parentKind && parentName === undefined ? ['/parent/name'] : []),
  ];
  return {
    id: planned?.id ?? view.urn,
    group: azure.group,
    version: (moduleVersion && apiVersionOfModule(moduleVersion)) ?? kind.sdkApiVersion,
    kind: azure.kind,
    name: name ?? UNKNOWN_VALUE,
    armType: azure.armType,
    ...(azure.parentKind ? { parent: { kind: azure.parentKind, name: parentName ?? UNKNOWN_VALUE } } : {}),
    ...(planned?.labels ? { labels: planned.labels } : {}),
    ...(planned?.annotations ? { annotations: planned.annotations } : {}),
    spec,
    ...(planned?.waivers.length ? { waivers: planned.waivers } : {}),
    ...(all.length ? { unresolved: all } : {}),
  };
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
  const aio = AIO_BY_ARM_TYPE.get(kind.armType)!;
  const parentName = kind.nameArgs.length > 1 ? (firstKnownString(props, [kind.nameArgs[0]]) ?? aio.defaultParentName ?? AIO.brokerName) : undefined;

  const all = [...specUnresolved, ...nameUnresolved];
  const namespace = planned?.namespace;
  return {
    id: planned?.id ?? view.urn,
    group: aio.group,
    version: aio.version,
    kind: kind.kind,
    name: name ?? UNKNOWN_VALUE,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(parentName !== undefined && aio.parentKind
      ? { parent: { kind: aio.parentKind, name: parentName, ...(namespace !== undefined ? { namespace } : {}) } }
      : {}),
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
  readonly references: readonly ResourceReference[];
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
        references: readReferences(entry.references),
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
