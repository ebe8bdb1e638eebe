/**
 * Every object EdgePki emits must be accepted by the real cert-manager and trust-manager CRDs:
 * the upstream releases and the copies installed with AIO (December 2024). The negative controls
 * at the end prove that the validator can fail on these kinds.
 */
import * as fc from 'fast-check';
import { planEdgePki, resolveEdgePki, toKubernetesObject, type EdgePkiProps, type JsonObject } from 'aio-secure';
import { edgePkiProps } from '../model/edge-pki-props';
import { schemaSourcesFor, validateManifest, validateManifests } from '../support/schema-validator';

function emitted(props: EdgePkiProps, id = 'pki'): JsonObject[] {
  return planEdgePki(resolveEdgePki(id, props)).map(toKubernetesObject);
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

const VARIANTS: Record<string, EdgePkiProps> = {
  'development, defaults': { profile: 'development' },
  'development, custom namespace, P-384, client CA from a ConfigMap': {
    profile: 'development',
    namespace: 'aio-lab',
    certificatePolicy: { keyAlgorithm: 'Ec384', lifetime: '240h', caLifetime: '720h', renewBeforeFraction: 0.25 },
    clientCa: { source: { configMap: { name: 'lab-device-ca', key: 'client_ca.pem' } } },
  },
  'development, RSA 4096': { profile: 'development', certificatePolicy: { keyAlgorithm: 'Rsa4096' } },
  'production, CA key pair from Key Vault': {
    profile: 'production',
    caSecretName: 'plant-a-ca-key-pair',
    issuerName: 'plant-a-ca-issuer',
    trustBundleName: 'plant-a-ca-trust-bundle',
    trustBundleNamespaceLabels: { 'ca-bundle/inject': 'enabled' },
    clientCa: { source: { secret: { name: 'plant-a-device-ca', key: 'tls.crt' } }, configMapName: 'plant-a-device-ca' },
  },
  'production, external Vault ClusterIssuer': {
    profile: 'production',
    externalIssuer: { name: 'plant-vault', kind: 'ClusterIssuer' },
    trustSource: { configMap: { name: 'plant-root-ca', key: 'root.pem' } },
    clientCa: { existingConfigMap: 'plant-device-ca' },
  },
  'production, external AWS PCA issuer': {
    profile: 'production',
    externalIssuer: { name: 'plant-pca', kind: 'AWSPCAClusterIssuer', group: 'awspca.cert-manager.io' },
    trustSource: { secret: { name: 'plant-pca-root' } },
  },
};

describe('EdgePki output validates against the cert-manager and trust-manager CRDs', () => {
  test('each kind has the upstream CRD and the copy installed with AIO', () => {
    expect(schemaSourcesFor('cert-manager.io/v1', 'ClusterIssuer')).toEqual(['CRD from an AIO cluster (2024-12)', 'cert-manager v1.21.1 CRD']);
    expect(schemaSourcesFor('cert-manager.io/v1', 'Certificate')).toEqual(['CRD from an AIO cluster (2024-12)', 'cert-manager v1.21.1 CRD']);
    expect(schemaSourcesFor('trust.cert-manager.io/v1alpha1', 'Bundle')).toEqual(['CRD from an AIO cluster (2024-12)', 'trust-manager v0.24.0 CRD']);
  });

  test.each(Object.entries(VARIANTS))('%s', (_name, props) => {
    const objs = emitted(props);
    expect(objs.length).toBeGreaterThan(0);
    expect(validateManifests(objs)).toEqual([]);
  });

  test('the variants cover every kind EdgePki emits', () => {
    const kinds = new Set(Object.values(VARIANTS).flatMap((p) => emitted(p).map((o) => `${o.apiVersion} ${o.kind}`)));
    expect([...kinds].sort()).toEqual(['cert-manager.io/v1 Certificate', 'cert-manager.io/v1 ClusterIssuer', 'trust.cert-manager.io/v1alpha1 Bundle']);
  });

  test('property: every object emitted for valid random props validates', () => {
    fc.assert(
      fc.property(edgePkiProps(), (props) => {
        const errors = validateManifests(emitted(props));
        if (errors.length) throw new Error(`${errors.join('\n')}\nprops: ${JSON.stringify(props)}`);
      }),
      { numRuns: 200 },
    );
  });
});

describe('negative controls: the validator fails on these kinds when it should', () => {
  const dev = emitted({ profile: 'development' });
  const certificate = () => clone(dev.find((o) => o.kind === 'Certificate')!) as { spec: JsonObject } & JsonObject;
  const bundle = () => clone(dev.find((o) => o.kind === 'Bundle')!) as { spec: JsonObject } & JsonObject;

  test('the unmodified objects pass (so the failures below come from the change)', () => {
    expect(validateManifest(certificate())).toEqual([]);
    expect(validateManifest(bundle())).toEqual([]);
  });

  test('a private key algorithm cert-manager does not know fails both Certificate CRDs', () => {
    const c = certificate();
    (c.spec.privateKey as JsonObject).algorithm = 'Ec256'; // AIO's spelling, not cert-manager's
    const errors = validateManifest(c).filter((e) => e.includes('/spec/privateKey/algorithm'));
    expect(errors.map((e) => e.replace(/.*\[/, '['))).toEqual(['[CRD from an AIO cluster (2024-12)]', '[cert-manager v1.21.1 CRD]']);
  });

  test('a Bundle target ConfigMap without its key fails both Bundle CRDs', () => {
    const b = bundle();
    (b.spec.target as JsonObject).configMap = {};
    expect(validateManifest(b)).toEqual([
      "Bundle/azure-iot-operations-aio-ca-trust-bundle: /spec/target/configMap must have required property 'key' [CRD from an AIO cluster (2024-12)]",
      "Bundle/azure-iot-operations-aio-ca-trust-bundle: /spec/target/configMap must have required property 'key' [trust-manager v0.24.0 CRD]",
    ]);
  });

  test('useDefaultCAs that is not a boolean, and an unknown source field, fail', () => {
    const b = bundle();
    (b.spec.sources as JsonObject[])[0] = { useDefaultCAs: 'no' };
    (b.spec.sources as JsonObject[])[1] = { secrets: { name: 'x', key: 'ca.crt' } };
    const errors = validateManifest(b);
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Bundle\/\S+: \/spec\/sources\/0\/useDefaultCAs must be boolean \[/),
      expect.stringMatching(/^Bundle\/\S+: \/spec\/sources\/1 must NOT have additional properties: "secrets" \[/),
    ]));
  });
});
