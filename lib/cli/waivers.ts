/**
 * Which waivers `aio-secure check` applies. With `--waivers <file>` (repeatable), exactly those
 * files, covering everything checked. Without it, the waivers file `aio-secure.waivers.yaml` is
 * looked for in the folder of each input: a directory input's own folder (not its subfolders), a
 * file's folder, a glob's base folder (the part before the first pattern), and the current folder
 * for standard input. A file found there covers only what was read from that folder and below it
 * (standard input: the current folder's file), so one project's waivers never silence another's.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { readWaiversFile, WAIVERS_FILE_NAME } from '../inputs/waivers-file';
import type { ReadProblem } from '../inputs/kubernetes-reader';
import type { Resource, Waiver } from '../model/resource';
import { globBase, isGlob } from './glob';
import { STDIN } from './read-inputs';

/** The waivers of one run and what limits each. */
export interface RunWaivers {
  readonly waivers: Waiver[];
  /** Waivers files read, as given or found. */
  readonly files: string[];
  /** Problems of waivers files: each makes the run unusable (exit 2), as unreadable input does. */
  readonly problems: ReadProblem[];
  /** Whether a waiver may cover a resource (see the module comment). */
  readonly scope: (waiver: Waiver, resource: Resource) => boolean;
}

/** Reads the waivers of a run: `explicit` files, else the files found next to `inputs`. */
export function collectWaivers(inputs: readonly string[], explicit: readonly string[], cwd = process.cwd()): RunWaivers {
  const waivers: Waiver[] = [];
  const files: string[] = [];
  const problems: ReadProblem[] = [];
  const folderOf = new Map<Waiver, string>();
  const read = (file: string, folder: string | undefined) => {
    const r = readWaiversFile(file);
    files.push(file);
    for (const p of r.problems) problems.push({ file: p.file, ...(p.line ? { line: p.line } : {}), message: `waivers file: ${p.message}` });
    for (const w of r.waivers) {
      waivers.push(w);
      if (folder !== undefined) folderOf.set(w, folder);
    }
  };
  if (explicit.length) {
    for (const f of explicit) read(f, undefined);
  } else {
    const seen = new Set<string>();
    for (const input of inputs) {
      const folder = inputFolder(input, cwd);
      if (folder === undefined) continue;
      const candidate = join(folder, WAIVERS_FILE_NAME);
      if (!existsSync(candidate)) continue;
      const real = safeRealpath(candidate);
      if (seen.has(real)) continue;
      seen.add(real);
      read(candidate, resolve(cwd, folder));
    }
  }
  const scope = (w: Waiver, r: Resource): boolean => {
    const folder = folderOf.get(w);
    if (folder === undefined) return true;
    const file = r.source?.file;
    if (file === undefined) return false;
    if (file === STDIN) return folder === resolve(cwd);
    const abs = resolve(cwd, file);
    return abs === folder || abs.startsWith(folder.endsWith(sep) ? folder : folder + sep);
  };
  return { waivers, files, problems, scope };
}

/** The folder whose waivers file applies to an input, or undefined when it has none. */
function inputFolder(input: string, cwd: string): string | undefined {
  if (input === '-') return cwd;
  try {
    return statSync(input).isDirectory() ? input : dirname(input);
  } catch {
    return isGlob(input) ? globBase(input) : undefined;
  }
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}
