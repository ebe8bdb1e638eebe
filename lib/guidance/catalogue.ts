/**
 * The guidance catalogue: Microsoft's security recommendations for edge-based Azure IoT Operations
 * solutions, as data. Every rule, construct, report and doc page refers to these IDs.
 */

/** A recommendation's ID, as fixed in GUIDANCE.md. */
export type GuidanceId =
  | 'AS-1' | 'AS-2' | 'AS-3' | 'AS-4' | 'AS-5' | 'AS-6'
  | 'CN-1' | 'CN-2' | 'CN-3' | 'CN-4' | 'CN-5' | 'CN-6' | 'CN-7'
  | 'ED-1' | 'ED-2' | 'ED-3' | 'ED-4'
  | 'CL-1' | 'CL-2' | 'CL-3'
  | 'OV-1';

/** The section of the guidance a recommendation belongs to. */
export type GuidanceSection = 'Overview' | 'Asset' | 'Connection' | 'Edge' | 'Cloud';

/**
 * How aio-secure meets a recommendation:
 * - `enforced`: a construct makes the secure setting the default and a rule detects its absence;
 * - `generated`: a construct emits an artifact the operator needs;
 * - `attested`: a physical or process control that no manifest can show; it is recorded and reported.
 */
export type GuidanceForm = 'enforced' | 'generated' | 'attested';

/** One recommendation of the guidance. */
export interface GuidanceEntry {
  /** Stable ID, e.g. `CN-1`. */
  readonly id: GuidanceId;
  /** Section of the guidance. */
  readonly section: GuidanceSection;
  /** Short title. */
  readonly title: string;
  /** One-line summary of what the recommendation asks. */
  readonly summary: string;
  /** The Microsoft Learn page that explains it. */
  readonly url: string;
  /** How aio-secure meets it. */
  readonly form: GuidanceForm;
  /** IEC 62443-3-3 system requirements it maps to, where one fits. */
  readonly iec62443: readonly string[];
}

const LEARN = 'https://learn.microsoft.com/azure';
const AIO = `${LEARN}/iot-operations`;
const SEED = `${LEARN}/iot/iot-overview-security`;

/** The 21 recommendations, in the order of the guidance. */
export const CATALOGUE: readonly GuidanceEntry[] = [
  {
    id: 'AS-1', section: 'Asset', title: 'Secrets in Azure Key Vault',
    summary: 'Keep secrets, keys and certificates in Azure Key Vault and sync them to the edge with the Secret Store extension.',
    url: `${AIO}/deploy-iot-ops/howto-enable-secure-settings`, form: 'enforced', iec62443: ['SR 1.5', 'SR 4.1'],
  },
  {
    id: 'AS-2', section: 'Asset', title: 'Certificate lifecycle',
    summary: 'Issue, renew, rotate and revoke certificates; keep lifetimes short and keys strong.',
    url: `${AIO}/secure-iot-ops/howto-manage-certificates`, form: 'enforced', iec62443: ['SR 1.8', 'SR 1.9'],
  },
  {
    id: 'AS-3', section: 'Asset', title: 'Tamper signals in the data stream',
    summary: 'Use tamper-proof hardware and route its tamper signals through the data stream to an alert destination.',
    url: SEED, form: 'generated', iec62443: ['SR 6.2'],
  },
  {
    id: 'AS-4', section: 'Asset', title: 'Signed firmware updates',
    summary: 'Update device firmware only with secure, signed updates.',
    url: SEED, form: 'attested', iec62443: ['SR 3.4'],
  },
  {
    id: 'AS-5', section: 'Asset', title: 'Tamper-resistant hardware deployment',
    summary: 'Deploy hardware tamper-resistantly and keep its physical attack surface minimal.',
    url: SEED, form: 'attested', iec62443: [],
  },
  {
    id: 'AS-6', section: 'Asset', title: "Manufacturer's security guidance",
    summary: "Follow each device manufacturer's security guidance.",
    url: SEED, form: 'attested', iec62443: [],
  },
  {
    id: 'CN-1', section: 'Connection', title: 'TLS on every connection',
    summary: 'Encrypt every connection with TLS: broker listeners, dataflow endpoints and OPC UA.',
    url: `${AIO}/manage-mqtt-broker/howto-configure-brokerlistener`, form: 'enforced', iec62443: ['SR 3.1', 'SR 4.1'],
  },
  {
    id: 'CN-2', section: 'Connection', title: 'Bring your own CA in production',
    summary: 'Use your own certificate authority in production; the quickstart self-signed root is for development and test only.',
    url: `${AIO}/secure-iot-ops/concept-default-root-ca`, form: 'enforced', iec62443: ['SR 1.8'],
  },
  {
    id: 'CN-3', section: 'Connection', title: 'Outbound allowlist',
    summary: 'Allowlist the outbound endpoints the deployment needs on enterprise firewalls and proxies, and nothing else.',
    url: `${AIO}/deploy-iot-ops/overview-deploy`, form: 'generated', iec62443: ['SR 5.2'],
  },
  {
    id: 'CN-4', section: 'Connection', title: 'Encrypted broker internal traffic',
    summary: "Encrypt the MQTT broker's internal traffic between its frontend and backend.",
    url: `${AIO}/manage-mqtt-broker/howto-encrypt-internal-traffic`, form: 'enforced', iec62443: ['SR 4.1'],
  },
  {
    id: 'CN-5', section: 'Connection', title: 'Automatic listener certificates',
    summary: 'Use TLS with automatic certificate management on MQTT broker listeners.',
    url: `${AIO}/manage-mqtt-broker/howto-configure-brokerlistener`, form: 'enforced', iec62443: ['SR 1.8', 'SR 3.1'],
  },
  {
    id: 'CN-6', section: 'Connection', title: 'Trusted OPC UA servers only',
    summary: 'Connect only to OPC UA servers whose certificates are in the trust list; never auto-accept.',
    url: `${AIO}/discover-manage-assets/howto-configure-opc-ua-certificates-infrastructure`, form: 'enforced', iec62443: ['SR 1.2', 'SR 1.9'],
  },
  {
    id: 'CN-7', section: 'Connection', title: 'Network isolation and segmentation',
    summary: 'Isolate and segment networks so that only declared conduits connect zones.',
    url: SEED, form: 'enforced', iec62443: ['SR 5.1', 'SR 5.2'],
  },
  {
    id: 'ED-1', section: 'Edge', title: 'Controlled runtime updates',
    summary: 'Keep the edge runtime up to date; in production turn off Arc agent auto-upgrade and pin extension versions.',
    url: `${LEARN}/azure-arc/kubernetes/agent-upgrade`, form: 'enforced', iec62443: ['SR 7.6'],
  },
  {
    id: 'ED-2', section: 'Edge', title: 'Verified image signatures',
    summary: 'Verify the signatures of container and Helm images before they run.',
    url: `${AIO}/secure-iot-ops/howto-validate-images`, form: 'enforced', iec62443: ['SR 3.4'],
  },
  {
    id: 'ED-3', section: 'Edge', title: 'X.509 or service account token authentication',
    summary: 'Authenticate MQTT clients with X.509 certificates or Kubernetes service account tokens.',
    url: `${AIO}/manage-mqtt-broker/howto-configure-authentication`, form: 'enforced', iec62443: ['SR 1.1', 'SR 1.2'],
  },
  {
    id: 'ED-4', section: 'Edge', title: 'Least-privilege topic authorization',
    summary: 'Grant each MQTT client only the topics it must publish or subscribe to.',
    url: `${AIO}/manage-mqtt-broker/howto-configure-authorization`, form: 'enforced', iec62443: ['SR 2.1'],
  },
  {
    id: 'CL-1', section: 'Cloud', title: 'User-assigned managed identities',
    summary: 'Connect to cloud services with user-assigned managed identities that hold only the roles they need.',
    url: `${AIO}/deploy-iot-ops/howto-enable-secure-settings`, form: 'enforced', iec62443: ['SR 1.2', 'SR 1.5'],
  },
  {
    id: 'CL-2', section: 'Cloud', title: 'Observability before AIO',
    summary: 'Deploy observability resources and logs before Azure IoT Operations.',
    url: `${AIO}/configure-observability-monitoring/howto-configure-observability`, form: 'enforced', iec62443: ['SR 2.8', 'SR 6.2'],
  },
  {
    id: 'CL-3', section: 'Cloud', title: 'Azure RBAC on assets',
    summary: 'Secure access to assets and endpoints with Azure RBAC at the narrowest scope.',
    url: `${AIO}/discover-manage-assets/howto-secure-assets`, form: 'enforced', iec62443: ['SR 2.1'],
  },
  {
    id: 'OV-1', section: 'Overview', title: 'Defender for IoT and for Containers',
    summary: 'Use Microsoft Defender for IoT and Defender for Containers as the front line of threat detection.',
    url: SEED, form: 'enforced', iec62443: ['SR 3.2', 'SR 6.2'],
  },
];

const BY_ID = new Map<string, GuidanceEntry>(CATALOGUE.map((e) => [e.id, e]));

/** Looks up a recommendation by ID; throws for an ID that is not in the catalogue. */
export function guidance(id: GuidanceId): GuidanceEntry {
  const entry = BY_ID.get(id);
  if (!entry) {
    throw new Error(`Unknown guidance ID "${id}". Known IDs: ${CATALOGUE.map((e) => e.id).join(', ')}.`);
  }
  return entry;
}

/** True when `id` is one of the catalogue's IDs. */
export function isGuidanceId(id: string): id is GuidanceId {
  return BY_ID.has(id);
}
