import type { ReadProblem, SkippedDocuments } from '../inputs/kubernetes-reader';
import type { CheckResult } from '../rules/engine';

/** What the input looked like, for reports. */
export interface InputSummary {
  /** Files read. */
  readonly files: number;
  /** Objects read. */
  readonly objects: number;
  /** Things that could not be read: any of them makes the input unusable. */
  readonly problems: readonly ReadProblem[];
  /**
   * Documents skipped because they are not Kubernetes objects, by file and reason.
   * @default []
   */
  readonly skipped?: readonly SkippedDocuments[];
  /**
   * Things worth knowing that do not make the input unusable (e.g. an ARM condition that could
   * not be resolved).
   * @default []
   */
  readonly notes?: readonly ReadProblem[];
}

/**
 * The outcome of one run, the same in every report and in the exit code: `unusable` when some
 * input could not be read (whatever the findings on the rest), else `fail` when an unwaived
 * finding is at `error`, else `pass`.
 */
export type Verdict = 'pass' | 'fail' | 'unusable';

/** The verdict of a run; see `Verdict`. */
export function verdictOf(result: CheckResult, input: InputSummary): Verdict {
  if (input.problems.length > 0) return 'unusable';
  return result.summary.passed ? 'pass' : 'fail';
}

/** Documents skipped in all. */
export function skippedCount(input: InputSummary): number {
  let n = 0;
  for (const s of input.skipped ?? []) n += s.count;
  return n;
}
