import { READ_LIMITS } from '../inputs/kubernetes-reader';
import { access, ACCESS_USAGE } from './access';
import { check } from './check';
import { EXIT, type CliIo } from './io';
import { readInputs } from './read-inputs';
import { synth, SYNTH_USAGE } from './synth';

export { EXIT, type CliIo } from './io';

const mib = (bytes: number) => `${bytes / (1024 * 1024)} MiB`;

const USAGE = `Usage: aio-secure check <file|directory|->... [--format text|json] [--profile production|development] [--no-color]
       aio-secure access <file|directory|->... --principal <spec> --action <action> [--topic <topic>] | --matrix
       aio-secure synth <program> [--out <dir>] [--arm <dir>]

Checks Kubernetes manifests (multi-document YAML, JSON, kind: List) and ARM templates against
Microsoft's security guidance for Azure IoT Operations. "-" reads standard input; directories are
read recursively. YAML that is not a Kubernetes object (Helm values, kustomization.yaml) is
skipped and counted. Input over ${mib(READ_LIMITS.maxFileBytes)} a file (${mib(READ_LIMITS.maxTotalBytes)} a run) or nested
over ${READ_LIMITS.maxNesting} levels is refused.

Options:
  --format    text (default) or json
  --profile   production (default; the strict reading) or development
  --no-color  no ANSI colour even on a terminal
  --help      this text (aio-secure <command> --help for a command)
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
  switch (command) {
    case 'check':
      return check(rest, io, USAGE);
    case 'access':
      if (rest.includes('--help')) {
        io.stdout(ACCESS_USAGE);
        return EXIT.ok;
      }
      return access(rest, io, (paths) => readInputs(paths, io));
    case 'synth':
      if (rest.includes('--help')) {
        io.stdout(SYNTH_USAGE);
        return EXIT.ok;
      }
      return synth(rest, io);
    default:
      io.stderr(`aio-secure: unknown command "${command}". Run "aio-secure --help" for usage.\n`);
      return EXIT.unusable;
  }
}

function packageVersion(): string {
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
  return 'unknown';
}
