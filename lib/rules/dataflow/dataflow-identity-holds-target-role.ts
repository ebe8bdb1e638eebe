import { BUILT_IN_ROLES, type BuiltInRole } from '../../model/azure-roles';
import { dataRoleFor, parseArmResourceId, TARGET_SCOPE_TYPES, type DataDirection } from '../../model/dataflow-targets';
import type { Resource } from '../../model/resource';
import type { DeploymentIndex } from '../deployment-index';
import { defineRule, outcome, type RuleFinding } from '../types';
import { accountOfEndpoint, ENDPOINT, hasAzureSide, identityAt, roleAssignmentsOf, userAssignedSettings, usesOf } from './common';

/** Does a role assignment scope cover an entity (or, with no entity, the account)? */
function covers(scope: string, type: keyof typeof TARGET_SCOPE_TYPES, account: string, entity: string | undefined): boolean {
  const s = parseArmResourceId(scope);
  if (!s) return false;
  if (!s.type) return true; // subscription or resource group: covers everything in it
  const t = TARGET_SCOPE_TYPES[type];
  if (s.names[0]?.toLowerCase() !== account) return false;
  if (s.type === t.account) return true;
  if (s.type === t.entity) return type === 'eventGrid' || entity === undefined || s.names[s.names.length - 1]?.toLowerCase() === entity.toLowerCase();
  return false;
}

/** Roles that grant a direction (the Data Owner role grants both on Event Hubs). */
function grants(role: BuiltInRole | undefined, needed: BuiltInRole): boolean {
  return role === needed || (role === BUILT_IN_ROLES.eventHubsDataOwner && needed.name.startsWith('Azure Event Hubs'));
}

function holdsRole(index: DeploymentIndex, identity: Resource, needed: BuiltInRole, type: keyof typeof TARGET_SCOPE_TYPES, account: string, entity: string | undefined): boolean {
  // The identity's own assignments, looked up once per deployment; one that cannot be read may be
  // the identity's and is unknown, unless an assignment ahead of it already grants the role.
  const { assignments, error } = roleAssignmentsOf(index, identity);
  if (assignments.some(({ parts }) => grants(parts.role, needed) && parts.scope !== undefined && covers(parts.scope, type, account, entity))) return true;
  if (error) throw error;
  return false;
}

/**
 * CL-1, across cloud and edge: the identity an endpoint authenticates as holds the data role its
 * dataflows need on the endpoint's target, in the same deployment.
 */
export const dataflowIdentityHoldsTargetRole = defineRule({
  name: 'dataflow-identity-holds-target-role',
  guidance: ['CL-1'],
  description: "The identity of each cloud endpoint holds the data role its dataflows need on the endpoint's target, in the same deployment.",
  rationale:
    'An endpoint whose identity has no role on its target fails at run time, and the usual fix under pressure is a broad role on the whole subscription. Checking the edge side (the endpoint and its dataflows) against the cloud side (the role assignments) in one deployment catches the gap before it ships, with the narrow role it needs.',
  remediation:
    'Deploy the endpoint with ManagedIdentityDataflow, which assigns the identity the data role on each entity its dataflows use; or add the role assignment (Azure Event Hubs Data Sender/Receiver on the event hub, Storage Blob Data Contributor on the container, EventGrid TopicSpaces Publisher/Subscriber on the namespace or topic space) to the same deployment.',
  severity: { development: 'warning', production: 'error' },
  waivable: true,
  appliesTo: [ENDPOINT],
  messages: {
    missingRole: 'Endpoint {endpoint} authenticates as identity {identity}, which holds no {role} role on {target} in this deployment.',
  },
  check(endpoint, { index }) {
    const uami = userAssignedSettings(endpoint);
    if (!uami || uami.target.kind !== 'cloud') return { status: 'not-applicable', reason: 'the endpoint does not use a user-assigned identity for an Azure service' };
    const type = uami.target.type;
    if (type === 'dataExplorer' || type === 'fabricOneLake') {
      return { status: 'not-applicable', reason: `${type === 'dataExplorer' ? 'Azure Data Explorer database roles are Kusto principal assignments' : 'Fabric workspace roles are Fabric permissions'}, not Azure role assignments` };
    }
    if (!hasAzureSide(index)) {
      return { status: 'not-applicable', reason: 'the deployment holds no Azure identities or role assignments (Kubernetes manifests only); check it together with its ARM template or Pulumi program' };
    }
    const tie = identityAt(index, endpoint, `${uami.pointer}/clientId`, uami.settings.clientId, 'clientId');
    if (!tie.tied) throw new Error(`cannot tell which identity the endpoint uses: ${tie.reason}`);
    const account = accountOfEndpoint(uami.target);
    if (!account) throw new Error(`cannot read the ${type} account from host ${JSON.stringify(uami.target.host)}`);
    const uses = usesOf(index, endpoint);
    const needs: [DataDirection, string | undefined][] = [
      ...uses.send.map((e): [DataDirection, string] => ['send', e]),
      ...uses.receive.map((e): [DataDirection, string] => ['receive', e]),
    ];
    if (!needs.length) needs.push(['send', undefined]);
    const findings: RuleFinding<'missingRole'>[] = [];
    for (const [direction, entity] of needs) {
      const role = dataRoleFor(type, direction)!;
      // Entities are literal names for Event Hubs and Data Lake; Event Grid topics map to topic spaces by template.
      const e = type === 'eventGrid' ? undefined : entity;
      if (!holdsRole(index, tie.identity, role, type, account, e)) {
        findings.push({
          messageId: 'missingRole',
          data: { endpoint: endpoint.name, identity: tie.identity.name, role: role.name, target: e ? `${account}/${e}` : account },
          path: `${uami.pointer}/clientId`,
        });
      }
    }
    return outcome(findings);
  },
});
