import { SKIP_REASONS } from '../inputs/kubernetes-reader';
import { CATALOGUE, type GuidanceSection } from '../guidance/catalogue';
import type { CheckResult, Finding } from '../rules/engine';
import { SEVERITIES } from '../rules/types';
import { escapeMarkdown as md } from './escape';
import type { ReportExtras } from './extras';
import { findingStatus, resourceLabel, sourceLabel, tallyByRule, tallyBySeverity } from './tally';
import { skippedCount, verdictOf, type InputSummary } from './verdict';

/** The guidance sections in the catalogue's order. */
export function guidanceSections(): GuidanceSection[] {
  return [...new Set(CATALOGUE.map((e) => e.section))];
}

/**
 * The Markdown report, for pull requests and security reviews: the verdict, a summary table (per
 * severity: all, unwaived, waived, undecided) and the findings per rule; then the findings grouped
 * by guidance section and recommendation ID (a finding that serves several IDs is listed under
 * each); then waived findings, unused waivers, waivers that could not be used, input problems,
 * notes and skipped documents, and attested controls when given. Every value from the input is
 * escaped, so a name with `|` or `<script>` stays text.
 */
export function renderMarkdown(result: CheckResult, input: InputSummary, extras: ReportExtras = {}): string {
  const s = result.summary;
  const verdict = verdictOf(result, input);
  const out: string[] = ['# aio-secure report', ''];
  const meta = [`profile ${s.profile}`, `generated ${(extras.now ?? new Date()).toISOString()}`, ...(extras.toolVersion ? [`aio-secure ${md(extras.toolVersion)}`] : [])];
  out.push(`**${verdict.toUpperCase()}** · ${meta.join(' · ')}`, '');
  if (verdict === 'unusable') out.push(`${input.problems.length} input problem(s): the input was not fully checked.`, '');

  out.push('## Summary', '');
  const bySeverity = tallyBySeverity(result.findings);
  out.push('| Findings | error | warning | info | total |', '|---|---:|---:|---:|---:|');
  const row = (label: string, counts: Record<string, number>) =>
    out.push(`| ${label} | ${SEVERITIES.map((sev) => counts[sev]).join(' | ')} | ${SEVERITIES.reduce((n, sev) => n + counts[sev], 0)} |`);
  row('all', bySeverity.total);
  row('unwaived', bySeverity.unwaived);
  row('waived', bySeverity.waived);
  row('undecided', bySeverity.unknown);
  out.push('');
  out.push(
    `${input.files} file(s), ${input.objects} object(s), ${s.checked} checked by ${s.rules} rules; ` +
      `${skippedCount(input)} document(s) skipped; ${input.problems.length} input problem(s); ` +
      `${s.unusedWaivers} unused waiver(s); ${s.waiverProblems} waiver(s) that could not be used.`,
    '',
  );

  const byRule = tallyByRule(result.findings);
  if (byRule.length) {
    out.push('### Findings by rule', '', '| Rule | Guidance | Findings | Waived | Undecided |', '|---|---|---:|---:|---:|');
    for (const t of byRule) {
      const guidance = result.findings.find((f) => f.rule === t.rule)!.guidance;
      out.push(`| ${md(t.rule)} | ${guidance.join(', ')} | ${t.findings} | ${t.waived} | ${t.unknown} |`);
    }
    out.push('');
  }

  out.push('## Findings by guidance section', '');
  for (const section of guidanceSections()) {
    out.push(`### ${section}`, '');
    let any = false;
    for (const entry of CATALOGUE.filter((e) => e.section === section)) {
      const findings = result.findings.filter((f) => f.guidance.includes(entry.id));
      if (!findings.length) continue;
      any = true;
      out.push(`#### ${entry.id} ${md(entry.title)}`, '', findingsTable(findings), '');
    }
    if (!any) out.push('No findings.', '');
  }

  const waived = result.findings.filter((f) => f.waiver);
  if (waived.length) {
    out.push('## Waivers', '', '| Status | Rule | Resource | Reason | Owner | Expires |', '|---|---|---|---|---|---|');
    for (const f of waived) {
      out.push(`| ${f.waived ? 'waived' : 'expired'} | ${md(f.rule)} | ${md(resourceLabel(f))} | ${md(f.waiver!.reason)} | ${md(f.waiver!.owner)} | ${md(f.waiver!.expires)} |`);
    }
    out.push('');
  }
  if (result.unusedWaivers.length) {
    out.push('## Unused waivers', '', 'These waivers matched no finding: remove them, or check their target.', '', '| Rule | Target | Reason | Owner | Expires |', '|---|---|---|---|---|');
    for (const w of result.unusedWaivers) {
      out.push(`| ${md(w.rule)} | ${md(w.target ?? '(its resource)')} | ${md(w.reason)} | ${md(w.owner)} | ${md(w.expires)} |`);
    }
    out.push('');
  }
  if (result.waiverProblems.length) {
    out.push('## Waivers that could not be used', '', '| Rule | Resource | Problem |', '|---|---|---|');
    for (const p of result.waiverProblems) {
      out.push(`| ${md(String(p.waiver.rule ?? ''))} | ${p.resource ? md(`${p.resource.kind}/${p.resource.name}`) : ''} | ${md(p.problem)} |`);
    }
    out.push('');
  }
  if (input.problems.length) {
    out.push('## Input problems', '', 'These inputs could not be read and were not checked.', '', '| File | Line | Problem |', '|---|---:|---|');
    for (const p of input.problems) out.push(`| ${md(p.file)} | ${p.line ?? ''} | ${md(p.message)} |`);
    out.push('');
  }
  const notes = input.notes ?? [];
  if (notes.length) {
    out.push('## Notes', '', '| File | Line | Note |', '|---|---:|---|');
    for (const n of notes) out.push(`| ${md(n.file)} | ${n.line ?? ''} | ${md(n.message)} |`);
    out.push('');
  }
  const skipped = input.skipped ?? [];
  if (skipped.length) {
    out.push('## Skipped documents', '', '| File | Line | Documents | Why |', '|---|---:|---:|---|');
    for (const k of skipped) out.push(`| ${md(k.file)} | ${k.line ?? ''} | ${k.count} | ${md(SKIP_REASONS[k.reason])} |`);
    out.push('');
  }
  const attestations = extras.attestations ?? [];
  if (attestations.length) {
    out.push('## Attested controls', '', '| Guidance | Control | Status | Attested by | Date | Expires | Evidence |', '|---|---|---|---|---|---|---|');
    for (const a of attestations) {
      out.push(`| ${md(a.guidance)} | ${md(a.title)} | ${a.status} | ${md(a.attestedBy ?? '')} | ${md(a.attestedOn ?? '')} | ${md(a.expires ?? '')} | ${md(a.evidence ?? '')} |`);
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function findingsTable(findings: readonly Finding[]): string {
  const rows = ['| Status | Severity | Rule | Resource | Source | Message |', '|---|---|---|---|---|---|'];
  for (const f of findings) {
    const where = sourceLabel(f);
    rows.push(`| ${findingStatus(f)} | ${f.severity} | ${md(f.rule)} | ${md(resourceLabel(f))}${f.path ? ` ${md(f.path)}` : ''} | ${where ? md(where) : ''} | ${md(f.message)} |`);
  }
  return rows.join('\n');
}
