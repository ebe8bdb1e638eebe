import { renderReport, REPORT_FORMATS, type ReportFormat } from '../../lib/report';
import { renderText } from '../../lib/report/text';
import type { CheckResult } from '../../lib/rules/engine';
import type { Severity } from '../../lib/rules/types';
import { hostileRun } from './fixture';
import { parseCsv } from './csv-parse';

// GIVEN one run, WHEN it is rendered in every format, THEN each format, read back the way a
// consumer would read it, gives the same counts: findings, waived, undecided, per severity and
// per rule (JUnit cannot say the severity of a skipped case; it is compared on what it can say).

interface Counts {
  findings: number;
  waived: number;
  unknown: number;
  /** Findings per severity, waived ones included. */
  severity?: Record<Severity, number>;
  /** Unwaived findings per severity. */
  unwaived?: Record<Severity, number>;
  rules: Record<string, number>;
}

function expected(result: CheckResult): Required<Counts> {
  const rules: Record<string, number> = {};
  for (const f of result.findings) rules[f.rule] = (rules[f.rule] ?? 0) + 1;
  const s = result.summary;
  return { findings: result.findings.length, waived: s.waived, unknown: s.unknown, severity: { ...s.total }, unwaived: { ...s.unwaived }, rules };
}

const zero = () => ({ error: 0, warning: 0, info: 0 });

const READERS: Record<ReportFormat, (out: string) => Counts> = {
  text(out) {
    const rules: Record<string, number> = {};
    let findings = 0;
    const verdict = out.trimEnd().split('\n').at(-1)!;
    for (const line of out.split('\n')) {
      const m = /^(?:waived )?(error|warning|info) .* ([a-z0-9-]+) \([A-Z]{2}-\d(?:, [A-Z]{2}-\d)*\)$/.exec(line);
      if (!m) continue;
      findings++;
      rules[m[2]] = (rules[m[2]] ?? 0) + 1;
    }
    const v = /(\d+) error\(s\), (\d+) warning\(s\), (\d+) info unwaived; (\d+) waived; (\d+) undecided/.exec(verdict)!;
    return { findings, waived: +v[4], unknown: +v[5], unwaived: { error: +v[1], warning: +v[2], info: +v[3] }, rules };
  },
  json(out) {
    const report = JSON.parse(out);
    const severity = zero();
    const unwaived = zero();
    const rules: Record<string, number> = {};
    for (const f of report.findings) {
      severity[f.severity as Severity]++;
      if (!f.waived) unwaived[f.severity as Severity]++;
      rules[f.rule] = (rules[f.rule] ?? 0) + 1;
    }
    return { findings: report.findings.length, waived: report.findings.filter((f: any) => f.waived).length, unknown: report.findings.filter((f: any) => f.outcome === 'unknown').length, severity, unwaived, rules };
  },
  sarif(out) {
    const results = JSON.parse(out).runs[0].results;
    const severity = zero();
    const unwaived = zero();
    const rules: Record<string, number> = {};
    for (const r of results) {
      severity[r.properties.severity as Severity]++;
      if (!r.suppressions?.some((s: any) => s.status === 'accepted')) unwaived[r.properties.severity as Severity]++;
      rules[r.ruleId] = (rules[r.ruleId] ?? 0) + 1;
    }
    return {
      findings: results.length,
      waived: results.filter((r: any) => r.suppressions?.some((s: any) => s.status === 'accepted')).length,
      unknown: results.filter((r: any) => r.kind === 'open').length,
      severity,
      unwaived,
      rules,
    };
  },
  junit(out) {
    const rules: Record<string, number> = {};
    let findings = 0;
    let waived = 0;
    let unknown = 0;
    const unwaived = zero();
    // Cases of rule suites; the `inputs` suite holds input problems, not findings.
    for (const m of out.matchAll(/<testcase name="[^"]*" classname="([^"]+)"[^>]*?(\/>|>\n\s*<(failure|skipped|error)(?: type="([a-z]+)")?)/g)) {
      const [, rule, , body, type] = m;
      if (rule === 'inputs' || !body) continue;
      findings++;
      rules[rule] = (rules[rule] ?? 0) + 1;
      if (body === 'skipped') waived++;
      else unwaived[type as Severity]++;
      if (body === 'error') unknown++;
    }
    return { findings, waived, unknown, unwaived, rules };
  },
  csv(out) {
    const [header, ...rows] = parseCsv(out);
    const col = (name: string) => header.indexOf(name);
    const severity = zero();
    const unwaived = zero();
    const rules: Record<string, number> = {};
    for (const r of rows) {
      severity[r[col('severity')] as Severity]++;
      if (r[col('status')] !== 'waived') unwaived[r[col('severity')] as Severity]++;
      rules[r[col('rule')]] = (rules[r[col('rule')]] ?? 0) + 1;
    }
    return {
      findings: rows.length,
      waived: rows.filter((r) => r[col('status')] === 'waived').length,
      unknown: rows.filter((r) => r[col('outcome')] === 'unknown').length,
      severity,
      unwaived,
      rules,
    };
  },
  markdown(out) {
    const row = (label: string) => {
      const cells = new RegExp(`^\\| ${label} \\| (\\d+) \\| (\\d+) \\| (\\d+) \\| (\\d+) \\|$`, 'm').exec(out)!;
      return { error: +cells[1], warning: +cells[2], info: +cells[3], total: +cells[4] };
    };
    const all = row('all');
    const rules: Record<string, number> = {};
    const byRule = out.slice(out.indexOf('### Findings by rule'), out.indexOf('## Findings by guidance section'));
    for (const m of byRule.matchAll(/^\| ([a-z0-9\\-]+) \| [^|]* \| (\d+) \| \d+ \| \d+ \|$/gm)) rules[m[1].replace(/\\/g, '')] = +m[2];
    const { total: _t, ...severity } = all;
    const { total: _u, ...unwaived } = row('unwaived');
    return { findings: all.total, waived: row('waived').total, unknown: row('undecided').total, severity, unwaived, rules };
  },
  html(out) {
    const count = (key: string) => +new RegExp(`data-count="${key}">(\\d+)<`).exec(out)![1];
    const rules: Record<string, number> = {};
    for (const m of out.matchAll(/<tr data-rule="([^"]+)">.*?<td data-count="findings">(\d+)<\/td>/g)) rules[m[1]] = +m[2];
    const bySeverity = (key: string) => ({ error: count(`${key}-error`), warning: count(`${key}-warning`), info: count(`${key}-info`) });
    return { findings: count('total'), waived: count('waived'), unknown: count('unknown'), severity: bySeverity('total'), unwaived: bySeverity('unwaived'), rules };
  },
};

describe.each(['development', 'production'] as const)('the %s profile', (profile) => {
  const { result, input, extras } = hostileRun(profile);
  const want = expected(result);

  test('the fixture has findings of each kind', () => {
    expect(want.waived).toBeGreaterThan(0);
    expect(want.unknown).toBeGreaterThan(0);
    expect(Object.keys(want.rules).length).toBeGreaterThan(5);
  });

  test.each(REPORT_FORMATS.map((f) => [f]))('%s agrees with the engine', (format) => {
    const got = READERS[format](renderReport(format, result, input, extras));
    const comparable: Partial<Counts> = { ...want };
    if (!got.severity) delete comparable.severity;
    if (!got.unwaived) delete comparable.unwaived;
    expect(got).toEqual(comparable);
  });
});

describe('renderReport', () => {
  const { result, input, extras } = hostileRun();

  test('text is coloured only when asked', () => {
    expect(renderReport('text', result, input, { color: true })).toContain('\u001b[31m');
    expect(renderReport('text', result, input)).not.toContain('\u001b[');
    expect(renderReport('text', result, input)).toBe(renderText(result, input));
  });

  test('an unknown format is refused with the known ones', () => {
    expect(() => renderReport('yaml' as ReportFormat, result, input, extras)).toThrow('Unknown report format "yaml". Use one of: text, json, sarif, junit, csv, markdown, html.');
  });

  test('the formats are the ones the CLI names', () => {
    expect(REPORT_FORMATS).toEqual(['text', 'json', 'sarif', 'junit', 'csv', 'markdown', 'html']);
  });
});
