import { SKIP_REASONS } from '../inputs/kubernetes-reader';
import { findRule } from '../rules/registry';
import type { CheckResult, Finding } from '../rules/engine';
import { skippedCount, verdictOf, type InputSummary } from './verdict';

/** Options of the text report. */
export interface TextOptions {
  /**
   * Colour the output with ANSI escapes (the CLI does so only on a TTY).
   * @default false
   */
  readonly color?: boolean;
  /**
   * List the input problems at the top. The CLI prints them on standard error instead; the
   * verdict line counts them either way.
   * @default true
   */
  readonly listProblems?: boolean;
}

/**
 * The human report: input problems, findings with their fix, notes, skipped documents and waiver
 * bookkeeping, then one verdict line: `PASS`, `FAIL`, or `UNUSABLE` when some input could not be
 * read (the findings on the rest are still listed).
 */
export function renderText(result: CheckResult, input: InputSummary, options: TextOptions = {}): string {
  const c = colours(options.color ?? false);
  const lines: string[] = [];
  if (options.listProblems ?? true) {
    for (const p of input.problems) lines.push(`${c.red('unreadable')} ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
    if (input.problems.length) lines.push('');
  }

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
  const notes = input.notes ?? [];
  for (const n of notes) lines.push(`${c.cyan('note')} ${n.file}${n.line ? `:${n.line}` : ''}: ${n.message}`);
  const skipped = input.skipped ?? [];
  for (const s of skipped) {
    lines.push(`${c.dim('skipped')} ${s.file}${s.line ? `:${s.line}` : ''}: ${s.count} document(s) ${SKIP_REASONS[s.reason]}`);
  }
  if (notes.length || skipped.length) lines.push('');
  for (const p of result.waiverProblems) {
    lines.push(`${c.yellow('waiver not used')} rule ${p.waiver.rule ?? '?'}${p.resource ? ` on ${p.resource.kind}/${p.resource.name}` : ''}: ${p.problem}`);
  }
  for (const w of result.unusedWaivers) {
    lines.push(`${c.dim('unused waiver')} rule ${w.rule}${w.target ? ` target ${w.target}` : ''} (owner ${w.owner}, expires ${w.expires})`);
  }

  const s = result.summary;
  const verdict = verdictOf(result, input);
  const label = verdict === 'pass' ? c.green('PASS') : verdict === 'fail' ? c.red('FAIL') : c.red('UNUSABLE');
  const skippedTotal = skippedCount(input);
  lines.push(
    `${label} profile ${s.profile}: ` +
      (verdict === 'unusable' ? `${input.problems.length} input problem(s), so the input was not fully checked; ` : '') +
      `${input.files} file(s), ${input.objects} object(s), ${s.checked} checked by ${s.rules} rules; ` +
      `${s.unwaived.error} error(s), ${s.unwaived.warning} warning(s), ${s.unwaived.info} info unwaived; ${s.waived} waived; ${s.unknown} undecided` +
      (skippedTotal ? `; ${skippedTotal} document(s) skipped` : ''),
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
