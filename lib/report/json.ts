import type { CheckResult } from '../rules/engine';
import { skippedCount, verdictOf, type InputSummary } from './verdict';

/**
 * The JSON report: one document with the summary, every finding (waived ones included), what
 * could not be read, what was skipped, and notes. `summary.verdict` is `pass`, `fail` or
 * `unusable`; `summary.passed` is true only for `pass`, so input that could not be read never
 * passes.
 */
export function renderJson(result: CheckResult, input: InputSummary): string {
  const verdict = verdictOf(result, input);
  const report = {
    summary: {
      ...result.summary,
      verdict,
      passed: verdict === 'pass',
      files: input.files,
      objects: input.objects,
      skipped: skippedCount(input),
      inputProblems: input.problems.length,
    },
    findings: result.findings.map((f) => ({
      rule: f.rule,
      guidance: f.guidance,
      severity: f.severity,
      outcome: f.outcome,
      messageId: f.messageId,
      resource: { kind: f.resource.kind, name: f.resource.name, ...(f.resource.namespace ? { namespace: f.resource.namespace } : {}), apiVersion: f.resource.apiVersion, id: f.resource.id },
      source: f.source ? { file: f.source.file, ...(f.source.line ? { line: f.source.line } : {}) } : undefined,
      ...(f.path ? { path: f.path } : {}),
      message: f.message,
      waived: f.waived,
      ...(f.waiver ? { waiver: f.waiver } : {}),
    })),
    inputProblems: input.problems,
    skipped: input.skipped ?? [],
    notes: input.notes ?? [],
    waiverProblems: result.waiverProblems,
    unusedWaivers: result.unusedWaivers,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
