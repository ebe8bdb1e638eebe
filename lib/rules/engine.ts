import type { GuidanceId } from '../guidance/catalogue';
import { apiVersionOf, type Resource, type SourceLocation, type Waiver } from '../model/resource';
import { UNREADABLE_WAIVERS_RULE } from '../model/bookkeeping';
import { isExpired, waiverShapeProblem } from '../model/waiver';
import { DeploymentIndex } from './deployment-index';
import { RULES } from './registry';
import { isWaivable, SEVERITIES, type Profile, type Rule, type RuleContext, type RuleFinding, type RuleOutcome, type Severity } from './types';

/** Options of `checkResources`. */
export interface CheckOptions {
  /**
   * The reading of the guidance to apply.
   * @default 'production'
   */
  readonly profile?: Profile;
  /**
   * Waivers that apply across the deployment (each needs a `target`); waivers attached to
   * resources apply as well.
   * @default []
   */
  readonly waivers?: readonly Waiver[];
  /**
   * Decides whether a waiver of `waivers` may cover a resource at all, before its target is
   * matched: a waivers file found in a folder covers only what was read from below that folder.
   * @default - every waiver may cover every resource its target matches
   */
  readonly waiverScope?: (waiver: Waiver, resource: Resource) => boolean;
  /**
   * Names a waiver target may match besides `Kind/name`, `namespace/Kind/name` and the logical id,
   * e.g. the cdk8s construct path of the object.
   * @default - none
   */
  readonly targetNames?: (resource: Resource) => readonly string[];
  /**
   * The rules to run.
   * @default - every registered rule
   */
  readonly rules?: readonly Rule[];
  /**
   * The moment against which waiver expiry is judged.
   * @default - now
   */
  readonly now?: Date;
}

/** How a report names the resource a finding is about. */
export interface FindingResource {
  readonly id: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** One finding: a rule that did not pass for one resource. */
export interface Finding {
  readonly rule: string;
  readonly guidance: readonly GuidanceId[];
  readonly severity: Severity;
  /** `finding`: the rule found a problem. `unknown`: it could not decide, which is never a pass. */
  readonly outcome: 'finding' | 'unknown';
  readonly messageId: string;
  readonly message: string;
  readonly resource: FindingResource;
  readonly source?: SourceLocation;
  /** JSON pointer of the offending field inside the object. */
  readonly path?: string;
  /** True when a valid, unexpired waiver covers the finding. */
  readonly waived: boolean;
  /** The waiver that covers it, or the expired one that no longer does. */
  readonly waiver?: Waiver & { readonly expired: boolean };
}

/** A waiver that could not be used, and why. */
export interface WaiverProblem {
  readonly waiver: Partial<Waiver>;
  readonly problem: string;
  /** The resource it was attached to, for waivers that travel with a resource. */
  readonly resource?: FindingResource;
}

/** A rule that did not apply to a resource, and why. */
export interface NotApplicable {
  readonly rule: string;
  readonly resource: FindingResource;
  readonly reason: string;
}

/** Counts that every report of one run shares. */
export interface CheckSummary {
  readonly profile: Profile;
  /** Resources given to the engine. */
  readonly resources: number;
  /** Resources at least one rule applied to. */
  readonly checked: number;
  readonly rules: number;
  /** Findings (including unknowns) by severity, waived or not. */
  readonly total: Readonly<Record<Severity, number>>;
  /** Findings (including unknowns) by severity that no waiver covers. */
  readonly unwaived: Readonly<Record<Severity, number>>;
  readonly waived: number;
  readonly unknown: number;
  readonly unusedWaivers: number;
  readonly waiverProblems: number;
  /** True when no unwaived finding is at `error`. */
  readonly passed: boolean;
}

/** Everything one run of the rules produced. */
export interface CheckResult {
  readonly summary: CheckSummary;
  readonly findings: readonly Finding[];
  readonly notApplicable: readonly NotApplicable[];
  readonly unusedWaivers: readonly Waiver[];
  readonly waiverProblems: readonly WaiverProblem[];
}

/** Runs the rules over a deployment's resources. */
export function checkResources(resources: readonly Resource[], options: CheckOptions = {}): CheckResult {
  const profile = options.profile ?? 'production';
  const rules = options.rules ?? RULES;
  const now = options.now ?? new Date();
  const index = new DeploymentIndex(resources);
  const context = { index, profile, now };

  const waiverProblems: WaiverProblem[] = [];
  const globalWaivers = usableWaivers(options.waivers ?? [], rules, profile, waiverProblems, undefined, true);
  const used = new Set<Waiver>();
  const scope = options.waiverScope;
  const targets = new TargetMatcher(options.targetNames);

  const findings: Finding[] = [];
  const notApplicable: NotApplicable[] = [];
  const checked = new Set<Resource>();

  const resourceWaivers = new Map<Resource, Waiver[]>();
  for (const r of resources) {
    if (r.waivers?.length) resourceWaivers.set(r, usableWaivers(r.waivers, rules, profile, waiverProblems, r, false));
  }

  for (const rule of rules) {
    const severity = rule.severity[profile];
    if (severity === 'off') continue;
    for (const selector of rule.appliesTo) {
      for (const r of index.ofKind(selector.group, selector.kind)) {
        checked.add(r);
        const result = runRule(rule, r, context);
        if (result.status === 'compliant') continue;
        const resource = findingResource(r);
        if (result.status === 'not-applicable') {
          notApplicable.push({ rule: rule.name, resource, reason: result.reason });
          continue;
        }
        for (const { f, outcome, message } of result.findings) {
          // A rule that could not decide is never waived: the waiver accepted a known risk, not an unknown one.
          const candidates = outcome === 'unknown' ? [] : [...(resourceWaivers.get(r) ?? []), ...globalWaivers.filter((w) => w.rule === rule.name && targets.matches(w.target!, r) && (scope ? scope(w, r) : true))]
            .filter((w) => w.rule === rule.name && pathCovers(w.path, f.path));
          const live = candidates.find((w) => !isExpired(w, now));
          const expired = live ? undefined : candidates[0];
          if (live) used.add(live);
          if (expired) used.add(expired);
          findings.push({
            rule: rule.name,
            guidance: rule.guidance,
            severity,
            outcome,
            messageId: f.messageId,
            message: expired ? `${message} (waiver expired on ${expired.expires})` : message,
            resource,
            ...(r.source ? { source: r.source } : {}),
            ...(f.path ? { path: f.path } : {}),
            waived: live !== undefined,
            ...(live ? { waiver: { ...live, expired: false } } : {}),
            ...(expired ? { waiver: { ...expired, expired: true } } : {}),
          });
        }
      }
    }
  }

  const unusedWaivers = [
    ...globalWaivers.filter((w) => !used.has(w)),
    ...[...resourceWaivers.values()].flat().filter((w) => !used.has(w)),
  ];
  return {
    summary: summarize(profile, resources.length, checked.size, rules.length, findings, unusedWaivers.length, waiverProblems.length),
    findings: sortFindings(findings),
    notApplicable,
    unusedWaivers,
    waiverProblems,
  };
}

type RunResult =
  | { status: 'compliant' }
  | { status: 'not-applicable'; reason: string }
  | { status: 'reported'; findings: { f: RuleFinding; outcome: 'finding' | 'unknown'; message: string }[] };

/** Runs one rule on one resource; a rule that throws (or names a message it lacks) is undecided. */
function runRule(rule: Rule, r: Resource, context: RuleContext): RunResult {
  let result: RuleOutcome;
  try {
    result = rule.check(r, context);
    if (result.status === 'findings') {
      return { status: 'reported', findings: result.findings.map((f) => ({ f, outcome: 'finding', message: formatMessage(rule, f) })) };
    }
  } catch (e) {
    result = { status: 'unknown', reason: `rule ${rule.name} failed on this object: ${(e as Error)?.message ?? String(e)}` };
  }
  if (result.status !== 'unknown' && r.unresolved?.length) {
    // The rule judged values that stand in for something only known at deployment: not a pass.
    const shown = r.unresolved.slice(0, 3).join(', ') + (r.unresolved.length > 3 ? `, and ${r.unresolved.length - 3} more` : '');
    result = { status: 'unknown', reason: `values at ${shown} are expressions that could not be resolved` };
  }
  if (result.status === 'unknown') {
    return { status: 'reported', findings: [{ f: { messageId: 'unknown' }, outcome: 'unknown', message: `Could not decide: ${result.reason}` }] };
  }
  return result.status === 'not-applicable' ? { status: 'not-applicable', reason: result.reason } : { status: 'compliant' };
}

function usableWaivers(
  waivers: readonly Waiver[],
  rules: readonly Rule[],
  profile: Profile,
  problems: WaiverProblem[],
  resource: Resource | undefined,
  needsTarget: boolean,
): Waiver[] {
  // A waiver may name any registered rule, even one this run does not include.
  const byName = new Map([...RULES, ...rules].map((r) => [r.name, r]));
  const ok: Waiver[] = [];
  for (const w of waivers) {
    const res = resource ? { resource: findingResource(resource) } : {};
    if (w?.rule === UNREADABLE_WAIVERS_RULE) {
      problems.push({ waiver: w, problem: `${w.reason}; none of its waivers apply`, ...res });
      continue;
    }
    const rule = byName.get(w?.rule);
    if (!rule) {
      problems.push({ waiver: w, problem: `rule "${w?.rule}" does not exist`, ...res });
      continue;
    }
    if (!isWaivable(rule, profile)) {
      // A rule that is waivable in some profile says which one refuses the waiver.
      const where = typeof rule.waivable === 'boolean' ? '' : ` in the ${profile} profile`;
      problems.push({ waiver: w, problem: `rule "${w.rule}" cannot be waived${where}`, ...res });
      continue;
    }
    const problem = waiverShapeProblem(w);
    if (problem) {
      problems.push({ waiver: w, problem: `${problem[0]} ${problem[1]}: ${problem[2]}`, ...res });
      continue;
    }
    if (needsTarget && (typeof w.target !== 'string' || w.target === '')) {
      problems.push({ waiver: w, problem: 'target is missing: name the resources it covers, e.g. "BrokerListener/external"' });
      continue;
    }
    ok.push(w);
  }
  return ok;
}

/** The names a waiver target can match: `Kind/name`, `namespace/Kind/name`, and the logical id. */
export function waiverTargetsOf(r: Resource): string[] {
  const names = [`${r.kind}/${r.name}`, r.id];
  if (r.namespace) names.push(`${r.namespace}/${r.kind}/${r.name}`);
  return names;
}

/** Matches waiver targets (`*` matches any characters, `/` included), compiling each target once. */
class TargetMatcher {
  private readonly compiled = new Map<string, RegExp>();

  constructor(private readonly extraNames?: (resource: Resource) => readonly string[]) {}

  matches(target: string, r: Resource): boolean {
    let re = this.compiled.get(target);
    if (!re) {
      re = new RegExp(`^${target.split('*').map(escapeRegExp).join('.*')}$`);
      this.compiled.set(target, re);
    }
    return waiverTargetsOf(r).some((n) => re.test(n)) || (this.extraNames?.(r).some((n) => re.test(n)) ?? false);
  }
}

/** A waiver without a path covers every finding; one with a path covers findings at or below it. */
function pathCovers(waiverPath: string | undefined, findingPath: string | undefined): boolean {
  if (waiverPath === undefined) return true;
  return findingPath !== undefined && (findingPath === waiverPath || findingPath.startsWith(`${waiverPath}/`));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Fills a rule message's `{placeholders}` from a finding's data. */
export function formatMessage(rule: Rule, f: RuleFinding): string {
  const template = (rule.messages as Record<string, string>)[f.messageId];
  if (template === undefined) throw new Error(`rule ${rule.name} has no message "${f.messageId}"`);
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (f.data && k in f.data ? String(f.data[k]) : m));
}

function findingResource(r: Resource): FindingResource {
  return {
    id: r.id,
    apiVersion: apiVersionOf(r),
    kind: r.kind,
    name: r.name,
    ...(r.namespace ? { namespace: r.namespace } : {}),
  };
}

function summarize(
  profile: Profile,
  resources: number,
  checked: number,
  rules: number,
  findings: readonly Finding[],
  unusedWaivers: number,
  waiverProblems: number,
): CheckSummary {
  const total = { error: 0, warning: 0, info: 0 };
  const unwaived = { error: 0, warning: 0, info: 0 };
  let waived = 0;
  let unknown = 0;
  for (const f of findings) {
    total[f.severity]++;
    if (f.waived) waived++;
    else unwaived[f.severity]++;
    if (f.outcome === 'unknown') unknown++;
  }
  return {
    profile, resources, checked, rules, total, unwaived, waived, unknown, unusedWaivers, waiverProblems,
    passed: unwaived.error === 0,
  };
}

function sortFindings(findings: Finding[]): Finding[] {
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f.severity) - rank(b.f.severity) || a.i - b.i)
    .map(({ f }) => f);
}
