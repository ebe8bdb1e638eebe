import type { CheckResult } from '../rules/engine';
import { renderCsv } from './csv';
import type { ReportExtras } from './extras';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderJunit } from './junit';
import { renderMarkdown } from './markdown';
import { renderSarif } from './sarif';
import { renderText } from './text';
import type { InputSummary } from './verdict';

export * from './json';
export * from './text';
export * from './verdict';
export * from './extras';
export { renderSarif, RULE_DOCS_BASE_URI, SARIF_SOURCE_ROOT } from './sarif';
export { renderJunit } from './junit';
export { renderCsv, CSV_COLUMNS } from './csv';
export { renderMarkdown } from './markdown';
export { renderHtml } from './html';
export { findingStatus, type FindingStatus } from './tally';
export { analysesForReport, mqttAccessDiagram, zoneDiagram } from './diagrams';

/** The report formats, as `aio-secure check --format` names them. */
export const REPORT_FORMATS = ['text', 'json', 'sarif', 'junit', 'csv', 'markdown', 'html'] as const;

/** One of `REPORT_FORMATS`. */
export type ReportFormat = typeof REPORT_FORMATS[number];

/**
 * Renders one run in one format. Every format is drawn from the same `result` and `input`, so
 * their counts agree; `extras` adds what only some formats use (colour for text, diagrams and
 * attestations for HTML and Markdown, the time and tool version).
 */
export function renderReport(format: ReportFormat, result: CheckResult, input: InputSummary, extras: ReportExtras = {}): string {
  switch (format) {
    case 'text': return renderText(result, input, { color: extras.color ?? false });
    case 'json': return renderJson(result, input);
    case 'sarif': return renderSarif(result, input, extras);
    case 'junit': return renderJunit(result, input, extras);
    case 'csv': return renderCsv(result, input);
    case 'markdown': return renderMarkdown(result, input, extras);
    case 'html': return renderHtml(result, input, extras);
    default: {
      // A caller outside TypeScript may pass anything.
      const never: never = format;
      throw new Error(`Unknown report format "${String(never)}". Use one of: ${REPORT_FORMATS.join(', ')}.`);
    }
  }
}
