import { parseArgs } from 'node:util';
import { readKubernetesBytes, readKubernetesPaths, READ_LIMITS, type ReadResult } from '../inputs/kubernetes-reader';
import { renderJson } from '../report/json';
import { renderText } from '../report/text';
import { checkResources } from '../rules/engine';
import { PROFILES, type Profile } from '../rules/types';
import { access, ACCESS_USAGE } from './access';

/** Exit codes of the CLI. */
export const EXIT = {
  /** No unwaived finding at `error`. */
  ok: 0,
  /** Unwaived findings at `error`. */
  findings: 1,
  /** Unusable input (missing file, no manifests, invalid YAML, ...) or a usage error. */
  unusable: 2,
  /** A bug in aio-secure; please report it. */
  internal: 3,
} as const;

/** What the CLI talks to; tests pass their own. */
export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  readStdin(): Buffer;
  isTty: boolean;
}

const USAGE = `Usage: aio-secure check <file|directory|->... [--format text|json] [--profile production|development] [--no-color]
       aio-secure access <file|directory|->... --principal <spec> --action <action> [--topic <topic>] | --matrix

Checks Kubernetes manifests (multi-document YAML, JSON, kind: List) against Microsoft's security
guidance for Azure IoT Operations. "-" reads standard input; directories are read recursively.

Options:
  --format    text (default) or json
  --profile   production (default; the strict reading) or development
  --no-color  no ANSI colour even on a terminal
  --help      this text
  --version   the package version

Exit codes: 0 no unwaived error findings, 1 unwaived error findings, 2 unusable input or usage,
3 internal error.
`;

/** Runs the CLI with `argv` (without node and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(USAGE);
    return command === undefined ? EXIT.unusable : EXIT.ok;
  }
  if (command === '--version') {
    io.stdout(`${packageVersion()}\n`);
    return EXIT.ok;
  }
  if (command === 'access') {
    if (rest.includes('--help')) {
      io.stdout(ACCESS_USAGE);
      return EXIT.ok;
    }
    return access(rest, io, (paths) => readInputs(paths, io));
  }
  if (command !== 'check') {
    io.stderr(`aio-secure: unknown command "${command}". Run "aio-secure --help" for usage.\n`);
    return EXIT.unusable;
  }
  return check(rest, io);
}

function check(argv: readonly string[], io: CliIo): number {
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
    io.stderr(`aio-secure check: ${(e as Error).message}. Run "aio-secure --help" for usage.\n`);
    return EXIT.unusable;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json') {
    io.stderr(`aio-secure check: --format "${format}" is not supported. Use text or json.\n`);
    return EXIT.unusable;
  }
  const profile = values.profile as Profile;
  if (!PROFILES.includes(profile)) {
    io.stderr(`aio-secure check: --profile "${values.profile}" is not a profile. Use ${PROFILES.join(' or ')}.\n`);
    return EXIT.unusable;
  }
  if (positionals.length === 0) {
    io.stderr('aio-secure check: no input. Give files, directories or "-" for standard input.\n');
    return EXIT.unusable;
  }

  const input = readInputs(positionals, io);
  const result = checkResources(input.resources, { profile });
  const summary = { files: input.files, objects: input.resources.length, problems: input.problems };
  if (input.resources.length === 0 && input.problems.length === 0) {
    input.problems.push({ file: positionals.join(' '), message: 'holds no Kubernetes objects' });
  }

  if (format === 'json') {
    io.stdout(renderJson(result, summary));
  } else {
    for (const p of input.problems) io.stderr(`aio-secure: ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}\n`);
    io.stdout(renderText(result, { ...summary, problems: [] }, { color: io.isTty && !values['no-color'] }));
  }
  if (input.problems.length) return EXIT.unusable;
  return result.summary.passed ? EXIT.ok : EXIT.findings;
}

function readInputs(paths: readonly string[], io: CliIo): ReadResult & { problems: ReadResult['problems'] } {
  const files = paths.filter((p) => p !== '-');
  const result = readKubernetesPaths(files);
  if (paths.includes('-')) {
    let bytes: Buffer;
    try {
      bytes = io.readStdin();
    } catch (e) {
      result.problems.push({ file: '<stdin>', message: `cannot read: ${(e as Error).message}` });
      return result;
    }
    if (bytes.length > READ_LIMITS.maxFileBytes) {
      result.problems.push({ file: '<stdin>', message: `is more than the ${READ_LIMITS.maxFileBytes}-byte limit` });
      return result;
    }
    const r = readKubernetesBytes(bytes, '<stdin>');
    return { resources: [...result.resources, ...r.resources], problems: [...result.problems, ...r.problems], files: result.files + r.files };
  }
  return result;
}

function packageVersion(): string {
  try {
    // The compiled file sits at build/lib/cli/run.js; the sources at lib/cli/run.ts.
    for (const candidate of ['../../../package.json', '../../package.json']) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const pkg = require(candidate) as { name?: string; version?: string };
        if (pkg.name === 'aio-secure' && pkg.version) return pkg.version;
      } catch {
        // try the next candidate
      }
    }
  } catch {
    // fall through
  }
  return 'unknown';
}
