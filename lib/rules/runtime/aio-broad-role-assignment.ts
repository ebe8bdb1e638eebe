import { describeValueAt, referenceAt } from '../../model/azure';
import { BUILT_IN_ROLES, builtInRoleOf } from '../../model/azure-roles';
import type { Resource } from '../../model/resource';
import type { DeploymentIndex } from '../deployment-index';
import { defineRule, outcome } from '../types';
import { aioAnchor, propertiesOf, ROLE_ASSIGNMENT } from './common';

const BROAD: readonly string[] = [BUILT_IN_ROLES.owner.id, BUILT_IN_ROLES.contributor.id];

/** The principal as a reader knows it: the planned identity a reference names, the parameter, else the id as written. */
function principalName(a: Resource, index: DeploymentIndex): string {
  return describeValueAt(a, '/spec/properties/principalId', index) ?? 'an unnamed principal';
}

/** CL-3: no Owner or Contributor over a whole subscription or resource group of an AIO deployment. */
export const aioBroadRoleAssignment = defineRule({
  name: 'aio-broad-role-assignment',
  guidance: ['CL-3'],
  description: 'An AIO deployment grants no Owner or Contributor role at subscription or resource-group scope.',
  rationale:
    'Owner and Contributor over a resource group or subscription let their holder change or delete every asset, device, instance and identity in it. ' +
    'AIO work needs the Azure IoT Operations and Device Registry roles on the resources it touches.',
  remediation:
    'Grant the built-in AIO or Device Registry role on the instance, namespace, device or asset with AssetAccessControl grants, and remove the broad assignment.',
  severity: { development: 'warning', production: 'error' },
  waivable: true,
  appliesTo: [ROLE_ASSIGNMENT],
  messages: {
    broadRole: '{role} is granted to {principal} at {scopeKind} scope {scope}.',
  },
  check(a, { index }) {
    if (!aioAnchor(index)) return { status: 'not-applicable', reason: 'not part of an AIO deployment' };
    const p = propertiesOf(a);
    const role = typeof p.roleDefinitionId === 'string' ? builtInRoleOf(p.roleDefinitionId) : undefined;
    if (!role || !BROAD.includes(role.id)) return outcome([]);
    const ref = referenceAt(a, '/spec/scope');
    if (ref && 'parameter' in ref) return { status: 'unknown', reason: `the scope is the deployment parameter ${ref.parameter}` };
    if (ref) return outcome([]); // a planned resource: narrower than a resource group
    const scope = a.spec.scope;
    let scopeKind: string | undefined;
    if (scope === undefined) scopeKind = 'resource-group';
    else if (typeof scope === 'string' && /^\/subscriptions\/[^/]+\/?$/i.test(scope)) scopeKind = 'subscription';
    else if (typeof scope === 'string' && /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/?$/i.test(scope)) scopeKind = 'resource-group';
    if (!scopeKind) return outcome([]);
    return outcome([{
      messageId: 'broadRole',
      data: { role: role.name, principal: principalName(a, index), scopeKind, scope: typeof scope === 'string' ? scope : '(the deployment\'s resource group)' },
      path: '/spec/properties/roleDefinitionId',
    }]);
  },
});
