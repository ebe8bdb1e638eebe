import { loadWaiversFile } from '../inputs/waivers-file';
import { AioSecureError } from '../model/errors';
import type { Resource, Waiver } from '../model/resource';
import { checkResources, type CheckResult } from '../rules/engine';
import { findRule, RULES } from '../rules/registry';
import type { Profile, Rule } from '../rules/types';

/** What a component's construction-time checks apply. */
export interface ConstructionCheckOptions {
  /**
   * The reading of the guidance to enforce.
   * @default 'production'
   */
  readonly profile?: Profile;
  /**
   * Waivers for findings on the component's resources (each with a `target`).
   * @default []
   */
  readonly waivers?: readonly Waiver[];
  /**
   * A waivers file (`aio-secure.waivers.yaml`, the format `aio-secure check` reads) whose waivers
   * apply in addition to `waivers`. A file that cannot be used throws an `AioSecureError` (code
   * `INVALID_WAIVER`) naming each problem.
   * @default - none
   */
  readonly waiversFile?: string;
}

/** The waivers of `options`: the list, then those of the waivers file. */
export function waiversOf(options: Pick<ConstructionCheckOptions, 'waivers' | 'waiversFile'>): Waiver[] {
  return [...(options.waivers ?? []), ...(options.waiversFile !== undefined ? loadWaiversFile(options.waiversFile) : [])];
}

/**
 * The rules a construction-time check runs: every rule but the deployment-level ones
 * (`Rule.deploymentLevel`). Those judge whether the deployment as a whole has a control
 * (observability, Defender, attested physical controls), which one component's plan cannot show:
 * another component of the same stack provides it. The CrossGuard stack policy
 * (`aioSecurePolicies`), which sees the whole stack, runs them.
 */
export const CONSTRUCTION_RULES: readonly Rule[] = RULES.filter((r) => !r.deploymentLevel);

/**
 * The Pulumi twin of cdk8s synth-time checks, for one component's plan: runs the guidance rules
 * that one plan can answer (`CONSTRUCTION_RULES`) and throws an `AioSecureError` with code
 * `UNWAIVED_FINDINGS` on unwaived errors and on waivers that cannot be used. Returns the result
 * (waived findings included) otherwise.
 */
export function checkAtConstruction(
  construct: string,
  name: string,
  resources: readonly Resource[],
  options: ConstructionCheckOptions = {},
): CheckResult {
  const checks = checkResources(resources, { profile: options.profile ?? 'production', waivers: waiversOf(options), rules: CONSTRUCTION_RULES });
  const lines = checks.findings
    .filter((f) => !f.waived && f.severity === 'error')
    .map((f) => `  ${f.resource.id}: [${f.rule}] ${f.message} Fix: ${findRule(f.rule)?.remediation ?? ''} (${f.guidance.join(', ')})`);
  for (const p of checks.waiverProblems) {
    lines.push(`  waiver for rule "${p.waiver.rule ?? '?'}"${p.resource ? ` on ${p.resource.kind}/${p.resource.name}` : ''} cannot be used: ${p.problem}`);
  }
  if (lines.length === 0) return checks;
  throw new AioSecureError(
    `${construct} "${name}": the plan breaks the guidance of profile ${checks.summary.profile} ` +
      `(${lines.length} problem${lines.length === 1 ? '' : 's'}). Fix the props, or waive the rule with a reason (waivers):\n${lines.join('\n')}`,
    { code: 'UNWAIVED_FINDINGS', construct, constructId: name },
  );
}
