import { RULES } from '../rules/registry';
import { CATALOGUE, type GuidanceEntry, type GuidanceId } from './catalogue';

/**
 * The constructs (and generators) that exist today and the recommendations each makes the default
 * or records.
 */
export const CONSTRUCT_GUIDANCE: Readonly<Record<string, readonly GuidanceId[]>> = {
  SecureBroker: ['AS-2', 'CN-1', 'CN-4', 'CN-5', 'ED-3', 'ED-4'],
  EdgePki: ['AS-2', 'CN-2'],
  KeyVaultSecretSync: ['AS-1'],
  OpcUaTrust: ['CN-6'],
  ManagedIdentityDataflow: ['CL-1', 'AS-3'],
  SegmentedEdgeNetwork: ['CN-7'],
  // The allowlist is an artifact rather than a construct: `firewallAllowlist` / `aio-secure allowlist`.
  firewallAllowlist: ['CN-3'],
  ArcRuntimePolicy: ['ED-1'],
  SignedImagePolicy: ['ED-2'],
  EdgeObservability: ['CL-2'],
  AssetAccessControl: ['CL-3'],
  DefenderProtection: ['OV-1'],
  AttestedControls: ['AS-4', 'AS-5', 'AS-6', 'OV-1'],
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
