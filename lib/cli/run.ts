import { READ_LIMITS } from '../inputs/kubernetes-reader';
import { access, ACCESS_USAGE } from './access';
import { allowlist, ALLOWLIST_USAGE } from './allowlist';
import { check } from './check';
import { EXIT, packageVersion, type CliIo } from './io';
import { reach, REACH_USAGE } from './reach';
import { readInputs } from './read-inputs';
import { rules } from './rules';
import { synth, SYNTH_USAGE } from './synth';
import { WAIVERS_FILE_NAME } from '../inputs/waivers-file';
import { OUTPUT_FORMATS } from './output-formats';

export { EXIT, type CliIo } from './io';

const mib = (bytes: number) => `${bytes / (1024 * 1024)} MiB`;

const USAGE = `Usage: aio-secure check <input>... [--format <format>[=<file>]]... [--profile production|development]
                          [--waivers <file>]... [--no-color]
       aio-secure rules [<rule>] [--format text|json]
       aio-secure access <input>... --principal <spec> --action <action> [--topic <topic>] | --matrix
       aio-secure reach <input>... [--from <zone> --to <zone> | --broker] [--format text|json]
       aio-secure allowlist <input>... --region <region> [--format csv|json|markdown]
       aio-secure synth <program> [--out <dir>] [--arm <dir>]

Checks Kubernetes manifests (multi-document YAML, JSON, kind: List, helm template output,
kubectl get -o yaml exports) and ARM templates against Microsoft's security guidance for Azure IoT
Operations. An <input> is a file, a directory (read recursively: *.yaml, *.yml, *.json), a glob
(quoted: "manifests/**/*.yaml"; * within a folder, ** across folders, ?, [ab], {a,b}) or "-" for
standard input. YAML that is not a Kubernetes object (Helm values, kustomization.yaml) is skipped
and counted; objects of kinds no rule checks are counted too. Input over ${mib(READ_LIMITS.maxFileBytes)} a file
(${mib(READ_LIMITS.maxTotalBytes)} a run) or nested over ${READ_LIMITS.maxNesting} levels is refused; a file that cannot be read is
reported while the others are checked.

Options of check:
  --format    the report: ${OUTPUT_FORMATS.join(', ')} (default text). Repeatable:
              <format>=<file> writes that report to a file (atomically, never with colour); at
              most one goes to standard output: --format text --format sarif=report.sarif
  --profile   production (default; the strict reading) or development
  --waivers   a waivers file (repeatable); without it, ${WAIVERS_FILE_NAME} is read from the
              folder of each input (a directory's own folder, a file's folder, a glob's base
              folder; the current folder for "-") and covers what was read below that folder
  --no-color  no ANSI colour even on a terminal (text files never have colour)
  --help      this text (aio-secure <command> --help for a command)
  --version   the package version

Exit codes: 0 no unwaived error findings, 1 unwaived error findings, 2 unusable input, unusable
waivers file, a report that could not be written, or a usage error; 3 internal error.
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
    case 'rules':
      return rules(rest, io);
    case 'reach':
      if (rest.includes('--help')) {
        io.stdout(REACH_USAGE);
        return EXIT.ok;
      }
      return reach(rest, io, REACH_USAGE);
    case 'allowlist':
      if (rest.includes('--help')) {
        io.stdout(ALLOWLIST_USAGE);
        return EXIT.ok;
      }
      return allowlist(rest, io, ALLOWLIST_USAGE);
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
