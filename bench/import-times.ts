/**
 * Import time of each entry point against a bare `require` of the peer libraries it is built on,
 * each load in a fresh `node` process (nothing cached), baseline and candidate alternating, median
 * of the rounds. The entry points are compiled first into bench/out/, so no TypeScript compiler
 * runs in the measured processes.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const OUT = join(ROOT, 'bench', 'out', 'import-times');

/** One comparison: what the entry point loads, and what its peers alone load. */
interface ImportPair {
  readonly name: string;
  readonly baseline: { readonly label: string; readonly modules: readonly string[] };
  readonly entry: string;
}

const PAIRS: readonly ImportPair[] = [
  { name: 'aio-secure (core)', baseline: { label: 'yaml', modules: ['yaml'] }, entry: 'lib/index.js' },
  { name: 'aio-secure/cdk8s', baseline: { label: 'cdk8s + constructs', modules: ['cdk8s', 'constructs'] }, entry: 'lib/cdk8s/index.js' },
  {
    name: 'aio-secure/pulumi',
    baseline: { label: '@pulumi/pulumi + @pulumi/azure-native/iotoperations', modules: ['@pulumi/pulumi', '@pulumi/azure-native/iotoperations'] },
    entry: 'lib/pulumi/index.js',
  },
  {
    name: 'aio-secure/pulumi/policy',
    baseline: { label: '@pulumi/pulumi + @pulumi/policy', modules: ['@pulumi/pulumi', '@pulumi/policy'] },
    entry: 'lib/pulumi/policy/index.js',
  },
];

/** Milliseconds a fresh node process spends in `require` of the modules (startup excluded). */
function timeRequire(modules: readonly string[]): number {
  const script = `const t=process.hrtime.bigint();for(const m of ${JSON.stringify(modules)})require(m);` +
    'process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6));';
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node -e require(${modules.join(', ')}) failed: ${r.stderr}`);
  return Number(r.stdout);
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

/** Compiles the package into bench/out/import-times with the project's own settings. */
function compile(): void {
  const tsc = require.resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.json'), '--outDir', OUT, '--declaration', 'false', '--sourceMap', 'false'], {
    cwd: ROOT, encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`tsc failed:\n${r.stdout}${r.stderr}`);
}

/** Runs the comparison and prints one line per entry point; returns the ratios by entry point. */
export function importTimesBench(rounds = Number(process.env.IMPORT_BENCH_ROUNDS ?? 7)): Record<string, number> {
  compile();
  const ratios: Record<string, number> = {};
  for (const pair of PAIRS) {
    const entry = [join(OUT, pair.entry)];
    const times = { baseline: [] as number[], candidate: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      const order: ['baseline' | 'candidate', readonly string[]][] = [['baseline', pair.baseline.modules], ['candidate', entry]];
      for (const [key, modules] of i % 2 ? order.reverse() : order) times[key].push(timeRequire(modules));
    }
    const b = median(times.baseline);
    const c = median(times.candidate);
    ratios[pair.name] = c / b;
    process.stdout.write(`import ${pair.name}: ${c.toFixed(0)} ms vs ${pair.baseline.label} ${b.toFixed(0)} ms, ratio ${(c / b).toFixed(2)}x (median of ${rounds}, fresh process each)\n`);
  }
  return ratios;
}
