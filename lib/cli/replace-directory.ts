import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Replaces folder `dir` with one holding exactly `files` (name to content), so that it is either
 * fully replaced or left as it was: the files are written to a sibling staging folder, which takes
 * the folder's place only once everything is written (the same steps as `synthAtomically`).
 * Returns the paths written.
 */
export function replaceDirectory(dir: string, files: ReadonlyMap<string, string>): string[] {
  const target = resolve(dir);
  const staging = `${target}.staging-${process.pid}`;
  const previous = `${target}.previous-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const written: string[] = [];
  try {
    for (const [name, content] of files) {
      writeFileSync(join(staging, name), content);
      written.push(join(target, name));
    }
    mkdirSync(dirname(target), { recursive: true });
    rmSync(previous, { recursive: true, force: true });
    let moved = false;
    try {
      renameSync(target, previous);
      moved = true;
    } catch {
      // no previous output
    }
    renameSync(staging, target);
    if (moved) rmSync(previous, { recursive: true, force: true });
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  return written;
}
