/**
 * OpcUaTrust (CN-6, AS-1): the connector for OPC UA trusts only known servers, and proves who it is
 * with a certificate from Key Vault.
 *
 * What it plans, from a `KeyVaultSecretSync` whose vault holds the certificates and whose identity
 * may read them:
 * - a SecretProviderClass `opc-ua-connector` for the same vault and identity as the sync's own, and
 *   the SecretSyncs `aio-opc-ua-broker-trust-list` (trusted server and CA certificates, CRLs),
 *   `aio-opc-ua-broker-issuer-list` (issuer certificates and their CRLs) and
 *   `aio-opc-ua-broker-client-certificate` (the connector's application instance certificate and
 *   key), all Opaque and run as `aio-ssc-sa`: the names `az iot ops connector opcua trust|issuer|client
 *   add` use (facts 3.6; Azure/azure-iot-ops-cli-extension
 *   `azext_edge/edge/providers/orchestration/resources/connector/opcua/certs.py`). Each key of a
 *   synced Secret is a file name (`line-1-plc.der`, `plant-ca.crl`), as the CLI writes them;
 * - `extensionSettings`: the AIO Arc extension's `connectors.values.securityPki.*` settings
 *   (minimum key size 2048, SHA-1 signatures rejected, and the application certificate, subject and
 *   URI when a client certificate is given), for `ArcRuntimePolicy.extensionSettings`;
 * - Azure Device Registry devices (`Microsoft.DeviceRegistry/namespaces/devices`, ARM 2025-10-01)
 *   whose OPC UA inbound endpoints sign and encrypt, never accept an untrusted server certificate
 *   on their own, reference the trust list, and authenticate with a certificate or a username and
 *   password from synced Secrets. Anonymous only through a named opt-out, in development.
 *
 * The endpoint's `additionalConfiguration` (a JSON string, ADR types) carries
 * `security.securityMode` (`none` | `sign` | `signAndEncrypt`), `security.securityPolicy` (an OPC
 * Foundation policy URI) and `security.autoAcceptUntrustedServerCertificates` (default false), as the
 * AIO CLI's OPC UA endpoint schema defines them (Azure/azure-iot-ops-cli-extension
 * `azext_edge/edge/providers/rpsaas/adr/specs.py`, `NAMESPACE_DEVICE_OPCUA_ENDPOINT_SCHEMA` 1.1.0,
 * and `namespace_devices.py`, endpoint type `Microsoft.OpcUa`).
 *
 * No certificate, key or password is ever part of the props or the plan: only names of Key Vault
 * secrets, Kubernetes Secrets and keys.
 */
import { ARC_EXTENSION_NAMES, type ExtensionSettingsContribution } from './arc-runtime-policy';
import { planAzureResource, referenceAt, referencePlaceholder } from './azure';
import { NO_VALUE, PropErrors } from './errors';
import {
  SECRET_STORE,
  SECRET_SYNC_ARM_TYPES,
  SECRET_SYNC_K8S,
  secretProviderObjects,
  type ResolvedSyncedSecret,
  type SecretSyncOptOut,
} from './key-vault-secret-sync';
import { isJsonObject, type JsonObject, type Resource, type ResourceReference, type Waiver } from './resource';
import { waiverProblem } from './waiver';

const CONSTRUCT = 'OpcUaTrust';

/** Names the connector for OPC UA and the AIO CLI use (facts 3.6). */
export const OPC_UA = {
  secretProviderClassName: 'opc-ua-connector',
  trustListSecret: 'aio-opc-ua-broker-trust-list',
  issuerListSecret: 'aio-opc-ua-broker-issuer-list',
  clientCertificateSecret: 'aio-opc-ua-broker-client-certificate',
  /** ADR inbound endpoint type of the connector for OPC UA (CLI `DeviceEndpointType.OPCUA`). */
  endpointType: 'Microsoft.OpcUa',
  /** Prefix of the AIO extension settings of the connector's PKI (facts 3.6). */
  pkiSettingPrefix: 'connectors.values.securityPki.',
  /** Prefix of OPC UA security policy URIs. */
  securityPolicyPrefix: 'http://opcfoundation.org/UA/SecurityPolicy#',
} as const;

/** The AIO extension settings of the connector's PKI (facts 3.6). */
export const OPC_UA_PKI_SETTINGS = {
  minimumCertificateKeySize: `${OPC_UA.pkiSettingPrefix}minimumCertificateKeySize`,
  rejectSha1SignedCertificates: `${OPC_UA.pkiSettingPrefix}rejectSha1SignedCertificates`,
  rejectUnknownRevocationStatus: `${OPC_UA.pkiSettingPrefix}rejectUnknownRevocationStatus`,
  applicationCert: `${OPC_UA.pkiSettingPrefix}applicationCert`,
  subjectName: `${OPC_UA.pkiSettingPrefix}subjectName`,
  applicationUri: `${OPC_UA.pkiSettingPrefix}applicationUri`,
} as const;

/**
 * Security policies OpcUaTrust accepts: the ones without SHA-1. `Basic128Rsa15` and `Basic256`
 * (SHA-1 signatures) and `None` are refused. Values from the CLI's endpoint schema.
 */
export type OpcUaSecurityPolicy = 'Basic256Sha256' | 'Aes128_Sha256_RsaOaep' | 'Aes256_Sha256_RsaPss';
const POLICIES: readonly OpcUaSecurityPolicy[] = ['Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss'];

/** The only security mode OpcUaTrust writes (the CLI endpoint schema's spelling). */
export const OPC_UA_SECURITY_MODE = 'signAndEncrypt';

/** The rules OpcUaTrust's opt-outs waive. */
export const OPC_UA_RULES = {
  authentication: 'opc-ua-endpoint-authentication',
  pki: 'opc-ua-pki-strict',
} as const;

/** One certificate or CRL file of a list, stored as a Key Vault secret. */
export interface OpcUaFileProps {
  /**
   * The file name, which becomes the key in the Kubernetes Secret (`line-1-plc.der`,
   * `plant-ca.crt`, `plant-ca.crl`).
   */
  readonly file: string;
  /** The Key Vault secret holding the file (its name, never its content). */
  readonly vaultSecret: string;
  /**
   * Which version to sync: 0 is the current one, 1 the one before (to keep an old CA trusted
   * while it is rotated out).
   * @default 0
   */
  readonly version?: number;
}

/** The connector's application instance certificate, from Key Vault. */
export interface OpcUaClientCertificateProps {
  /** The certificate (public part): file name and Key Vault secret, e.g. `{ file: 'aio-opc-ua.der', vaultSecret: 'aio-opc-ua-der' }`. */
  readonly certificate: OpcUaFileProps;
  /** The private key: file name and Key Vault secret, e.g. `{ file: 'aio-opc-ua.pem', vaultSecret: 'aio-opc-ua-pem' }`. */
  readonly privateKey: OpcUaFileProps;
  /** The certificate's subject name, as the OPC UA servers see it (e.g. `CN=aio-opc-ua,O=Contoso`). */
  readonly subjectName: string;
  /** The certificate's application URI (its `subjectAltName` URI), e.g. `urn:contoso:plant-a:aio-opc-ua`. */
  readonly applicationUri: string;
}

/** A key of a synced Kubernetes Secret. */
export interface SyncedSecretKeyRef {
  /** The Kubernetes Secret (declared in the KeyVaultSecretSync, or OpcUaTrust's client certificate Secret). */
  readonly secret: string;
  /** The key in it. */
  readonly key: string;
}

/** How an endpoint signs in to the OPC UA server. */
export type OpcUaAuthenticationProps =
  /** With an X.509 user certificate from a synced Secret. */
  | {
    readonly method: 'Certificate';
    readonly certificate: SyncedSecretKeyRef;
    /** @default - the key is in the certificate's entry (PFX, or PEM with the key) */
    readonly privateKey?: SyncedSecretKeyRef;
    /** @default - none */
    readonly intermediateCertificates?: SyncedSecretKeyRef;
  }
  /** With a username and password from synced Secrets. */
  | { readonly method: 'UsernamePassword'; readonly username: SyncedSecretKeyRef; readonly password: SyncedSecretKeyRef }
  /**
   * Opt-out: anonymous. Only with `profile: 'development'`; becomes a waiver of rule
   * `opc-ua-endpoint-authentication`, which no waiver silences in production.
   */
  | { readonly method: 'Anonymous'; readonly optOut: SecretSyncOptOut };

/** One OPC UA server endpoint of a device. */
export interface OpcUaEndpointProps {
  /** Name of the endpoint in the device's `endpoints.inbound` map. */
  readonly name: string;
  /** The server's address, `opc.tcp://<host>:<port>[/<path>]`. */
  readonly address: string;
  /** How the connector signs in. */
  readonly authentication: OpcUaAuthenticationProps;
  /**
   * The security policy (the message security mode is always SignAndEncrypt).
   * @default 'Basic256Sha256'
   */
  readonly securityPolicy?: OpcUaSecurityPolicy;
}

/** An Azure Device Registry device with OPC UA endpoints. */
export interface OpcUaDeviceProps {
  /** Device name (3-63 letters, digits and `-`, starting with a letter or digit). */
  readonly name: string;
  /** Its OPC UA endpoints. At least one. */
  readonly endpoints: readonly OpcUaEndpointProps[];
  /** @default - not recorded */
  readonly manufacturer?: string;
  /** @default - not recorded */
  readonly model?: string;
}

/** The connector's PKI settings on the AIO extension. */
export interface OpcUaPkiProps {
  /**
   * Smallest RSA key (bits) the connector accepts in a server or issuer certificate.
   * Below 2048 needs `allowWeakKeySize`.
   * @default 2048
   */
  readonly minimumCertificateKeySize?: number;
  /**
   * Reject certificates signed with SHA-1. `false` needs `allowSha1Signatures`.
   * @default true
   */
  readonly rejectSha1SignedCertificates?: boolean;
  /**
   * Reject certificates whose revocation status is unknown (no CRL for their issuer).
   * @default - not set (the connector's default, false)
   */
  readonly rejectUnknownRevocationStatus?: boolean;
  /** Opt-out: a minimum key size below 2048. Becomes a waiver of `opc-ua-pki-strict`. @default - not set */
  readonly allowWeakKeySize?: SecretSyncOptOut;
  /** Opt-out: accept SHA-1 signatures. Becomes a waiver of `opc-ua-pki-strict`. @default - not set */
  readonly allowSha1Signatures?: SecretSyncOptOut;
}

/** What OpcUaTrust needs of a KeyVaultSecretSync: its plan and its Secrets (both backends' constructs have them). */
export interface SecretSyncSource {
  /** The sync's planned resources (its SecretProviderClass names the vault and the identity). */
  readonly resources: readonly Resource[];
  /** The Secrets it syncs, which endpoints may take credentials from. */
  readonly secrets: readonly ResolvedSyncedSecret[];
}

/** Props of `OpcUaTrust`. */
export interface OpcUaTrustProps {
  /** The KeyVaultSecretSync whose vault holds the certificates and whose identity reads them. */
  readonly secretSync: SecretSyncSource;
  /** Trusted server certificates, CA certificates and their CRLs (`.der`, `.crt`, `.crl`). At least one. */
  readonly trustList: readonly OpcUaFileProps[];
  /**
   * Issuer (intermediate and CA) certificates and their CRLs (`.der`, `.crt`, `.crl`); a CRL needs the
   * certificate of the same base name.
   * @default [] (no issuer list is synced)
   */
  readonly issuerList?: readonly OpcUaFileProps[];
  /**
   * The connector's own certificate from your CA.
   * @default - none: the connector keeps its self-signed default certificate
   */
  readonly clientCertificate?: OpcUaClientCertificateProps;
  /**
   * PKI settings.
   * @default { minimumCertificateKeySize: 2048, rejectSha1SignedCertificates: true }
   */
  readonly pki?: OpcUaPkiProps;
  /**
   * Azure Device Registry namespace the devices belong to (required with devices).
   * @default - none
   */
  readonly deviceRegistryNamespace?: string;
  /**
   * Devices with OPC UA endpoints.
   * @default []
   */
  readonly devices?: readonly OpcUaDeviceProps[];
  /**
   * Azure region of the devices (ADR requires one).
   * @default - the deployment's `location` parameter (the resource group's location)
   */
  readonly location?: string;
  /**
   * `development` allows anonymous endpoints through their opt-out; `production` refuses them.
   * @default 'production'
   */
  readonly profile?: 'development' | 'production';
}

/** A synced file after validation. */
export interface ResolvedOpcUaFile {
  readonly file: string;
  readonly vaultSecret: string;
  readonly version: number;
}

/** An endpoint after validation. */
export interface ResolvedOpcUaEndpoint {
  readonly name: string;
  readonly address: string;
  readonly authentication: JsonObject;
  readonly securityPolicy: OpcUaSecurityPolicy;
  readonly anonymousOptOut?: SecretSyncOptOut;
}

/** `OpcUaTrustProps` after validation, every default applied. */
export interface ResolvedOpcUaTrust {
  readonly id: string;
  readonly profile: 'development' | 'production';
  /** The sync's SecretProviderClass, which the OPC UA one copies (vault, identity, form). */
  readonly baseSecretProviderClass: Resource;
  readonly namespace?: string;
  readonly serviceAccountName: string;
  readonly secrets: readonly ResolvedSyncedSecret[];
  readonly clientCertificate?: { readonly subjectName: string; readonly applicationUri: string };
  readonly pki: {
    readonly minimumCertificateKeySize: number;
    readonly rejectSha1SignedCertificates: boolean;
    readonly rejectUnknownRevocationStatus?: boolean;
    readonly allowWeakKeySize?: SecretSyncOptOut;
    readonly allowSha1Signatures?: SecretSyncOptOut;
  };
  readonly deviceRegistryNamespace?: string;
  readonly location?: string;
  readonly devices: readonly { readonly name: string; readonly manufacturer?: string; readonly model?: string; readonly endpoints: readonly ResolvedOpcUaEndpoint[] }[];
}

/** Every default of `OpcUaTrust`, in one place. */
export const OPC_UA_TRUST_DEFAULTS = {
  minimumCertificateKeySize: 2048,
  rejectSha1SignedCertificates: true,
  securityPolicy: 'Basic256Sha256' as OpcUaSecurityPolicy,
  profile: 'production' as const,
} as const;

/** Logical ids of the planned resources; they are API and never change. */
export const opcUaTrustIds = {
  secretProviderClass: (id: string) => `${id}/secret-provider-class`,
  secretSync: (id: string, secret: string) => `${id}/secret-sync/${secret}`,
  device: (id: string, device: string) => `${id}/device/${device}`,
};

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const VAULT_SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;
/** Secret keys (and SecretSync target keys): letters, digits, `-`, `_`, `.`. */
const FILE_NAME = /^[A-Za-z0-9]([-._A-Za-z0-9]{0,251}[A-Za-z0-9])?$/;
const LIST_FILE = /\.(der|crt|crl)$/i;
/** ADR device names (types.md, 2025-10-01). */
const DEVICE_NAME = /^[0-9a-zA-Z][a-zA-Z0-9-]{2,62}$/;
/** ADR namespace names (types.md, 2025-10-01). */
const NAMESPACE_NAME = /^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/;
const OPC_TCP = /^opc\.tcp:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/\S*)?$/;
const MAX_VERSION = 10;
const WEAKEST_KEY_SIZE = 1024;

function checkOptOut(err: PropErrors, path: string, o: SecretSyncOptOut): void {
  if (!o || typeof o !== 'object') throw err.error('INVALID_WAIVER', path, 'is not an opt-out', o, 'Give { reason, owner, expires }');
  const problem = waiverProblem(o);
  if (problem) {
    const [field, what, fix] = problem;
    throw err.error('INVALID_WAIVER', `${path}.${field}`, what, (o as unknown as Record<string, unknown>)[field], fix);
  }
}

/** The SecretProviderClass a sync planned, in either form. */
function secretProviderClassOf(err: PropErrors, sync: SecretSyncSource | undefined): Resource {
  if (!sync || typeof sync !== 'object' || !Array.isArray(sync.resources) || !Array.isArray(sync.secrets)) {
    throw err.error('MISSING_PROP', 'secretSync', 'is missing', sync === undefined ? NO_VALUE : sync,
      'Pass the KeyVaultSecretSync whose vault holds the OPC UA certificates', 'AS-1');
  }
  const spcs = sync.resources.filter((r) =>
    (r.group === SECRET_SYNC_K8S.secretProviderClass.group && r.kind === SECRET_SYNC_K8S.secretProviderClass.kind)
    || r.armType === SECRET_SYNC_ARM_TYPES.secretProviderClass);
  if (spcs.length !== 1) {
    throw err.error('INVALID_PROP', 'secretSync', `plans ${spcs.length} SecretProviderClasses`, NO_VALUE, 'Pass a KeyVaultSecretSync (it plans exactly one)');
  }
  return spcs[0];
}

function resolveFiles(err: PropErrors, path: string, files: readonly OpcUaFileProps[] | undefined, kind: 'list' | 'client'): ResolvedOpcUaFile[] {
  if (!Array.isArray(files)) throw err.error('INVALID_PROP', path, 'is not a list', files, 'Give [{ file, vaultSecret }]');
  const seen = new Set<string>();
  return files.map((f, i) => {
    const at = `${path}[${i}]`;
    if (!f || typeof f !== 'object') throw err.error('INVALID_PROP', at, 'is not a file', f, 'Give { file, vaultSecret }');
    if (typeof f.file !== 'string' || !FILE_NAME.test(f.file)) {
      throw err.error('INVALID_PROP', `${at}.file`, 'is not a valid file name', f.file, 'Use letters, digits, "-", "_" and ".", e.g. "line-1-plc.der"');
    }
    if (kind === 'list' && !LIST_FILE.test(f.file)) {
      throw err.error('INVALID_PROP', `${at}.file`, 'is not a certificate or CRL file', f.file, 'Name it <name>.der or <name>.crt (certificates) or <name>.crl (revocation lists), as the connector reads them', 'CN-6');
    }
    if (seen.has(f.file)) throw err.error('DUPLICATE', `${at}.file`, 'is listed twice', f.file, 'List each file once');
    seen.add(f.file);
    if (typeof f.vaultSecret !== 'string' || !VAULT_SECRET_NAME.test(f.vaultSecret)) {
      throw err.error('INVALID_PROP', `${at}.vaultSecret`, 'is not a Key Vault secret name', f.vaultSecret,
        'Use 1-127 letters, digits and "-", the name under which the file is stored in Key Vault (never the file itself)', 'AS-1');
    }
    const version = f.version ?? 0;
    if (!Number.isInteger(version) || version < 0 || version > MAX_VERSION) {
      throw err.error('INVALID_PROP', `${at}.version`, `is not a whole number from 0 to ${MAX_VERSION}`, version, 'Use 0 for the current version, 1 for the one before');
    }
    return { file: f.file, vaultSecret: f.vaultSecret, version };
  });
}

function syncedSecret(name: string, files: readonly ResolvedOpcUaFile[]): ResolvedSyncedSecret {
  return {
    name,
    type: 'Opaque',
    data: files.map((f) => ({ key: f.file, vaultSecret: f.vaultSecret, version: f.version, sourcePath: f.version === 0 ? f.vaultSecret : `${f.vaultSecret}/${f.version}` })),
  };
}

/**
 * Validates `OpcUaTrust` props and applies every default. Throws `AioSecureError` naming the prop
 * path, the value and the fix.
 */
export function resolveOpcUaTrust(id: string, props: OpcUaTrustProps): ResolvedOpcUaTrust {
  const err = new PropErrors(CONSTRUCT, id);
  if (typeof id !== 'string' || !DNS_LABEL.test(id) || id.length > 40) {
    throw err.error('INVALID_PROP', 'id', 'is not a DNS-1123 label of at most 40 characters', id, 'Use lower-case letters, digits and "-", e.g. "plant-a-opc-ua"');
  }
  if (!props || typeof props !== 'object') {
    throw err.error('MISSING_PROP', 'props', 'are missing', props, 'Pass at least { secretSync, trustList: [{ file, vaultSecret }] }');
  }
  const base = secretProviderClassOf(err, props.secretSync);
  const profile = props.profile ?? OPC_UA_TRUST_DEFAULTS.profile;
  if (profile !== 'development' && profile !== 'production') {
    throw err.error('INVALID_PROP', 'profile', 'is not a profile', profile, 'Use "production" or "development"');
  }

  if (!Array.isArray(props.trustList) || props.trustList.length === 0) {
    throw err.error('MISSING_PROP', 'trustList', 'is empty', props.trustList,
      'List the OPC UA servers\' certificates (or their CA\'s) the connector may trust, e.g. [{ file: "line-1-plc.der", vaultSecret: "line-1-plc-der" }]', 'CN-6');
  }
  const trust = resolveFiles(err, 'trustList', props.trustList, 'list');
  const issuers = resolveFiles(err, 'issuerList', props.issuerList ?? [], 'list');
  issuers.forEach((f, i) => {
    if (!/\.crl$/i.test(f.file)) return;
    const stem = f.file.replace(/\.crl$/i, '');
    if (!issuers.some((c) => c.file === `${stem}.der` || c.file === `${stem}.crt`)) {
      throw err.error('MISSING_PROP', `issuerList[${i}].file`, 'is a CRL without its issuer certificate', f.file, `Add ${stem}.der or ${stem}.crt to the issuer list`, 'AS-2');
    }
  });

  const secrets: ResolvedSyncedSecret[] = [syncedSecret(OPC_UA.trustListSecret, trust)];
  if (issuers.length) secrets.push(syncedSecret(OPC_UA.issuerListSecret, issuers));
  let clientCertificate: ResolvedOpcUaTrust['clientCertificate'];
  const c = props.clientCertificate;
  if (c !== undefined) {
    if (!c || typeof c !== 'object') throw err.error('INVALID_PROP', 'clientCertificate', 'is not a client certificate', c, 'Give { certificate, privateKey, subjectName, applicationUri }');
    const [cert, key] = resolveFiles(err, 'clientCertificate', [c.certificate, c.privateKey], 'client');
    if (typeof c.subjectName !== 'string' || c.subjectName.trim() === '' || /[\r\n]/.test(c.subjectName)) {
      throw err.error('INVALID_PROP', 'clientCertificate.subjectName', 'is not a subject name', c.subjectName, 'Give the certificate\'s subject, e.g. "CN=aio-opc-ua,O=Contoso"');
    }
    if (typeof c.applicationUri !== 'string' || !/^[a-z][a-z0-9+.-]*:\S+$/i.test(c.applicationUri)) {
      throw err.error('INVALID_PROP', 'clientCertificate.applicationUri', 'is not a URI', c.applicationUri, 'Give the URI in the certificate\'s subjectAltName, e.g. "urn:contoso:plant-a:aio-opc-ua"');
    }
    secrets.push(syncedSecret(OPC_UA.clientCertificateSecret, [cert, key]));
    clientCertificate = { subjectName: c.subjectName, applicationUri: c.applicationUri };
  }

  const pki = resolvePki(err, props.pki ?? {});

  const devicesIn = props.devices ?? [];
  if (!Array.isArray(devicesIn)) throw err.error('INVALID_PROP', 'devices', 'is not a list', devicesIn, 'Give [{ name, endpoints: [...] }]');
  const ns = props.deviceRegistryNamespace;
  if (devicesIn.length && (typeof ns !== 'string' || !NAMESPACE_NAME.test(ns))) {
    throw err.error(ns === undefined ? 'MISSING_PROP' : 'INVALID_PROP', 'deviceRegistryNamespace', ns === undefined ? 'is missing' : 'is not a Device Registry namespace name', ns === undefined ? NO_VALUE : ns,
      'Give the name of the Azure Device Registry namespace of the AIO instance (3-64 lower-case letters, digits and "-")');
  }
  if (props.location !== undefined && (typeof props.location !== 'string' || !/^[a-z0-9]+$/.test(props.location))) {
    throw err.error('INVALID_PROP', 'location', 'is not an Azure region name', props.location, 'Use e.g. "westeurope", or leave it out for the resource group\'s location');
  }
  const available = [...props.secretSync.secrets, ...secrets.filter((s) => s.name === OPC_UA.clientCertificateSecret)];
  const deviceNames = new Set<string>();
  const devices = devicesIn.map((d, i) => {
    const at = `devices[${i}]`;
    if (!d || typeof d !== 'object') throw err.error('INVALID_PROP', at, 'is not a device', d, 'Give { name, endpoints: [...] }');
    if (typeof d.name !== 'string' || !DEVICE_NAME.test(d.name)) {
      throw err.error('INVALID_PROP', `${at}.name`, 'is not a valid device name', d.name, 'Use 3-63 letters, digits and "-", starting with a letter or digit, e.g. "line-1-plc"');
    }
    if (deviceNames.has(d.name)) throw err.error('DUPLICATE', `${at}.name`, 'is declared twice', d.name, 'Give each device one declaration with all its endpoints');
    deviceNames.add(d.name);
    for (const f of ['manufacturer', 'model'] as const) {
      if (d[f] !== undefined && typeof d[f] !== 'string') throw err.error('INVALID_PROP', `${at}.${f}`, 'is not a string', d[f], 'Give text, or leave it out');
    }
    if (!Array.isArray(d.endpoints) || d.endpoints.length === 0) {
      throw err.error('MISSING_PROP', `${at}.endpoints`, 'is empty', d.endpoints, 'Give at least one { name, address: "opc.tcp://<host>:<port>", authentication }');
    }
    const endpointNames = new Set<string>();
    const endpoints = (d.endpoints as readonly OpcUaEndpointProps[]).map((e, j) => resolveEndpoint(err, `${at}.endpoints[${j}]`, e, endpointNames, available, profile));
    return { name: d.name, ...(d.manufacturer !== undefined ? { manufacturer: d.manufacturer } : {}), ...(d.model !== undefined ? { model: d.model } : {}), endpoints };
  });

  const namespace = base.namespace;
  return {
    id,
    profile,
    baseSecretProviderClass: base,
    ...(namespace !== undefined ? { namespace } : {}),
    serviceAccountName: SECRET_STORE.serviceAccountName,
    secrets,
    ...(clientCertificate ? { clientCertificate } : {}),
    pki,
    ...(devices.length ? { deviceRegistryNamespace: ns } : {}),
    ...(props.location !== undefined ? { location: props.location } : {}),
    devices,
  };
}

function resolvePki(err: PropErrors, p: OpcUaPkiProps): ResolvedOpcUaTrust['pki'] {
  if (!p || typeof p !== 'object') throw err.error('INVALID_PROP', 'pki', 'is not a settings object', p, 'Give e.g. { minimumCertificateKeySize: 3072 }');
  const size = p.minimumCertificateKeySize ?? OPC_UA_TRUST_DEFAULTS.minimumCertificateKeySize;
  if (!Number.isInteger(size) || size < WEAKEST_KEY_SIZE || size > 16384) {
    throw err.error('INVALID_PROP', 'pki.minimumCertificateKeySize', `is not a whole number of bits from ${WEAKEST_KEY_SIZE} to 16384`, size, 'Keep 2048, or use 3072 or 4096', 'CN-6');
  }
  if (p.allowWeakKeySize !== undefined) checkOptOut(err, 'pki.allowWeakKeySize', p.allowWeakKeySize);
  if (size < OPC_UA_TRUST_DEFAULTS.minimumCertificateKeySize && p.allowWeakKeySize === undefined) {
    throw err.error('INSECURE_WITHOUT_OPT_OUT', 'pki.minimumCertificateKeySize', 'is below 2048 bits', size,
      'Keep 2048 or more, or set pki.allowWeakKeySize: { reason, owner, expires } for a server that cannot be upgraded yet', 'CN-6');
  }
  const rejectSha1 = p.rejectSha1SignedCertificates ?? OPC_UA_TRUST_DEFAULTS.rejectSha1SignedCertificates;
  if (typeof rejectSha1 !== 'boolean') throw err.error('INVALID_PROP', 'pki.rejectSha1SignedCertificates', 'is not a boolean', rejectSha1, 'Leave it out (true)');
  if (p.allowSha1Signatures !== undefined) checkOptOut(err, 'pki.allowSha1Signatures', p.allowSha1Signatures);
  if (!rejectSha1 && p.allowSha1Signatures === undefined) {
    throw err.error('INSECURE_WITHOUT_OPT_OUT', 'pki.rejectSha1SignedCertificates', 'accepts SHA-1 signed certificates', rejectSha1,
      'Leave it out (true), or set pki.allowSha1Signatures: { reason, owner, expires } for a server whose certificate cannot be reissued yet', 'CN-6');
  }
  if (p.rejectUnknownRevocationStatus !== undefined && typeof p.rejectUnknownRevocationStatus !== 'boolean') {
    throw err.error('INVALID_PROP', 'pki.rejectUnknownRevocationStatus', 'is not a boolean', p.rejectUnknownRevocationStatus, 'Give true or false, or leave it out');
  }
  return {
    minimumCertificateKeySize: size,
    rejectSha1SignedCertificates: rejectSha1,
    ...(p.rejectUnknownRevocationStatus !== undefined ? { rejectUnknownRevocationStatus: p.rejectUnknownRevocationStatus } : {}),
    ...(size < OPC_UA_TRUST_DEFAULTS.minimumCertificateKeySize ? { allowWeakKeySize: p.allowWeakKeySize } : {}),
    ...(!rejectSha1 ? { allowSha1Signatures: p.allowSha1Signatures } : {}),
  };
}

function secretRef(err: PropErrors, path: string, ref: SyncedSecretKeyRef | undefined, available: readonly ResolvedSyncedSecret[]): string {
  if (!ref || typeof ref !== 'object' || typeof ref.secret !== 'string' || typeof ref.key !== 'string') {
    throw err.error('INVALID_PROP', path, 'is not a synced Secret key', ref, 'Give { secret, key } of a Secret the KeyVaultSecretSync declares');
  }
  const s = available.find((x) => x.name === ref.secret);
  if (!s) {
    throw err.error('INVALID_PROP', `${path}.secret`, 'is not synced from Key Vault', ref.secret,
      `Declare it in the KeyVaultSecretSync's secrets (synced: ${available.map((x) => x.name).join(', ') || 'none'})`, 'AS-1');
  }
  if (!s.data.some((k) => k.key === ref.key)) {
    throw err.error('INVALID_PROP', `${path}.key`, `is not a key of the synced Secret "${s.name}"`, ref.key, `Use one of: ${s.data.map((k) => k.key).join(', ')}`, 'AS-1');
  }
  // ADR credential references name the Secret and the key as `<secret>/<key>` (see docs/constructs/opc-ua-trust.md).
  return `${ref.secret}/${ref.key}`;
}

function resolveEndpoint(
  err: PropErrors, at: string, e: OpcUaEndpointProps, names: Set<string>, available: readonly ResolvedSyncedSecret[], profile: 'development' | 'production',
): ResolvedOpcUaEndpoint {
  if (!e || typeof e !== 'object') throw err.error('INVALID_PROP', at, 'is not an endpoint', e, 'Give { name, address, authentication }');
  if (typeof e.name !== 'string' || !DNS_LABEL.test(e.name) || e.name.length > 63) {
    throw err.error('INVALID_PROP', `${at}.name`, 'is not a valid endpoint name', e.name, 'Use lower-case letters, digits and "-", e.g. "opc-ua"');
  }
  if (names.has(e.name)) throw err.error('DUPLICATE', `${at}.name`, 'is used twice in this device', e.name, 'Give each endpoint of a device its own name');
  names.add(e.name);
  if (typeof e.address !== 'string' || !OPC_TCP.test(e.address)) {
    throw err.error('INVALID_PROP', `${at}.address`, 'is not an OPC UA address', e.address, 'Use opc.tcp://<host>:<port>[/<path>], e.g. "opc.tcp://line-1-plc.plant-a.example:4840"');
  }
  const policy = e.securityPolicy ?? OPC_UA_TRUST_DEFAULTS.securityPolicy;
  if (!POLICIES.includes(policy)) {
    throw err.error('INVALID_PROP', `${at}.securityPolicy`, 'is not a security policy without SHA-1', policy, `Use one of: ${POLICIES.join(', ')}`, 'CN-6');
  }
  const a = e.authentication;
  if (!a || typeof a !== 'object') {
    throw err.error('MISSING_PROP', `${at}.authentication`, 'is missing', a === undefined ? NO_VALUE : a,
      'Give { method: "Certificate", certificate: { secret, key } } or { method: "UsernamePassword", username: { secret, key }, password: { secret, key } }', 'CN-6');
  }
  let authentication: JsonObject;
  let anonymousOptOut: SecretSyncOptOut | undefined;
  switch (a.method) {
    case 'Certificate':
      authentication = {
        method: 'Certificate',
        x509Credentials: {
          certificateSecretName: secretRef(err, `${at}.authentication.certificate`, a.certificate, available),
          ...(a.privateKey !== undefined ? { keySecretName: secretRef(err, `${at}.authentication.privateKey`, a.privateKey, available) } : {}),
          ...(a.intermediateCertificates !== undefined
            ? { intermediateCertificatesSecretName: secretRef(err, `${at}.authentication.intermediateCertificates`, a.intermediateCertificates, available) } : {}),
        },
      };
      break;
    case 'UsernamePassword':
      authentication = {
        method: 'UsernamePassword',
        usernamePasswordCredentials: {
          usernameSecretName: secretRef(err, `${at}.authentication.username`, a.username, available),
          passwordSecretName: secretRef(err, `${at}.authentication.password`, a.password, available),
        },
      };
      break;
    case 'Anonymous':
      if (a.optOut === undefined) {
        throw err.error('INSECURE_WITHOUT_OPT_OUT', `${at}.authentication.method`, 'is Anonymous without an opt-out', a.method,
          'Use a certificate or a username and password from Key Vault, or, in development only, give optOut: { reason, owner, expires }', 'CN-6');
      }
      checkOptOut(err, `${at}.authentication.optOut`, a.optOut);
      if (profile !== 'development') {
        throw err.error('INSECURE_WITHOUT_OPT_OUT', `${at}.authentication.method`, 'is Anonymous in the production profile', a.method,
          'Use a certificate or a username and password from Key Vault; anonymous endpoints are for profile: "development" only', 'CN-6');
      }
      authentication = { method: 'Anonymous' };
      anonymousOptOut = a.optOut;
      break;
    default:
      throw err.error('INVALID_PROP', `${at}.authentication.method`, 'is not an authentication method', (a as { method?: unknown }).method, 'Use "Certificate" or "UsernamePassword"', 'CN-6');
  }
  return { name: e.name, address: e.address, authentication, securityPolicy: policy, ...(anonymousOptOut ? { anonymousOptOut } : {}) };
}

/** The `additionalConfiguration` JSON string of an OPC UA endpoint: SignAndEncrypt, no auto-accept. */
export function opcUaEndpointConfiguration(policy: OpcUaSecurityPolicy): string {
  return JSON.stringify({
    security: {
      securityMode: OPC_UA_SECURITY_MODE,
      securityPolicy: `${OPC_UA.securityPolicyPrefix}${policy}`,
      autoAcceptUntrustedServerCertificates: false,
    },
  });
}

/** A JSON pointer segment. */
export function pointerSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The AIO extension settings of the connector's PKI, for `ArcRuntimePolicy.extensionSettings`. */
export function opcUaExtensionSettings(r: ResolvedOpcUaTrust): ExtensionSettingsContribution {
  const s = OPC_UA_PKI_SETTINGS;
  const settings: Record<string, string> = {
    [s.minimumCertificateKeySize]: String(r.pki.minimumCertificateKeySize),
    [s.rejectSha1SignedCertificates]: String(r.pki.rejectSha1SignedCertificates),
  };
  if (r.pki.rejectUnknownRevocationStatus !== undefined) settings[s.rejectUnknownRevocationStatus] = String(r.pki.rejectUnknownRevocationStatus);
  if (r.clientCertificate) {
    // What `az iot ops connector opcua client add` sets (facts 3.6; certs.py `_update_client_secret_to_extension`).
    settings[s.applicationCert] = OPC_UA.clientCertificateSecret;
    settings[s.subjectName] = r.clientCertificate.subjectName;
    settings[s.applicationUri] = r.clientCertificate.applicationUri;
  }
  return { source: `${CONSTRUCT} "${r.id}"`, settings };
}

/**
 * The waivers of the PKI opt-outs, for the check of the AIO extension that ArcRuntimePolicy plans
 * (pass them with the deployment's waivers: the extension is not OpcUaTrust's resource).
 */
export function opcUaExtensionWaivers(r: ResolvedOpcUaTrust): Waiver[] {
  const target = `extensions/${ARC_EXTENSION_NAMES.iotOperations}`;
  const path = '/spec/properties/configurationSettings';
  const out: Waiver[] = [];
  const w = (prop: string, o: SecretSyncOptOut): Waiver => ({ rule: OPC_UA_RULES.pki, target, path, reason: `pki.${prop}: ${o.reason}`, owner: o.owner, expires: o.expires });
  if (r.pki.allowWeakKeySize) out.push(w('allowWeakKeySize', r.pki.allowWeakKeySize));
  if (r.pki.allowSha1Signatures) out.push(w('allowSha1Signatures', r.pki.allowSha1Signatures));
  return out;
}

/** Plans the OPC UA SecretProviderClass, its SecretSyncs and the devices. */
export function planOpcUaTrust(r: ResolvedOpcUaTrust): Resource[] {
  const out: Resource[] = [];
  const base = r.baseSecretProviderClass;
  const history = new Map<string, number>();
  for (const s of r.secrets) for (const k of s.data) history.set(k.vaultSecret, Math.max(history.get(k.vaultSecret) ?? 1, k.version + 1));
  const objects = secretProviderObjects([...history.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, versionHistory]) => ({ name, versionHistory })));
  const arm = base.armType === SECRET_SYNC_ARM_TYPES.secretProviderClass;

  if (arm) {
    // The same vault, identity, tenant and custom location as the sync's own SecretProviderClass.
    const properties = isJsonObject(base.spec.properties) ? base.spec.properties : {};
    out.push(planAzureResource({
      id: opcUaTrustIds.secretProviderClass(r.id),
      armType: SECRET_SYNC_ARM_TYPES.secretProviderClass,
      name: OPC_UA.secretProviderClassName,
      spec: { ...base.spec, properties: { ...properties, objects } },
      references: base.references,
    }));
    const customLocation = base.references?.filter((x) => x.pointer === '/spec/extendedLocation/name') ?? [];
    const located: JsonObject = base.spec.location !== undefined ? { location: base.spec.location } : {};
    for (const s of r.secrets) {
      out.push(planAzureResource({
        id: opcUaTrustIds.secretSync(r.id, s.name),
        armType: SECRET_SYNC_ARM_TYPES.secretSync,
        name: s.name,
        spec: {
          ...located,
          extendedLocation: base.spec.extendedLocation!,
          properties: {
            secretProviderClassName: OPC_UA.secretProviderClassName,
            serviceAccountName: r.serviceAccountName,
            kubernetesSecretType: s.type,
            objectSecretMapping: s.data.map((k) => ({ sourcePath: k.sourcePath, targetKey: k.key })),
          },
        },
        references: customLocation,
      }));
    }
  } else {
    const parameters = isJsonObject(base.spec.parameters) ? base.spec.parameters : {};
    out.push({
      id: opcUaTrustIds.secretProviderClass(r.id),
      group: base.group,
      version: base.version,
      kind: base.kind,
      name: OPC_UA.secretProviderClassName,
      ...(r.namespace !== undefined ? { namespace: r.namespace } : {}),
      spec: { ...base.spec, parameters: { ...parameters, objects } },
    });
    const sync = SECRET_SYNC_K8S.secretSync;
    for (const s of r.secrets) {
      out.push({
        id: opcUaTrustIds.secretSync(r.id, s.name),
        group: sync.group,
        version: sync.version,
        kind: sync.kind,
        name: s.name,
        ...(r.namespace !== undefined ? { namespace: r.namespace } : {}),
        spec: {
          serviceAccountName: r.serviceAccountName,
          secretProviderClassName: OPC_UA.secretProviderClassName,
          secretObject: { type: s.type, data: s.data.map((k) => ({ sourcePath: k.sourcePath, targetKey: k.key })) },
        },
      });
    }
  }

  const customLocationRef: ResourceReference = {
    pointer: '/spec/extendedLocation/name', parameter: SECRET_STORE.customLocationParameter, description: 'Resource id of the AIO instance\'s custom location',
  };
  for (const d of r.devices) {
    const inbound: JsonObject = {};
    const waivers: Waiver[] = [];
    for (const e of d.endpoints) {
      inbound[e.name] = {
        address: e.address,
        endpointType: OPC_UA.endpointType,
        authentication: e.authentication,
        trustSettings: { trustList: OPC_UA.trustListSecret },
        additionalConfiguration: opcUaEndpointConfiguration(e.securityPolicy),
      };
      if (e.anonymousOptOut) {
        waivers.push({
          rule: OPC_UA_RULES.authentication,
          path: `/spec/properties/endpoints/inbound/${pointerSegment(e.name)}/authentication`,
          reason: `endpoints "${e.name}" authentication.optOut: ${e.anonymousOptOut.reason}`,
          owner: e.anonymousOptOut.owner,
          expires: e.anonymousOptOut.expires,
        });
      }
    }
    out.push(planAzureResource({
      id: opcUaTrustIds.device(r.id, d.name),
      armType: 'Microsoft.DeviceRegistry/namespaces/devices',
      name: d.name,
      parentName: r.deviceRegistryNamespace!,
      spec: {
        ...(r.location !== undefined ? { location: r.location } : {}),
        extendedLocation: { name: referencePlaceholder({ parameter: SECRET_STORE.customLocationParameter }), type: 'CustomLocation' },
        properties: {
          enabled: true,
          ...(d.manufacturer !== undefined ? { manufacturer: d.manufacturer } : {}),
          ...(d.model !== undefined ? { model: d.model } : {}),
          endpoints: { inbound },
        },
      },
      references: [customLocationRef],
      waivers,
    }));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading devices back (for the CN-6 rules): Azure Device Registry devices in their ARM form
// (`Microsoft.DeviceRegistry/namespaces/devices`, endpoints under `spec.properties`) and their
// custom resource form (`namespaces.deviceregistry.microsoft.com/v1` Device, endpoints under
// `spec`). The helpers throw where a rule cannot decide, which the engine reports as unknown.
// ---------------------------------------------------------------------------------------------

/** The ARM form of a device. */
export const ARM_DEVICE = { group: 'Microsoft.DeviceRegistry', kind: 'devices' } as const;
/** The custom resource form of a device. */
export const DEVICE_CR = { group: 'namespaces.deviceregistry.microsoft.com', kind: 'Device' } as const;
/** Both forms. */
export const DEVICES: readonly { readonly group: string; readonly kind: string }[] = [ARM_DEVICE, DEVICE_CR];

/** One OPC UA inbound endpoint of a device. */
export interface OpcUaEndpoint {
  readonly name: string;
  readonly endpoint: JsonObject;
  /** JSON pointer of the endpoint in the resource. */
  readonly path: string;
}

/**
 * The OPC UA inbound endpoints of a device (endpoint type `Microsoft.OpcUa`, any case). Throws
 * (unknown) when the endpoints cannot be read.
 */
export function opcUaEndpoints(device: Resource): OpcUaEndpoint[] {
  const arm = device.group === ARM_DEVICE.group && device.kind === ARM_DEVICE.kind;
  const base = arm ? '/spec/properties' : '/spec';
  const body = arm ? device.spec.properties : device.spec;
  if (body === undefined || body === null) return [];
  if (!isJsonObject(body)) throw new Error(`${base.slice(1).replace(/\//g, '.')} is not an object`);
  const endpoints = body.endpoints;
  if (endpoints === undefined || endpoints === null) return [];
  if (!isJsonObject(endpoints)) throw new Error('endpoints is not an object');
  const inbound = endpoints.inbound;
  if (inbound === undefined || inbound === null) return [];
  if (!isJsonObject(inbound)) throw new Error('endpoints.inbound is not a map');
  const out: OpcUaEndpoint[] = [];
  for (const [name, e] of Object.entries(inbound)) {
    const path = `${base}/endpoints/inbound/${pointerSegment(name)}`;
    if (!isJsonObject(e)) throw new Error(`endpoints.inbound.${name} is not an object`);
    if (device.unresolved?.includes(`${path}/endpointType`)) throw new Error(`endpoints.inbound.${name}.endpointType is only known at deployment`);
    if (typeof e.endpointType === 'string' && e.endpointType.toLowerCase() === OPC_UA.endpointType.toLowerCase()) out.push({ name, endpoint: e, path });
  }
  return out;
}

/** The devices's endpoints, or a not-applicable outcome when it has no OPC UA endpoint. */
export function opcUaEndpointsOrNotApplicable(device: Resource): OpcUaEndpoint[] | { status: 'not-applicable'; reason: string } {
  const endpoints = opcUaEndpoints(device);
  return endpoints.length ? endpoints : { status: 'not-applicable', reason: `device ${device.name} has no OPC UA inbound endpoint` };
}

/** Whether a value at a pointer is known only at deployment (an expression or a reference). */
export function unresolvedAt(r: Resource, pointer: string): boolean {
  return r.unresolved?.some((u) => u === pointer || pointer.startsWith(`${u}/`) || u.startsWith(`${pointer}/`)) === true || referenceAt(r, pointer) !== undefined;
}

/**
 * The `security` object of an endpoint's `additionalConfiguration`, or undefined when the endpoint
 * has none. Throws (unknown) when the configuration is not readable JSON or only known at deployment.
 */
export function securityOf(device: Resource, e: OpcUaEndpoint): JsonObject | undefined {
  const pointer = `${e.path}/additionalConfiguration`;
  if (unresolvedAt(device, pointer)) throw new Error(`endpoints.inbound.${e.name}.additionalConfiguration is only known at deployment`);
  const raw = e.endpoint.additionalConfiguration;
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string') throw new Error(`endpoints.inbound.${e.name}.additionalConfiguration is not a JSON string`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`endpoints.inbound.${e.name}.additionalConfiguration is not valid JSON`);
  }
  if (!isJsonObject(parsed)) throw new Error(`endpoints.inbound.${e.name}.additionalConfiguration is not a JSON object`);
  const security = parsed.security;
  if (security === undefined || security === null) return undefined;
  if (!isJsonObject(security)) throw new Error(`endpoints.inbound.${e.name}.additionalConfiguration security is not an object`);
  return security;
}
