/**
 * The reference site's broker, shared by both backends: `main.ts` synthesizes it with cdk8s (the
 * GitOps-lab path) and `../pulumi-reference-site` deploys the same props through Azure Resource
 * Manager with Pulumi (the production path).
 */
import type { SecureBrokerProps } from 'aio-secure';

/** The broker's construct id (cdk8s) and component name (Pulumi); generated names start with it. */
export const REFERENCE_BROKER_ID = 'plant-a';

/**
 * The plant's own CA issuer (CN-2). Its key pair is synced from Key Vault into the Secret by the
 * secret sync construct once it exists; until then the PKI team provides the Secret.
 */
export const PLANT_CA_CLUSTER_ISSUER = {
  apiVersion: 'cert-manager.io/v1',
  kind: 'ClusterIssuer',
  metadata: { name: 'plant-a-ca-issuer' },
  spec: { ca: { secretName: 'plant-a-ca-key-pair' } },
} as const;

/** One plant's broker: devices and gateways on TLS with X.509, plant apps with service account tokens. */
export const REFERENCE_BROKER: SecureBrokerProps = {
  issuer: { kind: 'ClusterIssuer', name: PLANT_CA_CLUSTER_ISSUER.metadata.name },
  listeners: [
    {
      name: 'plant-floor',
      serviceType: 'LoadBalancer',
      hostnames: ['mqtt.plant-a.contoso.example'],
      ports: [{ port: 8883 }],
      authentication: {
        // Devices and gateways present certificates issued by the plant's device CA.
        x509: { trustedClientCaConfigMap: 'plant-a-device-ca' },
        // Plant apps in the cluster use projected service account tokens with this audience.
        serviceAccountToken: { audiences: ['plant-a-apps'] },
      },
    },
  ],
  clients: [
    {
      name: 'line-1 sensors',
      attributes: [{ line: 'line-1', role: 'sensor' }],
      publish: ['plant-a/line-1/{principal.clientId}/telemetry'],
    },
    {
      name: 'line-1 gateway',
      usernames: ['line-1-gateway'],
      publish: ['plant-a/line-1/+/telemetry', 'plant-a/line-1/gateway/status'],
      subscribe: ['plant-a/line-1/commands/#'],
    },
    {
      name: 'historian',
      clientIds: ['historian'],
      subscribe: ['plant-a/+/+/telemetry', 'plant-a/+/gateway/status'],
    },
    {
      name: 'mes-bridge',
      clientIds: ['mes-bridge'],
      publish: ['plant-a/line-1/commands/setpoints'],
      subscribe: ['plant-a/line-1/gateway/status'],
    },
  ],
};
