import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository root (this file is `<repo>/test/support/shared.ts`). */
export const REPO_ROOT = resolve(__dirname, '..', '..');

/** `<repo>/../shared/reference`: reference data that sits beside the repository, in CI too. */
export const SHARED_REFERENCE_ROOT = resolve(REPO_ROOT, '..', 'shared', 'reference');

/**
 * The absolute path of a file or folder under the shared reference data, e.g.
 * `sharedReference('schemas', 'k8s-crds', 'cert-manager')`. Throws, naming the expected path, when
 * it does not exist, so a test fails with a clear message instead of passing on nothing.
 */
export function sharedReference(...parts: string[]): string {
  const path = resolve(SHARED_REFERENCE_ROOT, ...parts);
  if (!path.startsWith(SHARED_REFERENCE_ROOT)) {
    throw new Error(`sharedReference(${parts.map((p) => JSON.stringify(p)).join(', ')}) leaves ${SHARED_REFERENCE_ROOT}`);
  }
  if (!existsSync(path)) {
    throw new Error(
      `Shared reference data is missing: expected ${path}. ` +
      `The tests read it from <repo>/../shared/reference (${SHARED_REFERENCE_ROOT}); check out or copy the shared folder beside the repository.`,
    );
  }
  return path;
}
