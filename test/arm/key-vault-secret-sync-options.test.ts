/**
 * KeyVaultSecretSync's two options as ARM: the vault's diagnostic setting (audit logs to
 * EdgeObservability's Log Analytics workspace or to a workspace given by id) and Key Vault Secrets
 * User per Key Vault secret (`roleScope: 'secret'`, scope `<vault id>/secrets/<name>`, a reference
 * with a `child`). The template validates against the ARM types (role assignments and diagnostic
 * settings included), and reading it back gives the plan.
 */
import { readManifestText, renderArmTemplate, type Resource } from 'aio-secure';
import { referencePlaceholder } from '../../lib/model/azure';
import { BUILT_IN_ROLES } from '../../lib/model/azure-roles';
import { observabilityIds, planEdgeObservability, resolveEdgeObservability } from '../../lib/model/edge-observability';
import { keyVaultSecretSyncIds, planKeyVaultSecretSync, resolveKeyVaultSecretSync, type KeyVaultSecretSyncProps } from '../../lib/model/key-vault-secret-sync';
import { validateArmTemplate } from '../support/arm-types-validator';
import { props } from '../model/key-vault-secret-sync-props';

const CLUSTER = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/plant-a-rg/providers/Microsoft.Kubernetes/connectedClusters/plant-a-k8s';
const WORKSPACE = '/subscriptions/00000000-0000-0000-0000-00000000abcd/resourceGroups/central-rg/providers/Microsoft.OperationalInsights/workspaces/central-law';
/** Values a deployment passes. */
const PARAMETERS = { oidcIssuerUrl: 'https://oidc.example.net/plant-a/', customLocationId: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.ExtendedLocation/customLocations/cl' };

const obs = planEdgeObservability(resolveEdgeObservability('obs', { clusterId: CLUSTER }));
const syncPlan = (extra: Partial<KeyVaultSecretSyncProps>) => planKeyVaultSecretSync(resolveKeyVaultSecretSync('plant-a', { ...props, ...extra }), { form: 'arm' });
const withObservability = () => [
  ...obs,
  ...syncPlan({ vault: { ...props.vault, diagnostics: { logAnalyticsWorkspaceId: { resource: observabilityIds('obs').logAnalyticsWorkspace } } }, roleScope: 'secret' }),
];
const withoutSource = (rs: readonly Resource[]) => rs.map(({ source: _s, ...r }) => r);

function read(template: unknown) {
  const result = readManifestText(JSON.stringify(template), 'site.arm.json');
  expect(result.problems).toEqual([]);
  return result;
}

type Rendered = { type: string; name: string; scope?: string; properties?: Record<string, unknown>; dependsOn?: string[] };

describe('KeyVaultSecretSync options in the ARM template', () => {
  test('diagnostic setting on the vault, to EdgeObservability\'s workspace; Secrets User on each Key Vault secret, Reader on the vault', () => {
    const t = renderArmTemplate(withObservability());
    const resources = t.resources as unknown as Record<string, Rendered>;
    const diagnostics = resources.plant_a_vault_diagnostics;
    expect(diagnostics).toEqual({
      type: 'Microsoft.Insights/diagnosticSettings',
      apiVersion: '2021-05-01-preview',
      name: 'plant-a-audit',
      scope: "[resourceId('Microsoft.KeyVault/vaults', 'kv-plant-a')]",
      properties: {
        workspaceId: "[resourceId('Microsoft.OperationalInsights/workspaces', 'obs-law')]",
        logs: [{ category: 'AuditEvent', enabled: true }],
      },
      dependsOn: ['plant_a_vault', 'obs_log_analytics'],
    });
    const roles = Object.entries(resources).filter(([, r]) => r.type === 'Microsoft.Authorization/roleAssignments').map(([symbol, r]) => [symbol, r.scope, r.dependsOn]);
    expect(roles).toEqual([
      ['plant_a_role_key_vault_secrets_user_historian_password', "[resourceId('Microsoft.KeyVault/vaults/secrets', 'kv-plant-a', 'historian-password')]", ['plant_a_vault', 'plant_a_identity']],
      ['plant_a_role_key_vault_secrets_user_plant_a_ca_crt', "[resourceId('Microsoft.KeyVault/vaults/secrets', 'kv-plant-a', 'plant-a-ca-crt')]", ['plant_a_vault', 'plant_a_identity']],
      ['plant_a_role_key_vault_secrets_user_plant_a_ca_key', "[resourceId('Microsoft.KeyVault/vaults/secrets', 'kv-plant-a', 'plant-a-ca-key')]", ['plant_a_vault', 'plant_a_identity']],
      ['plant_a_role_key_vault_reader', "[resourceId('Microsoft.KeyVault/vaults', 'kv-plant-a')]", ['plant_a_vault', 'plant_a_identity']],
    ]);
    // Distinct role assignment names: one per secret, and the vault's Reader.
    expect(new Set(roles.map(([symbol]) => resources[symbol as string].name)).size).toBe(4);
  });

  test('a workspace given by resource id is written as it is', () => {
    const t = renderArmTemplate(syncPlan({ vault: { ...props.vault, diagnostics: { logAnalyticsWorkspaceId: WORKSPACE } } }));
    const diagnostics = (t.resources as unknown as Record<string, Rendered>).plant_a_vault_diagnostics;
    expect(diagnostics.properties).toEqual({ workspaceId: WORKSPACE, logs: [{ category: 'AuditEvent', enabled: true }] });
    expect(diagnostics.dependsOn).toEqual(['plant_a_vault']);
  });

  test.each([
    ['EdgeObservability\'s workspace, per-secret roles', withObservability],
    ['a workspace by id, vault roles', () => syncPlan({ vault: { ...props.vault, diagnostics: { logAnalyticsWorkspaceId: WORKSPACE } } })],
  ])('validates against the ARM types, role assignments and diagnostic settings included: %s', (_name, plan) => {
    const t = renderArmTemplate(plan());
    expect(Object.values(t.resources).map((r) => r.type)).toEqual(expect.arrayContaining(['Microsoft.Insights/diagnosticSettings', 'Microsoft.Authorization/roleAssignments']));
    expect(validateArmTemplate(t, { parameters: PARAMETERS })).toEqual([]);
  });

  test('negative control: a log setting ARM rejects does not validate', () => {
    const t = JSON.parse(JSON.stringify(renderArmTemplate(withObservability()))) as { resources: Record<string, { properties: { logs: Record<string, unknown>[] } }> };
    t.resources.plant_a_vault_diagnostics.properties.logs[0].enabled = 'true';
    expect(validateArmTemplate(t, { parameters: PARAMETERS })).toEqual([
      'Microsoft.Insights/diagnosticSettings plant-a-audit: /properties/logs/0/enabled must be a boolean (got "true") [ARM types microsoft.insights@2021-05-01-preview]',
    ]);
  });

  test('read(render(plan)) is the plan: the per-secret scopes come back as references with their child', () => {
    const plan = withObservability();
    const back = read(renderArmTemplate(plan));
    expect(withoutSource(back.resources)).toEqual(plan.filter((r) => r.armType));
    const role = back.resources.find((r) => r.id === keyVaultSecretSyncIds.secretRoleAssignment('plant-a', BUILT_IN_ROLES.keyVaultSecretsUser, 'plant-a-ca-crt'))!;
    expect(role.spec.scope).toBe(referencePlaceholder({ resource: 'plant-a/vault', attribute: 'id', child: { type: 'secrets', name: 'plant-a-ca-crt' } }));
    expect(role.spec.scope).toBe('ref(plant-a/vault).id/secrets/plant-a-ca-crt');
  });

  test('an edited per-secret scope is not taken for the reference: it stays as read', () => {
    const t = JSON.parse(JSON.stringify(renderArmTemplate(withObservability()))) as { resources: Record<string, { scope: string }> };
    t.resources.plant_a_role_key_vault_secrets_user_plant_a_ca_crt.scope = "[resourceId('Microsoft.KeyVault/vaults', 'kv-plant-a')]";
    const role = read(t).resources.find((r) => r.id === 'plant-a/role/key-vault-secrets-user/plant-a-ca-crt')!;
    expect(role.spec.scope).toBe("[resourceId('Microsoft.KeyVault/vaults', 'kv-plant-a')]");
    expect(role.references).toEqual([{ pointer: '/spec/properties/principalId', resource: 'plant-a/identity', attribute: 'principalId' }]);
  });

  test('a malformed child in the bookkeeping is not a reference: the scope stays as read', () => {
    const t = JSON.parse(JSON.stringify(renderArmTemplate(withObservability()))) as {
      metadata: { 'aio-secure': { resources: Record<string, { references: { pointer: string; child?: unknown }[] }> } };
      resources: Record<string, { scope: string }>;
    };
    const kept = t.metadata['aio-secure'].resources.plant_a_role_key_vault_secrets_user_plant_a_ca_crt;
    kept.references.find((x) => x.pointer === '/spec/scope')!.child = { type: 'secrets' };
    const role = read(t).resources.find((r) => r.id === 'plant-a/role/key-vault-secrets-user/plant-a-ca-crt')!;
    expect(role.spec.scope).toBe(t.resources.plant_a_role_key_vault_secrets_user_plant_a_ca_crt.scope);
    expect(role.references?.map((x) => x.pointer)).toEqual(['/spec/properties/principalId']);
  });

  test('a child reference on an attribute other than id is refused', () => {
    const plan = syncPlan({});
    const reader = plan.find((r) => r.id === 'plant-a/role/key-vault-reader')!;
    const broken = { ...reader, references: [{ pointer: '/spec/scope', resource: 'plant-a/vault', attribute: 'name' as const, child: { type: 'secrets', name: 'x' } }] };
    expect(() => renderArmTemplate(plan.map((r) => (r === reader ? broken : r)))).toThrow(
      'renderArmTemplate: roleAssignments "' + reader.name + '" (plant-a/role/key-vault-reader) at /spec/scope names a child of plant-a/vault but references its name; a child is an id below the resource\'s id. Fix the planner\'s references.',
    );
  });
});
