import { Chart, Testing } from 'cdk8s';
import { KeyVaultSecretSync } from '../../lib/cdk8s/key-vault-secret-sync';
import { OpcUaTrust } from '../../lib/cdk8s/opc-ua-trust';
import { validateManifests } from '../support/schema-validator';
import { CLIENT, OPT_OUT, syncProps, TENANT, trustProps } from '../model/opc-ua-trust-props';

function synth(pki = {}) {
  const chart = new Chart(Testing.app(), 'site');
  const sync = new KeyVaultSecretSync(chart, 'plant-a-secrets', syncProps);
  const trust = new OpcUaTrust(chart, 'plant-a-opc-ua', { ...trustProps('kubernetes'), secretSync: sync, pki });
  return { trust, manifests: Testing.synth(chart) };
}

describe('OpcUaTrust (cdk8s)', () => {
  test('snapshot', () => {
    expect(synth().manifests).toMatchSnapshot();
  });

  test('the YAML adds the opc-ua-connector SecretProviderClass and the three SecretSyncs; the devices go to ARM', () => {
    const { manifests, trust } = synth();
    expect(manifests.slice(3).map((m) => `${m.apiVersion} ${m.kind}/${m.metadata.namespace}/${m.metadata.name}`)).toEqual([
      'secrets-store.csi.x-k8s.io/v1 SecretProviderClass/azure-iot-operations/opc-ua-connector',
      'secret-sync.x-k8s.io/v1alpha1 SecretSync/azure-iot-operations/aio-opc-ua-broker-trust-list',
      'secret-sync.x-k8s.io/v1alpha1 SecretSync/azure-iot-operations/aio-opc-ua-broker-issuer-list',
      'secret-sync.x-k8s.io/v1alpha1 SecretSync/azure-iot-operations/aio-opc-ua-broker-client-certificate',
    ]);
    expect(manifests[3].spec.parameters).toMatchObject({ clientID: CLIENT, tenantID: TENANT, keyvaultName: 'kv-plant-a' });
    for (const s of manifests.slice(4)) expect(s.spec).toMatchObject({ serviceAccountName: 'aio-ssc-sa', secretProviderClassName: 'opc-ua-connector', secretObject: { type: 'Opaque' } });
    expect(trust.azureResources.map((r) => `${r.armType} ${r.name}`)).toEqual([
      'Microsoft.DeviceRegistry/namespaces/devices line-1-plc', 'Microsoft.DeviceRegistry/namespaces/devices historian',
    ]);
  });

  test('validates against the real secrets-store and secret-sync CRDs', () => {
    expect(validateManifests(synth().manifests)).toEqual([]);
  });

  test('extension settings are strict; opt-outs come back as waivers', () => {
    expect(synth().trust.extensionSettings.settings['connectors.values.securityPki.minimumCertificateKeySize']).toBe('2048');
    expect(synth().trust.extensionWaivers).toEqual([]);
    const weak = synth({ rejectSha1SignedCertificates: false, allowSha1Signatures: OPT_OUT }).trust;
    expect(weak.extensionSettings.settings['connectors.values.securityPki.rejectSha1SignedCertificates']).toBe('false');
    expect(weak.extensionWaivers.map((w) => [w.rule, w.target])).toEqual([['opc-ua-pki-strict', 'extensions/azure-iot-operations']]);
  });
});
