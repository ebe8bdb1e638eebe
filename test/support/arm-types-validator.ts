/**
 * Validates ARM template resources against the ARM type definitions (the Bicep type graph that
 * bicep-types-az generates from the REST specs): first the shared reference data
 * (`schemas/arm-bicep-types/<provider>/<api-version>/types.json`), then this repository's
 * `test/fixtures/arm-bicep-types/` (providers the shared folder does not hold; see its README).
 * Files in bicep-types' earlier compact serialization (numeric type kinds) are converted to the
 * `$type` form on loading. The checks are the ones ARM and the resource provider apply to a PUT:
 *
 * - the resource type must exist at that api-version;
 * - required properties (flag 1) are present, read-only ones (flag 2) are not set;
 * - string literals and enums are respected; an extensible enum (`'A' | 'B' | string`) accepts
 *   any string;
 * - objects without `additionalProperties` are closed: unknown properties are errors;
 * - string `pattern`/`minLength`/`maxLength`, integer `minValue`/`maxValue` and array lengths;
 * - discriminated objects by their discriminator;
 * - each name segment against the name type of the resource type it belongs to.
 *
 * Template-only keys (`dependsOn`, `condition`, `copy`, `comments`, `scope`, `existing`) are
 * ignored. Values inside `properties` must be literals, with one exception: the expressions
 * `renderArmTemplate` writes for references (see `placeholderOf`), which are replaced by a value
 * of the shape ARM would put there (a GUID for an identity's ids, a resource id for
 * `resourceId()`, a parameter's value from the options) and that value is checked against the
 * schema as a literal would be. Any other expression inside `properties` is reported, because it
 * cannot be checked. Elsewhere (for example `extendedLocation.name`) an expression is accepted
 * wherever a string without constraints is.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArmPartialString, ArmUnresolved, evaluateArmString, isArmExpression, parseArmExpression, type ArmScope, type Node } from '../../lib/arm/expression';
import { REPO_ROOT, sharedReference, SHARED_REFERENCE_ROOT } from './shared';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonMap = { [key: string]: Json };

/** One node of a Bicep type graph. */
export type BicepType = JsonMap & { readonly $type: string };

const FLAG = { required: 1, readOnly: 2 } as const;
const TEMPLATE_KEYS = new Set(['dependsOn', 'condition', 'copy', 'comments', 'scope', 'existing']);

const cache = new Map<string, BicepType[]>();

/** Where this repository keeps type graphs the shared reference data lacks. */
export const ARM_TYPES_FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'arm-bicep-types');

/**
 * The type graph of a provider at an api-version, e.g. `('Microsoft.IoTOperations', '2025-10-01')`:
 * from the shared reference data, else from `ARM_TYPES_FIXTURES`. Throws naming the shared path
 * when neither has it.
 */
export function armTypes(provider: string, apiVersion: string): BicepType[] {
  const key = `${provider.toLowerCase()}/${apiVersion}`;
  let types = cache.get(key);
  if (!types) {
    const parts = ['schemas', 'arm-bicep-types', provider.toLowerCase(), apiVersion, 'types.json'] as const;
    const fixture = join(ARM_TYPES_FIXTURES, provider.toLowerCase(), apiVersion, 'types.json');
    const file = existsSync(join(SHARED_REFERENCE_ROOT, ...parts)) || !existsSync(fixture) ? sharedReference(...parts) : fixture;
    types = normalizeTypes(JSON.parse(readFileSync(file, 'utf8')) as Json[]);
    cache.set(key, types);
  }
  return types;
}

/**
 * A type graph in the `$type` form. bicep-types serialized graphs with numeric kinds before
 * 2024 (`{"13":{"Pattern":"..."}}` for a string type, properties as `{"Type": <index>, "Flags":
 * 1}`); those are converted, `$type` graphs are returned as they are.
 */
export function normalizeTypes(raw: Json[]): BicepType[] {
  if (raw.every((t) => isMap(t) && typeof t.$type === 'string')) return raw as BicepType[];
  const ref = (i: Json | undefined): JsonMap => ({ $ref: `#/${String(i)}` });
  const props = (p: Json | undefined): JsonMap => {
    const out: JsonMap = {};
    for (const [k, v] of Object.entries(isMap(p) ? p : {})) {
      const x = v as JsonMap;
      out[k] = { type: ref(x.Type), flags: (x.Flags as number) ?? 0, ...(x.Description !== undefined ? { description: x.Description } : {}) };
    }
    return out;
  };
  const limits = (x: JsonMap, names: Record<string, string>): JsonMap =>
    Object.fromEntries(Object.entries(names).filter(([from]) => x[from] !== undefined).map(([from, to]) => [to, x[from]]));
  const BUILT_IN = ['AnyType', 'NullType', 'BooleanType', 'IntegerType', 'StringType', 'AnyType', 'ArrayType', 'StringType'];
  return raw.map((t, i): BicepType => {
    const entries = isMap(t) ? Object.entries(t) : [];
    if (entries.length !== 1) throw new Error(`type ${i} is neither a $type nor a compact bicep type: ${JSON.stringify(t)}`);
    const [kind, body] = entries[0] as [string, JsonMap];
    switch (kind) {
      case '1': {
        const builtIn = BUILT_IN[(body.Kind as number) - 1];
        if (builtIn === 'ArrayType') return { $type: 'ArrayType', itemType: { $ref: `#/${i}` }, anyItems: true };
        return { $type: builtIn ?? 'AnyType' };
      }
      case '2':
        return { $type: 'ObjectType', name: body.Name as string, properties: props(body.Properties), ...(body.AdditionalProperties !== undefined ? { additionalProperties: ref(body.AdditionalProperties) } : {}) };
      case '3':
        return { $type: 'ArrayType', itemType: ref(body.ItemType), ...limits(body, { MinLength: 'minLength', MaxLength: 'maxLength' }) };
      case '4':
        return { $type: 'ResourceType', name: body.Name as string, body: ref(body.Body) };
      case '5':
        return { $type: 'UnionType', elements: (body.Elements as Json[]).map(ref) };
      case '6':
        return { $type: 'StringLiteralType', value: body.Value as string };
      case '7': {
        const elements: JsonMap = {};
        for (const [k, v] of Object.entries((body.Elements as JsonMap) ?? {})) elements[k] = ref(v);
        return { $type: 'DiscriminatedObjectType', name: body.Name as string, discriminator: body.Discriminator as string, baseProperties: props(body.BaseProperties), elements };
      }
      case '8':
        return { $type: 'ResourceFunctionType' };
      case '9':
        return { $type: 'AnyType' };
      case '10':
        return { $type: 'NullType' };
      case '11':
        return { $type: 'BooleanType' };
      case '12':
        return { $type: 'IntegerType', ...limits(body, { MinValue: 'minValue', MaxValue: 'maxValue' }) };
      case '13':
        return { $type: 'StringType', ...limits(body, { MinLength: 'minLength', MaxLength: 'maxLength', Pattern: 'pattern', Sensitive: 'sensitive' }) };
      default:
        throw new Error(`type ${i} has a compact bicep type kind this validator does not know: ${kind}`);
    }
  });
}

/** Options of the validators. */
export interface ArmValidationOptions {
  /** Parameter values used to resolve resource names (`parameters('instanceName')`). */
  readonly parameters?: Readonly<Record<string, string>>;
}

/** Validates every deployed resource of a template (object or array `resources`). */
export function validateArmTemplate(template: unknown, options: ArmValidationOptions = {}): string[] {
  if (!isMap(template)) return ['template: is not an object'];
  const resources = template.resources;
  const list = Array.isArray(resources) ? resources : isMap(resources) ? Object.values(resources) : undefined;
  if (!list) return ['template: /resources is neither a list nor an object'];
  return list.flatMap((r) => (isMap(r) && r.existing === true ? [] : validateArmResource(r, options)));
}

/** Validates one template resource `{ type, apiVersion, name, extendedLocation, properties, ... }`. */
export function validateArmResource(resource: unknown, options: ArmValidationOptions = {}): string[] {
  if (!isMap(resource)) return ['resource: is not an object'];
  const { type, apiVersion } = resource;
  if (typeof type !== 'string' || typeof apiVersion !== 'string') return ['resource: type and apiVersion must be literal strings'];
  const provider = type.split('/')[0];
  const types = armTypes(provider, apiVersion);
  const source = `ARM types ${provider.toLowerCase()}@${apiVersion}`;
  const body = resourceBody(types, type, apiVersion);
  const name = resolveName(resource.name, options);
  const who = `${type} ${typeof name === 'string' ? name : String(resource.name)}`;
  if (!body) return [`${who}: no resource type ${type}@${apiVersion} in ${source}`];
  const ctx: Ctx = { types, who, source, errors: [], parameters: options.parameters };

  if (typeof name !== 'string') {
    ctx.errors.push(`${who}: /name ${name.problem} [${source}]`);
  } else {
    checkNameSegments(ctx, type, apiVersion, name);
  }
  const props = (body.properties ?? {}) as JsonMap;
  for (const [key, value] of Object.entries(resource)) {
    if (TEMPLATE_KEYS.has(key) || key === 'name') continue;
    if (key === 'type' || key === 'apiVersion') continue; // they selected the body
    const p = props[key];
    if (!isMap(p)) {
      ctx.errors.push(`${who}: /${key} is not a property of ${type} [${source}]`);
      continue;
    }
    if ((p.flags as number) & FLAG.readOnly) {
      ctx.errors.push(`${who}: /${key} is read-only [${source}]`);
      continue;
    }
    check(ctx, p.type as JsonMap, value, `/${key}`, key === 'properties');
  }
  for (const [key, p] of Object.entries(props)) {
    if (!isMap(p)) continue;
    const flags = p.flags as number;
    if (flags & FLAG.required && !(flags & FLAG.readOnly) && resource[key] === undefined) ctx.errors.push(`${who}: /${key} is required [${source}]`);
  }
  return ctx.errors;
}

/**
 * Validates a value against a type of a graph. Exposed for tests of the validator itself (for
 * example with a small hand-written graph holding a closed enum).
 */
export function validateAgainstType(types: BicepType[], typeIndex: number, value: unknown, inProperties = true, options: ArmValidationOptions = {}): string[] {
  const ctx: Ctx = { types, who: 'value', source: 'given types', errors: [], parameters: options.parameters };
  check(ctx, { $ref: `#/${typeIndex}` }, value, '', inProperties);
  return ctx.errors;
}

// ---------------------------------------------------------------------------------------------

interface Ctx {
  readonly types: BicepType[];
  readonly who: string;
  readonly source: string;
  readonly errors: string[];
  /** Parameter values for reference expressions (`parameters('oidcIssuerUrl')`). */
  readonly parameters?: Readonly<Record<string, string>>;
}

function resourceBody(types: BicepType[], type: string, apiVersion: string): BicepType | undefined {
  const wanted = `${type}@${apiVersion}`.toLowerCase();
  const rt = types.find((t) => t.$type === 'ResourceType' && String(t.name).toLowerCase() === wanted);
  return rt ? deref(types, rt.body as JsonMap) : undefined;
}

function deref(types: BicepType[], ref: JsonMap): BicepType {
  const m = typeof ref.$ref === 'string' ? /^#\/(\d+)$/.exec(ref.$ref) : null;
  if (!m) throw new Error(`unsupported type reference ${JSON.stringify(ref)}`);
  const t = types[Number(m[1])];
  if (!t) throw new Error(`type reference ${ref.$ref} points past the end of the graph`);
  return t;
}

function resolveName(name: unknown, options: ArmValidationOptions): string | { problem: string } {
  if (typeof name !== 'string') return { problem: 'is missing or not a string' };
  const params = new Map(Object.entries(options.parameters ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const scope: ArmScope = {
    parameter: (p) => params.get(p.toLowerCase()) ?? new ArmUnresolved(`parameters('${p}')`),
    variable: (v) => new ArmUnresolved(`variables('${v}')`),
    copyIndex: () => undefined,
    budget: { steps: 0 },
  };
  const v = evaluateArmString(name, scope);
  if (v instanceof ArmUnresolved || v instanceof ArmPartialString) return { problem: `${name} cannot be resolved with the given parameters` };
  return typeof v === 'string' ? v : { problem: `${name} does not evaluate to a string` };
}

/** Each segment of `a/b/c` against the name type of `T/x`, `T/x/y`, `T/x/y/z`. */
function checkNameSegments(ctx: Ctx, type: string, apiVersion: string, name: string): void {
  const typeSegments = type.split('/');
  const segments = name.split('/');
  if (segments.length !== typeSegments.length - 1) {
    ctx.errors.push(`${ctx.who}: /name "${name}" has ${segments.length} segment(s); ${type} needs ${typeSegments.length - 1} [${ctx.source}]`);
    return;
  }
  segments.forEach((segment, i) => {
    const ancestor = typeSegments.slice(0, i + 2).join('/');
    const body = resourceBody(ctx.types, ancestor, apiVersion);
    const nameProp = body && isMap(body.properties) ? (body.properties as JsonMap).name : undefined;
    if (!isMap(nameProp)) {
      ctx.errors.push(`${ctx.who}: /name segment ${i + 1} ("${segment}"): no resource type ${ancestor}@${apiVersion} to check it against [${ctx.source}]`);
      return;
    }
    const before = ctx.errors.length;
    check(ctx, nameProp.type as JsonMap, segment, `/name[${i + 1}]`, false);
    for (let j = before; j < ctx.errors.length; j++) ctx.errors[j] = ctx.errors[j].replace(` [${ctx.source}]`, ` (name of ${ancestor}) [${ctx.source}]`);
  });
}

function check(ctx: Ctx, ref: JsonMap, value: unknown, pointer: string, inProperties: boolean): void {
  const t = deref(ctx.types, ref);
  const fail = (message: string) => ctx.errors.push(`${ctx.who}: ${pointer || '/'} ${message} [${ctx.source}]`);

  if (typeof value === 'string' && isArmExpression(value)) {
    const placeholder = placeholderOf(value, ctx.parameters ?? {});
    if (placeholder !== undefined) {
      // A reference expression: check the value ARM would put there, as a literal.
      check(ctx, ref, placeholder, pointer, inProperties);
      return;
    }
    if (inProperties) {
      fail(`is an ARM expression (${value}); only literal values can be validated`);
      return;
    }
    if (acceptsAnyString(ctx.types, t)) return;
    fail(`is an ARM expression (${value}) where ${describe(ctx.types, t)} is required`);
    return;
  }
  const literal = typeof value === 'string' && value.startsWith('[[') ? value.slice(1) : value;

  switch (t.$type) {
    case 'AnyType':
      return;
    case 'StringType': {
      if (typeof literal !== 'string') return void fail(`must be a string (got ${JSON.stringify(value)})`);
      if (typeof t.minLength === 'number' && literal.length < t.minLength) fail(`must be at least ${t.minLength} characters (got "${literal}")`);
      if (typeof t.maxLength === 'number' && literal.length > t.maxLength) fail(`must be at most ${t.maxLength} characters (got "${literal}")`);
      if (typeof t.pattern === 'string' && !new RegExp(t.pattern).test(literal)) fail(`must match pattern ${t.pattern} (got "${literal}")`);
      return;
    }
    case 'StringLiteralType':
      if (literal !== t.value) fail(`must be "${String(t.value)}" (got ${JSON.stringify(value)})`);
      return;
    case 'IntegerType': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return void fail(`must be an integer (got ${JSON.stringify(value)})`);
      if (typeof t.minValue === 'number' && value < t.minValue) fail(`must be >= ${t.minValue} (got ${value})`);
      if (typeof t.maxValue === 'number' && value > t.maxValue) fail(`must be <= ${t.maxValue} (got ${value})`);
      return;
    }
    case 'BooleanType':
      if (typeof value !== 'boolean') fail(`must be a boolean (got ${JSON.stringify(value)})`);
      return;
    case 'NullType':
      if (value !== null) fail(`must be null (got ${JSON.stringify(value)})`);
      return;
    case 'ArrayType': {
      if (!Array.isArray(value)) return void fail(`must be an array (got ${JSON.stringify(value)})`);
      if (t.anyItems === true) return; // a compact graph's built-in `array`
      if (typeof t.minLength === 'number' && value.length < t.minLength) fail(`must have at least ${t.minLength} items`);
      if (typeof t.maxLength === 'number' && value.length > t.maxLength) fail(`must have at most ${t.maxLength} items`);
      value.forEach((item, i) => check(ctx, t.itemType as JsonMap, item, `${pointer}/${i}`, inProperties));
      return;
    }
    case 'ObjectType':
      checkObject(ctx, (t.properties ?? {}) as JsonMap, t.additionalProperties as JsonMap | undefined, value, pointer, inProperties, fail);
      return;
    case 'DiscriminatedObjectType': {
      if (!isMap(value)) return void fail(`must be an object (got ${JSON.stringify(value)})`);
      const d = String(t.discriminator);
      const elements = t.elements as JsonMap;
      const kind = value[d];
      if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(elements, kind)) {
        return void fail(`/${d} must be one of ${Object.keys(elements).map((k) => `"${k}"`).join(', ')} (got ${JSON.stringify(kind)})`);
      }
      const element = deref(ctx.types, elements[kind] as JsonMap);
      const props: JsonMap = { ...(t.baseProperties as JsonMap), ...((element.properties ?? {}) as JsonMap) };
      const withDiscriminator = d in props ? value : Object.fromEntries(Object.entries(value).filter(([k]) => k !== d));
      checkObject(ctx, props, element.additionalProperties as JsonMap | undefined, withDiscriminator, pointer, inProperties, fail);
      return;
    }
    case 'UnionType': {
      const elements = (t.elements as JsonMap[]).map((e) => deref(ctx.types, e));
      const attempts = elements.map((_, i) => {
        const sub: Ctx = { ...ctx, errors: [] };
        check(sub, (t.elements as JsonMap[])[i], value, pointer, inProperties);
        return sub.errors;
      });
      if (attempts.some((e) => e.length === 0)) return;
      if (elements.every((e) => e.$type === 'StringLiteralType')) {
        return void fail(`must be one of ${elements.map((e) => JSON.stringify(e.value)).join(', ')} (got ${JSON.stringify(value)})`);
      }
      // Report the alternative that got furthest (fewest errors).
      const best = attempts.reduce((a, b) => (b.length < a.length ? b : a));
      ctx.errors.push(...best);
      return;
    }
    default:
      fail(`has a type this validator does not know: ${t.$type}`);
  }
}

function checkObject(
  ctx: Ctx,
  props: JsonMap,
  additional: JsonMap | undefined,
  value: unknown,
  pointer: string,
  inProperties: boolean,
  fail: (m: string) => void,
): void {
  if (!isMap(value)) return void fail(`must be an object (got ${JSON.stringify(value)})`);
  for (const [key, v] of Object.entries(value)) {
    const p = props[key];
    const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!isMap(p)) {
      if (additional) check(ctx, additional, v, at, inProperties);
      else ctx.errors.push(`${ctx.who}: ${pointer || '/'} must not have property "${key}" [${ctx.source}]`);
      continue;
    }
    const flags = p.flags as number;
    if (flags & FLAG.readOnly) {
      ctx.errors.push(`${ctx.who}: ${at} is read-only [${ctx.source}]`);
      continue;
    }
    if (v === null && !(flags & FLAG.required)) continue; // ARM treats null as not set
    check(ctx, p.type as JsonMap, v, at, inProperties);
  }
  for (const [key, p] of Object.entries(props)) {
    if (!isMap(p)) continue;
    const flags = p.flags as number;
    if (flags & FLAG.required && !(flags & FLAG.readOnly) && (value[key] === undefined || value[key] === null)) {
      ctx.errors.push(`${ctx.who}: ${pointer}/${key} is required [${ctx.source}]`);
    }
  }
}

function acceptsAnyString(types: BicepType[], t: BicepType): boolean {
  if (t.$type === 'AnyType') return true;
  if (t.$type === 'StringType') return t.pattern === undefined && t.minLength === undefined && t.maxLength === undefined;
  if (t.$type === 'UnionType') return (t.elements as JsonMap[]).some((e) => acceptsAnyString(types, deref(types, e)));
  return false;
}

function describe(types: BicepType[], t: BicepType): string {
  if (t.$type === 'StringLiteralType') return `"${String(t.value)}"`;
  if (t.$type === 'UnionType') return (t.elements as JsonMap[]).map((e) => describe(types, deref(types, e))).join(' | ');
  return t.$type;
}

function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------
// Reference expressions

/** The subscription, resource group and GUID the placeholders use. */
export const PLACEHOLDER = {
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  resourceGroup: 'validation-rg',
  /** What `reference(...).principalId`, `.clientId` and `.tenantId` stand for. */
  guid: '00000000-0000-4000-8000-000000000000',
} as const;

/**
 * The value ARM would put where a template holds one of the expressions `renderArmTemplate`
 * writes for references, or `undefined` for any other expression:
 * - `[reference('<symbol>').principalId]` (also `clientId`, `tenantId`) and
 *   `[reference('<symbol>', '<api-version>', 'full').identity.principalId]` (also `tenantId`):
 *   a GUID, which is what those attributes are;
 * - `[resourceId('<type>', <names>...)]`, `[subscriptionResourceId(...)]`,
 *   `[extensionResourceId(<scope>, '<type>', <names>...)]`: the resource id, in a placeholder
 *   subscription and resource group (names may be literals, parameters with a value, or ids);
 * - `[parameters('<name>')]`: the value `options.parameters` gives, if it gives one.
 * The value is checked against the schema like a literal, so a reference that lands where a
 * schema wants something else (an id where a GUID is required) is still an error.
 */
export function placeholderOf(expression: string, parameters: Readonly<Record<string, string>>): string | undefined {
  let node: Node;
  try {
    node = parseArmExpression(expression.slice(1, -1));
  } catch {
    return undefined;
  }
  const lower = new Map(Object.entries(parameters).map(([k, v]) => [k.toLowerCase(), v]));
  const value = (n: Node): string | undefined => {
    if (n.type === 'string') return n.value;
    if (n.type === 'property') {
      const path: string[] = [];
      let at: Node = n;
      while (at.type === 'property') {
        path.unshift(at.name);
        at = at.object;
      }
      if (at.type !== 'call' || at.name.toLowerCase() !== 'reference' || at.args[0]?.type !== 'string') return undefined;
      const full = at.args.length === 3 && at.args[2].type === 'string' && at.args[2].value.toLowerCase() === 'full';
      if (at.args.length === 1 && path.length === 1 && ['principalId', 'clientId', 'tenantId'].includes(path[0])) return PLACEHOLDER.guid;
      if (full && path.length === 2 && path[0] === 'identity' && ['principalId', 'tenantId'].includes(path[1])) return PLACEHOLDER.guid;
      return undefined;
    }
    if (n.type !== 'call') return undefined;
    const fn = n.name.toLowerCase();
    const args = n.args.map(value);
    if (args.some((a) => a === undefined)) return undefined;
    const [first, ...rest] = args as string[];
    const path = (type: string, names: string[]) => {
      const [namespace, ...types] = type.split('/');
      if (types.length !== names.length) return undefined;
      return `/providers/${namespace}${types.map((t, i) => `/${t}/${names[i]}`).join('')}`;
    };
    if (fn === 'parameters' && args.length === 1) return lower.get(first.toLowerCase());
    const sub = `/subscriptions/${PLACEHOLDER.subscriptionId}`;
    if (fn === 'resourceid') {
      const p = path(first, rest);
      return p && `${sub}/resourceGroups/${PLACEHOLDER.resourceGroup}${p}`;
    }
    if (fn === 'subscriptionresourceid') {
      const p = path(first, rest);
      return p && `${sub}${p}`;
    }
    if (fn === 'extensionresourceid' && rest.length >= 2) {
      const p = path(rest[0], rest.slice(1));
      return p && `${first}${p}`;
    }
    return undefined;
  };
  return value(node);
}
