/**
 * The waivers file in `aio-secure check`: found next to the inputs or given with --waivers;
 * expired waivers become findings again, non-waivable rules stay findings, unused waivers are
 * reported, targets glob, and an unusable file is exit 2 with file, line, entry and field.
 */
import { EXIT } from '../../lib/cli/run';
import { WAIVERS_FILE_NAME } from 'aio-secure';
import { OPEN_LISTENER, runAioSecure, tempDirPerTest, WAIVER_ENTRY } from './support';

const scratch = tempDirPerTest('aio-secure-cli-waivers-');
const write = scratch.write;

interface Finding { rule: string; severity: string; waived: boolean; message: string; resource: { name: string }; waiver?: { expired: boolean; owner: string } }
interface Report {
  summary: { verdict: string; waived: number; unusedWaivers: number; waiverProblems: number; inputProblems: number };
  findings: Finding[];
  inputProblems: { file: string; line?: number; message: string }[];
  unusedWaivers: { rule: string; target: string }[];
  waiverProblems: { waiver: { rule: string }; problem: string }[];
}

async function check(args: string[]): Promise<{ code: number; report: Report }> {
  const r = await runAioSecure(['check', '--format', 'json', ...args]);
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
}

/** Waivable rules that fire on an open listener in the development profile. */
const ALL_RULES = ['listener-requires-tls', 'listener-requires-authentication', 'listener-requires-authorization'];
const waiveAll = (target: string) => ['waivers:', ...ALL_RULES.map((r) => WAIVER_ENTRY(r, target))].join('\n');

describe('waivers file', () => {
  test('found in the input folder, it waives what its targets match (globs): exit 0 in development', async () => {
    write(`site/${WAIVERS_FILE_NAME}`, waiveAll('lab/BrokerListener/open-*'));
    write('site/listeners.yaml', OPEN_LISTENER('open-a'));
    const { code, report } = await check([scratch.at('site'), '--profile', 'development']);
    const unwaived = report.findings.filter((f) => !f.waived);
    expect(unwaived.filter((f) => f.rule !== 'exposed-anonymous-plaintext-listener')).toEqual([]);
    expect(report.findings.filter((f) => f.waived).map((f) => f.rule).sort()).toEqual([...ALL_RULES].sort());
    expect(report.summary.inputProblems).toBe(0);
    expect(code).toBe(unwaived.some((f) => f.severity === 'error') ? EXIT.findings : EXIT.ok);
  });

  test('the waivers file itself is not read as a manifest', async () => {
    write(`site/${WAIVERS_FILE_NAME}`, waiveAll('BrokerListener/open-a'));
    write('site/listeners.yaml', OPEN_LISTENER('open-a'));
    const r = await runAioSecure(['check', '--format', 'json', scratch.at('site')]);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ files: 1 });
  });

  test('found in the folder of a file input', async () => {
    write(`a/${WAIVERS_FILE_NAME}`, waiveAll('BrokerListener/open-a'));
    const { report } = await check([write('a/l.yaml', OPEN_LISTENER('open-a')), '--profile', 'development']);
    expect(report.summary.waived).toBe(ALL_RULES.length);
  });

  test('a found file covers only what was read below its folder', async () => {
    write(`a/${WAIVERS_FILE_NAME}`, waiveAll('BrokerListener/*'));
    const { report } = await check([scratch.at('a'), write('b/l.yaml', OPEN_LISTENER('open-b')), write('a/l.yaml', OPEN_LISTENER('open-a')), '--profile', 'development']);
    const waivedNames = new Set(report.findings.filter((f) => f.waived).map((f) => f.resource.name));
    expect([...waivedNames]).toEqual(['open-a']);
  });

  test('--waivers replaces discovery and covers every input', async () => {
    write(`a/${WAIVERS_FILE_NAME}`, 'not: a waivers file\n');
    const explicit = write('elsewhere/w.yaml', waiveAll('lab/BrokerListener/open-a'));
    const { code, report } = await check([write('a/l.yaml', OPEN_LISTENER('open-a')), '--waivers', explicit, '--profile', 'development']);
    expect(report.summary.inputProblems).toBe(0);
    expect(report.summary.waived).toBe(ALL_RULES.length);
    expect(code).not.toBe(EXIT.unusable);
  });

  test('an expired waiver no longer waives: the finding is back, unwaived, saying the waiver expired', async () => {
    const w = ['waivers:', WAIVER_ENTRY('listener-requires-tls', 'BrokerListener/open-a', '2020-01-31')].join('\n');
    const { code, report } = await check([write('l.yaml', OPEN_LISTENER('open-a')), '--waivers', write('w.yaml', w)]);
    expect(code).toBe(EXIT.findings);
    const tls = report.findings.find((f) => f.rule === 'listener-requires-tls')!;
    expect(tls).toMatchObject({ waived: false, message: 'Port 1883 of listener open-a has no TLS. (waiver expired on 2020-01-31)', waiver: { expired: true, owner: 'ot-platform-team' } });
  });

  test('a non-waivable rule cannot be waived: the finding stays and the waiver is a waiver problem', async () => {
    const w = ['waivers:', WAIVER_ENTRY('exposed-anonymous-plaintext-listener', 'BrokerListener/open-a')].join('\n');
    const { code, report } = await check([write('l.yaml', OPEN_LISTENER('open-a')), '--waivers', write('w.yaml', w)]);
    expect(code).toBe(EXIT.findings);
    expect(report.findings.find((f) => f.rule === 'exposed-anonymous-plaintext-listener')?.waived).toBe(false);
    expect(report.waiverProblems).toEqual([expect.objectContaining({ waiver: expect.objectContaining({ rule: 'exposed-anonymous-plaintext-listener' }), problem: expect.stringMatching(/^rule "exposed-anonymous-plaintext-listener" cannot be waived/) })]);
  });

  test('an unused waiver is reported (JSON and text)', async () => {
    const w = ['waivers:', WAIVER_ENTRY('listener-requires-tls', 'BrokerListener/gone')].join('\n');
    const args = [write('l.yaml', OPEN_LISTENER('open-a')), '--waivers', write('w.yaml', w)];
    const { report } = await check(args);
    expect(report.unusedWaivers).toEqual([expect.objectContaining({ rule: 'listener-requires-tls', target: 'BrokerListener/gone' })]);
    expect(report.summary.unusedWaivers).toBe(1);
    const text = await runAioSecure(['check', ...args]);
    expect(text.stdout).toContain('unused waiver rule listener-requires-tls target BrokerListener/gone (owner ot-platform-team, expires 2099-12-31)');
  });

  test('an unusable waivers file: exit 2 with file, line, entry and field; the check still reports the findings (one JSON document)', async () => {
    const w = write('w.yaml', ['waivers:', WAIVER_ENTRY('listener-requires-tls', 'BrokerListener/open-a', '31.12.2099')].join('\n'));
    const { code, report } = await check([write('l.yaml', OPEN_LISTENER('open-a')), '--waivers', w]);
    expect(code).toBe(EXIT.unusable);
    expect(report.summary.verdict).toBe('unusable');
    expect(report.inputProblems).toEqual([{ file: w, line: 6, message: 'waivers file: waivers[0].expires is not a date (got "31.12.2099"). Give the last day the waiver applies as YYYY-MM-DD.' }]);
    expect(report.findings.find((f) => f.rule === 'listener-requires-tls')?.waived).toBe(false);
    const text = await runAioSecure(['check', write('l2.yaml', OPEN_LISTENER('x')), '--waivers', w]);
    expect(text.code).toBe(EXIT.unusable);
    expect(text.stderr).toBe(`aio-secure: ${w}:6: waivers file: waivers[0].expires is not a date (got "31.12.2099"). Give the last day the waiver applies as YYYY-MM-DD.\n`);
  });

  test('a --waivers file that does not exist: exit 2', async () => {
    const { code, report } = await check([write('l.yaml', OPEN_LISTENER('open-a')), '--waivers', scratch.at('nope.yaml')]);
    expect(code).toBe(EXIT.unusable);
    expect(report.inputProblems[0].message).toMatch(/^waivers file: cannot be read: ENOENT/);
  });
});
