#!/usr/bin/env node
import { EXIT, runCli } from './run';
import { readBounded } from './stdin';

runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readStdin: (maxBytes) => readBounded(process.stdin, maxBytes),
  isTty: Boolean(process.stdout.isTTY),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`aio-secure: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    process.exitCode = EXIT.internal;
  },
);
