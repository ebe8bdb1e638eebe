import { RULES } from '../rules/registry';
import { CATALOGUE, type GuidanceEntry, type GuidanceId } from './catalogue';

/** The constructs that exist today and the recommendations each makes the default. */
export const CONSTRUCT_GUIDANCE: Readonly<Record<string, readonly GuidanceId[]>> = {
  SecureBroker: ['AS-2', 'CN-1', 'CN-4', 'CN-5', 'ED-3', 'ED-4'],
  EdgePki: ['AS-2', 'CN-2'],
};

/** How one recommendation is covered today. */
export interface CoverageRow {
  readonly entry: GuidanceEntry;
  /** Rules that check it. */
  readonly rules: readonly string[];
  /** Constructs that make it the default. */
  readonly constructs: readonly string[];
  /** `enforced` needs a construct and a rule; `generated` a construct; `attested` a recorded attestation. */
  readonly status: 'enforced' | 'partial' | 'planned';
}

/** Coverage of every recommendation, derived from the rule registry and the constructs. */
export function guidanceCoverage(): CoverageRow[] {
  return CATALOGUE.map((entry) => {
    const rules = RULES.filter((r) => r.guidance.includes(entry.id)).map((r) => r.name);
    const constructs = Object.entries(CONSTRUCT_GUIDANCE).filter(([, ids]) => ids.includes(entry.id)).map(([name]) => name);
    const complete = entry.form === 'enforced' ? rules.length > 0 && constructs.length > 0 : constructs.length > 0;
    const status = complete ? 'enforced' : rules.length || constructs.length ? 'partial' : 'planned';
    return { entry, rules, constructs, status };
  });
}

/** The coverage table as Markdown, for the README. */
export function coverageMarkdown(): string {
  const rows = guidanceCoverage().map((r) => {
    const by = [...r.constructs.map((c) => `\`${c}\``), ...r.rules.map((n) => `[${n}](docs/rules/${n}.md)`)].join(', ') || '—';
    // "construct + rules" says what exists, not that every part of the recommendation is covered.
    const today = r.status === 'enforced' ? (r.entry.form === 'enforced' ? 'construct + rules' : 'construct') : r.status === 'partial' ? (r.rules.length ? 'rules only' : 'construct only') : 'not yet';
    return `| ${r.entry.id} | ${r.entry.title} | ${r.entry.form} | ${today} | ${by} |`;
  });
  return ['| ID | Recommendation | Form | Today | By |', '|---|---|---|---|---|', ...rows].join('\n');
}
