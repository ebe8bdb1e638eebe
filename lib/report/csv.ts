import type { CheckResult } from '../rules/engine';
import { csvField } from './escape';
import { findingStatus } from './tally';
import type { InputSummary } from './verdict';

/** The CSV report's columns, in order (the header row). */
export const CSV_COLUMNS = [
  'rule', 'guidance', 'severity', 'outcome', 'status', 'kind', 'namespace', 'name', 'apiVersion', 'id',
  'file', 'line', 'path', 'message', 'waiverReason', 'waiverOwner', 'waiverExpires',
] as const;

/**
 * The CSV report (RFC 4180, CRLF line ends): a header, then one row per finding, waived ones
 * included. `status` is `open`, `waived`, `unknown` (the rule could not decide) or `expired` (the
 * waiver expired; the finding counts as open); the waiver columns are filled for waived and
 * expired ones. Guidance IDs are separated by spaces. Cells a spreadsheet would read as a
 * formula are prefixed with `'`. Input problems are not findings and are not rows: the JSON,
 * SARIF and text reports carry them.
 */
export function renderCsv(result: CheckResult, _input: InputSummary): string {
  const rows: string[] = [CSV_COLUMNS.join(',')];
  for (const f of result.findings) {
    const cells: Record<typeof CSV_COLUMNS[number], string | number | undefined> = {
      rule: f.rule,
      guidance: f.guidance.join(' '),
      severity: f.severity,
      outcome: f.outcome,
      status: findingStatus(f),
      kind: f.resource.kind,
      namespace: f.resource.namespace,
      name: f.resource.name,
      apiVersion: f.resource.apiVersion,
      id: f.resource.id,
      file: f.source?.file,
      line: f.source?.line,
      path: f.path,
      message: f.message,
      waiverReason: f.waiver?.reason,
      waiverOwner: f.waiver?.owner,
      waiverExpires: f.waiver?.expires,
    };
    rows.push(CSV_COLUMNS.map((c) => csvField(cells[c])).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}
