import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// The core (everything but lib/cdk8s and lib/pulumi) must load neither cdk8s nor Pulumi, so the
// checker and a Pulumi user never pay for cdk8s, and a cdk8s user never loads Pulumi.
const LIB = join(__dirname, '..', '..', 'lib');
const BACKENDS = new Set(['cdk8s', 'pulumi']);
const FORBIDDEN = /from\s+['"](cdk8s|cdk8s-plus-28|constructs|@pulumi\/[^'"]+)['"]|require\(['"](cdk8s|constructs|@pulumi)/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return BACKENDS.has(name) && dir === LIB ? [] : files(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

test('core modules import neither cdk8s, constructs nor @pulumi/*', () => {
  const offenders = files(LIB).filter((f) => FORBIDDEN.test(readFileSync(f, 'utf8'))).map((f) => relative(LIB, f));
  expect(offenders).toEqual([]);
});

test('the check covers the model, rules, inputs, reports and CLI', () => {
  const dirs = new Set(files(LIB).map((f) => relative(LIB, f).split('/')[0]));
  for (const d of ['model', 'rules', 'inputs', 'report', 'cli', 'guidance']) expect(dirs).toContain(d);
  expect(dirs).not.toContain('cdk8s');
});

test('loading the core entry point loads no cdk8s module', () => {
  jest.isolateModules(() => {
    require('../../lib/index');
  });
  const loaded = Object.keys(require.cache).filter((k) => /node_modules[\\/](cdk8s|constructs|@pulumi)[\\/]/.test(k));
  expect(loaded).toEqual([]);
});
