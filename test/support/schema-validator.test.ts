/**
 * The validator loads CRDs lazily, per group and kind: what a test file does not validate, it does
 * not parse. These tests run in their own file, so the validator's cache starts empty.
 */
import { parsedCrdFiles, schemaSourcesFor, validateManifest } from './schema-validator';

test('a built-in kind parses no CRD; a Kyverno ClusterPolicy parses only its CRD; an AIO kind only the AIO list', () => {
  expect(validateManifest({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'azure-iot-operations' }, data: {} })).toEqual([]);
  expect(parsedCrdFiles()).toEqual([]);
  expect(validateManifest({
    apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name: 'p' },
    spec: { rules: [{ name: 'r', match: { any: [{ resources: { kinds: ['Pod'] } }] }, verifyImages: [{ type: 'Notary', imageReferences: ['x/*'], failureAction: 'Enforce' }] }] },
  })).toEqual([]);
  expect(parsedCrdFiles()).toEqual(['kyverno/kyverno.io_clusterpolicies.yaml']);
  expect(schemaSourcesFor('mqttbroker.iotoperations.azure.com/v1', 'BrokerListener')).toEqual(['CRD from an AIO cluster (2024-12)', 'derived mqttbroker.BrokerListener.v1 (ARM)']);
  expect(parsedCrdFiles()).toEqual(['aio-cluster-2024-12/crds.yaml', 'kyverno/kyverno.io_clusterpolicies.yaml']);
});

test('a Kyverno ClusterPolicy is validated against the real CRD, closed as the API server prunes', () => {
  expect(validateManifest({ apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name: 'p' }, spec: { rules: [{ name: 'r', verifyImages: [{ type: 'Notation' }] }], enforce: true } })).toEqual([
    'ClusterPolicy/p: /spec must NOT have additional properties: "enforce" [Kyverno v1.19.0 CRD]',
    "ClusterPolicy/p: /spec/rules/0 must have required property 'match' [Kyverno v1.19.0 CRD]",
    'ClusterPolicy/p: /spec/rules/0/verifyImages/0/type must be equal to one of the allowed values: "Cosign", "SigstoreBundle", "Notary" [Kyverno v1.19.0 CRD]',
  ]);
});

test('several CRD sources of one kind keep their order (the AIO copy first), whatever was loaded before', () => {
  expect(schemaSourcesFor('cert-manager.io/v1', 'ClusterIssuer')).toEqual(['CRD from an AIO cluster (2024-12)', 'cert-manager v1.21.1 CRD']);
  expect(() => validateManifest({ apiVersion: 'kyverno.io/v2', kind: 'ClusterPolicy', metadata: { name: 'p' } }))
    .toThrow('No schema for apiVersion "kyverno.io/v2" kind "ClusterPolicy", so it cannot be validated. Schemas exist for ClusterPolicy in: kyverno.io/v1, kyverno.io/v2beta1.');
});
