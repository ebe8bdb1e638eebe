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
  /**
   * `$schema` of a subscription deployment template (`az deployment sub create`), for the
   * subscription-scoped types (`AzureKind.scope`, e.g. Defender pricings). Source: Microsoft Learn,
   * "Subscription deployments with ARM templates",
   * https://learn.microsoft.com/azure/azure-resource-manager/templates/deploy-to-subscription
   * (its schema section; `Microsoft.Security/pricings` is in its list of subscription-level types).
   */
  subscriptionSchema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  /** Symbolic resource names, as Microsoft's AIO release templates use them. */
  languageVersion: '2.0',
  /**
   * The first GA api-version of Microsoft.IoTOperations. Earlier (preview) api-versions have the
   * shape of the `v1beta1` custom resources; readers map them to that version.
   */
  iotOperationsFirstGa: '2024-11-01',
} as const;

/** Extension types of the Arc cluster extensions aio-secure installs or looks for (facts 2.1, 2.2, 4.1, 5.2, 5.4). */
export const ARC_EXTENSION_TYPES = {
  iotOperations: 'microsoft.iotoperations',
  secretStore: 'microsoft.azure.secretstore',
  certManagement: 'microsoft.certmanagement',
  /** Azure Monitor managed Prometheus (`azuremonitor-metrics`). */
  monitorMetrics: 'Microsoft.AzureMonitor.Containers.Metrics',
  /** Container Insights (`azuremonitor-containers`). */
  containerInsights: 'Microsoft.AzureMonitor.Containers',
  /** Defender for Containers sensor. */
  defender: 'microsoft.azuredefender.kubernetes',
  /** Azure Policy for Kubernetes. */
  azurePolicy: 'Microsoft.PolicyInsights',
} as const;

/** One AIO release: the versions of the Arc extensions Microsoft ships and tests together. */
export interface AioRelease {
  /** Release name, `YYMM`. */
  readonly name: string;
  /** `microsoft.iotoperations`. */
  readonly iotOperations: string;
  /** `microsoft.azure.secretstore`. */
  readonly secretStore: string;
  /** `microsoft.certmanagement`. */
  readonly certManagement: string;
  readonly releaseTrain: 'stable';
  /** Where the versions were read. */
  readonly source: string;
}

/**
 * AIO releases whose extension versions were verified, oldest first. The last one is what
 * `ArcRuntimePolicy` pins by default; it must not be older than the newest entry of
 * `AIO_SECURITY_RELEASES`.
 */
export const AIO_RELEASES: readonly AioRelease[] = [
  {
    name: '2510', iotOperations: '1.2.112', secretStore: '1.0.2', certManagement: '0.6.2', releaseTrain: 'stable',
    source: 'aio-guidance-facts.md 2.1, 2.2, 4.1 (Azure/azure-iot-operations release/azure-iot-operations-enablement.json, AIO 2510)',
  },
  {
    name: '2606', iotOperations: '1.3.137', secretStore: '1.5.0', certManagement: '0.13.3', releaseTrain: 'stable',
    source: 'Azure/azure-iot-ops-cli-extension pull request 904 ("version increments for 2607 release": cert manager 0.13.3, secret store 1.5.0 and IoT Operations 1.3.137/stable are the 2606 versions it replaces)',
  },
];

/** The AIO release `ArcRuntimePolicy` pins by default: the newest verified one. */
export const AIO_RELEASE: AioRelease = AIO_RELEASES[AIO_RELEASES.length - 1];

/** An AIO release that fixed security problems: deployments older than it should upgrade. */
export interface AioSecurityRelease {
  /** `microsoft.iotoperations` extension version that carries the fix. */
  readonly version: string;
  readonly release: string;
  /** Month it was published, `YYYY-MM`. */
  readonly published: string;
  /** What it fixed, as far as the source says. */
  readonly summary: string;
  readonly source: string;
}

/**
 * Known AIO releases with security fixes, oldest first. Only releases whose security content a
 * public source states are listed; Microsoft publishes no CVE list for AIO that aio-secure could
 * read, so the table is not exhaustive, and the sources are maintainers of a Microsoft sample
 * repository quoting the release notes on github.com/Azure/azure-iot-operations/releases.
 */
export const AIO_SECURITY_RELEASES: readonly AioSecurityRelease[] = [
  {
    version: '1.3.105', release: '2605', published: '2026-05',
    summary: 'patch release focused on security and reliability: connector address validation and network hardening',
    source: 'microsoft/edge-ai issue 565 and pull request 566, quoting https://github.com/Azure/azure-iot-operations/releases/tag/v1.3.105',
  },
  {
    version: '1.3.137', release: '2606', published: '2026-06',
    summary: 'critical security fixes: BrokerAuthorization state-store key pattern injection, RegistryEndpoint token audience validation, Onboarding role self-escalation',
    source: 'microsoft/edge-ai issue 652, quoting https://github.com/Azure/azure-iot-operations/releases/tag/v1.3.137',
  },
];
