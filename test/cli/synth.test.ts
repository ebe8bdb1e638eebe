import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import { readKubernetesText, readManifestText, renderArmTemplate } from 'aio-secure';
import { partitionForArm, renderSubscriptionTemplate } from '../../lib/arm/template';
import { DefenderProtection } from '../../lib/cdk8s/defender-protection';
import { GuidanceChecks } from '../../lib/cdk8s/guidance-checks';
import { EXIT, runCli } from '../../lib/cli/run';
import { loadProgram, ProgramLoadError } from '../../lib/cli/load-program';
import { pinDateToReferenceSiteRecords } from '../support/site-clock';

// The reference site's attestations and onboarding grant are dated: judge them on a day they hold.
pinDateToReferenceSiteRecords();

// The reference site is TypeScript; jest's own transform loads it, so no ts-node runs here.
jest.setTimeout(60_000);

const REFERENCE_SITE = resolve(__dirname, '..', '..', 'examples', 'reference-site', 'main.ts');
const PLAIN_APP = resolve(__dirname, 'fixtures', 'plain-app.js');

interface Run { code: number; stdout: string; stderr: string }

async function synth(args: string[], loadProgram?: (path: string) => unknown): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['synth', ...args], {
    stdout: (s) => { stdout += s; },
    stderr: (s) => { stderr += s; },
    readStdin: () => Buffer.alloc(0),
    isTty: false,
    ...(loadProgram ? { loadProgram } : {}),
  });
  return { code, stdout, stderr };
}

/** Loads TypeScript programs through jest's module registry (and its ts-jest transform). */
const viaJest = (path: string) => require(path);

/** A program whose exports are given, wherever it is said to be. */
const exporting = (exports: unknown) => () => exports;

/** An exposed listener on 1883 without TLS, authentication or authorization. */
function insecureApp(outdir?: string): App {
  const app = new App(outdir ? { outdir } : {});
  new ApiObject(new Chart(app, 'site'), 'open', {
    apiVersion: 'mqttbroker.iotoperations.azure.com/v1',
    kind: 'BrokerListener',
    metadata: { name: 'open', namespace: 'azure-iot-operations' },
    spec: { brokerRef: 'default', serviceType: 'LoadBalancer', ports: [{ port: 1883 }] },
  });
  return app;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aio-secure-synth-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('aio-secure synth', () => {
  test('synthesizes the reference site into --out and its ARM templates into --arm: exit 0', async () => {
    const out = join(dir, 'dist');
    const arm = join(dir, 'arm');
    const r = await synth([REFERENCE_SITE, '--out', out, '--arm', arm], viaJest);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(EXIT.ok);
    expect(readdirSync(out)).toEqual(['reference-site.k8s.yaml']);
    // The site has DefenderProtection, whose Defender plan is subscription-scoped.
    expect(readdirSync(arm)).toEqual(['reference-site.arm.json', 'reference-site.subscription.arm.json']);
    expect(r.stdout).toBe(
      `Synthesized 1 file(s) into ${out}: ${join(out, 'reference-site.k8s.yaml')}\n` +
        `Wrote 2 ARM template(s) into ${arm}: ${join(arm, 'reference-site.arm.json')}, ${join(arm, 'reference-site.subscription.arm.json')}\n`,
    );

    // The templates are the ones the renderers make of the site's plan, as the guidance checks see
    // it: the AIO objects read back from the YAML, the Azure resources as planned.
    const checked = GuidanceChecks.of((viaJest(REFERENCE_SITE) as { buildApp: () => App }).buildApp()).check().resources;
    const { resourceGroup, subscription } = partitionForArm(checked);
    const template = JSON.parse(readFileSync(join(arm, 'reference-site.arm.json'), 'utf8'));
    const subscriptionTemplate = JSON.parse(readFileSync(join(arm, 'reference-site.subscription.arm.json'), 'utf8'));
    expect(template).toEqual(JSON.parse(JSON.stringify(renderArmTemplate(resourceGroup))));
    expect(subscriptionTemplate).toEqual(JSON.parse(JSON.stringify(renderSubscriptionTemplate(subscription))));
    expect(Object.values(subscriptionTemplate.resources).map((x) => (x as { type: string }).type)).toEqual(['Microsoft.Security/pricings']);

    // Read back, the two templates are the ARM resources of the plan, and their AIO resources
    // are those of the YAML.
    const strip = (rs: readonly { source?: unknown }[]) => rs.map(({ source: _s, ...x }) => x);
    const read = [
      ...readManifestText(JSON.stringify(template), 'reference-site.arm.json').resources,
      ...readManifestText(JSON.stringify(subscriptionTemplate), 'reference-site.subscription.arm.json').resources,
    ];
    expect(strip(read)).toEqual(strip([...resourceGroup, ...subscription]));
    const yaml = readFileSync(join(out, 'reference-site.k8s.yaml'), 'utf8');
    const fromYaml = readKubernetesText(yaml, 'reference-site.k8s.yaml').resources;
    expect(strip(read.filter((x) => x.armType?.startsWith('Microsoft.IoTOperations/')))).toEqual(strip(fromYaml.filter((x) => x.armType)));
  });

  describe('subscription-scoped resources (the Defender for Containers plan)', () => {
    const CLUSTER = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/plant-a/providers/Microsoft.Kubernetes/connectedClusters/plant-a-edge';
    const OTHER_CLUSTER = CLUSTER.replace('plant-a-edge', 'plant-b-edge');

    test('go into <chart>.subscription.arm.json beside <chart>.arm.json, both the renderers\' templates of the chart\'s plan', async () => {
      let defender: DefenderProtection | undefined;
      const buildApp = (outdir?: string) => {
        const app = new App(outdir ? { outdir } : {});
        const chart = new Chart(app, 'site');
        new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } });
        defender = new DefenderProtection(chart, 'defender', { clusterId: CLUSTER });
        return app;
      };
      const program = join(dir, 'site.js');
      writeFileSync(program, '');
      const out = join(dir, 'dist');
      const arm = join(dir, 'arm');
      const r = await synth([program, '--out', out, '--arm', arm], exporting({ buildApp }));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(EXIT.ok);
      expect(readdirSync(arm)).toEqual(['site.arm.json', 'site.subscription.arm.json']);
      expect(r.stdout).toBe(
        `Synthesized 1 file(s) into ${out}: ${join(out, 'site.k8s.yaml')}\n` +
          `Wrote 2 ARM template(s) into ${arm}: ${join(arm, 'site.arm.json')}, ${join(arm, 'site.subscription.arm.json')}\n`,
      );
      const { resourceGroup, subscription } = partitionForArm(defender!.resources);
      expect(subscription.map((x) => x.armType)).toEqual(['Microsoft.Security/pricings']);
      const written = (name: string) => JSON.parse(readFileSync(join(arm, name), 'utf8'));
      expect(written('site.arm.json')).toEqual(JSON.parse(JSON.stringify(renderArmTemplate(resourceGroup))));
      expect(written('site.subscription.arm.json')).toEqual(JSON.parse(JSON.stringify(renderSubscriptionTemplate(subscription))));
      expect(written('site.subscription.arm.json').$schema).toBe('https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#');
    });

    test('a subscription template that cannot be rendered: exit 2, and neither folder is touched', async () => {
      const buildApp = (outdir?: string) => {
        const app = new App(outdir ? { outdir } : {});
        const chart = new Chart(app, 'site');
        // Two plans for the one Containers pricing of the subscription; the extensions are on two clusters.
        new DefenderProtection(chart, 'defender-a', { clusterId: CLUSTER });
        new DefenderProtection(chart, 'defender-b', { clusterId: OTHER_CLUSTER });
        return app;
      };
      const out = join(dir, 'dist');
      const arm = join(dir, 'arm');
      for (const d of [out, arm]) {
        mkdirSync(d);
        writeFileSync(join(d, 'previous.txt'), 'kept');
      }
      const program = join(dir, 'site.js');
      writeFileSync(program, '');
      const r = await synth([program, '--out', out, '--arm', arm], exporting({ buildApp }));
      expect(r).toEqual({
        code: EXIT.unusable,
        stdout: '',
        stderr: `aio-secure synth: ${program}: cannot render the ARM template: renderSubscriptionTemplate: pricings "Containers" (defender-b/pricing/containers) has the same ARM type and name as ` +
          'defender-a/pricing/containers (Microsoft.Security/pricings Containers). One deployment can create it once; give one of them another name.\n',
      });
      for (const d of [out, arm]) expect(readdirSync(d)).toEqual(['previous.txt']);
    });

    test('two charts that would write one template file: exit 2, naming both', async () => {
      const buildApp = (outdir?: string) => {
        const app = new App(outdir ? { outdir } : {});
        new DefenderProtection(new Chart(app, 'a'), 'defender', { clusterId: CLUSTER });
        new DefenderProtection(new Chart(app, 'a.subscription'), 'defender', { clusterId: OTHER_CLUSTER, subscriptionPlan: false });
        return app;
      };
      const program = join(dir, 'site.js');
      writeFileSync(program, '');
      const arm = join(dir, 'arm');
      const r = await synth([program, '--out', join(dir, 'dist'), '--arm', arm], exporting({ buildApp }));
      expect(r.code).toBe(EXIT.unusable);
      expect(r.stderr).toBe(`aio-secure synth: ${program}: cannot render the ARM template: charts "a" and "a.subscription" would both write a.subscription.arm.json. Give one of them another id.\n`);
      expect(existsSync(arm)).toBe(false);
    });
  });

  test('the output folder is replaced as a whole: stale files of an earlier synth are gone', async () => {
    const out = join(dir, 'dist');
    mkdirSync(out);
    writeFileSync(join(out, 'stale.k8s.yaml'), 'old');
    const r = await synth([REFERENCE_SITE, '--out', out], viaJest);
    expect(r.code).toBe(EXIT.ok);
    expect(readdirSync(out)).toEqual(['reference-site.k8s.yaml']);
    expect(readdirSync(dir)).toEqual(['dist']); // no staging folder left behind
  });

  test('guidance errors fail synth with exit 1, one line each and no stack; nothing is written', async () => {
    const out = join(dir, 'dist');
    const arm = join(dir, 'arm');
    for (const d of [out, arm]) {
      mkdirSync(d);
      writeFileSync(join(d, 'previous.txt'), 'kept');
    }
    const program = join(dir, 'site.js');
    writeFileSync(program, ''); // the loader is injected; the path only has to exist
    const r = await synth([program, '--out', out, '--arm', arm], exporting({ buildApp: insecureApp }));
    expect(r.code).toBe(EXIT.findings);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^aio-secure synth: \[aio-secure-guidance-checks\] site\/open: \[[a-z-]+\] .+ Fix: .+\([A-Z]{2}-\d+(, [A-Z]{2}-\d+)*\)$/);
    expect(r.stderr).toContain('[listener-requires-tls] Port 1883 of listener open has no TLS.');
    expect(lines[lines.length - 1]).toBe(`aio-secure synth: ${program}: validation failed; nothing was written.`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    for (const d of [out, arm]) expect(readdirSync(d)).toEqual(['previous.txt']);
  });

  test('an `app` export is synthesized into its own outdir, or into --out when given', async () => {
    const cleanApp = (outdir: string) => {
      const app = new App({ outdir });
      new ApiObject(new Chart(app, 'plain'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
      return app;
    };
    const program = join(dir, 'p.js');
    writeFileSync(program, '');
    const own = join(dir, 'own');
    expect((await synth([program], () => ({ app: cleanApp(own) }))).code).toBe(EXIT.ok);
    expect(readdirSync(own)).toEqual(['plain.k8s.yaml']);
    const other = join(dir, 'other');
    expect((await synth([program, '--out', other], () => ({ app: cleanApp(join(dir, 'unused')) }))).code).toBe(EXIT.ok);
    expect(readdirSync(other)).toEqual(['plain.k8s.yaml']);
    expect(existsSync(join(dir, 'unused'))).toBe(false);
  });

  test('a function export is called with --out', async () => {
    const program = join(dir, 'p.js');
    writeFileSync(program, '');
    const given: unknown[] = [];
    const out = join(dir, 'dist');
    const r = await synth([program, '--out', out], exporting({
      default: (outdir?: string) => {
        given.push(outdir);
        return insecureApp(outdir);
      },
    }));
    expect(given).toEqual([out]);
    expect(r.code).toBe(EXIT.findings);
  });

  test('a compiled CommonJS program is loaded with require; an app without AIO resources gets an empty ARM folder', async () => {
    const out = join(dir, 'dist');
    const arm = join(dir, 'arm');
    const r = await synth([PLAIN_APP, '--out', out, '--arm', arm]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(EXIT.ok);
    expect(readdirSync(out)).toEqual(['plain.k8s.yaml']);
    expect(readdirSync(arm)).toEqual([]);
    expect(r.stdout).toContain(`Wrote no ARM template into ${arm}: the app has no AIO resources that deploy through ARM.\n`);
  });

  test.each<[string, unknown, string]>([
    ['no app among the exports', { something: 1 },
      'exports neither `app` (a cdk8s App) nor `buildApp` or a default export returning one (found: something). ' +
      'Export it, e.g. "export function buildApp(outdir?: string) { const app = new App({ outdir }); ...; return app; }", and leave app.synth() to aio-secure synth.'],
    ['buildApp returning something else', { buildApp: () => ({ charts: 1 }) }, 'buildApp() returned an object (charts), not a cdk8s App. Return the App.'],
    ['a default export returning nothing', { default: () => undefined }, 'default() returned undefined, not a cdk8s App. Return the App.'],
  ])('%s: exit 2 with what to export', async (_name, exports, message) => {
    writeFileSync(join(dir, 'p.js'), '');
    const r = await synth([join(dir, 'p.js')], exporting(exports));
    expect(r).toEqual({ code: EXIT.unusable, stdout: '', stderr: `aio-secure synth: ${join(dir, 'p.js')}: ${message}\n` });
  });

  test('a program that throws while loading: exit 2, its first line, no stack', async () => {
    writeFileSync(join(dir, 'p.js'), '');
    const r = await synth([join(dir, 'p.js')], () => {
      throw new Error('SecureBroker "plant-a": listeners[0].port 1883 has no TLS.\n    at somewhere');
    });
    expect(r).toEqual({ code: EXIT.unusable, stdout: '', stderr: `aio-secure synth: ${join(dir, 'p.js')}: SecureBroker "plant-a": listeners[0].port 1883 has no TLS.\n` });
  });

  test.each([
    [[], 'aio-secure synth: give exactly one program (got 0). Run "aio-secure synth --help" for usage.\n'],
    [['a.js', 'b.js'], 'aio-secure synth: give exactly one program (got 2). Run "aio-secure synth --help" for usage.\n'],
    [['missing.js'], 'aio-secure synth: missing.js: does not exist. Give the path of the compiled cdk8s program.\n'],
  ])('usage error %j: exit 2', async (args, message) => {
    expect(await synth(args as string[])).toEqual({ code: EXIT.unusable, stdout: '', stderr: message });
  });

  test.each([
    ['the same folder', (d: string) => ['--out', join(d, 'dist'), '--arm', join(d, 'dist')]],
    ['inside the output folder', (d: string) => ['--out', join(d, 'dist'), '--arm', join(d, 'dist', 'arm')]],
  ])('--arm %s: exit 2, nothing loaded', async (_name, args) => {
    let loaded = false;
    const r = await synth([PLAIN_APP, ...args(dir)], () => {
      loaded = true;
      return {};
    });
    expect(r.code).toBe(EXIT.unusable);
    expect(r.stderr).toMatch(/^aio-secure synth: --arm .+ and the output folder .+ overlap; each is replaced as a whole\. Give --arm a folder of its own \(e\.g\. .+-arm\)\.\n$/);
    expect(loaded).toBe(false);
  });

  test('--help prints the usage with the exit codes', async () => {
    const r = await synth(['--help']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toContain('Usage: aio-secure synth <program> [--out <dir>] [--arm <dir>]');
    expect(r.stdout).toContain('<chart>.arm.json for "az deployment group create"');
    expect(r.stdout).toContain('<chart>.subscription.arm.json for "az deployment sub create", to deploy first;');
    expect(r.stdout).toContain('Exit codes: 0 written, 1 the guidance checks (or other validations) failed and nothing was\nwritten, 2 usage error');
  });
});

describe('loadProgram', () => {
  test('requires CommonJS', () => {
    expect(typeof (loadProgram(PLAIN_APP) as { buildApp: unknown }).buildApp).toBe('function');
  });

  test('refuses ES modules with what to do', () => {
    expect(() => loadProgram('/x/main.mjs')).toThrow(new ProgramLoadError(
      '/x/main.mjs is an ES module; aio-secure synth loads CommonJS. Compile it with "module": "commonjs" and give the .js file.',
    ));
  });

  test('TypeScript without ts-node: says to compile first', () => {
    const missing = () => {
      throw new Error("Cannot find module 'ts-node'");
    };
    expect(() => loadProgram('/x/main.ts', missing)).toThrow(new ProgramLoadError(
      '/x/main.ts is TypeScript and ts-node is not installed. Compile the program first (npx tsc) and give the .js file, or install ts-node.',
    ));
  });

});
