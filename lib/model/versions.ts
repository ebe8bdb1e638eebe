/**
 * Every pinned API version in one place. Renderers, readers and rules take versions from here and
 * nowhere else.
 */

/** Kubernetes API groups and versions of the custom resources aio-secure emits or reads. */
export const K8S = {
  /** AIO MQTT broker resources (real v1 CRDs). */
  mqttBroker: { group: 'mqttbroker.iotoperations.azure.com', version: 'v1' },
  /** AIO dataflow resources (real v1 CRDs). */
  connectivity: { group: 'connectivity.iotoperations.azure.com', version: 'v1' },
  /** cert-manager. */
  certManager: { group: 'cert-manager.io', version: 'v1' },
  /** trust-manager as AIO uses it. */
  trustManager: { group: 'trust.cert-manager.io', version: 'v1alpha1' },
} as const;

/** Azure Resource Manager API versions. */
export const ARM = {
  /** Microsoft.IoTOperations: the version the AIO 2510 release templates use. */
  iotOperations: '2025-10-01',
} as const;

/**
 * Pinned ARM api-versions of the Azure resources around AIO, by resource provider namespace (as
 * ARM spells it). Each must exist in the ARM type definitions the tests validate against.
 */
export const ARM_PROVIDERS = {
  'Microsoft.KeyVault': '2024-11-01',
  'Microsoft.ManagedIdentity': '2023-01-31',
  'Microsoft.Authorization': '2022-04-01',
  'Microsoft.Kubernetes': '2024-01-01',
  'Microsoft.KubernetesConfiguration': '2023-05-01',
  'Microsoft.SecretSyncController': '2024-08-21-preview',
  'Microsoft.DeviceRegistry': '2025-10-01',
  'Microsoft.Insights': '2021-05-01-preview',
  'Microsoft.Monitor': '2023-04-03',
  'Microsoft.Dashboard': '2023-09-01',
  'Microsoft.OperationalInsights': '2023-09-01',
  'Microsoft.Security': '2024-01-01',
} as const;

/** A resource provider namespace with a pinned api-version. */
export type ArmProvider = keyof typeof ARM_PROVIDERS;

/**
 * The stable Microsoft.IoTOperations API versions, oldest first (azure-rest-api-specs `stable/`).
 * The Pulumi components alias their resources across all of them, so that moving
 * `ARM.iotOperations` updates resources in place instead of replacing them.
 */
export const ARM_IOT_OPERATIONS_STABLE_VERSIONS = ['2024-11-01', '2025-04-01', '2025-10-01', '2026-03-01', '2026-07-01'] as const;

/** The ARM resource types of the AIO broker resources. */
export const ARM_TYPES = {
  broker: 'Microsoft.IoTOperations/instances/brokers',
  brokerListener: 'Microsoft.IoTOperations/instances/brokers/listeners',
  brokerAuthentication: 'Microsoft.IoTOperations/instances/brokers/authentications',
  brokerAuthorization: 'Microsoft.IoTOperations/instances/brokers/authorizations',
  dataflowProfile: 'Microsoft.IoTOperations/instances/dataflowProfiles',
  dataflow: 'Microsoft.IoTOperations/instances/dataflowProfiles/dataflows',
  dataflowEndpoint: 'Microsoft.IoTOperations/instances/dataflowEndpoints',
} as const;

/** The ARM template language aio-secure writes and reads. */
export const ARM_TEMPLATE = {
  /** `$schema` of a resource group deployment template (`az deployment group create`). */
  schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  /** Symbolic resource names, as Microsoft's AIO release templates use them. */
  languageVersion: '2.0',
  /**
   * The first GA api-version of Microsoft.IoTOperations. Earlier (preview) api-versions have the
   * shape of the `v1beta1` custom resources; readers map them to that version.
   */
  iotOperationsFirstGa: '2024-11-01',
} as const;
