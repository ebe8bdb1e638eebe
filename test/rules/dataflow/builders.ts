import { K8S, type JsonObject, type Resource } from 'aio-secure';
import { planAzureResource, referencePlaceholder } from '../../../lib/model/azure';
import { BUILT_IN_ROLES, roleDefinitionPath, type BuiltInRole } from '../../../lib/model/azure-roles';
import { NS } from '../helpers';

export const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/plant-a';
export const EH_NS = `${SUB}/providers/Microsoft.EventHub/namespaces/plant-a-hubs`;
export const STORAGE = `${SUB}/providers/Microsoft.Storage/storageAccounts/plantalake`;
export const CLIENT_ID = '11111111-2222-4333-8444-555555555555';
export const TENANT_ID = '99999999-8888-4777-8666-555555555555';

/** A connectivity resource shaped the way the Kubernetes reader shapes it. */
export function connectivity(kind: string, name: string, spec: JsonObject, extra: Partial<Resource> = {}): Resource {
  return {
    id: `${NS}/${kind}/${name}`,
    group: K8S.connectivity.group,
    version: K8S.connectivity.version,
    kind,
    name,
    namespace: NS,
    ...(kind === 'Dataflow' ? { parent: { kind: 'DataflowProfile', name: 'default', namespace: NS } } : {}),
    spec,
    ...extra,
  };
}

export const uami = (clientId: string = CLIENT_ID): JsonObject => ({
  method: 'UserAssignedManagedIdentity',
  userAssignedManagedIdentitySettings: { clientId, tenantId: TENANT_ID },
});

/** An Event Hubs (Kafka) endpoint with the given authentication. */
export const hubsEndpoint = (authentication: JsonObject = uami(), name = 'telemetry-hubs', extra: Partial<Resource> = {}) =>
  connectivity('DataflowEndpoint', name, { endpointType: 'Kafka', kafkaSettings: { host: 'plant-a-hubs.servicebus.windows.net:9093', authentication, tls: { mode: 'Enabled' } } }, extra);

/** An ADLS Gen2 endpoint with the given authentication. */
export const lakeEndpoint = (authentication: JsonObject = uami(), name = 'plant-lake') =>
  connectivity('DataflowEndpoint', name, { endpointType: 'DataLakeStorage', dataLakeStorageSettings: { host: 'https://plantalake.blob.core.windows.net', authentication } });

/** The local broker endpoint as ManagedIdentityDataflow writes it. */
export const localEndpoint = (tls: JsonObject = { mode: 'Enabled', trustedCaCertificateConfigMapRef: 'azure-iot-operations-aio-ca-trust-bundle' }) =>
  connectivity('DataflowEndpoint', 'local-broker', {
    endpointType: 'Mqtt',
    mqttSettings: { host: 'aio-broker.azure-iot-operations:18883', authentication: { method: 'ServiceAccountToken', serviceAccountTokenSettings: { audience: 'aio-internal' } }, tls },
  });

/** A dataflow from the local broker to an endpoint's entity. */
export const flowTo = (name: string, endpoint: string, dataDestination: string) =>
  connectivity('Dataflow', name, {
    operations: [
      { operationType: 'Source', sourceSettings: { endpointRef: 'local-broker', dataSources: ['plant-a/#'] } },
      { operationType: 'Destination', destinationSettings: { endpointRef: endpoint, dataDestination } },
    ],
  });

export const IDENTITY_ID = 'flows/identity';

/** A planned identity; with `exported`, its read-only ids as an exported resource carries them. */
export const identity = (name = 'plant-a-dataflow-identity', id = IDENTITY_ID, exported?: { clientId: string; principalId: string }) =>
  planAzureResource({ id, armType: 'Microsoft.ManagedIdentity/userAssignedIdentities', name, spec: exported ? { properties: { ...exported, tenantId: TENANT_ID } } : {} });

/** A federated credential of an identity. */
export const federated = (identityName: string, name: string, subject: string, audiences: string[] = ['api://AzureADTokenExchange']) =>
  planAzureResource({
    id: `flows/identity/${name}`,
    armType: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials',
    name,
    parentName: identityName,
    spec: { properties: { issuer: 'https://oidc.example/issuer', subject, audiences } },
  });

/** A role assignment of a built-in role to the identity (by reference), or to a literal principal. */
export function roleAssignment(role: BuiltInRole, scope: string, principal: { identityId: string } | { principalId: string } = { identityId: IDENTITY_ID }, name = 'ra'): Resource {
  const byRef = 'identityId' in principal;
  return planAzureResource({
    id: `flows/role/${name}`,
    armType: 'Microsoft.Authorization/roleAssignments',
    name,
    spec: {
      scope,
      properties: {
        roleDefinitionId: roleDefinitionPath(role),
        principalId: byRef ? referencePlaceholder({ resource: principal.identityId, attribute: 'principalId' }) : principal.principalId,
        principalType: 'ServicePrincipal',
      },
    },
    references: byRef ? [{ pointer: '/spec/properties/principalId', resource: principal.identityId, attribute: 'principalId' }] : [],
  });
}

/** An Event Hubs endpoint whose client id references the planned identity. */
export function hubsEndpointByRef(identityId = IDENTITY_ID): Resource {
  const e = hubsEndpoint({ method: 'UserAssignedManagedIdentity', userAssignedManagedIdentitySettings: { clientId: `ref(${identityId}).clientId`, tenantId: `ref(${identityId}).tenantId` } });
  const base = '/spec/kafkaSettings/authentication/userAssignedManagedIdentitySettings';
  return { ...e, references: [{ pointer: `${base}/clientId`, resource: identityId, attribute: 'clientId' }, { pointer: `${base}/tenantId`, resource: identityId, attribute: 'tenantId' }] };
}

export { BUILT_IN_ROLES };
