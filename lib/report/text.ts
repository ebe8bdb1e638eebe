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
    for (const p of input.problems) lines.push(`${c.red('unreadable')} ${safe(p.file)}${p.line ? `:${p.line}` : ''}: ${safe(p.message)}`);
    if (input.problems.length) lines.push('');
  }

  for (const f of result.findings) {
    const label = f.waived ? c.dim(`waived ${f.severity}`) : f.severity === 'error' ? c.red('error') : f.severity === 'warning' ? c.yellow('warning') : c.cyan('info');
    lines.push(`${label} ${where(f)} ${c.bold(safe(f.rule))} (${f.guidance.join(', ')})`);
    lines.push(`  ${safe(f.message)}`);
    if (f.waived && f.waiver) {
      lines.push(`  waived by ${safe(f.waiver.owner)} until ${safe(f.waiver.expires)}: ${safe(f.waiver.reason)}`);
    } else if (f.outcome === 'finding') {
      const rule = findRule(f.rule);
      if (rule) lines.push(`  fix: ${rule.remediation}`);
    }
  }
  if (result.findings.length) lines.push('');
  const notes = input.notes ?? [];
  for (const n of notes) lines.push(`${c.cyan('note')} ${safe(n.file)}${n.line ? `:${n.line}` : ''}: ${safe(n.message)}`);
  const skipped = input.skipped ?? [];
  for (const s of skipped) {
    lines.push(`${c.dim('skipped')} ${safe(s.file)}${s.line ? `:${s.line}` : ''}: ${s.count} document(s) ${SKIP_REASONS[s.reason]}`);
  }
  if (notes.length || skipped.length) lines.push('');
  for (const p of result.waiverProblems) {
    lines.push(`${c.yellow('waiver not used')} rule ${safe(String(p.waiver.rule ?? '?'))}${p.resource ? ` on ${safe(`${p.resource.kind}/${p.resource.name}`)}` : ''}: ${safe(p.problem)}`);
  }
  for (const w of result.unusedWaivers) {
    lines.push(`${c.dim('unused waiver')} rule ${safe(w.rule)}${w.target ? ` target ${safe(w.target)}` : ''} (owner ${safe(w.owner)}, expires ${safe(w.expires)})`);
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
  return safe(f.source ? `${f.source.file}${f.source.line ? `:${f.source.line}` : ''} ${name}` : name);
}

/**
 * Input text as one line of terminal-safe text: line breaks and other control characters
 * (including ESC, which would start a terminal escape sequence) become `\u{..}`, so a hostile name
 * can neither forge report lines nor drive the terminal.
 */
function safe(text: string): string {
  return text.replace(/[\u0000-\u001F\u007F-\u009F]/g, (ch) => `\\u{${ch.charCodeAt(0).toString(16)}}`);
}

function colours(on: boolean) {
  const wrap = (code: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { red: wrap('31'), yellow: wrap('33'), green: wrap('32'), cyan: wrap('36'), dim: wrap('2'), bold: wrap('1') };
}
