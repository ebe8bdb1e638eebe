import { dataflowIdentityHoldsTargetRole } from '../../../lib/rules/dataflow/dataflow-identity-holds-target-role';
import { IDENTITY_ID_ANNOTATIONS } from '../../../lib/model/managed-identity-dataflow';
import { ruleTable } from '../helpers';
import { BUILT_IN_ROLES, CLIENT_ID, EH_NS, flowTo, hubsEndpoint, hubsEndpointByRef, identity, roleAssignment, lakeEndpoint } from './builders';

const flow = flowTo('to-hubs', 'telemetry-hubs', 'line-1');

describe('dataflow-identity-holds-target-role', () => {
  ruleTable(dataflowIdentityHoldsTargetRole, [
    { name: 'Data Sender on the event hub the dataflow writes to', resources: [identity(), hubsEndpointByRef(), flow, roleAssignment(BUILT_IN_ROLES.eventHubsDataSender, `${EH_NS}/eventhubs/line-1`)], expect: { outcome: 'valid' } },
    { name: 'on the namespace also covers it (breadth is another rule)', resources: [identity(), hubsEndpointByRef(), flow, roleAssignment(BUILT_IN_ROLES.eventHubsDataSender, EH_NS)], expect: { outcome: 'valid' } },
    {
      name: 'an exported identity matched by its client and principal ids',
      resources: [
        identity('exported', 'x/identity', { clientId: CLIENT_ID, principalId: '77777777-0000-4000-8000-000000000000' }), hubsEndpoint(), flow,
        roleAssignment(BUILT_IN_ROLES.eventHubsDataSender, `${EH_NS}/eventhubs/line-1`, { principalId: '77777777-0000-4000-8000-000000000000' }),
      ],
      expect: { outcome: 'valid' },
    },
    {
      name: 'the cdk8s path: the endpoint carries the literal client id the props gave, recorded on the planned identity',
      resources: [
        { ...identity(), annotations: { [IDENTITY_ID_ANNOTATIONS.clientId]: CLIENT_ID } }, hubsEndpoint(), flow,
        roleAssignment(BUILT_IN_ROLES.eventHubsDataSender, `${EH_NS}/eventhubs/line-1`),
      ],
      expect: { outcome: 'valid' },
    },
    {
      name: 'a literal client id that no identity of the deployment has or records',
      resources: [identity(), hubsEndpoint(), flow, roleAssignment(BUILT_IN_ROLES.eventHubsDataSender, `${EH_NS}/eventhubs/line-1`)],
      expect: { outcome: 'unknown', reason: `cannot tell which identity the endpoint uses: no identity in the deployment has clientId ${CLIENT_ID}` },
    },
    {
      name: 'Kubernetes manifests alone',
      resources: [hubsEndpoint(), flow],
      expect: { outcome: 'not-applicable', reason: 'the deployment holds no Azure identities or role assignments (Kubernetes manifests only); check it together with its ARM template or Pulumi program' },
    },
    {
      name: 'no role at all',
      resources: [identity(), hubsEndpointByRef(), flow],
      expect: {
        outcome: 'invalid', messageIds: ['missingRole'],
        messages: ['Endpoint telemetry-hubs authenticates as identity plant-a-dataflow-identity, which holds no Azure Event Hubs Data Sender role on plant-a-hubs/line-1 in this deployment.'],
        paths: ['/spec/kafkaSettings/authentication/userAssignedManagedIdentitySettings/clientId'],
      },
    },
    { name: 'Receiver where it sends', resources: [identity(), hubsEndpointByRef(), flow, roleAssignment(BUILT_IN_ROLES.eventHubsDataReceiver, `${EH_NS}/eventhubs/line-1`)], expect: { outcome: 'invalid', messageIds: ['missingRole'] } },
    { name: 'the role on another event hub', resources: [identity(), hubsEndpointByRef(), flow, roleAssignment(BUILT_IN_ROLES.eventHubsDataSender, `${EH_NS}/eventhubs/line-2`)], expect: { outcome: 'invalid', messageIds: ['missingRole'] } },
    { name: 'Contributor grants no data access', resources: [identity(), hubsEndpointByRef(), flow, roleAssignment(BUILT_IN_ROLES.contributor, EH_NS)], expect: { outcome: 'invalid', messageIds: ['missingRole'] } },
    {
      name: 'a literal client id that no identity of the deployment has: undecided',
      resources: [identity(), { ...lakeEndpoint(), references: undefined }, flowTo('to-lake', 'plant-lake', 'archive')].map((r) => r).concat([]),
      expect: { outcome: 'unknown', reason: 'cannot tell which identity the endpoint uses: no identity in the deployment has clientId' },
    },
  ]);
});
