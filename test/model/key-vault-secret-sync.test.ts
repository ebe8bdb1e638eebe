import { checkResources } from 'aio-secure';
import {
  KEY_VAULT_SECRET_SYNC_DEFAULTS,
  kubernetesEdgeForm,
  planKeyVaultSecretSync,
  resolveKeyVaultSecretSync,
  secretProviderObjects,
} from '../../lib/model/key-vault-secret-sync';
import { BUILT_IN_ROLES, roleDefinitionPath } from '../../lib/model/azure-roles';
import { SECRETS_RULES } from '../../lib/rules/secrets';
import { props } from './key-vault-secret-sync-props';
import type { KeyVaultSecretSyncProps } from '../../lib/model/key-vault-secret-sync';

const CLIENT = '11111111-2222-4333-8444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';


const byId = <T extends { id: string }>(rs: T[], id: string): T => rs.find((r) => r.id === id)!;

describe('resolveKeyVaultSecretSync', () => {
  test('defaults', () => {
    const r = resolveKeyVaultSecretSync('plant-a', props);
    expect(r.namespace).toBe('azure-iot-operations');
    expect(r.identityName).toBe('plant-a-secret-sync');
    expect(r.secretProviderClassName).toBe('plant-a-key-vault');
    expect(r.serviceAccountName).toBe('aio-ssc-sa');
    expect(r.vault).toMatchObject({ sku: 'standard', softDeleteRetentionInDays: 90 });
    expect(r.secrets[1].type).toBe(KEY_VAULT_SECRET_SYNC_DEFAULTS.secretType);
    expect(r.vaultObjects).toEqual([{ name: 'historian-password', versionHistory: 2 }, { name: 'plant-a-ca-crt', versionHistory: 1 }, { name: 'plant-a-ca-key', versionHistory: 1 }]);
    expect(r.clusterRequirements.map((c) => c.setting)).toEqual(['properties.oidcIssuerProfile.enabled', 'properties.securityProfile.workloadIdentity.enabled']);
  });

  test.each<[string, unknown, string]>([
    ['a bad vault name', { ...props, vault: { name: 'kv_plant' } }, 'KeyVaultSecretSync "plant-a": vault.name is not a valid Key Vault name (got "kv_plant"). Use 3-24 letters, digits and "-", starting with a letter, ending with a letter or digit, without "--", e.g. "kv-plant-a"'],
    ['no secrets', { ...props, secrets: [] }, 'KeyVaultSecretSync "plant-a": secrets is empty (got []). Declare at least one Secret'],
    ['a tls secret without its key', { ...props, secrets: [{ name: 'ca', type: 'kubernetes.io/tls', data: [{ key: 'tls.crt', vaultSecret: 'ca-crt' }] }] },
      'KeyVaultSecretSync "plant-a": secrets[0].data has no tls.key key, which a kubernetes.io/tls Secret needs (got ["tls.crt"]). Map tls.crt (certificate chain) and tls.key (private key) from Key Vault, or use type "Opaque"'],
    ['a duplicate key', { ...props, secrets: [{ name: 'a', data: [{ key: 'x', vaultSecret: 'a' }, { key: 'x', vaultSecret: 'b' }] }] }, 'KeyVaultSecretSync "plant-a": secrets[0].data[1].key is mapped twice (got "x"). Map each key of the Secret once'],
    ['a value instead of a name', { ...props, secrets: [{ name: 'a', data: [{ key: 'password', vaultSecret: 'hunter2!' }] }] },
      'KeyVaultSecretSync "plant-a": secrets[0].data[0].vaultSecret is not a Key Vault secret name (got "hunter2!"). Use 1-127 letters, digits and "-", the name under which the value is stored in Key Vault (never the value itself)'],
    ['an allow-all range', { ...props, vault: { name: 'kv-plant-a', network: { allowedIpRanges: ['0.0.0.0/0'] } } },
      'KeyVaultSecretSync "plant-a": vault.network.allowedIpRanges[0] allows every address (got "0.0.0.0/0"). List the sites\' egress ranges, or set vault.network.allowAllNetworks: { reason, owner, expires } to open the vault on purpose'],
    ['an opt-out without a reason', { ...props, vault: { name: 'kv-plant-a', network: { allowAllNetworks: { reason: 'todo', owner: 'me', expires: '2027-01-01' } } } },
      'KeyVaultSecretSync "plant-a": vault.network.allowAllNetworks.reason is not a substantive reason (got "todo").'],
    ['a bad tenant id', { ...props, tenantId: 'contoso' }, 'KeyVaultSecretSync "plant-a": tenantId is not a GUID (got "contoso").'],
    ['an http issuer', { ...props, oidcIssuerUrl: 'http://issuer' }, 'KeyVaultSecretSync "plant-a": oidcIssuerUrl is not an https URL (got "http://issuer").'],
    ['a version beyond the window', { ...props, secrets: [{ name: 'a', data: [{ key: 'x', vaultSecret: 'a', version: 11 }] }] }, 'KeyVaultSecretSync "plant-a": secrets[0].data[0].version is not a whole number from 0 to 10 (got 11).'],
  ])('rejects %s', (_name, given, message) => {
    expect(() => resolveKeyVaultSecretSync('plant-a', given as KeyVaultSecretSyncProps)).toThrow(message);
  });
});

describe('planKeyVaultSecretSync (ARM form)', () => {
  const plan = planKeyVaultSecretSync(resolveKeyVaultSecretSync('plant-a', props), { form: 'arm' });

  test('syncs only into the AIO namespace, where the custom location puts ARM SecretSyncs', () => {
    expect(() => planKeyVaultSecretSync(resolveKeyVaultSecretSync('pki', { ...props, namespace: 'cert-manager' }), { form: 'arm' })).toThrow(
      'KeyVaultSecretSync "pki": namespace is not the AIO namespace, which the ARM form requires (got "cert-manager"). ' +
        'Microsoft.SecretSyncController resources are created in the AIO instance\'s custom location ("azure-iot-operations"): sync into "azure-iot-operations", or use the Kubernetes form (aio-secure/cdk8s) for Secrets in other namespaces',
    );
    expect(() => planKeyVaultSecretSync(resolveKeyVaultSecretSync('pki', { ...props, namespace: 'cert-manager', identity: { clientId: '11111111-2222-4333-8444-555555555555' }, tenantId: '99999999-8888-4777-8666-555555555555' }), { form: 'kubernetes', clientId: '11111111-2222-4333-8444-555555555555', tenantId: '99999999-8888-4777-8666-555555555555' })).not.toThrow();
  });

  test('snapshot', () => {
    expect(plan).toMatchSnapshot();
  });

  test('the vault: RBAC, purge protection, soft delete, no public access beyond the allow list', () => {
    expect(byId(plan, 'plant-a/vault').spec.properties).toMatchObject({
      enableRbacAuthorization: true, enablePurgeProtection: true, enableSoftDelete: true, softDeleteRetentionInDays: 90,
      enabledForTemplateDeployment: false, publicNetworkAccess: 'Enabled',
      networkAcls: { defaultAction: 'Deny', bypass: 'None', ipRules: [{ value: '203.0.113.0/24' }] },
    });
    const closed = planKeyVaultSecretSync(resolveKeyVaultSecretSync('plant-a', { ...props, vault: { name: 'kv-plant-a' } }), { form: 'arm' });
    expect(byId(closed, 'plant-a/vault').spec.properties).toMatchObject({ publicNetworkAccess: 'Disabled', networkAcls: { defaultAction: 'Deny', ipRules: [] } });
  });

  test('the federated credential: OIDC issuer parameter, aio-ssc-sa subject, token exchange audience', () => {
    const fic = byId(plan, 'plant-a/identity/federated-credential');
    expect(fic.parent).toEqual({ kind: 'userAssignedIdentities', name: 'plant-a-secret-sync' });
    expect(fic.spec.properties).toEqual({ issuer: 'parameter(oidcIssuerUrl)', subject: 'system:serviceaccount:azure-iot-operations:aio-ssc-sa', audiences: ['api://AzureADTokenExchange'] });
    expect(fic.references).toEqual([{ pointer: '/spec/properties/issuer', parameter: 'oidcIssuerUrl', description: expect.any(String) }]);
  });

  test('two role assignments, Key Vault Secrets User and Key Vault Reader, on the vault, for the identity', () => {
    const roles = plan.filter((r) => r.kind === 'roleAssignments');
    expect(roles.map((r) => (r.spec.properties as { roleDefinitionId: string }).roleDefinitionId))
      .toEqual([roleDefinitionPath(BUILT_IN_ROLES.keyVaultSecretsUser), roleDefinitionPath(BUILT_IN_ROLES.keyVaultReader)]);
    for (const r of roles) {
      expect(r.references).toEqual([
        { pointer: '/spec/scope', resource: 'plant-a/vault', attribute: 'id' },
        { pointer: '/spec/properties/principalId', resource: 'plant-a/identity', attribute: 'principalId' },
      ]);
      expect(r.name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(roles.map((r) => r.name)).size).toBe(2);
  });

  test('the ARM SecretProviderClass and SecretSyncs live in the custom location and name the identity', () => {
    const spc = byId(plan, 'plant-a/secret-provider-class');
    expect(spc.armType).toBe('Microsoft.SecretSyncController/azureKeyVaultSecretProviderClasses');
    expect(spc.spec.extendedLocation).toEqual({ name: 'parameter(customLocationId)', type: 'CustomLocation' });
    expect(spc.spec.properties).toMatchObject({ clientId: 'ref(plant-a/identity).clientId', tenantId: 'ref(plant-a/identity).tenantId', keyvaultName: 'kv-plant-a' });
    const sync = byId(plan, 'plant-a/secret-sync/historian-password');
    expect(sync.spec.properties).toEqual({
      secretProviderClassName: 'plant-a-key-vault', serviceAccountName: 'aio-ssc-sa', kubernetesSecretType: 'Opaque',
      objectSecretMapping: [{ sourcePath: 'historian-password', targetKey: 'password' }, { sourcePath: 'historian-password/1', targetKey: 'previous' }],
    });
  });

  test('passes every secrets rule in both profiles', () => {
    for (const profile of ['development', 'production'] as const) {
      const result = checkResources(plan, { rules: SECRETS_RULES, profile });
      expect(result.findings.map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
    }
  });

  test('an open vault carries its waiver, and the checker shows it waived', () => {
    const open = planKeyVaultSecretSync(resolveKeyVaultSecretSync('plant-a', {
      ...props, vault: { name: 'kv-plant-a', network: { allowAllNetworks: { reason: 'Lab vault reached from roaming test rigs without fixed egress', owner: 'lab-team', expires: '2027-01-31' } } },
    }), { form: 'arm' });
    const vault = byId(open, 'plant-a/vault');
    expect(vault.spec.properties).toMatchObject({ publicNetworkAccess: 'Enabled', networkAcls: { defaultAction: 'Allow' } });
    const result = checkResources(open, { rules: SECRETS_RULES, now: new Date('2026-12-01T00:00:00Z') });
    expect(result.findings.map((f) => [f.rule, f.waived])).toEqual([['key-vault-network-restricted', true]]);
  });
});

describe('planKeyVaultSecretSync (Kubernetes form)', () => {
  const resolved = resolveKeyVaultSecretSync('plant-a', { ...props, identity: { clientId: CLIENT }, tenantId: TENANT });
  const plan = planKeyVaultSecretSync(resolved, kubernetesEdgeForm(resolved));

  test('SecretProviderClass with clientID/tenantID casing, and one SecretSync per Secret', () => {
    const spc = byId(plan, 'plant-a/secret-provider-class');
    expect(spc).toMatchObject({ group: 'secrets-store.csi.x-k8s.io', version: 'v1', kind: 'SecretProviderClass', namespace: 'azure-iot-operations' });
    expect(spc.spec).toEqual({ provider: 'azure', parameters: { clientID: CLIENT, tenantID: TENANT, keyvaultName: 'kv-plant-a', objects: secretProviderObjects(resolved.vaultObjects) } });
    const sync = byId(plan, 'plant-a/secret-sync/plant-a-ca');
    expect(sync).toMatchObject({ group: 'secret-sync.x-k8s.io', version: 'v1alpha1', kind: 'SecretSync', name: 'plant-a-ca' });
    expect(sync.spec).toEqual({
      serviceAccountName: 'aio-ssc-sa', secretProviderClassName: 'plant-a-key-vault',
      secretObject: { type: 'kubernetes.io/tls', data: [{ sourcePath: 'plant-a-ca-crt', targetKey: 'tls.crt' }, { sourcePath: 'plant-a-ca-key', targetKey: 'tls.key' }, { sourcePath: 'plant-a-ca-crt', targetKey: 'ca.crt' }] },
    });
    expect(plan.some((r) => r.group === 'Microsoft.SecretSyncController')).toBe(false);
  });

  test('the objects parameter lists each vault secret once, with its version history', () => {
    expect(secretProviderObjects(resolved.vaultObjects)).toBe([
      'array:',
      '  - |',
      '    objectName: historian-password',
      '    objectType: secret',
      '    objectVersionHistory: 2',
      '  - |',
      '    objectName: plant-a-ca-crt',
      '    objectType: secret',
      '  - |',
      '    objectName: plant-a-ca-key',
      '    objectType: secret',
      '',
    ].join('\n'));
  });

  test('names both missing ids in one error', () => {
    expect(() => kubernetesEdgeForm(resolveKeyVaultSecretSync('plant-a', props))).toThrow(
      'KeyVaultSecretSync "plant-a": identity.clientId and tenantId are missing. The Kubernetes SecretProviderClass needs the identity\'s client id and tenant id as values (YAML cannot reference Azure): deploy the ARM template (aio-secure synth --arm), then give identity.clientId and tenantId from the identity "plant-a-secret-sync"');
    expect(() => kubernetesEdgeForm(resolveKeyVaultSecretSync('plant-a', { ...props, tenantId: TENANT }))).toThrow('KeyVaultSecretSync "plant-a": identity.clientId is missing.');
  });

  test('passes every secrets rule', () => {
    const result = checkResources(plan, { rules: SECRETS_RULES });
    expect(result.findings.map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
  });
});
