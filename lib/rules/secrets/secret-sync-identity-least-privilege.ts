import { builtInRoleOf } from '../../model/azure-roles';
import { SECRET_STORE } from '../../model/key-vault-secret-sync';
import { isJsonObject, type Resource } from '../../model/resource';
import type { DeploymentIndex } from '../deployment-index';
import { defineRule, outcome, type RuleFinding } from '../types';
import { FEDERATED_CREDENTIAL, IDENTITY, isArmForm, propertiesOf, resourceReferenceAt, ROLE_ASSIGNMENT, serviceAccountOf, subjectOf, VAULT } from './common';

type Message = 'broadRole' | 'broadScope' | 'sharedWithDataflows';

/** The Key Vault roles a secret-sync identity may hold (facts 2.1). */
const NEEDED = new Set(['Key Vault Secrets User', 'Key Vault Reader']);

/**
 * Whom a role assignment is for: the id of an identity of the deployment, or undefined when
 * unknown. Planned resources say it with a reference; ARM templates read back keep the expression,
 * of which the two usual forms are followed: `[reference('<symbolic name>').principalId]` and
 * `[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', '<name>'), ...).principalId]`.
 */
function assigneeOf(assignment: Resource, index: DeploymentIndex): string | undefined {
  const ref = resourceReferenceAt(assignment, '/spec/properties/principalId');
  if (ref) return ref.attribute === 'principalId' ? ref.resource : undefined;
  const props = assignment.spec.properties;
  const expr = isJsonObject(props) && typeof props.principalId === 'string' ? props.principalId.replace(/\s+/g, '') : '';
  const identities = index.ofKind(IDENTITY.group, IDENTITY.kind);
  const symbolic = /^\[reference\('([^']+)'\)\.principalId\]$/.exec(expr);
  if (symbolic) return identities.find((i) => i.source?.pointer === `/resources/${symbolic[1]}` && i.source.file === assignment.source?.file)?.id;
  const byName = /^\[reference\(resourceId\('Microsoft\.ManagedIdentity\/userAssignedIdentities','([^']+)'\)(,[^)]*)?\)\.principalId\]$/i.exec(expr);
  if (byName) return identities.find((i) => i.name === byName[1])?.id;
  return undefined;
}

/**
 * Whether a role assignment's scope is one Key Vault or one secret in it (the narrower scope
 * `roleScope: 'secret'` plans): a reference to a planned vault's id, with or without a child
 * (`secrets/<name>`); `resourceId('Microsoft.KeyVault/vaults', ...)` or `resourceId('Microsoft.KeyVault/vaults/secrets', ...)`;
 * or the resource id of a vault or of a secret of one.
 */
function scopedToOneVault(assignment: Resource, index: DeploymentIndex): boolean {
  const ref = resourceReferenceAt(assignment, '/spec/scope');
  if (ref) {
    const target = index.resources.find((r) => r.id === ref.resource);
    // A child of the vault (`ref.child`, e.g. `secrets/<name>`) is inside it, so narrower still.
    return target !== undefined && isArmForm(target, VAULT) && ref.attribute === 'id';
  }
  const scope = typeof assignment.spec.scope === 'string' ? assignment.spec.scope.replace(/\s+/g, '') : '';
  return /^\[resourceId\('Microsoft\.KeyVault\/vaults','[^']+'\)\]$/i.test(scope)
    || /^\[resourceId\('Microsoft\.KeyVault\/vaults\/secrets','[^']+','[^']+'\)\]$/i.test(scope)
    || /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+(\/secrets\/[^/]+)?$/i.test(scope);
}

/**
 * AS-1 and CL-1: the identity the Secret Store extension signs in as can read the vault's secrets
 * and nothing else, and is not also the identity of dataflows.
 */
export const secretSyncIdentityLeastPrivilege = defineRule({
  name: 'secret-sync-identity-least-privilege',
  guidance: ['AS-1', 'CL-1'],
  description: 'The identity federated with the secret-sync service account (aio-ssc-sa) holds only Key Vault Secrets User and Key Vault Reader, on the vault or on single secrets of it, and is not federated with dataflows.',
  rationale:
    'Anyone who can run a pod as aio-ssc-sa on the edge cluster acts as this identity. With Owner, Contributor or a Key Vault administrator or officer role it could rewrite, delete or purge secrets and grant access to others, ' +
    'not only read them; at resource group scope it could read every vault in the group. Shared with aio-dataflow, a compromise of either workload gives both the cloud targets and every secret.',
  remediation:
    'Let KeyVaultSecretSync create the identity and its role assignments on the vault (roleScope: \'secret\' for Secrets User on each synced secret), and give dataflows their own identity (ManagedIdentityDataflow). ' +
    'By hand, remove the broader role assignments and the second federated credential.',
  severity: { development: 'warning', production: 'error' },
  waivable: true,
  appliesTo: [IDENTITY],
  messages: {
    broadRole: 'Identity {identity} syncs secrets and holds {role}; it needs only Key Vault Secrets User and Key Vault Reader.',
    broadScope: 'Identity {identity} syncs secrets and holds {role} outside a single vault ({scope}).',
    sharedWithDataflows: 'Identity {identity} is federated with both the secret-sync service account and the dataflow service account ({subject}).',
  },
  check(identity, { index }) {
    const credentials = index.ofKind(FEDERATED_CREDENTIAL.group, FEDERATED_CREDENTIAL.kind).filter((c) => c.parent?.name === identity.name);
    const accounts = credentials.map((c) => {
      const subject = subjectOf(c);
      if (subject === undefined) throw new Error(`federated credential ${c.name} has no readable subject`);
      return { subject, account: serviceAccountOf(subject) };
    });
    if (!accounts.some((a) => a.account?.name === SECRET_STORE.serviceAccountName)) {
      return { status: 'not-applicable', reason: `identity ${identity.name} has no federated credential for ${SECRET_STORE.serviceAccountName}` };
    }
    const findings: RuleFinding<Message>[] = [];
    for (const a of accounts) {
      if (a.account?.name === SECRET_STORE.dataflowServiceAccountName) {
        findings.push({ messageId: 'sharedWithDataflows', data: { identity: identity.name, subject: a.subject } });
      }
    }

    for (const assignment of index.ofKind(ROLE_ASSIGNMENT.group, ROLE_ASSIGNMENT.kind)) {
      const props = propertiesOf(assignment);
      const roleId = props.roleDefinitionId;
      const role = typeof roleId === 'string' ? builtInRoleOf(roleId) : undefined;
      const assignee = assigneeOf(assignment, index);
      if (assignee === undefined) {
        // Whom it is for is unknown: that matters only if the role would be too much for this identity.
        if (role === undefined || !NEEDED.has(role.name)) {
          if (typeof props.principalId !== 'string' || assignment.unresolved?.includes('/spec/properties/principalId')) {
            throw new Error(`role assignment ${assignment.name} is for a principal only known at deployment`);
          }
        }
        continue;
      }
      if (assignee !== identity.id) continue;
      const roleName = role?.name ?? (typeof roleId === 'string' ? roleId : 'an unreadable role');
      if (!role || !NEEDED.has(role.name)) {
        findings.push({ messageId: 'broadRole', data: { identity: identity.name, role: roleName } });
        continue;
      }
      if (!scopedToOneVault(assignment, index)) {
        const scope = typeof assignment.spec.scope === 'string' ? assignment.spec.scope : 'the deployment\'s resource group';
        findings.push({ messageId: 'broadScope', data: { identity: identity.name, role: roleName, scope } });
      }
    }
    return outcome(findings);
  },
});
