/**
 * Hostile input against the CLI: each input is generated in a temporary folder and checked by the
 * compiled CLI in a fresh `node` process, so a crash, an abort or a runaway heap shows up as it
 * would for a user. Reports wall time, peak RSS, the exit code and the first line of output for
 * each, and whether the run kept the CLI's promises: exit 0, 1 or 2, no stack trace, one JSON
 * document on stdout, and peak RSS under the 512 MB aim.
 *
 * Peak RSS comes from `/usr/bin/time -v` where it exists, else from `process.resourceUsage()` in
 * the child (which an abort cannot report). The figures back `READ_LIMITS` in
 * lib/inputs/kubernetes-reader.ts: the largest files a realistic worst case (many small
 * documents; one huge map) can be checked in within the aim.
 *
 * `npm run bench hostile-input`; `HOSTILE_BENCH_ONLY=<substring>[|<substring>...]` runs only matching cases and
 * `HOSTILE_BENCH_TIMEOUT=<seconds>` changes the per-case timeout (default 180).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const OUT = join(ROOT, 'bench', 'out', 'hostile-input');
const CLI = join(OUT, 'lib', 'cli', 'main.js');
const MB = 1024 * 1024;
const RSS_AIM_MB = 512;

/** One generated input and how the CLI is run on it. */
interface HostileCase {
  readonly name: string;
  /** Writes the input into `dir` and returns its path. */
  readonly write: (dir: string) => string;
  /** Feed the file on standard input and check `-` instead of the path. */
  readonly stdin?: boolean;
  /**
   * Also time a fresh `node` that only parses the file with the `yaml` library
   * (`parseAllDocuments` and `toJS`), the baseline the CLI's time is reported against.
   */
  readonly baseline?: boolean;
}

/** What one run of the CLI did. */
export interface HostileResult {
  readonly name: string;
  readonly bytes: number;
  readonly exit: number | string;
  readonly seconds: number;
  readonly peakRssMb: number | undefined;
  /** CLI time over the time to parse the same file in a fresh process, where measured. */
  readonly ratio?: number;
  /** The run kept the CLI's promises (see the file comment). */
  readonly ok: boolean;
  readonly note: string;
}

/**
 * Writes `head`, then `unit(0)`, `unit(1)`, ... until `size.bytes` bytes or `size.count` units, in
 * chunks, without holding the file in memory.
 */
function writeRepeated(path: string, unit: (i: number) => string, size: { bytes?: number; count?: number }, head = '', tail = ''): string {
  const fd = openSync(path, 'w');
  let written = 0;
  try {
    if (head) written += writeSync(fd, head);
    let chunk = '';
    const more = (i: number) => (size.count !== undefined ? i < size.count : written + chunk.length < size.bytes!);
    for (let i = 0; more(i); i++) {
      chunk += unit(i);
      if (chunk.length > MB) {
        written += writeSync(fd, chunk);
        chunk = '';
      }
    }
    if (chunk) written += writeSync(fd, chunk);
    if (tail) writeSync(fd, tail);
  } finally {
    closeSync(fd);
  }
  return path;
}

/** A realistic small object (~250 bytes): what Helm output and `kubectl get -o yaml` are made of. */
const configMap = (i: number) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-${i}\n  namespace: plant-${i % 7}\n  labels:\n    app.kubernetes.io/name: line-controller\n    app.kubernetes.io/part-of: plant\ndata:\n  mode: production\n  endpoint: mqtts://broker.plant.example:8883\n---\n`;

const manyDocuments = (mb: number): HostileCase => ({
  name: `many documents, ${mb} MB`,
  baseline: mb <= 8,
  write: (dir) => writeRepeated(join(dir, `many-${mb}.yaml`), configMap, { bytes: mb * MB }),
});

const hugeMap = (keys: number): HostileCase => ({
  name: `one map of ${keys / 1000}k keys`,
  baseline: keys <= 40_000,
  write: (dir) => writeRepeated(join(dir, `map-${keys}.yaml`), (i) => `  key-${i}: value-${i}\n`, { count: keys }, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n'),
});

const CASES: readonly HostileCase[] = [
  manyDocuments(2),
  manyDocuments(4),
  manyDocuments(7.9),
  manyDocuments(16),
  manyDocuments(30),
  {
    name: 'a folder of 5 files of 7.9 MB',
    write: (dir) => {
      const folder = join(dir, 'folder');
      mkdirSync(folder, { recursive: true });
      for (let f = 0; f < 5; f++) writeRepeated(join(folder, `part-${f}.yaml`), (i) => configMap(f * 1_000_000 + i), { bytes: 7.9 * MB });
      return folder;
    },
  },
  hugeMap(40_000),
  hugeMap(200_000),
  {
    name: 'one JSON object of 400k keys',
    write: (dir) => {
      const p = join(dir, 'map.json');
      writeFileSync(p, `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{${Array.from({ length: 400_000 }, (_, i) => `"k${i}":"v${i}"`).join(',')}}}`);
      return p;
    },
  },
  {
    name: 'a duplicate key at the end of a 50k-key map',
    write: (dir) => writeRepeated(join(dir, 'dupes.yaml'), (i) => `  key-${i % 49_999}: v\n`, { count: 50_000 }, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dupes}\ndata:\n'),
  },
  ...[0.3, 4].map((mb): HostileCase => ({
    // Two bytes a node: the most memory per byte YAML allows.
    name: `flow sequence [0,0,0,...], ${mb} MB`,
    write: (dir) => {
      const p = join(dir, `zeros-${mb}.yaml`);
      writeFileSync(p, `[${Array(Math.floor((mb * MB) / 2)).fill('0').join(',')}]`);
      return p;
    },
  })),
  ...[2, 8].map((mb): HostileCase => ({
    name: `flow nesting [[[...]]], ${mb} MB`,
    write: (dir) => {
      const p = join(dir, `flow-${mb}.yaml`);
      writeFileSync(p, `${'['.repeat((mb * MB) / 2)}${']'.repeat((mb * MB) / 2)}`);
      return p;
    },
  })),
  {
    name: 'flow nesting {"a":{"a":...}}, 2 MB',
    write: (dir) => {
      const p = join(dir, 'flow.json');
      const depth = (2 * MB) / 6;
      writeFileSync(p, `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
      return p;
    },
  },
  {
    name: 'block nesting - - - ..., 2 MB',
    write: (dir) => {
      const p = join(dir, 'block-seq.yaml');
      writeFileSync(p, `${'- '.repeat(MB)}x\n`);
      return p;
    },
  },
  {
    name: 'block nesting by indentation, depth 2000',
    write: (dir) => {
      const p = join(dir, 'block-map.yaml');
      writeFileSync(p, Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n');
      return p;
    },
  },
  {
    name: 'alias bomb (billion laughs)',
    write: (dir) => {
      const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let i = 1; i < 10; i++) {
        const [prev, cur] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
        lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
      }
      const p = join(dir, 'bomb.yaml');
      writeFileSync(p, `${lines.join('\n')}\n`);
      return p;
    },
  },
  {
    name: 'merge bomb: a 20k-key map merged 900 times',
    write: (dir) => {
      const big = `base: &base {${Array.from({ length: 20_000 }, (_, i) => `k${i}: v`).join(', ')}}`;
      const uses = Array.from({ length: 900 }, (_, i) => `m${i}: {<<: *base}`);
      const p = join(dir, 'merge-bomb.yaml');
      writeFileSync(p, `${[big, ...uses].join('\n')}\n`);
      return p;
    },
  },
  {
    name: 'aliases: 1000 uses of 40k anchors',
    write: (dir) => {
      const anchors = Array.from({ length: 40_000 }, (_, i) => `a${i}: &a${i} v`);
      const uses = Array.from({ length: 1000 }, (_, i) => `u${i}: *a${i}`);
      const p = join(dir, 'aliases.yaml');
      writeFileSync(p, `${[...anchors, ...uses].join('\n')}\n`);
      return p;
    },
  },
  {
    // The yaml library sizes an anchored node by resolving each alias in it with a walk of the
    // whole document.
    name: 'aliases: 998 in an anchored map, 40k anchors',
    write: (dir) => {
      const anchors = Array.from({ length: 40_000 }, (_, i) => `a${i}: &a${i} v`);
      const p = join(dir, 'anchored-aliases.yaml');
      writeFileSync(p, `${[...anchors, `x: &x {${Array.from({ length: 998 }, (_, i) => `k${i}: *a${i}`).join(', ')}}`, 'y: *x'].join('\n')}\n`);
      return p;
    },
  },
  {
    name: 'binary, 1 MB',
    write: (dir) => {
      const p = join(dir, 'binary.yaml');
      const b = Buffer.alloc(MB);
      for (let i = 0; i < b.length; i++) b[i] = (i * 2654435761) >>> 24;
      writeFileSync(p, b);
      return p;
    },
  },
  {
    name: 'invalid UTF-8, 1 MB',
    write: (dir) => {
      // Latin-1 text: valid YAML apart from the encoding.
      const p = join(dir, 'latin1.yaml');
      writeFileSync(p, Buffer.from(Array.from({ length: MB / 10 }, (_, i) => (i % 1000 === 999 ? 'caf\xe9: 1\n' : `k${i}: v\n`)).join(''), 'latin1'));
      return p;
    },
  },
  {
    name: 'a directory loop (symlinks to itself and its parent)',
    write: (dir) => {
      const folder = join(dir, 'loop');
      mkdirSync(join(folder, 'a', 'b'), { recursive: true });
      writeFileSync(join(folder, 'a', 'b', 'cm.yaml'), configMap(0));
      symlinkSync(folder, join(folder, 'a', 'b', 'up'));
      symlinkSync(join(folder, 'a'), join(folder, 'a', 'b', 'again'));
      return folder;
    },
  },
  {
    name: 'documents that are not objects (lists, scalars), 1 MB',
    write: (dir) => writeRepeated(join(dir, 'not-objects.yaml'), (i) => (i % 2 ? `- ${i}\n- x\n---\n` : `just a string ${i}\n---\n`), { bytes: MB }),
  },
  {
    // A per-file error while the other files are checked: the run is unusable (exit 2) but the
    // findings of the good file are in the report.
    name: 'a folder: a good file beside an alias bomb and binary',
    write: (dir) => {
      const folder = join(dir, 'mixed');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'good.yaml'), configMap(1));
      const lines = ['a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]'];
      for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
      writeFileSync(join(folder, 'bomb.yaml'), `${lines.join('\n')}\n`);
      writeFileSync(join(folder, 'binary.json'), Buffer.from([0x7b, 0, 1, 2, 0xff]));
      return folder;
    },
  },
  {
    name: '100 MB file',
    write: (dir) => writeRepeated(join(dir, 'huge.yaml'), configMap, { bytes: 100 * MB }),
  },
  {
    name: '100 MB on standard input',
    stdin: true,
    write: (dir) => writeRepeated(join(dir, 'huge-stdin.yaml'), configMap, { bytes: 100 * MB }),
  },
];

/** Compiles the package into bench/out/hostile-input with the project's own settings. */
function compile(): void {
  const tsc = require.resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.json'), '--outDir', OUT, '--declaration', 'false', '--sourceMap', 'false'], {
    cwd: ROOT, encoding: 'utf8',
  });
  if (!existsSync(CLI)) throw new Error(`tsc did not write ${CLI}:\n${r.stdout}${r.stderr}`);
}

const TIME = '/usr/bin/time';

/** Runs the CLI on one input; peak RSS from /usr/bin/time -v, or from the child itself. */
function runCase(c: HostileCase, dir: string, timeoutSeconds: number): HostileResult {
  const path = c.write(dir);
  const bytes = sizeOf(path);
  const rssFile = join(dir, 'rss.txt');
  rmSync(rssFile, { force: true });
  const withTime = existsSync(TIME);
  // Without /usr/bin/time the child reports its own peak (process.resourceUsage, in KiB).
  const preload = `process.on('exit',()=>require('fs').writeFileSync(${JSON.stringify(rssFile)},String(process.resourceUsage().maxRSS)))`;
  const nodeArgs = withTime ? [CLI] : ['-e', `${preload};require(${JSON.stringify(CLI)})`, '--'];
  const cliArgs = ['check', c.stdin ? '-' : path, '--format', 'json'];
  const [cmd, args] = withTime ? [TIME, ['-v', process.execPath, ...nodeArgs, ...cliArgs]] : [process.execPath, [...nodeArgs, ...cliArgs]];
  const stdinFd = c.stdin ? openSync(path, 'r') : 'ignore';
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: [stdinFd, 'pipe', 'pipe'], timeout: timeoutSeconds * 1000, maxBuffer: 256 * MB, encoding: 'utf8', killSignal: 'SIGKILL' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (typeof stdinFd === 'number') closeSync(stdinFd);
  const baseline = c.baseline ? parseSeconds(path, timeoutSeconds) : undefined;
  rmSync(path, { recursive: true, force: true });

  let stderr = r.stderr ?? '';
  let peakRssMb: number | undefined;
  let exit: number | string = r.status ?? r.signal ?? 'none';
  if (withTime) {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
    if (m) peakRssMb = Number(m[1]) / 1024;
    const signalled = /Command terminated by signal (\d+)/.exec(stderr);
    if (signalled) exit = `signal ${signalled[1]}`;
    else if (/Command exited with non-zero status (\d+)/.test(stderr)) exit = Number(/Command exited with non-zero status (\d+)/.exec(stderr)![1]);
    stderr = stderr.slice(0, stderr.search(/\tCommand being timed:/) >= 0 ? stderr.search(/\tCommand being timed:/) : undefined);
    stderr = stderr.replace(/Command (exited with non-zero status|terminated by signal) \d+\n/, '');
  } else if (existsSync(rssFile)) {
    peakRssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
  }
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') exit = `timeout ${timeoutSeconds}s`;

  let report: { summary?: { verdict?: string; passed?: boolean; files?: number; objects?: number }; inputProblems?: { message: string }[] } | undefined;
  try {
    report = JSON.parse(r.stdout ?? '');
  } catch {
    report = undefined;
  }
  const stack = /\n\s+at /.test(stderr);
  const ok = typeof exit === 'number' && exit <= 2 && !stack && report !== undefined && (peakRssMb ?? 0) < RSS_AIM_MB;
  const problems = report?.inputProblems?.length ?? 0;
  const note = report
    ? `${problems ? `${problems} problem(s), ` : ''}${report.summary?.files ?? 0} file(s) ${report.summary?.objects ?? 0} object(s) read; ` +
      (report.inputProblems?.[0]?.message ?? `verdict ${report.summary?.verdict ?? (report.summary?.passed ? 'pass' : 'fail')}`)
    : firstLine(stderr) || 'no output';
  return { name: c.name, bytes, exit, seconds, peakRssMb, ...(baseline ? { ratio: seconds / baseline } : {}), ok, note };
}

/** Seconds a fresh node takes to load `yaml`, parse the file and convert every document. */
function parseSeconds(path: string, timeoutSeconds: number): number | undefined {
  const script = `const y=require('yaml');const t=require('fs').readFileSync(${JSON.stringify(path)},'utf8');` +
    'for(const d of y.parseAllDocuments(t,{uniqueKeys:false}))d.toJS();';
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, timeout: timeoutSeconds * 1000, stdio: 'ignore' });
  return r.status === 0 ? Number(process.hrtime.bigint() - start) / 1e9 : undefined;
}

/** Bytes of a file, or of the files under a folder (symbolic links not followed). */
function sizeOf(path: string): number {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return 0;
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((n, f) => n + sizeOf(join(path, f)), 0);
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0]?.slice(0, 120) ?? '';
}

/** Runs every case and prints one line each; returns the results. */
export function hostileInputBench(): HostileResult[] {
  compile();
  const only = process.env.HOSTILE_BENCH_ONLY;
  const timeout = Number(process.env.HOSTILE_BENCH_TIMEOUT ?? 180);
  const dir = mkdtempSync(join(tmpdir(), 'aio-secure-hostile-'));
  const results: HostileResult[] = [];
  try {
    const load = loadavg().map((l) => l.toFixed(1)).join(' ');
    process.stdout.write(`hostile input: compiled CLI in a fresh node process each; peak RSS aim ${RSS_AIM_MB} MB; ${cpus().length} cores, load ${load}\n`);
    for (const c of CASES) {
      if (only && !only.split('|').some((o) => c.name.includes(o))) continue;
      const r = runCase(c, dir, timeout);
      results.push(r);
      process.stdout.write(
        `  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(44)} ${(r.bytes / MB).toFixed(1).padStart(6)} MB  exit ${String(r.exit).padEnd(12)} ` +
          `${r.seconds.toFixed(2).padStart(7)} s${r.ratio === undefined ? '' : ` (${r.ratio.toFixed(2)}x parse)`}  ` +
          `${r.peakRssMb === undefined ? '     ?' : r.peakRssMb.toFixed(0).padStart(6)} MB RSS  ${r.note.slice(0, 110)}\n`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

if (require.main === module) hostileInputBench();
