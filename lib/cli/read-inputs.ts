import { mergeReadResults, readKubernetesBytes, readKubernetesPaths, READ_LIMITS, tooLarge, type ReadResult } from '../inputs/kubernetes-reader';
import type { CliIo } from './io';

/** Name standard input has in reports. */
export const STDIN = '<stdin>';

/**
 * Reads the positional inputs of `check` and `access`: files, directories and `-` for standard
 * input (read up to the size limit only). Standard input counts against the bytes one run reads.
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
  const files = readKubernetesPaths(paths.filter((p) => p !== '-'), {}, budget);
  return stdin ? mergeReadResults([files, stdin]) : files;
}

/** `file:line: message`, the way the CLI prints a problem or note. */
export function located(p: { file: string; line?: number; message: string }): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`;
}
