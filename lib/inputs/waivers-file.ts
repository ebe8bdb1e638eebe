/**
 * The waivers file, `aio-secure.waivers.yaml`: waivers kept next to the manifests they cover, for
 * `aio-secure check`, cdk8s `GuidanceChecks` and the Pulumi checks alike.
 *
 * ```yaml
 * waivers:
 *   - rule: listener-requires-tls
 *     target: azure-iot-operations/BrokerListener/lab-*   # Kind/name, namespace/Kind/name or a logical id; * globs
 *     path: /spec/ports/1                                 # optional: only findings at or below this JSON pointer
 *     reason: Lab broker on an isolated VLAN without routes to production; replaced by SecureBroker in Q3.
 *     owner: ot-platform-team
 *     expires: 2026-09-30                                 # last day it applies (UTC)
 * ```
 *
 * The file is read with the same limits as manifests (size, nesting, tokens, aliases, duplicate
 * keys). Anything wrong with its shape or fields makes the whole file unusable: a waiver that
 * silently does not apply would turn an accepted risk into a surprise, and one that applies to the
 * wrong thing would hide a risk. Whether a rule exists or can be waived is the engine's to report.
 */
import { readFileSync, statSync } from 'node:fs';
import { LineCounter, type Document, type Node as YamlNode } from 'yaml';
import { AioSecureError, showValue } from '../model/errors';
import { isJsonObject, type Waiver } from '../model/resource';
import { isJsonPointer, WAIVER_FIELDS, waiverProblem } from '../model/waiver';
import { parseYamlDocuments, toJavaScript, YAML_LIMITS, YamlContentError, YamlLimitError } from './yaml-stream';

/** The file name `aio-secure check` looks for next to its inputs. */
export const WAIVERS_FILE_NAME = 'aio-secure.waivers.yaml';

/** Largest waivers file read, in bytes. */
export const MAX_WAIVERS_FILE_BYTES = 1024 * 1024;

const FIELDS = WAIVER_FIELDS;
type Field = (typeof FIELDS)[number];

/** One thing wrong with a waivers file. */
export interface WaiversFileProblem {
  readonly file: string;
  /** One-based line, where known. */
  readonly line?: number;
  /** Zero-based index of the entry under `waivers:`, where the problem is in one entry. */
  readonly entry?: number;
  /** The entry's field at fault. */
  readonly field?: string;
  /** The whole message: `waivers[2].reason is not a substantive reason (got "todo"). Say why ...`. */
  readonly message: string;
}

/** What reading a waivers file gave: waivers when `problems` is empty, else none. */
export interface WaiversFile {
  readonly file: string;
  readonly waivers: readonly Waiver[];
  readonly problems: readonly WaiversFileProblem[];
}

/**
 * Parses the text of a waivers file. Returns every problem found (not only the first); when there
 * is any, `waivers` is empty, because a partly read file is not what its author meant.
 */
export function parseWaiversText(text: string, file: string): WaiversFile {
  const problems: WaiversFileProblem[] = [];
  const fail = (line: number | undefined, message: string, at: { entry?: number; field?: string } = {}): WaiversFile => {
    problems.push({ file, ...(line ? { line } : {}), ...at, message });
    return { file, waivers: [], problems };
  };
  const lineCounter = new LineCounter();
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  const lineOf = (node: unknown) => {
    const range = (node as YamlNode | undefined)?.range;
    return range ? lineAt(range[0]) : undefined;
  };

  const docs: Document.Parsed[] = [];
  try {
    for (const doc of parseYamlDocuments(text, lineCounter)) {
      docs.push(doc);
      if (docs.length > 1) return fail(lineOf(doc.contents), 'has more than one YAML document. Keep all waivers in one list under "waivers:".');
    }
  } catch (e) {
    if (!(e instanceof YamlLimitError)) throw e;
    return fail(lineAt(e.offset), `${e.message}, more than a waivers file needs. Check that it is a waivers file.`);
  }
  const doc = docs[0];
  if (doc?.errors.length) {
    const err = doc.errors[0];
    return fail(lineAt(err.pos[0]), `invalid YAML: ${err.message.split('\n')[0].replace(/\.$/, '')}. Fix the YAML at this line.`);
  }
  let value: unknown;
  try {
    value = doc ? toJavaScript(doc, text, { maxAliasExpansion: YAML_LIMITS.maxAliasExpansion }) : null;
  } catch (e) {
    if (!(e instanceof YamlContentError)) throw e;
    return fail(lineAt(e.offset), `${e.message}. Write each waiver out in full.`);
  }
  if (!isJsonObject(value) || !Array.isArray(value.waivers)) {
    return fail(lineOf(doc?.contents), `is not a waivers file: it needs a "waivers:" list at the top (got ${showValue(value === null ? undefined : value)}). ` +
      'Write "waivers:" followed by entries with rule, target, reason, owner and expires.');
  }
  for (const key of Object.keys(value)) {
    if (key !== 'waivers') fail(lineOf(doc.getIn([key], true)), `has an unknown top-level key "${key}". Only "waivers:" is allowed.`);
  }

  const waivers: Waiver[] = [];
  value.waivers.forEach((entry, i) => {
    const at = (field?: string) => lineOf(doc.getIn(field ? ['waivers', i, field] : ['waivers', i], true)) ?? lineOf(doc.getIn(['waivers', i], true));
    const name = `waivers[${i}]`;
    if (!isJsonObject(entry)) {
      fail(at(), `${name} is not a map (got ${showValue(entry)}). Give rule, target, reason, owner and expires.`, { entry: i });
      return;
    }
    let ok = true;
    const bad = (field: string, message: string) => {
      ok = false;
      fail(at(field in entry ? field : undefined), `${name}.${field} ${message}`, { entry: i, field });
    };
    for (const key of Object.keys(entry)) {
      if (!(FIELDS as readonly string[]).includes(key)) bad(key, `is not a waiver field. Use ${FIELDS.join(', ')}.`);
    }
    for (const field of FIELDS) {
      const v = entry[field];
      if (v === undefined || v === null) {
        if (field !== 'path') bad(field, `is missing. ${FIX[field]}.`);
      } else if (typeof v !== 'string') {
        bad(field, `is not a string (got ${showValue(v)}). ${FIX[field]}.`);
      }
    }
    if (!ok) return;
    const w = entry as unknown as Waiver;
    if (w.rule.trim() === '') bad('rule', `is empty. ${FIX.rule}.`);
    if (w.target!.trim() === '') bad('target', `is empty. ${FIX.target}.`);
    if (w.path !== undefined && !isJsonPointer(w.path)) bad('path', `is not a JSON pointer (got ${showValue(w.path)}). ${FIX.path}.`);
    // Keys and path are checked above, with their lines; the shared check adds reason, owner, expires.
    const problem = waiverProblem({ rule: w.rule, target: w.target, reason: w.reason, owner: w.owner, expires: w.expires });
    if (problem) bad(problem[0], `${problem[1]} (got ${showValue(w[problem[0]])}). ${problem[2]}.`);
    if (ok) waivers.push({ rule: w.rule, target: w.target, ...(w.path !== undefined ? { path: w.path } : {}), reason: w.reason, owner: w.owner, expires: w.expires });
  });
  return problems.length ? { file, waivers: [], problems } : { file, waivers, problems };
}

const FIX: Readonly<Record<Field, string>> = {
  rule: 'Name the rule, e.g. "listener-requires-tls" (aio-secure rules lists them)',
  target: 'Name what it covers: "Kind/name", "namespace/Kind/name" or a logical id; * matches any characters',
  path: 'Give a JSON pointer inside the object, e.g. "/spec/ports/1", or leave path out',
  reason: 'Say why the risk is accepted and what limits it',
  owner: 'Name the person or team that accepts the risk',
  expires: 'Give the last day the waiver applies as YYYY-MM-DD',
};

/**
 * Reads a waivers file from disk, refusing files that are too large, binary or not UTF-8. Never
 * throws for a bad file: the problems say what is wrong.
 */
export function readWaiversFile(file: string): WaiversFile {
  const problem = (message: string): WaiversFile => ({ file, waivers: [], problems: [{ file, message }] });
  let bytes: Buffer;
  try {
    const st = statSync(file);
    if (!st.isFile()) return problem('is not a file. Give the path of a waivers file.');
    if (st.size > MAX_WAIVERS_FILE_BYTES) {
      return problem(`is ${st.size} bytes, more than the ${MAX_WAIVERS_FILE_BYTES / 1024 / 1024} MiB a waivers file may have. Check that it is a waivers file.`);
    }
    bytes = readFileSync(file);
  } catch (e) {
    return problem(`cannot be read: ${((e as Error)?.message ?? String(e)).split('\n')[0]}. Check the path.`);
  }
  if (bytes.includes(0)) return problem('is binary (contains NUL bytes), not YAML. Check the path.');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return problem('is not valid UTF-8. Save it as UTF-8.');
  }
  return parseWaiversText(text, file);
}

/** `file:line: message`, the way problems of a waivers file are printed. */
export function waiversProblemText(p: WaiversFileProblem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`;
}

/**
 * Reads a waivers file for constructs and components (cdk8s `GuidanceChecks`, the Pulumi checks):
 * its waivers, or an `AioSecureError` (code `INVALID_WAIVER`) listing every problem.
 */
export function loadWaiversFile(file: string): Waiver[] {
  const read = readWaiversFile(file);
  if (read.problems.length) {
    throw new AioSecureError(
      `waivers file ${file} cannot be used (${read.problems.length} problem${read.problems.length === 1 ? '' : 's'}):\n` +
        read.problems.map((p) => `  ${waiversProblemText(p)}`).join('\n'),
      { code: 'INVALID_WAIVER' },
    );
  }
  return [...read.waivers];
}
