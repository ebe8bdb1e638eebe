import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { checkResources, mergeReadResults, readKubernetesBytes, readKubernetesFile, readKubernetesPaths, readKubernetesText, READ_LIMITS, toKubernetesObject, type ReadResult, type Resource, type SkipReason } from 'aio-secure';
import { parse, stringify } from 'yaml';

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
    ['invalid YAML', 'a: [1, 2\nb: 3\n', 2, /^invalid YAML: .+\. Fix the YAML at this line; the other documents are still read\.$/],
    ['duplicate keys', 'apiVersion: v1\nkind: ConfigMap\nkind: Secret\nmetadata: {name: x}\n', 3,
      /^document 1: duplicate key "kind" \(first at line 2\); YAML keeps only one of them, so the document is ambiguous\. Remove one\.$/],
  ])('%s is a problem with file, line and a clear message, not a crash', (_name, text, line, message) => {
    const { resources, problems } = readKubernetesText(text, 'bad.yaml');
    expect(resources).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'bad.yaml', line });
    expect(problems[0].message).toMatch(message);
  });

  test.each<[string, string, SkipReason]>([
    ['a document that is a list', '- a\n- b\n', 'not-an-object'],
    ['a scalar document', '42\n', 'not-an-object'],
    ['Helm values (no apiVersion and kind)', 'replicaCount: 2\nimage: {repository: nginx}\n', 'not-a-kubernetes-object'],
    ['a kustomization.yaml (no metadata.name)', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [broker.yaml]\n', 'no-name'],
    ['an object with an empty name', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ""}\n', 'no-name'],
  ])('%s is skipped and counted, not a problem', (_name, text, reason) => {
    expect(readKubernetesText(text, 'other.yaml')).toEqual({ resources: [], problems: [], files: 1, skipped: [{ file: 'other.yaml', reason, count: 1, line: 1 }] });
  });

  test('skipped documents are counted per file and reason, with the line of the first', () => {
    const text = `replicas: 1\n---\n${LISTENER}---\nfoo: bar\n---\n- x\n---\napiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {}}\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: kept}}\n`;
    const r = readKubernetesText(text, 'mixed.yaml');
    expect(r.problems).toEqual([]);
    expect(r.resources.map((x) => x.name)).toEqual(['external', 'kept']);
    expect(r.skipped).toEqual([
      { file: 'mixed.yaml', reason: 'not-a-kubernetes-object', count: 2, line: 1 },
      { file: 'mixed.yaml', reason: 'not-an-object', count: 1, line: 23 },
      { file: 'mixed.yaml', reason: 'no-name', count: 1, line: 28 },
    ]);
  });

  test('an invalid document does not stop the others', () => {
    const { resources, problems } = readKubernetesText(`${LISTENER}---\nfoo: [\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n`, 'mixed.yaml');
    expect(resources.map((r) => r.name)).toEqual(['external', 'c']);
    expect(problems).toHaveLength(1);
  });

  test('empty documents are skipped without being counted', () => {
    expect(readKubernetesText('---\n---\n', 'e.yaml')).toEqual({ resources: [], problems: [], files: 1 });
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

describe('readKubernetesText on hostile input', () => {
  const only = (text: string) => {
    const r = readKubernetesText(text, 'h.yaml');
    expect(r.resources).toEqual([]);
    expect(r.problems).toHaveLength(1);
    return r.problems[0];
  };

  test('duplicate keys are found in nested maps, as the property names they become, with both lines', () => {
    expect(only('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  "1": a\n  1: b\n')).toEqual({
      file: 'h.yaml', line: 6,
      message: 'document 1: duplicate key "1" (first at line 5); YAML keeps only one of them, so the document is ambiguous. Remove one.',
    });
    expect(only('a:\n  - {x: 1, y: 2, x: 3}\n').message).toMatch(/^document 1: duplicate key "x" \(first at line 2\)/);
  });

  test('a duplicate key at the end of a 40k-key map is found, with its line', () => {
    const keys = Array.from({ length: 40_000 }, (_, i) => `  k${i}: v`);
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n${keys.join('\n')}\n  k17: again\n`;
    expect(only(text)).toMatchObject({ line: 40_005, message: expect.stringMatching(/^document 1: duplicate key "k17" \(first at line 22\)/) });
  });

  test('merge keys are resolved as kubectl resolves them: explicit keys win, then the first merged map', () => {
    const text = [
      'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: m}', 'data:',
      '  base: &base {a: base, b: base}', '  other: &other {b: other, c: other}',
      '  merged:', '    <<: [*base, *other]', '    a: own', '    <<: {d: inline}', '',
    ].join('\n');
    const r = readKubernetesText(text, 'm.yaml');
    expect(r.problems).toEqual([]);
    expect(r.resources[0].spec.data).toEqual({ base: { a: 'base', b: 'base' }, other: { b: 'other', c: 'other' }, merged: { a: 'own', b: 'base', c: 'other', d: 'inline' } });
  });

  test('an alias bomb (billion laughs) is refused before it expands', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 9; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`);
    // Line 5 (e: 9 aliases of d, 11111 nodes each) is where the expansion passes the limit.
    expect(only(lines.join('\n'))).toEqual({
      file: 'h.yaml', line: 5,
      message: `document 1: aliases and merge keys expand to more than ${READ_LIMITS.maxAliasExpansion} nodes (an alias bomb), so it is not read. Write the repeated values out.`,
    });
  });

  test('a merge bomb (a large map merged many times) is refused', () => {
    const base = `base: &base {${Array.from({ length: 2000 }, (_, i) => `k${i}: v`).join(', ')}}`;
    const uses = Array.from({ length: 60 }, (_, i) => `m${i}: {<<: *base}`);
    expect(only([base, ...uses].join('\n')).message).toMatch(/^document 1: aliases and merge keys expand to more than \d+ nodes \(an alias bomb\)/);
  });

  test('aliases inside an anchored map among many anchors are resolved in linear time', () => {
    const anchors = Array.from({ length: 20_000 }, (_, i) => `a${i}: &a${i} v${i}`);
    const text = `${anchors.join('\n')}\nx: &x {${Array.from({ length: 500 }, (_, i) => `k${i}: *a${i}`).join(', ')}}\ny: *x\n`;
    // Not a Kubernetes object: read, then skipped. The yaml library's own toJS walks the whole
    // document for each of the 500 aliases here.
    expect(readKubernetesText(text, 'a.yaml')).toMatchObject({ problems: [], skipped: [{ reason: 'not-a-kubernetes-object', count: 1 }] });
  });

  test.each([
    ['an alias without its anchor', 'a: *nope\n', 'document 1: alias *nope has no anchor &nope before it. Fix the alias or merge key.'],
    ['an alias inside the node it refers to', 'a: &a [1, *a]\n', 'document 1: alias *a is inside the node it refers to. Fix the alias or merge key.'],
    ['a merge of something that is not a map', 'a: {<<: [1]}\n', 'document 1: a merge key (<<) merges maps, not number. Fix the alias or merge key.'],
  ])('%s is a problem', (_name, text, message) => {
    expect(only(text).message).toBe(message);
  });

  test.each([
    ['flow sequences', (d: number) => `${'['.repeat(d)}${']'.repeat(d)}`],
    ['flow maps (JSON)', (d: number) => `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`],
    ['compact block sequences', (d: number) => `${'- '.repeat(d)}x\n`],
    ['indentation', (d: number) => `${Array.from({ length: d }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} x\n`],
  ])('nesting by %s is read up to the limit and refused past it', (_name, nested) => {
    expect(readKubernetesText(nested(READ_LIMITS.maxNesting - 5), 'n.yaml').problems).toEqual([]);
    const deep = readKubernetesText(nested(READ_LIMITS.maxNesting + 1), 'n.yaml');
    expect(deep.problems).toEqual([{
      file: 'n.yaml',
      line: expect.any(Number),
      message: `nests more than ${READ_LIMITS.maxNesting} collections deep ([, { or indentation), so aio-secure stops reading this file here; ` +
        'Kubernetes objects nest far less. Check that it is a manifest.',
    }]);
  });

  test('nesting megabytes deep is refused at once, at the line where it passes the limit', () => {
    const depth = 1_000_000;
    const r = readKubernetesBytes(Buffer.from(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\n${'['.repeat(depth)}${']'.repeat(depth)}`), 'deep.yaml');
    expect(r.resources.map((x) => x.name)).toEqual(['ok']);
    expect(r.problems).toEqual([expect.objectContaining({ file: 'deep.yaml', line: 5, message: expect.stringMatching(/^nests more than 500 collections deep/) })]);
  });

  test('brackets inside quoted scalars, block scalars, plain scalars and comments are not nesting', () => {
    const brackets = '['.repeat(READ_LIMITS.maxNesting * 2);
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: q} # ${brackets}\ndata:\n  a: "${brackets}"\n  b: '${brackets}'\n  c: |\n    ${brackets}\n  d: x${brackets}\n`;
    const r = readKubernetesText(text, 'q.yaml');
    expect(r.problems).toEqual([]);
    expect(r.resources[0].spec.data).toEqual({ a: brackets, b: brackets, c: `${brackets}\n`, d: `x${brackets}` });
  });

  test('a document with more YAML tokens than the limit is refused; the documents before it are read', () => {
    const big = `[${Array(READ_LIMITS.maxDocumentTokens).fill('0').join(',')}]`;
    const r = readKubernetesText(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: before}\n---\n${big}\n`, 'tokens.yaml');
    expect(r.resources.map((x) => x.name)).toEqual(['before']);
    expect(r.problems).toEqual([{
      file: 'tokens.yaml', line: 5,
      message: `the document here has more than ${READ_LIMITS.maxDocumentTokens} YAML tokens (several MB of keys and values), more than aio-secure reads in one document, ` +
        'so it stops reading this file here. Split the document.',
    }]);
  });

  test('property: the reader converts YAML and JSON as the yaml library does', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), fc.boolean(), (value, asJson) => {
      const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p' }, data: { value } };
      const text = asJson ? JSON.stringify(object) : stringify(object);
      const r = readKubernetesText(text, 'p.yaml');
      expect(r.problems).toEqual([]);
      expect(r.resources[0].spec).toEqual({ data: parse(text).data });
    }));
  });

  test('property: a key repeated anywhere in a map is reported at its second occurrence', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), { minLength: 1, maxLength: 20 }), fc.nat(), fc.nat(), (keys, a, b) => {
      const lines = keys.map((k) => `  ${k}: v`);
      const dup = keys[a % keys.length];
      lines.splice(b % (lines.length + 1), 0, `  ${dup}: again`);
      const first = lines.findIndex((l) => l.startsWith(`  ${dup}:`));
      const second = lines.findIndex((l, i) => i > first && l.startsWith(`  ${dup}:`));
      const [problem] = readKubernetesText(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\ndata:\n${lines.join('\n')}\n`, 'd.yaml').problems;
      expect(problem).toMatchObject({ line: second + 5, message: expect.stringContaining(`duplicate key "${dup}" (first at line ${first + 5})`) });
    }));
  });
});

describe('readKubernetesBytes', () => {
  test('binary input is refused', () => {
    expect(readKubernetesBytes(Buffer.from([0x61, 0x00, 0x62]), 'b.bin').problems).toEqual([{ file: 'b.bin', message: 'is binary (contains NUL bytes), not YAML or JSON. Check only manifest files.' }]);
  });
  test('invalid UTF-8 is refused, with the line of the first bad byte', () => {
    expect(readKubernetesBytes(Buffer.from([0x61, 0x0a, 0x62, 0x0a, 0x63, 0xff, 0xfe, 0x0a]), 'u.yaml').problems).toEqual([{ file: 'u.yaml', message: 'is not valid UTF-8 (first bad byte at line 3). Save it as UTF-8.' }]);
    // Valid multi-byte characters and a literal U+FFFD are not bad bytes.
    expect(readKubernetesBytes(Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf\u00e9-\uFFFD}\n'), 'ok.yaml').problems).toEqual([]);
  });
  test('input over the size limit is refused before parsing', () => {
    const big = Buffer.alloc(READ_LIMITS.maxFileBytes + 1, 0x20);
    expect(readKubernetesBytes(big, 'big.yaml').problems).toEqual([{
      file: 'big.yaml',
      message: `is ${READ_LIMITS.maxFileBytes + 1} bytes (8.0 MiB), more than the 8 MiB aio-secure reads from one input (READ_LIMITS.maxFileBytes), so it is not read. Split it into smaller files.`,
    }]);
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
      { file: join(dir, 'nope.yaml'), message: 'does not exist. Check the path.' },
      { file: join(dir, 'empty'), message: 'is a directory with no .yaml, .yml or .json files. Give the folder that holds the manifests.' },
    ]);
  });

  test('a file over the size limit is refused from its size, without reading it', () => {
    const big = join(dir, 'big.yaml');
    // A sparse file: reading it would take the limit in memory, stat does not.
    writeFileSync(big, '');
    truncateSync(big, READ_LIMITS.maxFileBytes + 1);
    expect(readKubernetesFile(big).problems).toEqual([{ file: big, message: expect.stringMatching(/^is 8388609 bytes \(8\.0 MiB\), more than the 8 MiB aio-secure reads/) }]);
  });

  test('files past what one run reads are refused; the files before them are read', () => {
    const object = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: NAME}\n';
    for (const name of ['a', 'b', 'c']) writeFileSync(join(dir, `${name}.yaml`), object.replace('NAME', name));
    const r = readKubernetesPaths([dir], {}, { bytes: object.length * 2 });
    expect(r.resources.map((x) => x.name)).toEqual(['a', 'b']);
    expect(r.problems).toEqual([{
      file: join(dir, 'c.yaml'),
      message: `is not read: the files before it already used the 32 MiB one run reads (READ_LIMITS.maxTotalBytes). Check fewer files per run.`,
    }]);
  });

  test('skipped documents and notes of every file are kept', () => {
    writeFileSync(join(dir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n');
    writeFileSync(join(dir, 'values.yaml'), 'replicas: 2\n');
    writeFileSync(join(dir, 'params.json'), JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#', contentVersion: '1.0.0.0', parameters: {} }));
    const r = readKubernetesPaths([dir]);
    expect(r.problems).toEqual([]);
    expect(r.skipped).toEqual([
      { file: join(dir, 'kustomization.yaml'), reason: 'no-name', count: 1, line: 1 },
      { file: join(dir, 'values.yaml'), reason: 'not-a-kubernetes-object', count: 1, line: 1 },
    ]);
    expect(r.notes).toEqual([{ file: join(dir, 'params.json'), message: expect.stringMatching(/^is an ARM parameters file/) }]);
  });
});

describe('mergeReadResults', () => {
  test('joins results of any size: no spreading into call arguments, which overflows the stack', () => {
    const one = readKubernetesText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n', 'x.yaml');
    const many: ReadResult = { resources: Array(300_000).fill(one.resources[0]), problems: [], files: 1, skipped: [{ file: 'x.yaml', reason: 'no-name', count: 1 }] };
    const merged = mergeReadResults([many, many, one]);
    expect(merged.resources).toHaveLength(600_001);
    expect(merged.files).toBe(3);
    expect(merged.skipped).toHaveLength(2);
    expect(merged.notes).toBeUndefined();
  });
});
