/**
 * Reads Azure Resource Manager input into `Resource`s: deployment templates of any scope (resource
 * group, and subscription as `renderSubscriptionTemplate` writes for the Defender plans; classic
 * `resources` arrays, languageVersion 2.0 symbolic names as in Microsoft's AIO release templates,
 * nested child resources, `copy` loops, nested `Microsoft.Resources/deployments` with an inline
 * template) and exported resource JSON (`az resource show`, `az resource list`, a REST list's
 * `value`).
 *
 * Representation:
 * - The AIO kinds the model knows (`AIO_KINDS`: Broker, BrokerListener, BrokerAuthentication,
 *   BrokerAuthorization) become the same `Resource` the Kubernetes reader makes of their custom
 *   resource: group `mqttbroker.iotoperations.azure.com`, version `v1` (`v1beta1` for preview
 *   api-versions before the first GA), name = the last name segment, parent = the broker, spec =
 *   `properties`, `armType`. Every rule works on them unchanged. A parent field that preview
 *   api-versions carried in `properties` (`brokerRef`) is dropped, as the Kubernetes reader drops
 *   it: the parent comes from the name. Exported resources lose the status fields
 *   `provisioningState` and `healthState`, which are not spec.
 * - Every other ARM type is kept with group `arm:<Namespace>`, version = its api-version, kind =
 *   the full type (`Microsoft.KubernetesConfiguration/extensions`) and name = the full ARM name.
 *   No rule looks at them yet; they are there so reports show what the template deploys.
 * - Namespace: ARM has none. It comes from aio-secure's template metadata when present, else from
 *   the `properties.namespace` of the custom location the resource's `extendedLocation` names when
 *   that custom location is in the same template; otherwise it is left out, which cross-resource
 *   lookups treat as "any namespace".
 * - Expressions are evaluated (`lib/arm/expression.ts`) with parameter values from the options,
 *   else the template's defaults. A value that cannot be resolved keeps its `[expression]` text
 *   and its JSON pointer (`/spec/ports/0/port`, `/name`, `/parent/name`) goes into
 *   `Resource.unresolved`, so no rule can pass that resource: each reports unknown unless it found
 *   a problem it is sure of. The instance segment of a child's name is not part of the `Resource`
 *   and is not listed.
 * - `existing` resources are references, not deployed: skipped. A resource whose `condition` is
 *   false is skipped; one whose condition cannot be resolved is read, with a note.
 *   `Microsoft.Resources/deployments` become no resource of their own: their inline template is
 *   read (its parameters taken from the outer values), a linked template is a note. Resource
 *   `copy` loops are expanded; property `copy` loops are not: they are unresolved, with a note.
 * - Source: the file, the JSON pointer of the resource (`/resources/broker`, `/resources/3`) and
 *   its line.
 */
import { LineCounter, type Document } from 'yaml';
import {
  ArmLimitError,
  ArmPartialString,
  ArmUnresolved,
  canonicalText,
  escapePointer,
  evaluateArmTree,
  getOwn,
  isArmObject,
  joinParts,
  materializeArmValue,
  nameSegments,
  parseArmExpression,
  setOwn,
  type ArmScope,
  type ArmValue,
  type NameSegment,
} from '../arm/expression';
import { ARM_METADATA_KEY, armReferenceValue, type ArmReferenceLookup } from '../arm/template';
import { azureKindOfType, readReferences, referencePlaceholder, type AzureKind } from '../model/azure';
import { UNREADABLE_WAIVERS_RULE } from '../model/bookkeeping';
import { AIO_KINDS, type AioKind } from '../model/kinds';
import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
  type Resource,
  type ResourceRef,
  type ResourceReference,
  type SourceLocation,
  type Waiver,
} from '../model/resource';
import { ARM_TEMPLATE } from '../model/versions';
import type { ReadProblem, ReadResult } from './kubernetes-reader';
import { parseYamlDocuments, toJavaScript } from './yaml-stream';

/** Options of the ARM reader. */
export interface ArmReadOptions {
  /**
   * Values of template parameters by name (case-insensitive), as literal JSON, the way a
   * deployment passes them. `armParameterValues` turns a parameters file into this.
   * @default {} (every parameter takes its default value)
   */
  readonly parameters?: Readonly<Record<string, JsonValue>>;
}

/** Limits that keep hostile templates from exhausting memory or time. */
export const ARM_READ_LIMITS = {
  /** Nesting of `Microsoft.Resources/deployments` templates. */
  maxTemplateDepth: 10,
  /** Nesting of child `resources` inside a resource. */
  maxChildDepth: 10,
  /** Largest `copy` count expanded (ARM's own limit). */
  maxCopyCount: 800,
  /** Resources read from one file. */
  maxResources: 100_000,
} as const;

/** What kind of ARM input a parsed JSON value is. */
export type ArmInputKind = 'template' | 'parameters' | 'resources';

/**
 * Recognizes ARM input: a deployment template (`$schema` …deploymentTemplate.json, which takes in
 * the subscription, management group and tenant schemas, …subscriptionDeploymentTemplate.json and
 * so on; or `resources` with `contentVersion`), a parameters file, or exported resources (objects
 * with `id`, `type` and `name`, alone, in an array or in a list's `value`).
 */
export function armInputKind(value: unknown): ArmInputKind | undefined {
  if (isJsonObject(value)) {
    const schema = typeof value.$schema === 'string' ? value.$schema : '';
    if (/deploymentTemplate\.json/i.test(schema)) return 'template';
    if (/deploymentParameters\.json/i.test(schema)) return 'parameters';
    if ('resources' in value && 'contentVersion' in value && !('apiVersion' in value && 'kind' in value)) return 'template';
    if (isExportedResource(value)) return 'resources';
    if (Array.isArray(value.value) && value.value.length > 0 && value.value.every(isExportedResource)) return 'resources';
    return undefined;
  }
  if (Array.isArray(value) && value.length > 0 && value.every(isExportedResource)) return 'resources';
  return undefined;
}

/**
 * The parameter values of an ARM parameters file (`{ parameters: { name: { value } } }`), for
 * `ArmReadOptions.parameters`. Key Vault references cannot be known and are left out.
 */
export function armParameterValues(parametersFile: unknown): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  const params = isJsonObject(parametersFile) && isJsonObject(parametersFile.parameters) ? parametersFile.parameters : {};
  for (const [k, v] of Object.entries(params)) if (k !== '__proto__' && isJsonObject(v) && 'value' in v) setOwn(out, k, v.value);
  return out;
}

/**
 * Reads ARM JSON text if it is ARM input, or returns `undefined` so the caller reads it as
 * Kubernetes manifests (text that does not parse, has duplicate keys or nests too deeply is left
 * to that reader's error messages). `readManifestText` does the same in one pass.
 */
export function tryReadArmText(text: string, file: string, options: ArmReadOptions = {}): ReadResult | undefined {
  const lineCounter = new LineCounter();
  const docs: Document.Parsed[] = [];
  try {
    for (const doc of parseYamlDocuments(text, lineCounter)) {
      docs.push(doc);
      if (docs.length > 1) return undefined;
    }
  } catch {
    return undefined;
  }
  const [doc] = docs;
  if (!doc || doc.errors.length) return undefined;
  let value: unknown;
  try {
    value = toJavaScript(doc, text);
  } catch {
    return undefined;
  }
  if (!armInputKind(value)) return undefined;
  const lineOf = (path: readonly (string | number)[]) => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  };
  return readArmValue(value, file, options, lineOf);
}

/**
 * Reads parsed ARM JSON: a template, exported resources, or a parameters file (which holds no
 * resources and is noted as such). `lineOf` maps a JSON path to its line, where known.
 */
export function readArmValue(
  value: unknown,
  file: string,
  options: ArmReadOptions = {},
  lineOf: (path: readonly (string | number)[]) => number | undefined = () => undefined,
): ReadResult {
  const ctx: ReadContext = { file, lineOf, resources: [], problems: [], notes: [], budget: { steps: 0 } };
  const kind = armInputKind(value);
  try {
    if (kind === 'template') {
      const scope = TemplateScope.of(value as JsonObject, literalValues(options.parameters ?? {}), ctx.budget);
      readTemplate(value as JsonObject, [], scope, ctx, 0, new Map());
    } else if (kind === 'resources') {
      readExported(value, ctx);
    } else if (kind === 'parameters') {
      ctx.notes.push({ file, message: 'is an ARM parameters file, not a template; pass its values with the template (ArmReadOptions.parameters)' });
    } else {
      ctx.problems.push({ file, message: 'is not an ARM template or exported ARM resource JSON' });
    }
  } catch (e) {
    if (!(e instanceof ArmLimitError) && !(e instanceof RangeError)) throw e;
    const why = e instanceof ArmLimitError ? (e as Error).message : 'the template is nested too deeply';
    return { resources: [], problems: [{ file, message: `cannot read ARM template: ${why}` }], files: 1 };
  }
  return { resources: ctx.resources, problems: ctx.problems, files: 1, ...(ctx.notes.length ? { notes: ctx.notes } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Templates

interface ReadContext {
  readonly file: string;
  readonly lineOf: (path: readonly (string | number)[]) => number | undefined;
  readonly resources: Resource[];
  readonly problems: ReadProblem[];
  readonly notes: ReadProblem[];
  readonly budget: { steps: number };
}

/** One resource declaration after conditions, copy loops and child nesting are applied. */
interface Declared {
  /** Symbolic name or array index, for top-level resources; bookkeeping is keyed by it. */
  readonly key?: string;
  readonly raw: JsonObject;
  readonly path: readonly (string | number)[];
  readonly type: string;
  readonly name: ArmValue;
  readonly scope: TemplateScope;
}

/** Parameters, variables and copy loops of one template, as expressions see them. */
class TemplateScope implements ArmScope {
  /** A scope for a template, with the given parameter values (already evaluated). */
  static of(template: JsonObject, given: ReadonlyMap<string, ArmValue>, budget: { steps: number }): TemplateScope {
    const params = new Map<string, { name: string; def: JsonObject }>();
    if (isJsonObject(template.parameters)) {
      for (const [name, def] of Object.entries(template.parameters)) if (isJsonObject(def)) params.set(name.toLowerCase(), { name, def });
    }
    const variables = new Map<string, JsonValue>();
    if (isJsonObject(template.variables)) for (const [name, v] of Object.entries(template.variables)) variables.set(name.toLowerCase(), v);
    const values = new Map<string, ArmValue>();
    for (const [k, v] of given) values.set(k.toLowerCase(), v);
    return new TemplateScope({ params, variables, given: values, memo: new Map(), evaluating: new Set() }, new Map(), budget);
  }

  private constructor(
    private readonly shared: {
      readonly params: Map<string, { name: string; def: JsonObject }>;
      readonly variables: Map<string, JsonValue>;
      readonly given: Map<string, ArmValue>;
      readonly memo: Map<string, ArmValue>;
      readonly evaluating: Set<string>;
    },
    private readonly loops: ReadonlyMap<string, number>,
    public readonly budget: { steps: number },
    private readonly innermost?: number,
  ) {}

  /** The same scope inside copy loop `name` at `index`. */
  withCopy(name: string | undefined, index: number): TemplateScope {
    const loops = new Map(this.loops);
    if (name) loops.set(name.toLowerCase(), index);
    return new TemplateScope(this.shared, loops, this.budget, index);
  }

  parameter(name: string): ArmValue {
    const key = name.toLowerCase();
    const entry = this.shared.params.get(key);
    if (!entry) return new ArmUnresolved(`parameters('${name}')`);
    if (this.shared.given.has(key)) return this.shared.given.get(key)!;
    if ('defaultValue' in entry.def) return this.memoized(`p:${key}`, () => evaluateArmTree(entry.def.defaultValue, this), `parameters('${name}')`);
    if (entry.def.nullable === true) return null;
    return new ArmUnresolved(`parameters('${name}')`);
  }

  variable(name: string): ArmValue {
    const key = name.toLowerCase();
    if (!this.shared.variables.has(key)) return new ArmUnresolved(`variables('${name}')`);
    return this.memoized(`v:${key}`, () => evaluateArmTree(this.shared.variables.get(key), this), `variables('${name}')`);
  }

  copyIndex(loop?: string): number | undefined {
    return loop === undefined ? this.innermost : this.loops.get(loop.toLowerCase());
  }

  private memoized(key: string, compute: () => ArmValue, text: string): ArmValue {
    const memo = this.shared.memo;
    if (memo.has(key)) return memo.get(key)!;
    // A value that (indirectly) refers to itself cannot be known.
    if (this.shared.evaluating.has(key)) return new ArmUnresolved(text);
    this.shared.evaluating.add(key);
    try {
      const v = compute();
      memo.set(key, v);
      return v;
    } finally {
      this.shared.evaluating.delete(key);
    }
  }
}

function literalValues(values: Readonly<Record<string, JsonValue>>): Map<string, ArmValue> {
  const out = new Map<string, ArmValue>();
  for (const [k, v] of Object.entries(values)) out.set(k, sanitize(v));
  return out;
}

function readTemplate(
  template: JsonObject,
  path: readonly (string | number)[],
  scope: TemplateScope,
  ctx: ReadContext,
  depth: number,
  outerLocations: ReadonlyMap<string, string>,
): void {
  const raw = template.resources;
  if (raw === undefined) return;
  let entries: [string, unknown, (string | number)[]][];
  if (Array.isArray(raw)) entries = raw.map((v, i) => [String(i), v, [...path, 'resources', i]]);
  else if (isJsonObject(raw)) entries = Object.entries(raw).filter(([k]) => k !== '__proto__').map(([k, v]) => [k, v, [...path, 'resources', k]]);
  else {
    ctx.problems.push({ file: ctx.file, message: `${pointerOf([...path, 'resources'])} is neither a list nor an object of resources` });
    return;
  }

  const declared: Declared[] = [];
  for (const [key, value, at] of entries) declare(value, at, key, undefined, scope, ctx, declared, 0);

  // Custom locations in this template, by canonical name, for the namespace of AIO resources.
  const locations = new Map(outerLocations);
  for (const d of declared) {
    if (d.type.toLowerCase() !== 'microsoft.extendedlocation/customlocations' || !isJsonObject(d.raw.properties)) continue;
    const ns = evaluateArmTree(d.raw.properties.namespace, d.scope);
    const name = canonicalText(d.name);
    if (typeof ns === 'string' && name !== undefined) locations.set(name.toLowerCase(), ns);
  }

  const bookkeeping = bookkeepingOf(template);
  const read: ReadHere[] = [];
  for (const d of declared) {
    if (d.type.toLowerCase() === 'microsoft.resources/deployments') {
      readNestedDeployment(d, ctx, depth, locations);
      continue;
    }
    if (ctx.resources.length >= ARM_READ_LIMITS.maxResources) {
      ctx.problems.push({ file: ctx.file, message: `has more than ${ARM_READ_LIMITS.maxResources} resources; only the first ${ARM_READ_LIMITS.maxResources} were read` });
      break;
    }
    const entry = d.key !== undefined ? getOwn(bookkeeping, d.key) : undefined;
    const r = templateResource(d, entry, locations, ctx);
    if (!r) continue;
    read.push({ index: ctx.resources.length, d, references: bookkeepingEntry(entry, d.key ?? '').references ?? [] });
    ctx.resources.push(r);
  }
  restoreReferences(read, ctx);
}

/** A resource read from this template: where it is in the result, its declaration, and the references its bookkeeping lists. */
interface ReadHere {
  readonly index: number;
  readonly d: Declared;
  readonly references: readonly ResourceReference[];
}

/**
 * Turns the expressions aio-secure wrote for references back into them: for each reference the
 * bookkeeping lists, when the template holds exactly what `renderArmTemplate` writes for it at its
 * pointer, the spec gets the reference's placeholder there, the pointer is no longer unresolved,
 * and the reference is the resource's. A parameter reference whose parameter the deployment gave
 * keeps the given value. Anything else (an edited template) stays as read.
 */
function restoreReferences(read: readonly ReadHere[], ctx: ReadContext): void {
  if (!read.some((x) => x.references.length)) return;
  const byId = new Map(read.map((x) => [ctx.resources[x.index].id, x]));
  const lookup: ArmReferenceLookup = {
    resource: (id) => {
      const x = byId.get(id);
      return x ? ctx.resources[x.index] : undefined;
    },
    symbol: (id) => byId.get(id)?.d.key,
  };
  for (const x of read) {
    if (!x.references.length) continue;
    const r = ctx.resources[x.index];
    const azure = azureKindOfType(x.d.type) !== undefined;
    let spec = r.spec;
    let unresolved = [...(r.unresolved ?? [])];
    const restored: ResourceReference[] = [];
    for (const ref of x.references) {
      let expected: string;
      try {
        expected = armReferenceValue(r, ref, lookup);
      } catch {
        continue;
      }
      const segments = pointerSegments(ref.pointer);
      if (!segments || segments[0] !== 'spec' || segments.length < 2) continue;
      const rawPath = azure ? segments.slice(1) : ['properties', ...segments.slice(1)];
      if (rawAt(x.d.raw, rawPath) !== expected) continue;
      const open = unresolved.some((p) => p === ref.pointer || p.startsWith(`${ref.pointer}/`));
      if ('parameter' in ref && !open) continue; // the deployment gave the parameter
      const placeholder = referencePlaceholder('parameter' in ref ? { parameter: ref.parameter } : ref);
      const replaced = replaceAt(spec, segments.slice(1), placeholder);
      if (!replaced) continue;
      spec = replaced;
      unresolved = unresolved.filter((p) => p !== ref.pointer && !p.startsWith(`${ref.pointer}/`));
      restored.push({ ...ref });
    }
    if (!restored.length) continue;
    const { unresolved: _old, ...rest } = r;
    ctx.resources[x.index] = { ...rest, spec, references: restored, ...(unresolved.length ? { unresolved } : {}) };
  }
}

function pointerSegments(pointer: string): string[] | undefined {
  if (!pointer.startsWith('/')) return undefined;
  return pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function rawAt(value: JsonValue, path: readonly string[]): JsonValue | undefined {
  let node: JsonValue | undefined = value;
  for (const p of path) {
    if (Array.isArray(node)) node = /^\d+$/.test(p) ? node[Number(p)] : undefined;
    else if (isJsonObject(node)) node = getOwn(node, p);
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** A copy of `spec` with the value at `path` replaced; `undefined` when there is no value there. */
function replaceAt(spec: JsonObject, path: readonly string[], value: JsonValue): JsonObject | undefined {
  const go = (node: JsonValue, i: number): JsonValue | undefined => {
    if (i === path.length) return value;
    const p = path[i];
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(p) || Number(p) >= node.length) return undefined;
      const child = go(node[Number(p)], i + 1);
      if (child === undefined) return undefined;
      return node.map((v, j) => (j === Number(p) ? child : v));
    }
    if (isJsonObject(node)) {
      const current = getOwn(node, p);
      if (current === undefined) return undefined;
      const child = go(current, i + 1);
      if (child === undefined) return undefined;
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(node)) setOwn(out, k, k === p ? child : v);
      return out;
    }
    return undefined;
  };
  return go(spec, 0) as JsonObject | undefined;
}

/** Applies `existing`, `copy`, `condition` and child nesting to one declaration. */
function declare(
  value: unknown,
  path: readonly (string | number)[],
  key: string | undefined,
  parent: { type: string; name: ArmValue } | undefined,
  scope: TemplateScope,
  ctx: ReadContext,
  out: Declared[],
  childDepth: number,
): void {
  const where = pointerOf(path);
  if (!isJsonObject(value)) {
    ctx.problems.push({ file: ctx.file, ...line(ctx, path), message: `${where} is not an object, so it is not an ARM resource` });
    return;
  }
  if (value.existing === true) return; // a reference to a resource deployed elsewhere
  if ('import' in value || 'extension' in value) {
    ctx.notes.push({ file: ctx.file, ...line(ctx, path), message: `${where} is a Bicep extension resource (${String(value.type)}); it is not read` });
    return;
  }
  if (value.copy !== undefined) {
    const copy = value.copy;
    const count = isJsonObject(copy) ? evaluateArmTree(copy.count, scope) : undefined;
    const loop = isJsonObject(copy) && typeof copy.name === 'string' ? copy.name : undefined;
    if (typeof count === 'number' && Number.isInteger(count) && count >= 0 && count <= ARM_READ_LIMITS.maxCopyCount) {
      for (let i = 0; i < count; i++) declareOne(value, path, undefined, parent, scope.withCopy(loop, i), ctx, out, childDepth);
      return;
    }
    if (count instanceof ArmUnresolved || count instanceof ArmPartialString) {
      ctx.notes.push({ file: ctx.file, ...line(ctx, path), message: `${where}: copy count [${count.text}] cannot be resolved; one copy is read, with copyIndex() unresolved` });
      declareOne(value, path, undefined, parent, scope, ctx, out, childDepth);
      return;
    }
    ctx.problems.push({
      file: ctx.file, ...line(ctx, path),
      message: `${where}: copy count ${JSON.stringify(count ?? null)} is not a whole number from 0 to ${ARM_READ_LIMITS.maxCopyCount}`,
    });
    return;
  }
  declareOne(value, path, key, parent, scope, ctx, out, childDepth);
}

function declareOne(
  value: JsonObject,
  path: readonly (string | number)[],
  key: string | undefined,
  parent: { type: string; name: ArmValue } | undefined,
  scope: TemplateScope,
  ctx: ReadContext,
  out: Declared[],
  childDepth: number,
): void {
  const where = pointerOf(path);
  if ('condition' in value) {
    const c = evaluateArmTree(value.condition, scope);
    if (c === false) return;
    if (c !== true) {
      const shown = c instanceof ArmUnresolved || c instanceof ArmPartialString ? `[${c.text}]` : JSON.stringify(c);
      ctx.notes.push({ file: ctx.file, ...line(ctx, path), message: `${where}: condition ${shown} cannot be resolved; the resource is read as if it were deployed` });
    }
  }
  const typeValue = evaluateArmTree(value.type, scope);
  if (typeof typeValue !== 'string' || typeValue === '') {
    ctx.problems.push({ file: ctx.file, ...line(ctx, path), message: `${where}: type is missing or not a literal string; ARM requires one` });
    return;
  }
  let type = typeValue;
  let name = typeof value.name === 'string' ? evaluateArmTree(value.name, scope) : null;
  if (nameSegments(name) === undefined) {
    ctx.problems.push({ file: ctx.file, ...line(ctx, path), message: `${where}: name is missing or not a string (got ${JSON.stringify(value.name ?? null)})` });
    return;
  }
  if (parent) {
    // A child's type and name are relative to its parent unless it gives them in full.
    const fullType = type.includes('/') ? type : `${parent.type}/${type}`;
    const needed = fullType.split('/').length - 1;
    if (!type.includes('/') || nameSegments(name)!.length !== needed) name = joinNames(parent.name, name);
    type = fullType;
  }
  out.push({ key, raw: value, path, type, name, scope });

  const children = value.resources;
  if (children === undefined) return;
  if (childDepth + 1 > ARM_READ_LIMITS.maxChildDepth) {
    ctx.problems.push({ file: ctx.file, ...line(ctx, path), message: `${where}: child resources nest more than ${ARM_READ_LIMITS.maxChildDepth} levels deep` });
    return;
  }
  const list: [unknown, (string | number)[]][] = Array.isArray(children)
    ? children.map((c, i) => [c, [...path, 'resources', i]])
    : isJsonObject(children) ? Object.entries(children).filter(([k]) => k !== '__proto__').map(([k, c]) => [c, [...path, 'resources', k]]) : [];
  for (const [child, at] of list) declare(child, at, undefined, { type, name }, scope, ctx, out, childDepth + 1);
}

function joinNames(parent: ArmValue, child: ArmValue): ArmValue {
  const piece = (v: ArmValue) => (typeof v === 'string' || v instanceof ArmUnresolved || v instanceof ArmPartialString ? v : new ArmUnresolved(JSON.stringify(v)));
  const p = piece(parent);
  const c = piece(child);
  return joinParts([p, '/', c], `${canonicalText(p)}/${canonicalText(c)}`);
}

function readNestedDeployment(d: Declared, ctx: ReadContext, depth: number, locations: ReadonlyMap<string, string>): void {
  const where = pointerOf(d.path);
  const props = d.raw.properties;
  const template = isJsonObject(props) ? props.template : undefined;
  if (!isJsonObject(props) || !isJsonObject(template)) {
    const linked = isJsonObject(props) && props.templateLink !== undefined;
    ctx.notes.push({
      file: ctx.file, ...line(ctx, d.path),
      message: linked
        ? `${where}: nested deployment ${canonicalText(d.name) ?? ''} links its template (templateLink); the resources it deploys are not read`
        : `${where}: nested deployment ${canonicalText(d.name) ?? ''} has no inline template; the resources it deploys are not read`,
    });
    return;
  }
  if (depth + 1 > ARM_READ_LIMITS.maxTemplateDepth) {
    ctx.problems.push({ file: ctx.file, ...line(ctx, d.path), message: `${where}: nested deployments nest more than ${ARM_READ_LIMITS.maxTemplateDepth} levels deep` });
    return;
  }
  const options = isJsonObject(props.expressionEvaluationOptions) ? props.expressionEvaluationOptions : {};
  const inner = typeof options.scope === 'string' && options.scope.toLowerCase() === 'inner';
  let scope = d.scope;
  if (inner) {
    // Inner scope: the nested template has its own parameters, given by the outer template.
    const given = new Map<string, ArmValue>();
    if (isJsonObject(props.parameters)) {
      for (const [k, v] of Object.entries(props.parameters)) {
        if (!isJsonObject(v)) continue;
        if ('value' in v) given.set(k, evaluateArmTree(v.value, d.scope));
        else given.set(k, new ArmUnresolved(`parameters('${k}')`)); // e.g. a Key Vault reference
      }
    }
    scope = TemplateScope.of(template, given, ctx.budget);
  }
  readTemplate(template, [...d.path, 'properties', 'template'], scope, ctx, depth + 1, locations);
}

/** The bookkeeping aio-secure wrote into the template's metadata, by symbolic name or index. */
function bookkeepingOf(template: JsonObject): Readonly<Record<string, JsonValue>> {
  const meta = isJsonObject(template.metadata) ? getOwn(template.metadata, ARM_METADATA_KEY) : undefined;
  const resources = isJsonObject(meta) ? getOwn(meta, 'resources') : undefined;
  return isJsonObject(resources) ? resources : {};
}

const AIO_BY_ARM_TYPE: ReadonlyMap<string, AioKind> = new Map([...AIO_KINDS.values()].map((k) => [k.armType.toLowerCase(), k]));

function templateResource(d: Declared, bookkeeping: JsonValue | undefined, locations: ReadonlyMap<string, string>, ctx: ReadContext): Resource | undefined {
  const where = pointerOf(d.path);
  const apiVersion = d.raw.apiVersion;
  if (typeof apiVersion !== 'string' || apiVersion === '' || apiVersion.startsWith('[')) {
    ctx.problems.push({ file: ctx.file, ...line(ctx, d.path), message: `${where}: apiVersion is missing or not a literal string; ARM requires one` });
    return undefined;
  }
  const azure = azureKindOfType(d.type);
  if (azure) return azureTemplateResource(d, azure, apiVersion, bookkeepingEntry(bookkeeping, d.key ?? ''), ctx);
  const unresolved: string[] = [];

  let spec: JsonObject = {};
  if (d.raw.properties !== undefined && d.raw.properties !== null) {
    const props = evaluateArmTree(d.raw.properties, d.scope);
    if (isArmObject(props)) {
      spec = materializeArmValue(props, '/spec', unresolved) as JsonObject;
      for (const at of propertyCopyLoops(spec, '/spec', 0)) {
        unresolved.push(at);
        ctx.notes.push({ file: ctx.file, ...line(ctx, d.path), message: `${where}: the property copy loop at ${at} is not expanded; its values are unresolved` });
      }
    } else if (props instanceof ArmUnresolved || props instanceof ArmPartialString) {
      unresolved.push('/spec');
    } else {
      ctx.problems.push({ file: ctx.file, ...line(ctx, d.path), message: `${where}: properties is not an object (got ${JSON.stringify(props)})` });
      return undefined;
    }
  }

  const segments = nameSegments(d.name)!;
  const depth = d.type.split('/').length - 1;
  if (segments.length !== depth && segments.every((s) => s.resolved)) {
    ctx.problems.push({
      file: ctx.file, ...line(ctx, d.path),
      message: `${where}: name "${segments.map((s) => s.text).join('/')}" has ${segments.length} segment(s), but type ${d.type} needs ${depth}`,
    });
    return undefined;
  }
  const fitting = segments.length === depth ? segments : undefined;
  const whole: NameSegment = { text: canonicalText(d.name)!, resolved: false };

  const keep = bookkeepingEntry(bookkeeping, d.key ?? '');
  const known = AIO_BY_ARM_TYPE.get(d.type.toLowerCase());
  // Preview api-versions carried the CR's parent field (`brokerRef`); the parent is the name's.
  if (known?.parentField && known.parentField in spec) spec = withoutKey(spec, known.parentField);
  const namespace = keep.namespace ?? namespaceFromLocation(d, locations);

  const source: SourceLocation = { file: ctx.file, pointer: where, ...line(ctx, d.path) };
  if (known) {
    const own = fitting ? fitting[depth - 1] : whole;
    if (!own.resolved) unresolved.push('/name');
    let parent: ResourceRef | undefined;
    if (known.parentKind) {
      const p = fitting && depth >= 2 ? fitting[depth - 2] : whole;
      if (!p.resolved) unresolved.push('/parent/name');
      parent = { kind: known.parentKind, name: p.text, ...(namespace !== undefined ? { namespace } : {}) };
    }
    return aioResource(known, apiVersion, own.text, namespace, parent, spec, keep, source, unresolved);
  }

  const fullName = segments.map((s) => s.text).join('/');
  if (!segments.every((s) => s.resolved)) unresolved.push('/name');
  return {
    id: keep.id ?? (namespace !== undefined ? `${namespace}/${d.type}/${fullName}` : `${d.type}/${fullName}`),
    group: `arm:${d.type.split('/')[0]}`,
    version: apiVersion,
    kind: d.type,
    name: fullName,
    ...(namespace !== undefined ? { namespace } : {}),
    armType: d.type,
    ...keptFields(keep),
    spec,
    source,
    ...(unresolved.length ? { unresolved } : {}),
  };
}

/** Keys of a template resource that are not part of its ARM body. */
const TEMPLATE_ONLY_KEYS = new Set(['type', 'apiVersion', 'name', 'dependsOn', 'condition', 'copy', 'comments', 'existing', 'resources', 'metadata', '__proto__']);

/**
 * An Azure-only resource (`AZURE_KINDS`) as `planAzureResource` makes it: group, kind, pinned
 * version (the template's api-version), the canonical `armType`, the parent from the name, and
 * the ARM body without type, apiVersion and name as spec. A location that is only the template's
 * `location` parameter without a value (the resource group's location) is left out, as plans
 * leave it out. A role assignment's `roleDefinitionId` written as
 * `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', <guid>)]` becomes the
 * tenant-relative id plans use (`/providers/Microsoft.Authorization/roleDefinitions/<guid>`).
 */
function azureTemplateResource(d: Declared, azure: AzureKind, apiVersion: string, keep: Kept, ctx: ReadContext): Resource | undefined {
  const where = pointerOf(d.path);
  const unresolved: string[] = [];
  const spec: JsonObject = {};
  for (const [key, raw] of Object.entries(d.raw)) {
    if (TEMPLATE_ONLY_KEYS.has(key)) continue;
    const value = evaluateArmTree(raw, d.scope);
    if (key === 'location' && raw === `[parameters('location')]` && !isResolvedValue(value)) continue;
    const at: string[] = [];
    const json = materializeArmValue(value, `/spec/${escapePointer(key)}`, at);
    if (key === 'properties' && !isJsonObject(json) && at.length === 0) {
      ctx.problems.push({ file: ctx.file, ...line(ctx, d.path), message: `${where}: properties is not an object (got ${JSON.stringify(json)})` });
      return undefined;
    }
    setOwn(spec, key, json);
    unresolved.push(...at);
  }
  if (isJsonObject(spec.properties)) {
    for (const at of propertyCopyLoops(spec.properties, '/spec/properties', 0)) {
      unresolved.push(at);
      ctx.notes.push({ file: ctx.file, ...line(ctx, d.path), message: `${where}: the property copy loop at ${at} is not expanded; its values are unresolved` });
    }
    const roleId = azure.kind === 'roleAssignments' && isJsonObject(d.raw.properties) ? roleDefinitionPathOf(d.raw.properties.roleDefinitionId, d.scope) : undefined;
    if (roleId !== undefined) {
      spec.properties = { ...spec.properties, roleDefinitionId: roleId };
      const i = unresolved.indexOf('/spec/properties/roleDefinitionId');
      if (i >= 0) unresolved.splice(i, 1);
    }
  }

  const segments = nameSegments(d.name)!;
  const depth = d.type.split('/').length - 1;
  if (segments.length !== depth && segments.every((x) => x.resolved)) {
    ctx.problems.push({
      file: ctx.file, ...line(ctx, d.path),
      message: `${where}: name "${segments.map((x) => x.text).join('/')}" has ${segments.length} segment(s), but type ${d.type} needs ${depth}`,
    });
    return undefined;
  }
  const whole: NameSegment = { text: canonicalText(d.name)!, resolved: false };
  const own = segments.length === depth ? segments[depth - 1] : whole;
  if (!own.resolved) unresolved.push('/name');
  let parent: ResourceRef | undefined;
  if (azure.parentKind) {
    const p = segments.length === depth && depth >= 2 ? segments[depth - 2] : whole;
    if (!p.resolved) unresolved.push('/parent/name');
    parent = { kind: azure.parentKind, name: p.text };
  }
  const fullName = segments.map((x) => x.text).join('/');
  return {
    id: keep.id ?? `${azure.armType}/${fullName}`,
    group: azure.group,
    version: apiVersion,
    kind: azure.kind,
    name: own.text,
    ...(keep.namespace !== undefined ? { namespace: keep.namespace } : {}),
    armType: azure.armType,
    ...(parent ? { parent } : {}),
    ...keptFields(keep),
    spec,
    source: { file: ctx.file, pointer: where, ...line(ctx, d.path) },
    ...(unresolved.length ? { unresolved } : {}),
  };
}

function isResolvedValue(v: ArmValue): boolean {
  return !(v instanceof ArmUnresolved || v instanceof ArmPartialString);
}

/**
 * `/providers/Microsoft.Authorization/roleDefinitions/<guid>` for a role definition id written as
 * `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', <guid>)]` (the guid may be
 * any expression that resolves, e.g. a variable); `undefined` for anything else.
 */
function roleDefinitionPathOf(raw: JsonValue | undefined, scope: TemplateScope): string | undefined {
  if (typeof raw !== 'string' || !raw.startsWith('[') || raw.startsWith('[[') || !raw.endsWith(']')) return undefined;
  const source = raw.slice(1, -1);
  let node;
  try {
    node = parseArmExpression(source);
  } catch {
    return undefined;
  }
  if (node.type !== 'call' || node.name.toLowerCase() !== 'subscriptionresourceid' || node.args.length !== 2) return undefined;
  const [type, guid] = node.args.map((a) => evaluateArmTree(`[${source.slice(a.start, a.end)}]`, scope));
  if (typeof type !== 'string' || type.toLowerCase() !== 'microsoft.authorization/roledefinitions') return undefined;
  if (typeof guid !== 'string' || !/^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/.test(guid)) return undefined;
  return `/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

function aioResource(
  known: AioKind,
  apiVersion: string | undefined,
  name: string,
  namespace: string | undefined,
  parent: ResourceRef | undefined,
  spec: JsonObject,
  keep: Kept,
  source: SourceLocation,
  unresolved: readonly string[],
): Resource {
  const preview = apiVersion !== undefined && apiVersion < ARM_TEMPLATE.iotOperationsFirstGa;
  return {
    id: keep.id ?? (namespace !== undefined ? `${namespace}/${known.kind}/${name}` : `${known.kind}/${name}`),
    group: known.group,
    version: preview ? 'v1beta1' : known.version,
    kind: known.kind,
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(parent ? { parent } : {}),
    armType: known.armType,
    ...keptFields(keep),
    spec,
    source,
    ...(unresolved.length ? { unresolved: [...unresolved] } : {}),
  };
}

/** Pointers of ARM property copy loops (`copy: [{ name, count, input }]`), which are not expanded. */
function propertyCopyLoops(v: JsonValue, pointer: string, depth: number): string[] {
  if (depth > 64) return [];
  if (Array.isArray(v)) return v.flatMap((x, i) => propertyCopyLoops(x, `${pointer}/${i}`, depth + 1));
  if (!isJsonObject(v)) return [];
  const loop = v.copy;
  const here = Array.isArray(loop) && loop.length > 0 && loop.every((l) => isJsonObject(l) && 'name' in l && 'count' in l && 'input' in l) ? [`${pointer}/copy`] : [];
  return [...here, ...Object.entries(v).filter(([k]) => k !== 'copy').flatMap(([k, x]) => propertyCopyLoops(x, `${pointer}/${escapePointer(k)}`, depth + 1))];
}

/** The namespace of the custom location (in the same template) a resource is placed in. */
function namespaceFromLocation(d: Declared, locations: ReadonlyMap<string, string>): string | undefined {
  if (locations.size === 0 || d.raw.extendedLocation === undefined) return undefined;
  const location = evaluateArmTree(d.raw.extendedLocation, d.scope);
  const id = isArmObject(location) ? getOwn(location, 'name') : undefined;
  const segments = id === undefined ? undefined : nameSegments(id);
  if (!segments) return undefined;
  const i = segments.map((s) => s.text.toLowerCase()).lastIndexOf('customlocations');
  // A bare custom location name is allowed too.
  const name = i >= 0 && i + 1 < segments.length ? segments[i + 1].text : segments.length === 1 ? segments[0].text : undefined;
  return name === undefined ? undefined : locations.get(name.toLowerCase());
}

interface Kept {
  readonly id?: string;
  readonly namespace?: string;
  readonly waivers?: Waiver[];
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  /** The references aio-secure rendered; `restoreReferences` checks each against the template. */
  readonly references?: ResourceReference[];
}

/** The well-formed references of a bookkeeping entry; others are ignored (their values stay as read). */
function referencesOf(v: JsonValue | undefined): ResourceReference[] | undefined {
  // `restoreReferences` then compares the template with what the renderer writes for each.
  const out = readReferences(v);
  return out.length ? out : undefined;
}

function bookkeepingEntry(entry: JsonValue | undefined, key: string): Kept {
  if (!isJsonObject(entry)) return {};
  const str = (v: JsonValue | undefined) => (typeof v === 'string' && v !== '' ? v : undefined);
  const map = (v: JsonValue | undefined) => {
    if (!isJsonObject(v)) return undefined;
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(v)) if (typeof x === 'string' && k !== '__proto__') setOwn(out, k, x);
    return Object.keys(out).length ? out : undefined;
  };
  let waivers: Waiver[] | undefined;
  const w = getOwn(entry, 'waivers');
  if (w !== undefined) {
    waivers = Array.isArray(w) && w.every((x) => isJsonObject(x) && typeof x.rule === 'string')
      ? (w.map((x) => sanitize(x)) as unknown as Waiver[])
      : [{
        rule: UNREADABLE_WAIVERS_RULE,
        reason: `template metadata ${ARM_METADATA_KEY}.resources.${key}.waivers is not a JSON list of { rule, reason, owner, expires }`,
        owner: '',
        expires: '',
      }];
  }
  return {
    id: str(getOwn(entry, 'id')),
    namespace: str(getOwn(entry, 'namespace')),
    waivers: waivers?.length ? waivers : undefined,
    labels: map(getOwn(entry, 'labels')),
    annotations: map(getOwn(entry, 'annotations')),
    references: referencesOf(getOwn(entry, 'references')),
  };
}

function keptFields(keep: Kept): Partial<Pick<Resource, 'labels' | 'annotations' | 'waivers'>> {
  return {
    ...(keep.labels ? { labels: keep.labels } : {}),
    ...(keep.annotations ? { annotations: keep.annotations } : {}),
    ...(keep.waivers ? { waivers: keep.waivers } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Exported resources

function isExportedResource(v: unknown): boolean {
  return isJsonObject(v) && typeof v.id === 'string' && v.id.startsWith('/') && typeof v.type === 'string' && v.type.includes('/') && typeof v.name === 'string';
}

/** ARM status fields that exports include and that are not part of the spec. */
const STATUS_FIELDS = ['provisioningState', 'healthState'];

function readExported(value: unknown, ctx: ReadContext): void {
  const items: [unknown, (string | number)[]][] = Array.isArray(value)
    ? value.map((v, i) => [v, [i]])
    : isJsonObject(value) && Array.isArray(value.value) ? value.value.map((v, i) => [v, ['value', i]]) : [[value, []]];
  for (const [item, path] of items) {
    if (ctx.resources.length >= ARM_READ_LIMITS.maxResources) return;
    const o = item as JsonObject;
    const type = o.type as string;
    const known = AIO_BY_ARM_TYPE.get(type.toLowerCase());
    const names = namesFromId(o.id as string, type) ?? [o.name as string];
    const properties = isJsonObject(o.properties) ? (sanitize(o.properties) as JsonObject) : {};
    const source: SourceLocation = { file: ctx.file, ...(path.length ? { pointer: pointerOf(path) } : {}), ...line(ctx, path) };
    const apiVersion = typeof o.apiVersion === 'string' && o.apiVersion !== '' ? o.apiVersion : undefined;
    if (known) {
      const spec: JsonObject = {};
      for (const [k, v] of Object.entries(properties)) if (!STATUS_FIELDS.includes(k) && k !== known.parentField) setOwn(spec, k, v);
      const parentName = known.parentKind ? (names.length >= 2 ? names[names.length - 2] : known.defaultParentName) : undefined;
      const parent = known.parentKind && parentName ? { kind: known.parentKind, name: parentName } : undefined;
      ctx.resources.push(aioResource(known, apiVersion, names[names.length - 1], undefined, parent, spec, {}, source, []));
      continue;
    }
    const azure = azureKindOfType(type);
    if (azure) {
      ctx.resources.push(exportedAzureResource(o, azure, names, apiVersion, source));
      continue;
    }
    const fullName = names.join('/');
    ctx.resources.push({
      id: `${type}/${fullName}`,
      group: `arm:${type.split('/')[0]}`,
      version: apiVersion ?? 'unknown',
      kind: type,
      name: fullName,
      armType: type,
      spec: properties,
      source,
    });
  }
}

/** Keys of exported resources that are not part of the ARM body a deployment sends. */
const EXPORT_ONLY_KEYS = new Set(['id', 'name', 'type', 'apiVersion', 'systemData', 'etag', 'managedBy', 'resourceGroup', 'changedTime', 'createdTime', '__proto__']);

/**
 * An exported resource of an Azure-only kind as `planAzureResource` shapes it: the body without
 * the export-only keys and status fields as spec, the parent from the id. An extension
 * resource's scope is the part of its id before its own provider.
 */
function exportedAzureResource(o: JsonObject, azure: AzureKind, names: readonly string[], apiVersion: string | undefined, source: SourceLocation): Resource {
  const spec: JsonObject = {};
  for (const [k, v] of Object.entries(o)) {
    if (EXPORT_ONLY_KEYS.has(k)) continue;
    if (k === 'properties' && isJsonObject(v)) {
      const properties: JsonObject = {};
      for (const [pk, pv] of Object.entries(v)) if (!STATUS_FIELDS.includes(pk) && pk !== '__proto__') setOwn(properties, pk, sanitize(pv));
      setOwn(spec, k, properties);
    } else {
      setOwn(spec, k, sanitize(v));
    }
  }
  if (azure.extension) {
    const id = o.id as string;
    const at = id.toLowerCase().lastIndexOf(`/providers/${azure.armType.toLowerCase()}/`);
    if (at > 0) setOwn(spec, 'scope', id.slice(0, at));
  }
  const name = names[names.length - 1];
  return {
    id: `${azure.armType}/${names.join('/')}`,
    group: azure.group,
    version: apiVersion ?? 'unknown',
    kind: azure.kind,
    name,
    armType: azure.armType,
    ...(azure.parentKind ? { parent: { kind: azure.parentKind, name: names.length >= 2 ? names[names.length - 2] : '' } } : {}),
    spec,
    source,
  };
}

/** The name segments in a resource id, when the id's type matches `type`. */
function namesFromId(id: string, type: string): string[] | undefined {
  const at = id.toLowerCase().lastIndexOf('/providers/');
  if (at < 0) return undefined;
  const parts = id.slice(at + '/providers/'.length).split('/');
  if (parts.length < 3 || parts.length % 2 === 0) return undefined;
  const idType = [parts[0], ...parts.filter((_, i) => i % 2 === 1)].join('/');
  if (idType.toLowerCase() !== type.toLowerCase()) return undefined;
  return parts.filter((_, i) => i >= 2 && i % 2 === 0);
}

// ---------------------------------------------------------------------------------------------
// Helpers

function withoutKey(o: JsonObject, key: string): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(o)) if (k !== key) setOwn(out, k, v);
  return out;
}

/** A deep copy of parsed JSON without `__proto__` keys. */
function sanitize(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(sanitize);
  if (isJsonObject(v)) {
    const out: Record<string, JsonValue> = {};
    for (const [k, x] of Object.entries(v)) if (k !== '__proto__') setOwn(out, k, sanitize(x));
    return out;
  }
  return v;
}

function pointerOf(path: readonly (string | number)[]): string {
  return path.map((p) => `/${escapePointer(String(p))}`).join('');
}

function line(ctx: ReadContext, path: readonly (string | number)[]): { line?: number } {
  const l = ctx.lineOf(path);
  return l ? { line: l } : {};
}
