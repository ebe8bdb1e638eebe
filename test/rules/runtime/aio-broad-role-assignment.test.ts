import type { JsonObject } from 'aio-secure';
import { BUILT_IN_ROLES, planAzureResource, roleDefinitionPath } from 'aio-secure';
import { aioBroadRoleAssignment } from '../../../lib/rules/runtime/aio-broad-role-assignment';
import { ruleTable, runRule } from '../helpers';
import { aioExtension, roleAssignment } from './support';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001';
const RG = `${SUB}/resourceGroups/plant-a`;
const ASSET = `${RG}/providers/Microsoft.DeviceRegistry/namespaces/plant-a/assets/press-7`;
const PRINCIPAL = '11111111-2222-3333-4444-555555555555';
const grant = (role: { name: string; id: string }, scope?: string) =>
  roleAssignment('a', { roleDefinitionId: `${SUB}${roleDefinitionPath(role)}`, principalId: PRINCIPAL, principalType: 'User' }, scope);

describe('aio-broad-role-assignment', () => {
  ruleTable(aioBroadRoleAssignment, [
    { name: 'an ADR role on an asset', resources: [aioExtension(), grant(BUILT_IN_ROLES.deviceRegistryContributor, ASSET)], expect: { outcome: 'valid' } },
    { name: 'Contributor on one asset', resources: [aioExtension(), grant(BUILT_IN_ROLES.contributor, ASSET)], expect: { outcome: 'valid' } },
    {
      name: 'Owner on the subscription',
      resources: [aioExtension(), grant(BUILT_IN_ROLES.owner, SUB)],
      expect: {
        outcome: 'invalid', messageIds: ['broadRole'],
        messages: [`Owner is granted to ${PRINCIPAL} at subscription scope ${SUB}.`],
        paths: ['/spec/properties/roleDefinitionId'],
      },
    },
    {
      name: 'Contributor without a scope: the resource group of the deployment',
      resources: [aioExtension(), grant(BUILT_IN_ROLES.contributor)],
      expect: { outcome: 'invalid', messageIds: ['broadRole'], messages: [`Contributor is granted to ${PRINCIPAL} at resource-group scope (the deployment's resource group).`] },
    },
    { name: 'outside an AIO deployment', resources: [grant(BUILT_IN_ROLES.owner, SUB)], expect: { outcome: 'not-applicable', reason: 'not part of an AIO deployment' } },
    {
      name: 'a malformed assignment without a spec',
      resources: [aioExtension(), { ...grant(BUILT_IN_ROLES.owner, SUB), spec: null as unknown as JsonObject }],
      expect: { outcome: 'unknown', reason: 'Cannot read properties of null' },
    },
  ]);
});

test('a scope given as a deployment parameter cannot be judged: unknown', () => {
  const a = { ...grant(BUILT_IN_ROLES.owner, 'parameter(scope)'), references: [{ pointer: '/spec/scope', parameter: 'scope', description: 'scope' }] };
  const result = runRule(aioBroadRoleAssignment, [aioExtension(), a]);
  expect(result.findings.map((f) => [f.outcome, f.message])).toEqual([['unknown', 'Could not decide: the scope is the deployment parameter scope']]);
});

test('a principal that references a planned identity is named by it, not by the placeholder', () => {
  const identity = planAzureResource({ id: 'flows/identity', armType: 'Microsoft.ManagedIdentity/userAssignedIdentities', name: 'plant-a-dataflow', spec: {} });
  const a = {
    ...roleAssignment('a', { roleDefinitionId: `${SUB}${roleDefinitionPath(BUILT_IN_ROLES.owner)}`, principalId: 'ref(flows/identity).principalId', principalType: 'ServicePrincipal' }, SUB),
    references: [{ pointer: '/spec/properties/principalId', resource: 'flows/identity', attribute: 'principalId' as const }],
  };
  const result = runRule(aioBroadRoleAssignment, [aioExtension(), identity, a]);
  expect(result.findings.map((f) => f.message)).toEqual([`Owner is granted to identity plant-a-dataflow at subscription scope ${SUB}.`]);
});
