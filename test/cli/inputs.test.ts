/**
 * Inputs of `aio-secure check`: globs, directory loops, stdin, Helm output, kubectl exports, kinds
 * no rule checks, and the real-world corpus as one directory input.
 */
import { symlinkSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { EXIT } from '../../lib/cli/run';
import { globBase, globToRegExp } from '../../lib/cli/glob';
import { sharedReference } from '../support/shared';
import { OPEN_LISTENER, runAioSecure, tempDirPerTest } from './support';

const scratch = tempDirPerTest('aio-secure-inputs-');
const write = scratch.write;

const CONFIG_MAP = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: lab}\ndata: {a: b}\n`;

interface Report {
  summary: { verdict: string; files: number; objects: number; skipped: number; inputProblems: number; checked: number };
  findings: { rule: string; resource: { name: string }; source?: { file: string; line?: number } }[];
  inputProblems: { file: string; line?: number; message: string }[];
  skipped: { file: string; reason: string; count: number; kinds?: string[] }[];
}

async function checkJson(args: string[], stdin?: string): Promise<{ code: number; report: Report; stderr: string }> {
  const r = await runAioSecure(['check', '--format', 'json', ...args], { stdin });
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

describe('globs', () => {
  test.each<[string, string[], string[]]>([
    ['*.yaml', ['a.yaml', 'b.yml', 'sub/c.yaml'], ['a.yaml']],
    ['**/*.yaml', ['a.yaml', 'sub/c.yaml', 'sub/deep/d.yaml', 'e.json'], ['a.yaml', 'sub/c.yaml', 'sub/deep/d.yaml']],
    ['sub/**', ['a.yaml', 'sub/c.yaml', 'sub/deep/d.json'], ['sub/c.yaml', 'sub/deep/d.json']],
    ['*.{yaml,json}', ['a.yaml', 'b.json', 'c.yml'], ['a.yaml', 'b.json']],
    ['site-?/[ab]*.yaml', ['site-1/a.yaml', 'site-1/c.yaml', 'site-22/a.yaml', 'site-2/b1.yaml'], ['site-1/a.yaml', 'site-2/b1.yaml']],
    ['[!a]*.yaml', ['a.yaml', 'b.yaml'], ['b.yaml']],
  ])('%s matches exactly %j of %j', (glob, files, matched) => {
    const re = globToRegExp(glob);
    expect(files.filter((f) => re.test(f))).toEqual(matched);
  });

  test('the base folder is what comes before the first pattern', () => {
    expect(globBase('manifests/**/*.yaml')).toBe('manifests');
    expect(globBase('*.yaml')).toBe('.');
    expect(globBase('/abs/site-*/x.yaml')).toBe('/abs');
  });

  test('a quoted glob reads the files it matches, recursively with **', async () => {
    write('site/a.yaml', OPEN_LISTENER('a'));
    write('site/deep/b.yaml', OPEN_LISTENER('b'));
    write('site/deep/values.yml', CONFIG_MAP('not-matched'));
    const { code, report } = await checkJson([scratch.at('site', '**', '*.yaml')]);
    expect(code).toBe(EXIT.findings);
    expect(report.summary.files).toBe(2);
    expect([...new Set(report.findings.map((f) => f.resource.name))].sort()).toEqual(['a', 'b']);
  });

  test('a glob never reads the waivers file, or files that are not manifests, as manifests', async () => {
    write('g/a.yaml', OPEN_LISTENER('a'));
    write('g/aio-secure.waivers.yaml', 'waivers: []\n');
    write('g/notes.txt', 'not a manifest');
    const { report } = await checkJson([scratch.at('g', '*')]);
    expect(report.summary.files).toBe(1);
    expect(report.skipped).toEqual([]);
  });

  test('a glob that matches nothing is an input problem (exit 2), the other inputs are still checked', async () => {
    const good = write('a.yaml', OPEN_LISTENER('a'));
    const { code, report } = await checkJson([good, scratch.at('nothing', '*.yaml')]);
    expect(code).toBe(EXIT.unusable);
    expect(report.inputProblems).toEqual([{ file: scratch.at('nothing', '*.yaml'), message: `matches no files: its folder ${scratch.at('nothing')} cannot be read. Check the path.` }]);
    expect(report.findings.length).toBeGreaterThan(0);
  });

  test('a malformed glob is an input problem naming it', async () => {
    const { code, report } = await checkJson([scratch.at('*.{yaml')]);
    expect(code).toBe(EXIT.unusable);
    expect(report.inputProblems[0].message).toBe('is not a valid glob: "{" has no "}". Quote it and close the bracket or brace.');
  });

  test('a glob over a folder with a symlink loop ends, each file read once', async () => {
    write('loop/a/x.yaml', OPEN_LISTENER('x'));
    symlinkSync(scratch.at('loop'), scratch.at('loop', 'a', 'up'));
    const { report } = await checkJson([scratch.at('loop', '**', '*.yaml')]);
    expect(report.summary.files).toBe(1);
  });
});

describe('directories', () => {
  test('a directory loop through symlinks (to itself and to a parent) ends: each file once, no problem', async () => {
    write('tree/a/b/x.yaml', OPEN_LISTENER('x'));
    symlinkSync(scratch.at('tree'), scratch.at('tree', 'a', 'b', 'up'));
    symlinkSync(scratch.at('tree', 'a', 'b'), scratch.at('tree', 'a', 'b', 'self'));
    const { code, report } = await checkJson([scratch.at('tree')]);
    expect(code).toBe(EXIT.findings);
    expect(report.summary).toMatchObject({ files: 1, objects: 1, inputProblems: 0 });
  });
});

describe('formats of manifests', () => {
  test('helm template output: "# Source:" comments and empty documents', async () => {
    const helm = `---\n# Source: broker/templates/listener.yaml\n${OPEN_LISTENER('helm')}---\n# Source: broker/templates/empty.yaml\n---\n# Source: broker/templates/cm.yaml\n${CONFIG_MAP('cm')}`;
    const { report } = await checkJson([write('rendered.yaml', helm)]);
    expect(report.summary).toMatchObject({ files: 1, objects: 2, inputProblems: 0 });
    expect(report.findings.find((f) => f.rule === 'listener-requires-tls')?.source).toEqual({ file: scratch.at('rendered.yaml'), line: 3 });
  });

  test('kubectl get -o yaml exports: a List whose items carry status and managedFields, which change nothing', async () => {
    const exported = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      ...OPEN_LISTENER('exported').trimEnd().split('\n').map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)),
      '  status:',
      '    provisioningStatus: {status: Succeeded}',
      'metadata:',
      '  resourceVersion: ""',
    ].join('\n').replace('  metadata:\n', '  metadata:\n    managedFields:\n      - manager: kubectl\n        operation: Apply\n    resourceVersion: "1234"\n    uid: 3f0e\n');
    const plain = await checkJson([write('plain.yaml', OPEN_LISTENER('exported'))]);
    const { report } = await checkJson([write('export.yaml', exported)]);
    expect(report.summary).toMatchObject({ objects: 1, inputProblems: 0 });
    expect(report.findings.map((f) => f.rule)).toEqual(plain.report.findings.map((f) => f.rule));
  });

  test('standard input with "-", beside a file', async () => {
    const { report } = await checkJson(['-', write('a.yaml', CONFIG_MAP('a'))], OPEN_LISTENER('piped'));
    expect(report.summary.files).toBe(2);
    expect(report.findings.some((f) => f.resource.name === 'piped' && f.source?.file === '<stdin>')).toBe(true);
  });

  test('kinds no rule checks (and API groups that do not exist) are counted per file with their kinds, not errors', async () => {
    const pdb = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p, namespace: lab}\nspec: {minAvailable: 1}\n';
    const unknown = `apiVersion: made-up.example.com/v9\nkind: Gadget\nmetadata: {name: g}\nspec: {}\n---\n${pdb}---\n${OPEN_LISTENER('l')}`;
    const { code, report } = await checkJson([write('mixed.yaml', unknown)]);
    expect(code).toBe(EXIT.findings);
    expect(report.summary).toMatchObject({ objects: 3, checked: 1, skipped: 2, inputProblems: 0 });
    expect(report.skipped).toEqual([{ file: scratch.at('mixed.yaml'), reason: 'unchecked-kind', count: 2, line: 1, kinds: ['made-up.example.com/Gadget', 'policy/PodDisruptionBudget'] }]);
    const text = await runAioSecure(['check', scratch.at('mixed.yaml')]);
    expect(text.stdout).toContain(`skipped ${scratch.at('mixed.yaml')}:1: 2 document(s) of kinds no rule checks (read for cross-references, not checked themselves)\n`);
  });

  test('with --format json the output is one JSON document when some files cannot be read', async () => {
    write('f/good.yaml', OPEN_LISTENER('good'));
    write('f/bad.yaml', 'a: [unclosed\n');
    writeFileSync(scratch.at('f', 'binary.json'), Buffer.from([0x7b, 0, 0xff]));
    const r = await runAioSecure(['check', '--format', 'json', scratch.at('f'), scratch.at('missing.yaml')]);
    expect(r.code).toBe(EXIT.unusable);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.summary).toMatchObject({ verdict: 'unusable', inputProblems: 3 });
    expect(report.inputProblems.map((p) => relative(scratch.at(), p.file)).sort()).toEqual(['f/bad.yaml', 'f/binary.json', 'missing.yaml']);
    expect(report.findings.some((f) => f.resource.name === 'good')).toBe(true);
    expect(r.stderr).toBe('');
  });
});

describe('the real-world corpus as one directory input', () => {
  test('exit 0 or 1, never a crash; per-file errors are counted in the JSON summary; unknown kinds are counted', async () => {
    const corpus = sharedReference('real-world');
    const r = await runAioSecure(['check', '--format', 'json', corpus]);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as Report;
    // sources.json (the corpus' provenance) is read too: it is not a Kubernetes object, so it is skipped and counted.
    expect(report.summary.files).toBeGreaterThanOrEqual(70);
    expect(report.summary.inputProblems).toBe(report.inputProblems.length);
    expect([EXIT.ok, EXIT.findings, ...(report.inputProblems.length ? [EXIT.unusable] : [])]).toContain(r.code);
    expect(report.skipped.filter((s) => s.reason === 'unchecked-kind').reduce((n, s) => n + s.count, 0))
      .toBe(report.summary.objects - report.summary.checked);
  }, 120_000);
});
