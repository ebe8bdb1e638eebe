import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, isMap, isSeq, type Document, type Node as YamlNode } from 'yaml';
import { BOOKKEEPING, UNREADABLE_WAIVERS_RULE } from '../model/bookkeeping';
import { aioKind } from '../model/kinds';
import { isJsonObject, type JsonObject, type Resource, type ResourceRef, type SourceLocation, type Waiver } from '../model/resource';
import { armInputKind, readArmValue, type ArmReadOptions } from './arm-reader';
import { WAIVERS_FILE_NAME } from './waivers-file';
import { parseYamlDocuments, toJavaScript, YAML_LIMITS, YamlContentError, YamlLimitError } from './yaml-stream';

/** Something in the input that could not be read; other files and documents are still read. */
export interface ReadProblem {
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

/**
 * Why a document was skipped: YAML that is not a Kubernetes object (a Helm `values.yaml`, a
 * `kustomization.yaml`, a list or a scalar) is not an error, it is simply not checked.
 */
export type SkipReason = 'not-an-object' | 'not-a-kubernetes-object' | 'no-name' | 'unchecked-kind';

/** What each skip reason means, in the words reports use after "N document(s) ...". */
export const SKIP_REASONS: Readonly<Record<SkipReason, string>> = {
  'not-an-object': 'that are a list or a scalar, not an object',
  'not-a-kubernetes-object': 'without apiVersion and kind (not Kubernetes objects, e.g. Helm values)',
  'no-name': 'without metadata.name (e.g. a kustomization.yaml)',
  'unchecked-kind': 'of kinds no rule checks (read for cross-references, not checked themselves)',
};

/** Documents of one file skipped for one reason. */
export interface SkippedDocuments {
  readonly file: string;
  readonly reason: SkipReason;
  /** How many documents (or `List` items) of the file were skipped for this reason. */
  readonly count: number;
  /** Line of the first one, where known. */
  readonly line?: number;
  /** For `unchecked-kind`: the kinds, as `group/Kind` (`Kind` for the core group), sorted. */
  readonly kinds?: readonly string[];
}

/** What reading produced. */
export interface ReadResult {
  readonly resources: Resource[];
  /** What could not be read (unreadable files, YAML errors): the input is unusable. */
  readonly problems: ReadProblem[];
  /** Files read. */
  readonly files: number;
  /**
   * Things worth knowing that do not make the input unusable, e.g. an ARM resource read although
   * its condition could not be resolved, or a nested deployment whose linked template was not
   * followed. Absent when there are none.
   */
  readonly notes?: ReadProblem[];
  /** Documents that are not Kubernetes objects, counted by file and reason. Absent when there are none. */
  readonly skipped?: SkippedDocuments[];
}

/** Options of `readManifestText` and the readers built on it. */
export interface ManifestReadOptions {
  /**
   * How ARM templates are read (parameter values).
   * @default {}
   */
  readonly arm?: ArmReadOptions;
}

const MiB = 1024 * 1024;

/**
 * Limits that keep hostile input from exhausting memory or time, measured by
 * `bench/hostile-input.ts` (the CLI in a fresh process; peak RSS aim 512 MB). Memory while a
 * document is composed grows with its YAML tokens, so the token and nesting limits bound it;
 * what stays after reading is about 4 to 7 bytes per byte read, which the byte limits bound; time
 * grows with tokens (the `yaml` parser manages a few hundred thousand a second).
 */
export const READ_LIMITS = {
  /**
   * Largest file (or standard input) read, in bytes; larger files are refused before reading.
   * Measured: an 8 MiB file of small objects took 23 s and 144 MB on a loaded 2-core machine
   * (16 MiB: 49 s).
   */
  maxFileBytes: 8 * MiB,
  /**
   * Bytes read across all files (and standard input) of one run; files past it are refused, so
   * that many files below the per-file limit cannot add up. Measured: 32 MiB of small objects
   * took 295 MB, leaving room for the largest document the token limit lets through.
   */
  maxTotalBytes: 32 * MiB,
  /** Nodes aliases and merge keys may add to one document; more is treated as an alias bomb. */
  maxAliasExpansion: YAML_LIMITS.maxAliasExpansion,
  /** YAML tokens one document may have (memory grows with tokens, not bytes). */
  maxDocumentTokens: YAML_LIMITS.maxDocumentTokens,
  /** Files a directory walk reads at most. */
  maxFiles: 20000,
  /** Collections open at once (flow `[`/`{`, block maps and sequences); deeper input is refused. */
  maxNesting: YAML_LIMITS.maxNesting,
} as const;

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/**
 * True for a file a folder or glob contributes as a manifest: `.yaml`, `.yml` or `.json`, but not
 * the waivers file beside the manifests (`aio-secure check` reads that as waivers).
 */
export function isManifestCandidate(name: string): boolean {
  return MANIFEST_FILE.test(name) && name !== WAIVERS_FILE_NAME;
}

/**
 * Reads Kubernetes manifests (multi-document YAML or JSON, `kind: List`) from text. Each object
 * becomes a `Resource` that keeps its file and line. Documents that are not Kubernetes objects are
 * skipped and counted; YAML errors, duplicate keys, alias bombs and excessive nesting are problems.
 */
export function readKubernetesText(text: string, file: string): ReadResult {
  return readDocuments(text, file, undefined);
}

/**
 * Reads manifest text of any format aio-secure understands: ARM JSON (deployment templates and
 * exported resources, see `arm-reader.ts`) or Kubernetes manifests (YAML or JSON).
 */
export function readManifestText(text: string, file: string, options: ManifestReadOptions = {}): ReadResult {
  const first = /\S/.exec(text)?.[0];
  return readDocuments(text, file, first === '{' || first === '[' ? options.arm ?? {} : undefined);
}

/** Collects what one file yields. */
class FileReading {
  readonly resources: Resource[] = [];
  readonly problems: ReadProblem[] = [];
  private readonly skips = new Map<SkipReason, { count: number; line?: number }>();

  constructor(readonly file: string) {}

  problem(line: number | undefined, message: string): void {
    this.problems.push({ file: this.file, ...(line ? { line } : {}), message });
  }

  skip(reason: SkipReason, line: number | undefined): void {
    const s = this.skips.get(reason);
    if (s) s.count++;
    else this.skips.set(reason, { count: 1, ...(line ? { line } : {}) });
  }

  add(value: unknown, source: SourceLocation): void {
    const r = resourceFromObject(value, source);
    if ('reason' in r) this.skip(r.reason, source.line);
    else this.resources.push(r);
  }

  result(): ReadResult {
    const skipped = [...this.skips].map(([reason, s]): SkippedDocuments => ({ file: this.file, reason, ...s }));
    return { resources: this.resources, problems: this.problems, files: 1, ...(skipped.length ? { skipped } : {}) };
  }
}

/**
 * Reads the documents of `text` one at a time. With `arm` set (the text starts like JSON), a
 * single document that is ARM input is read by the ARM reader instead.
 */
function readDocuments(text: string, file: string, arm: ArmReadOptions | undefined): ReadResult {
  const reading = new FileReading(file);
  const lineCounter = new LineCounter();
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  const lineOf = (node: YamlNode | null | undefined) => (node?.range ? lineAt(node.range[0]) : undefined);
  const docs = parseYamlDocuments(text, lineCounter, { maxNesting: READ_LIMITS.maxNesting, maxDocumentTokens: READ_LIMITS.maxDocumentTokens });
  // The next document is pulled before the current one is read (a lone JSON document may be an
  // ARM template); a limit passed further on must not lose the documents before it.
  let failure: unknown;
  const pull = (): IteratorResult<Document.Parsed, void> => {
    try {
      return docs.next();
    } catch (e) {
      failure = e;
      return { done: true, value: undefined };
    }
  };
  let next = pull();
  for (let document = 0; !next.done; document++) {
    const doc = next.value;
    const value = documentValue(doc, document, text, reading, lineAt);
    next = pull();
    if (value === SKIP) continue;
    if (arm && document === 0 && next.done && failure === undefined && armInputKind(value)) {
      return readArmValue(value, file, arm, (path) => lineOf(doc.getIn(path, true) as YamlNode | undefined));
    }
    readValue(value, doc, document, reading, lineOf);
  }
  if (failure instanceof YamlLimitError && failure.limit === 'nesting') {
    reading.problem(lineAt(failure.offset),
      `nests more than ${failure.max} collections deep ([, { or indentation), so aio-secure stops reading this file here; ` +
        'Kubernetes objects nest far less. Check that it is a manifest.');
  } else if (failure instanceof YamlLimitError) {
    reading.problem(lineAt(failure.offset),
      `the document here has more than ${failure.max} YAML tokens (several MB of keys and values), more than aio-secure reads in one document, ` +
        'so it stops reading this file here. Split the document.');
  } else if (failure !== undefined) {
    throw failure;
  }
  return reading.result();
}

const SKIP = Symbol('skip');

/** The document's value, or `SKIP` when it is empty or cannot be read (a problem says why). */
function documentValue(doc: Document.Parsed, document: number, text: string, reading: FileReading, lineAt: (offset: number) => number): unknown {
  if (doc.errors.length) {
    const e = doc.errors[0];
    reading.problem(lineAt(e.pos[0]), `invalid YAML: ${firstLine(e.message).replace(/\.$/, '')}. Fix the YAML at this line; the other documents are still read.`);
    return SKIP;
  }
  let value: unknown;
  try {
    value = toJavaScript(doc, text, { maxAliasExpansion: READ_LIMITS.maxAliasExpansion });
  } catch (e) {
    if (!(e instanceof YamlContentError)) throw e;
    const where = `document ${document + 1}`;
    if (e.problem === 'duplicate-key') {
      reading.problem(lineAt(e.offset),
        `${where}: ${e.message} (first at line ${lineAt(e.firstOffset ?? 0)}); YAML keeps only one of them, so the document is ambiguous. Remove one.`);
    } else if (e.problem === 'alias-expansion') {
      reading.problem(lineAt(e.offset), `${where}: ${e.message}, so it is not read. Write the repeated values out.`);
    } else {
      reading.problem(lineAt(e.offset), `${where}: ${e.message}. Fix the alias or merge key.`);
    }
    return SKIP;
  }
  return value === null || value === undefined ? SKIP : value; // an empty document
}

/** Adds the objects of one Kubernetes document (an object, or the items of a `List`). */
function readValue(value: unknown, doc: Document.Parsed, document: number, reading: FileReading, lineOf: (node: YamlNode | null | undefined) => number | undefined): void {
  const line = lineOf(doc.contents);
  if (isJsonObject(value) && typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
    const itemNodes = isMap(doc.contents) ? doc.contents.get('items', true) : undefined;
    value.items.forEach((item, i) => {
      const itemLine = lineOf(isSeq(itemNodes) ? (itemNodes.items[i] as YamlNode | undefined) : undefined);
      reading.add(item, { file: reading.file, document, pointer: `/items/${i}`, ...(itemLine ? { line: itemLine } : {}) });
    });
    return;
  }
  reading.add(value, { file: reading.file, document, ...(line ? { line } : {}) });
}

/** Bytes a run may still read; each file read takes its size from it. */
export interface ReadBudget {
  bytes: number;
}

/**
 * Reads files and directories (recursively, `*.yaml`, `*.yml`, `*.json`), Kubernetes manifests and
 * ARM JSON alike. Unreadable paths become problems; everything else is still read. Files that do
 * not fit in `budget` are refused.
 */
export function readKubernetesPaths(
  paths: readonly string[],
  options: ManifestReadOptions = {},
  budget: ReadBudget = { bytes: READ_LIMITS.maxTotalBytes },
): ReadResult {
  const all = emptyResult();
  for (const p of paths) {
    for (const file of expand(p, all.problems)) appendResult(all, readKubernetesFile(file, options, budget));
  }
  return finish(all);
}

/** A result to append to with `appendResult`. */
interface MutableResult {
  resources: Resource[];
  problems: ReadProblem[];
  notes: ReadProblem[];
  skipped: SkippedDocuments[];
  files: number;
}

function emptyResult(): MutableResult {
  return { resources: [], problems: [], notes: [], skipped: [], files: 0 };
}

/**
 * Appends `r` to `into`. Loops, not `push(...r.resources)`: spreading a large array into call
 * arguments overflows the stack (at about 120k objects).
 */
function appendResult(into: MutableResult, r: ReadResult): void {
  for (const x of r.resources) into.resources.push(x);
  for (const x of r.problems) into.problems.push(x);
  for (const x of r.notes ?? []) into.notes.push(x);
  for (const x of r.skipped ?? []) into.skipped.push(x);
  into.files += r.files;
}

function finish(r: MutableResult): ReadResult {
  return {
    resources: r.resources,
    problems: r.problems,
    files: r.files,
    ...(r.notes.length ? { notes: r.notes } : {}),
    ...(r.skipped.length ? { skipped: r.skipped } : {}),
  };
}

/** Concatenates read results (files, standard input) in order. */
export function mergeReadResults(results: readonly ReadResult[]): ReadResult {
  const all = emptyResult();
  for (const r of results) appendResult(all, r);
  return finish(all);
}

/**
 * Reads one file (Kubernetes manifests or ARM JSON), refusing files that are too large (before
 * reading them), binary or not UTF-8. `budget.bytes`, when given, is what the run may still read;
 * the file's size is taken from it.
 */
export function readKubernetesFile(file: string, options: ManifestReadOptions = {}, budget?: ReadBudget): ReadResult {
  let bytes: Buffer;
  try {
    const st = statSync(file);
    if (st.size > READ_LIMITS.maxFileBytes) return unread(file, tooLarge(st.size, READ_LIMITS.maxFileBytes));
    if (budget && st.size > budget.bytes) {
      return unread(file,
        `is not read: the files before it already used the ${sizeText(READ_LIMITS.maxTotalBytes)} one run reads (READ_LIMITS.maxTotalBytes). ` +
          'Check fewer files per run.');
    }
    if (budget) budget.bytes -= st.size;
    bytes = readFileSync(file);
  } catch (e) {
    return unread(file, `cannot read: ${errorText(e)}. Check that it is a readable file.`);
  }
  return readKubernetesBytes(bytes, file, options);
}

/** Reads manifest bytes (a file's or stdin's): Kubernetes manifests or ARM JSON. */
export function readKubernetesBytes(bytes: Buffer, file: string, options: ManifestReadOptions = {}): ReadResult {
  if (bytes.length > READ_LIMITS.maxFileBytes) return unread(file, tooLarge(bytes.length, READ_LIMITS.maxFileBytes));
  if (bytes.includes(0)) return { ...unread(file, 'is binary (contains NUL bytes), not YAML or JSON. Check only manifest files.'), files: 1 };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ...unread(file, `is not valid UTF-8 (first bad byte at line ${lineOfFirstBadByte(bytes)}). Save it as UTF-8.`), files: 1 };
  }
  try {
    return readManifestText(text, file, options);
  } catch (e) {
    // Anything the parser throws that is not an error about the input is reported, not a crash.
    return { ...unread(file, `cannot read: ${errorText(e)}. Check that it is a manifest.`), files: 1 };
  }
}

function unread(file: string, message: string): ReadResult {
  return { resources: [], problems: [{ file, message }], files: 0 };
}

/** The message for input over the size limit; `size` is left out when only "more" is known (standard input). */
export function tooLarge(size: number | undefined, limit: number): string {
  const got = size === undefined ? 'is more than' : `is ${size} bytes (${sizeText(size)}), more than`;
  return `${got} the ${sizeText(limit)} aio-secure reads from one input (READ_LIMITS.maxFileBytes), so it is not read. Split it into smaller files.`;
}

function sizeText(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${(bytes / MiB).toFixed(1)} MiB`;
}

/** Line (1-based) of the first byte sequence that is not UTF-8. */
function lineOfFirstBadByte(bytes: Buffer): number {
  // A newline byte is never part of a multi-byte sequence, so each line decodes on its own.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  for (let start = 0; start < bytes.length; line++) {
    const nl = bytes.indexOf(0x0a, start);
    const end = nl < 0 ? bytes.length : nl;
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      return line;
    }
    start = end + 1;
  }
  return line;
}

function expand(path: string, problems: ReadProblem[]): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    problems.push({ file: path, message: 'does not exist. Check the path.' });
    return [];
  }
  if (!st.isDirectory()) return [path];
  const found: string[] = [];
  const complete = walkDirectory(path, problems, (file, name) => {
    if (isManifestCandidate(name)) found.push(file);
    return found.length < READ_LIMITS.maxFiles;
  });
  if (found.length === 0) problems.push({ file: path, message: 'is a directory with no .yaml, .yml or .json files. Give the folder that holds the manifests.' });
  if (!complete) problems.push({ file: path, message: `has more than ${READ_LIMITS.maxFiles} manifest files; only the first ${READ_LIMITS.maxFiles} were read. Check its subfolders separately.` });
  return found;
}

/**
 * Walks `root` recursively in name order, following symbolic links but never entering a folder
 * twice (a symlink loop ends there, silently: the files were already seen), and calls `visit` for
 * each file with its path and name. `visit` returns false to stop the walk; then this returns
 * false. Folders that cannot be read become problems; dangling links are passed over. With
 * `maxDepth`, files deeper than that many folders below `root` are not visited (1: only its own).
 */
export function walkDirectory(root: string, problems: ReadProblem[], visit: (file: string, name: string) => boolean, maxDepth = Infinity): boolean {
  const seen = new Set<string>();
  const walk = (dir: string, depth: number): boolean => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (e) {
      problems.push({ file: dir, message: `cannot read directory: ${errorText(e)}. Check its permissions.` });
      return true;
    }
    if (seen.has(real)) return true; // a symlink loop, or a second link to a folder already read
    seen.add(real);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch (e) {
      problems.push({ file: dir, message: `cannot read directory: ${errorText(e)}. Check its permissions.` });
      return true;
    }
    for (const e of entries) {
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
      if (isDir) {
        if (depth < maxDepth && !walk(full, depth + 1)) return false;
      } else if (isFile && !visit(full, e.name)) {
        return false;
      }
    }
    return true;
  };
  return walk(root, 1);
}

/** A value `resourceFromObject` cannot make a `Resource` of, and why: the document is skipped. */
export interface NotAKubernetesObject extends ReadProblem {
  readonly reason: SkipReason;
}

/**
 * Turns one Kubernetes object into a `Resource`: aio-secure's own labels and annotations become
 * `id` and `waivers`, and an AIO child's `brokerRef` becomes its `parent`. Returns why not (with a
 * message) when the value is not a Kubernetes object or has no name; readers skip and count those.
 */
export function resourceFromObject(value: unknown, source: SourceLocation): Resource | NotAKubernetesObject {
  const at = { file: source.file, ...(source.line ? { line: source.line } : {}) };
  if (!isJsonObject(value)) return { ...at, reason: 'not-an-object', message: `${source.pointer ?? 'document'} is not an object` };
  const { apiVersion, kind, metadata } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || apiVersion === '' || kind === '') {
    return { ...at, reason: 'not-a-kubernetes-object', message: 'object has no apiVersion and kind, so it is not a Kubernetes object' };
  }
  const meta = isJsonObject(metadata) ? metadata : {};
  if (typeof meta.name !== 'string' || meta.name === '') return { ...at, reason: 'no-name', message: `${kind} has no metadata.name` };
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
  if (e instanceof RangeError) return 'it is nested too deeply';
  return firstLine((e as Error)?.message ?? String(e));
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}
