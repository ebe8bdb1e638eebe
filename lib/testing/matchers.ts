/**
 * Jest matchers for users' own tests: `toHaveNoFindings` and `toHaveFinding` run the guidance
 * rules over a cdk8s App or Chart, YAML or JSON text, parsed Kubernetes objects, or aio-secure
 * `Resource`s (a plan). Nothing here imports jest or cdk8s: the matchers follow jest's matcher
 * protocol (`this.isNot`, `{ pass, message }`), and charts are recognized by their shape.
 */
import { readManifestText, resourceFromObject } from '../inputs/kubernetes-reader';
import { isJsonObject, type Resource, type Waiver } from '../model/resource';
import { checkResources, type CheckResult, type Finding } from '../rules/engine';
import { SEVERITIES, type Profile, type Severity } from '../rules/types';

/** Options shared by the matchers. */
export interface FindingsOptions {
  /**
   * The reading of the guidance to apply.
   * @default - the app's `GuidanceChecks` profile for a cdk8s App or Chart, else 'production'
   */
  readonly profile?: Profile;
  /**
   * Waivers with targets, as `GuidanceChecks` and `aio-secure check` take them; added to the
   * app's `GuidanceChecks` waivers for a cdk8s App or Chart.
   * @default []
   */
  readonly waivers?: readonly Waiver[];
  /**
   * The moment against which waiver expiry is judged.
   * @default - now
   */
  readonly now?: Date;
}

/** Options of `toHaveNoFindings`. */
export interface NoFindingsOptions extends FindingsOptions {
  /**
   * The least severe finding that fails the matcher: `error` ignores warnings and infos.
   * @default 'info' (any unwaived finding, "could not decide" outcomes included)
   */
  readonly severity?: Severity;
}

/** Options of `toHaveFinding`: what the expected finding must also match. */
export interface HaveFindingOptions extends FindingsOptions {
  /** The resource, as a waiver target names it: `Kind/name`, `namespace/Kind/name` or its logical id; `*` globs. */
  readonly resource?: string;
  /** The rule's message id, e.g. `noTls`. */
  readonly messageId?: string;
  /** The severity in the profile. */
  readonly severity?: Severity;
  /** The JSON pointer of the offending field, e.g. `/spec/ports/0`. */
  readonly path?: string;
  /**
   * Whether the finding is waived: `false` matches only unwaived findings, `true` only waived ones.
   * @default - either
   */
  readonly waived?: boolean;
}

/** What the matchers accept. */
export type FindingsSubject = string | Resource | readonly Resource[] | Record<string, unknown> | readonly Record<string, unknown>[] | CdkConstructLike;

/** The parts of a cdk8s App or Chart the matchers use. */
export interface CdkConstructLike {
  readonly node: { readonly root: unknown; tryFindChild(id: string): unknown; findAll(): readonly unknown[] };
}

/** The part of jest's matcher context the matchers use. */
interface MatcherContext {
  readonly isNot?: boolean;
}

/** A matcher's answer, as jest expects it. */
export interface MatcherResult {
  readonly pass: boolean;
  message(): string;
}

const CHECKS_ID = 'aio-secure-guidance-checks';

/**
 * Runs the rules over `subject` and returns the result. Throws a `TypeError` for a subject it does
 * not understand and an `Error` naming each problem for text that cannot be read.
 */
export function findingsOf(subject: unknown, options: FindingsOptions = {}): CheckResult {
  const { resources, profile, waivers } = resourcesOf(subject);
  return checkResources(resources, {
    profile: options.profile ?? profile ?? 'production',
    waivers: [...(waivers ?? []), ...(options.waivers ?? [])],
    ...(options.now ? { now: options.now } : {}),
  });
}

function resourcesOf(subject: unknown): { resources: Resource[]; profile?: Profile; waivers?: readonly Waiver[] } {
  if (typeof subject === 'string') {
    const read = readManifestText(subject, '<yaml>');
    if (read.problems.length) {
      throw new Error(`aio-secure: the YAML could not be read:\n${read.problems.map((p) => `  ${p.line ? `line ${p.line}: ` : ''}${p.message}`).join('\n')}`);
    }
    return { resources: read.resources };
  }
  if (isConstruct(subject)) {
    const checks = (subject.node.root as CdkConstructLike | undefined)?.node?.tryFindChild(CHECKS_ID) as { profile?: Profile; waivers?: readonly Waiver[] } | undefined;
    const resources: Resource[] = [];
    // Each ApiObject's own toJson(), not the chart's: a chart's toJson() validates the app, and
    // GuidanceChecks' validation would throw on the very findings the matcher is asked about.
    for (const c of subject.node.findAll()) {
      if (!isApiObject(c)) continue;
      const r = resourceFromObject(c.toJson(), { file: (c as { chart?: { node?: { path?: string } } }).chart?.node?.path || '(chart)' });
      if (!('reason' in r)) resources.push(r);
    }
    return { resources, ...(checks?.profile ? { profile: checks.profile } : {}), ...(checks?.waivers ? { waivers: checks.waivers } : {}) };
  }
  const items = Array.isArray(subject) ? subject : [subject];
  const resources: Resource[] = [];
  items.forEach((item: unknown, i) => {
    if (isResource(item)) {
      resources.push(item);
      return;
    }
    const r = resourceFromObject(item, { file: '<objects>', pointer: `/${i}` });
    if ('reason' in r) {
      throw new TypeError(`aio-secure: item ${i} is neither a Kubernetes object nor an aio-secure Resource (${r.message}). Give a cdk8s App or Chart, YAML text, Kubernetes objects or Resources.`);
    }
    resources.push(r);
  });
  return { resources };
}

function isConstruct(x: unknown): x is CdkConstructLike {
  const node = (x as { node?: { tryFindChild?: unknown; findAll?: unknown } } | null)?.node;
  return typeof x === 'object' && x !== null && typeof node?.tryFindChild === 'function' && typeof node.findAll === 'function';
}

/** A cdk8s ApiObject, recognized by its shape (`apiVersion`, `kind`, `toJson()`). */
function isApiObject(x: unknown): x is { toJson(): unknown } {
  const o = x as { apiVersion?: unknown; kind?: unknown; toJson?: unknown };
  return typeof o.toJson === 'function' && typeof o.apiVersion === 'string' && typeof o.kind === 'string';
}

function isResource(x: unknown): x is Resource {
  return isJsonObject(x) && typeof x.id === 'string' && typeof x.kind === 'string' && typeof x.group === 'string' && typeof x.version === 'string' && isJsonObject(x.spec);
}

/** One finding as a matcher message lists it. */
export function describeFinding(f: Finding): string {
  const where = `${f.resource.kind} ${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name}`;
  const state = f.waived ? `waived ${f.severity}` : f.outcome === 'unknown' ? `${f.severity} (could not decide)` : f.severity;
  return `${state} ${f.rule} on ${where}${f.path ? ` at ${f.path}` : ''}: ${f.message}`;
}

function list(findings: readonly Finding[]): string {
  return findings.length ? findings.map((f) => `  - ${describeFinding(f)}`).join('\n') : '  (none)';
}

function targetRegExp(target: string): RegExp {
  return new RegExp(`^${target.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

function matchesResource(f: Finding, target: string): boolean {
  const re = targetRegExp(target);
  const names = [`${f.resource.kind}/${f.resource.name}`, f.resource.id, ...(f.resource.namespace ? [`${f.resource.namespace}/${f.resource.kind}/${f.resource.name}`] : [])];
  return names.some((n) => re.test(n));
}

/**
 * `expect(subject).toHaveNoFindings(options?)`: passes when no unwaived finding (or undecided
 * outcome) is at `options.severity` or more severe.
 */
export function toHaveNoFindings(this: MatcherContext | void, subject: unknown, options: NoFindingsOptions = {}): MatcherResult {
  const result = findingsOf(subject, options);
  const floor = SEVERITIES.indexOf(options.severity ?? 'info');
  const failing = result.findings.filter((f) => !f.waived && SEVERITIES.indexOf(f.severity) <= floor);
  const pass = failing.length === 0;
  const scope = options.severity && options.severity !== 'info' ? ` at ${options.severity} or above` : '';
  return {
    pass,
    message: () => pass
      ? `expected findings${scope} (profile ${result.summary.profile}), but there were none; ${result.summary.checked} resource(s) checked, ${result.summary.waived} waived finding(s):\n${list(result.findings.filter((f) => f.waived))}`
      : `expected no unwaived findings${scope} (profile ${result.summary.profile}), but got ${failing.length}:\n${list(failing)}`,
  };
}

/**
 * `expect(subject).toHaveFinding(rule, options?)`: passes when the rule reports at least one
 * finding that matches every option given.
 */
export function toHaveFinding(this: MatcherContext | void, subject: unknown, rule: string, options: HaveFindingOptions = {}): MatcherResult {
  const result = findingsOf(subject, options);
  const wanted = [
    `rule ${rule}`,
    ...(options.resource ? [`resource ${options.resource}`] : []),
    ...(options.messageId ? [`message id ${options.messageId}`] : []),
    ...(options.severity ? [`severity ${options.severity}`] : []),
    ...(options.path ? [`path ${options.path}`] : []),
    ...(options.waived !== undefined ? [options.waived ? 'waived' : 'not waived'] : []),
  ].join(', ');
  const matching = result.findings.filter((f) =>
    f.rule === rule &&
    f.outcome === 'finding' &&
    (options.resource === undefined || matchesResource(f, options.resource)) &&
    (options.messageId === undefined || f.messageId === options.messageId) &&
    (options.severity === undefined || f.severity === options.severity) &&
    (options.path === undefined || f.path === options.path) &&
    (options.waived === undefined || f.waived === options.waived));
  const pass = matching.length > 0;
  return {
    pass,
    message: () => pass
      ? `expected no finding with ${wanted} (profile ${result.summary.profile}), but got ${matching.length}:\n${list(matching)}`
      : `expected a finding with ${wanted} (profile ${result.summary.profile}), but got none. The findings were:\n${list(result.findings)}`,
  };
}

/** The matchers, for `expect.extend(aioSecureMatchers)`. */
export const aioSecureMatchers = { toHaveNoFindings, toHaveFinding };
