import { findRule } from '../rules/registry';
import type { CheckResult, Finding } from '../rules/engine';
import { escapeXml } from './escape';
import type { ReportExtras } from './extras';
import { findingStatus, reportedRules, resourceLabel, sourceLabel } from './tally';
import type { InputSummary } from './verdict';

/**
 * The JUnit XML report, for CI systems that show test results. One `testsuite` per rule that ran
 * in the profile; in it one `testcase` per finding, named after the resource (and the field, when
 * the rule names one): a `failure` for a finding, `skipped` with the
 * waiver's reason for a waived one, an `error` for a finding the rule could not decide (the `type` of a failure or error is the severity). A rule
 * without findings has one passing test case, `no findings`. Input problems are `error` test
 * cases of a last suite, `inputs`. The exit code of `aio-secure check`, not the failure count,
 * is the gate: warnings are failures here too.
 */
export function renderJunit(result: CheckResult, input: InputSummary, extras: ReportExtras = {}): string {
  const byRule = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const list = byRule.get(f.rule);
    if (list) list.push(f);
    else byRule.set(f.rule, [f]);
  }

  const suites: Suite[] = reportedRules(result).map((rule) => {
    const findings = byRule.get(rule.name) ?? [];
    const cases = findings.length
      ? findings.map((f) => findingCase(f))
      : [{ name: 'no findings', classname: rule.name, body: '' }];
    return {
      name: rule.name,
      properties: { guidance: rule.guidance.join(' '), severity: rule.severity[result.summary.profile] },
      cases,
      failures: findings.filter((f) => !f.waived && f.outcome === 'finding').length,
      errors: findings.filter((f) => f.outcome === 'unknown').length,
      skipped: findings.filter((f) => f.waived).length,
    };
  });
  if (input.problems.length) {
    suites.push({
      name: 'inputs',
      properties: {},
      cases: input.problems.map((p) => ({
        name: `${p.file}${p.line ? `:${p.line}` : ''}`,
        classname: 'inputs',
        file: p.file,
        body: element('error', { type: 'unreadable-input', message: p.message }, `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}\nThe file was not checked.`),
      })),
      failures: 0,
      errors: input.problems.length,
      skipped: 0,
    });
  }

  const timestamp = (extras.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, '');
  const total = (k: 'failures' | 'errors' | 'skipped') => suites.reduce((n, s) => n + s[k], 0);
  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="aio-secure" tests="${tests}" failures="${total('failures')}" errors="${total('errors')}" skipped="${total('skipped')}" time="0">`,
  ];
  suites.forEach((s, id) => {
    lines.push(`  <testsuite name="${escapeXml(s.name)}" id="${id}" tests="${s.cases.length}" failures="${s.failures}" errors="${s.errors}" skipped="${s.skipped}" time="0" timestamp="${timestamp}" hostname="aio-secure">`);
    const props = Object.entries(s.properties);
    if (props.length) {
      lines.push('    <properties>');
      for (const [name, value] of props) lines.push(`      <property name="${escapeXml(name)}" value="${escapeXml(value)}"/>`);
      lines.push('    </properties>');
    }
    for (const c of s.cases) {
      const attrs = `name="${escapeXml(c.name)}" classname="${escapeXml(c.classname)}"${c.file ? ` file="${escapeXml(c.file)}"` : ''}${c.line ? ` line="${c.line}"` : ''} time="0"`;
      lines.push(c.body ? `    <testcase ${attrs}>\n      ${c.body}\n    </testcase>` : `    <testcase ${attrs}/>`);
    }
    lines.push('  </testsuite>');
  });
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

interface Case {
  readonly name: string;
  readonly classname: string;
  readonly file?: string;
  readonly line?: number;
  /** The `failure`, `skipped` or `error` element, or empty for a pass. */
  readonly body: string;
}

interface Suite {
  readonly name: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly cases: Case[];
  readonly failures: number;
  readonly errors: number;
  readonly skipped: number;
}

function findingCase(f: Finding): Case {
  const where = sourceLabel(f);
  const details = [
    f.message,
    `resource: ${resourceLabel(f)} (${f.resource.apiVersion}, id ${f.resource.id})`,
    ...(where ? [`source: ${where}`] : []),
    ...(f.path ? [`field: ${f.path}`] : []),
    `guidance: ${f.guidance.join(', ')}`,
  ];
  const status = findingStatus(f);
  let body: string;
  if (status === 'waived') {
    body = element('skipped', { message: `waived by ${f.waiver!.owner} until ${f.waiver!.expires}: ${f.waiver!.reason}` });
  } else if (status === 'unknown') {
    body = element('error', { type: f.severity, message: f.message }, [...details, 'The rule could not decide; an undecided check is never a pass.'].join('\n'));
  } else {
    const fix = findRule(f.rule)?.remediation;
    body = element('failure', { type: f.severity, message: f.message }, [
      ...details,
      ...(status === 'expired' ? [`waiver expired on ${f.waiver!.expires} (owner ${f.waiver!.owner}): ${f.waiver!.reason}`] : []),
      ...(fix ? [`fix: ${fix}`] : []),
    ].join('\n'));
  }
  return {
    name: `${resourceLabel(f)}${f.path ? ` ${f.path}` : ''}`,
    classname: f.rule,
    ...(f.source ? { file: f.source.file, ...(f.source.line ? { line: f.source.line } : {}) } : {}),
    body,
  };
}

function element(name: string, attrs: Readonly<Record<string, string>>, text?: string): string {
  const a = Object.entries(attrs).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
  return text === undefined ? `<${name}${a}/>` : `<${name}${a}>${escapeXml(text)}</${name}>`;
}
