import { secretSyncIdentityLeastPrivilege } from '../../../lib/rules/secrets/secret-sync-identity-least-privilege';
import { ruleTable } from '../helpers';
import { referencePlaceholder } from '../../../lib/model/azure';
import type { BuiltInRole } from '../../../lib/model/azure-roles';
import type { Resource } from '../../../lib/model/resource';
import { BUILT_IN_ROLES, credential, identity, roleAssignment, vault } from './support';

/** A role (Key Vault Secrets User unless given) for the sync identity on one secret of a planned resource (a reference with a child). */
function onSecret(name: string, target: string, secret: string, role: BuiltInRole = BUILT_IN_ROLES.keyVaultSecretsUser): Resource {
  const r = roleAssignment(name, role, { identity: 'sync' });
  const child = { type: 'secrets', name: secret };
  return {
    ...r,
    spec: { ...r.spec, scope: referencePlaceholder({ resource: target, attribute: 'id', child }) },
    references: [...r.references!.filter((x) => x.pointer !== '/spec/scope'), { pointer: '/spec/scope', resource: target, attribute: 'id', child }],
  };
}

const base = [vault('kv-plant-a', { enableRbacAuthorization: true }), identity('sync'), credential('sync', 'aio-ssc-sa')];
const needed = [
  roleAssignment('r1', BUILT_IN_ROLES.keyVaultSecretsUser, { identity: 'sync' }),
  roleAssignment('r2', BUILT_IN_ROLES.keyVaultReader, { identity: 'sync' }),
];

describe('secret-sync-identity-least-privilege', () => {
  ruleTable(secretSyncIdentityLeastPrivilege, [
    { name: 'Secrets User and Reader on the vault', resources: [...base, ...needed], expect: { outcome: 'valid' } },
    { name: 'a broad role held by someone else', resources: [...base, ...needed, roleAssignment('r3', BUILT_IN_ROLES.owner, { principalId: '99999999-2222-4333-8444-555555555555' })], expect: { outcome: 'valid' } },
    {
      name: 'Key Vault Administrator',
      resources: [...base, ...needed, roleAssignment('r3', BUILT_IN_ROLES.keyVaultAdministrator, { identity: 'sync' })],
      expect: { outcome: 'invalid', messageIds: ['broadRole'], messages: ['Identity sync syncs secrets and holds Key Vault Administrator; it needs only Key Vault Secrets User and Key Vault Reader.'] },
    },
    {
      name: 'Secrets User at resource group scope',
      resources: [...base, roleAssignment('r1', BUILT_IN_ROLES.keyVaultSecretsUser, { identity: 'sync' }, { literal: '/subscriptions/s/resourceGroups/plant-a' })],
      expect: { outcome: 'invalid', messageIds: ['broadScope'], messages: ['Identity sync syncs secrets and holds Key Vault Secrets User outside a single vault (/subscriptions/s/resourceGroups/plant-a).'] },
    },
    {
      name: 'also federated with dataflows',
      resources: [...base, credential('sync', 'aio-dataflow'), ...needed],
      expect: { outcome: 'invalid', messageIds: ['sharedWithDataflows'], messages: ['Identity sync is federated with both the secret-sync service account and the dataflow service account (system:serviceaccount:azure-iot-operations:aio-dataflow).'] },
    },
    { name: 'Contributor in development', profile: 'development', resources: [...base, roleAssignment('r3', BUILT_IN_ROLES.contributor, { identity: 'sync' })], expect: { outcome: 'invalid', messageIds: ['broadRole'] } },
    {
      name: 'ARM expressions read back: resourceId principal, vault scope',
      resources: [...base, roleAssignment('r4', BUILT_IN_ROLES.owner, { principalId: "[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'sync'), '2023-01-31').principalId]" }, { literal: "[resourceId('Microsoft.KeyVault/vaults', 'kv-plant-a')]" })],
      expect: { outcome: 'invalid', messageIds: ['broadRole'], messages: ['Identity sync syncs secrets and holds Owner; it needs only Key Vault Secrets User and Key Vault Reader.'] },
    },
    {
      name: 'a literal vault resource id is one vault',
      resources: [...base, roleAssignment('r1', BUILT_IN_ROLES.keyVaultSecretsUser, { identity: 'sync' }, { literal: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-other' })],
      expect: { outcome: 'valid' },
    },
    {
      name: 'Secrets User on single secrets of the vault (roleScope secret), Reader on the vault',
      resources: [...base, onSecret('r1a', 'vault/kv-plant-a', 'plant-a-ca-crt'), onSecret('r1b', 'vault/kv-plant-a', 'plant-a-ca-key'), needed[1]],
      expect: { outcome: 'valid' },
    },
    {
      name: 'a secret of a vault, written as ARM writes it: resourceId with two names, or the secret\'s resource id',
      resources: [
        ...base,
        roleAssignment('r1a', BUILT_IN_ROLES.keyVaultSecretsUser, { identity: 'sync' }, { literal: "[resourceId('Microsoft.KeyVault/vaults/secrets', 'kv-plant-a', 'plant-a-ca-crt')]" }),
        roleAssignment('r1b', BUILT_IN_ROLES.keyVaultSecretsUser, { identity: 'sync' }, { literal: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-plant-a/secrets/plant-a-ca-key' }),
      ],
      expect: { outcome: 'valid' },
    },
    {
      name: 'a child of something that is not a vault is not a secret',
      resources: [...base, onSecret('r1', 'identity/sync', 'x')],
      expect: { outcome: 'invalid', messageIds: ['broadScope'], messages: ['Identity sync syncs secrets and holds Key Vault Secrets User outside a single vault (secret x of identity sync).'] },
    },
    {
      name: 'a broad role on a single secret is still a broad role',
      resources: [...base, onSecret('r1', 'vault/kv-plant-a', 'plant-a-ca-key', BUILT_IN_ROLES.keyVaultSecretsOfficer)],
      expect: { outcome: 'invalid', messageIds: ['broadRole'], messages: ['Identity sync syncs secrets and holds Key Vault Secrets Officer; it needs only Key Vault Secrets User and Key Vault Reader.'] },
    },
    { name: 'a dataflow identity', resources: [identity('flows'), credential('flows', 'aio-dataflow')], expect: { outcome: 'not-applicable', reason: 'identity flows has no federated credential for aio-ssc-sa' } },
    {
      name: 'a role given by a deployment parameter: undecided, not a broad role',
      resources: [...base, {
        ...roleAssignment('r3', "[parameters('role')]", { identity: 'sync' }),
        references: [...roleAssignment('r3', BUILT_IN_ROLES.owner, { identity: 'sync' }).references!, { pointer: '/spec/properties/roleDefinitionId', parameter: 'role', description: 'the role' }],
      }],
      expect: { outcome: 'unknown', reason: 'role assignment r3 gives identity sync a role only known at deployment (the deployment parameter role)' },
    },
    {
      name: 'a broad role for a principal given by a deployment parameter',
      resources: [...base, ...needed, {
        ...roleAssignment('r3', BUILT_IN_ROLES.owner, { principalId: 'parameter(principal)' }),
        references: [{ pointer: '/spec/properties/principalId', parameter: 'principal', description: 'a principal' }],
      }],
      expect: { outcome: 'unknown', reason: 'role assignment r3 is for a principal only known at deployment' },
    },
    {
      name: 'a broad role for a principal only known at deployment',
      resources: [...base, ...needed, { ...roleAssignment('r3', BUILT_IN_ROLES.owner, { principalId: '[reference(\'x\').principalId]' }), unresolved: ['/spec/properties/principalId'] }],
      expect: { outcome: 'unknown', reason: 'role assignment r3 is for a principal only known at deployment' },
    },
  ]);
});
