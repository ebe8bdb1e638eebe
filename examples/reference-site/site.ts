/**
 * The reference site, shared by both backends: the whole secure Azure IoT Operations deployment of
 * one plant. `main.ts` synthesizes it with cdk8s (Kubernetes YAML, and with `aio-secure synth --arm`
 * the ARM templates of its Azure side); `../pulumi-reference-site` deploys the same design through
 * Azure Resource Manager with Pulumi.
 *
 * Every value here is an example: documentation GUIDs, documentation address ranges (10.x,
 * 192.0.2.x, 203.0.113.x), and resource ids under one subscription and resource group.
 */
import type {
  AccessGrantProps,
  AttestationProps,
  EdgePkiProps,
  SecureBrokerProps,
  SegmentedEdgeNetworkProps,
  SyncedSecretProps,
} from 'aio-secure';

/** The plant's subscription, resource group and Entra tenant (examples). */
export const SITE = {
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  resourceGroup: 'rg-plant-a',
  tenantId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  location: 'westeurope',
} as const;

const RG_ID = `/subscriptions/${SITE.subscriptionId}/resourceGroups/${SITE.resourceGroup}`;

/** Resource ids of what the site runs on or sends to; the deployment does not create these. */
export const SITE_RESOURCES = {
  resourceGroup: RG_ID,
  /** The plant's Arc-enabled cluster (`az connectedk8s connect`). */
  connectedCluster: `${RG_ID}/providers/Microsoft.Kubernetes/connectedClusters/plant-a-edge`,
  /** The custom location of the AIO instance. */
  customLocation: `${RG_ID}/providers/Microsoft.ExtendedLocation/customLocations/plant-a`,
  /** The Device Registry namespace of the plant's devices and assets. */
  deviceRegistryNamespace: `${RG_ID}/providers/Microsoft.DeviceRegistry/namespaces/plant-a-devices`,
  /** The Event Hubs namespace the telemetry goes to. */
  eventHubsNamespace: `${RG_ID}/providers/Microsoft.EventHub/namespaces/plant-a-hubs`,
} as const;

/**
 * Client ids of the two user-assigned identities, as the ARM deployment of the Azure side reports
 * them. The Kubernetes YAML (SecretProviderClasses, dataflow endpoints) needs them as values; the
 * Pulumi program references the identities instead.
 */
export const IDENTITY_CLIENT_IDS = {
  pkiSecretSync: '11111111-1111-4111-8111-111111111111',
  otSecretSync: '22222222-2222-4222-8222-222222222222',
  dataflow: '33333333-3333-4333-8333-333333333333',
} as const;

/** The plant's public egress addresses: the only ones the Key Vault firewalls let in. */
export const PLANT_EGRESS = ['203.0.113.16/28'] as const;

/** The KeyVaultSecretSync ids, one per vault and trust boundary. */
export const PKI_SECRETS_ID = 'plant-a-pki-secrets';
export const OT_SECRETS_ID = 'plant-a-ot-secrets';

/**
 * The PKI vault's Secrets, synced into the cert-manager namespace (where the CA ClusterIssuer and
 * trust-manager read them): the plant CA's key pair (`tls.crt`, `tls.key`, `ca.crt`), and the device
 * CA certificate that X.509 clients' certificates chain to. The key pair never leaves Key Vault
 * except into this Secret.
 */
export const PKI_SECRETS: readonly SyncedSecretProps[] = [
  {
    name: 'plant-a-ca-key-pair',
    type: 'kubernetes.io/tls',
    data: [
      { key: 'tls.crt', vaultSecret: 'plant-a-ca-crt' },
      { key: 'tls.key', vaultSecret: 'plant-a-ca-key' },
      { key: 'ca.crt', vaultSecret: 'plant-a-ca-crt' },
    ],
  },
  { name: 'plant-a-device-ca', data: [{ key: 'ca.crt', vaultSecret: 'plant-a-device-ca-crt' }] },
];

/** The OT vault's Secrets in the AIO namespace: the user certificate the connector signs in to line 1's PLC with. */
export const OT_SECRETS: readonly SyncedSecretProps[] = [
  { name: 'line-1-plc-user-cert', data: [{ key: 'user.der', vaultSecret: 'line-1-plc-user-der' }, { key: 'user.key', vaultSecret: 'line-1-plc-user-key' }] },
];

/** The two vaults (names, firewalls). */
export const VAULTS = {
  pki: { name: 'kv-plant-a-pki', network: { allowedIpRanges: [...PLANT_EGRESS] } },
  ot: { name: 'kv-plant-a-ot', network: { allowedIpRanges: [...PLANT_EGRESS] } },
} as const;

/** Namespace of cert-manager (and trust-manager's trust namespace), where the CA key pair lives. */
export const CERT_MANAGER_NAMESPACE = 'cert-manager';

/** The broker's construct id (cdk8s) and component name (Pulumi); generated names start with it. */
export const REFERENCE_BROKER_ID = 'plant-a';

/**
 * The plant's PKI (CN-2): its own CA, whose key pair the PKI team keeps in Key Vault and
 * KeyVaultSecretSync syncs into the `plant-a-ca-key-pair` Secret (`PKI_SECRETS`), and the device CA
 * that X.509 clients' certificates chain to (synced the same way).
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

/** The OPC UA connector's trust (CN-6) and line 1's PLC, whose endpoint signs and encrypts. */
export const OPC_UA = {
  id: 'plant-a-opc-ua',
  /** Trusted: the PLC's own certificate, and the plant OT CA with its CRL. */
  trustList: [
    { file: 'line-1-plc.der', vaultSecret: 'line-1-plc-der' },
    { file: 'plant-a-ot-ca.crt', vaultSecret: 'plant-a-ot-ca-crt' },
    { file: 'plant-a-ot-ca.crl', vaultSecret: 'plant-a-ot-ca-crl' },
  ],
  issuerList: [
    { file: 'plant-a-ot-ca.crt', vaultSecret: 'plant-a-ot-ca-crt' },
    { file: 'plant-a-ot-ca.crl', vaultSecret: 'plant-a-ot-ca-crl' },
  ],
  /** The connector's application instance certificate, issued by the plant OT CA. */
  clientCertificate: {
    certificate: { file: 'aio-opc-ua.der', vaultSecret: 'aio-opc-ua-der' },
    privateKey: { file: 'aio-opc-ua.pem', vaultSecret: 'aio-opc-ua-pem' },
    subjectName: 'CN=aio-opc-ua,O=Contoso,OU=Plant A',
    applicationUri: 'urn:contoso:plant-a:aio-opc-ua',
  },
  deviceRegistryNamespace: 'plant-a-devices',
  devices: [
    {
      name: 'line-1-plc',
      manufacturer: 'Contoso',
      model: 'PLC-9',
      endpoints: [{
        name: 'opc-ua',
        // In the level-2 cell (OT_CELL_CIDRS), reached through the `aio-to-cell-opc-ua` conduit.
        address: 'opc.tcp://10.20.1.10:4840',
        securityPolicy: 'Basic256Sha256',
        authentication: {
          method: 'Certificate',
          certificate: { secret: 'line-1-plc-user-cert', key: 'user.der' },
          privateKey: { secret: 'line-1-plc-user-cert', key: 'user.key' },
        },
      }],
    },
  ],
} as const;

/** The dataflows' identity, endpoint and flows (CL-1): line 1's telemetry to Event Hubs. */
export const DATAFLOWS = {
  id: 'plant-a-flows',
  identityName: 'plant-a-dataflow',
  endpoints: [{ type: 'eventHubs', name: 'telemetry-hubs', namespaceResourceId: SITE_RESOURCES.eventHubsNamespace }],
  dataflows: [
    { name: 'line-1-telemetry', source: { dataSources: ['plant-a/line-1/+/telemetry'] }, destination: { endpoint: 'telemetry-hubs', dataDestination: 'line-1-telemetry' } },
  ],
} as const;

/** The level-2 OPC UA cell's addresses and the enterprise network's (outside the cluster). */
export const OT_CELL_CIDRS = ['10.20.0.0/16'] as const;
export const ENTERPRISE_CIDRS = ['10.100.0.0/16'] as const;

/**
 * The plant's zones and conduits (CN-7): plant apps at level 3 in the cluster, line 1's cell at
 * level 2 and the enterprise network at level 4 outside it. Apps and the cell's devices reach the
 * broker's `plant-floor` port only; AIO reaches the cell's OPC UA servers on 4840 only; nothing
 * from the enterprise network reaches the cluster.
 */
export const NETWORK: SegmentedEdgeNetworkProps = {
  zones: [
    { name: 'level-3-apps', purdueLevel: '3', namespace: 'plant-a-apps' },
    { name: 'level-2-line-1', purdueLevel: '2', cidrs: [...OT_CELL_CIDRS] },
    { name: 'level-4-enterprise', purdueLevel: '4', cidrs: [...ENTERPRISE_CIDRS] },
  ],
  conduits: [
    { name: 'apps-to-broker', from: 'level-3-apps', to: 'aio', ports: [{ port: 8883 }] },
    { name: 'cell-to-broker', from: 'level-2-line-1', to: 'aio', ports: [{ port: 8883 }] },
    { name: 'aio-to-cell-opc-ua', from: 'aio', to: 'level-2-line-1', ports: [{ port: 4840 }] },
  ],
  aio: { kubernetesApiCidrs: ['10.0.0.1/32'] },
};

/** Object ids of the Entra groups the grants go to (examples). */
export const GROUPS = {
  aioDeployers: '44444444-4444-4444-8444-444444444444',
  otEngineers: '55555555-5555-4555-8555-555555555555',
} as const;

/** The last day of the onboarding grant: the plant's roll-out window. After it, remove the assignment. */
export const ONBOARDING_ENDS = '2027-06-30';

/**
 * Who may do what (CL-3): the deployers' group holds Azure IoT Operations Onboarding on the
 * resource group until the roll-out ends; the OT engineers manage the plant's devices.
 */
export const GRANTS: readonly AccessGrantProps[] = [
  { principalId: GROUPS.aioDeployers, principalType: 'Group', role: 'aioOnboarding', scope: SITE_RESOURCES.resourceGroup, expires: ONBOARDING_ENDS },
  { principalId: GROUPS.otEngineers, principalType: 'Group', role: 'deviceRegistryContributor', scope: SITE_RESOURCES.deviceRegistryNamespace },
];

const ATTESTED = { attestedBy: 'Plant A OT security team', attestedOn: '2026-10-01', expires: '2027-09-30' } as const;
const AUDIT = 'https://contoso.sharepoint.com/sites/ot-audit/plant-a-2026';

/** The physical and process controls no manifest shows, attested after the plant's 2026 audit. */
export const ATTESTATIONS: Readonly<Record<'AS-4' | 'AS-5' | 'AS-6' | 'OV-1-network-sensors', AttestationProps>> = {
  'AS-4': { ...ATTESTED, evidence: `${AUDIT}/firmware-signing.pdf`, statement: 'Gateway and PLC firmware is signed by each vendor and verified by the bootloader.' },
  'AS-5': { ...ATTESTED, evidence: `${AUDIT}/edge-hardware.pdf`, statement: 'The edge servers have TPM 2.0, secure boot and sealed, monitored enclosures.' },
  'AS-6': { ...ATTESTED, evidence: `${AUDIT}/manufacturer-hardening.pdf`, statement: "Each device is hardened to its manufacturer's security guide." },
  'OV-1-network-sensors': { ...ATTESTED, evidence: `${AUDIT}/defender-for-iot-sensors.pdf`, statement: 'A Defender for IoT sensor monitors the line-1 cell through a SPAN port.' },
};

/**
 * A day on which every dated record above holds (the onboarding grant has not ended, the
 * attestations have not expired). The tests check the site as of this day, so that they do not
 * start failing when the records lapse; `npm start` checks it as of today, and fails once they
 * lapse, as it should: renew the attestations and remove the grant.
 */
export const SITE_RECORDS_VALID_ON = '2026-12-01';
