import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { checkResources, readKubernetesBytes, readKubernetesPaths, readKubernetesText, READ_LIMITS, toKubernetesObject, type Resource } from 'aio-secure';
import { stringify } from 'yaml';

const LISTENER = `apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata:
  name: external
  namespace: azure-iot-operations
  labels:
    app: broker
    aio-secure/deployment-path: kubernetes-manifest
  annotations:
    aio-secure/id: site/listener/external
    note: kept
spec:
  brokerRef: default
  serviceType: LoadBalancer
  ports:
    - port: 8883
      authenticationRef: authn
`;

describe('readKubernetesText', () => {
  test('reads multi-document YAML, keeping file and line of each object', () => {
    const text = `# header\n---\n${LISTENER}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: client-ca\n  namespace: azure-iot-operations\ndata:\n  ca.crt: pem\n`;
    const { resources, problems } = readKubernetesText(text, 'site.yaml');
    expect(problems).toEqual([]);
    expect(resources.map((r) => [r.kind, r.source])).toEqual([
      ['BrokerListener', { file: 'site.yaml', document: 0, line: 3 }],
      ['ConfigMap', { file: 'site.yaml', document: 1, line: 21 }],
    ]);
  });

  test('turns aio-secure bookkeeping into fields and brokerRef into the parent', () => {
    const [r] = readKubernetesText(LISTENER, 'l.yaml').resources;
    expect(r).toEqual({
      id: 'site/listener/external',
      group: 'mqttbroker.iotoperations.azure.com',
      version: 'v1',
      kind: 'BrokerListener',
      name: 'external',
      namespace: 'azure-iot-operations',
      parent: { kind: 'Broker', name: 'default', namespace: 'azure-iot-operations' },
      armType: 'Microsoft.IoTOperations/instances/brokers/listeners',
      labels: { app: 'broker' },
      annotations: { note: 'kept' },
      spec: { serviceType: 'LoadBalancer', ports: [{ port: 8883, authenticationRef: 'authn' }] },
      source: { file: 'l.yaml', document: 0, line: 1 },
    });
  });

  test('a foreign object without an id gets namespace/Kind/name; core kinds keep their fields as spec', () => {
    const { resources } = readKubernetesText('apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: ns}\ntype: Opaque\nstringData: {a: b}\nstatus: {x: 1}\n', 's.yaml');
    expect(resources[0]).toMatchObject({ id: 'ns/Secret/s', group: '', version: 'v1', spec: { type: 'Opaque', stringData: { a: 'b' } } });
  });

  test('reads kind: List items with their pointer and line', () => {
    const text = stringify({ apiVersion: 'v1', kind: 'List', items: [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } },
    ] });
    const { resources } = readKubernetesText(text, 'list.yaml');
    expect(resources.map((r) => [r.name, r.source?.pointer, r.source?.line])).toEqual([['a', '/items/0', 4], ['b', '/items/1', 8]]);
  });

  test('reads JSON', () => {
    const { resources } = readKubernetesText(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'j' } }), 'x.json');
    expect(resources.map((r) => r.name)).toEqual(['j']);
  });

  test.each([
    ['invalid YAML', 'a: [1, 2\nb: 3\n', /^invalid YAML: /],
    ['duplicate keys', 'apiVersion: v1\nkind: ConfigMap\nkind: Secret\nmetadata: {name: x}\n', /^invalid YAML: Map keys must be unique/],
    ['a document that is not an object', '- a\n- b\n', /^document 1 is not an object$/],
    ['a scalar document', '42\n', /^document 1 is not an object$/],
    ['an object that is not a Kubernetes object', 'hello: world\n', /^object has no apiVersion and kind, so it is not a Kubernetes object$/],
    ['an object without a name', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n', /^ConfigMap has no metadata.name$/],
  ])('%s is a problem with a clear message, not a crash', (_name, text, message) => {
    const { resources, problems } = readKubernetesText(text, 'bad.yaml');
    expect(resources).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0].file).toBe('bad.yaml');
    expect(problems[0].message).toMatch(message);
  });

  test('an invalid document does not stop the others', () => {
    const { resources, problems } = readKubernetesText(`${LISTENER}---\nfoo: [\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n`, 'mixed.yaml');
    expect(resources.map((r) => r.name)).toEqual(['external', 'c']);
    expect(problems).toHaveLength(1);
  });

  test('empty documents are skipped', () => {
    expect(readKubernetesText('---\n---\n', 'e.yaml')).toEqual({ resources: [], problems: [], files: 1 });
  });

  test('an alias bomb is refused', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 9; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`);
    const { resources, problems } = readKubernetesText(lines.join('\n'), 'bomb.yaml');
    expect(resources).toEqual([]);
    expect(problems[0].message).toMatch(/^cannot read document 1: /);
  });

  test('deeply nested input is a problem, not a crash', () => {
    const depth = 50000;
    const r = readKubernetesBytes(Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`), 'deep.yaml');
    expect(r.resources).toEqual([]);
    expect(r.problems.length).toBeGreaterThan(0);
  });

  test('an unreadable waivers annotation becomes a waiver problem, never a silent waiver', () => {
    const text = LISTENER.replace('    note: kept', "    aio-secure/waivers: 'not json'");
    const { resources } = readKubernetesText(text, 'w.yaml');
    const result = checkResources(resources);
    expect(result.waiverProblems.map((p) => p.problem)).toEqual(['annotation aio-secure/waivers is not a JSON list of { rule, reason, owner, expires }; none of its waivers apply']);
    expect(result.findings.every((f) => !f.waived)).toBe(true);
  });

  test('property: any object rendered by toKubernetesObject reads back as itself', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/);
    const resource = fc.record({ kind: fc.constantFrom('BrokerListener', 'Broker', 'BrokerAuthorization', 'ConfigMapLike'), name, namespace: name, n: fc.integer({ min: 1, max: 65535 }) })
      .map(({ kind, name: n, namespace, n: port }): Resource => ({
        id: `x/${n}`, group: kind === 'ConfigMapLike' ? 'example.com' : 'mqttbroker.iotoperations.azure.com', version: 'v1', kind, name: n, namespace,
        ...(kind === 'BrokerListener' || kind === 'BrokerAuthorization' ? { parent: { kind: 'Broker', name: 'default', namespace } } : {}),
        ...(kind === 'ConfigMapLike' ? {} : { armType: { Broker: 'Microsoft.IoTOperations/instances/brokers', BrokerListener: 'Microsoft.IoTOperations/instances/brokers/listeners', BrokerAuthorization: 'Microsoft.IoTOperations/instances/brokers/authorizations' }[kind] }),
        spec: { ports: [{ port }] },
      }));
    fc.assert(fc.property(fc.array(resource, { maxLength: 5 }), (resources) => {
      const text = resources.map((r) => stringify(toKubernetesObject(r))).join('---\n');
      const read = readKubernetesText(text, 'p.yaml').resources.map(({ source: _s, ...r }) => r);
      expect(read).toEqual(resources);
    }));
  });
});

describe('readKubernetesBytes', () => {
  test('binary input is refused', () => {
    expect(readKubernetesBytes(Buffer.from([0x61, 0x00, 0x62]), 'b.bin').problems[0].message).toBe('is binary (contains NUL bytes), not YAML or JSON');
  });
  test('invalid UTF-8 is refused', () => {
    expect(readKubernetesBytes(Buffer.from([0x61, 0xff, 0xfe, 0x0a]), 'u.yaml').problems[0].message).toBe('is not valid UTF-8');
  });
  test('input over the size limit is refused before parsing', () => {
    const big = Buffer.alloc(READ_LIMITS.maxFileBytes + 1, 0x20);
    expect(readKubernetesBytes(big, 'big.yaml').problems[0].message).toBe(`is ${READ_LIMITS.maxFileBytes + 1} bytes, more than the ${READ_LIMITS.maxFileBytes}-byte limit`);
  });
});

describe('readKubernetesPaths', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aio-secure-read-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('walks directories recursively, in name order, reading only manifest files', () => {
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'b', 'two.yml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: two}\n');
    writeFileSync(join(dir, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: one}\n');
    writeFileSync(join(dir, 'c.json'), '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"three"}}');
    writeFileSync(join(dir, 'notes.txt'), 'not a manifest');
    const r = readKubernetesPaths([dir]);
    expect(r.problems).toEqual([]);
    expect(r.files).toBe(3);
    expect(r.resources.map((x) => x.name)).toEqual(['one', 'two', 'three']);
  });

  test('survives a symlink loop', () => {
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'x.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
    symlinkSync(dir, join(dir, 'sub', 'loop'));
    const r = readKubernetesPaths([dir]);
    expect(r.resources.map((x) => x.name)).toEqual(['x']);
  });

  test('a missing path and a directory without manifests are problems', () => {
    mkdirSync(join(dir, 'empty'));
    const r = readKubernetesPaths([join(dir, 'nope.yaml'), join(dir, 'empty')]);
    expect(r.problems).toEqual([
      { file: join(dir, 'nope.yaml'), message: 'does not exist' },
      { file: join(dir, 'empty'), message: 'is a directory with no .yaml, .yml or .json files' },
    ]);
  });
});
