import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { AioSecureError, loadWaiversFile, parseWaiversText, readKubernetesText, readWaiversFile, WAIVERS_FILE_NAME } from 'aio-secure';
import { GuidanceChecks } from 'aio-secure/cdk8s';
import { checkAtConstruction } from '../../lib/pulumi/guidance-checks';

const REASON = 'Lab broker on an isolated VLAN without routes to production; replaced in Q3.';

const GOOD = `# waivers of the lab site
waivers:
  - rule: listener-requires-tls
    target: lab/BrokerListener/open-*
    path: /spec/ports/0
    reason: ${REASON}
    owner: ot-platform-team
    expires: 2099-09-30
  - rule: listener-requires-authentication
    target: BrokerListener/open-a
    reason: "${REASON}"
    owner: ot-platform-team
    expires: "2099-09-30"
`;

const OPEN = (name: string, port = 1883) => `apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata: {name: ${name}, namespace: lab}
spec:
  brokerRef: default
  serviceType: ClusterIp
  ports:
    - port: ${port}
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aio-secure-waivers-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('parseWaiversText', () => {
  test('reads each entry, keeping an optional path, quoted or plain dates', () => {
    const r = parseWaiversText(GOOD, 'w.yaml');
    expect(r.problems).toEqual([]);
    expect(r.waivers).toEqual([
      { rule: 'listener-requires-tls', target: 'lab/BrokerListener/open-*', path: '/spec/ports/0', reason: REASON, owner: 'ot-platform-team', expires: '2099-09-30' },
      { rule: 'listener-requires-authentication', target: 'BrokerListener/open-a', reason: REASON, owner: 'ot-platform-team', expires: '2099-09-30' },
    ]);
  });

  test('an empty list is a valid file with no waivers', () => {
    expect(parseWaiversText('waivers: []\n', 'w.yaml')).toEqual({ file: 'w.yaml', waivers: [], problems: [] });
  });

  test.each<[string, string, string]>([
    ['missing field', GOOD.replace('    owner: ot-platform-team\n    expires: 2099-09-30\n  - rule', '    expires: 2099-09-30\n  - rule'),
      'w.yaml:3: waivers[0].owner is missing. Name the person or team that accepts the risk.'],
    ['placeholder reason', GOOD.replace(`reason: ${REASON}`, 'reason: TODO'),
      'w.yaml:6: waivers[0].reason is not a substantive reason (got "TODO"). Say why the risk is accepted and what limits it, in at least 20 characters.'],
    ['impossible date', GOOD.replace('expires: 2099-09-30\n  - rule', 'expires: 2099-02-30\n  - rule'),
      'w.yaml:8: waivers[0].expires is not a date (got "2099-02-30"). Give the last day the waiver applies as YYYY-MM-DD.'],
    ['misspelt field', GOOD.replace('    path: /spec/ports/0', '    pth: /spec/ports/0'),
      'w.yaml:5: waivers[0].pth is not a waiver field. Use rule, target, path, reason, owner, expires.'],
    ['number instead of string', GOOD.replace('target: BrokerListener/open-a', 'target: 42'),
      'w.yaml:10: waivers[1].target is not a string (got 42). Name what it covers: "Kind/name", "namespace/Kind/name" or a logical id; * matches any characters.'],
    ['path not a JSON pointer', GOOD.replace('path: /spec/ports/0', 'path: spec.ports[0]'),
      'w.yaml:5: waivers[0].path is not a JSON pointer (got "spec.ports[0]"). Give a JSON pointer inside the object, e.g. "/spec/ports/1", or leave path out.'],
    ['entry not a map', 'waivers:\n  - listener-requires-tls\n',
      'w.yaml:2: waivers[0] is not a map (got "listener-requires-tls"). Give rule, target, reason, owner and expires.'],
    ['a bare list', '- rule: x\n',
      'w.yaml:1: is not a waivers file: it needs a "waivers:" list at the top (got [{"rule":"x"}]). Write "waivers:" followed by entries with rule, target, reason, owner and expires.'],
    ['unknown top-level key', `version: 2\n${GOOD}`,
      'w.yaml:1: has an unknown top-level key "version". Only "waivers:" is allowed.'],
    ['duplicate key', GOOD.replace('    owner: ot-platform-team\n    expires: 2099-09-30\n  - rule', '    owner: ot-platform-team\n    owner: someone-else\n    expires: 2099-09-30\n  - rule'),
      'w.yaml:8: duplicate key "owner". Write each waiver out in full.'],
    ['invalid YAML', 'waivers:\n  - rule: [unclosed\n',
      'w.yaml:3: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]. Fix the YAML at this line.'],
    ['two documents', `${GOOD}---\nwaivers: []\n`,
      'w.yaml:15: has more than one YAML document. Keep all waivers in one list under "waivers:".'],
  ])('%s: one exact problem, and no waivers at all', (_name, text, message) => {
    const r = parseWaiversText(text, 'w.yaml');
    expect(r.waivers).toEqual([]);
    expect(r.problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([message]);
  });

  test('every problem is reported with its entry index and field', () => {
    const text = 'waivers:\n  - rule: a\n    target: x\n    reason: short\n    owner: me\n    expires: 2099-01-01\n  - rule: b\n    target: y\n    reason: ok\n';
    const r = parseWaiversText(text, 'w.yaml');
    expect(r.problems.map((p) => [p.line, p.entry, p.field])).toEqual([[4, 0, 'reason'], [7, 1, 'owner'], [7, 1, 'expires']]);
  });

  test('an alias bomb is refused like in manifests', () => {
    const lines = ['a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]'];
    for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const r = parseWaiversText(`${lines.join('\n')}\nwaivers: []\n`, 'w.yaml');
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].message).toMatch(/^aliases and merge keys expand to more than 100000 nodes \(an alias bomb\)\. Write each waiver out in full\.$/);
  });
});

describe('readWaiversFile', () => {
  test('a missing file, a binary file and a folder are problems, not exceptions', () => {
    expect(readWaiversFile(join(dir, 'none.yaml')).problems[0].message).toMatch(/^cannot be read: ENOENT/);
    writeFileSync(join(dir, 'bin.yaml'), Buffer.from([0x77, 0, 0x61]));
    expect(readWaiversFile(join(dir, 'bin.yaml')).problems[0].message).toBe('is binary (contains NUL bytes), not YAML. Check the path.');
    expect(readWaiversFile(dir).problems[0].message).toBe('is not a file. Give the path of a waivers file.');
  });
});

describe('the same file from cdk8s and Pulumi', () => {
  function writeGood(): string {
    const p = join(dir, WAIVERS_FILE_NAME);
    writeFileSync(p, GOOD);
    return p;
  }

  test('GuidanceChecks waiversFile: its waivers apply with the waivers list', () => {
    const app = Testing.app();
    const checks = new GuidanceChecks(app, {
      waiversFile: writeGood(),
      waivers: [{ rule: 'listener-requires-authorization', target: 'BrokerListener/open-a', reason: REASON, owner: 'ot-platform-team', expires: '2099-09-30' }],
    });
    const chart = new Chart(app, 'lab');
    const [obj] = readKubernetesText(OPEN('open-a'), 'x').resources;
    new ApiObject(chart, 'open-a', { apiVersion: 'mqttbroker.iotoperations.azure.com/v1', kind: 'BrokerListener', metadata: { name: 'open-a', namespace: 'lab' }, spec: { ...obj.spec, brokerRef: 'default' } });
    const { result } = checks.check();
    const waived = result.findings.filter((f) => f.waived).map((f) => f.rule).sort();
    expect(waived).toEqual(['listener-requires-authentication', 'listener-requires-authorization', 'listener-requires-tls']);
    expect(checks.waivers).toHaveLength(3);
  });

  test('GuidanceChecks targets may be construct paths', () => {
    const app = Testing.app();
    const checks = new GuidanceChecks(app, { waivers: [{ rule: 'listener-requires-tls', target: 'lab/open-*', reason: REASON, owner: 'ot-platform-team', expires: '2099-09-30' }] });
    const chart = new Chart(app, 'lab');
    new ApiObject(chart, 'open-b', { apiVersion: 'mqttbroker.iotoperations.azure.com/v1', kind: 'BrokerListener', metadata: { name: 'other-name', namespace: 'lab' }, spec: { brokerRef: 'default', serviceType: 'ClusterIp', ports: [{ port: 1883 }] } });
    expect(checks.check().result.findings.find((f) => f.rule === 'listener-requires-tls')?.waived).toBe(true);
  });

  test('GuidanceChecks with an unusable waivers file throws AioSecureError INVALID_WAIVER naming each problem', () => {
    const p = join(dir, WAIVERS_FILE_NAME);
    writeFileSync(p, GOOD.replace(`reason: ${REASON}`, 'reason: TODO'));
    const e = (() => {
      try {
        new GuidanceChecks(Testing.app(), { waiversFile: p });
      } catch (err) {
        return err as AioSecureError;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(AioSecureError);
    expect(e?.code).toBe('INVALID_WAIVER');
    expect(e?.message).toBe(`waivers file ${p} cannot be used (1 problem):\n  ${p}:6: waivers[0].reason is not a substantive reason (got "TODO"). Say why the risk is accepted and what limits it, in at least 20 characters.`);
    expect(() => loadWaiversFile(p)).toThrow(e!.message);
  });

  test('Pulumi construction-time checks take waiversFile like waivers', () => {
    const resources = readKubernetesText(OPEN('open-a'), 'x').resources;
    expect(() => checkAtConstruction('Test', 'lab', resources, { profile: 'development' })).toThrow(/listener-requires-tls/);
    const checks = checkAtConstruction('Test', 'lab', resources, {
      profile: 'development',
      waiversFile: writeGood(),
      waivers: [{ rule: 'listener-requires-authorization', target: 'BrokerListener/open-a', reason: REASON, owner: 'ot-platform-team', expires: '2099-09-30' }],
    });
    expect(checks.findings.filter((f) => f.severity === 'error' && !f.waived)).toEqual([]);
  });
});
