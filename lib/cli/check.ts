import { parseArgs } from 'node:util';
import { SKIP_REASONS, type ReadProblem, type SkippedDocuments } from '../inputs/kubernetes-reader';
import type { Resource } from '../model/resource';
import { analysesForReport } from '../report/diagrams';
import type { ReportExtras } from '../report/extras';
import { verdictOf, type InputSummary } from '../report/verdict';
import { checkResources } from '../rules/engine';
import { RULES } from '../rules/registry';
import { PROFILES, type Profile, type Rule } from '../rules/types';
import { EXIT, packageVersion, usageError, type CliIo } from './io';
import { parseOutputSpecs, renderOutput, type OutputSpec } from './output-formats';
import { located, readInputs } from './read-inputs';
import { collectWaivers } from './waivers';
import { writeFileAtomically } from './write-file-atomically';

/** Options of `check` beyond its arguments; tests set them. */
export interface CheckRunOptions {
  /**
   * The folder waivers files are looked for from standard input, and relative paths resolve against.
   * @default process.cwd()
   */
  readonly cwd?: string;
  /**
   * The moment against which waiver expiry is judged.
   * @default - now
   */
  readonly now?: Date;
}

/**
 * Runs `aio-secure check`. The exit code follows the verdict (pass 0, fail 1, unusable 2); a report
 * file that cannot be written, or a waivers file that cannot be used, is also 2.
 */
export async function check(argv: readonly string[], io: CliIo, usage: string, options: CheckRunOptions = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        'format': { type: 'string', multiple: true },
        'profile': { type: 'string', default: 'production' },
        'waivers': { type: 'string', multiple: true },
        'no-color': { type: 'boolean', default: false },
        'help': { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    return usageError(io, 'check', `${(e as Error).message}. Run "aio-secure --help" for usage.`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(usage);
    return EXIT.ok;
  }
  const outputs = parseOutputSpecs(values.format);
  if (typeof outputs === 'string') return usageError(io, 'check', outputs);
  const profile = values.profile as Profile;
  if (!PROFILES.includes(profile)) return usageError(io, 'check', `--profile "${values.profile}" is not a profile. Use ${PROFILES.join(' or ')}.`);
  if (positionals.length === 0) return usageError(io, 'check', 'no input. Give files, directories, globs or "-" for standard input.');

  const input = await readInputs(positionals, io);
  const problems: ReadProblem[] = [...input.problems];
  if (input.resources.length === 0 && problems.length === 0) {
    const skipped = (input.skipped ?? []).reduce((n, s) => n + s.count, 0);
    problems.push({
      file: positionals.join(' '),
      message: skipped
        ? `holds no Kubernetes objects (${skipped} document(s) skipped: ${[...new Set((input.skipped ?? []).map((s) => SKIP_REASONS[s.reason]))].join('; ')}). ` +
          'Give rendered manifests (e.g. the output of helm template or kustomize build).'
        : 'holds no Kubernetes objects. Give rendered manifests (e.g. the output of helm template or kustomize build).',
    });
  }
  // A waivers file that cannot be used makes the run unusable, like unreadable input: the check
  // still runs (without its waivers) so that every report shows what it would hide.
  const waivers = collectWaivers(positionals, values.waivers ?? [], options.cwd);
  for (const p of waivers.problems) problems.push(p);

  const result = checkResources(input.resources, {
    profile,
    waivers: waivers.waivers,
    waiverScope: waivers.scope,
    ...(options.now ? { now: options.now } : {}),
  });
  const unchecked = uncheckedKinds(input.resources, RULES);
  const skipped = [...(input.skipped ?? []), ...unchecked];
  const summary: InputSummary = {
    files: input.files,
    objects: input.resources.length,
    problems,
    ...(skipped.length ? { skipped } : {}),
    ...(input.notes ? { notes: input.notes } : {}),
  };

  let code = exitCodeOf(verdictOf(result, summary));
  const now = options.now ?? new Date();
  // Attested controls appear in the HTML and Markdown reports, diagrams in HTML only; the analyses
  // behind them run only when asked for.
  const wants = (format: string) => outputs.some((o) => o.format === format);
  const extras: ReportExtras = {
    color: io.isTty && !values['no-color'],
    now,
    toolVersion: packageVersion(),
    ...(wants('html') || wants('markdown') ? analysesForReport(input.resources, now, { diagrams: wants('html') }) : {}),
  };
  // Input problems reach the terminal unless standard output is the JSON report, which holds them:
  // some formats (CSV) have no place for them, and a report written to a file would otherwise leave
  // exit 2 unexplained.
  if (outputs.find((o) => o.file === undefined)?.format !== 'json') for (const p of problems) io.stderr(`aio-secure: ${located(p)}\n`);
  for (const spec of outputs) {
    const text = renderOutput(spec, result, summary, extras);
    if (spec.file === undefined) {
      io.stdout(text);
    } else if (!writeReport({ format: spec.format, file: spec.file }, text, io)) {
      code = EXIT.unusable;
    }
  }
  return code;
}

function exitCodeOf(verdict: 'pass' | 'fail' | 'unusable'): number {
  return verdict === 'unusable' ? EXIT.unusable : verdict === 'fail' ? EXIT.findings : EXIT.ok;
}

/** Writes one report file atomically; on failure says so on standard error and returns false. */
function writeReport(spec: OutputSpec & { readonly file: string }, text: string, io: CliIo): boolean {
  try {
    writeFileAtomically(spec.file, text);
    return true;
  } catch (e) {
    const reason = ((e as Error)?.message ?? String(e)).split('\n')[0];
    io.stderr(`aio-secure check: cannot write the ${spec.format} report to ${spec.file}: ${reason}. Check that its folder exists and is writable; the file was left as it was.\n`);
    return false;
  }
}

/**
 * Objects of kinds that no rule applies to (Deployments, Services, CRDs of other products, kinds of
 * API groups that do not exist), counted per file. They stay in the deployment index for
 * cross-resource rules, but nothing checks them, and the reports say so instead of failing.
 */
export function uncheckedKinds(resources: readonly Resource[], rules: readonly Rule[]): SkippedDocuments[] {
  const checked = new Set<string>();
  for (const rule of rules) for (const s of rule.appliesTo) checked.add(`${s.group}/${s.kind}`);
  const byFile = new Map<string, { count: number; line?: number; kinds: Set<string> }>();
  for (const r of resources) {
    if (checked.has(`${r.group}/${r.kind}`)) continue;
    const file = r.source?.file ?? '(unknown)';
    let entry = byFile.get(file);
    if (!entry) {
      entry = { count: 0, ...(r.source?.line ? { line: r.source.line } : {}), kinds: new Set() };
      byFile.set(file, entry);
    }
    entry.count++;
    entry.kinds.add(r.group ? `${r.group}/${r.kind}` : r.kind);
  }
  return [...byFile].map(([file, e]) => ({ file, reason: 'unchecked-kind', count: e.count, ...(e.line ? { line: e.line } : {}), kinds: [...e.kinds].sort() }));
}
