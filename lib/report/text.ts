import { findRule } from '../rules/registry';
import type { CheckResult, Finding } from '../rules/engine';
import type { InputSummary } from './json';

/** Options of the text report. */
export interface TextOptions {
  /**
   * Colour the output with ANSI escapes (the CLI does so only on a TTY).
   * @default false
   */
  readonly color?: boolean;
}

/** The human report: findings grouped by severity, each with its fix, then the summary. */
export function renderText(result: CheckResult, input: InputSummary, options: TextOptions = {}): string {
  const c = colours(options.color ?? false);
  const lines: string[] = [];
  for (const p of input.problems) lines.push(`${c.red('unreadable')} ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
  if (input.problems.length) lines.push('');

  for (const f of result.findings) {
    const label = f.waived ? c.dim(`waived ${f.severity}`) : f.severity === 'error' ? c.red('error') : f.severity === 'warning' ? c.yellow('warning') : c.cyan('info');
    lines.push(`${label} ${where(f)} ${c.bold(f.rule)} (${f.guidance.join(', ')})`);
    lines.push(`  ${f.message}`);
    if (f.waived && f.waiver) {
      lines.push(`  waived by ${f.waiver.owner} until ${f.waiver.expires}: ${f.waiver.reason}`);
    } else if (f.outcome === 'finding') {
      const rule = findRule(f.rule);
      if (rule) lines.push(`  fix: ${rule.remediation}`);
    }
  }
  if (result.findings.length) lines.push('');
  for (const p of result.waiverProblems) {
    lines.push(`${c.yellow('waiver not used')} rule ${p.waiver.rule ?? '?'}${p.resource ? ` on ${p.resource.kind}/${p.resource.name}` : ''}: ${p.problem}`);
  }
  for (const w of result.unusedWaivers) {
    lines.push(`${c.dim('unused waiver')} rule ${w.rule}${w.target ? ` target ${w.target}` : ''} (owner ${w.owner}, expires ${w.expires})`);
  }

  const s = result.summary;
  const verdict = s.passed ? c.green('PASS') : c.red('FAIL');
  lines.push(
    `${verdict} profile ${s.profile}: ${input.files} file(s), ${input.objects} object(s), ${s.checked} checked by ${s.rules} rules; ` +
      `${s.unwaived.error} error(s), ${s.unwaived.warning} warning(s), ${s.unwaived.info} info unwaived; ${s.waived} waived; ${s.unknown} undecided` +
      (input.problems.length ? `; ${input.problems.length} input problem(s)` : ''),
  );
  return `${lines.join('\n')}\n`;
}

function where(f: Finding): string {
  const name = `${f.resource.kind} ${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name}`;
  return f.source ? `${f.source.file}${f.source.line ? `:${f.source.line}` : ''} ${name}` : name;
}

function colours(on: boolean) {
  const wrap = (code: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { red: wrap('31'), yellow: wrap('33'), green: wrap('32'), cyan: wrap('36'), dim: wrap('2'), bold: wrap('1') };
}
