import { dataflowRoleLeastPrivilege } from '../../../lib/rules/dataflow/dataflow-role-least-privilege';
import { ruleTable } from '../helpers';
import { BUILT_IN_ROLES, EH_NS, flowTo, hubsEndpointByRef, identity, roleAssignment, SUB } from './builders';

const deployment = (...extra: ReturnType<typeof roleAssignment>[]) => [identity(), hubsEndpointByRef(), flowTo('to-hubs', 'telemetry-hubs', 'line-1'), ...extra];

describe('dataflow-role-least-privilege', () => {
  ruleTable(dataflowRoleLeastPrivilege, [
    { name: 'Data Sender on the event hub', resources: deployment(roleAssignment(BUILT_IN_ROLES.eventHubsDataSender, `${EH_NS}/eventhubs/line-1`)), expect: { outcome: 'valid' } },
    {
      name: 'namespace-wide is fine when no dataflow names an event hub',
      resources: [identity(), hubsEndpointByRef(), roleAssignment(BUILT_IN_ROLES.eventHubsDataSender, EH_NS)],
      expect: { outcome: 'valid' },
    },
    {
      name: 'a principal that is not an identity of the deployment',
      resources: [roleAssignment(BUILT_IN_ROLES.owner, SUB, { principalId: '00000000-0000-0000-0000-00000000abcd' })],
      expect: { outcome: 'not-applicable', reason: 'the principal is not an identity of this deployment' },
    },
    {
      name: 'an identity no endpoint uses',
      resources: [identity(), roleAssignment(BUILT_IN_ROLES.contributor, SUB)],
      expect: { outcome: 'not-applicable', reason: 'the principal is not a dataflow identity' },
    },
    {
      name: 'Contributor on the namespace',
      resources: deployment(roleAssignment(BUILT_IN_ROLES.contributor, EH_NS)),
      expect: {
        outcome: 'invalid', messageIds: ['broadRole'],
        messages: [`Role assignment ra gives dataflow identity plant-a-dataflow-identity the Contributor role on ${EH_NS}; a dataflow needs only a data-plane role.`],
        paths: ['/spec/properties/roleDefinitionId'],
      },
    },
    { name: 'Owner, on the resource group', resources: deployment(roleAssignment(BUILT_IN_ROLES.owner, SUB)), expect: { outcome: 'invalid', messageIds: ['broadRole'] } },
    { name: 'Event Hubs Data Owner on the event hub', resources: deployment(roleAssignment(BUILT_IN_ROLES.eventHubsDataOwner, `${EH_NS}/eventhubs/line-1`)), expect: { outcome: 'invalid', messageIds: ['broadRole'] } },
    {
      name: 'Data Sender on the whole resource group',
      resources: deployment(roleAssignment(BUILT_IN_ROLES.eventHubsDataSender, SUB)),
      expect: { outcome: 'invalid', messageIds: ['aboveResource'], paths: ['/spec/scope'] },
    },
    {
      name: 'Data Sender on the namespace while the dataflow names its event hub',
      resources: deployment(roleAssignment(BUILT_IN_ROLES.eventHubsDataSender, EH_NS)),
      expect: {
        outcome: 'invalid', messageIds: ['accountWide'],
        messages: [`Role assignment ra gives dataflow identity plant-a-dataflow-identity the Azure Event Hubs Data Sender role on all of ${EH_NS}, although its dataflows use only line-1; assign it on each of those.`],
      },
    },
    {
      name: 'a scope that is not a resource id: undecided',
      resources: deployment(roleAssignment(BUILT_IN_ROLES.eventHubsDataSender, '[resourceId(...)]')),
      expect: { outcome: 'unknown', reason: 'spec.scope (a value known only at deployment) is not a resource id aio-secure can read' },
    },
  ]);
});
