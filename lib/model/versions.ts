/**
 * Every pinned API version in one place. Renderers, readers and rules take versions from here and
 * nowhere else.
 */

/** Kubernetes API groups and versions of the custom resources aio-secure emits or reads. */
export const K8S = {
  /** AIO MQTT broker resources (real v1 CRDs). */
  mqttBroker: { group: 'mqttbroker.iotoperations.azure.com', version: 'v1' },
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

/** The ARM resource types of the AIO broker resources. */
export const ARM_TYPES = {
  broker: 'Microsoft.IoTOperations/instances/brokers',
  brokerListener: 'Microsoft.IoTOperations/instances/brokers/listeners',
  brokerAuthentication: 'Microsoft.IoTOperations/instances/brokers/authentications',
  brokerAuthorization: 'Microsoft.IoTOperations/instances/brokers/authorizations',
} as const;
