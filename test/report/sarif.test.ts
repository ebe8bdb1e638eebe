import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import { artifactLocation, renderSarif, RULE_DOCS_BASE_URI } from '../../lib/report/sarif';
import { findRule } from '../../lib/rules/registry';
import { sharedReference } from '../support/shared';
import { hostileRun, HOSTILE_NAME, MANIFESTS, REASON } from './fixture';

// GIVEN one run with findings of every kind, WHEN it is rendered as SARIF, THEN the log is valid
// against the SARIF 2.1.0 schema (ajv) and Microsoft's validator, and says what each finding is.

const run = hostileRun();
const sarifText = renderSarif(run.result, run.input, run.extras);
const log = JSON.parse(sarifText);
const sarifRun = log.runs[0];

/** Formats the SARIF schema uses, checked for real (ajv-draft-04 has none built in). */
function addFormats(ajv: Ajv04): void {
  ajv.addFormat('uri', (s: string) => {
    try {
      return new URL(s).protocol.length > 1;
    } catch {
      return false;
    }
  });
  // RFC 3986 characters only; no spaces, no raw non-ASCII.
  ajv.addFormat('uri-reference', /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/);
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s) && !Number.isNaN(Date.parse(s)));
}

describe('SARIF schema (ajv, draft-04)', () => {
  const schema = JSON.parse(readFileSync(sharedReference('schemas', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'));
  const ajv = new Ajv04({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  test('the report is valid', () => {
    validate(log);
    expect(validate.errors ?? []).toEqual([]);
  });

  test('the validator rejects what SARIF forbids (a level outside the enum, a relative helpUri)', () => {
    const broken = JSON.parse(sarifText);
    broken.runs[0].results[0].level = 'fatal';
    broken.runs[0].tool.driver.rules[0].helpUri = 'docs/rules/x.md';
    expect(validate(broken)).toBe(false);
    expect((validate.errors ?? []).map((e) => e.instancePath).sort()).toEqual(['/runs/0/results/0/level', '/runs/0/tool/driver/rules/0/helpUri']);
  });

  test('the production profile\'s report is valid too', () => {
    const prod = hostileRun('production');
    expect(validate(JSON.parse(renderSarif(prod.result, prod.input, prod.extras)))).toBe(true);
  });

  test('a run with nothing found is valid too', () => {
    const empty = JSON.parse(renderSarif({ ...run.result, findings: [], unusedWaivers: [], waiverProblems: [] }, { files: 0, objects: 0, problems: [] }));
    expect(validate(empty)).toBe(true);
    expect(empty.runs[0].results).toEqual([]);
    expect(empty.runs[0].invocations[0].executionSuccessful).toBe(true);
  });
});

/**
 * Microsoft's validator from `@microsoft/sarif-multitool`. npm does not run the package's install
 * script here, which only sets the run bit on the bundled binary, so the test sets it.
 */
function multitool(): { path: string } | { skip: string } {
  let path: string;
  try {
    path = require(`@microsoft/sarif-multitool-${process.platform}`) as string;
  } catch {
    return { skip: `@microsoft/sarif-multitool-${process.platform} is not installed` };
  }
  if (!existsSync(path)) return { skip: `the multitool binary is missing at ${path}` };
  try {
    accessSync(path, constants.X_OK);
  } catch {
    try {
      chmodSync(path, statSync(path).mode | 0o100);
    } catch (e) {
      return { skip: `cannot set the run bit on ${path}: ${(e as Error).message}` };
    }
  }
  const probe = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  if (probe.error || probe.status !== 0) return { skip: `the multitool binary does not run here: ${probe.error?.message ?? probe.stderr.trim().split('\n')[0]}` };
  return { path };
}

interface ValidatorResult { ruleId: string; level: string; text: string }

function multitoolValidate(path: string, sarif: string): ValidatorResult[] {
  const dir = mkdtempSync(join(tmpdir(), 'aio-secure-sarif-'));
  try {
    const file = join(dir, 'report.sarif');
    const out = join(dir, 'validation.sarif');
    writeFileSync(file, sarif);
    const r = spawnSync(path, ['validate', file, '--output', out], { encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0 || !existsSync(out)) throw new Error(`sarif-multitool validate failed (exit ${r.status}): ${r.stdout}\n${r.stderr}`);
    const results = JSON.parse(readFileSync(out, 'utf8')).runs[0].results ?? [];
    // SARIF's default level is `warning`.
    return results.map((x: any) => ({ ruleId: x.ruleId, level: x.level ?? 'warning', text: x.message?.text ?? JSON.stringify(x.message) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('Microsoft SARIF validator (sarif-multitool validate)', () => {
  const tool = multitool();
  if ('skip' in tool) {
    test.skip(`skipped: ${tool.skip}`, () => undefined);
    return;
  }

  test('reports no errors and no warnings on the report', () => {
    expect(multitoolValidate(tool.path, sarifText).filter((r) => r.level === 'error' || r.level === 'warning')).toEqual([]);
  });

  test('reports an error for a relative helpUri (the check can fail)', () => {
    const broken = JSON.parse(sarifText);
    broken.runs[0].tool.driver.rules[0].helpUri = 'docs/rules/listener-requires-tls.md';
    const found = multitoolValidate(tool.path, JSON.stringify(broken));
    expect(found).toContainEqual(expect.objectContaining({ ruleId: 'SARIF1005', level: 'error' }));
  });
});

describe('what the SARIF log says', () => {
  const resultsOf = (name: string, rule?: string) => sarifRun.results.filter((r: any) => r.locations[0].logicalLocations[0].name.endsWith(`/${name}`) && (!rule || r.ruleId === rule));

  test('one run; every result names its rule by id and index', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(sarifRun.results).toHaveLength(run.result.findings.length);
    for (const r of sarifRun.results) expect(sarifRun.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
  });

  test('the help offers a waiver only where the profile accepts one', () => {
    const help = (id: string) => sarifRun.tool.driver.rules.find((r: any) => r.id === id).help.text as string;
    expect(help('listener-requires-tls')).toContain('To accept the risk instead, waive rule listener-requires-tls');
    expect(help('exposed-anonymous-plaintext-listener')).toContain(`No waiver can silence this rule in the ${run.result.summary.profile} profile: fix it.`);
    expect(help('exposed-anonymous-plaintext-listener')).not.toContain('waive rule');
  });

  test('rules carry help with the remediation, a docs link and the catalogue IDs', () => {
    const rule = sarifRun.tool.driver.rules.find((r: any) => r.id === 'listener-requires-tls');
    const source = findRule('listener-requires-tls')!;
    expect(rule).toMatchObject({
      name: 'ListenerRequiresTls',
      shortDescription: { text: source.description.endsWith('.') ? source.description : `${source.description}.` },
      helpUri: `${RULE_DOCS_BASE_URI}/docs/rules/listener-requires-tls.md`,
      defaultConfiguration: { enabled: true, level: 'error' },
      properties: { guidance: ['CN-1'], tags: expect.arrayContaining(['security', 'CN-1']), docs: 'docs/rules/listener-requires-tls.md' },
    });
    expect(rule.help.text).toContain(source.remediation);
    expect(rule.fullDescription.text).toContain(source.rationale.slice(0, 40));
  });

  test('levels follow the severity: error, warning, note', () => {
    const fails = sarifRun.results.filter((r: any) => r.kind === 'fail');
    expect(new Set(fails.map((r: any) => `${r.properties.severity}->${r.level}`))).toEqual(new Set(['error->error', 'warning->warning', 'info->note']));
  });

  test('a waived finding is suppressed externally with the reason, owner and expiry', () => {
    const [waived] = resultsOf('waived-one', 'listener-requires-tls');
    expect(waived.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: REASON, properties: { owner: 'ot-team | plant A', expires: '2025-12-31', target: 'BrokerListener/waived-one' } }]);
    expect(waived.properties.status).toBe('waived');
    expect(sarifRun.results.filter((r: any) => r.suppressions)).toHaveLength(run.result.summary.waived);
  });

  test('a finding whose waiver expired is not suppressed, and keeps the waiver on record', () => {
    const [expired] = resultsOf('expired-one', 'listener-requires-tls');
    expect(expired.suppressions).toBeUndefined();
    expect(expired).toMatchObject({ kind: 'fail', level: 'error', properties: { status: 'expired', expiredWaiver: { expires: '2025-01-31', owner: 'ot-team' } } });
  });

  test('an undecided finding is an open result (level none) with outcome unknown', () => {
    const unknown = resultsOf('from-arm').filter((r: any) => r.properties.outcome === 'unknown');
    expect(unknown.length).toBe(run.result.summary.unknown);
    for (const r of unknown) expect(r).toMatchObject({ kind: 'open', level: 'none' });
    expect(unknown[0].message.text).toMatch(/^Could not decide: /);
  });

  test('physical locations: the file (percent-encoded, relative to %SRCROOT%) and the line', () => {
    const [r] = resultsOf('waived-one', 'listener-requires-tls');
    // The object starts at its apiVersion line, two lines above its metadata (one-based lines).
    const metadataLine = MANIFESTS.split('\n').findIndex((l) => l.includes('name: waived-one')) + 1;
    expect(r.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'manifests%20dir/site%20%231.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: metadataLine - 2 },
    });
    expect(sarifRun.originalUriBaseIds['%SRCROOT%'].description.text).toBeTruthy();
  });

  test('logical locations: Kind/name, the logical id, and the namespace as parent', () => {
    const [r] = resultsOf('waived-one', 'listener-requires-tls');
    const where = r.locations[0].logicalLocations[0];
    const finding = run.result.findings.find((f) => f.resource.name === 'waived-one')!;
    expect(where).toEqual({ index: where.index, name: 'BrokerListener/waived-one', fullyQualifiedName: finding.resource.id, kind: 'resource' });
    const entry = sarifRun.logicalLocations[where.index];
    expect(sarifRun.logicalLocations[entry.parentIndex]).toEqual({ name: 'azure-iot-operations', fullyQualifiedName: 'azure-iot-operations', kind: 'namespace' });
    expect(entry.properties).toMatchObject({ kind: 'BrokerListener', name: 'waived-one', namespace: 'azure-iot-operations', apiVersion: 'mqttbroker.iotoperations.azure.com/v1' });
  });

  test('hostile names stay data: the JSON string holds them as they are', () => {
    expect(sarifRun.logicalLocations.map((l: any) => l.name)).toContain(`BrokerListener/${HOSTILE_NAME}`);
  });

  test('input problems are error notifications and the execution is not successful; notes, skips and waivers are notified too', () => {
    const inv = sarifRun.invocations[0];
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.endTimeUtc).toBe('2025-06-01T12:00:00.000Z');
    expect(inv.toolExecutionNotifications).toEqual([
      {
        descriptor: { id: 'unreadable-input', index: 0 }, level: 'error',
        message: { text: 'invalid YAML: bad indentation of a mapping entry | "quoted".' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'broken/%3Cbad%3E.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 4 } } }],
      },
      expect.objectContaining({ descriptor: { id: 'input-note', index: 1 }, level: 'note' }),
      expect.objectContaining({ descriptor: { id: 'skipped-documents', index: 2 }, level: 'note', message: { text: '2 document(s) without apiVersion and kind (not Kubernetes objects, e.g. Helm values).' } }),
    ]);
    expect(inv.toolConfigurationNotifications.map((n: any) => [n.descriptor.id, n.level])).toEqual([['unusable-waiver', 'warning'], ['unused-waiver', 'note']]);
    expect(inv.toolConfigurationNotifications[1].associatedRule).toEqual({ id: 'certificate-lifetime', index: sarifRun.tool.driver.rules.findIndex((r: any) => r.id === 'certificate-lifetime') });
  });

  test('run properties carry the summary and the verdict', () => {
    expect(sarifRun.properties).toMatchObject({ profile: 'development', verdict: 'unusable', passed: false, inputProblems: 1, skipped: 2, waived: 1, unknown: run.result.summary.unknown, total: run.result.summary.total });
  });
});

describe('artifactLocation', () => {
  test.each([
    ['relative paths stay relative to %SRCROOT%', 'a b/c.yaml', { uri: 'a%20b/c.yaml', uriBaseId: '%SRCROOT%' }],
    ['a leading ./ is dropped', './dist/x.yaml', { uri: 'dist/x.yaml', uriBaseId: '%SRCROOT%' }],
    ['parent segments are kept', '../shared/x.yaml', { uri: '../shared/x.yaml', uriBaseId: '%SRCROOT%' }],
    ['a colon cannot turn a relative path into a scheme', 'c:x.yaml', { uri: 'c%3Ax.yaml', uriBaseId: '%SRCROOT%' }],
    ['absolute POSIX paths become file URIs', '/tmp/a#1.yaml', { uri: 'file:///tmp/a%231.yaml' }],
    ['Windows paths become file URIs', 'C:\\work\\a.yaml', { uri: 'file:///C:/work/a.yaml' }],
  ])('%s', (_name, file, expected) => {
    expect(artifactLocation(file)).toEqual(expected);
  });

  test('standard input has no physical location', () => {
    expect(artifactLocation('<stdin>')).toBeUndefined();
  });
});

