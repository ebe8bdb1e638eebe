/**
 * Names and numbers that Azure IoT Operations itself defines. Sources: the facts file
 * (`reference/aio-guidance-facts.md`, sections 1 and 3.1).
 */
export const AIO = {
  /** Namespace of a default AIO deployment. */
  namespace: 'azure-iot-operations',
  /** AIO supports one broker per instance, always named `default`. */
  brokerName: 'default',
  /** AIO's built-in internal listener; Microsoft says to leave it unchanged. */
  defaultListener: {
    name: 'default',
    serviceName: 'aio-broker',
    serviceType: 'ClusterIp',
    port: 18883,
    authenticationRef: 'default',
  },
  /** AIO's built-in BrokerAuthentication (service account tokens, audience `aio-internal`). */
  defaultAuthenticationName: 'default',
  /** The SAT audience AIO components use to reach the broker. */
  internalAudience: 'aio-internal',
  /** The quickstart self-signed issuer: development and test only (CN-2). */
  quickstartIssuerName: 'azure-iot-operations-aio-certificate-issuer',
  /** NodePort range the broker accepts. */
  nodePortRange: { min: 30000, max: 32767 },
} as const;
