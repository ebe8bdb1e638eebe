import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EXIT, runCli } from '../../lib/cli/run';
import { SITE_RECORDS_VALID_ON } from '../../examples/reference-site/site';
import { ALL_BUT_DATE } from '../support/site-clock';
import { READ_LIMITS, RULES } from 'aio-secure';

interface Run { code: number; stdout: string; stderr: string }

/** The reference site's program; jest's own transform loads it (the `loadProgram` of the synth runs). */
const REFERENCE_SITE = resolve(__dirname, '..', '..', 'examples', 'reference-site', 'main.ts');

const NOT_DATE = ALL_BUT_DATE;

async function cli(args: string[], opts: { stdin?: string | ((maxBytes: number) => Buffer); tty?: boolean; loadProgram?: (path: string) => unknown } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (s) => { stdout += s; },
    stderr: (s) => { stderr += s; },
    readStdin: (maxBytes) => (typeof opts.stdin === 'function' ? opts.stdin(maxBytes) : Buffer.from(opts.stdin ?? '')),
    isTty: opts.tty ?? false,
    ...(opts.loadProgram ? { loadProgram: opts.loadProgram } : {}),
  });
  return { code, stdout, stderr };
}

/** The verdict line of an unusable run with nothing read. */
const UNUSABLE_NOTHING_READ = (problems: number) =>
  `UNUSABLE profile production: ${problems} input problem(s), so the input was not fully checked; 0 file(s), 0 object(s), 0 checked by ${RULES.length} rules; ` +
  '0 error(s), 0 warning(s), 0 info unwaived; 0 waived; 0 undecided\n';

const INSECURE = `apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata:
  name: open
  namespace: azure-iot-operations
spec:
  brokerRef: default
  serviceType: LoadBalancer
  ports:
    - port: 1883
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aio-secure-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('aio-secure check', () => {
  test('the reference site passes in production: synth writes its YAML and ARM templates, check passes both with nothing waived: exit 0', async () => {
    // The site's attestations and onboarding grant are dated; check it on a day they hold (only Date is faked).
    jest.useFakeTimers({ now: new Date(`${SITE_RECORDS_VALID_ON}T12:00:00Z`), doNotFake: [...NOT_DATE] });
    try {
      const out = join(dir, 'dist');
      const arm = join(dir, 'dist-arm');
      const synth = await cli(['synth', REFERENCE_SITE, '--out', out, '--arm', arm], { loadProgram: (path) => require(path) });
      expect(synth.stderr).toBe('');
      expect(synth.code).toBe(EXIT.ok);
      const files = [...readdirSync(out).map((f) => join(out, f)), ...readdirSync(arm).map((f) => join(arm, f))];
      expect(files.filter((f) => f.endsWith('.k8s.yaml')).length).toBeGreaterThan(0);
      expect(readdirSync(arm).filter((f) => f.endsWith('.json')).length).toBeGreaterThan(0);

      const r = await cli(['check', out, arm, '--profile', 'production']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(EXIT.ok);
      // Counts follow the site as it grows; the verdict, the zeros and the lines do not. Kinds no
      // rule checks (trust-manager Bundles, ClusterIssuers, the Namespace, ...) are read for
      // cross-references and reported as skipped, one line per file that has them.
      const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const skippedLine = `skipped (?:${esc(out)}|${esc(arm)})/[^\n]+:\\d+: (\\d+) document\\(s\\) of kinds no rule checks \\(read for cross-references, not checked themselves\\)\n`;
      expect(r.stdout).toMatch(new RegExp(
        `^(?:${skippedLine})+\n` +
          `PASS profile production: ${files.length} file\\(s\\), \\d+ object\\(s\\), \\d+ checked by ${RULES.length} rules; ` +
          '0 error\\(s\\), 0 warning\\(s\\), 0 info unwaived; 0 waived; 0 undecided; (\\d+) document\\(s\\) skipped\n$',
      ));
      const perFile = [...r.stdout.matchAll(new RegExp(skippedLine, 'g'))].map((m) => Number(m[1]));
      const total = Number(/; (\d+) document\(s\) skipped\n$/.exec(r.stdout)![1]);
      expect(perFile.reduce((a, b) => a + b, 0)).toBe(total);

      const json = await cli(['check', out, arm, '--profile', 'production', '--format', 'json']);
      expect(JSON.parse(json.stdout).summary).toMatchObject({
        verdict: 'pass', passed: true, files: files.length, inputProblems: 0, skipped: total, waived: 0, unknown: 0, waiverProblems: 0, unusedWaivers: 0,
        unwaived: { error: 0, warning: 0, info: 0 }, total: { error: 0, warning: 0, info: 0 },
      });
    } finally {
      jest.useRealTimers();
    }
  });

  test('an exposed listener on 1883 without TLS, authentication or authorization: findings for CN-1, ED-3, ED-4 and exit 1', async () => {
    const r = await cli(['check', '--format', 'json', file('open.yaml', INSECURE)]);
    expect(r.code).toBe(EXIT.findings);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ profile: 'production', verdict: 'fail', passed: false, files: 1, objects: 1, skipped: 0, inputProblems: 0 });
    expect(report.findings.map((f: { rule: string }) => f.rule)).toEqual([
      'listener-requires-tls',
      'exposed-anonymous-plaintext-listener',
      'listener-requires-authentication',
      'listener-requires-authorization',
    ]);
    const guidance = new Set(report.findings.flatMap((f: { guidance: string[] }) => f.guidance));
    for (const id of ['CN-1', 'ED-3', 'ED-4']) expect(guidance).toContain(id);
    expect(report.findings[0]).toEqual({
      rule: 'listener-requires-tls',
      guidance: ['CN-1'],
      severity: 'error',
      outcome: 'finding',
      messageId: 'noTls',
      resource: { kind: 'BrokerListener', name: 'open', namespace: 'azure-iot-operations', apiVersion: 'mqttbroker.iotoperations.azure.com/v1', id: 'azure-iot-operations/BrokerListener/open' },
      source: { file: join(dir, 'open.yaml'), line: 1 },
      path: '/spec/ports/0',
      message: 'Port 1883 of listener open has no TLS.',
      waived: false,
    });
  });

  test('text output names the rule, the guidance and the fix', async () => {
    const r = await cli(['check', file('open.yaml', INSECURE)]);
    expect(r.code).toBe(EXIT.findings);
    expect(r.stdout).toContain(`error ${join(dir, 'open.yaml')}:1 BrokerListener azure-iot-operations/open listener-requires-tls (CN-1)\n  Port 1883 of listener open has no TLS.\n  fix: Let SecureBroker generate the port`);
    expect(r.stdout.endsWith(`\nFAIL profile production: 1 file(s), 1 object(s), 1 checked by ${RULES.length} rules; 4 error(s), 0 warning(s), 0 info unwaived; 0 waived; 0 undecided\n`)).toBe(true);
    expect(r.stdout).not.toContain('\u001b[');
  });

  test('colour only on a terminal, and never with --no-color', async () => {
    const p = file('open.yaml', INSECURE);
    expect((await cli(['check', p], { tty: true })).stdout).toContain('\u001b[31merror\u001b[0m');
    expect((await cli(['check', p, '--no-color'], { tty: true })).stdout).not.toContain('\u001b[');
  });

  test('the development profile relaxes what Microsoft allows for development', async () => {
    const quickstart = INSECURE.replace('    - port: 1883\n', [
      '    - port: 8883',
      '      authenticationRef: default',
      '      authorizationRef: authz',
      '      tls:',
      '        mode: Automatic',
      '        certManagerCertificateSpec:',
      '          issuerRef: {group: cert-manager.io, kind: ClusterIssuer, name: azure-iot-operations-aio-certificate-issuer}',
      '          san: {dns: [mqtt.example]}',
      '---',
      'apiVersion: mqttbroker.iotoperations.azure.com/v1',
      'kind: BrokerAuthorization',
      'metadata: {name: authz, namespace: azure-iot-operations}',
      'spec: {authorizationPolicies: {rules: []}}',
      '',
    ].join('\n'));
    const p = file('q.yaml', quickstart);
    const prod = await cli(['check', p, '--format', 'json']);
    expect(prod.code).toBe(EXIT.findings);
    expect(JSON.parse(prod.stdout).findings.map((f: { rule: string }) => f.rule)).toEqual(['listener-customer-ca']);
    const dev = await cli(['check', p, '--profile', 'development']);
    expect(dev.code).toBe(EXIT.ok);
  });

  test('reads standard input with "-"', async () => {
    const r = await cli(['check', '-', '--format', 'json'], { stdin: INSECURE });
    expect(r.code).toBe(EXIT.findings);
    expect(JSON.parse(r.stdout).findings[0].source).toEqual({ file: '<stdin>', line: 1 });
  });

  test('a missing file: exit 2, one clear line, no stack trace, and an UNUSABLE verdict', async () => {
    const missing = join(dir, 'missing.yaml');
    const r = await cli(['check', missing]);
    expect(r).toEqual({ code: EXIT.unusable, stderr: `aio-secure: ${missing}: does not exist. Check the path.\n`, stdout: UNUSABLE_NOTHING_READ(1) });
    const json = JSON.parse((await cli(['check', missing, '--format', 'json'])).stdout);
    expect(json.summary).toMatchObject({ verdict: 'unusable', passed: false, inputProblems: 1 });
  });

  test('a directory with no manifests: exit 2', async () => {
    mkdirSync(join(dir, 'empty'));
    const r = await cli(['check', join(dir, 'empty')]);
    expect(r).toEqual({
      code: EXIT.unusable,
      stderr: `aio-secure: ${join(dir, 'empty')}: is a directory with no .yaml, .yml or .json files. Give the folder that holds the manifests.\n`,
      stdout: UNUSABLE_NOTHING_READ(1),
    });
  });

  test('invalid YAML: exit 2 with file and line', async () => {
    const p = file('bad.yaml', 'apiVersion: v1\nkind: [ConfigMap\n');
    const r = await cli(['check', p]);
    expect(r.code).toBe(EXIT.unusable);
    expect(r.stderr).toMatch(new RegExp(`^aio-secure: ${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: invalid YAML: .+\\n$`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe(`UNUSABLE profile production: 1 input problem(s), so the input was not fully checked; 1 file(s), 0 object(s), 0 checked by ${RULES.length} rules; 0 error(s), 0 warning(s), 0 info unwaived; 0 waived; 0 undecided\n`);
  });

  test.each<[string, Buffer, string]>([
    ['invalid UTF-8', Buffer.from([0x61, 0x3a, 0x20, 0xff, 0x0a]), 'is not valid UTF-8 (first bad byte at line 1). Save it as UTF-8.'],
    ['binary data', Buffer.from([0x00, 0x01, 0x02]), 'is binary (contains NUL bytes), not YAML or JSON. Check only manifest files.'],
    ['an alias bomb', Buffer.from(['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefghij'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefghij'[i]}`).join(', ')}]`)].join('\n')),
      `document 1: aliases and merge keys expand to more than ${READ_LIMITS.maxAliasExpansion} nodes (an alias bomb), so it is not read. Write the repeated values out.`],
  ])('%s: exit 2, UNUSABLE in text, verdict unusable and passed false in JSON', async (_name, bytes, message) => {
    const p = join(dir, 'hostile.yaml');
    writeFileSync(p, bytes);
    const text = await cli(['check', p]);
    expect(text.code).toBe(EXIT.unusable);
    expect(text.stderr).toMatch(new RegExp(`^aio-secure: ${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:\\d+)?: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n$`));
    expect(text.stdout).toMatch(/^UNUSABLE profile production: 1 input problem\(s\), so the input was not fully checked; /);
    expect(text.stdout).not.toMatch(/PASS|FAIL/);
    const json = await cli(['check', p, '--format', 'json']);
    expect(json.code).toBe(EXIT.unusable);
    const report = JSON.parse(json.stdout);
    expect(report.summary).toMatchObject({ verdict: 'unusable', passed: false, inputProblems: 1 });
    expect(report.inputProblems).toEqual([expect.objectContaining({ file: p, message })]);
  });

  test('input with no Kubernetes objects: exit 2', async () => {
    const r = await cli(['check', file('empty.yaml', '---\n')]);
    expect(r.code).toBe(EXIT.unusable);
    expect(r.stderr).toBe(`aio-secure: ${join(dir, 'empty.yaml')}: holds no Kubernetes objects. Give rendered manifests (e.g. the output of helm template or kustomize build).\n`);
    expect(r.stdout).toMatch(/^UNUSABLE /);
  });

  test('a folder of only Helm values and a kustomization: exit 2, saying what was skipped', async () => {
    file('values.yaml', 'replicaCount: 2\n');
    file('kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [broker.yaml]\n');
    const r = await cli(['check', dir]);
    expect(r.code).toBe(EXIT.unusable);
    expect(r.stderr).toBe(
      `aio-secure: ${dir}: holds no Kubernetes objects (2 document(s) skipped: without metadata.name (e.g. a kustomization.yaml); ` +
        'without apiVersion and kind (not Kubernetes objects, e.g. Helm values)). Give rendered manifests (e.g. the output of helm template or kustomize build).\n',
    );
  });

  test('non-manifest YAML beside manifests is skipped and counted, and the findings still decide: exit 1', async () => {
    file('kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [open.yaml]\n');
    file('values.yaml', 'replicaCount: 2\n---\nimage: {repository: broker}\n');
    file('open.yaml', INSECURE);
    const r = await cli(['check', dir]);
    expect(r.code).toBe(EXIT.findings);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`skipped ${join(dir, 'kustomization.yaml')}:1: 1 document(s) without metadata.name (e.g. a kustomization.yaml)\n`);
    expect(r.stdout).toContain(`skipped ${join(dir, 'values.yaml')}:1: 2 document(s) without apiVersion and kind (not Kubernetes objects, e.g. Helm values)\n`);
    expect(r.stdout.endsWith(`\nFAIL profile production: 3 file(s), 1 object(s), 1 checked by ${RULES.length} rules; 4 error(s), 0 warning(s), 0 info unwaived; 0 waived; 0 undecided; 3 document(s) skipped\n`)).toBe(true);

    const json = await cli(['check', dir, '--format', 'json']);
    expect(json.code).toBe(EXIT.findings);
    const report = JSON.parse(json.stdout);
    expect(report.summary).toMatchObject({ verdict: 'fail', passed: false, files: 3, objects: 1, skipped: 3, inputProblems: 0 });
    expect(report.skipped).toEqual([
      { file: join(dir, 'kustomization.yaml'), reason: 'no-name', count: 1, line: 1 },
      { file: join(dir, 'values.yaml'), reason: 'not-a-kubernetes-object', count: 2, line: 1 },
    ]);
    expect(report.inputProblems).toEqual([]);
  });

  test('notes of the readers are shown after the findings, and in the JSON report', async () => {
    file('open.yaml', INSECURE);
    file('params.json', JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#', contentVersion: '1.0.0.0', parameters: {} }));
    const note = 'is an ARM parameters file, not a template; pass its values with the template (ArmReadOptions.parameters)';
    const r = await cli(['check', dir]);
    expect(r.code).toBe(EXIT.findings);
    expect(r.stdout).toMatch(new RegExp(`fix: [^\\n]+\\n\\nnote ${join(dir, 'params.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${note.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n\\nFAIL `));
    const report = JSON.parse((await cli(['check', dir, '--format', 'json'])).stdout);
    expect(report.notes).toEqual([{ file: join(dir, 'params.json'), message: note }]);
  });

  test('merge keys are resolved before the rules run: a Broker that merges an insecure block is a finding', async () => {
    const p = file('broker.yaml', [
      'apiVersion: mqttbroker.iotoperations.azure.com/v1',
      'kind: Broker',
      'metadata:',
      '  name: default',
      '  namespace: azure-iot-operations',
      '  annotations: &insecure',
      '    encryptInternalTraffic: Disabled',
      'spec:',
      '  advanced: { <<: *insecure }',
      '',
    ].join('\n'));
    const r = await cli(['check', p, '--format', 'json']);
    expect(r.code).toBe(EXIT.findings);
    const report = JSON.parse(r.stdout);
    // Only the broker rule reads spec.advanced; deployment-wide rules (observability, Defender, ...) report the Broker too.
    expect(report.findings.filter((f: { outcome: string; path?: string }) => f.outcome === 'finding' && f.path?.startsWith('/spec/advanced')).map((f: { rule: string; path: string; message: string }) => [f.rule, f.path, f.message])).toEqual([
      ['broker-internal-encryption', '/spec/advanced/encryptInternalTraffic', 'Broker default does not encrypt its internal traffic (encryptInternalTraffic Disabled).'],
    ]);
  });

  test('standard input is read up to the size limit only, and refused past it', async () => {
    let asked: number | undefined;
    const r = await cli(['check', '-'], { stdin: (maxBytes) => {
      asked = maxBytes;
      return Buffer.alloc(maxBytes + 1, 0x20);
    } });
    expect(asked).toBe(READ_LIMITS.maxFileBytes);
    expect(r).toEqual({
      code: EXIT.unusable,
      stderr: 'aio-secure: <stdin>: is more than the 8 MiB aio-secure reads from one input (READ_LIMITS.maxFileBytes), so it is not read. Split it into smaller files.\n',
      stdout: UNUSABLE_NOTHING_READ(1),
    });
  });

  test('with --format json the output is one JSON document even when some input cannot be read', async () => {
    const r = await cli(['check', '--format', 'json', file('open.yaml', INSECURE), join(dir, 'missing.yaml')]);
    expect(r.code).toBe(EXIT.unusable);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ verdict: 'unusable', passed: false, inputProblems: 1 });
    expect(report.inputProblems).toEqual([{ file: join(dir, 'missing.yaml'), message: 'does not exist. Check the path.' }]);
    expect(report.findings).toHaveLength(4);
    expect(r.stderr).toBe('');
  });

  test('a report without room for input problems (CSV, or any report written to a file) still names them on standard error', async () => {
    const csv = await cli(['check', '--format', 'csv', file('open.yaml', INSECURE), join(dir, 'missing.yaml')]);
    expect(csv.code).toBe(EXIT.unusable);
    expect(csv.stderr).toBe(`aio-secure: ${join(dir, 'missing.yaml')}: does not exist. Check the path.\n`);
    const toFile = await cli(['check', '--format', `html=${join(dir, 'r.html')}`, join(dir, 'missing.yaml')]);
    expect(toFile.code).toBe(EXIT.unusable);
    expect(toFile.stderr).toBe(`aio-secure: ${join(dir, 'missing.yaml')}: does not exist. Check the path.\n`);
  });

  test('findings on readable input are listed even when other input is unusable; the verdict says UNUSABLE', async () => {
    const r = await cli(['check', file('open.yaml', INSECURE), join(dir, 'missing.yaml')]);
    expect(r.code).toBe(EXIT.unusable);
    expect(r.stdout).toContain('error ');
    expect(r.stdout.endsWith(`\nUNUSABLE profile production: 1 input problem(s), so the input was not fully checked; 1 file(s), 1 object(s), 1 checked by ${RULES.length} rules; 4 error(s), 0 warning(s), 0 info unwaived; 0 waived; 0 undecided\n`)).toBe(true);
  });

  test.each([
    [['frobnicate'], 'aio-secure: unknown command "frobnicate". Run "aio-secure --help" for usage.\n'],
    [['check'], 'aio-secure check: no input. Give files, directories, globs or "-" for standard input.\n'],
    [['check', 'x', '--format', 'xml'], 'aio-secure check: --format "xml" is not supported. Use one of text, json, sarif, junit, csv, markdown, html, optionally with =<file>.\n'],
    [['check', 'x', '--profile', 'lenient'], 'aio-secure check: --profile "lenient" is not a profile. Use development or production.\n'],
    [['check', 'x', '--frob'], /^aio-secure check: Unknown option '--frob'.*Run "aio-secure --help" for usage\.\n$/],
  ])('usage error %j: exit 2', async (args, message) => {
    const r = await cli(args as string[]);
    expect(r.code).toBe(EXIT.unusable);
    if (typeof message === 'string') expect(r.stderr).toBe(message);
    else expect(r.stderr).toMatch(message);
  });

  test('--help prints usage with the exit codes; no command prints it and exits 2', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(EXIT.ok);
    expect(help.stdout).toContain('Exit codes: 0 no unwaived error findings, 1 unwaived error findings, 2 unusable input, unusable\nwaivers file, a report that could not be written, or a usage error; 3 internal error.');
    expect(help.stdout).toContain('aio-secure synth <program> [--out <dir>] [--arm <dir>]');
    expect(help.stdout).toContain('Input over 8 MiB a file\n(32 MiB a run) or nested over 500 levels is refused');
    expect(help.stdout).toContain('aio-secure rules [<rule>] [--format text|json]');
    expect(help.stdout).toContain('--format    the report: text, json, sarif, junit, csv, markdown, html (default text). Repeatable:');
    expect((await cli([])).code).toBe(EXIT.unusable);
  });

  test('--version prints the package version', async () => {
    expect((await cli(['--version'])).stdout).toBe(`${require('../../package.json').version}\n`);
  });
});

describe('aio-secure access', () => {
  const BROKER = `apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata: {name: external, namespace: azure-iot-operations}
spec:
  serviceType: LoadBalancer
  ports:
    - {port: 8883, authenticationRef: authn, authorizationRef: authz}
---
apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerAuthorization
metadata: {name: authz, namespace: azure-iot-operations}
spec:
  authorizationPolicies:
    rules:
      - principals: {clientIds: [sensor-1]}
        brokerResources:
          - {method: Connect}
          - {method: Publish, topics: ["plant/{principal.clientId}/telemetry"]}
`;

  test('allowed: exit 0 with the grant', async () => {
    const r = await cli(['access', file('b.yaml', BROKER), '--principal', 'clientId=sensor-1', '--action', 'publish', '--topic', 'plant/sensor-1/telemetry']);
    expect(r).toEqual({ code: 0, stderr: '', stdout: 'allowed external:8883 (authorized): rule 0 of authz grants publish on "plant/{principal.clientId}/telemetry"\n' });
  });

  test('denied: exit 1', async () => {
    const r = await cli(['access', file('b.yaml', BROKER), '--principal', 'clientId=sensor-1', '--action', 'subscribe', '--topic', 'plant/#']);
    expect(r).toEqual({ code: 1, stderr: '', stdout: 'denied  external:8883 (authorized): no rule of authz grants subscribe on "plant/#" to this client\n' });
  });

  test('json output', async () => {
    const r = await cli(['access', file('b.yaml', BROKER), '--principal', 'clientId=sensor-1,attr.site=a', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ principal: { clientId: 'sensor-1', attributes: { site: 'a' } }, action: 'connect', decisions: [{ allowed: true }] });
  });

  test('the matrix of named principals and granted filters', async () => {
    const r = await cli(['access', file('b.yaml', BROKER), '--matrix']);
    expect(r).toEqual({ code: 0, stderr: '', stdout: 'external:8883 (authorized)\n  [1] plant/{principal.clientId}/telemetry\n  clientId=sensor-1: [1] pub\n' });
  });

  test.each([
    [['access'], 'aio-secure access: no input. Give files, directories or "-" for standard input.\n'],
    [['access', 'x.yaml', '--principal', 'clientid=a'], 'aio-secure access: --principal key "clientid" is unknown; use clientId, username or attr.<key>\n'],
    [['access', 'x.yaml', '--principal', 'a'], 'aio-secure access: --principal part "a" is not key=value; use clientId=<id>, username=<name> or attr.<key>=<value>\n'],
    [['access', 'x.yaml', '--principal', 'clientId=a', '--action', 'delete'], 'aio-secure access: --action "delete" is not connect, publish or subscribe.\n'],
    [['access', 'x.yaml', '--principal', 'clientId=a', '--action', 'publish'], 'aio-secure access: --action publish needs --topic.\n'],
    [['access', 'x.yaml', '--port', '99999', '--matrix'], 'aio-secure access: --port "99999" is not a port number.\n'],
  ])('usage error %j: exit 2', async (args, message) => {
    const p = file('x.yaml', BROKER);
    const r = await cli((args as string[]).map((a) => (a === 'x.yaml' ? p : a)));
    expect(r.code).toBe(EXIT.unusable);
    expect(r.stderr).toBe(message);
  });
});
