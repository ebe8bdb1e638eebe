import { existsSync } from 'node:fs';
import { mergeReadResults, readKubernetesBytes, readKubernetesPaths, READ_LIMITS, tooLarge, type ReadProblem, type ReadResult } from '../inputs/kubernetes-reader';
import { expandGlob, isGlob } from './glob';
import type { CliIo } from './io';

/** Name standard input has in reports. */
export const STDIN = '<stdin>';

/**
 * Reads the positional inputs of `check` and `access`: files, directories, globs (a path that does
 * not exist and has `*`, `?`, `[` or `{`; see glob.ts) and `-` for standard input (read up to the
 * size limit only). Standard input counts against the bytes one run reads.
 */
export async function readInputs(paths: readonly string[], io: CliIo): Promise<ReadResult> {
  const budget = { bytes: READ_LIMITS.maxTotalBytes };
  let stdin: ReadResult | undefined;
  if (paths.includes('-')) {
    let bytes: Buffer | undefined;
    try {
      bytes = await io.readStdin(READ_LIMITS.maxFileBytes);
    } catch (e) {
      stdin = { resources: [], problems: [{ file: STDIN, message: `cannot read: ${(e as Error)?.message ?? String(e)}. Pipe the manifests in, or give files instead of "-".` }], files: 0 };
    }
    if (bytes && bytes.length > READ_LIMITS.maxFileBytes) {
      stdin = { resources: [], problems: [{ file: STDIN, message: tooLarge(undefined, READ_LIMITS.maxFileBytes) }], files: 0 };
    } else if (bytes) {
      budget.bytes -= bytes.length;
      stdin = readKubernetesBytes(bytes, STDIN);
    }
  }
  const globProblems: ReadProblem[] = [];
  const expanded = [...new Set(paths.filter((p) => p !== '-').flatMap((p) => (isGlob(p) && !existsSync(p) ? expandGlob(p, globProblems) : [p])))];
  const files = readKubernetesPaths(expanded, {}, budget);
  const parts = [files, ...(stdin ? [stdin] : [])];
  if (globProblems.length) parts.unshift({ resources: [], problems: globProblems, files: 0 });
  return parts.length === 1 ? files : mergeReadResults(parts);
}

/** `file:line: message`, the way the CLI prints a problem or note. */
export function located(p: { file: string; line?: number; message: string }): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`;
}
