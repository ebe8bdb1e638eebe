/**
 * Validates Kubernetes objects against the schemas kept in the shared reference data, the way the
 * API server would with `kubectl apply` (strict field validation) as far as JSON Schema can say:
 *
 * - AIO custom resources against the real v1 CRDs dumped from an AIO cluster (December 2024) AND,
 *   where one exists, the draft-07 schema derived from the ARM 2025-10-01 types. An object must pass
 *   both: the CRD is what the cluster enforces, the derived schema is closed and catches fields
 *   ARM does not know.
 * - cert-manager, trust-manager and secrets-store objects against every copy of their CRD we hold
 *   (the upstream release and the copy installed with AIO), so they work on both.
 * - Kyverno ClusterPolicy objects against the Kyverno v1.19.0 CRD.
 * - Kubernetes core/v1 and networking.k8s.io/v1 objects against the Kubernetes 1.31 OpenAPI.
 * - Every object's `metadata` against ObjectMeta, plus the API server's name, label and annotation
 *   rules, which no schema expresses.
 *
 * As the API server prunes (and, with strict validation, rejects) fields a structural CRD schema
 * does not declare, objects in CRD and OpenAPI schemas are closed (`additionalProperties: false`)
 * unless they carry `x-kubernetes-preserve-unknown-fields`. `x-kubernetes-int-or-string` and
 * `x-kubernetes-list-type` (set / map uniqueness) are enforced; CEL rules
 * (`x-kubernetes-validations`) are not.
 *
 * A kind with no schema at all makes `validateManifest` throw, so a test cannot pass on it silently.
 *
 * CRDs load lazily, per group and kind: the CRD files are read as text once per test file and cut
 * into one piece per CRD (a `---` document, or an item of a `kind: List`); a piece is parsed only
 * when an object of a group and kind it names is validated, so a test that validates ConfigMaps
 * never parses the 1.6 MB AIO CRD list or the megabytes of Kyverno CRDs. The Kubernetes OpenAPI
 * documents (needed for every object's ObjectMeta) and the derived schemas load on first use; each
 * kind's validators are compiled on first use. Cached per test file.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { sharedReference } from './shared';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonMap = { [key: string]: Json };

/** One schema an object of some apiVersion and kind must pass. */
interface SchemaEntry {
  /** Where the schema comes from, as error messages name it. */
  readonly source: string;
  /** `crd` and `derived` schemas cover the whole object; `openapi` ones are `$ref`s into a document. */
  readonly type: 'crd' | 'derived' | 'openapi';
  readonly schema: JsonMap;
  validate?: ValidateFunction;
}

interface Registry {
  readonly ajv: Ajv;
  /** Schemas loaded so far, by `key(apiVersion, kind)`, each with its rank (the order errors are given in). */
  readonly byKind: Map<string, (SchemaEntry & { readonly rank: number })[]>;
  /** The CRD pieces, parsed or not. */
  readonly pieces: CrdPiece[];
  /** Keys whose CRD pieces have all been parsed. */
  readonly complete: Set<string>;
  /** What ajv warned about (unknown formats and the like); every warning is a gap in this file. */
  readonly warnings: string[];
  objectMeta?: ValidateFunction;
}

/**
 * CRD files, by folder under `schemas/k8s-crds`, with the name errors give them; `files` limits a
 * folder to those files. Errors list the sources in this order.
 */
const CRD_SOURCES: readonly { readonly dir: string; readonly source: string; readonly files?: readonly string[] }[] = [
  { dir: 'aio-cluster-2024-12', source: 'CRD from an AIO cluster (2024-12)' },
  { dir: 'cert-manager', source: 'cert-manager v1.21.1 CRD' },
  { dir: 'trust-manager', source: 'trust-manager v0.24.0 CRD' },
  { dir: 'secrets-store-csi-driver', source: 'secrets-store-csi-driver v1.6.0 CRD' },
  { dir: 'secrets-store-sync-controller', source: 'secrets-store-sync-controller v0.0.4 CRD' },
  // SignedImagePolicy's admission policy and the image-signature-policy-covers-aio examples.
  { dir: 'kyverno', source: 'Kyverno v1.19.0 CRD', files: ['kyverno.io_clusterpolicies.yaml'] },
];

/** One CRD's text, cut from a CRD file, parsed on first demand. */
interface CrdPiece {
  readonly file: string;
  readonly source: string;
  readonly rank: number;
  readonly text: string;
  /** Values of its `group:` and `kind:` lines (a superset of the CRDs' groups and kinds). */
  readonly groups: ReadonlySet<string>;
  readonly kinds: ReadonlySet<string>;
  parsed: boolean;
}

const DERIVED_DIR = 'aio-cr-from-arm-2025-10-01';

/** Kubernetes OpenAPI documents, added to ajv under these keys. */
const OPENAPI_SOURCES: readonly { readonly file: string; readonly key: string }[] = [
  { file: 'api__v1_openapi.json', key: 'k8s-openapi-1.31-core-v1' },
  { file: 'apis__networking.k8s.io__v1_openapi.json', key: 'k8s-openapi-1.31-networking-v1' },
];
const OPENAPI_SOURCE = 'Kubernetes 1.31 OpenAPI';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

let registry: Registry | undefined;

/**
 * Validates one Kubernetes object. Returns human-readable errors, `<Kind>/<name>: <instancePath>
 * <message> [<schema source>]`, or `[]` when the object passes every schema that applies to it.
 * Throws when no schema exists for its apiVersion and kind.
 */
export function validateManifest(obj: unknown): string[] {
  if (!isMap(obj)) throw new Error(`validateManifest: expected a Kubernetes object, got ${JSON.stringify(obj)}`);
  const { apiVersion, kind } = obj;
  const meta = isMap(obj.metadata) ? obj.metadata : undefined;
  const who = `${typeof kind === 'string' ? kind : '(no kind)'}/${typeof meta?.name === 'string' ? meta.name : '(no name)'}`;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return [`${who}: / must have string apiVersion and kind`];
  }
  const reg = load();
  const entries = schemasFor(reg, apiVersion, kind);
  if (!entries.length) throw new Error(noSchemaMessage(reg, apiVersion, kind));

  const errors: string[] = [];
  for (const entry of entries) {
    const validate = (entry.validate ??= compiled(reg, () => reg.ajv.compile(entry.schema)));
    if (!validate(obj)) errors.push(...formatErrors(who, validate.errors ?? [], '', entry.source));
  }
  if (!entries.some((e) => e.type === 'openapi') && meta) {
    // CRD schemas leave metadata to the API server, which validates it as ObjectMeta.
    const validateMeta = (reg.objectMeta ??= compiled(reg, () => reg.ajv.getSchema(`${OPENAPI_SOURCES[0].key}#/components/schemas/${OBJECT_META}`)));
    if (!validateMeta(meta)) errors.push(...formatErrors(who, validateMeta.errors ?? [], '/metadata', `${OPENAPI_SOURCE} ObjectMeta`));
  }
  errors.push(...metadataErrors(who, kind, obj.metadata));
  return [...new Set(errors)];
}

/** Validates several objects; the errors of all of them, in order. */
export function validateManifests(objs: readonly unknown[]): string[] {
  return objs.flatMap((o) => validateManifest(o));
}

/** The schemas an object of this apiVersion and kind is validated against (empty: none). */
export function schemaSourcesFor(apiVersion: string, kind: string): string[] {
  return schemasFor(load(), apiVersion, kind).map((e) => e.source);
}

/** The CRD files parsed so far (relative to `schemas/k8s-crds`), for tests of the lazy loading. */
export function parsedCrdFiles(): string[] {
  return [...new Set((registry?.pieces ?? []).filter((p) => p.parsed).map((p) => p.file))].sort();
}

// ---------------------------------------------------------------------------------------------
// Loading

function load(): Registry {
  if (registry) return registry;
  const warnings: string[] = [];
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    allowUnionTypes: true,
    // ajv warns when a schema uses a format it does not know; every such warning is a gap here.
    logger: { log: () => undefined, warn: (...a: unknown[]) => warnings.push(a.join(' ')), error: (...a: unknown[]) => warnings.push(a.join(' ')) },
  });
  addKubernetesFormats(ajv);
  addKubernetesKeywords(ajv);
  const byKind: Registry['byKind'] = new Map();
  const add = (apiVersion: string, kind: string, entry: SchemaEntry & { readonly rank: number }) => {
    const k = key(apiVersion, kind);
    byKind.set(k, [...(byKind.get(k) ?? []), entry]);
  };

  // (a) + (b): CRDs, read as text and cut into pieces; parsed by `schemasFor` on demand.
  const pieces: CrdPiece[] = [];
  CRD_SOURCES.forEach(({ dir, source, files }, rank) => {
    const folder = sharedReference('schemas', 'k8s-crds', dir);
    const names = files ?? readdirSync(folder).filter((f) => /\.ya?ml$/.test(f)).sort();
    for (const file of names) {
      const text = readFileSync(join(folder, file), 'utf8');
      const cut = crdPieces(text);
      if (!cut.length) throw new Error(`${dir}/${file} holds no CustomResourceDefinition`);
      for (const t of cut) pieces.push({ file: `${dir}/${file}`, source, rank, text: t, ...namesIn(t), parsed: false });
    }
  });
  const derivedRank = CRD_SOURCES.length;
  const openApiRank = CRD_SOURCES.length + 1;

  // (c): derived draft-07 schemas of whole AIO documents.
  const derived = sharedReference('schemas', 'derived', DERIVED_DIR);
  for (const file of readdirSync(derived).filter((f) => f.endsWith('.schema.json')).sort()) {
    const schema = JSON.parse(readFileSync(join(derived, file), 'utf8')) as JsonMap;
    const props = schema.properties as JsonMap;
    const apiVersion = (props.apiVersion as JsonMap).const;
    const kind = (props.kind as JsonMap).const;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') throw new Error(`${file}: no properties.apiVersion.const / properties.kind.const`);
    add(apiVersion, kind, { source: `derived ${basename(file, '.schema.json')} (ARM)`, type: 'derived', schema, rank: derivedRank });
  }

  // Kubernetes built-in kinds.
  for (const { file, key: docKey } of OPENAPI_SOURCES) {
    const doc = JSON.parse(readFileSync(sharedReference('schemas', 'k8s-openapi', 'v1.31', file), 'utf8')) as JsonMap;
    const schemas = (doc.components as JsonMap).schemas as JsonMap;
    for (const [name, s] of Object.entries(schemas)) {
      if (!isMap(s)) continue;
      closeOpenApi(s);
      const gvks = s['x-kubernetes-group-version-kind'];
      if (!Array.isArray(gvks)) continue;
      for (const g of gvks) {
        if (!isMap(g)) continue;
        const apiVersion = g.group ? `${g.group}/${g.version}` : String(g.version);
        add(apiVersion, String(g.kind), { source: OPENAPI_SOURCE, type: 'openapi', schema: { $ref: `${docKey}#/components/schemas/${name}` }, rank: openApiRank });
      }
    }
    ajv.addSchema(doc, docKey);
  }

  registry = { ajv, byKind, pieces, complete: new Set(), warnings };
  return registry;
}

/**
 * The schemas of an apiVersion and kind, in source order: parses first every CRD piece that may
 * define that group and kind (a piece naming both in `group:` and `kind:` lines; a false match only
 * costs a parse, and a CRD always names both, so none is missed).
 */
function schemasFor(reg: Registry, apiVersion: string, kind: string): SchemaEntry[] {
  const k = key(apiVersion, kind);
  if (!reg.complete.has(k)) {
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    if (group !== '') for (const p of reg.pieces) if (!p.parsed && p.kinds.has(kind) && p.groups.has(group)) parsePiece(reg, p);
    reg.complete.add(k);
  }
  return [...(reg.byKind.get(k) ?? [])].sort((a, b) => a.rank - b.rank);
}

/** Parses one CRD piece and adds a schema per served version of each CRD it holds. */
function parsePiece(reg: Registry, p: CrdPiece): void {
  p.parsed = true;
  for (const crd of readCrds(p.text, p.file)) {
    const spec = crd.spec as JsonMap;
    const names = spec.names as JsonMap;
    for (const v of spec.versions as JsonMap[]) {
      const schema = (v.schema as JsonMap | undefined)?.openAPIV3Schema;
      if (v.served === false || !isMap(schema)) continue;
      const k = key(`${spec.group}/${v.name}`, names.kind as string);
      reg.byKind.set(k, [...(reg.byKind.get(k) ?? []), { source: p.source, type: 'crd', schema: closeStructural(schema, true), rank: p.rank }]);
    }
  }
}

/**
 * Cuts a CRD file into one text per CRD without parsing it: `---` documents, and the items of a
 * `kind: List` whose items start at column 0 (`- apiVersion: ...`, as `kubectl get -o yaml` writes
 * them). A List in another layout stays one piece, which parses all the same.
 */
function crdPieces(text: string): string[] {
  const out: string[] = [];
  for (const doc of text.split(/^---[ \t]*$/m)) {
    if (!/^\s*kind:\s*CustomResourceDefinition\s*$/m.test(doc) && !/^kind:\s*List\s*$/m.test(doc)) continue;
    const items = /^items:[ \t]*$/m.exec(doc);
    if (!/^kind:\s*List\s*$/m.test(doc) || !items || !/^- /m.test(doc.slice(items.index))) {
      out.push(doc);
      continue;
    }
    // The list body runs from `items:` to the next line at column 0 that is not an item.
    const body = doc.slice(items.index + items[0].length).replace(/^\r?\n/, '');
    const end = /^[^\s-]/m.exec(body);
    for (const item of (end ? body.slice(0, end.index) : body).split(/^- /m)) {
      if (item.trim()) out.push(`  ${item}`);
    }
  }
  return out;
}

/** The values of a piece's `group:` and `kind:` lines, in one pass over its text. */
function namesIn(text: string): { groups: Set<string>; kinds: Set<string> } {
  const groups = new Set<string>();
  const kinds = new Set<string>();
  for (const m of text.matchAll(/^[ \t-]*(group|kind):[ \t]*["']?([^"'\s#]+)["']?[ \t]*$/gm)) (m[1] === 'group' ? groups : kinds).add(m[2]);
  return { groups, kinds };
}

/** Compiles with ajv and fails on any warning it logged meanwhile. */
function compiled(reg: Registry, compile: () => ValidateFunction | undefined): ValidateFunction {
  const fn = compile();
  if (reg.warnings.length) {
    const w = reg.warnings.splice(0);
    throw new Error(`ajv warned while compiling a schema; teach schema-validator.ts what it does not know:\n${[...new Set(w)].join('\n')}`);
  }
  if (!fn) throw new Error('ajv returned no validator');
  return fn;
}

function readCrds(text: string, file: string): JsonMap[] {
  const out: JsonMap[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
    const value = doc.toJS({ maxAliasCount: -1 }) as unknown;
    if (!isMap(value)) continue;
    const items = value.kind === 'List' && Array.isArray(value.items) ? value.items : [value];
    for (const item of items) if (isMap(item) && item.kind === 'CustomResourceDefinition') out.push(item);
  }
  return out;
}

/**
 * Closes a structural CRD schema the way the API server prunes it: an object node takes only the
 * fields it declares unless it has `x-kubernetes-preserve-unknown-fields`. Value validations
 * (allOf/anyOf/oneOf/not) are left alone; structural schemas may not declare fields there. The
 * root's `metadata` is left to the ObjectMeta check.
 */
function closeStructural(s: JsonMap, isRoot: boolean): JsonMap {
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  const props = isMap(s.properties) ? s.properties : undefined;
  if (!preserve && s.additionalProperties === undefined && (s.type === 'object' || props)) {
    if ((isRoot || embedded) && props) {
      // Every object may carry these; a CRD schema need not declare them.
      for (const f of ['apiVersion', 'kind']) props[f] ??= { type: 'string' };
      props.metadata ??= { type: 'object' };
    }
    s.additionalProperties = false;
  }
  if (props) {
    for (const [name, p] of Object.entries(props)) {
      if (!isMap(p)) continue;
      if ((isRoot || embedded) && name === 'metadata') continue;
      closeStructural(p, false);
    }
  }
  if (isMap(s.items)) closeStructural(s.items, false);
  if (Array.isArray(s.items)) for (const i of s.items) if (isMap(i)) closeStructural(i, false);
  if (isMap(s.additionalProperties)) closeStructural(s.additionalProperties, false);
  return s;
}

/**
 * Closes the objects of a Kubernetes OpenAPI component that declare properties. Free-form objects
 * (RawExtension, FieldsV1) declare none and stay open; `$ref`s point at other components, which
 * are closed on their own.
 */
function closeOpenApi(s: JsonMap): void {
  const props = isMap(s.properties) ? s.properties : undefined;
  if (props && s.additionalProperties === undefined && s['x-kubernetes-preserve-unknown-fields'] !== true) s.additionalProperties = false;
  if (props) for (const p of Object.values(props)) if (isMap(p)) closeOpenApi(p);
  if (isMap(s.items)) closeOpenApi(s.items);
  if (isMap(s.additionalProperties)) closeOpenApi(s.additionalProperties);
}

/** The OpenAPI formats Kubernetes schemas use, as ajv formats. */
function addKubernetesFormats(ajv: Ajv): void {
  const int = (min: number, max: number) => ({ type: 'number' as const, validate: (n: number) => Number.isInteger(n) && n >= min && n <= max });
  ajv.addFormat('int32', int(-(2 ** 31), 2 ** 31 - 1));
  ajv.addFormat('int64', int(-(2 ** 63), 2 ** 63));
  ajv.addFormat('uint8', int(0, 255));
  ajv.addFormat('uint16', int(0, 65535));
  ajv.addFormat('uint32', int(0, 2 ** 32 - 1));
  ajv.addFormat('uint64', int(0, 2 ** 64));
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  // Kubernetes does not check these string formats beyond their type, or ajv cannot (int-or-string).
  ajv.addFormat('int-or-string', true);
  ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/);
  ajv.addFormat('uuid', /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/);
}

/** The `x-kubernetes-*` extensions that constrain values. The others are ignored (strict: false). */
function addKubernetesKeywords(ajv: Ajv): void {
  type Fn = ((schema: Json, data: Json, parentSchema?: JsonMap) => boolean) & { errors?: Partial<ErrorObject>[] };

  const intOrString: Fn = (schema, data) => {
    intOrString.errors = [];
    if (schema !== true || Number.isInteger(data) || typeof data === 'string') return true;
    intOrString.errors = [{ keyword: 'x-kubernetes-int-or-string', message: 'must be an integer or a string', params: {} }];
    return false;
  };
  ajv.addKeyword({ keyword: 'x-kubernetes-int-or-string', validate: intOrString, errors: true });

  const listType: Fn = (schema, data, parentSchema) => {
    listType.errors = [];
    if (!Array.isArray(data) || (schema !== 'set' && schema !== 'map')) return true;
    const mapKeys = parentSchema?.['x-kubernetes-list-map-keys'];
    const keyOf = (item: Json) =>
      schema === 'map' && Array.isArray(mapKeys) && isMap(item)
        ? canonical(mapKeys.map((k) => item[String(k)] ?? null))
        : canonical(item);
    const seen = new Set<string>();
    for (const item of data) {
      const k = keyOf(item);
      if (seen.has(k)) {
        listType.errors = [{
          keyword: 'x-kubernetes-list-type',
          message: schema === 'set' ? `must not repeat an item (list-type set): ${k}` : `must not repeat map keys ${JSON.stringify(mapKeys)} (list-type map): ${k}`,
          params: {},
        }];
        return false;
      }
      seen.add(k);
    }
    return true;
  };
  ajv.addKeyword({ keyword: 'x-kubernetes-list-type', validate: listType, errors: true });
}

function canonical(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isMap(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

// ---------------------------------------------------------------------------------------------
// ObjectMeta rules the API server applies in code (k8s.io/apimachinery validation)

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const TOTAL_ANNOTATION_BYTES = 256 * 1024;

/** Kinds whose names are DNS labels rather than DNS subdomains. */
const NAME_IS_LABEL: Record<string, RegExp> = { Namespace: DNS1123_LABEL, Service: DNS1035_LABEL };

function metadataErrors(who: string, kind: string, metadata: unknown): string[] {
  const src = '[Kubernetes ObjectMeta rules]';
  if (!isMap(metadata)) return [`${who}: /metadata must be an object ${src}`];
  const errors: string[] = [];
  const { name, namespace, labels, annotations } = metadata;
  if (typeof name !== 'string' || name === '') {
    if (typeof metadata.generateName !== 'string') errors.push(`${who}: /metadata/name is required ${src}`);
  } else {
    const re = NAME_IS_LABEL[kind];
    if (re ? !re.test(name) || name.length > 63 : !DNS1123_SUBDOMAIN.test(name) || name.length > 253) {
      errors.push(`${who}: /metadata/name "${name}" is not a valid ${re ? 'DNS label' : 'DNS-1123 subdomain'} ${src}`);
    }
  }
  if (namespace !== undefined && (typeof namespace !== 'string' || !DNS1123_LABEL.test(namespace) || namespace.length > 63)) {
    errors.push(`${who}: /metadata/namespace ${JSON.stringify(namespace)} is not a DNS-1123 label ${src}`);
  }
  if (isMap(labels)) {
    for (const [k, v] of Object.entries(labels)) {
      const problem = qualifiedNameProblem(k);
      if (problem) errors.push(`${who}: /metadata/labels key "${k}" ${problem} ${src}`);
      if (typeof v === 'string' && (v.length > 63 || !LABEL_VALUE.test(v))) {
        errors.push(`${who}: /metadata/labels/${pointerEscape(k)} value "${v}" is not a valid label value (at most 63 characters, alphanumeric at both ends, "-", "_", "." inside) ${src}`);
      }
    }
  }
  if (isMap(annotations)) {
    let bytes = 0;
    for (const [k, v] of Object.entries(annotations)) {
      const problem = qualifiedNameProblem(k.toLowerCase());
      if (problem) errors.push(`${who}: /metadata/annotations key "${k}" ${problem} ${src}`);
      bytes += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
    }
    if (bytes > TOTAL_ANNOTATION_BYTES) errors.push(`${who}: /metadata/annotations total ${bytes} bytes, more than ${TOTAL_ANNOTATION_BYTES} ${src}`);
  }
  return errors;
}

function qualifiedNameProblem(k: string): string | undefined {
  const parts = k.split('/');
  if (parts.length > 2) return 'has more than one "/"';
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && (prefix === '' || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) return 'has a prefix that is not a DNS-1123 subdomain';
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME_PART.test(name)) return 'has a name part that is not 1-63 alphanumerics with "-", "_", "." inside';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function key(apiVersion: string, kind: string): string {
  return `${apiVersion} ${kind}`;
}

function noSchemaMessage(reg: Registry, apiVersion: string, kind: string): string {
  // Every piece that may define the kind, in any group, so the message can name its versions.
  for (const p of reg.pieces) if (!p.parsed && p.kinds.has(kind)) parsePiece(reg, p);
  const sameKind = [...reg.byKind.keys()].filter((k) => k.endsWith(` ${kind}`)).map((k) => k.split(' ')[0]);
  return `No schema for apiVersion "${apiVersion}" kind "${kind}", so it cannot be validated.` +
    (sameKind.length ? ` Schemas exist for ${kind} in: ${sameKind.join(', ')}.` : ' No source holds this kind in any version.');
}

function formatErrors(who: string, errors: readonly ErrorObject[], prefix: string, source: string): string[] {
  return errors.map((e) => `${who}: ${prefix + e.instancePath || '/'} ${e.message ?? e.keyword}${detail(e)} [${source}]`);
}

function detail(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `: "${String(p.additionalProperty)}"`;
    case 'enum':
      return `: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `: ${JSON.stringify(p.allowedValue)}`;
    default:
      return '';
  }
}

function pointerEscape(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
