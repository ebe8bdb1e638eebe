/**
 * The reports `aio-secure check` writes: `--format <name>` to standard output or
 * `--format <name>=<file>` to a file, repeatable, e.g.
 * `--format text --format sarif=report.sarif --format html=report.html`.
 * At most one format goes to standard output; each file gets one format.
 */
import { resolve } from 'node:path';
import { renderReport, REPORT_FORMATS, type ReportExtras, type ReportFormat } from '../report';
import { renderText } from '../report/text';
import type { InputSummary } from '../report/verdict';
import type { CheckResult } from '../rules/engine';

/** The formats `--format` accepts, in the order usage lists them. */
export const OUTPUT_FORMATS: readonly string[] = REPORT_FORMATS;

/** One `--format` value: a format and, optionally, the file it goes to. */
export interface OutputSpec {
  readonly format: string;
  /** The file, or undefined for standard output. */
  readonly file?: string;
}

/**
 * Parses the `--format` values (default: text to standard output). Returns the specs, or a usage
 * problem in words.
 */
export function parseOutputSpecs(values: readonly string[] | undefined, formats: readonly string[] = OUTPUT_FORMATS): OutputSpec[] | string {
  const given = values?.length ? values : ['text'];
  const specs: OutputSpec[] = [];
  for (const value of given) {
    const eq = value.indexOf('=');
    const format = (eq < 0 ? value : value.slice(0, eq)).trim();
    const file = eq < 0 ? undefined : value.slice(eq + 1);
    if (!formats.includes(format)) return `--format "${format}" is not supported. Use one of ${formats.join(', ')}, optionally with =<file>.`;
    if (file !== undefined && file.trim() === '') return `--format ${format}= names no file. Give ${format}=<file>, or ${format} alone for standard output.`;
    specs.push({ format, ...(file !== undefined ? { file } : {}) });
  }
  const toStdout = specs.filter((s) => s.file === undefined);
  if (toStdout.length > 1) {
    return `only one --format can go to standard output (got ${toStdout.map((s) => s.format).join(' and ')}). Give the others a file: --format ${toStdout[1].format}=<file>.`;
  }
  // Compared as absolute paths: `r.html` and `./r.html` are one file.
  const files = new Map<string, { format: string; file: string }>();
  for (const s of specs) {
    if (s.file === undefined) continue;
    const before = files.get(resolve(s.file));
    if (before) return `--format ${before.format}=${before.file} and --format ${s.format}=${s.file} write the same file. Give each format its own file.`;
    files.set(resolve(s.file), { format: s.format, file: s.file });
  }
  return specs;
}

/**
 * Renders one report. Text has colour only on standard output of a terminal (`extras.color`),
 * never in a file; on standard output the input problems go to standard error instead of the top
 * of the report (as before reports could go to files), in a file they head the report.
 */
export function renderOutput(spec: OutputSpec, result: CheckResult, input: InputSummary, extras: ReportExtras): string {
  if (spec.format === 'text' && spec.file === undefined) return renderText(result, input, { color: extras.color ?? false, listProblems: false });
  return renderReport(spec.format as ReportFormat, result, input, { ...extras, color: false });
}
