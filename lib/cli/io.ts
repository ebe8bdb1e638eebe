/** Exit codes of the CLI. */
export const EXIT = {
  /** No unwaived finding at `error` (check); the output was written (synth). */
  ok: 0,
  /** Unwaived findings at `error`; for synth, the guidance checks failed it. */
  findings: 1,
  /** Unusable input (missing file, no manifests, invalid YAML, ...), an unloadable program, or a usage error. */
  unusable: 2,
  /** A bug in aio-secure; please report it. */
  internal: 3,
} as const;

/** What the CLI talks to; tests pass their own. */
export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  /**
   * Reads standard input: all of it when it has at most `maxBytes` bytes, else `maxBytes + 1`
   * bytes (enough to tell it is over the limit) without reading the rest.
   */
  readStdin(maxBytes: number): Buffer | Promise<Buffer>;
  isTty: boolean;
  /**
   * Loads the program `aio-secure synth` is given (an absolute path) and returns its exports.
   * @default `loadProgram` from lib/cli/load-program.ts: `require`, through ts-node for `.ts`
   */
  loadProgram?(path: string): unknown;
}

/** Writes `aio-secure <command>: <message>` to standard error and returns `EXIT.unusable`. */
export function usageError(io: CliIo, command: string, message: string): number {
  io.stderr(`aio-secure ${command}: ${message}\n`);
  return EXIT.unusable;
}

/** The version of the package, read from its package.json; `unknown` when it cannot be found. */
export function packageVersion(): string {
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
