/**
 * A hand-built plan with one of each kind of Azure-only resource and reference the renderers
 * handle, beside AIO dataflow resources: a Key Vault (tenant from the identity), a user-assigned
 * identity and its federated credential (issuer: a deployment parameter), a role assignment on the
 * vault for the identity, a connected cluster with an Arc extension (system-assigned identity)
 * and a role assignment for that identity, a secret sync SecretProviderClass in ARM and a
 * Kubernetes SecretProviderClass, both with the identity's client and tenant ids, and a dataflow
 * profile, an ADX endpoint (the identity's ids) and a dataflow to it. Shared by the ARM, reader
 * and Pulumi tests.
 */
import {
  BUILT_IN_ROLES,
  planAzureResource,
  referencePlaceholder,
  roleDefinitionPath,
  stableGuid,
  type JsonObject,
  type Resource,
  type ResourceReference,
} from 'aio-secure';
import { K8S } from '../../lib/model/versions';

export const IDS = {
  vault: 'plant-a/vault',
  identity: 'plant-a/identity',
  credential: 'plant-a/identity/credential',
  vaultRole: 'plant-a/identity/vault-secrets-user',
  cluster: 'plant-a/cluster',
  extension: 'plant-a/cluster/secret-store',
  extensionRole: 'plant-a/cluster/secret-store/vault-reader',
  armSpc: 'plant-a/secret-provider-class',
  k8sSpc: 'plant-a/kubernetes-secret-provider-class',
  profile: 'plant-a/dataflow-profile',
  endpoint: 'plant-a/dataflow-endpoint',
  dataflow: 'plant-a/dataflow',
} as const;

const ref = (pointer: string, resource: string, attribute: 'id' | 'name' | 'principalId' | 'clientId' | 'tenantId'): ResourceReference => ({ pointer, resource, attribute });
const at = (resource: string, attribute: 'id' | 'name' | 'principalId' | 'clientId' | 'tenantId') => referencePlaceholder({ resource, attribute });

/** Parameters of the plan, as a deployment passes them. */
export const DEPLOYMENT_PARAMETERS = {
  oidcIssuerUrl: 'https://oidc.plant-a.example/issuer/',
  customLocationId: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/plant-a-rg/providers/Microsoft.ExtendedLocation/customLocations/plant-a-cl',
} as const;

/** The plan, in an order that is not creation order (the role assignment comes before the identity). */
export function azurePlan(): Resource[] {
  const vaultRole = planAzureResource({
    id: IDS.vaultRole,
    armType: 'Microsoft.Authorization/roleAssignments',
    name: stableGuid(IDS.vault, IDS.identity, BUILT_IN_ROLES.keyVaultSecretsUser.id),
    spec: {
      scope: at(IDS.vault, 'id'),
      properties: {
        roleDefinitionId: roleDefinitionPath(BUILT_IN_ROLES.keyVaultSecretsUser),
        principalId: at(IDS.identity, 'principalId'),
        principalType: 'ServicePrincipal',
        description: 'The secret sync identity reads secrets of the plant vault.',
      },
    },
    references: [ref('/spec/scope', IDS.vault, 'id'), ref('/spec/properties/principalId', IDS.identity, 'principalId')],
  });
  const vault = planAzureResource({
    id: IDS.vault,
    armType: 'Microsoft.KeyVault/vaults',
    name: 'kv-plant-a',
    spec: {
      tags: { site: 'plant-a' },
      properties: {
        tenantId: at(IDS.identity, 'tenantId'),
        sku: { family: 'A', name: 'standard' },
        enableRbacAuthorization: true,
        enablePurgeProtection: true,
        softDeleteRetentionInDays: 90,
        publicNetworkAccess: 'Disabled',
        networkAcls: { bypass: 'None', defaultAction: 'Deny' },
      },
    },
    references: [ref('/spec/properties/tenantId', IDS.identity, 'tenantId')],
  });
  const identity = planAzureResource({
    id: IDS.identity,
    armType: 'Microsoft.ManagedIdentity/userAssignedIdentities',
    name: 'plant-a-secret-sync',
    spec: { location: 'westeurope', tags: { site: 'plant-a' } },
  });
  const credential = planAzureResource({
    id: IDS.credential,
    armType: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials',
    name: 'aio-ssc-sa',
    parentName: 'plant-a-secret-sync',
    spec: {
      properties: {
        issuer: referencePlaceholder({ parameter: 'oidcIssuerUrl' }),
        subject: 'system:serviceaccount:azure-iot-operations:aio-ssc-sa',
        audiences: ['api://AzureADTokenExchange'],
      },
    },
    references: [{ pointer: '/spec/properties/issuer', parameter: 'oidcIssuerUrl', description: 'OIDC issuer URL of the Arc-enabled cluster (az connectedk8s show --query oidcIssuerProfile.issuerUrl).' }],
  });
  const cluster = planAzureResource({
    id: IDS.cluster,
    armType: 'Microsoft.Kubernetes/connectedClusters',
    name: 'plant-a-k8s',
    spec: {
      identity: { type: 'SystemAssigned' },
      properties: { agentPublicKeyCertificate: 'MIICCgKCAgEA', arcAgentProfile: { agentAutoUpgrade: 'Disabled', desiredAgentVersion: '1.21.10' } },
    },
  });
  const extension = planAzureResource({
    id: IDS.extension,
    armType: 'Microsoft.KubernetesConfiguration/extensions',
    name: 'azure-secret-store',
    spec: {
      scope: at(IDS.cluster, 'id'),
      identity: { type: 'SystemAssigned' },
      properties: {
        extensionType: 'microsoft.azure.secretstore',
        autoUpgradeMinorVersion: false,
        releaseTrain: 'stable',
        version: '1.0.2',
        configurationSettings: { rotationPollIntervalInSeconds: '120' },
      },
    },
    references: [ref('/spec/scope', IDS.cluster, 'id')],
  });
  const extensionRole = planAzureResource({
    id: IDS.extensionRole,
    armType: 'Microsoft.Authorization/roleAssignments',
    name: stableGuid(IDS.vault, IDS.extension, BUILT_IN_ROLES.keyVaultReader.id),
    spec: {
      scope: at(IDS.vault, 'id'),
      properties: {
        roleDefinitionId: roleDefinitionPath(BUILT_IN_ROLES.keyVaultReader),
        principalId: at(IDS.extension, 'principalId'),
        principalType: 'ServicePrincipal',
      },
    },
    references: [ref('/spec/scope', IDS.vault, 'id'), ref('/spec/properties/principalId', IDS.extension, 'principalId')],
  });
  const armSpc = planAzureResource({
    id: IDS.armSpc,
    armType: 'Microsoft.SecretSyncController/azureKeyVaultSecretProviderClasses',
    name: 'plant-a-vault',
    spec: {
      extendedLocation: { name: referencePlaceholder({ parameter: 'customLocationId' }), type: 'CustomLocation' },
      properties: {
        clientId: at(IDS.identity, 'clientId'),
        tenantId: at(IDS.identity, 'tenantId'),
        keyvaultName: at(IDS.vault, 'name'),
        objects: 'array:\n  - |\n    objectName: mqtt-password\n    objectType: secret\n',
      },
    },
    references: [
      { pointer: '/spec/extendedLocation/name', parameter: 'customLocationId', description: 'Resource id of the custom location of the AIO instance.' },
      ref('/spec/properties/clientId', IDS.identity, 'clientId'),
      ref('/spec/properties/tenantId', IDS.identity, 'tenantId'),
      ref('/spec/properties/keyvaultName', IDS.vault, 'name'),
    ],
  });
  const k8sSpc: Resource = {
    id: IDS.k8sSpc,
    group: 'secrets-store.csi.x-k8s.io',
    version: 'v1',
    kind: 'SecretProviderClass',
    name: 'plant-a-vault',
    namespace: 'azure-iot-operations',
    spec: {
      provider: 'azure',
      parameters: {
        clientID: at(IDS.identity, 'clientId'),
        tenantId: at(IDS.identity, 'tenantId'),
        keyvaultName: 'kv-plant-a',
        objects: 'array:\n  - |\n    objectName: mqtt-password\n    objectType: secret\n',
      },
    },
    references: [ref('/spec/parameters/clientID', IDS.identity, 'clientId'), ref('/spec/parameters/tenantId', IDS.identity, 'tenantId')],
  };
  const c = K8S.connectivity;
  const profile: Resource = {
    id: IDS.profile, ...c, kind: 'DataflowProfile', name: 'plant-a', namespace: 'azure-iot-operations',
    armType: 'Microsoft.IoTOperations/instances/dataflowProfiles', spec: { instanceCount: 1 },
  };
  const endpointSpec: JsonObject = {
    endpointType: 'DataExplorer',
    dataExplorerSettings: {
      host: 'plant.westeurope.kusto.windows.net',
      database: 'telemetry',
      authentication: {
        method: 'UserAssignedManagedIdentity',
        userAssignedManagedIdentitySettings: { clientId: at(IDS.identity, 'clientId'), tenantId: at(IDS.identity, 'tenantId'), scope: 'https://api.kusto.windows.net/.default' },
      },
    },
  };
  const endpoint: Resource = {
    id: IDS.endpoint, ...c, kind: 'DataflowEndpoint', name: 'plant-adx', namespace: 'azure-iot-operations',
    armType: 'Microsoft.IoTOperations/instances/dataflowEndpoints', spec: endpointSpec,
    references: [
      ref('/spec/dataExplorerSettings/authentication/userAssignedManagedIdentitySettings/clientId', IDS.identity, 'clientId'),
      ref('/spec/dataExplorerSettings/authentication/userAssignedManagedIdentitySettings/tenantId', IDS.identity, 'tenantId'),
    ],
  };
  const dataflow: Resource = {
    id: IDS.dataflow, ...c, kind: 'Dataflow', name: 'telemetry-to-adx', namespace: 'azure-iot-operations',
    parent: { kind: 'DataflowProfile', name: 'plant-a', namespace: 'azure-iot-operations' },
    armType: 'Microsoft.IoTOperations/instances/dataflowProfiles/dataflows',
    spec: {
      mode: 'Enabled',
      operations: [
        { operationType: 'Source', sourceSettings: { endpointRef: 'default', dataSources: ['plant/+/telemetry'] } },
        { operationType: 'Destination', destinationSettings: { endpointRef: 'plant-adx', dataDestination: 'telemetry' } },
      ],
    },
  };
  return [vaultRole, vault, identity, credential, cluster, extension, extensionRole, armSpc, k8sSpc, profile, endpoint, dataflow];
}
