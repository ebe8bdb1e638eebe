import type { CheckResult, Finding } from '../rules/engine';
import { findRule, RULES } from '../rules/registry';
import type { Profile, Rule, Severity } from '../rules/types';

/**
 * What every report says about one finding, in one word: `open` (an unwaived finding), `waived`,
 * `unknown` (the rule could not decide, which is never a pass) or `expired` (its waiver expired,
 * so it counts as open).
 */
export type FindingStatus = 'open' | 'waived' | 'unknown' | 'expired';

/** The status of a finding; see `FindingStatus`. */
export function findingStatus(f: Finding): FindingStatus {
  if (f.waived) return 'waived';
  if (f.outcome === 'unknown') return 'unknown';
  return f.waiver?.expired ? 'expired' : 'open';
}

/** Counts of one rule's findings. */
export interface RuleTally {
  readonly rule: string;
  /** Findings, waived and unknown included. */
  findings: number;
  waived: number;
  unknown: number;
}

/** Findings per rule, in the order rules first appear among the findings. */
export function tallyByRule(findings: readonly Finding[]): RuleTally[] {
  const byRule = new Map<string, RuleTally>();
  for (const f of findings) {
    let t = byRule.get(f.rule);
    if (!t) byRule.set(f.rule, (t = { rule: f.rule, findings: 0, waived: 0, unknown: 0 }));
    t.findings++;
    if (f.waived) t.waived++;
    if (f.outcome === 'unknown') t.unknown++;
  }
  return [...byRule.values()];
}

/**
 * The rules a report describes: every registered rule that runs in the profile, then any other
 * rule that has findings (a caller's own rules), in a stable order.
 */
export function reportedRules(result: CheckResult): Rule[] {
  const profile: Profile = result.summary.profile;
  const rules: Rule[] = RULES.filter((r) => r.severity[profile] !== 'off');
  const seen = new Set(rules.map((r) => r.name));
  for (const f of result.findings) {
    if (seen.has(f.rule)) continue;
    seen.add(f.rule);
    const rule = findRule(f.rule);
    if (rule) rules.push(rule);
    else {
      // Not in the registry: describe it from what the finding says.
      rules.push({
        name: f.rule, guidance: f.guidance, description: f.rule, rationale: '', remediation: '',
        severity: { development: f.severity, production: f.severity }, waivable: true, appliesTo: [], messages: {},
        check: () => ({ status: 'compliant' }),
      });
    }
  }
  return rules;
}

/** How reports name a finding's resource: `Kind namespace/name` or `Kind name`. */
export function resourceLabel(f: Finding): string {
  return `${f.resource.kind} ${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name}`;
}

/** `file:line` of a finding, or undefined when its source is not known. */
export function sourceLabel(f: Finding): string | undefined {
  if (!f.source) return undefined;
  return `${f.source.file}${f.source.line ? `:${f.source.line}` : ''}`;
}


/** Findings per severity: all, unwaived, waived, and undecided (unknown). */
export interface SeverityTally {
  readonly total: Record<Severity, number>;
  readonly unwaived: Record<Severity, number>;
  readonly waived: Record<Severity, number>;
  readonly unknown: Record<Severity, number>;
}

/** Counts the findings per severity; the totals agree with the engine's summary. */
export function tallyBySeverity(findings: readonly Finding[]): SeverityTally {
  const zero = () => ({ error: 0, warning: 0, info: 0 });
  const t = { total: zero(), unwaived: zero(), waived: zero(), unknown: zero() };
  for (const f of findings) {
    t.total[f.severity]++;
    if (f.waived) t.waived[f.severity]++;
    else t.unwaived[f.severity]++;
    if (f.outcome === 'unknown') t.unknown[f.severity]++;
  }
  return t;
}
