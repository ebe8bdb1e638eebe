import { parseArgs } from 'node:util';
import { SKIP_REASONS } from '../inputs/kubernetes-reader';
import { renderJson } from '../report/json';
import { renderText } from '../report/text';
import { verdictOf, type InputSummary } from '../report/verdict';
import { checkResources } from '../rules/engine';
import { PROFILES, type Profile } from '../rules/types';
import { EXIT, usageError, type CliIo } from './io';
import { located, readInputs } from './read-inputs';

/** Runs `aio-secure check`. The exit code follows the verdict: pass 0, fail 1, unusable 2. */
export async function check(argv: readonly string[], io: CliIo, usage: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        'format': { type: 'string', default: 'text' },
        'profile': { type: 'string', default: 'production' },
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
  const format = values.format;
  if (format !== 'text' && format !== 'json') return usageError(io, 'check', `--format "${format}" is not supported. Use text or json.`);
  const profile = values.profile as Profile;
  if (!PROFILES.includes(profile)) return usageError(io, 'check', `--profile "${values.profile}" is not a profile. Use ${PROFILES.join(' or ')}.`);
  if (positionals.length === 0) return usageError(io, 'check', 'no input. Give files, directories or "-" for standard input.');

  const input = await readInputs(positionals, io);
  const problems = [...input.problems];
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
  const result = checkResources(input.resources, { profile });
  const summary: InputSummary = {
    files: input.files,
    objects: input.resources.length,
    problems,
    ...(input.skipped ? { skipped: input.skipped } : {}),
    ...(input.notes ? { notes: input.notes } : {}),
  };

  if (format === 'json') {
    io.stdout(renderJson(result, summary));
  } else {
    for (const p of problems) io.stderr(`aio-secure: ${located(p)}\n`);
    io.stdout(renderText(result, summary, { color: io.isTty && !values['no-color'], listProblems: false }));
  }
  const verdict = verdictOf(result, summary);
  return verdict === 'unusable' ? EXIT.unusable : verdict === 'fail' ? EXIT.findings : EXIT.ok;
}
