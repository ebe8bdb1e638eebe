/**
 * KeyVaultSecretSync's options beyond the defaults: `vault.diagnostics` (a diagnostic setting that
 * sends the vault's AuditEvent logs to Log Analytics) and `roleScope: 'secret'` (Key Vault Secrets
 * User on each Key Vault secret the sync reads, Key Vault Reader on the vault). Without them the
 * plan is what it always was (the snapshot in key-vault-secret-sync.test.ts).
 */
import { checkResources } from 'aio-secure';
import fc from 'fast-check';
import { renderArmTemplate } from '../../lib/arm/template';
import { readManifestText } from '../../lib/inputs';
import { BUILT_IN_ROLES, roleDefinitionPath } from '../../lib/model/azure-roles';
import { planKeyVaultSecretSync, resolveKeyVaultSecretSync, type KeyVaultSecretSyncProps } from '../../lib/model/key-vault-secret-sync';
import type { Resource } from '../../lib/model/resource';
import { SECRETS_RULES } from '../../lib/rules/secrets';
import { props } from './key-vault-secret-sync-props';

const WORKSPACE = '/subscriptions/00000000-0000-0000-0000-00000000abcd/resourceGroups/central-rg/providers/Microsoft.OperationalInsights/workspaces/central-law';
const plan = (extra: Partial<KeyVaultSecretSyncProps>) => planKeyVaultSecretSync(resolveKeyVaultSecretSync('plant-a', { ...props, ...extra }), { form: 'arm' });
const byId = (rs: readonly Resource[], id: string): Resource => rs.find((r) => r.id === id)!;
const roleOf = (r: Resource) => (r.spec.properties as { roleDefinitionId: string }).roleDefinitionId;

describe('KeyVaultSecretSync options: props', () => {
  test('defaults: roles on the vault, no diagnostic setting; the plan is the one without the props', () => {
    const r = resolveKeyVaultSecretSync('plant-a', props);
    expect(r.roleScope).toBe('vault');
    expect(r.vault.diagnostics).toBeUndefined();
    expect(plan({ roleScope: 'vault' })).toEqual(plan({}));
    expect(plan({}).some((x) => x.kind === 'diagnosticSettings')).toBe(false);
  });

  test.each<[string, unknown, string]>([
    ['an unknown role scope', { ...props, roleScope: 'resourceGroup' },
      'KeyVaultSecretSync "plant-a": roleScope is not a role scope (got "resourceGroup"). Use "vault" (Key Vault Secrets User on the vault) or "secret" (on each Key Vault secret the sync reads)'],
    ['a workspace id that is not a workspace', { ...props, vault: { ...props.vault, diagnostics: { logAnalyticsWorkspaceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Monitor/accounts/amw' } } },
      'KeyVaultSecretSync "plant-a": vault.diagnostics.logAnalyticsWorkspaceId is not a Log Analytics workspace resource id (got "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Monitor/accounts/amw"). ' +
        'Give /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>, or { resource: <logical id> } of a workspace in the same deployment'],
    ['a reference without a logical id', { ...props, vault: { ...props.vault, diagnostics: { logAnalyticsWorkspaceId: { resource: '' } } } },
      'KeyVaultSecretSync "plant-a": vault.diagnostics.logAnalyticsWorkspaceId names no workspace (got {"resource":""}). Give the workspace\'s resource id, or { resource: <logical id> } of one in the same deployment, e.g. observabilityIds("<EdgeObservability id>").logAnalyticsWorkspace'],
    ['diagnostics that are not an object', { ...props, vault: { ...props.vault, diagnostics: 'on' } },
      'KeyVaultSecretSync "plant-a": vault.diagnostics is not a diagnostics setting (got "on"). Give { logAnalyticsWorkspaceId }, or leave it out'],
  ])('rejects %s', (_name, given, message) => {
    expect(() => resolveKeyVaultSecretSync('plant-a', given as KeyVaultSecretSyncProps)).toThrow(message);
  });
});

describe('KeyVaultSecretSync options: the plan', () => {
  test('diagnostics: a diagnostic setting on the vault, AuditEvent to the workspace (literal id)', () => {
    const d = byId(plan({ vault: { ...props.vault, diagnostics: { logAnalyticsWorkspaceId: WORKSPACE } } }), 'plant-a/vault/diagnostics');
    expect(d).toEqual({
      id: 'plant-a/vault/diagnostics', group: 'Microsoft.Insights', version: '2021-05-01-preview', kind: 'diagnosticSettings', name: 'plant-a-audit',
      armType: 'Microsoft.Insights/diagnosticSettings',
      spec: { scope: 'ref(plant-a/vault).id', properties: { workspaceId: WORKSPACE, logs: [{ category: 'AuditEvent', enabled: true }] } },
      references: [{ pointer: '/spec/scope', resource: 'plant-a/vault', attribute: 'id' }],
    });
  });

  test('diagnostics: a workspace planned elsewhere is a reference to its id', () => {
    const d = byId(plan({ vault: { ...props.vault, diagnostics: { logAnalyticsWorkspaceId: { resource: 'obs/log-analytics' } } } }), 'plant-a/vault/diagnostics');
    expect(d.spec.properties).toEqual({ workspaceId: 'ref(obs/log-analytics).id', logs: [{ category: 'AuditEvent', enabled: true }] });
    expect(d.references).toEqual([
      { pointer: '/spec/scope', resource: 'plant-a/vault', attribute: 'id' },
      { pointer: '/spec/properties/workspaceId', resource: 'obs/log-analytics', attribute: 'id' },
    ]);
  });

  test('roleScope secret: Secrets User on each Key Vault secret read (once per secret), Reader on the vault', () => {
    const roles = plan({ roleScope: 'secret' }).filter((r) => r.kind === 'roleAssignments');
    expect(roles.map((r) => [r.id, roleOf(r), r.spec.scope])).toEqual([
      ['plant-a/role/key-vault-secrets-user/historian-password', roleDefinitionPath(BUILT_IN_ROLES.keyVaultSecretsUser), 'ref(plant-a/vault).id/secrets/historian-password'],
      ['plant-a/role/key-vault-secrets-user/plant-a-ca-crt', roleDefinitionPath(BUILT_IN_ROLES.keyVaultSecretsUser), 'ref(plant-a/vault).id/secrets/plant-a-ca-crt'],
      ['plant-a/role/key-vault-secrets-user/plant-a-ca-key', roleDefinitionPath(BUILT_IN_ROLES.keyVaultSecretsUser), 'ref(plant-a/vault).id/secrets/plant-a-ca-key'],
      ['plant-a/role/key-vault-reader', roleDefinitionPath(BUILT_IN_ROLES.keyVaultReader), 'ref(plant-a/vault).id'],
    ]);
    expect(byId(roles, 'plant-a/role/key-vault-secrets-user/plant-a-ca-crt').references).toEqual([
      { pointer: '/spec/scope', resource: 'plant-a/vault', attribute: 'id', child: { type: 'secrets', name: 'plant-a-ca-crt' } },
      { pointer: '/spec/properties/principalId', resource: 'plant-a/identity', attribute: 'principalId' },
    ]);
    // The Reader assignment keeps its name, so switching roleScope does not replace it.
    expect(byId(roles, 'plant-a/role/key-vault-reader').name).toBe(byId(plan({}), 'plant-a/role/key-vault-reader').name);
    expect(new Set(roles.map((r) => r.name)).size).toBe(4);
  });

  test('both options pass every secrets rule in both profiles', () => {
    const both = plan({ roleScope: 'secret', vault: { ...props.vault, diagnostics: { logAnalyticsWorkspaceId: WORKSPACE } } });
    for (const profile of ['development', 'production'] as const) {
      const result = checkResources(both, { rules: SECRETS_RULES, profile });
      expect(result.findings.map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
      // The identity rule applied (it is not applicable only to identities without an aio-ssc-sa credential).
      expect(result.notApplicable.filter((n) => n.rule === 'secret-sync-identity-least-privilege')).toEqual([]);
    }
  });
});

describe('roleScope secret, any declaration', () => {
  const name = fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/);
  const declaration = fc.uniqueArray(fc.record({ secret: name, vaultSecret: name, version: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 5, selector: (d) => d.secret });

  test('one Secrets User per distinct Key Vault secret, scoped to it; the ARM template reads back to the plan', () => {
    fc.assert(fc.property(declaration, (decls) => {
      const p = plan({ roleScope: 'secret', secrets: decls.map((d) => ({ name: d.secret, data: [{ key: 'value', vaultSecret: d.vaultSecret, version: d.version }] })) });
      const users = p.filter((r) => r.kind === 'roleAssignments' && roleOf(r) === roleDefinitionPath(BUILT_IN_ROLES.keyVaultSecretsUser));
      const distinct = [...new Set(decls.map((d) => d.vaultSecret))].sort();
      expect(users.map((r) => r.spec.scope)).toEqual(distinct.map((s) => `ref(plant-a/vault).id/secrets/${s}`));
      const back = readManifestText(JSON.stringify(renderArmTemplate(p)), 'sync.arm.json');
      expect(back.problems).toEqual([]);
      expect(back.resources.map(({ source: _s, ...r }) => r)).toEqual(p);
    }), { numRuns: 50 });
  });
});
