import { parseArgs } from 'node:util';
import { accessMatrix, MqttAccessModel, type AccessDecision, type MqttPrincipal } from '../analysis/mqtt-access';
import type { ReadResult } from '../inputs/kubernetes-reader';
import type { CliIo } from './io';
import { located } from './read-inputs';

/** Usage of `aio-secure access`. */
export const ACCESS_USAGE = `Usage: aio-secure access <file|directory|->... --principal <spec> --action connect|publish|subscribe [--topic <topic>] [--listener <name>] [--port <n>] [--format text|json]
       aio-secure access <file|directory|->... --matrix [--listener <name>] [--port <n>] [--format text|json]

Answers who may connect, publish and subscribe on each broker listener port, from the
BrokerListener, BrokerAuthentication and BrokerAuthorization objects in the input.
  --principal  clientId=<id>,username=<name>,attr.<key>=<value>,... (any of them)
  --topic      a topic (publish) or topic filter (subscribe; $share/<group>/<filter> allowed)
  --matrix     every principal the authorizations name against every filter they grant

Exit codes: 0 allowed on at least one port (or the matrix was printed), 1 denied on every port,
2 unusable input, usage error, no matching port, or no answer (an authorization is missing).
`;

/** Parses `clientId=a,username=b,attr.site=x` into a principal; throws with a clear message. */
export function parsePrincipal(spec: string): MqttPrincipal {
  const principal: { clientId?: string; username?: string; attributes?: Record<string, string> } = {};
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`--principal part "${part}" is not key=value; use clientId=<id>, username=<name> or attr.<key>=<value>`);
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1);
    if (key === 'clientId') principal.clientId = value;
    else if (key === 'username') principal.username = value;
    else if (key.startsWith('attr.') && key.length > 5) principal.attributes = { ...principal.attributes, [key.slice(5)]: value };
    else throw new Error(`--principal key "${key}" is unknown; use clientId, username or attr.<key>`);
  }
  return principal;
}

/** Runs `aio-secure access`; `read` turns the positional paths into resources or reports problems. */
export async function access(argv: readonly string[], io: CliIo, read: (paths: readonly string[]) => Promise<ReadResult>): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        principal: { type: 'string' },
        action: { type: 'string' },
        topic: { type: 'string' },
        listener: { type: 'string' },
        port: { type: 'string' },
        matrix: { type: 'boolean', default: false },
        format: { type: 'string', default: 'text' },
      },
    });
  } catch (e) {
    io.stderr(`aio-secure access: ${(e as Error).message}. Run "aio-secure access --help" for usage.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const usage = (message: string) => {
    io.stderr(`aio-secure access: ${message}\n`);
    return 2;
  };
  if (values.format !== 'text' && values.format !== 'json') return usage(`--format "${values.format}" is not supported. Use text or json.`);
  if (positionals.length === 0) return usage('no input. Give files, directories or "-" for standard input.');
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) return usage(`--port "${values.port}" is not a port number.`);

  const input = await read(positionals);
  for (const p of input.problems) io.stderr(`aio-secure: ${located(p)}\n`);
  if (input.problems.length) return 2;
  const model = MqttAccessModel.fromResources(input.resources);

  if (values.matrix) {
    const matrices = accessMatrix(model, { port, listener: values.listener });
    if (matrices.length === 0) return usage('no listener port matches.');
    if (values.format === 'json') io.stdout(`${JSON.stringify(matrices, null, 2)}\n`);
    else io.stdout(matrices.map(matrixText).join('\n'));
    return 0;
  }

  if (values.principal === undefined) return usage('--principal is required (or use --matrix).');
  let principal: MqttPrincipal;
  try {
    principal = parsePrincipal(values.principal);
  } catch (e) {
    return usage((e as Error).message);
  }
  const action = values.action ?? 'connect';
  if (action !== 'connect' && action !== 'publish' && action !== 'subscribe') return usage(`--action "${action}" is not connect, publish or subscribe.`);
  if (action !== 'connect' && !values.topic) return usage(`--action ${action} needs --topic.`);
  const decisions = model.decide({ principal, action, topic: values.topic, listener: values.listener, port });
  if (decisions.length === 0) return usage('no listener port matches.');
  if (values.format === 'json') io.stdout(`${JSON.stringify({ principal, action, topic: values.topic, decisions }, null, 2)}\n`);
  else io.stdout(decisions.map(decisionText).join(''));
  if (decisions.some((d) => d.allowed === true)) return 0;
  if (decisions.some((d) => d.allowed === undefined)) return 2;
  return 1;
}

function decisionText(d: AccessDecision): string {
  const verdict = d.allowed === true ? 'allowed' : d.allowed === false ? 'denied' : 'unknown';
  return `${verdict.padEnd(7)} ${d.port.listener}:${d.port.port} (${d.port.protection}): ${d.reason}\n`;
}

function matrixText(m: ReturnType<typeof accessMatrix>[number]): string {
  const name = (p: MqttPrincipal) =>
    [p.clientId && `clientId=${p.clientId}`, p.username && `username=${p.username}`, ...Object.entries(p.attributes ?? {}).map(([k, v]) => `attr.${k}=${v}`)]
      .filter(Boolean).join(',');
  const cell = (c: { publish: boolean | undefined; subscribe: boolean | undefined }) =>
    c.publish === undefined || c.subscribe === undefined ? '?' : c.publish && c.subscribe ? 'pub+sub' : c.publish ? 'pub' : c.subscribe ? 'sub' : '-';
  const lines = [`${m.port.listener}:${m.port.port} (${m.port.protection})`];
  m.filters.forEach((f, i) => lines.push(`  [${i + 1}] ${f}`));
  for (const r of m.rows) lines.push(`  ${name(r.principal)}: ${r.cells.map((c, i) => `[${i + 1}] ${cell(c)}`).join('  ')}`);
  return `${lines.join('\n')}\n`;
}
