import type { GuidanceId } from '../guidance/catalogue';
import type { Resource } from '../model/resource';
import type { DeploymentIndex } from './deployment-index';

/** How serious a finding is. `error` fails `aio-secure check` and cdk8s synth. */
export type Severity = 'error' | 'warning' | 'info';

/** Severity order, most serious first. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/**
 * Which reading of the guidance applies. `production` is the strict one (and the CLI default);
 * `development` relaxes what Microsoft allows for development and test (e.g. the quickstart CA).
 */
export type Profile = 'development' | 'production';

/** The profiles, in a fixed order. */
export const PROFILES: readonly Profile[] = ['development', 'production'];

/** One thing a rule found wrong with a resource. */
export interface RuleFinding<M extends string = string> {
  /** Key into the rule's `messages`. */
  readonly messageId: M;
  /** Values for the message's `{placeholders}`. */
  readonly data?: Readonly<Record<string, string | number>>;
  /** JSON pointer, inside the object, of the offending field, e.g. `/spec/ports/0`. */
  readonly path?: string;
}

/** What a rule concluded about one resource. */
export type RuleOutcome<M extends string = string> =
  | { readonly status: 'compliant' }
  | { readonly status: 'not-applicable'; readonly reason: string }
  | { readonly status: 'unknown'; readonly reason: string }
  | { readonly status: 'findings'; readonly findings: readonly RuleFinding<M>[] };

/** What a rule sees besides the resource it checks. */
export interface RuleContext {
  /** Every resource of the deployment, for cross-resource checks. */
  readonly index: DeploymentIndex;
  /** The profile in force. */
  readonly profile: Profile;
  /** The moment the check is judged at (waiver and attestation expiry, role grants with an end date). */
  readonly now: Date;
}

/** A kind a rule applies to. */
export interface KindSelector {
  readonly group: string;
  readonly kind: string;
}

/**
 * A rule: data plus a pure check. Its kebab-case `name` is also its file name, its registry key,
 * its docs page (`docs/rules/<name>.md`) and its waiver key.
 */
export interface Rule<M extends string = string> {
  readonly name: string;
  /** The recommendations it checks. */
  readonly guidance: readonly GuidanceId[];
  /** One line: what a compliant deployment has. */
  readonly description: string;
  /** Why it matters. */
  readonly rationale: string;
  /** How to fix a finding, naming the construct prop that does it. */
  readonly remediation: string;
  /** Severity per profile; `off` does not run the rule in that profile. */
  readonly severity: Readonly<Record<Profile, Severity | 'off'>>;
  /**
   * Whether a waiver can silence a finding: `false` for rules no waiver can silence, or per
   * profile for a risk that a lab may accept but production may not.
   */
  readonly waivable: boolean | Readonly<Record<Profile, boolean>>;
  /** The kinds it checks. */
  readonly appliesTo: readonly KindSelector[];
  /**
   * True for a rule that judges the deployment as a whole: a control is present or absent (e.g.
   * observability, Defender, an attested physical control), not a property of one object. It reports
   * once per deployment, on the deployment's anchor (the AIO Arc extension, else the AIO Instance;
   * the attested-control rules on the attestations ConfigMap when there is one), and every other
   * object it applies to is compliant or not applicable. Only a check that sees the whole
   * deployment can answer it: checks of one component's plan (the Pulumi construction-time check)
   * skip these rules, while `aio-secure check`, cdk8s `GuidanceChecks` and the CrossGuard stack
   * policy run them.
   * @default false
   */
  readonly deploymentLevel?: boolean;
  /** Messages by id; `{name}` placeholders are filled from the finding's `data`. */
  readonly messages: Readonly<Record<M, string>>;
  /** Checks one resource. Must not throw; if it does, the outcome is `unknown`. */
  check(resource: Resource, context: RuleContext): RuleOutcome<M>;
}

/** Declares a rule, keeping its message ids typed. */
export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}

/** True when a waiver can silence the rule's findings in that profile. */
export function isWaivable(rule: Pick<Rule, 'waivable'>, profile: Profile): boolean {
  return typeof rule.waivable === 'boolean' ? rule.waivable : rule.waivable[profile];
}

/** Where a waiver can silence the rule, in words: `yes`, `no`, or `in development only`. */
export function waivableText(rule: Pick<Rule, 'waivable'>): string {
  const where = PROFILES.filter((p) => isWaivable(rule, p));
  if (where.length === PROFILES.length) return 'yes';
  return where.length ? `in ${where.join(' and ')} only` : 'no';
}

/** Turns a list of findings into an outcome: compliant when it is empty. */
export function outcome<M extends string>(findings: readonly RuleFinding<M>[]): RuleOutcome<M> {
  return findings.length ? { status: 'findings', findings } : { status: 'compliant' };
}

/** The docs page of a rule, relative to the package root. */
export function ruleDocPath(name: string): string {
  return `docs/rules/${name}.md`;
}
