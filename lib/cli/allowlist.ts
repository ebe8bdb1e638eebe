import { parseArgs } from 'node:util';
import { allowlistCsv, allowlistJson, allowlistMarkdown, firewallAllowlist } from '../model/firewall-allowlist';
import { EXIT, usageError, type CliIo } from './io';
import { located, readInputs } from './read-inputs';

/** Usage of `aio-secure allowlist`. */
export const ALLOWLIST_USAGE = `Usage: aio-secure allowlist <file|directory|->... --region <region> [--format csv|json|markdown]

Writes the outbound endpoints (FQDN, port, purpose, condition) the deployment in the input needs
on the enterprise firewall or proxy (CN-3), from Microsoft's Arc and AIO endpoint lists and what the
deployment uses: Key Vaults, dataflow endpoint hosts, registry endpoints, connected cluster settings.
`;

/** Runs `aio-secure allowlist`. */
export async function allowlist(argv: readonly string[], io: CliIo, usage: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { region: { type: 'string' }, format: { type: 'string', default: 'csv' }, help: { type: 'boolean', default: false } },
    });
  } catch (e) {
    return usageError(io, 'allowlist', `${(e as Error).message}. Run "aio-secure allowlist --help" for usage.`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(usage);
    return EXIT.ok;
  }
  const format = values.format;
  if (format !== 'csv' && format !== 'json' && format !== 'markdown') return usageError(io, 'allowlist', `--format "${format}" is not supported. Use csv, json or markdown.`);
  if (values.region === undefined) return usageError(io, 'allowlist', '--region is required (the connected cluster\'s Azure region, e.g. westeurope).');
  if (!/^[a-z][a-z0-9]*$/.test(values.region)) return usageError(io, 'allowlist', `--region "${values.region}" is not an Azure region name such as westeurope.`);
  if (positionals.length === 0) return usageError(io, 'allowlist', 'no input. Give files, directories or "-" for standard input.');
  const input = await readInputs(positionals, io);
  for (const p of input.problems) io.stderr(`aio-secure: ${located(p)}\n`);
  if (input.problems.length) return EXIT.unusable;
  const list = firewallAllowlist(input.resources, { region: values.region });
  io.stdout(format === 'csv' ? allowlistCsv(list) : format === 'json' ? allowlistJson(list) : allowlistMarkdown(list));
  return EXIT.ok;
}
