import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseAllDocuments, isMap, isSeq, type Node as YamlNode } from 'yaml';
import { BOOKKEEPING, UNREADABLE_WAIVERS_RULE } from '../model/bookkeeping';
import { aioKind } from '../model/kinds';
import { isJsonObject, type JsonObject, type Resource, type ResourceRef, type SourceLocation, type Waiver } from '../model/resource';
import { tryReadArmText, type ArmReadOptions } from './arm-reader';

/** Something in the input that could not be read; other files and documents are still read. */
export interface ReadProblem {
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

/** What reading produced. */
export interface ReadResult {
  readonly resources: Resource[];
  readonly problems: ReadProblem[];
  /** Files read. */
  readonly files: number;
  /**
   * Things worth knowing that do not make the input unusable, e.g. an ARM resource read although
   * its condition could not be resolved, or a nested deployment whose linked template was not
   * followed. Absent when there are none.
   */
  readonly notes?: ReadProblem[];
}

/** Options of `readManifestText` and the readers built on it. */
export interface ManifestReadOptions {
  /**
   * How ARM templates are read (parameter values).
   * @default {}
   */
  readonly arm?: ArmReadOptions;
}

/** Limits that keep hostile input from exhausting memory or time. */
export const READ_LIMITS = {
  /** Largest file read, in bytes. */
  maxFileBytes: 64 * 1024 * 1024,
  /** Aliases a document may resolve; more is treated as an alias bomb. */
  maxAliasCount: 1000,
  /** Files a directory walk reads at most. */
  maxFiles: 20000,
} as const;

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/**
 * Reads Kubernetes manifests (multi-document YAML or JSON, `kind: List`) from text. Each object
 * becomes a `Resource` that keeps its file and line.
 */
export function readKubernetesText(text: string, file: string): ReadResult {
  const resources: Resource[] = [];
  const problems: ReadProblem[] = [];
  const lineCounter = new LineCounter();
  let docs;
  try {
    docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  } catch (e) {
    return { resources, problems: [{ file, message: `cannot parse YAML: ${errorText(e)}` }], files: 1 };
  }
  const list = Array.isArray(docs) ? docs : [docs];
  const lineOf = (node: YamlNode | null | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line : undefined);

  list.forEach((doc, document) => {
    if (doc.errors.length) {
      const e = doc.errors[0];
      const line = lineCounter.linePos(e.pos[0]).line;
      problems.push({ file, ...(line ? { line } : {}), message: `invalid YAML: ${firstLine(e.message)}` });
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: READ_LIMITS.maxAliasCount });
    } catch (e) {
      problems.push({ file, line: lineOf(doc.contents), message: `cannot read document ${document + 1}: ${errorText(e)}` });
      return;
    }
    if (value === null || value === undefined) return; // empty document
    const line = lineOf(doc.contents);
    if (!isJsonObject(value)) {
      problems.push({ file, ...(line ? { line } : {}), message: `document ${document + 1} is not an object` });
      return;
    }
    if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
      const itemNodes = isMap(doc.contents) ? doc.contents.get('items', true) : undefined;
      value.items.forEach((item, i) => {
        const node = isSeq(itemNodes) ? (itemNodes.items[i] as YamlNode | undefined) : undefined;
        const source: SourceLocation = { file, document, pointer: `/items/${i}`, ...(lineOf(node) ? { line: lineOf(node)! } : {}) };
        addObject(item, source, resources, problems);
      });
      return;
    }
    addObject(value, { file, document, ...(line ? { line } : {}) }, resources, problems);
  });
  return { resources, problems, files: 1 };
}

/**
 * Reads manifest text of any format aio-secure understands: ARM JSON (deployment templates and
 * exported resources, see `arm-reader.ts`) or Kubernetes manifests (YAML or JSON).
 */
export function readManifestText(text: string, file: string, options: ManifestReadOptions = {}): ReadResult {
  const first = /\S/.exec(text)?.[0];
  if (first === '{' || first === '[') {
    const arm = tryReadArmText(text, file, options.arm);
    if (arm) return arm;
  }
  return readKubernetesText(text, file);
}

/**
 * Reads files and directories (recursively, `*.yaml`, `*.yml`, `*.json`), Kubernetes manifests and
 * ARM JSON alike. Unreadable paths become problems; everything else is still read.
 */
export function readKubernetesPaths(paths: readonly string[], options: ManifestReadOptions = {}): ReadResult {
  const resources: Resource[] = [];
  const problems: ReadProblem[] = [];
  const notes: ReadProblem[] = [];
  let files = 0;
  for (const p of paths) {
    for (const file of expand(p, problems)) {
      const r = readKubernetesFile(file, options);
      resources.push(...r.resources);
      problems.push(...r.problems);
      if (r.notes) notes.push(...r.notes);
      files += r.files;
    }
  }
  return { resources, problems, files, ...(notes.length ? { notes } : {}) };
}

/** Reads one file (Kubernetes manifests or ARM JSON), refusing files that are too large, binary or not UTF-8. */
export function readKubernetesFile(file: string, options: ManifestReadOptions = {}): ReadResult {
  let bytes: Buffer;
  try {
    const st = statSync(file);
    if (st.size > READ_LIMITS.maxFileBytes) {
      return { resources: [], problems: [{ file, message: `is ${st.size} bytes, more than the ${READ_LIMITS.maxFileBytes}-byte limit` }], files: 0 };
    }
    bytes = readFileSync(file);
  } catch (e) {
    return { resources: [], problems: [{ file, message: `cannot read: ${errorText(e)}` }], files: 0 };
  }
  return readKubernetesBytes(bytes, file, options);
}

/** Reads manifest bytes (a file's or stdin's): Kubernetes manifests or ARM JSON. */
export function readKubernetesBytes(bytes: Buffer, file: string, options: ManifestReadOptions = {}): ReadResult {
  if (bytes.length > READ_LIMITS.maxFileBytes) {
    return { resources: [], problems: [{ file, message: `is ${bytes.length} bytes, more than the ${READ_LIMITS.maxFileBytes}-byte limit` }], files: 0 };
  }
  if (bytes.includes(0)) return { resources: [], problems: [{ file, message: 'is binary (contains NUL bytes), not YAML or JSON' }], files: 1 };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { resources: [], problems: [{ file, message: 'is not valid UTF-8' }], files: 1 };
  }
  try {
    return readManifestText(text, file, options);
  } catch (e) {
    // Deeply nested input can exhaust the parser's stack; report it instead of crashing.
    return { resources: [], problems: [{ file, message: `cannot read: ${errorText(e)}` }], files: 1 };
  }
}

function expand(path: string, problems: ReadProblem[]): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    problems.push({ file: path, message: 'does not exist' });
    return [];
  }
  if (!st.isDirectory()) return [path];
  const found: string[] = [];
  const seen = new Set<string>();
  const walk = (dir: string) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (e) {
      problems.push({ file: dir, message: `cannot read directory: ${errorText(e)}` });
      return;
    }
    if (seen.has(real)) return; // a symlink loop
    seen.add(real);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch (e) {
      problems.push({ file: dir, message: `cannot read directory: ${errorText(e)}` });
      return;
    }
    for (const e of entries) {
      if (found.length >= READ_LIMITS.maxFiles) return;
      const full = join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const t = statSync(full);
          isDir = t.isDirectory();
          isFile = t.isFile();
        } catch {
          continue; // a dangling link
        }
      }
      if (isDir) walk(full);
      else if (isFile && MANIFEST_FILE.test(e.name)) found.push(full);
    }
  };
  walk(path);
  if (found.length === 0) problems.push({ file: path, message: 'is a directory with no .yaml, .yml or .json files' });
  if (found.length >= READ_LIMITS.maxFiles) problems.push({ file: path, message: `has more than ${READ_LIMITS.maxFiles} manifest files; only the first ${READ_LIMITS.maxFiles} were read` });
  return found;
}

function addObject(value: unknown, source: SourceLocation, resources: Resource[], problems: ReadProblem[]): void {
  const r = resourceFromObject(value, source);
  if ('message' in r) problems.push(r);
  else resources.push(r);
}

/**
 * Turns one Kubernetes object into a `Resource`: aio-secure's own labels and annotations become
 * `id` and `waivers`, and an AIO child's `brokerRef` becomes its `parent`. Returns a problem when
 * the value is not a Kubernetes object.
 */
export function resourceFromObject(value: unknown, source: SourceLocation): Resource | ReadProblem {
  const at = { file: source.file, ...(source.line ? { line: source.line } : {}) };
  if (!isJsonObject(value)) return { ...at, message: `${source.pointer ?? 'document'} is not an object` };
  const { apiVersion, kind, metadata } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || apiVersion === '' || kind === '') {
    return { ...at, message: 'object has no apiVersion and kind, so it is not a Kubernetes object' };
  }
  const meta = isJsonObject(metadata) ? metadata : {};
  if (typeof meta.name !== 'string' || meta.name === '') return { ...at, message: `${kind} has no metadata.name` };
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const namespace = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined;

  const labels = stringMap(meta.labels);
  const annotations = stringMap(meta.annotations);
  const id = annotations[BOOKKEEPING.id];
  const waivers = parseWaivers(annotations[BOOKKEEPING.waivers]);
  for (const map of [labels, annotations]) {
    for (const k of Object.keys(map)) if (k.startsWith(BOOKKEEPING.prefix)) delete map[k];
  }

  let spec: JsonObject;
  if (isJsonObject(value.spec)) {
    spec = { ...value.spec };
  } else {
    // Kinds without a spec (ConfigMap, Secret, ...) keep their other top-level fields.
    const { apiVersion: _a, kind: _k, metadata: _m, status: _s, ...rest } = value;
    spec = rest;
  }

  const known = aioKind(group, kind);
  let parent: ResourceRef | undefined;
  if (known?.parentKind) {
    const named = known.parentField ? spec[known.parentField] : undefined;
    if (known.parentField) delete spec[known.parentField];
    const parentName = typeof named === 'string' && named !== '' ? named : known.defaultParentName;
    if (parentName) parent = { kind: known.parentKind, name: parentName, ...(namespace ? { namespace } : {}) };
  }

  return {
    id: id ?? (namespace ? `${namespace}/${kind}/${meta.name}` : `${kind}/${meta.name}`),
    group,
    version,
    kind,
    name: meta.name,
    ...(namespace ? { namespace } : {}),
    ...(parent ? { parent } : {}),
    ...(known ? { armType: known.armType } : {}),
    ...(Object.keys(labels).length ? { labels } : {}),
    ...(Object.keys(annotations).length ? { annotations } : {}),
    spec,
    ...(waivers !== undefined && waivers.length ? { waivers } : {}),
    ...(waivers === undefined ? { waivers: [UNREADABLE_WAIVER] } : {}),
    source,
  };
}

/**
 * Stands in for a waivers annotation that could not be parsed, so the engine reports it as a
 * waiver problem instead of silently dropping it.
 */
const UNREADABLE_WAIVER: Waiver = {
  rule: UNREADABLE_WAIVERS_RULE,
  reason: `annotation ${BOOKKEEPING.waivers} is not a JSON list of { rule, reason, owner, expires }`,
  owner: '',
  expires: '',
};

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isJsonObject(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

function parseWaivers(text: string | undefined): Waiver[] | undefined {
  if (text === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((w) => isJsonObject(w) && typeof w.rule === 'string')) return undefined;
  return parsed as unknown as Waiver[];
}

function errorText(e: unknown): string {
  if (e instanceof RangeError) return 'the document is nested too deeply';
  return firstLine((e as Error)?.message ?? String(e));
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}
