import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

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

test('core modules import neither cdk8s, constructs nor @pulumi/*, nor the backends by relative path', () => {
  const offenders = files(LIB).filter((f) => {
    // Type-only imports vanish at run time; what loads at run time is checked with positive
    // controls in test/pulumi/entry-boundaries.test.ts (the CLI's synth command loads cdk8s lazily).
    const text = readFileSync(f, 'utf8').split('\n').filter((l) => !/^\s*import type /.test(l)).join('\n');
    const relativeImports = [...text.matchAll(/from\s+['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => resolve(dirname(f), m[1]));
    return FORBIDDEN.test(text) || relativeImports.some((p) => [...BACKENDS].some((b) => p === join(LIB, b) || p.startsWith(join(LIB, b) + sep)));
  }).map((f) => relative(LIB, f));
  expect(offenders).toEqual([]);
});

test('the check catches a core file that imports a backend (positive control)', () => {
  const probe = "import { SecureBroker } from '../cdk8s/secure-broker';";
  const p = [...probe.matchAll(/from\s+['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => resolve(join(LIB, 'model'), m[1]));
  expect(p[0].startsWith(join(LIB, 'cdk8s') + sep)).toBe(true);
  expect(FORBIDDEN.test("import { App } from 'cdk8s';")).toBe(true);
});

// What entry points load at run time is checked in test/pulumi/entry-boundaries.test.ts.

test('the check covers the model, rules, inputs, reports and CLI', () => {
  const dirs = new Set(files(LIB).map((f) => relative(LIB, f).split('/')[0]));
  for (const d of ['model', 'rules', 'inputs', 'report', 'cli', 'guidance']) expect(dirs).toContain(d);
  expect(dirs).not.toContain('cdk8s');
});
