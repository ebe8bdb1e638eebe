import { isIP } from 'node:net';
import { AIO } from './aio';
import { NO_VALUE, PropErrors } from './errors';
import { isEverythingFilter, topicFilterProblem } from './mqtt-topic';
import type { JsonObject, Resource, Waiver } from './resource';
import { ARM_TYPES, K8S } from './versions';
import { waiverProblem } from './waiver';
import { durationProblem, parseGoDuration } from './duration';
import { aioPrivateKey, lifetimeFor, type CertificatePolicy } from './certificate-policy';

const CONSTRUCT = 'SecureBroker';

/** A cert-manager issuer that signs certificates. */
export interface IssuerRef {
  /** The issuer's name. */
  readonly name: string;
  /** `ClusterIssuer`, or a namespaced `Issuer` in the broker's namespace. */
  readonly kind: 'ClusterIssuer' | 'Issuer';
}

/**
 * A loud opt-out of a secure default. It becomes a waiver of the matching rule, so it stays
 * visible, with its reason, owner and expiry, in every report.
 */
export interface OptOut {
  /** Why the risk is accepted and what limits it (at least 20 characters). */
  readonly reason: string;
  /** The person or team that accepts the risk. */
  readonly owner: string;
  /** The last day the opt-out applies, as `YYYY-MM-DD`; after it the checker reports it again. */
  readonly expires: string;
}

/** Lifetime of the certificates cert-manager issues. */
export interface CertificateLifetime {
  /** Lifetime as a Go duration, e.g. `240h`. */
  readonly duration?: string;
  /** How long before expiry to renew, as a Go duration; must be shorter than `duration`. */
  readonly renewBefore?: string;
}

/** Broker sizing (AIO's `cardinality`). */
export interface BrokerCardinality {
  /**
   * Frontend replicas.
   * @default 2
   */
  readonly frontendReplicas?: number;
  /**
   * Workers per frontend replica.
   * @default 2
   */
  readonly frontendWorkers?: number;
  /**
   * Backend partitions.
   * @default 2
   */
  readonly backendPartitions?: number;
  /**
   * Backend redundancy factor; production guidance asks for at least 2.
   * @default 2
   */
  readonly backendRedundancyFactor?: number;
  /**
   * Workers per backend partition.
   * @default 2
   */
  readonly backendWorkers?: number;
}

/** An authentication method of a listener. */
export type AuthenticationMethodName = 'x509' | 'serviceAccountToken' | 'custom';

/** Attributes the broker gives X.509 clients whose certificate subject matches. */
export interface X509AuthorizationAttributes {
  /** The certificate subject to match, e.g. `CN = line-1 sensors, O = Contoso`. */
  readonly subject: string;
  /** The attributes such clients get, for `attributes` matches in client grants. */
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * Custom authentication by an external HTTPS server. Not recommended (ED-3): the decision leaves
 * the broker, and an unreachable server makes the broker try the next method. It is therefore an
 * opt-out: its reason, owner and expiry become a waiver of rule `authentication-x509-or-sat`.
 */
export interface CustomAuthenticationOptOut extends OptOut {
  /** The authentication server; must be `https://`. */
  readonly endpoint: string;
  /** ConfigMap, in the broker namespace, with the CA that signed the server's certificate. */
  readonly caCertConfigMap: string;
  /**
   * Secret with the client certificate the broker presents to the server.
   * @default - none
   */
  readonly clientCertificateSecret?: string;
  /**
   * Extra HTTP headers sent to the server.
   * @default {}
   */
  readonly headers?: Readonly<Record<string, string>>;
}

/** How clients of one listener authenticate. At least one method is required. */
export interface ListenerAuthentication {
  /** X.509 client certificates, checked against a trusted client CA. */
  readonly x509?: {
    /** Name of the ConfigMap, in the broker's namespace, that holds the trusted client CA (PEM). */
    readonly trustedClientCaConfigMap: string;
    /**
     * Attributes for clients by certificate subject, keyed by a name of your choice.
     * @default {}
     */
    readonly authorizationAttributes?: Readonly<Record<string, X509AuthorizationAttributes>>;
  };
  /** Kubernetes service account tokens with one of these audiences. */
  readonly serviceAccountToken?: {
    /** Accepted token audiences. Do not reuse AIO's own `aio-internal` for your workloads. */
    readonly audiences: readonly string[];
  };
  /** Custom authentication over HTTPS; an explicit, waived exception to ED-3. */
  readonly allowCustomAuthentication?: CustomAuthenticationOptOut;
  /**
   * The order in which the broker tries the methods; every configured method exactly once.
   * @default ['x509', 'serviceAccountToken', 'custom'] (those configured)
   */
  readonly order?: readonly AuthenticationMethodName[];
}

/** One port of a listener. */
export interface SecurePortProps {
  /** TCP port, 1-65535. */
  readonly port: number;
  /** Node port (30000-32767), only on a `NodePort` listener. */
  readonly nodePort?: number;
  /**
   * MQTT over TCP or over WebSockets.
   * @default 'Mqtt'
   */
  readonly protocol?: 'Mqtt' | 'WebSockets';
  /**
   * Serve this port without TLS. Insecure (CN-1, CN-7): only for short-lived tests in the
   * development profile, and never with X.509 authentication. Becomes waivers of rules
   * `listener-requires-tls` and `exposed-plaintext-listener` for this port; the production profile
   * does not accept the second, so a production synth fails.
   * @default - TLS with a certificate from the broker's issuer
   */
  readonly allowPlaintext?: OptOut;
}

/** One listener: a Kubernetes service in front of the broker. */
export interface SecureListenerProps {
  /** Listener name (DNS-1123 label). `default` is AIO's own internal listener and is reserved. */
  readonly name: string;
  /**
   * How the service is exposed. AIO's built-in `default` listener already takes `ClusterIp`, and
   * the broker allows one listener per service type.
   */
  readonly serviceType: 'LoadBalancer' | 'NodePort' | 'ClusterIp';
  /**
   * Kubernetes service name.
   * @default - `aio-broker-<name>`
   */
  readonly serviceName?: string;
  /** Ports; port numbers are unique across all listeners. */
  readonly ports: readonly SecurePortProps[];
  /** How clients authenticate on every port of this listener. */
  readonly authentication: ListenerAuthentication;
  /**
   * DNS names clients use to reach the listener from outside the cluster, added to the
   * certificate's SANs next to the service's cluster names. Give these or `ipAddresses` (or both):
   * external clients can only verify a certificate that names what they dial.
   * @default []
   */
  readonly hostnames?: readonly string[];
  /**
   * IP addresses clients use to reach the listener, added to the certificate's SANs.
   * @default []
   */
  readonly ipAddresses?: readonly string[];
}

/**
 * An MQTT client (or group of clients) and exactly what it may do. Clients are matched by client
 * id, username or authentication attributes; any one match applies the grant.
 */
export interface MqttClientProps {
  /** A name for the client, used in messages. */
  readonly name: string;
  /**
   * The MQTT client ids the client may connect with. A client chooses its own id, so ids restrict
   * a grant but never identify a client: match it by `usernames` or `attributes`.
   * @default - any client id
   */
  readonly clientIds?: readonly string[];
  /** Usernames that identify the client (for X.509 clients, the certificate's CN). */
  readonly usernames?: readonly string[];
  /**
   * Attribute sets (X.509 `authorizationAttributes`, or SAT `aio-broker-auth/<key>` annotations);
   * every pair in one set must match.
   */
  readonly attributes?: readonly Readonly<Record<string, string>>[];
  /**
   * Topic filters the client may publish to.
   * @default []
   */
  readonly publish?: readonly string[];
  /**
   * Topic filters the client may subscribe to.
   * @default []
   */
  readonly subscribe?: readonly string[];
  /**
   * State store keys the client may read and write. Also grants the state store's request topic
   * and the client's own response topic.
   * @default - no state store access
   */
  readonly stateStore?: StateStoreGrant;
}

/** Which state store keys a client may use. */
export interface StateStoreGrant {
  /**
   * How keys are written: `Pattern` (with `*` wildcards), `String` or `Binary` (base64).
   * @default 'Pattern'
   */
  readonly keyType?: 'Pattern' | 'String' | 'Binary';
  /**
   * Keys the client may read.
   * @default []
   */
  readonly read?: readonly string[];
  /**
   * Keys the client may write.
   * @default []
   */
  readonly write?: readonly string[];
  /**
   * Keys the client may read and write.
   * @default []
   */
  readonly readWrite?: readonly string[];
}

/** Disk persistence of the broker. */
export interface BrokerPersistenceProps {
  /** Largest size of the persisted data, a Kubernetes quantity such as `10Gi`. */
  readonly maxSize: string;
  /**
   * Store persisted data unencrypted. Insecure: messages and state store values rest on the node's
   * disk in clear text. Becomes a waiver of rule `broker-internal-encryption`.
   * @default - encrypted
   */
  readonly allowUnencrypted?: OptOut;
}

/** Broker diagnostics (logs, metrics, self-check and traces). */
export interface BrokerDiagnostics {
  /**
   * Log level, e.g. `info` or `debug`.
   * @default 'info'
   */
  readonly logLevel?: string;
  /**
   * Port where the broker serves Prometheus metrics.
   * @default 9600
   */
  readonly metricsPort?: number;
  /**
   * Seconds between the broker's self-checks (30-300).
   * @default 30
   */
  readonly selfCheckIntervalSeconds?: number;
  /**
   * Trace cache size in MB (1-128).
   * @default 16
   */
  readonly traceCacheSizeMegabytes?: number;
}

/** Props of `SecureBroker`. */
export interface SecureBrokerProps {
  /**
   * Namespace of the AIO instance.
   * @default 'azure-iot-operations'
   */
  readonly namespace?: string;
  /**
   * The cert-manager issuer that signs listener certificates. In production, your own CA's issuer
   * (CN-2), not the quickstart `azure-iot-operations-aio-certificate-issuer`.
   */
  readonly issuer: IssuerRef;
  /**
   * Lifetime of listener certificates. Give this or `certificatePolicy`, not both.
   * @default { duration: '2160h', renewBefore: '720h' }
   */
  readonly certificates?: CertificateLifetime;
  /**
   * The certificate policy of the chain (e.g. `EdgePki`'s `certificatePolicy`): listener
   * certificates take its lifetime and renewal, and listener and internal certificates its key
   * algorithm, so the whole chain keeps one key family.
   * @default - EC P-256 keys; lifetimes from `certificates`
   */
  readonly certificatePolicy?: CertificatePolicy;
  /**
   * Disk persistence of the broker's state, encrypted. Needs AIO API 2025-07-01-preview or later
   * (the ARM path at the pinned 2025-10-01; on clusters whose CRD predates it, the Kubernetes path
   * rejects the field).
   * @default - no disk persistence
   */
  readonly persistence?: BrokerPersistenceProps;
  /**
   * Lifetime of the certificates that encrypt the broker's internal traffic.
   * @default { duration: '240h', renewBefore: '80h' }
   */
  readonly internalCertificates?: CertificateLifetime;
  /**
   * Turn off encryption of the broker's internal traffic. Insecure (CN-4). Becomes a waiver of rule
   * `broker-internal-encryption`.
   * @default - internal traffic is encrypted
   */
  readonly allowUnencryptedInternalTraffic?: OptOut;
  /**
   * Broker memory profile.
   * @default 'Medium'
   */
  readonly memoryProfile?: 'Tiny' | 'Low' | 'Medium' | 'High';
  /**
   * Broker sizing.
   * @default - 2 frontend replicas with 2 workers; 2 backend partitions, redundancy 2, 2 workers
   */
  readonly cardinality?: BrokerCardinality;
  /**
   * Broker diagnostics: logs, Prometheus metrics, self-checks and traces, all on.
   * @default { logLevel: 'info', metricsPort: 9600, selfCheckIntervalSeconds: 30, traceCacheSizeMegabytes: 16 }
   */
  readonly diagnostics?: BrokerDiagnostics;
  /** Listeners besides AIO's built-in internal one. At least one. */
  readonly listeners: readonly SecureListenerProps[];
  /**
   * Clients and their grants. Only these clients may connect, and only to these topics.
   * @default [] (every client is denied)
   */
  readonly clients?: readonly MqttClientProps[];
}

/** `SecureBrokerProps` after validation, with every default applied. */
export interface ResolvedSecureBroker {
  readonly id: string;
  readonly namespace: string;
  readonly issuer: IssuerRef;
  readonly certificates: Required<CertificateLifetime>;
  readonly internalCertificates: Required<CertificateLifetime>;
  readonly allowUnencryptedInternalTraffic?: OptOut;
  readonly memoryProfile: 'Tiny' | 'Low' | 'Medium' | 'High';
  readonly cardinality: Required<BrokerCardinality>;
  readonly diagnostics: Required<BrokerDiagnostics>;
  /** The AIO key of listener and internal certificates, from the certificate policy. */
  readonly privateKey: { readonly algorithm: string; readonly rotationPolicy: 'Always' };
  readonly persistence?: BrokerPersistenceProps;
  readonly listeners: readonly ResolvedListener[];
  readonly clients: readonly ResolvedClient[];
  /** Name of the generated BrokerAuthorization. */
  readonly authorizationName: string;
}

/** A listener after validation. */
export interface ResolvedListener {
  readonly name: string;
  readonly serviceType: 'LoadBalancer' | 'NodePort' | 'ClusterIp';
  readonly serviceName: string;
  readonly ports: readonly ResolvedPort[];
  readonly authentication: ListenerAuthentication;
  /** The configured methods in the order the broker tries them. */
  readonly methodOrder: readonly AuthenticationMethodName[];
  /** Name of the generated BrokerAuthentication. */
  readonly authenticationName: string;
  readonly hostnames: readonly string[];
  readonly ipAddresses: readonly string[];
}

/** A port after validation. */
export interface ResolvedPort {
  readonly port: number;
  readonly nodePort?: number;
  readonly protocol: 'Mqtt' | 'WebSockets';
  readonly allowPlaintext?: OptOut;
}

/** A client after validation. */
export interface ResolvedClient {
  readonly name: string;
  readonly clientIds: readonly string[];
  readonly usernames: readonly string[];
  readonly attributes: readonly Readonly<Record<string, string>>[];
  readonly publish: readonly string[];
  readonly subscribe: readonly string[];
  readonly stateStore?: Required<StateStoreGrant>;
}

/** Every default of `SecureBroker`, in one place. */
export const SECURE_BROKER_DEFAULTS = {
  namespace: AIO.namespace,
  certificates: { duration: '2160h', renewBefore: '720h' },
  internalCertificates: { duration: '240h', renewBefore: '80h' },
  memoryProfile: 'Medium',
  cardinality: {
    frontendReplicas: 2,
    frontendWorkers: 2,
    backendPartitions: 2,
    backendRedundancyFactor: 2,
    backendWorkers: 2,
  },
  protocol: 'Mqtt',
  diagnostics: { logLevel: 'info', metricsPort: 9600, selfCheckIntervalSeconds: 30, traceCacheSizeMegabytes: 16 },
  methodOrder: ['x509', 'serviceAccountToken', 'custom'],
  stateStoreKeyType: 'Pattern',
  /** Key algorithm of every certificate the broker gets: EC P-256, one key family per chain. */
  privateKey: { algorithm: 'Ec256', rotationPolicy: 'Always' },
} as const;

/**
 * The state store's MQTT topics (facts file, section 4.4): clients publish requests to the first
 * and receive responses on their own response topic, by convention the second.
 */
export const STATE_STORE_TOPICS = {
  request: '$services/statestore/_any_/command/invoke/request',
  response: 'clients/{principal.clientId}/services/statestore/_any_/command/invoke/response',
} as const;

/** Upper bounds on certificate lifetimes; longer certificates are rejected. */
export const CERTIFICATE_LIMITS = {
  /** Listener certificates: 90 days. */
  listenerMaxHours: 2160,
  /** Internal broker certificates: 30 days. */
  internalMaxHours: 720,
} as const;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SERVICE_TYPES = ['LoadBalancer', 'NodePort', 'ClusterIp'] as const;
const MEMORY_PROFILES = ['Tiny', 'Low', 'Medium', 'High'] as const;

/**
 * Validates `SecureBroker` props and applies every default. Throws `AioSecureError` naming the
 * prop path, the value and the fix for the first problem found.
 */
export function resolveSecureBroker(id: string, props: SecureBrokerProps): ResolvedSecureBroker {
  const err = new PropErrors(CONSTRUCT, id);
  if (!DNS_LABEL.test(id) || id.length > 40) {
    throw err.error('INVALID_PROP', 'id', 'is not a DNS-1123 label of at most 40 characters', id,
      'Use lower-case letters, digits and "-"; generated resource names start with it');
  }
  if (!props || typeof props !== 'object') {
    throw err.error('MISSING_PROP', 'props', 'are missing', props, 'Pass issuer and listeners');
  }

  const namespace = props.namespace ?? SECURE_BROKER_DEFAULTS.namespace;
  if (!DNS_LABEL.test(namespace)) {
    throw err.error('INVALID_PROP', 'namespace', 'is not a valid namespace name', namespace, 'Use a DNS-1123 label such as "azure-iot-operations"');
  }

  const issuer = resolveIssuer(err, props.issuer);
  if (props.certificates !== undefined && props.certificatePolicy !== undefined) {
    throw err.error('INVALID_PROP', 'certificates', 'is set together with certificatePolicy', props.certificates,
      'Remove certificates: the certificate policy sets the listener certificates\' lifetime', 'AS-2');
  }
  const policy = props.certificatePolicy;
  if (policy !== undefined && (typeof policy !== 'object' || policy === null || typeof policy.lifetime !== 'string' || typeof policy.keyAlgorithm !== 'string')) {
    throw err.error('INVALID_PROP', 'certificatePolicy', 'is not a resolved certificate policy', policy,
      'Pass EdgePki\'s certificatePolicy, or resolveCertificatePolicy(...)', 'AS-2');
  }
  const certificates = resolveLifetime(err, policy ? 'certificatePolicy' : 'certificates',
    policy ? lifetimeFor(policy) : props.certificates, SECURE_BROKER_DEFAULTS.certificates, CERTIFICATE_LIMITS.listenerMaxHours);
  const privateKey = policy ? aioPrivateKey(policy) : { ...SECURE_BROKER_DEFAULTS.privateKey };
  const persistence = resolvePersistence(err, props.persistence);
  const internalCertificates = resolveLifetime(err, 'internalCertificates', props.internalCertificates,
    SECURE_BROKER_DEFAULTS.internalCertificates, CERTIFICATE_LIMITS.internalMaxHours);
  if (props.allowUnencryptedInternalTraffic !== undefined) {
    checkOptOut(err, 'allowUnencryptedInternalTraffic', props.allowUnencryptedInternalTraffic);
  }

  const memoryProfile = props.memoryProfile ?? SECURE_BROKER_DEFAULTS.memoryProfile;
  if (!(MEMORY_PROFILES as readonly string[]).includes(memoryProfile)) {
    throw err.error('INVALID_PROP', 'memoryProfile', 'is not a memory profile', memoryProfile, `Use one of ${MEMORY_PROFILES.join(', ')}`);
  }
  const cardinality = resolveCardinality(err, props.cardinality);
  const diagnostics = resolveDiagnostics(err, props.diagnostics);

  const listeners = resolveListeners(err, props.listeners);
  const clients = resolveClients(err, props.clients ?? []);

  return {
    id,
    namespace,
    issuer,
    certificates,
    internalCertificates,
    allowUnencryptedInternalTraffic: props.allowUnencryptedInternalTraffic,
    memoryProfile,
    cardinality,
    diagnostics,
    privateKey,
    ...(persistence ? { persistence } : {}),
    listeners,
    clients,
    authorizationName: `${id}-authz`,
  };
}

function resolveIssuer(err: PropErrors, issuer: IssuerRef | undefined): IssuerRef {
  if (!issuer || typeof issuer !== 'object') {
    throw err.error('MISSING_PROP', 'issuer', 'is missing', NO_VALUE,
      'Name the cert-manager issuer that signs listener certificates, e.g. issuer: { kind: "ClusterIssuer", name: "plant-ca" }', 'CN-5');
  }
  if (typeof issuer.name !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(issuer.name)) {
    throw err.error('INVALID_PROP', 'issuer.name', 'is not a valid issuer name', issuer.name, 'Use the metadata.name of an existing cert-manager Issuer or ClusterIssuer', 'CN-5');
  }
  if (issuer.kind !== 'ClusterIssuer' && issuer.kind !== 'Issuer') {
    throw err.error('INVALID_PROP', 'issuer.kind', 'is not an issuer kind', issuer.kind, 'Use "ClusterIssuer" or "Issuer"', 'CN-5');
  }
  return { name: issuer.name, kind: issuer.kind };
}

function resolveLifetime(
  err: PropErrors,
  path: string,
  given: CertificateLifetime | undefined,
  defaults: Required<CertificateLifetime>,
  maxHours: number,
): Required<CertificateLifetime> {
  const duration = given?.duration ?? defaults.duration;
  const renewBefore = given?.renewBefore ?? defaults.renewBefore;
  for (const [field, value] of [['duration', duration], ['renewBefore', renewBefore]] as const) {
    const problem = durationProblem(value);
    if (problem) throw err.error('INVALID_PROP', `${path}.${field}`, problem, value, 'Use a Go duration such as "240h" or "90m"', 'AS-2');
  }
  const d = parseGoDuration(duration)!;
  const r = parseGoDuration(renewBefore)!;
  if (d > maxHours * 3600) {
    throw err.error('INVALID_PROP', `${path}.duration`, `is longer than the ${maxHours}h limit`, duration,
      `Use at most "${maxHours}h"; short lifetimes stand in for revocation`, 'AS-2');
  }
  if (r >= d) {
    throw err.error('INVALID_PROP', `${path}.renewBefore`, `is not shorter than the duration ${duration}`, renewBefore,
      'Renew well before expiry, e.g. a third of the duration', 'AS-2');
  }
  if (r < 300) {
    throw err.error('INVALID_PROP', `${path}.renewBefore`, 'is shorter than 5 minutes', renewBefore, 'Leave cert-manager time to renew, e.g. a third of the duration', 'AS-2');
  }
  return { duration, renewBefore };
}

function resolveCardinality(err: PropErrors, given: BrokerCardinality | undefined): Required<BrokerCardinality> {
  const d = SECURE_BROKER_DEFAULTS.cardinality;
  const c: Required<BrokerCardinality> = {
    frontendReplicas: given?.frontendReplicas ?? d.frontendReplicas,
    frontendWorkers: given?.frontendWorkers ?? d.frontendWorkers,
    backendPartitions: given?.backendPartitions ?? d.backendPartitions,
    backendRedundancyFactor: given?.backendRedundancyFactor ?? d.backendRedundancyFactor,
    backendWorkers: given?.backendWorkers ?? d.backendWorkers,
  };
  // Limits from the real v1 CRD: replicas/partitions/workers 1-16, redundancy factor 1-5.
  const limits: Record<keyof BrokerCardinality, number> = {
    frontendReplicas: 16, frontendWorkers: 16, backendPartitions: 16, backendRedundancyFactor: 5, backendWorkers: 16,
  };
  for (const key of Object.keys(limits) as (keyof BrokerCardinality)[]) {
    const v = c[key];
    if (!Number.isInteger(v) || v < 1 || v > limits[key]) {
      throw err.error('INVALID_PROP', `cardinality.${key}`, 'is out of range', v, `Use a whole number from 1 to ${limits[key]}`);
    }
  }
  return c;
}

function resolvePersistence(err: PropErrors, p: BrokerPersistenceProps | undefined): BrokerPersistenceProps | undefined {
  if (p === undefined) return undefined;
  if (!p || typeof p !== 'object' || typeof p.maxSize !== 'string' || !/^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/.test(p.maxSize)) {
    throw err.error('INVALID_PROP', 'persistence.maxSize', 'is not a Kubernetes quantity', p?.maxSize, 'Give the largest size of the persisted data, e.g. "10Gi"');
  }
  if (p.allowUnencrypted !== undefined) checkOptOut(err, 'persistence.allowUnencrypted', p.allowUnencrypted);
  return p;
}

function resolveDiagnostics(err: PropErrors, given: BrokerDiagnostics | undefined): Required<BrokerDiagnostics> {
  const d = SECURE_BROKER_DEFAULTS.diagnostics;
  const r: Required<BrokerDiagnostics> = {
    logLevel: given?.logLevel ?? d.logLevel,
    metricsPort: given?.metricsPort ?? d.metricsPort,
    selfCheckIntervalSeconds: given?.selfCheckIntervalSeconds ?? d.selfCheckIntervalSeconds,
    traceCacheSizeMegabytes: given?.traceCacheSizeMegabytes ?? d.traceCacheSizeMegabytes,
  };
  if (typeof r.logLevel !== 'string' || !/^[a-z]+$/.test(r.logLevel)) {
    throw err.error('INVALID_PROP', 'diagnostics.logLevel', 'is not a log level', r.logLevel, 'Use e.g. "info", "debug" or "warn"', 'CL-2');
  }
  // Limits from the real v1 CRD.
  const limits: [keyof BrokerDiagnostics, number, number][] = [['metricsPort', 1, 65535], ['selfCheckIntervalSeconds', 30, 300], ['traceCacheSizeMegabytes', 1, 128]];
  for (const [key, min, max] of limits) {
    const v = r[key] as number;
    if (!Number.isInteger(v) || v < min || v > max) {
      throw err.error('INVALID_PROP', `diagnostics.${key}`, 'is out of range', v, `Use a whole number from ${min} to ${max}`, 'CL-2');
    }
  }
  return r;
}

function checkOptOut(err: PropErrors, path: string, optOut: OptOut): void {
  const problem = waiverProblem(optOut);
  if (problem) {
    const [field, what, fix] = problem;
    throw err.error('INVALID_WAIVER', `${path}.${field}`, what, (optOut as unknown as Record<string, unknown>)?.[field], fix);
  }
}

function resolveListeners(err: PropErrors, listeners: readonly SecureListenerProps[] | undefined): ResolvedListener[] {
  if (!Array.isArray(listeners) || listeners.length === 0) {
    throw err.error('MISSING_PROP', 'listeners', 'is empty', listeners,
      'Declare at least one listener, e.g. { name: "external", serviceType: "LoadBalancer", ports: [{ port: 8883 }], authentication: { x509: {...} } }');
  }
  const names = new Map<string, number>();
  const serviceNames = new Map<string, number>();
  const serviceTypes = new Map<string, number>();
  const ports = new Map<number, string>();
  const nodePorts = new Map<number, string>();
  return listeners.map((l, i) => {
    const at = `listeners[${i}]`;
    // ARM names listeners with 3-63 characters; the authentication name adds "-authn".
    if (typeof l?.name !== 'string' || !DNS_LABEL.test(l.name) || l.name.length < 3 || l.name.length > 40) {
      throw err.error('INVALID_PROP', `${at}.name`, 'is not a DNS-1123 label of 3 to 40 characters', l?.name, 'Use lower-case letters, digits and "-"');
    }
    if (l.name === AIO.defaultListener.name) {
      throw err.error('RESERVED_NAME', `${at}.name`, "is AIO's built-in internal listener, which must stay unchanged", l.name, 'Choose another name');
    }
    if (names.has(l.name)) {
      throw err.error('DUPLICATE', `${at}.name`, `repeats listeners[${names.get(l.name)}].name`, l.name, 'Give each listener its own name');
    }
    names.set(l.name, i);

    if (!(SERVICE_TYPES as readonly string[]).includes(l.serviceType)) {
      throw err.error('INVALID_PROP', `${at}.serviceType`, 'is not a service type', l.serviceType, `Use one of ${SERVICE_TYPES.join(', ')}`);
    }
    if (l.serviceType === AIO.defaultListener.serviceType) {
      throw err.error('DUPLICATE', `${at}.serviceType`, `is already taken by AIO's built-in "default" listener, and the broker allows one listener per service type`,
        l.serviceType, 'Use LoadBalancer or NodePort');
    }
    if (serviceTypes.has(l.serviceType)) {
      throw err.error('DUPLICATE', `${at}.serviceType`, `repeats listeners[${serviceTypes.get(l.serviceType)}].serviceType; the broker allows one listener per service type`,
        l.serviceType, 'Put these ports on the other listener');
    }
    serviceTypes.set(l.serviceType, i);

    const serviceName = l.serviceName ?? `aio-broker-${l.name}`;
    if (!DNS_LABEL.test(serviceName) || serviceName.length > 63) {
      throw err.error('INVALID_PROP', `${at}.serviceName`, 'is not a valid service name', serviceName, 'Use a DNS-1123 label of at most 63 characters');
    }
    if (serviceName === AIO.defaultListener.serviceName) {
      throw err.error('RESERVED_NAME', `${at}.serviceName`, "is the service of AIO's built-in internal listener", serviceName, 'Choose another service name');
    }
    if (serviceNames.has(serviceName)) {
      throw err.error('DUPLICATE', `${at}.serviceName`, `repeats the service name of listeners[${serviceNames.get(serviceName)}]`, serviceName, 'Give each listener its own service');
    }
    serviceNames.set(serviceName, i);

    const authentication = resolveAuthentication(err, `${at}.authentication`, l.authentication);

    if (!Array.isArray(l.ports) || l.ports.length === 0) {
      throw err.error('MISSING_PROP', `${at}.ports`, 'is empty', l.ports, 'Declare at least one port, e.g. { port: 8883 }');
    }
    const resolvedPorts = l.ports.map((p: SecurePortProps, j: number): ResolvedPort => {
      const pat = `${at}.ports[${j}]`;
      if (!Number.isInteger(p?.port) || p.port < 1 || p.port > 65535) {
        throw err.error('INVALID_PROP', `${pat}.port`, 'is out of range', p?.port, 'Use a whole number from 1 to 65535, e.g. 8883');
      }
      if (p.port === AIO.defaultListener.port) {
        throw err.error('RESERVED_NAME', `${pat}.port`, "is the port of AIO's built-in internal listener", p.port, 'Use another port, e.g. 8883');
      }
      const taken = ports.get(p.port);
      if (taken) {
        throw err.error('DUPLICATE', `${pat}.port`, `is already used by ${taken}; a port number may appear once across all listeners`, p.port, 'Use another port');
      }
      ports.set(p.port, pat);
      if (p.nodePort !== undefined) {
        if (l.serviceType !== 'NodePort') {
          throw err.error('INVALID_PROP', `${pat}.nodePort`, `is set on a ${l.serviceType} listener`, p.nodePort, 'Remove nodePort or use serviceType "NodePort"');
        }
        const { min, max } = AIO.nodePortRange;
        if (!Number.isInteger(p.nodePort) || p.nodePort < min || p.nodePort > max) {
          throw err.error('INVALID_PROP', `${pat}.nodePort`, 'is outside the NodePort range', p.nodePort, `Use a whole number from ${min} to ${max}`);
        }
        const takenNode = nodePorts.get(p.nodePort);
        if (takenNode) {
          throw err.error('DUPLICATE', `${pat}.nodePort`, `is already used by ${takenNode}`, p.nodePort, 'Give each port its own node port');
        }
        nodePorts.set(p.nodePort, pat);
      }
      const protocol = p.protocol ?? SECURE_BROKER_DEFAULTS.protocol;
      if (protocol !== 'Mqtt' && protocol !== 'WebSockets') {
        throw err.error('INVALID_PROP', `${pat}.protocol`, 'is not a protocol', protocol, 'Use "Mqtt" or "WebSockets"');
      }
      if (p.allowPlaintext !== undefined) {
        if (p.allowPlaintext === null || typeof p.allowPlaintext !== 'object') {
          throw err.error('INVALID_WAIVER', `${pat}.allowPlaintext`, 'is not an opt-out', p.allowPlaintext,
            'Give { reason, owner, expires }, or remove it to keep TLS', 'CN-1');
        }
        checkOptOut(err, `${pat}.allowPlaintext`, p.allowPlaintext);
        if (authentication.x509) {
          throw err.error('INSECURE_WITHOUT_OPT_OUT', `${pat}.allowPlaintext`, 'is set on a listener with X.509 authentication, which needs TLS',
            p.port, 'Remove allowPlaintext; X.509 client certificates only work over TLS', 'CN-1');
        }
      }
      const resolved: ResolvedPort = { port: p.port, protocol };
      return { ...resolved, ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}), ...(p.allowPlaintext ? { allowPlaintext: p.allowPlaintext } : {}) };
    });

    for (const [key, list] of [['hostnames', l.hostnames], ['ipAddresses', l.ipAddresses]] as const) {
      if (list !== undefined && !Array.isArray(list)) {
        throw err.error('INVALID_PROP', `${at}.${key}`, 'is not a list', list, `Give a list, e.g. ["${key === 'hostnames' ? 'mqtt.plant-a.example.com' : '10.1.2.3'}"]`);
      }
    }
    const hostnames = [...(l.hostnames ?? [])];
    hostnames.forEach((h, j) => {
      if (typeof h !== 'string' || !/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(h)) {
        throw err.error('INVALID_PROP', `${at}.hostnames[${j}]`, 'is not a DNS name', h, 'Use a lower-case DNS name such as "mqtt.plant-a.example.com"');
      }
    });
    const ipAddresses = [...(l.ipAddresses ?? [])];
    ipAddresses.forEach((ip, j) => {
      if (typeof ip !== 'string' || !isIpAddress(ip)) {
        throw err.error('INVALID_PROP', `${at}.ipAddresses[${j}]`, 'is not an IP address', ip, 'Use an IPv4 or IPv6 address such as "10.1.2.3"');
      }
    });
    if (hostnames.length + ipAddresses.length === 0) {
      // Clients outside the cluster verify the server by the name or address they dial.
      throw err.error('MISSING_PROP', `${at}.hostnames`, `is empty on a ${l.serviceType} listener, and so is ipAddresses`, NO_VALUE,
        'Give the DNS names or IP addresses external clients use, so the certificate names them and clients can verify it', 'CN-5');
    }

    return {
      name: l.name,
      serviceType: l.serviceType,
      serviceName,
      ports: resolvedPorts,
      authentication,
      methodOrder: resolveMethodOrder(err, `${at}.authentication`, authentication),
      authenticationName: `${l.name}-authn`,
      hostnames,
      ipAddresses,
    };
  });
}

const K8S_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function resolveAuthentication(err: PropErrors, at: string, a: ListenerAuthentication | undefined): ListenerAuthentication {
  if (!a || typeof a !== 'object' || (!a.x509 && !a.serviceAccountToken && !a.allowCustomAuthentication)) {
    throw err.error('MISSING_PROP', at, 'has no method', a,
      'Use x509: { trustedClientCaConfigMap: "<ConfigMap>" } and/or serviceAccountToken: { audiences: ["<audience>"] }', 'ED-3');
  }
  if (a.x509) {
    const cm = a.x509.trustedClientCaConfigMap;
    if (typeof cm !== 'string' || !K8S_NAME.test(cm)) {
      throw err.error('INVALID_PROP', `${at}.x509.trustedClientCaConfigMap`, 'is not a ConfigMap name', cm,
        'Name the ConfigMap, in the broker namespace, that holds the trusted client CA certificate', 'ED-3');
    }
    for (const [name, attr] of Object.entries(a.x509.authorizationAttributes ?? {})) {
      const path = `${at}.x509.authorizationAttributes.${name}`;
      if (!attr || typeof attr.subject !== 'string' || attr.subject.trim() === '') {
        throw err.error('INVALID_PROP', `${path}.subject`, 'is not a certificate subject', attr?.subject, 'Give the subject to match, e.g. "CN = line-1 sensors, O = Contoso"', 'ED-3');
      }
      if (!attr.attributes || typeof attr.attributes !== 'object' || Object.keys(attr.attributes).length === 0
        || Object.values(attr.attributes).some((v) => typeof v !== 'string')) {
        throw err.error('INVALID_PROP', `${path}.attributes`, 'is not a non-empty map of strings', attr.attributes, 'Give e.g. { line: "line-1", role: "sensor" }', 'ED-4');
      }
    }
  }
  const custom = a.allowCustomAuthentication;
  if (custom !== undefined) {
    const path = `${at}.allowCustomAuthentication`;
    if (custom === null || typeof custom !== 'object') {
      throw err.error('INVALID_WAIVER', path, 'is not an opt-out', custom, 'Give { endpoint, caCertConfigMap, reason, owner, expires }, or remove it', 'ED-3');
    }
    if (typeof custom.endpoint !== 'string' || !/^https:\/\/[^\s/]+/.test(custom.endpoint)) {
      throw err.error('INSECURE_WITHOUT_OPT_OUT', `${path}.endpoint`, 'is not an https:// URL', custom.endpoint,
        'Serve the authentication server over HTTPS; plain HTTP would expose every client credential', 'ED-3');
    }
    if (typeof custom.caCertConfigMap !== 'string' || !K8S_NAME.test(custom.caCertConfigMap)) {
      throw err.error('MISSING_PROP', `${path}.caCertConfigMap`, 'is not a ConfigMap name', custom.caCertConfigMap,
        'Name the ConfigMap with the CA that signed the server certificate, so the broker verifies the server', 'ED-3');
    }
    if (custom.clientCertificateSecret !== undefined && (typeof custom.clientCertificateSecret !== 'string' || !K8S_NAME.test(custom.clientCertificateSecret))) {
      throw err.error('INVALID_PROP', `${path}.clientCertificateSecret`, 'is not a Secret name', custom.clientCertificateSecret, 'Name a kubernetes.io/tls Secret', 'ED-3');
    }
    checkOptOut(err, path, custom);
  }
  if (a.serviceAccountToken) {
    const aud = a.serviceAccountToken.audiences;
    if (!Array.isArray(aud) || aud.length === 0 || aud.some((x) => typeof x !== 'string' || x.trim() === '')) {
      throw err.error('INVALID_PROP', `${at}.serviceAccountToken.audiences`, 'is not a list of audiences', aud,
        'List at least one non-empty audience, e.g. ["plant-apps"]', 'ED-3');
    }
    const i = aud.indexOf(AIO.internalAudience);
    if (i >= 0) {
      throw err.error('RESERVED_NAME', `${at}.serviceAccountToken.audiences[${i}]`, "is AIO's internal audience, which every AIO component holds", aud[i],
        'Use an audience of your own so that only your workloads match', 'ED-3');
    }
  }
  return a;
}

function resolveMethodOrder(err: PropErrors, at: string, a: ListenerAuthentication): AuthenticationMethodName[] {
  const configured = SECURE_BROKER_DEFAULTS.methodOrder.filter((m) =>
    (m === 'x509' && a.x509) || (m === 'serviceAccountToken' && a.serviceAccountToken) || (m === 'custom' && a.allowCustomAuthentication));
  if (a.order === undefined) return [...configured];
  const order = [...a.order];
  const sorted = (xs: readonly string[]) => [...xs].sort().join(',');
  if (!Array.isArray(a.order) || new Set(order).size !== order.length || sorted(order) !== sorted(configured)) {
    throw err.error('INVALID_PROP', `${at}.order`, `does not list each configured method (${configured.join(', ')}) exactly once`, a.order,
      `Give an order of ${configured.map((m) => `"${m}"`).join(', ')}`, 'ED-3');
  }
  return order;
}

function resolveClients(err: PropErrors, clients: readonly MqttClientProps[]): ResolvedClient[] {
  if (!Array.isArray(clients)) {
    throw err.error('INVALID_PROP', 'clients', 'is not a list', clients, 'Give a list of { name, clientIds | usernames | attributes, publish, subscribe }');
  }
  const names = new Map<string, number>();
  return clients.map((c, i) => {
    const at = `clients[${i}]`;
    if (typeof c?.name !== 'string' || c.name.trim() === '') {
      throw err.error('MISSING_PROP', `${at}.name`, 'is missing', c?.name, 'Give every client a name');
    }
    if (names.has(c.name)) {
      throw err.error('DUPLICATE', `${at}.name`, `repeats clients[${names.get(c.name)}].name`, c.name, 'Give each client its own name');
    }
    names.set(c.name, i);
    const clientIds = stringList(err, `${at}.clientIds`, c.clientIds);
    const usernames = stringList(err, `${at}.usernames`, c.usernames);
    const attributes = [...(c.attributes ?? [])];
    attributes.forEach((set, j) => {
      if (!set || typeof set !== 'object' || Object.keys(set).length === 0 || Object.values(set).some((v) => typeof v !== 'string')) {
        throw err.error('INVALID_PROP', `${at}.attributes[${j}]`, 'is not a non-empty map of strings', set, 'Use e.g. { building: "17", role: "sensor" }', 'ED-4');
      }
    });
    if (usernames.length + attributes.length === 0) {
      // The broker ORs principals, and a client picks its own client id: a grant matched by client
      // id could be taken by any authenticated client that claims that id.
      throw err.error('MISSING_PROP', at, clientIds.length ? 'is identified by client ids alone' : 'has no match criteria', c.name,
        'Match the client by usernames (the X.509 certificate CN) or attributes (X.509 authorizationAttributes, SAT annotations); clientIds then restrict the ids it may connect with', 'ED-4');
    }
    const publish = topicList(err, `${at}.publish`, c.publish);
    const subscribe = topicList(err, `${at}.subscribe`, c.subscribe);
    if (clientIds.length === 0) {
      for (const [key, list] of [['publish', publish], ['subscribe', subscribe]] as const) {
        const j = list.findIndex((t) => t.includes('{principal.clientId}'));
        if (j >= 0) {
          throw err.error('INVALID_PROP', `${at}.${key}[${j}]`, 'uses {principal.clientId}, which the client chooses itself, without restricting its client ids', list[j],
            'Use {principal.username} (the certificate CN), or list clientIds so that the client can only connect with its own id', 'ED-4');
        }
      }
    }
    const stateStore = resolveStateStore(err, `${at}.stateStore`, c.stateStore);
    return { name: c.name, clientIds, usernames, attributes, publish, subscribe, ...(stateStore ? { stateStore } : {}) };
  });
}

function resolveStateStore(err: PropErrors, at: string, g: StateStoreGrant | undefined): Required<StateStoreGrant> | undefined {
  if (g === undefined) return undefined;
  const keyType = g.keyType ?? SECURE_BROKER_DEFAULTS.stateStoreKeyType;
  if (!['Pattern', 'String', 'Binary'].includes(keyType)) {
    throw err.error('INVALID_PROP', `${at}.keyType`, 'is not a key type', keyType, 'Use "Pattern", "String" or "Binary"', 'ED-4');
  }
  const r: Required<StateStoreGrant> = {
    keyType,
    read: stringList(err, `${at}.read`, g.read),
    write: stringList(err, `${at}.write`, g.write),
    readWrite: stringList(err, `${at}.readWrite`, g.readWrite),
  };
  if (r.read.length + r.write.length + r.readWrite.length === 0) {
    throw err.error('MISSING_PROP', at, 'grants no key', g, 'List the keys under read, write or readWrite, or remove stateStore', 'ED-4');
  }
  for (const key of ['read', 'write', 'readWrite'] as const) {
    const i = r[key].findIndex((k) => keyType === 'Pattern' && /^\*+$/.test(k));
    if (i >= 0) {
      throw err.error('INVALID_PROP', `${at}.${key}[${i}]`, 'grants every key', r[key][i], 'Grant only the keys the client needs, e.g. "line-1/*"', 'ED-4');
    }
  }
  return r;
}

function stringList(err: PropErrors, at: string, list: readonly string[] | undefined): string[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw err.error('INVALID_PROP', at, 'is not a list', list, 'Give a list of strings');
  list.forEach((s, j) => {
    if (typeof s !== 'string' || s === '') throw err.error('INVALID_PROP', `${at}[${j}]`, 'is not a non-empty string', s, 'Remove it or give a value');
  });
  return [...list];
}

function topicList(err: PropErrors, at: string, list: readonly string[] | undefined): string[] {
  const topics = stringListAllowEmpty(err, at, list);
  topics.forEach((t, j) => {
    const problem = topicFilterProblem(t);
    if (problem) throw err.error('INVALID_PROP', `${at}[${j}]`, `is not a valid MQTT topic filter: it ${problem}`, t, 'Fix the filter, e.g. "plant/line-1/+/telemetry"', 'ED-4');
    if (isEverythingFilter(t)) {
      throw err.error('INVALID_PROP', `${at}[${j}]`, 'grants every topic', t,
        'Grant only the topics the client needs, e.g. "plant/line-1/#"', 'ED-4');
    }
  });
  return topics;
}

function stringListAllowEmpty(err: PropErrors, at: string, list: readonly string[] | undefined): string[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw err.error('INVALID_PROP', at, 'is not a list', list, 'Give a list of topic filters');
  list.forEach((s, j) => {
    if (typeof s !== 'string') throw err.error('INVALID_PROP', `${at}[${j}]`, 'is not a string', s, 'Give a topic filter');
  });
  return [...list];
}

function isIpAddress(ip: string): boolean {
  return isIP(ip) !== 0;
}

/** Logical ids of the resources a `SecureBroker` plans; they are API and never change. */
export const secureBrokerIds = {
  broker: (id: string) => `${id}/broker`,
  listener: (id: string, name: string) => `${id}/listener/${name}`,
  authentication: (id: string, name: string) => `${id}/authentication/${name}`,
  authorization: (id: string) => `${id}/authorization`,
};

/** Plans the Broker, its listeners, their authentications and the generated authorization. */
export function planSecureBroker(r: ResolvedSecureBroker): Resource[] {
  const { group, version } = K8S.mqttBroker;
  const parent = { kind: 'Broker', name: AIO.brokerName, namespace: r.namespace };
  const base = { group, version, namespace: r.namespace };
  const resources: Resource[] = [];

  resources.push({
    ...base,
    id: secureBrokerIds.broker(r.id),
    kind: 'Broker',
    name: AIO.brokerName,
    armType: ARM_TYPES.broker,
    spec: {
      memoryProfile: r.memoryProfile,
      cardinality: {
        frontend: { replicas: r.cardinality.frontendReplicas, workers: r.cardinality.frontendWorkers },
        backendChain: {
          partitions: r.cardinality.backendPartitions,
          redundancyFactor: r.cardinality.backendRedundancyFactor,
          workers: r.cardinality.backendWorkers,
        },
      },
      diagnostics: {
        logs: { level: r.diagnostics.logLevel },
        metrics: { prometheusPort: r.diagnostics.metricsPort },
        selfCheck: { mode: 'Enabled', intervalSeconds: r.diagnostics.selfCheckIntervalSeconds, timeoutSeconds: 15 },
        traces: { mode: 'Enabled', cacheSizeMegabytes: r.diagnostics.traceCacheSizeMegabytes, selfTracing: { mode: 'Enabled', intervalSeconds: 30 }, spanChannelCapacity: 1000 },
      },
      advanced: {
        encryptInternalTraffic: r.allowUnencryptedInternalTraffic ? 'Disabled' : 'Enabled',
        internalCerts: {
          duration: r.internalCertificates.duration,
          renewBefore: r.internalCertificates.renewBefore,
          privateKey: { ...r.privateKey },
        },
      },
      ...(r.persistence
        ? { persistence: { maxSize: r.persistence.maxSize, encryption: { mode: r.persistence.allowUnencrypted ? 'Disabled' : 'Enabled' } } }
        : {}),
    },
    ...(brokerWaivers(r).length ? { waivers: brokerWaivers(r) } : {}),
  });

  for (const l of r.listeners) {
    resources.push({
      ...base,
      id: secureBrokerIds.authentication(r.id, l.name),
      kind: 'BrokerAuthentication',
      name: l.authenticationName,
      parent,
      armType: ARM_TYPES.brokerAuthentication,
      spec: { authenticationMethods: authenticationMethods(l) },
      ...(l.authentication.allowCustomAuthentication
        ? { waivers: [toWaiver('authentication-x509-or-sat', l.authentication.allowCustomAuthentication, `custom authentication by ${l.authentication.allowCustomAuthentication.endpoint}`)] }
        : {}),
    });
  }

  resources.push({
    ...base,
    id: secureBrokerIds.authorization(r.id),
    kind: 'BrokerAuthorization',
    name: r.authorizationName,
    parent,
    armType: ARM_TYPES.brokerAuthorization,
    spec: { authorizationPolicies: { cache: 'Enabled', rules: r.clients.map(authorizationRule) } },
  });

  for (const l of r.listeners) {
    // Each opt-out waives exactly its own port: the plaintext finding and, since every SecureBroker
    // listener is exposed, the exposure finding (which production does not let anyone waive).
    const waivers = l.ports.flatMap((p, i) => (p.allowPlaintext
      ? ['listener-requires-tls', 'exposed-plaintext-listener'].map((rule) => ({ ...toWaiver(rule, p.allowPlaintext!, `port ${p.port}`), path: `/spec/ports/${i}` }))
      : []));
    resources.push({
      ...base,
      id: secureBrokerIds.listener(r.id, l.name),
      kind: 'BrokerListener',
      name: l.name,
      parent,
      armType: ARM_TYPES.brokerListener,
      spec: {
        serviceName: l.serviceName,
        serviceType: l.serviceType,
        ports: l.ports.map((p) => {
          const port: JsonObject = {
            port: p.port,
            protocol: p.protocol,
            authenticationRef: l.authenticationName,
            authorizationRef: r.authorizationName,
          };
          if (p.nodePort !== undefined) port.nodePort = p.nodePort;
          if (!p.allowPlaintext) {
            port.tls = {
              mode: 'Automatic',
              certManagerCertificateSpec: {
                duration: r.certificates.duration,
                renewBefore: r.certificates.renewBefore,
                issuerRef: { group: K8S.certManager.group, kind: r.issuer.kind, name: r.issuer.name },
                privateKey: { ...r.privateKey },
                san: listenerSans(l, r.namespace),
              },
            };
          }
          return port;
        }),
      },
      ...(waivers.length ? { waivers } : {}),
    });
  }
  return resources;
}

function brokerWaivers(r: ResolvedSecureBroker): Waiver[] {
  const waivers: Waiver[] = [];
  if (r.allowUnencryptedInternalTraffic) waivers.push(toWaiver('broker-internal-encryption', r.allowUnencryptedInternalTraffic));
  if (r.persistence?.allowUnencrypted) {
    waivers.push({ ...toWaiver('broker-internal-encryption', r.persistence.allowUnencrypted, 'unencrypted persistence'), path: '/spec/persistence' });
  }
  return waivers;
}

function toWaiver(rule: string, o: OptOut, what?: string): Waiver {
  return { rule, reason: what ? `${what}: ${o.reason}` : o.reason, owner: o.owner, expires: o.expires };
}

function authenticationMethods(l: ResolvedListener): JsonObject[] {
  const a = l.authentication;
  return l.methodOrder.map((m): JsonObject => {
    if (m === 'x509') {
      const settings: JsonObject = { trustedClientCaCert: a.x509!.trustedClientCaConfigMap };
      const attrs = a.x509!.authorizationAttributes;
      if (attrs && Object.keys(attrs).length) {
        settings.authorizationAttributes = Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, { subject: v.subject, attributes: { ...v.attributes } }]));
      }
      return { method: 'X509', x509Settings: settings };
    }
    if (m === 'serviceAccountToken') {
      return { method: 'ServiceAccountToken', serviceAccountTokenSettings: { audiences: [...a.serviceAccountToken!.audiences] } };
    }
    const c = a.allowCustomAuthentication!;
    const settings: JsonObject = { endpoint: c.endpoint, caCertConfigMap: c.caCertConfigMap };
    if (c.clientCertificateSecret) settings.auth = { x509: { secretRef: c.clientCertificateSecret } };
    if (c.headers && Object.keys(c.headers).length) settings.headers = { ...c.headers };
    return { method: 'Custom', customSettings: settings };
  });
}

function authorizationRule(c: ResolvedClient): JsonObject {
  // Principals are identities only (usernames, attributes); client ids restrict Connect.
  const principals: JsonObject = {};
  if (c.usernames.length) principals.usernames = [...c.usernames];
  if (c.attributes.length) principals.attributes = c.attributes.map((a) => ({ ...a }));
  const brokerResources: JsonObject[] = [
    c.clientIds.length ? { method: 'Connect', clientIds: [...c.clientIds] } : { method: 'Connect' },
  ];
  const publish = c.stateStore ? [...c.publish, STATE_STORE_TOPICS.request] : c.publish;
  const subscribe = c.stateStore ? [...c.subscribe, STATE_STORE_TOPICS.response] : c.subscribe;
  if (publish.length) brokerResources.push({ method: 'Publish', topics: [...new Set(publish)] });
  if (subscribe.length) brokerResources.push({ method: 'Subscribe', topics: [...new Set(subscribe)] });
  const rule: JsonObject = { principals, brokerResources };
  if (c.stateStore) {
    const s = c.stateStore;
    rule.stateStoreResources = (['read', 'write', 'readWrite'] as const)
      .filter((k) => s[k].length)
      .map((k) => ({ method: { read: 'Read', write: 'Write', readWrite: 'ReadWrite' }[k], keyType: s.keyType, keys: [...s[k]] }));
  }
  return rule;
}

function listenerSans(l: ResolvedListener, namespace: string): JsonObject {
  const s = l.serviceName;
  const dns = [s, `${s}.${namespace}`, `${s}.${namespace}.svc`, `${s}.${namespace}.svc.cluster.local`, ...l.hostnames];
  // ARM requires both lists (SanForCert: dns and ip are Required); the CRD defaults ip to [].
  return { dns: [...new Set(dns)], ip: [...l.ipAddresses] };
}
