import { Chart, Testing } from 'cdk8s';
import { readKubernetesText, type Resource } from 'aio-secure';
import { Yaml } from 'cdk8s';
import { KeyVaultSecretSync } from '../../lib/cdk8s/key-vault-secret-sync';
import { isAzureOnly } from '../../lib/model/azure';
import { kubernetesEdgeForm, planKeyVaultSecretSync, resolveKeyVaultSecretSync, type KeyVaultSecretSyncProps } from '../../lib/model/key-vault-secret-sync';
import { validateManifests } from '../support/schema-validator';

const CLIENT = '11111111-2222-4333-8444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const PROPS: KeyVaultSecretSyncProps = {
  vault: { name: 'kv-plant-a', network: { allowedIpRanges: ['203.0.113.0/24'] } },
  identity: { clientId: CLIENT },
  tenantId: TENANT,
  secrets: [
    { name: 'plant-a-ca', type: 'kubernetes.io/tls', data: [{ key: 'tls.crt', vaultSecret: 'plant-a-ca-crt' }, { key: 'tls.key', vaultSecret: 'plant-a-ca-key' }] },
    { name: 'historian-credentials', data: [{ key: 'username', vaultSecret: 'historian-user' }, { key: 'password', vaultSecret: 'historian-password' }, { key: 'password-previous', vaultSecret: 'historian-password', version: 1 }] },
  ],
};

function synth(props: KeyVaultSecretSyncProps = PROPS) {
  const chart = new Chart(Testing.app(), 'site');
  const sync = new KeyVaultSecretSync(chart, 'plant-a', props);
  return { chart, sync, manifests: Testing.synth(chart) };
}

const withoutSource = (rs: Resource[]) => rs.map(({ source: _s, ...r }) => r);

describe('KeyVaultSecretSync (cdk8s)', () => {
  test('snapshot', () => {
    expect(synth().manifests).toMatchSnapshot();
  });

  test('the YAML is the SecretProviderClass and one SecretSync per Secret, nothing of Azure', () => {
    const { manifests, sync } = synth();
    expect(manifests.map((m) => `${m.apiVersion} ${m.kind}/${m.metadata.namespace}/${m.metadata.name}`)).toEqual([
      'secrets-store.csi.x-k8s.io/v1 SecretProviderClass/azure-iot-operations/plant-a-key-vault',
      'secret-sync.x-k8s.io/v1alpha1 SecretSync/azure-iot-operations/plant-a-ca',
      'secret-sync.x-k8s.io/v1alpha1 SecretSync/azure-iot-operations/historian-credentials',
    ]);
    expect(sync.azureResources.map((r) => r.armType)).toEqual([
      'Microsoft.ManagedIdentity/userAssignedIdentities', 'Microsoft.KeyVault/vaults',
      'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials',
      'Microsoft.Authorization/roleAssignments', 'Microsoft.Authorization/roleAssignments',
    ]);
  });

  test('the SecretProviderClass names the workload identity with the clientID/tenantID casing', () => {
    const spc = synth().manifests[0];
    expect(spc.spec.provider).toBe('azure');
    expect(spc.spec.parameters).toMatchObject({ clientID: CLIENT, tenantID: TENANT, keyvaultName: 'kv-plant-a' });
    expect(spc.spec.parameters.clientId).toBeUndefined();
  });

  test('validates against the real secrets-store and secret-sync CRDs', () => {
    expect(validateManifests(synth().manifests)).toEqual([]);
  });

  test('reading the YAML back gives the Kubernetes part of the plan', () => {
    const { manifests } = synth();
    const resolved = resolveKeyVaultSecretSync('plant-a', PROPS);
    const plan = planKeyVaultSecretSync(resolved, kubernetesEdgeForm(resolved)).filter((r) => !isAzureOnly(r));
    const { resources, problems } = readKubernetesText(Yaml.stringify(...manifests), 'out.yaml');
    expect(problems).toEqual([]);
    expect(withoutSource(resources)).toEqual(plan);
  });

  test('refuses to synthesize without the identity\'s client id and tenant id, naming both', () => {
    const { identity: _i, tenantId: _t, ...rest } = PROPS;
    expect(() => synth(rest)).toThrow('KeyVaultSecretSync "plant-a": identity.clientId and tenantId are missing.');
  });

  test('secretName returns declared names only', () => {
    const { sync } = synth();
    expect(sync.secretName('plant-a-ca')).toBe('plant-a-ca');
    expect(() => sync.secretName('other')).toThrow('KeyVaultSecretSync "plant-a": no synced Secret "other"; declared: plant-a-ca, historian-credentials');
  });

  test('the app synthesizes with the guidance checks on', () => {
    const { chart } = synth();
    const app = chart.node.root as unknown as { synthYaml(): string };
    expect(app.synthYaml()).toContain('kind: SecretSync');
  });
});
