import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `content` to `file` so that the file is either the whole new content or left as it was:
 * the content goes to a temporary file in the same folder (same file system, so the rename is
 * atomic), which then replaces `file`. On failure the temporary file is removed and the error
 * thrown. The folder must exist: a report path with a typo should fail, not create folders.
 */
export function writeFileAtomically(file: string, content: string): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, content, { flag: 'wx' });
    renameSync(temp, file);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}
