/**
 * `--format` repeatable, each with an optional file: one run, several reports with the same
 * counts; text colour only on a terminal and never in files; files written atomically.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../../lib/cli/run';
import { parseOutputSpecs } from '../../lib/cli/output-formats';
import { writeFileAtomically } from '../../lib/cli/write-file-atomically';
import { OPEN_LISTENER, runAioSecure } from './support';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aio-secure-formats-'));
});
afterEach(() => {
  chmodSync(dir, 0o700);
  rmSync(dir, { recursive: true, force: true });
});

function input(): string {
  const p = join(dir, 'open.yaml');
  writeFileSync(p, OPEN_LISTENER('open'));
  return p;
}

describe('parseOutputSpecs', () => {
  test('text to standard output by default; <format>=<file> to a file', () => {
    expect(parseOutputSpecs(undefined)).toEqual([{ format: 'text' }]);
    expect(parseOutputSpecs(['text', 'sarif=out/r.sarif', 'json=r=1.json'])).toEqual([{ format: 'text' }, { format: 'sarif', file: 'out/r.sarif' }, { format: 'json', file: 'r=1.json' }]);
  });

  test.each<[string[], string]>([
    [['text', 'json'], 'only one --format can go to standard output (got text and json). Give the others a file: --format json=<file>.'],
    [['json=r.out', 'csv=r.out'], '--format json=r.out and --format csv=r.out write the same file. Give each format its own file.'],
    [['html=r.html', 'markdown=./r.html'], '--format html=r.html and --format markdown=./r.html write the same file. Give each format its own file.'],
    [['sarif='], '--format sarif= names no file. Give sarif=<file>, or sarif alone for standard output.'],
    [['pdf=r.pdf'], '--format "pdf" is not supported. Use one of text, json, sarif, junit, csv, markdown, html, optionally with =<file>.'],
  ])('%j: %s', (values, message) => {
    expect(parseOutputSpecs(values)).toBe(message);
  });
});

describe('several reports from one run', () => {
  test('text on standard output plus every other format in files; counts agree; no colour in files', async () => {
    const files = { json: join(dir, 'r.json'), sarif: join(dir, 'r.sarif'), junit: join(dir, 'r.xml'), csv: join(dir, 'r.csv'), markdown: join(dir, 'r.md'), html: join(dir, 'r.html'), text: join(dir, 'r.txt') };
    const r = await runAioSecure(['check', input(), '--format', 'text', ...Object.entries(files).flatMap(([f, p]) => ['--format', `${f}=${p}`])], { tty: true });
    expect(r.code).toBe(EXIT.findings);
    expect(r.stdout).toContain('\u001b[31m'); // colour on the terminal
    for (const p of Object.values(files)) {
      expect(readFileSync(p, 'utf8')).not.toContain('\u001b[');
    }
    const json = JSON.parse(readFileSync(files.json, 'utf8'));
    const errors = json.summary.unwaived.error;
    expect(errors).toBeGreaterThan(0);
    const sarif = JSON.parse(readFileSync(files.sarif, 'utf8'));
    expect(sarif.runs[0].results).toHaveLength(json.findings.length);
    expect(readFileSync(files.csv, 'utf8').trim().split('\n')).toHaveLength(json.findings.length + 1);
    // The text file has the same verdict line as standard output, without colour.
    const strip = (s: string) => s.replace(/\u001b\[\d+m/g, '');
    const lastLine = (s: string) => s.trimEnd().split('\n').pop();
    expect(lastLine(readFileSync(files.text, 'utf8'))).toBe(lastLine(strip(r.stdout)));
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('json to standard output stays one JSON document while the other reports go to files', async () => {
    const r = await runAioSecure(['check', input(), '--format', 'json', '--format', `markdown=${join(dir, 'r.md')}`]);
    expect(JSON.parse(r.stdout).summary.verdict).toBe('fail');
    expect(existsSync(join(dir, 'r.md'))).toBe(true);
  });

  test('a report that cannot be written: exit 2 with a clear message; the others are written, no partial file', async () => {
    const r = await runAioSecure(['check', input(), '--format', `json=${join(dir, 'no-such-folder', 'r.json')}`, '--format', `csv=${join(dir, 'r.csv')}`]);
    expect(r.code).toBe(EXIT.unusable);
    expect(r.stderr).toMatch(new RegExp(`^aio-secure check: cannot write the json report to ${join(dir, 'no-such-folder', 'r.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ENOENT.*\\. Check that its folder exists and is writable; the file was left as it was\\.\\n$`));
    expect(existsSync(join(dir, 'r.csv'))).toBe(true);
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
  });
});

describe('writeFileAtomically', () => {
  test('replaces the file whole, and leaves it as it was (no temporary file) when writing fails', () => {
    const p = join(dir, 'report.json');
    writeFileAtomically(p, 'first');
    writeFileAtomically(p, 'second');
    expect(readFileSync(p, 'utf8')).toBe('second');
    if (process.getuid?.() === 0) return; // root writes into read-only folders
    chmodSync(dir, 0o500);
    expect(() => writeFileAtomically(p, 'third')).toThrow(/EACCES/);
    chmodSync(dir, 0o700);
    expect(readFileSync(p, 'utf8')).toBe('second');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });
});
