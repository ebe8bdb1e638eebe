import * as pulumi from '@pulumi/pulumi';
import { KeyVaultSecretSync } from '../../lib/pulumi/key-vault-secret-sync';
import type { KeyVaultSecretSyncProps } from '../../lib/model/key-vault-secret-sync';
import { BUILT_IN_ROLES } from '../../lib/model/azure-roles';

/** Every registration the mocked engine saw: type token, name and inputs. */
const seen: { type: string; name: string; inputs: Record<string, unknown> }[] = [];
const PRINCIPAL = '99999999-1111-4222-8333-444444444444';
const CLIENT = '11111111-2222-4333-8444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const SUB = '00000000-0000-0000-0000-00000000abcd';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-plant-a`;

/** The id the mocked engine gives a child. */
const mockId = (name: string) => `${RG}/providers/mock/${name}`;

void pulumi.runtime.setMocks({
  newResource(args) {
    seen.push({ type: args.type, name: args.name, inputs: args.inputs });
    // Identities get the ids Azure would give them; every resource gets an ARM-like id.
    const id = mockId(args.name);
    const identity = /UserAssignedIdentity$/.test(args.type) ? { principalId: PRINCIPAL, clientId: CLIENT, tenantId: TENANT } : {};
    return { id, state: { ...args.inputs, ...identity } };
  },
  call(args) {
    throw new Error(`unexpected provider call ${args.token}`);
  },
}, 'project', 'test', false);

const PROPS: KeyVaultSecretSyncProps = {
  vault: { name: 'kv-plant-a', network: { allowedIpRanges: ['203.0.113.0/24'] } },
  secrets: [{ name: 'plant-a-ca', type: 'kubernetes.io/tls', data: [{ key: 'tls.crt', vaultSecret: 'plant-a-ca-crt' }, { key: 'tls.key', vaultSecret: 'plant-a-ca-key' }] }],
};
const ARGS = { ...PROPS, resourceGroupName: 'rg-plant-a', customLocationId: `${RG}/providers/Microsoft.ExtendedLocation/customLocations/cl`, oidcIssuerUrl: 'https://oidc.example.net/plant-a/' };

const output = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply((v) => { resolve(v); return v; }));

async function build(): Promise<KeyVaultSecretSync> {
  seen.length = 0;
  const sync = new KeyVaultSecretSync('plant-a', ARGS);
  await Promise.all([...sync.children.values()].map((c) => output(c.urn)));
  await new Promise((r) => setImmediate(r));
  return sync;
}

const inputsOf = (pattern: RegExp) => seen.filter((r) => pattern.test(r.type)).map((r) => r.inputs);

describe('KeyVaultSecretSync (Pulumi)', () => {
  test('registers the component and one child per planned resource, under its type token', async () => {
    const sync = await build();
    expect(KeyVaultSecretSync.TYPE).toBe('aio-secure:secrets:KeyVaultSecretSync');
    expect(seen[0].type).toBe('aio-secure:secrets:KeyVaultSecretSync');
    expect(sync.children.size).toBe(sync.resources.length);
    expect(seen.filter((r) => r.type !== KeyVaultSecretSync.TYPE).map((r) => r.name)).toEqual(expect.arrayContaining([
      'plant-a-identity', 'plant-a-vault', 'plant-a-identity-federated-credential', 'plant-a-secret-provider-class', 'plant-a-secret-sync-plant-a-ca',
    ]));
  });

  test('the federated credential: cluster issuer, aio-ssc-sa subject, token exchange audience, on the identity', async () => {
    await build();
    const [fic] = inputsOf(/FederatedIdentityCredential$/);
    expect(fic).toMatchObject({
      resourceName: 'plant-a-secret-sync',
      issuer: 'https://oidc.example.net/plant-a/',
      subject: 'system:serviceaccount:azure-iot-operations:aio-ssc-sa',
      audiences: ['api://AzureADTokenExchange'],
    });
  });

  test('role assignments: Key Vault Secrets User and Reader, for the identity\'s principal, scoped to the vault', async () => {
    await build();
    const roles = inputsOf(/RoleAssignment$/);
    expect(roles).toHaveLength(2);
    const vaultId = mockId('plant-a-vault');
    for (const r of roles) {
      expect(r).toMatchObject({ principalId: PRINCIPAL, principalType: 'ServicePrincipal', scope: vaultId });
    }
    expect(roles.map((r) => String(r.roleDefinitionId).split('/').pop())).toEqual([BUILT_IN_ROLES.keyVaultSecretsUser.id, BUILT_IN_ROLES.keyVaultReader.id]);
    for (const r of roles) expect(String(r.roleDefinitionId)).toMatch(/^\/subscriptions\/[^/]+\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f-]{36}$/);
  });

  test('the vault: RBAC, purge protection, soft delete, restricted network, tenant of the identity', async () => {
    await build();
    const [vault] = inputsOf(/:Vault$/);
    expect(vault).toMatchObject({
      vaultName: 'kv-plant-a', resourceGroupName: 'rg-plant-a',
      properties: { tenantId: TENANT, enableRbacAuthorization: true, enablePurgeProtection: true, enableSoftDelete: true, publicNetworkAccess: 'Enabled', networkAcls: { defaultAction: 'Deny' } },
    });
  });

  test('the secret-sync resources sit in the custom location and name the identity\'s client id', async () => {
    const sync = await build();
    const [spc] = inputsOf(/AzureKeyVaultSecretProviderClass$/);
    expect(spc).toMatchObject({ clientId: CLIENT, tenantId: TENANT, keyvaultName: 'kv-plant-a', extendedLocation: { name: ARGS.customLocationId, type: 'CustomLocation' } });
    const [secretSync] = inputsOf(/:SecretSync$/);
    expect(secretSync).toMatchObject({ secretSyncName: 'plant-a-ca', kubernetesSecretType: 'kubernetes.io/tls', serviceAccountName: 'aio-ssc-sa', secretProviderClassName: 'plant-a-key-vault' });
    expect(await output(sync.identityClientId)).toBe(CLIENT);
    expect(await output(sync.defaultSecretProviderClassRef.resourceId)).toBe(mockId('plant-a-secret-provider-class'));
  });

  test('the construction-time checks pass and are kept', async () => {
    const sync = await build();
    expect(sync.checks.findings).toEqual([]);
    expect(sync.clusterRequirements.map((c) => c.cli)).toEqual(['az connectedk8s update --enable-oidc-issuer', 'az connectedk8s update --enable-workload-identity']);
  });
});
