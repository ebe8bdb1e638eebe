import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../lib/cli/run';

/** What one in-process run of the CLI gave. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output; standard input is `stdin`, never a terminal unless `tty`. */
export async function runAioSecure(args: string[], opts: { stdin?: string; tty?: boolean } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (s) => { stdout += s; },
    stderr: (s) => { stderr += s; },
    readStdin: () => Buffer.from(opts.stdin ?? ''),
    isTty: opts.tty ?? false,
  });
  return { code, stdout, stderr };
}

/** An exposed BrokerListener without TLS, authentication or authorization. */
export const OPEN_LISTENER = (name = 'open', namespace = 'lab', port = 1883): string => `apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  brokerRef: default
  serviceType: LoadBalancer
  ports:
    - port: ${port}
`;

/** A waiver entry of a waivers file, as YAML lines. */
export const WAIVER_ENTRY = (rule: string, target: string, expires = '2099-12-31', extra = ''): string =>
  `  - rule: ${rule}\n    target: ${target}\n    reason: Lab broker on an isolated VLAN without routes to production; replaced in Q3.\n    owner: ot-platform-team\n    expires: ${expires}\n${extra}`;

/** A temporary directory that each test of a file gets fresh (see `tempDirPerTest`). */
export interface TempDir {
  /** A path in the current test's directory (the directory itself without segments). */
  at(...segments: string[]): string;
  /** Writes `text` at `path` in the current test's directory, creating its folders; returns the full path. */
  write(path: string, text: string): string;
}

/** Registers hooks that make a fresh temporary directory (named `prefix...`) before each test and remove it after. */
export function tempDirPerTest(prefix: string): TempDir {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const at = (...segments: string[]) => join(dir, ...segments);
  return {
    at,
    write(path, text) {
      const full = at(path);
      mkdirSync(join(full, '..'), { recursive: true });
      writeFileSync(full, text);
      return full;
    },
  };
}
