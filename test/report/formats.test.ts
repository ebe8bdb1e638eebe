import * as fc from 'fast-check';
import { CATALOGUE } from '../../lib/guidance/catalogue';
import { CSV_COLUMNS, renderCsv } from '../../lib/report/csv';
import { csvField, escapeHtml, escapeMarkdown, escapeXml } from '../../lib/report/escape';
import { renderJunit } from '../../lib/report/junit';
import { renderMarkdown } from '../../lib/report/markdown';
import { renderText } from '../../lib/report/text';
import { FORMULA_NAME, hostileRun, HOSTILE_NAME, REASON } from './fixture';
import { parseCsv } from './csv-parse';

const run = hostileRun();
const { result, input, extras } = run;

describe('JUnit XML', () => {
  const xml = renderJunit(result, input, extras);
  const cases = [...xml.matchAll(/<testcase name="([^"]*)" classname="([^"]*)"([^>]*?)(\/>|>\n\s*(<[^\n]*))/g)].map((m) => ({ name: m[1], rule: m[2], attrs: m[3], body: m[5] ?? '' }));

  test('the root counts add up the suites, and the suites add up their cases', () => {
    const root = /<testsuites name="aio-secure" tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)"/.exec(xml)!;
    expect(+root[1]).toBe(cases.length);
    expect(+root[2]).toBe(cases.filter((c) => c.body.startsWith('<failure')).length);
    expect(+root[3]).toBe(cases.filter((c) => c.body.startsWith('<error')).length);
    expect(+root[4]).toBe(cases.filter((c) => c.body.startsWith('<skipped')).length);
    // Failures: unwaived, decided findings. Errors: undecided ones and input problems.
    expect(+root[2]).toBe(result.findings.filter((f) => !f.waived && f.outcome === 'finding').length);
    expect(+root[3]).toBe(result.summary.unknown + input.problems.length);
    expect(+root[4]).toBe(result.summary.waived);
    for (const suite of xml.split('<testsuite ').slice(1)) {
      const head = /^name="([^"]*)" id="\d+" tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)"/.exec(suite)!;
      expect(+head[2]).toBe((suite.match(/<testcase /g) ?? []).length);
      expect(+head[3]).toBe((suite.match(/<failure /g) ?? []).length);
      expect(+head[4]).toBe((suite.match(/<error /g) ?? []).length);
      expect(+head[5]).toBe((suite.match(/<skipped /g) ?? []).length);
    }
  });

  test('one suite per rule that runs, with its catalogue IDs; rules without findings have one passing case', () => {
    expect(xml).toContain('<testsuite name="listener-requires-tls" id="0"');
    expect(xml).toMatch(/<testsuite name="listener-requires-tls"[^\n]*>\n {4}<properties>\n {6}<property name="guidance" value="CN-1"\/>\n {6}<property name="severity" value="error"\/>/);
    // listener-customer-ca is off in development: no suite.
    expect(xml).not.toContain('name="listener-customer-ca"');
    const passing = cases.filter((c) => c.body === '');
    expect(passing.length).toBeGreaterThan(0);
    for (const c of passing) expect(c.name).toBe('no findings');
  });

  test('a case per rule and resource: failure for a finding, skipped with the reason when waived, error when undecided', () => {
    const tls = cases.filter((c) => c.rule === 'listener-requires-tls');
    expect(tls.map((c) => [c.name, c.body.slice(1, c.body.indexOf(' '))])).toEqual([
      [`BrokerListener azure-iot-operations/${escapeXml(HOSTILE_NAME)} /spec/ports/0`, 'failure'],
      ['BrokerListener azure-iot-operations/waived-one /spec/ports/0', 'skipped'],
      ['BrokerListener azure-iot-operations/expired-one /spec/ports/0', 'failure'],
      ['BrokerListener azure-iot-operations/from-arm', 'error'],
    ]);
    expect(tls[1].body).toBe(`<skipped message="${escapeXml(`waived by ot-team | plant A until 2025-12-31: ${REASON}`)}"/>`);
    expect(tls[0].attrs).toBe(' file="manifests dir/site #1.yaml" line="1" time="0"');
    expect(xml).toContain('waiver expired on 2025-01-31 (owner ot-team): Commissioning window');
  });

  test('input problems are errors of the inputs suite', () => {
    expect(cases.filter((c) => c.rule === 'inputs')).toEqual([
      { name: 'broken/&lt;bad&gt;.yaml:4', rule: 'inputs', attrs: ' file="broken/&lt;bad&gt;.yaml" time="0"', body: expect.stringMatching(/^<error type="unreadable-input" message="invalid YAML: bad indentation of a mapping entry \| &quot;quoted&quot;">/) },
    ]);
  });

  test('hostile text is escaped: no raw markup, no control characters', () => {
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;|a&amp;b');
    // The namespace "line\nbreak" stays inside its attribute as a literal escape is not needed:
    // a line break in an attribute is legal XML (normalised to a space by parsers).
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });
});

describe('CSV', () => {
  const csv = renderCsv(result, input);
  const [header, ...rows] = parseCsv(csv);
  const col = (name: typeof CSV_COLUMNS[number]) => header.indexOf(name);

  test('a header, then one row per finding (waived ones included), every row as wide as the header', () => {
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(result.findings.length);
    for (const r of rows) expect(r).toHaveLength(CSV_COLUMNS.length);
    expect(csv.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
  });

  test('values survive the round trip, quotes and line breaks included', () => {
    const waived = rows.find((r) => r[col('status')] === 'waived')!;
    expect(waived[col('waiverReason')]).toBe(REASON);
    expect(waived[col('waiverOwner')]).toBe('ot-team | plant A');
    expect(waived[col('file')]).toBe('manifests dir/site #1.yaml');
    const cert = rows.find((r) => r[col('kind')] === 'Certificate')!;
    expect(cert[col('namespace')]).toBe('line\nbreak');
    expect(rows.find((r) => r[col('name')] === HOSTILE_NAME)).toBeDefined();
  });

  test('a cell that a spreadsheet would run as a formula is prefixed with a quote', () => {
    const cert = rows.find((r) => r[col('kind')] === 'Certificate')!;
    expect(cert[col('name')]).toBe(`'${FORMULA_NAME}`);
    expect(csv).not.toMatch(/(^|,|\r\n)"?[=+\-@]/);
  });

  test('statuses: open, waived, expired, unknown', () => {
    expect(new Set(rows.map((r) => r[col('status')]))).toEqual(new Set(['open', 'waived', 'expired', 'unknown']));
    const expired = rows.find((r) => r[col('status')] === 'expired')!;
    expect(expired[col('waiverExpires')]).toBe('2025-01-31');
  });

  test('property: any field reads back as written (formula starts gain one quote)', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 5 }), (fields) => {
      const line = `${fields.map((f) => csvField(f)).join(',')}\r\n`;
      const back = parseCsv(line);
      expect(back).toEqual([fields.map((f) => (/^[=+\-@\t\r]/.test(f) ? `'${f}` : f))]);
    }), { numRuns: 100 });
  });
});

describe('Markdown', () => {
  const md = renderMarkdown(result, input, extras);

  test('verdict, summary table, findings by rule', () => {
    expect(md.startsWith('# aio-secure report\n\n**UNUSABLE** · profile development · generated 2025-06-01T12:00:00.000Z · aio-secure 0.0.0\n')).toBe(true);
    expect(md).toContain(`| all | ${result.summary.total.error} | ${result.summary.total.warning} | ${result.summary.total.info} | ${result.findings.length} |`);
    expect(md).toContain('| listener-requires-tls | CN-1 | 4 | 1 | 1 |');
  });

  test('findings are grouped by guidance section, then ID, in the catalogue order', () => {
    const headings = md.split('\n').filter((l) => /^#{3,4} /.test(l) && !l.startsWith('### Findings by rule'));
    expect(headings.filter((l) => l.startsWith('### '))).toEqual(['### Asset', '### Connection', '### Edge', '### Cloud', '### Overview']);
    // Each ID under its own section, in the catalogue's order; exactly the IDs that have findings.
    const ids = headings.filter((l) => l.startsWith('#### ')).map((l) => l.split(' ')[1]);
    const order = CATALOGUE.map((e) => e.id as string);
    expect(ids).toEqual([...ids].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    expect(new Set(ids)).toEqual(new Set(result.findings.flatMap((f) => f.guidance)));
    let section = '';
    for (const l of headings) {
      if (l.startsWith('### ')) section = l.slice(4);
      else expect([l, CATALOGUE.find((e) => e.id === l.split(' ')[1])!.section]).toEqual([l, section]);
    }
    expect(headings).toContain('#### CN-1 TLS on every connection');
    expect(md).toContain('### Cloud\n\nNo findings.\n');
  });

  test('waivers, unused waivers, waiver problems, input problems, notes, skipped documents and attestations each have a section', () => {
    for (const h of ['## Waivers', '## Unused waivers', '## Waivers that could not be used', '## Input problems', '## Notes', '## Skipped documents', '## Attested controls']) {
      expect(md).toContain(`\n${h}\n`);
    }
    expect(md).toContain('| waived | listener-requires-tls | BrokerListener azure-iot-operations/waived-one |');
    expect(md).toContain('| certificate-lifetime | Certificate/nothing-\\* |');
    expect(md).toContain('| no-such-rule |  | rule "no-such-rule" does not exist |');
  });

  test('pipes, markup and line breaks in input cannot break a table or inject HTML', () => {
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;alert("x")&lt;/script&gt;\\|a&amp;b');
    // Every table row has as many unescaped pipes as its header.
    for (const table of md.split('\n\n').filter((b) => b.startsWith('| '))) {
      const lines = table.split('\n').filter((l) => l !== '');
      const width = (l: string) => l.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length;
      for (const l of lines) expect([l, width(l)]).toEqual([l, width(lines[0])]);
    }
  });
});

describe('text', () => {
  test('line breaks and escape characters in names become visible escapes', () => {
    const text = renderText(result, input);
    expect(text).toContain('Certificate line\\u{a}break/');
    const esc = hostileRun();
    const tricky = { ...esc.result, findings: esc.result.findings.map((f) => ({ ...f, message: `${f.message}\u001b[2J` })) };
    expect(renderText(tricky, input)).not.toContain('\u001b');
  });
});

describe('escaping', () => {
  test('property: escaped HTML and XML hold no markup characters and no characters XML forbids', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      for (const out of [escapeHtml(s), escapeXml(s)]) {
        expect(out).not.toMatch(/[<>"']/);
        expect(out).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#39);)/);
        expect(out).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
      }
    }), { numRuns: 100 });
  });

  test('property: escaped Markdown has no unescaped pipe, no line break and no markup', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      const out = escapeMarkdown(s);
      expect(out).not.toMatch(/[\r\n<>]/);
      expect(out.replace(/\\\\/g, '')).not.toMatch(/(^|[^\\])\|/);
    }), { numRuns: 100 });
  });
});
