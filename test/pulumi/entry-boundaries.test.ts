import { join } from 'node:path';

// Which peer libraries each entry point loads. A cdk8s user never loads Pulumi, the checker (the
// core and the CLI) loads neither backend. The modules are inspected inside the isolated registry,
// where everything an entry point pulled in is still present.
const LIB = join(__dirname, '..', '..', 'lib');
// A fresh registry loads (and, with a cold cache, transpiles) each entry point again.
jest.setTimeout(30_000);
const PULUMI = /node_modules[\\/]@pulumi[\\/]/;
const CDK8S = /node_modules[\\/](cdk8s|cdk8s-plus-28|constructs)[\\/]/;

function loadedBy(entry: string): string[] {
  let loaded: string[] = [];
  jest.isolateModules(() => {
    require(join(LIB, entry));
    loaded = Object.keys(require.cache);
  });
  return loaded;
}

test('the check can see what an entry point loads: aio-secure/pulumi loads @pulumi/pulumi', () => {
  const loaded = loadedBy('pulumi/index');
  expect(loaded.filter((k) => PULUMI.test(k)).length).toBeGreaterThan(0);
  expect(loaded.some((k) => /node_modules[\\/]@pulumi[\\/]pulumi[\\/]index\.js$/.test(k))).toBe(true);
});

test('aio-secure/pulumi loads no cdk8s, and does not load @pulumi/kubernetes until a plan needs it', () => {
  const loaded = loadedBy('pulumi/index');
  expect(loaded.filter((k) => CDK8S.test(k))).toEqual([]);
  expect(loaded.filter((k) => /node_modules[\\/]@pulumi[\\/]kubernetes[\\/]/.test(k))).toEqual([]);
});

test('aio-secure/cdk8s loads no @pulumi/* module', () => {
  const loaded = loadedBy('cdk8s/index');
  expect(loaded.some((k) => CDK8S.test(k))).toBe(true);
  expect(loaded.filter((k) => PULUMI.test(k))).toEqual([]);
});

test('the CLI loads no @pulumi/* module and no cdk8s', () => {
  const loaded = loadedBy('cli/run');
  expect(loaded.filter((k) => PULUMI.test(k) || CDK8S.test(k))).toEqual([]);
});

test('aio-secure (the core) loads neither cdk8s nor Pulumi', () => {
  const loaded = loadedBy('index');
  expect(loaded.some((k) => k.endsWith(join('lib', 'rules', 'engine.ts')))).toBe(true);
  expect(loaded.filter((k) => PULUMI.test(k) || CDK8S.test(k))).toEqual([]);
});
