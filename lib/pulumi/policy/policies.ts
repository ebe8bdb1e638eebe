import { PolicyPack, type EnforcementLevel, type ReportViolation, type Severity as PulumiSeverity, type StackValidationArgs, type StackValidationPolicy } from '@pulumi/policy/policy';
import { displayName, type Resource, type Waiver } from '../../model/resource';
import { checkResources, type Finding } from '../../rules/engine';
import { RULES } from '../../rules/registry';
import type { Profile, Rule, Severity } from '../../rules/types';
import { readStackResources, type StackResources } from './read-stack';

/** Options of the policies. */
export interface AioSecurePolicyOptions {
  /**
   * The reading of the guidance to enforce; it sets each rule's enforcement level.
   * @default 'production'
   */
  readonly profile?: Profile;
  /**
   * Waivers across the stack (each with a `target`: `Kind/name`, a logical id or a URN). Opt-outs
   * on aio-secure components' props apply by themselves.
   * @default []
   */
  readonly waivers?: readonly Waiver[];
  /**
   * The moment against which waiver expiry is judged.
   * @default - now, at each check
   */
  readonly now?: Date;
}

/**
 * How a rule's severity in the profile becomes a CrossGuard enforcement level. Errors block the
 * deployment; warnings and infos are reported without blocking (infos such as AIO's own port 18883
 * tell a story the operator should see); rules the profile turns off do not run.
 */
export const ENFORCEMENT_LEVELS: Readonly<Record<Severity | 'off', EnforcementLevel>> = {
  error: 'mandatory',
  warning: 'advisory',
  info: 'advisory',
  off: 'disabled',
};

/** How a rule's severity in the profile shows in Pulumi's policy report. */
export const PULUMI_SEVERITIES: Readonly<Record<Severity | 'off', PulumiSeverity>> = {
  error: 'high',
  warning: 'medium',
  info: 'low',
  off: 'low',
};

/** Name of the policy that rejects waivers that cannot be used (mandatory, as cdk8s synth fails on them). */
export const WAIVER_PROBLEMS_POLICY = 'aio-secure-waiver-problems';
/** Name of the policy that lists waived findings (advisory), so that they stay in every report. */
export const WAIVED_FINDINGS_POLICY = 'aio-secure-waived-findings';

/**
 * The CrossGuard policies of aio-secure: one stack policy per rule, named after the rule, plus
 * `aio-secure-waiver-problems` and `aio-secure-waived-findings`.
 *
 * Every policy validates the stack rather than single resources, for three reasons: cross-resource
 * rules (a listener's authentication must exist) need the whole deployment; the opt-outs of an
 * aio-secure component travel in the component's outputs, which only the stack view has; and one
 * path gives exactly what `aio-secure check` and construction-time checks give. CrossGuard runs
 * stack policies at the end of every preview, so a mandatory violation stops `pulumi up` before it
 * changes anything (it does not run them before `pulumi up --skip-preview`).
 *
 * A value Pulumi does not know during preview never passes: the rule's outcome is reported as
 * "Could not decide", at the rule's enforcement level.
 */
export function aioSecurePolicies(options: AioSecurePolicyOptions = {}): StackValidationPolicy[] {
  const profile = options.profile ?? 'production';
  const check = (resources: readonly Resource[], rules: readonly Rule[]) =>
    checkResources(resources, { profile, waivers: options.waivers ?? [], rules, ...(options.now ? { now: options.now } : {}) });

  const rulePolicies = RULES.map((rule): StackValidationPolicy => ({
    name: rule.name,
    description: rule.description,
    enforcementLevel: ENFORCEMENT_LEVELS[rule.severity[profile]],
    severity: PULUMI_SEVERITIES[rule.severity[profile]],
    remediationSteps: rule.remediation,
    tags: [...rule.guidance],
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const stack = readStackResources(args.resources);
      for (const f of check(stack.resources, [rule]).findings) {
        if (f.waived) continue;
        report(`${label(f)}: ${violationMessage(f, rule, stack)}`, stack.urns.get(f.resource.id));
      }
    },
  }));

  const waiverProblems: StackValidationPolicy = {
    name: WAIVER_PROBLEMS_POLICY,
    description: 'Every waiver names a rule that exists and may be waived, gives a substantive reason, an owner and an expiry date, and a target when it is not attached to a resource.',
    enforcementLevel: 'mandatory',
    severity: 'high',
    remediationSteps: 'Fix or remove the waiver; a waiver that cannot be used waives nothing.',
    validateStack: (args, report) => {
      const stack = readStackResources(args.resources);
      for (const p of check(stack.resources, []).waiverProblems) {
        const on = p.resource ? ` on ${p.resource.kind}/${p.resource.name}` : '';
        report(`waiver for rule "${p.waiver.rule ?? '?'}"${on} cannot be used: ${p.problem}`, p.resource ? stack.urns.get(p.resource.id) : undefined);
      }
    },
  };

  const waivedFindings: StackValidationPolicy = {
    name: WAIVED_FINDINGS_POLICY,
    description: 'Findings that a waiver covers: the risk is accepted, and stays visible until the waiver expires.',
    enforcementLevel: 'advisory',
    severity: 'low',
    validateStack: (args, report) => {
      const stack = readStackResources(args.resources);
      for (const f of check(stack.resources, RULES).findings) {
        if (!f.waived || !f.waiver) continue;
        const w = f.waiver;
        report(`${label(f)}: [${f.rule}] ${f.message} Waived until ${w.expires} by ${w.owner}: ${w.reason}`, stack.urns.get(f.resource.id));
      }
    },
  };

  return [...rulePolicies, waiverProblems, waivedFindings];
}

/**
 * Serves aio-secure's policies as a CrossGuard policy pack. Call it from the pack's program (the
 * `index.ts` of the folder given to `pulumi preview --policy-pack`); it starts the analyzer server
 * that the Pulumi CLI talks to, so call it once per process and never from tests.
 */
export function createPolicyPack(name = 'aio-secure', options: AioSecurePolicyOptions = {}): PolicyPack {
  return new PolicyPack(name, {
    policies: aioSecurePolicies(options),
    description: `Microsoft's security guidance for Azure IoT Operations, checked by aio-secure (profile ${options.profile ?? 'production'}).`,
  });
}

function label(f: Finding): string {
  const name = displayName(f.resource);
  return f.resource.id.startsWith('urn:') ? name : `${name} (${f.resource.id})`;
}

/**
 * The message of an unwaived finding. A finding or an undecided outcome on a resource with values
 * Pulumi does not know yet is reported as undecided, naming those values rather than the stand-in
 * the rule saw.
 */
function violationMessage(f: Finding, rule: Rule, stack: StackResources): string {
  const fix = `Fix: ${rule.remediation} (${f.guidance.join(', ')})`;
  const unknown = unknownValuesBehind(f, stack.resources.find((r) => r.id === f.resource.id));
  if (unknown.length) {
    const shown = unknown.slice(0, 3).join(', ') + (unknown.length > 3 ? `, and ${unknown.length - 3} more` : '');
    return `Could not decide: ${shown} ${unknown.length === 1 ? 'is' : 'are'} not known until the deployment runs. ${fix}`;
  }
  return `${/[.!?)]$/.test(f.message) ? f.message : `${f.message}.`} ${fix}`;
}

/**
 * The unknown values a finding rests on: for an undecided outcome (or a finding without a path),
 * every unknown value of the resource; for a finding, those inside its path or containing it.
 */
function unknownValuesBehind(f: Finding, r: Resource | undefined): string[] {
  const pointers = r?.unresolved ?? [];
  if (f.outcome === 'unknown' || !f.path) return [...pointers];
  const within = (a: string, b: string) => a === b || a.startsWith(`${b}/`);
  return pointers.filter((p) => within(f.path!, p) || within(p, f.path!));
}
