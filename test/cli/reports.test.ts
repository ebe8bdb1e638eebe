import { checkResources, readKubernetesText, renderJson, renderText, verdictOf, type InputSummary } from 'aio-secure';

// The reports the CLI prints, given what was read. The verdict is one function, so text, JSON and
// the exit code cannot disagree; these tests pin how each report shows it.

const OPEN_LISTENER = `apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata: {name: open, namespace: azure-iot-operations}
spec:
  serviceType: LoadBalancer
  ports: [{port: 1883}]
`;

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n';

function summary(text: string, extra: Partial<InputSummary> = {}): { result: ReturnType<typeof checkResources>; input: InputSummary } {
  const read = readKubernetesText(text, 'in.yaml');
  return {
    result: checkResources(read.resources),
    input: { files: 1, objects: read.resources.length, problems: read.problems, ...extra },
  };
}

describe('verdictOf', () => {
  test.each<[string, string, string, Partial<InputSummary>]>([
    ['clean input', 'pass', CONFIG_MAP, {}],
    ['unwaived errors', 'fail', OPEN_LISTENER, {}],
    ['an input problem, even with no findings', 'unusable', CONFIG_MAP, { problems: [{ file: 'x.yaml', message: 'does not exist. Check the path.' }] }],
    ['an input problem beside findings', 'unusable', OPEN_LISTENER, { problems: [{ file: 'x.yaml', message: 'is not valid UTF-8' }] }],
    ['skipped documents and notes alone', 'pass', CONFIG_MAP, { skipped: [{ file: 'v.yaml', reason: 'not-a-kubernetes-object', count: 3 }], notes: [{ file: 'p.json', message: 'a note' }] }],
  ])('%s: %s in every report', (_name, verdict, text, extra) => {
    const { result, input } = summary(text, extra);
    expect(verdictOf(result, input)).toBe(verdict);
    const json = JSON.parse(renderJson(result, input)).summary;
    expect(json.verdict).toBe(verdict);
    expect(json.passed).toBe(verdict === 'pass');
    expect(renderText(result, input).split('\n').at(-2)).toMatch(new RegExp(`^${{ pass: 'PASS', fail: 'FAIL', unusable: 'UNUSABLE' }[verdict]} profile production: `));
  });
});

describe('renderText', () => {
  const problem = { file: 'x.yaml', line: 3, message: 'invalid YAML: bad' };

  test('lists input problems first by default (listProblems defaults to true), and counts them in the verdict', () => {
    const { result, input } = summary(CONFIG_MAP, { problems: [problem] });
    const text = renderText(result, input);
    expect(text.startsWith('unreadable x.yaml:3: invalid YAML: bad\n\n')).toBe(true);
    expect(text.endsWith('UNUSABLE profile production: 1 input problem(s), so the input was not fully checked; 1 file(s), 1 object(s), 1 checked by ' +
      `${result.summary.rules} rules; 0 error(s), 0 warning(s), 0 info unwaived; 0 waived; 0 undecided\n`)).toBe(true);
  });

  test('with listProblems false the problems are only counted (the CLI prints them on standard error)', () => {
    const { result, input } = summary(CONFIG_MAP, { problems: [problem] });
    const text = renderText(result, input, { listProblems: false });
    expect(text).not.toContain('unreadable');
    expect(text).toMatch(/^UNUSABLE profile production: 1 input problem\(s\)/);
  });

  test('notes and skipped documents follow the findings; the verdict line counts the skipped', () => {
    const { result, input } = summary(OPEN_LISTENER, {
      notes: [{ file: 't.json', line: 7, message: '/resources/0: condition [parameters(\'x\')] cannot be resolved; the resource is read as if it were deployed' }],
      skipped: [{ file: 'values.yaml', reason: 'not-a-kubernetes-object', count: 2, line: 1 }, { file: 'k.yaml', reason: 'no-name', count: 1 }],
    });
    const text = renderText(result, input);
    const tail = text.slice(text.lastIndexOf('  fix: '));
    expect(tail.split('\n').slice(1)).toEqual([
      '',
      "note t.json:7: /resources/0: condition [parameters('x')] cannot be resolved; the resource is read as if it were deployed",
      'skipped values.yaml:1: 2 document(s) without apiVersion and kind (not Kubernetes objects, e.g. Helm values)',
      'skipped k.yaml: 1 document(s) without metadata.name (e.g. a kustomization.yaml)',
      '',
      expect.stringMatching(/^FAIL profile production: .*; 0 undecided; 3 document\(s\) skipped$/),
      '',
    ]);
  });

  test('colour only when asked: UNUSABLE in red', () => {
    const { result, input } = summary(CONFIG_MAP, { problems: [problem] });
    expect(renderText(result, input, { color: true })).toContain('\u001b[31mUNUSABLE\u001b[0m');
    expect(renderText(result, input)).not.toContain('\u001b[');
  });
});

describe('renderJson', () => {
  test('skipped and notes default to empty lists; summary.skipped counts documents', () => {
    const { result, input } = summary(CONFIG_MAP);
    const report = JSON.parse(renderJson(result, input));
    expect(report).toMatchObject({ skipped: [], notes: [], inputProblems: [] });
    expect(report.summary).toMatchObject({ verdict: 'pass', passed: true, skipped: 0, inputProblems: 0, files: 1, objects: 1 });
    const withSkips = JSON.parse(renderJson(result, { ...input, skipped: [{ file: 'a', reason: 'no-name', count: 2 }, { file: 'b', reason: 'not-an-object', count: 1 }] }));
    expect(withSkips.summary.skipped).toBe(3);
  });
});
