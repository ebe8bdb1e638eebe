import { describeValueAt, referenceAt } from '../../model/azure';
import { builtInRoleOf, type BuiltInRole } from '../../model/azure-roles';
import { SECRET_STORE } from '../../model/key-vault-secret-sync';
import { isJsonObject, type Resource } from '../../model/resource';
import type { DeploymentIndex } from '../deployment-index';
import { defineRule, outcome, type RuleFinding } from '../types';
import { FEDERATED_CREDENTIAL, IDENTITY, isArmForm, propertiesOf, resourceReferenceAt, ROLE_ASSIGNMENT, serviceAccountOf, subjectOf, VAULT } from './common';

type Message = 'broadRole' | 'broadScope' | 'sharedWithDataflows';

/** The Key Vault roles a secret-sync identity may hold (facts 2.1). */
const NEEDED = new Set(['Key Vault Secrets User', 'Key Vault Reader']);

/** Identities by where an ARM template read back put them (`<file>\0<pointer>`) and by name: the first of each. */
interface IdentityLookup {
  readonly bySource: Map<string, Resource>;
  readonly byName: Map<string, Resource>;
}

/**
 * Whom a role assignment is for: the id of an identity of the deployment, or undefined when
 * unknown. Planned resources say it with a reference; ARM templates read back keep the expression,
 * of which the two usual forms are followed: `[reference('<symbolic name>').principalId]` and
 * `[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', '<name>'), ...).principalId]`.
 */
function assigneeOf(assignment: Resource, identities: IdentityLookup): string | undefined {
  const ref = resourceReferenceAt(assignment, '/spec/properties/principalId');
  if (ref) return ref.attribute === 'principalId' ? ref.resource : undefined;
  const props = assignment.spec.properties;
  const expr = isJsonObject(props) && typeof props.principalId === 'string' ? props.principalId.replace(/\s+/g, '') : '';
  const symbolic = /^\[reference\('([^']+)'\)\.principalId\]$/.exec(expr);
  if (symbolic) return assignment.source ? identities.bySource.get(`${assignment.source.file}\0/resources/${symbolic[1]}`)?.id : undefined;
  const byName = /^\[reference\(resourceId\('Microsoft\.ManagedIdentity\/userAssignedIdentities','([^']+)'\)(,[^)]*)?\)\.principalId\]$/i.exec(expr);
  if (byName) return identities.byName.get(byName[1])?.id;
  return undefined;
}

/** A role assignment with what the rule reads of it. */
interface ReadAssignment {
  readonly assignment: Resource;
  readonly roleId: unknown;
  readonly role: BuiltInRole | undefined;
}

/** What the rule needs of a deployment, built once per index (a rule applied to n identities must not scan it n times). */
interface SyncTables {
  readonly credentialsByIdentityName: Map<string, Resource[]>;
  /** Role assignments by the logical id of the identity they are for, in deployment order. */
  readonly assignmentsByAssignee: Map<string, ReadAssignment[]>;
  /** The first role assignment that makes every identity's answer unknown (see `check`). */
  readonly error?: Error;
}

const cache = new WeakMap<DeploymentIndex, SyncTables>();

function syncTables(index: DeploymentIndex): SyncTables {
  const cached = cache.get(index);
  if (cached) return cached;
  const credentialsByIdentityName = new Map<string, Resource[]>();
  for (const c of index.ofKind(FEDERATED_CREDENTIAL.group, FEDERATED_CREDENTIAL.kind)) {
    const name = c.parent?.name;
    if (name === undefined) continue;
    const list = credentialsByIdentityName.get(name);
    if (list) list.push(c);
    else credentialsByIdentityName.set(name, [c]);
  }
  const identities: IdentityLookup = { bySource: new Map(), byName: new Map() };
  for (const i of index.ofKind(IDENTITY.group, IDENTITY.kind)) {
    if (i.source?.pointer !== undefined) {
      const k = `${i.source.file}\0${i.source.pointer}`;
      if (!identities.bySource.has(k)) identities.bySource.set(k, i);
    }
    if (!identities.byName.has(i.name)) identities.byName.set(i.name, i);
  }
  const assignmentsByAssignee = new Map<string, ReadAssignment[]>();
  let error: Error | undefined;
  for (const assignment of index.ofKind(ROLE_ASSIGNMENT.group, ROLE_ASSIGNMENT.kind)) {
    let props: ReturnType<typeof propertiesOf>;
    try {
      props = propertiesOf(assignment);
    } catch (x) {
      error = x as Error;
      break;
    }
    const roleId = props.roleDefinitionId;
    const role = typeof roleId === 'string' && !referenceAt(assignment, '/spec/properties/roleDefinitionId') ? builtInRoleOf(roleId) : undefined;
    const assignee = assigneeOf(assignment, identities);
    if (assignee === undefined) {
      // Whom it is for is unknown: that matters only if the role would be too much for an identity that syncs secrets.
      if (role === undefined || !NEEDED.has(role.name)) {
        if (typeof props.principalId !== 'string' || assignment.unresolved?.includes('/spec/properties/principalId') || referenceAt(assignment, '/spec/properties/principalId')) {
          error = new Error(`role assignment ${assignment.name} is for a principal only known at deployment`);
          break;
        }
      }
      continue;
    }
    const list = assignmentsByAssignee.get(assignee);
    if (list) list.push({ assignment, roleId, role });
    else assignmentsByAssignee.set(assignee, [{ assignment, roleId, role }]);
  }
  const t: SyncTables = { credentialsByIdentityName, assignmentsByAssignee, ...(error ? { error } : {}) };
  cache.set(index, t);
  return t;
}

/** True when the value at a pointer is only known at deployment (a reference, an unresolved or kept ARM expression). */
function onlyAtDeployment(r: Resource, pointer: string, value: unknown): boolean {
  return referenceAt(r, pointer) !== undefined
    || (r.unresolved?.some((u) => pointer === u || pointer.startsWith(`${u}/`)) ?? false)
    || (typeof value === 'string' && /^\s*\[(?!\[)[\s\S]*\]\s*$/.test(value));
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
    const target = index.get(ref.resource);
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
    const tables = syncTables(index);
    const credentials = tables.credentialsByIdentityName.get(identity.name) ?? [];
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
    // An assignment for a principal only known at deployment may be this identity's.
    if (tables.error) throw tables.error;

    for (const { assignment, roleId, role } of tables.assignmentsByAssignee.get(identity.id) ?? []) {
      const rolePointer = '/spec/properties/roleDefinitionId';
      if (onlyAtDeployment(assignment, rolePointer, roleId)) {
        throw new Error(`role assignment ${assignment.name} gives identity ${identity.name} a role only known at deployment (${describeValueAt(assignment, rolePointer, index)})`);
      }
      const roleName = role?.name ?? (typeof roleId === 'string' ? roleId : 'an unreadable role');
      if (!role || !NEEDED.has(role.name)) {
        findings.push({ messageId: 'broadRole', data: { identity: identity.name, role: roleName } });
        continue;
      }
      if (!scopedToOneVault(assignment, index)) {
        const scopeRef = referenceAt(assignment, '/spec/scope');
        if ((scopeRef && 'parameter' in scopeRef) || (!scopeRef && onlyAtDeployment(assignment, '/spec/scope', assignment.spec.scope))) {
          throw new Error(`role assignment ${assignment.name} has a scope only known at deployment (${describeValueAt(assignment, '/spec/scope', index)})`);
        }
        const scope = describeValueAt(assignment, '/spec/scope', index) ?? 'the deployment\'s resource group';
        findings.push({ messageId: 'broadScope', data: { identity: identity.name, role: roleName, scope } });
      }
    }
    return outcome(findings);
  },
});
