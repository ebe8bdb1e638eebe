import { checkResources, type Resource } from 'aio-secure';
import { BUILT_IN_ROLES } from '../../../lib/model/azure-roles';
import { DeploymentIndex } from '../../../lib/rules/deployment-index';
import { DATAFLOW_RULES } from '../../../lib/rules/dataflow';
import { connectivity, federated, flowTo, identity, roleAssignment, SUB } from './builders';
import { NS } from '../helpers';

/**
 * N dataflow identities, each with a federated credential for aio-dataflow, an Event Hubs endpoint
 * that authenticates as it (by reference), a dataflow to that endpoint and the Data Sender role on
 * the event hub: 5N resources, all compliant.
 */
function deployment(n: number): Resource[] {
  const out: Resource[] = [];
  for (let i = 0; i < n; i++) {
    const identityId = `flows/identity-${i}`;
    const pointer = '/spec/kafkaSettings/authentication/userAssignedManagedIdentitySettings/clientId';
    out.push(
      identity(`identity-${i}`, identityId),
      { ...federated(`identity-${i}`, `fic-${i}`, `system:serviceaccount:${NS}:aio-dataflow`), id: `${identityId}/fic` },
      connectivity('DataflowEndpoint', `hubs-${i}`, {
        endpointType: 'Kafka',
        kafkaSettings: {
          host: `hubs-${i}.servicebus.windows.net:9093`,
          authentication: { method: 'UserAssignedManagedIdentity', userAssignedManagedIdentitySettings: { clientId: `ref(${identityId}).clientId`, tenantId: 't' } },
          tls: { mode: 'Enabled' },
        },
      }, { references: [{ pointer, resource: identityId, attribute: 'clientId' }] }),
      flowTo(`flow-${i}`, `hubs-${i}`, 'line-1'),
      roleAssignment(BUILT_IN_ROLES.eventHubsDataSender, `${SUB}/providers/Microsoft.EventHub/namespaces/hubs-${i}/eventhubs/line-1`, { identityId }, `ra-${i}`),
    );
  }
  return out;
}

/** Calls of `DeploymentIndex.ofKind` per kind during one check of a deployment with the dataflow rules. */
function scansPerKind(n: number): Record<string, number> {
  const spy = jest.spyOn(DeploymentIndex.prototype, 'ofKind');
  try {
    const result = checkResources(deployment(n), { rules: DATAFLOW_RULES, profile: 'production' });
    expect(result.findings).toEqual([]);
    expect(result.summary.checked).toBeGreaterThan(0);
    const calls: Record<string, number> = {};
    for (const [group, kind] of spy.mock.calls) calls[`${group}/${kind}`] = (calls[`${group}/${kind}`] ?? 0) + 1;
    return calls;
  } finally {
    spy.mockRestore();
  }
}

describe('the dataflow rules are linear in the size of the deployment', () => {
  test('each kind is listed a fixed number of times per check, however many identities, endpoints and role assignments there are', () => {
    // Without the per-deployment tables every endpoint, credential and role assignment would list
    // the endpoints, identities and role assignments again: the counts would grow with N.
    const small = scansPerKind(10);
    const large = scansPerKind(40);
    expect(large).toEqual(small);
    for (const kind of ['userAssignedIdentities', 'roleAssignments', 'DataflowEndpoint', 'Dataflow', 'federatedIdentityCredentials']) {
      const key = Object.keys(small).find((k) => k.endsWith(`/${kind}`));
      expect(key).toBeDefined();
      expect(small[key!]).toBeLessThanOrEqual(DATAFLOW_RULES.length + 3);
    }
  });

  test('another deployment builds its own tables (the cache is per deployment index)', () => {
    const first = scansPerKind(5);
    const second = scansPerKind(5);
    expect(second).toEqual(first);
    expect(Object.values(first).every((c) => c > 0)).toBe(true);
  });
});
