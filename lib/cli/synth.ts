/**
 * `aio-secure synth`: synthesizes a cdk8s program atomically and, with `--arm`, writes the ARM
 * templates of its AIO resources and of the Azure resources around them (Key Vaults, identities,
 * role assignments, Arc extensions, ...; the constructs keep those out of the YAML): the production
 * path for cdk8s users without Pulumi. Per chart, a resource-group template and, for the
 * subscription-scoped resources (the Defender for Containers plan), a subscription template.
 *
 * cdk8s (and aio-secure's cdk8s backend) are loaded only here, when the command runs, so that
 * `aio-secure check` and the core never load them.
 */
import { existsSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import type { App } from 'cdk8s';
import { partitionForArm, renderArmTemplate, renderSubscriptionTemplate } from '../arm/template';
import type { Resource } from '../model/resource';
import { EXIT, usageError, type CliIo } from './io';
import { loadProgram as defaultLoadProgram } from './load-program';
import { replaceDirectory } from './replace-directory';

/** Usage of `aio-secure synth`. */
export const SYNTH_USAGE = `Usage: aio-secure synth <program> [--out <dir>] [--arm <dir>]

Synthesizes a cdk8s program: runs the guidance checks, then replaces the output folder with the
YAML of every chart only when all of it is written.
  <program>  a CommonJS .js file (or .ts, when ts-node is installed) that exports \`app\` (a cdk8s
             App), or \`buildApp\` or a default export: a function that returns one. The function
             is called with the --out folder.
  --out      folder for the YAML (default: the app's outdir)
  --arm      folder for the ARM templates of the AIO resources and the Azure resources around
             them (Key Vaults, identities, role assignments, Arc extensions, ...), per chart
             that has any: <chart>.arm.json for "az deployment group create" and, when the
             chart has subscription-scoped resources (the Defender for Containers plan),
             <chart>.subscription.arm.json for "az deployment sub create", to deploy first;
             replaced as a whole, so it must be neither the --out folder nor inside it

Exit codes: 0 written, 1 the guidance checks (or other validations) failed and nothing was
written, 2 usage error or a program that cannot be loaded or synthesized.
`;

/** Runs `aio-secure synth`. */
export async function synth(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { out: { type: 'string' }, arm: { type: 'string' }, help: { type: 'boolean', default: false } },
    });
  } catch (e) {
    return usageError(io, 'synth', `${(e as Error).message}. Run "aio-secure synth --help" for usage.`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(SYNTH_USAGE);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    return usageError(io, 'synth', `give exactly one program (got ${positionals.length}). Run "aio-secure synth --help" for usage.`);
  }
  const program = resolve(positionals[0]);
  if (!existsSync(program)) return usageError(io, 'synth', `${positionals[0]}: does not exist. Give the path of the compiled cdk8s program.`);
  const out = values.out === undefined ? undefined : resolve(values.out);
  const armDir = values.arm === undefined ? undefined : resolve(values.arm);
  if (out && armDir && overlaps(out, armDir)) return usageError(io, 'synth', sameFolder(out, armDir));

  let app: App;
  try {
    app = await appOf((io.loadProgram ?? defaultLoadProgram)(program), out);
  } catch (e) {
    return usageError(io, 'synth', `${positionals[0]}: ${firstLine(e)}`);
  }

  // From here on cdk8s is needed; it is loaded only now. The program brought its own copy.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { synthAtomically } = require('../cdk8s/synth') as typeof import('../cdk8s/synth');
  const { GuidanceChecks } = require('../cdk8s/guidance-checks') as typeof import('../cdk8s/guidance-checks');
  /* eslint-enable @typescript-eslint/no-require-imports */

  if (out !== undefined && resolve(app.outdir) !== out) {
    // App.outdir is fixed at construction; an `app` export cannot be told where to write, so the
    // one property synthAtomically reads is replaced.
    Object.defineProperty(app, 'outdir', { value: out, enumerable: true, configurable: true });
  }
  const outdir = resolve(app.outdir);
  if (armDir && overlaps(outdir, armDir)) return usageError(io, 'synth', sameFolder(outdir, armDir));

  let checks;
  try {
    // Adds the checks (production profile) to an app that has none, so synth always runs them.
    checks = GuidanceChecks.of(app);
  } catch (e) {
    return usageError(io, 'synth', `${positionals[0]}: cannot add the guidance checks: ${firstLine(e)}. ` +
      'The program may use another copy of aio-secure; run the aio-secure the program depends on (npx aio-secure synth).');
  }

  // The templates are rendered before anything is written, so that a program whose AIO resources
  // cannot become a template (e.g. two with one ARM name) leaves both folders as they were; the
  // resource-group and subscription templates are written together, or neither is.
  let templates: Map<string, string> | undefined;
  let armError: unknown;
  if (armDir) {
    try {
      templates = armTemplatesByChart(app, checks.check());
    } catch (e) {
      armError = e;
    }
  }

  let files: string[];
  try {
    if (armError !== undefined) {
      app.synthYaml(); // validation errors, if any, come first; nothing is written
      return usageError(io, 'synth', `${positionals[0]}: cannot render the ARM template: ${firstLine(armError)}`);
    }
    files = synthAtomically(app);
  } catch (e) {
    const message = (e as Error)?.message ?? String(e);
    const validation = /^Validation failed with the following errors:\n/.exec(message);
    if (!validation) return usageError(io, 'synth', `${positionals[0]}: cannot synthesize: ${firstLine(e)}`);
    // One line per error: `[<validating construct>] <construct path>: [<rule>] <message> Fix: ...`.
    for (const line of message.slice(validation[0].length).split('\n')) if (line.trim()) io.stderr(`aio-secure synth: ${line.trim()}\n`);
    io.stderr(`aio-secure synth: ${positionals[0]}: validation failed; nothing was written.\n`);
    return EXIT.findings;
  }
  io.stdout(`Synthesized ${files.length} file(s) into ${shown(outdir)}: ${files.map(shown).join(', ')}\n`);

  if (armDir && templates) {
    let written: string[];
    try {
      written = replaceDirectory(armDir, templates);
    } catch (e) {
      return usageError(io, 'synth', `${shown(armDir)}: cannot write the ARM templates (the YAML was written): ${firstLine(e)}`);
    }
    io.stdout(written.length
      ? `Wrote ${written.length} ARM template(s) into ${shown(armDir)}: ${written.map(shown).join(', ')}\n`
      : `Wrote no ARM template into ${shown(armDir)}: the app has no AIO resources that deploy through ARM.\n`);
  }
  return EXIT.ok;
}

/**
 * The app a program's exports stand for: `app`, else `buildApp` or the default export (a
 * function, called with the output folder, possibly async), else a default export that is an app.
 */
async function appOf(exports: unknown, out: string | undefined): Promise<App> {
  const mod = (exports ?? {}) as Record<string, unknown>;
  if (isApp(mod.app)) return mod.app;
  const candidates: [string, unknown][] = [['buildApp', mod.buildApp], ['default', mod.default], ['module.exports', exports]];
  for (const [name, candidate] of candidates) {
    if (typeof candidate !== 'function') continue;
    const made: unknown = await (candidate as (outdir?: string) => unknown)(out);
    if (isApp(made)) return made;
    throw new Error(`${name}() returned ${describe(made)}, not a cdk8s App. Return the App.`);
  }
  if (isApp(mod.default)) return mod.default;
  if (isApp(exports)) return exports;
  throw new Error(
    `exports neither \`app\` (a cdk8s App) nor \`buildApp\` or a default export returning one (found: ${Object.keys(mod).join(', ') || 'no exports'}). ` +
      `Export it, e.g. "export function buildApp(outdir?: string) { const app = new App({ outdir }); ...; return app; }", and leave app.synth() to aio-secure synth.`,
  );
}

/** A cdk8s App, recognized by shape: the program may load another copy of cdk8s than ours. */
function isApp(x: unknown): x is App {
  const a = x as Partial<App> | null | undefined;
  return typeof a === 'object' && a !== null && typeof a.synthYaml === 'function' && typeof a.outdir === 'string' && Array.isArray(a.charts) && a.node !== undefined;
}

/**
 * The ARM templates of each chart that has ARM resources (AIO resources, and the Azure-only
 * resources that the constructs keep beside their ApiObjects, which `GuidanceChecks.check()`
 * returns with the construct path of their holder), named like the chart's YAML (beside
 * `<chart>.k8s.yaml`): `<chart>.arm.json`, the resource-group deployment, and
 * `<chart>.subscription.arm.json`, the subscription deployment of its subscription-scoped
 * resources (Defender pricings), each only when the chart has such resources. A chart is one
 * deployable unit, and two charts may well hold resources with the same ARM name (two sites),
 * which one template could not deploy. Throws when two charts would write one file.
 */
function armTemplatesByChart(app: App, checked: { resources: Resource[]; constructPaths: Map<string, string> }): Map<string, string> {
  const charts = app.charts.map((c) => c.node.path).sort((a, b) => b.length - a.length);
  const byChart = new Map<string, Resource[]>();
  for (const r of partitionForArm(checked.resources).arm) {
    const path = checked.constructPaths.get(r.id) ?? '';
    // The nearest enclosing chart: the longest chart path that prefixes the construct path.
    const chart = charts.find((c) => c === '' || path === c || path.startsWith(`${c}/`)) ?? '';
    byChart.set(chart, [...(byChart.get(chart) ?? []), r]);
  }
  const templates = new Map<string, string>();
  const writer = new Map<string, string>();
  const add = (chart: string, file: string, template: unknown) => {
    const other = writer.get(file);
    if (other !== undefined) {
      throw new Error(`charts "${other}" and "${chart}" would both write ${file}. Give one of them another id.`);
    }
    writer.set(file, chart);
    templates.set(file, `${JSON.stringify(template, null, 2)}\n`);
  };
  for (const [chart, resources] of byChart) {
    const base = chart.replace(/[^0-9a-zA-Z-_.]/g, '-') || 'chart';
    const { resourceGroup, subscription } = partitionForArm(resources);
    if (resourceGroup.length) add(chart, `${base}.arm.json`, renderArmTemplate(resourceGroup));
    if (subscription.length) add(chart, `${base}.subscription.arm.json`, renderSubscriptionTemplate(subscription));
  }
  return templates;
}

function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}${sep}`) || b.startsWith(`${a}${sep}`);
}

function sameFolder(out: string, arm: string): string {
  return `--arm ${shown(arm)} and the output folder ${shown(out)} overlap; each is replaced as a whole. Give --arm a folder of its own (e.g. ${shown(`${out}-arm`)}).`;
}

/** A path relative to the current folder when that is shorter. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && rel.length < path.length ? rel : path;
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x === 'object') return `an object (${Object.keys(x as object).slice(0, 5).join(', ') || 'no keys'})`;
  return typeof x;
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0].trim();
}
