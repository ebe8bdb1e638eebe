import type { ReadProblem } from '../inputs/kubernetes-reader';
import type { CheckResult } from '../rules/engine';

/** What the input looked like, for reports. */
export interface InputSummary {
  /** Files read. */
  readonly files: number;
  /** Objects read. */
  readonly objects: number;
  /** Things that could not be read. */
  readonly problems: readonly ReadProblem[];
}

/**
 * The JSON report: one document with the summary, every finding (waived ones included) and what
 * could not be read or used.
 */
export function renderJson(result: CheckResult, input: InputSummary): string {
  const report = {
    summary: {
      ...result.summary,
      files: input.files,
      objects: input.objects,
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
    waiverProblems: result.waiverProblems,
    unusedWaivers: result.unusedWaivers,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
