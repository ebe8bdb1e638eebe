import { parseArgs } from 'node:util';
import { ReachabilityModel, type ExternalZone } from '../analysis/reachability';
import { EXIT, usageError, type CliIo } from './io';
import { located, readInputs } from './read-inputs';

/** Usage of `aio-secure reach`. */
export const REACH_USAGE = `Usage: aio-secure reach <file|directory|->... [--external <zone>=<cidr>[,<cidr>...]]... [--format text|json]
       aio-secure reach <file|directory|->... --from <zone> --to <zone> [--format text|json]
       aio-secure reach <file|directory|->... --broker [--format text|json]

Computes which zones and workloads can reach which, on which ports, from the Namespaces, workloads
(Pods, Deployments, StatefulSets, DaemonSets, ...), Services, BrokerListeners and NetworkPolicies in
the input, with Kubernetes NetworkPolicy semantics. A zone is a namespace's aio-secure.io/zone
label, or the namespace name; external zones are CIDR blocks (--external, or recorded on the
policies by SegmentedEdgeNetwork).
  (no query)  the zone matrix, the declared conduits, and any problem reading the input
  --from/--to whether zone <from> is isolated from zone <to>, and the paths if not
  --broker    each broker listener port and who can connect to it

Exit codes: 0 answered (--from/--to: isolated), 1 --from/--to: reachable, 2 unusable input, usage
error, or an incomplete answer (a policy could not be read).
`;

/** Runs `aio-secure reach`. */
export async function reach(argv: readonly string[], io: CliIo, usage: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        external: { type: 'string', multiple: true, default: [] },
        from: { type: 'string' },
        to: { type: 'string' },
        broker: { type: 'boolean', default: false },
        format: { type: 'string', default: 'text' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    return usageError(io, 'reach', `${(e as Error).message}. Run "aio-secure reach --help" for usage.`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(usage);
    return EXIT.ok;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json') return usageError(io, 'reach', `--format "${format}" is not supported. Use text or json.`);
  if ((values.from === undefined) !== (values.to === undefined)) return usageError(io, 'reach', '--from and --to go together.');
  if (values.broker && values.from !== undefined) return usageError(io, 'reach', '--broker cannot be combined with --from/--to.');
  const externalZones: ExternalZone[] = [];
  for (const spec of values.external ?? []) {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) return usageError(io, 'reach', `--external "${spec}" is not <zone>=<cidr>[,<cidr>...].`);
    externalZones.push({ name: spec.slice(0, eq), cidrs: spec.slice(eq + 1).split(',') });
  }
  if (positionals.length === 0) return usageError(io, 'reach', 'no input. Give files, directories or "-" for standard input.');

  const input = await readInputs(positionals, io);
  for (const p of input.problems) io.stderr(`aio-secure: ${located(p)}\n`);
  if (input.problems.length) return EXIT.unusable;
  if (input.resources.length === 0) return usageError(io, 'reach', `${positionals.join(' ')} holds no Kubernetes objects.`);

  const model = ReachabilityModel.fromResources(input.resources, { externalZones });
  for (const p of model.problems) io.stderr(`aio-secure reach: ${p.resource}: ${p.message}\n`);
  const incomplete = model.problems.length ? EXIT.unusable : undefined;

  if (values.from !== undefined && values.to !== undefined) {
    let answer;
    try {
      answer = model.isolation(values.from, values.to);
    } catch (e) {
      return usageError(io, 'reach', (e as Error).message);
    }
    if (format === 'json') io.stdout(`${JSON.stringify(answer, null, 2)}\n`);
    else {
      const verdict = answer.isolated ? 'ISOLATED' : 'REACHABLE';
      io.stdout(`${verdict} ${answer.from} -> ${answer.to}${answer.certain ? '' : ' (uncertain: placeholders stand in for workloads the input does not show, or a policy could not be read)'}\n`);
      for (const p of answer.paths) io.stdout(`  ${p.from} -> ${p.to}: ${p.ports.join(', ')}\n`);
    }
    return incomplete ?? (answer.isolated ? EXIT.ok : EXIT.findings);
  }

  if (values.broker) {
    const ports = model.brokerReach();
    if (format === 'json') io.stdout(`${JSON.stringify(ports, null, 2)}\n`);
    else if (!ports.length) io.stdout('No BrokerListener in the input.\n');
    else {
      for (const p of ports) {
        io.stdout(`${p.namespace}/${p.listener}:${p.port} (${p.tls ? 'TLS' : 'no TLS'}, ${p.serviceType}${p.exposed ? ', reachable from outside the cluster through its service' : ''})\n`);
        if (!p.reachedBy.length) io.stdout('  reached by no workload or zone in the input\n');
        for (const r of p.reachedBy) io.stdout(`  ${r.endpoint} (zone ${r.zone})\n`);
      }
    }
    return incomplete ?? EXIT.ok;
  }

  const graph = model.graph();
  if (format === 'json') io.stdout(`${JSON.stringify(graph, null, 2)}\n`);
  else {
    io.stdout(`Zones: ${graph.zones.map((z) => `${z.id}${z.kind === 'external' ? ` (${z.cidrs!.join(', ')})` : ''}`).join(', ')}\n`);
    io.stdout('Reachable (zone -> zone: ports):\n');
    for (const e of graph.zoneEdges) io.stdout(`  ${e.from} -> ${e.to}: ${e.ports.join(', ')}\n`);
    if (graph.declaredConduits.length) {
      io.stdout('Declared conduits:\n');
      for (const c of graph.declaredConduits) io.stdout(`  ${c.name}: ${c.from} -> ${c.to}\n`);
    }
  }
  return incomplete ?? EXIT.ok;
}
