/**
 * KeyVaultSecretSync's options on the Pulumi path (mocked engine): Key Vault Secrets User scoped to
 * `<vault id>/secrets/<name>` (a reference with a child, `pulumi.interpolate` of the vault's id),
 * and the vault's diagnostic setting (azure-native monitor DiagnosticSetting on the vault's id).
 */
import * as pulumi from '@pulumi/pulumi';
import { BUILT_IN_ROLES } from '../../lib/model/azure-roles';
import { observabilityIds, planEdgeObservability, resolveEdgeObservability } from '../../lib/model/edge-observability';
import { planKeyVaultSecretSync, resolveKeyVaultSecretSync, type KeyVaultSecretSyncProps } from '../../lib/model/key-vault-secret-sync';
import { KeyVaultSecretSync } from '../../lib/pulumi/key-vault-secret-sync';
import { renderResources } from '../../lib/pulumi/render';

const seen: { type: string; name: string; inputs: Record<string, unknown> }[] = [];
const PRINCIPAL = '99999999-1111-4222-8333-444444444444';
const SUB = '00000000-0000-0000-0000-00000000abcd';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-plant-a`;
const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/central-rg/providers/Microsoft.OperationalInsights/workspaces/central-law`;
const CLUSTER = `${RG}/providers/Microsoft.Kubernetes/connectedClusters/plant-a-k8s`;
const mockId = (name: string) => `${RG}/providers/mock/${name}`;

void pulumi.runtime.setMocks({
  newResource(args) {
    seen.push({ type: args.type, name: args.name, inputs: args.inputs });
    const identity = /UserAssignedIdentity$/.test(args.type) ? { principalId: PRINCIPAL, clientId: '11111111-2222-4333-8444-555555555555', tenantId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' } : {};
    return { id: mockId(args.name), state: { ...args.inputs, ...identity } };
  },
  call(args) {
    throw new Error(`unexpected provider call ${args.token}`);
  },
}, 'project', 'test', false);

const PROPS: KeyVaultSecretSyncProps = {
  vault: { name: 'kv-plant-a', network: { allowedIpRanges: ['203.0.113.0/24'] }, diagnostics: { logAnalyticsWorkspaceId: WORKSPACE } },
  secrets: [{ name: 'plant-a-ca', type: 'kubernetes.io/tls', data: [{ key: 'tls.crt', vaultSecret: 'plant-a-ca-crt' }, { key: 'tls.key', vaultSecret: 'plant-a-ca-key' }] }],
  roleScope: 'secret',
};
const SITE = { resourceGroupName: 'rg-plant-a', customLocationId: `${RG}/providers/Microsoft.ExtendedLocation/customLocations/cl`, oidcIssuerUrl: 'https://oidc.example.net/plant-a/' };

const output = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply((v) => { resolve(v); return v; }));

async function settle(children: ReadonlyMap<string, pulumi.CustomResource>): Promise<void> {
  await Promise.all([...children.values()].map((c) => output(c.urn)));
  await new Promise((r) => setImmediate(r));
}

const inputsOf = (pattern: RegExp) => seen.filter((r) => pattern.test(r.type)).map((r) => r.inputs);

describe('KeyVaultSecretSync options (Pulumi)', () => {
  test('roleScope secret: Secrets User on each secret\'s id below the vault, Reader on the vault, for the identity', async () => {
    seen.length = 0;
    const sync = new KeyVaultSecretSync('plant-a', { ...PROPS, ...SITE });
    await settle(sync.children);
    const vaultId = mockId('plant-a-vault');
    // Registration order follows the engine's promises: compare sorted by scope.
    const roles = inputsOf(/RoleAssignment$/).map((r) => [String(r.roleDefinitionId).split('/').pop(), r.scope, r.principalId]).sort((a, b) => String(b[1]).length - String(a[1]).length || String(a[1]).localeCompare(String(b[1])));
    expect(roles).toEqual([
      [BUILT_IN_ROLES.keyVaultSecretsUser.id, `${vaultId}/secrets/plant-a-ca-crt`, PRINCIPAL],
      [BUILT_IN_ROLES.keyVaultSecretsUser.id, `${vaultId}/secrets/plant-a-ca-key`, PRINCIPAL],
      [BUILT_IN_ROLES.keyVaultReader.id, vaultId, PRINCIPAL],
    ]);
    // The role definition takes the subscription of the (per-secret) scope.
    for (const r of inputsOf(/RoleAssignment$/)) expect(String(r.roleDefinitionId)).toMatch(new RegExp(`^/subscriptions/${SUB}/providers/Microsoft\\.Authorization/roleDefinitions/`));
  });

  test('diagnostics: a DiagnosticSetting on the vault\'s id, AuditEvent to the workspace', async () => {
    seen.length = 0;
    const sync = new KeyVaultSecretSync('plant-a', { ...PROPS, ...SITE });
    await settle(sync.children);
    const settings = seen.filter((r) => /DiagnosticSetting$/.test(r.type));
    expect(settings.map((r) => r.type)).toEqual([expect.stringMatching(/^azure-native:monitor(\/v\d+preview)?:DiagnosticSetting$/)]);
    expect(settings[0].inputs).toMatchObject({ resourceUri: mockId('plant-a-vault'), workspaceId: WORKSPACE, logs: [{ category: 'AuditEvent', enabled: true }] });
    // DiagnosticSetting's name argument is `name`: it keeps the plan's name (not an auto-name).
    expect(sync.resources.find((r) => r.kind === 'diagnosticSettings')!.name).toBe('plant-a-audit');
    expect(settings[0].inputs.name).toBe('plant-a-audit');
  });

  test('a workspace planned by EdgeObservability: rendered together, the setting takes the workspace\'s id', async () => {
    seen.length = 0;
    const workspace = planEdgeObservability(resolveEdgeObservability('obs', { clusterId: CLUSTER })).filter((r) => r.id === observabilityIds('obs').logAnalyticsWorkspace);
    const sync = planKeyVaultSecretSync(resolveKeyVaultSecretSync('plant-a', { ...PROPS, vault: { ...PROPS.vault, diagnostics: { logAnalyticsWorkspaceId: { resource: observabilityIds('obs').logAnalyticsWorkspace } } } }), { form: 'arm' });
    const owner = new pulumi.ComponentResource('test:site:Site', 'site');
    const children = renderResources(owner, 'site', [...workspace, ...sync], {
      construct: 'Site', resourceGroupName: 'rg-plant-a', parameters: { oidcIssuerUrl: SITE.oidcIssuerUrl, customLocationId: SITE.customLocationId },
    });
    await settle(children);
    const [setting] = inputsOf(/DiagnosticSetting$/);
    expect(setting).toMatchObject({ resourceUri: mockId('site-plant-a-vault'), workspaceId: mockId('site-obs-log-analytics') });
  });

  test('the component alone cannot reach a workspace of another component: the error says how to render them together', () => {
    expect(() => new KeyVaultSecretSync('plant-b', {
      ...PROPS, ...SITE, vault: { ...PROPS.vault, name: 'kv-plant-b', diagnostics: { logAnalyticsWorkspaceId: { resource: 'obs/log-analytics' } } },
    })).toThrow(
      'KeyVaultSecretSync "plant-b": diagnosticSettings/plant-b-audit (plant-b/vault/diagnostics) references the id of obs/log-analytics at /spec/properties/workspaceId, ' +
        'which is neither in the plan nor in the render context\'s rendered resources. Render them together or pass the resource in rendered.',
    );
  });
});
