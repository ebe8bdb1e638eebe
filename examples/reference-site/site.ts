/**
 * The reference site, shared by both backends: `main.ts` synthesizes it with cdk8s (the GitOps-lab
 * path) and `../pulumi-reference-site` deploys the broker through Azure Resource Manager with
 * Pulumi (the production path).
 */
import type { EdgePkiProps, SecureBrokerProps } from 'aio-secure';

/** The broker's construct id (cdk8s) and component name (Pulumi); generated names start with it. */
export const REFERENCE_BROKER_ID = 'plant-a';

/**
 * The plant's PKI (CN-2): its own CA, whose key pair the PKI team keeps in Key Vault and syncs into
 * the `plant-a-ca-key-pair` Secret (KeyVaultSecretSync will do that once it exists), and the
 * device CA that X.509 clients' certificates chain to.
 */
export const REFERENCE_PKI: EdgePkiProps = {
  profile: 'production',
  caSecretName: 'plant-a-ca-key-pair',
  clientCa: { source: { secret: { name: 'plant-a-device-ca', key: 'ca.crt' } }, configMapName: 'plant-a-device-ca' },
};

/** The issuer EdgePki creates from REFERENCE_PKI (`<namespace>-customer-ca-issuer`). */
export const REFERENCE_ISSUER = { kind: 'ClusterIssuer', name: 'azure-iot-operations-customer-ca-issuer' } as const;

/**
 * One plant's broker. Every client is identified by something the broker verifies (a certificate
 * CN, attributes from its certificate chain or its service account), never by the client id it
 * chooses itself; client ids only restrict the ids an identity may connect with.
 */
export const REFERENCE_BROKER: SecureBrokerProps = {
  issuer: REFERENCE_ISSUER,
  listeners: [
    {
      name: 'plant-floor',
      serviceType: 'LoadBalancer',
      hostnames: ['mqtt.plant-a.contoso.example'],
      ports: [{ port: 8883 }],
      authentication: {
        x509: {
          // Devices and gateways present certificates issued by the plant's device CA.
          trustedClientCaConfigMap: 'plant-a-device-ca',
          // Sensors' certificates chain to the line-1 sensor CA: they get these attributes.
          authorizationAttributes: {
            'line-1-sensors': { subject: 'CN = Plant A Line 1 Sensors CA, O = Contoso', attributes: { line: 'line-1', role: 'sensor' } },
          },
        },
        // Plant apps in the cluster use projected service account tokens with this audience; their
        // service accounts carry aio-broker-auth/app annotations, which become attributes.
        serviceAccountToken: { audiences: ['plant-a-apps'] },
      },
    },
  ],
  clients: [
    {
      name: 'line-1 sensors',
      attributes: [{ line: 'line-1', role: 'sensor' }],
      publish: ['plant-a/line-1/{principal.username}/telemetry'],
    },
    {
      name: 'line-1 gateway',
      usernames: ['line-1-gateway'],
      clientIds: ['line-1-gateway'],
      publish: ['plant-a/line-1/+/telemetry', 'plant-a/line-1/gateway/status'],
      subscribe: ['plant-a/line-1/commands/#'],
    },
    {
      name: 'historian',
      attributes: [{ app: 'historian' }],
      clientIds: ['historian'],
      subscribe: ['plant-a/+/+/telemetry', 'plant-a/+/gateway/status'],
      stateStore: { readWrite: ['historian/*'] },
    },
    {
      name: 'mes-bridge',
      attributes: [{ app: 'mes-bridge' }],
      clientIds: ['mes-bridge'],
      publish: ['plant-a/line-1/commands/setpoints'],
      subscribe: ['plant-a/line-1/gateway/status'],
    },
  ],
};
