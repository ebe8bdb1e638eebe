import { DATA_ROLES, endpointTarget, parseArmResourceId, TARGET_SCOPE_TYPES } from '../../model/dataflow-targets';
import { DATAFLOW_SERVICE_ACCOUNTS } from '../../model/managed-identity-dataflow';
import { describeValueAt } from '../../model/azure';
import type { Resource } from '../../model/resource';
import type { DeploymentIndex } from '../deployment-index';
import { defineRule, outcome, type RuleFinding } from '../types';
import { accountOfEndpoint, endpointsOf, federatedCredentialsOf, identityAt, isJsonObjectSafe, ROLE_ASSIGNMENT, roleAssignmentParts, serviceAccountOf, usesOf } from './common';

type M = 'broadRole' | 'aboveResource' | 'accountWide';

/** True when the identity is used by a dataflow endpoint or federated with the dataflow service account. */
function isDataflowIdentity(index: DeploymentIndex, identity: Resource): boolean {
  if (endpointsOf(index, identity).length) return true;
  return federatedCredentialsOf(index, identity).some((f) => {
    const props = isJsonObjectSafe(f.spec.properties);
    return serviceAccountOf(props?.subject)?.name === DATAFLOW_SERVICE_ACCOUNTS.dataflow;
  });
}

/** CL-1: a dataflow identity's roles are data-plane roles on the entities its dataflows use. */
export const dataflowRoleLeastPrivilege = defineRule({
  name: 'dataflow-role-least-privilege',
  guidance: ['CL-1'],
  description: "A dataflow identity holds only data-plane roles, on the entities its dataflows use.",
  rationale:
    'Tokens of the dataflow identity are minted on the edge, where a cluster compromise can take them. Owner or Contributor let that token reconfigure or delete the target; a data role on the whole namespace, account or resource group lets it read and write every event hub or container there, not only the one the dataflow uses.',
  remediation:
    'Let ManagedIdentityDataflow assign the roles: it gives Azure Event Hubs Data Sender or Receiver on each event hub, Storage Blob Data Contributor on each container and the EventGrid TopicSpaces role on the scope you give. Remove broader assignments of the identity.',
  severity: { development: 'warning', production: 'error' },
  waivable: true,
  appliesTo: [ROLE_ASSIGNMENT],
  messages: {
    broadRole: 'Role assignment {name} gives dataflow identity {identity} the {role} role on {scope}; a dataflow needs only a data-plane role.',
    aboveResource: 'Role assignment {name} gives dataflow identity {identity} the {role} role on a whole {level} ({scope}); assign it on the target resource.',
    accountWide: 'Role assignment {name} gives dataflow identity {identity} the {role} role on all of {scope}, although its dataflows use only {entities}; assign it on each of those.',
  },
  check(ra, { index }) {
    const parts = roleAssignmentParts(ra);
    const tie = identityAt(index, ra, '/spec/properties/principalId', parts.principalId, 'principalId');
    if (!tie.tied) {
      // A principal that is not a planned or read identity is not a dataflow identity of this deployment.
      if (ra.references?.some((r) => r.pointer === '/spec/properties/principalId')) throw new Error(tie.reason);
      return { status: 'not-applicable', reason: 'the principal is not an identity of this deployment' };
    }
    const identity = tie.identity;
    if (!isDataflowIdentity(index, identity)) return { status: 'not-applicable', reason: 'the principal is not a dataflow identity' };
    const scopeShown = describeValueAt(ra, '/spec/scope', index) ?? "the deployment's resource group";
    const data = { name: ra.name, identity: identity.name, scope: parts.scope ?? scopeShown };
    const findings: RuleFinding<M>[] = [];
    const path = '/spec/properties/roleDefinitionId';
    if (!parts.role) throw new Error(`the role definition (${describeValueAt(ra, '/spec/properties/roleDefinitionId', index)}) is not a built-in role aio-secure knows`);
    if (parts.role.broad) {
      findings.push({ messageId: 'broadRole', data: { ...data, role: parts.role.name }, path });
      return outcome(findings);
    }
    if (!DATA_ROLES.includes(parts.role)) throw new Error(`role ${parts.role.name} is not a dataflow data role`);
    // A broad role is wrong at any scope; judging a data role's scope needs a readable one.
    if (parts.scope === undefined) throw new Error(`spec.scope (${scopeShown}) is not a resource id aio-secure can read`);
    const scope = parseArmResourceId(parts.scope)!;
    if (!scope.type) {
      findings.push({ messageId: 'aboveResource', data: { ...data, role: parts.role.name, level: scope.resourceGroup ? 'resource group' : 'subscription' }, path: '/spec/scope' });
      return outcome(findings);
    }
    // Account-wide: the namespace or storage account, while the dataflows name the entities.
    const account = Object.entries(TARGET_SCOPE_TYPES).find(([, t]) => t.account === scope.type && t.entity !== 'microsoft.eventgrid/namespaces/topicspaces');
    if (account) {
      const entities = new Set<string>();
      for (const e of endpointsOf(index, identity)) {
        const target = endpointTarget(e.spec);
        if (target.kind !== 'cloud' || target.type !== account[0] || accountOfEndpoint(target) !== scope.names[0].toLowerCase()) continue;
        const uses = usesOf(index, e);
        for (const x of [...uses.send, ...uses.receive]) entities.add(x);
      }
      if (entities.size) {
        findings.push({ messageId: 'accountWide', data: { ...data, role: parts.role.name, entities: [...entities].sort().join(', ') }, path: '/spec/scope' });
      }
    }
    return outcome(findings);
  },
});
