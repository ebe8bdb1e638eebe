/**
 * EdgePki (CN-2, AS-2): the certificate authority, issuer and trust bundle of one AIO instance.
 *
 * - `development`: a self-signed root made by cert-manager (self-signed ClusterIssuer -> CA
 *   Certificate -> CA ClusterIssuer) and a trust-manager Bundle that publishes it, under the names
 *   AIO's own quickstart PKI uses (facts 3.1), so AIO's defaults find them. For development and
 *   test only.
 * - `production`: the customer's CA. Either its key pair in a Secret in the cert-manager namespace
 *   (synced from Key Vault by `KeyVaultSecretSync`; until that exists, provided by the PKI team)
 *   behind a CA ClusterIssuer, or an external cert-manager issuer (Vault, ACME, AWS PCA, ...). A
 *   trust Bundle publishes the customer CA's certificate, and nothing else.
 *
 * Both profiles give the `trustConfig` to deploy the AIO instance with (`CustomerManaged`, facts
 * 3.2), the issuer that signs broker certificates, and the trust bundle ConfigMap for X.509
 * clients and dataflow endpoints.
 */
import { AIO } from './aio';
import {
  lifetimeFor,
  certManagerPrivateKey,
  resolveCertificatePolicy,
  type CertificatePolicy,
  type CertificatePolicyProps,
} from './certificate-policy';
import { NO_VALUE, PropErrors } from './errors';
import type { JsonObject, Resource } from './resource';
import { K8S } from './versions';

const CONSTRUCT = 'EdgePki';

/** Which reading of the guidance the PKI follows. */
export type EdgePkiProfile = 'development' | 'production';

/** A key of a Secret or ConfigMap. */
export interface KeyRefProps {
  /** The object's name. */
  readonly name: string;
  /**
   * The key that holds the PEM certificate.
   * @default 'ca.crt'
   */
  readonly key?: string;
}

/**
 * Where the CA certificate (public part only) is read from: a Secret or a ConfigMap in the
 * cert-manager namespace, which is trust-manager's trust namespace in AIO (facts 3.2). Give one.
 */
export interface CaCertificateSourceProps {
  /** A Secret key, e.g. the `ca.crt` of a Secret synced from Key Vault. */
  readonly secret?: KeyRefProps;
  /** A ConfigMap key. */
  readonly configMap?: KeyRefProps;
}

/**
 * A cert-manager issuer that EdgePki does not create: a `ClusterIssuer` or `Issuer` of any type
 * (CA, Vault, ACME, Venafi), or an external issuer kind such as `AWSPCAClusterIssuer`.
 */
export interface ExternalIssuerProps {
  /** The issuer's name. A namespaced `Issuer` must be in the AIO namespace (facts 2.2). */
  readonly name: string;
  /** `ClusterIssuer`, `Issuer`, or an external issuer's kind (which then needs `group`). */
  readonly kind: string;
  /**
   * API group of the issuer.
   * @default 'cert-manager.io' (only for kinds ClusterIssuer and Issuer)
   */
  readonly group?: string;
}

/**
 * The CA that signs MQTT clients' X.509 certificates, for `BrokerAuthentication`'s
 * `x509Settings.trustedClientCaCert` (a ConfigMap in the AIO namespace; any key, PEM). Give an
 * existing ConfigMap, or a source EdgePki publishes there with a second trust-manager Bundle.
 */
export interface ClientCaProps {
  /** An existing ConfigMap in the AIO namespace that holds the client CA. */
  readonly existingConfigMap?: string;
  /** The client CA certificate in the cert-manager namespace, published by a Bundle. */
  readonly source?: CaCertificateSourceProps;
  /**
   * Name of the ConfigMap (and Bundle) published from `source`.
   * @default `<namespace>-client-ca-trust-bundle`
   */
  readonly configMapName?: string;
}

/** Props of `EdgePki`. */
export interface EdgePkiProps {
  /**
   * `development` (a self-signed root, for development and test only) or `production` (your own
   * CA). No default: the choice is always explicit. When cert-manager renews the development root
   * (with a new key), the trust bundle holds only the new root until the leaf certificates renew:
   * one more reason it is not for production.
   */
  readonly profile: EdgePkiProfile;
  /**
   * Namespace of the AIO instance; the trust bundle ConfigMap lands there and names derive from it.
   * @default 'azure-iot-operations'
   */
  readonly namespace?: string;
  /**
   * cert-manager's namespace: where CA key pairs live (the ClusterIssuer's cluster resource
   * namespace) and where trust-manager reads sources (its trust namespace).
   * @default 'cert-manager'
   */
  readonly certManagerNamespace?: string;
  /**
   * Lifetimes and keys of the development CA, and the policy `SecureBroker` applies to the
   * certificates this issuer signs.
   * @default - 90-day certificates, 1-year CA, renew at a third of the lifetime, EC P-256, rotated keys
   */
  readonly certificatePolicy?: CertificatePolicyProps;
  /**
   * Production: the Secret, in the cert-manager namespace, holding your CA's key pair (`tls.crt`,
   * `tls.key`, and `ca.crt` for the root). Keep the key in Key Vault and sync it here with
   * `KeyVaultSecretSync`. Give this or `externalIssuer`.
   */
  readonly caSecretName?: string;
  /** Production: an issuer of your PKI that already exists. Give this or `caSecretName`. */
  readonly externalIssuer?: ExternalIssuerProps;
  /**
   * Production: where the trust bundle reads your CA certificate.
   * @default - the `ca.crt` key of `caSecretName`; required with `externalIssuer`
   */
  readonly trustSource?: CaCertificateSourceProps;
  /**
   * Production: name of the CA ClusterIssuer made from `caSecretName`.
   * @default `<namespace>-customer-ca-issuer`
   */
  readonly issuerName?: string;
  /**
   * Production: name of the trust Bundle and of the ConfigMap it writes.
   * @default `<namespace>-customer-ca-trust-bundle`
   */
  readonly trustBundleName?: string;
  /**
   * Labels that select the namespaces trust-manager writes the trust ConfigMaps to. The default
   * selects the AIO namespace alone, with the label Kubernetes sets on every namespace. To reach
   * client namespaces too, label them and select the label, e.g. `{ 'ca-bundle/inject': 'enabled' }`
   * (microsoft/edge-ai's pattern), and label the AIO namespace as well.
   * @default { 'kubernetes.io/metadata.name': <namespace> }
   */
  readonly trustBundleNamespaceLabels?: Readonly<Record<string, string>>;
  /**
   * The CA of MQTT clients' X.509 certificates.
   * @default - none; X.509 listeners then need their own ConfigMap
   */
  readonly clientCa?: ClientCaProps;
}

/** An issuer reference as cert-manager and AIO's `issuerRef` take it. */
export interface EdgePkiIssuerRef {
  /** The issuer's name. */
  readonly name: string;
  /** `ClusterIssuer`, `Issuer`, or an external issuer kind. */
  readonly kind: string;
  /** API group, `cert-manager.io` for ClusterIssuer and Issuer. */
  readonly group: string;
}

/** A trust bundle ConfigMap in the AIO namespace. */
export interface TrustBundleRef {
  /** The ConfigMap's name (also the Bundle's name when EdgePki publishes it). */
  readonly configMapName: string;
  /** The key holding the PEM certificates. */
  readonly configMapKey: string;
  /** The ConfigMap's namespace: the AIO namespace. */
  readonly namespace: string;
}

/**
 * The AIO instance's trust settings (`az iot ops create --trust-settings`, the release template's
 * `trustConfig`, facts 3.2). `CustomerManaged` in both profiles: EdgePki, not AIO's cert-manager
 * extension, owns the PKI, so AIO does not also create its quickstart objects.
 */
export interface AioTrustConfig {
  /** Always `CustomerManaged`. */
  readonly source: 'CustomerManaged';
  /** What `--trust-settings` takes. */
  readonly settings: {
    /** The issuer of AIO's TLS server certificates. */
    readonly issuerName: string;
    /** `ClusterIssuer` or `Issuer` (or an external issuer's kind). */
    readonly issuerKind: string;
    /** The trust bundle ConfigMap in the AIO namespace. */
    readonly configMapName: string;
    /** Its key holding the CA certificate. */
    readonly configMapKey: string;
  };
}

/** A CA certificate source after validation. */
export interface ResolvedCaSource {
  /** The source object's kind, in the cert-manager namespace. */
  readonly kind: 'Secret' | 'ConfigMap';
  /** Its name. */
  readonly name: string;
  /** The key holding the PEM certificate. */
  readonly key: string;
}

/** The development root CA. */
export interface DevelopmentCa {
  /** The self-signed ClusterIssuer that signs the root. */
  readonly selfSignedIssuerName: string;
  /** The root CA Certificate, in the cert-manager namespace. */
  readonly certificateName: string;
  /** The Secret cert-manager writes the root's key pair to. */
  readonly secretName: string;
  /** The root's subject CN. */
  readonly commonName: string;
}

/** The client CA after validation. */
export interface ResolvedClientCa {
  /** The ConfigMap, in the AIO namespace, for `trustedClientCaCert`. */
  readonly configMapName: string;
  /** The source EdgePki publishes with a Bundle; absent for an existing ConfigMap. */
  readonly source?: ResolvedCaSource;
}

/** `EdgePkiProps` after validation, with every default applied. */
export interface ResolvedEdgePki {
  readonly id: string;
  readonly profile: EdgePkiProfile;
  /** The AIO namespace. */
  readonly namespace: string;
  /** cert-manager's (and trust-manager's trust) namespace. */
  readonly certManagerNamespace: string;
  /** The policy of the development root and of what the issuer signs for `SecureBroker`. */
  readonly certificatePolicy: CertificatePolicy;
  /** Development only: the self-signed root. */
  readonly developmentCa?: DevelopmentCa;
  /** Production with a CA key pair: the Secret holding it. */
  readonly caSecretName?: string;
  /** The issuer that signs broker certificates (pass it to `SecureBroker`). */
  readonly issuer: EdgePkiIssuerRef;
  /** False when the issuer is external and EdgePki does not create it. */
  readonly createsIssuer: boolean;
  /** Where the trust bundle reads the CA certificate. */
  readonly trustSource: ResolvedCaSource;
  /** The trust bundle ConfigMap, for X.509 clients and dataflow endpoints. */
  readonly trustBundle: TrustBundleRef;
  /** Labels of the namespaces the trust ConfigMaps are written to. */
  readonly trustBundleNamespaceLabels: Readonly<Record<string, string>>;
  /** The client CA for X.509 listeners, when given. */
  readonly clientCa?: ResolvedClientCa;
  /** The AIO instance's trust settings. */
  readonly trustConfig: AioTrustConfig;
}

/**
 * The names AIO's quickstart PKI uses for an instance in `namespace` (facts 3.1): the issuer and
 * trust bundle follow the release template's `<namespace>-aio-certificate-issuer` and
 * `<namespace>-aio-ca-trust-bundle`; the CA Secret's documented name is
 * `azure-iot-operations-aio-ca-certificate`, derived here the same way.
 */
export function aioQuickstartPkiNames(namespace: string): { issuerName: string; caSecretName: string; trustBundleName: string } {
  return {
    issuerName: `${namespace}-aio-certificate-issuer`,
    caSecretName: `${namespace}-aio-ca-certificate`,
    trustBundleName: `${namespace}-aio-ca-trust-bundle`,
  };
}

/** Every default of `EdgePki`, in one place. */
export const EDGE_PKI_DEFAULTS = {
  namespace: AIO.namespace,
  certManagerNamespace: 'cert-manager',
  /** Key of the CA certificate in sources and in the published ConfigMaps. */
  caCertificateKey: 'ca.crt',
  /** Subject CN of the development root: ours, and plainly not for production. */
  developmentCaCommonName: 'aio-secure Development Root CA - Not for Production',
  /** Not an AIO name; AIO's sources do not name the self-signed issuer (facts 3.1). */
  developmentSelfSignedIssuerName: (namespace: string) => `${namespace}-aio-selfsigned-root-issuer`,
  productionIssuerName: (namespace: string) => `${namespace}-customer-ca-issuer`,
  productionTrustBundleName: (namespace: string) => `${namespace}-customer-ca-trust-bundle`,
  clientCaConfigMapName: (namespace: string) => `${namespace}-client-ca-trust-bundle`,
  trustBundleNamespaceLabels: (namespace: string): Record<string, string> => ({ 'kubernetes.io/metadata.name': namespace }),
} as const;

/** Logical ids of the resources an `EdgePki` plans; they are API and never change. */
export const edgePkiIds = {
  selfSignedIssuer: (id: string) => `${id}/selfsigned-issuer`,
  caCertificate: (id: string) => `${id}/ca-certificate`,
  caIssuer: (id: string) => `${id}/ca-issuer`,
  trustBundle: (id: string) => `${id}/trust-bundle`,
  clientCaBundle: (id: string) => `${id}/client-ca-bundle`,
};

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CERT_MANAGER_KINDS = ['ClusterIssuer', 'Issuer'];
const PRODUCTION_ONLY = ['caSecretName', 'externalIssuer', 'trustSource', 'issuerName', 'trustBundleName'] as const;

/**
 * Validates `EdgePki` props and applies every default. Throws `AioSecureError` naming the prop
 * path, the value and the fix for the first problem found.
 */
export function resolveEdgePki(id: string, props: EdgePkiProps): ResolvedEdgePki {
  const err = new PropErrors(CONSTRUCT, id);
  if (typeof id !== 'string' || !DNS_LABEL.test(id) || id.length > 63) {
    throw err.error('INVALID_PROP', 'id', 'is not a DNS-1123 label', id, 'Use lower-case letters, digits and "-", e.g. "plant-a-pki"');
  }
  if (!props || typeof props !== 'object') {
    throw err.error('MISSING_PROP', 'props', 'are missing', props, 'Pass at least { profile: "development" } or { profile: "production", caSecretName: "<Secret>" }');
  }
  const { profile } = props;
  if (profile !== 'development' && profile !== 'production') {
    throw err.error(profile === undefined ? 'MISSING_PROP' : 'INVALID_PROP', 'profile', profile === undefined ? 'is missing' : 'is not a profile',
      profile === undefined ? NO_VALUE : profile,
      'Use "development" (self-signed root, development and test only) or "production" (your own CA)', 'CN-2');
  }

  const namespace = props.namespace ?? EDGE_PKI_DEFAULTS.namespace;
  checkName(err, 'namespace', namespace, 'namespace', DNS_LABEL, 63, '"azure-iot-operations"');
  const certManagerNamespace = props.certManagerNamespace ?? EDGE_PKI_DEFAULTS.certManagerNamespace;
  checkName(err, 'certManagerNamespace', certManagerNamespace, 'namespace', DNS_LABEL, 63, '"cert-manager"');

  const certificatePolicy = resolveCertificatePolicy(props.certificatePolicy, { construct: CONSTRUCT, id, path: 'certificatePolicy' });
  const trustBundleNamespaceLabels = resolveNamespaceLabels(err, props.trustBundleNamespaceLabels ?? EDGE_PKI_DEFAULTS.trustBundleNamespaceLabels(namespace));
  const quickstart = quickstartNames(namespace);
  const key = EDGE_PKI_DEFAULTS.caCertificateKey;

  let developmentCa: DevelopmentCa | undefined;
  let caSecretName: string | undefined;
  let issuer: EdgePkiIssuerRef;
  let createsIssuer: boolean;
  let trustSource: ResolvedCaSource;
  let trustBundleName: string;

  if (profile === 'development') {
    const given = PRODUCTION_ONLY.find((p) => props[p] !== undefined);
    if (given) {
      throw err.error('INVALID_PROP', given, 'only applies to the production profile', props[given],
        'Remove it: the development profile creates its own self-signed root under AIO\'s names, or use profile "production" with your CA', 'CN-2');
    }
    const names = aioQuickstartPkiNames(namespace);
    developmentCa = {
      selfSignedIssuerName: EDGE_PKI_DEFAULTS.developmentSelfSignedIssuerName(namespace),
      certificateName: names.caSecretName,
      secretName: names.caSecretName,
      commonName: EDGE_PKI_DEFAULTS.developmentCaCommonName,
    };
    issuer = { name: names.issuerName, kind: 'ClusterIssuer', group: K8S.certManager.group };
    createsIssuer = true;
    trustSource = { kind: 'Secret', name: names.caSecretName, key };
    trustBundleName = names.trustBundleName;
  } else {
    if (props.caSecretName !== undefined && props.externalIssuer !== undefined) {
      throw err.error('INVALID_PROP', 'externalIssuer', 'is given together with caSecretName', props.externalIssuer.name,
        'Give one CA: caSecretName (your CA key pair, synced from Key Vault) or externalIssuer (an issuer of your PKI)', 'CN-2');
    }
    if (props.caSecretName === undefined && props.externalIssuer === undefined) {
      throw err.error('MISSING_PROP', 'caSecretName', 'is missing, and so is externalIssuer: the production profile needs your CA', NO_VALUE,
        'Give caSecretName (the Secret in the cert-manager namespace holding your CA key pair, synced from Key Vault) or externalIssuer: { name, kind, group }', 'CN-2');
    }
    if (props.caSecretName !== undefined) {
      caSecretName = props.caSecretName;
      checkName(err, 'caSecretName', caSecretName, 'Secret name', DNS_SUBDOMAIN, 253, '"plant-a-ca-key-pair"');
      rejectQuickstartSecret(err, 'caSecretName', caSecretName, quickstart);
      const issuerName = props.issuerName ?? EDGE_PKI_DEFAULTS.productionIssuerName(namespace);
      checkName(err, 'issuerName', issuerName, 'issuer name', DNS_SUBDOMAIN, 253, '"plant-a-ca-issuer"');
      rejectQuickstartIssuer(err, 'issuerName', issuerName, quickstart);
      issuer = { name: issuerName, kind: 'ClusterIssuer', group: K8S.certManager.group };
      createsIssuer = true;
    } else {
      if (props.issuerName !== undefined) {
        throw err.error('INVALID_PROP', 'issuerName', 'is set with externalIssuer, which EdgePki does not create', props.issuerName,
          'Remove issuerName; name the issuer in externalIssuer.name', 'CN-2');
      }
      issuer = resolveExternalIssuer(err, props.externalIssuer!, quickstart);
      createsIssuer = false;
    }
    if (props.trustSource === undefined && caSecretName === undefined) {
      throw err.error('MISSING_PROP', 'trustSource', 'is missing; with an external issuer EdgePki cannot know your CA certificate', NO_VALUE,
        'Give trustSource: { secret: { name, key } } or { configMap: { name, key } } in the cert-manager namespace, holding your CA certificate', 'CN-2');
    }
    trustSource = props.trustSource !== undefined
      ? resolveSource(err, 'trustSource', props.trustSource, quickstart)
      : { kind: 'Secret', name: caSecretName!, key };
    trustBundleName = props.trustBundleName ?? EDGE_PKI_DEFAULTS.productionTrustBundleName(namespace);
    checkName(err, 'trustBundleName', trustBundleName, 'ConfigMap name', DNS_SUBDOMAIN, 253, '"plant-a-ca-trust-bundle"');
  }

  const clientCa = props.clientCa === undefined ? undefined : resolveClientCa(err, props.clientCa, namespace, profile, quickstart);
  if (clientCa?.source && clientCa.configMapName === trustBundleName) {
    throw err.error('DUPLICATE', 'clientCa.configMapName', 'is the name of the trust bundle', clientCa.configMapName,
      'Give the client CA its own ConfigMap name; one Bundle writes one ConfigMap');
  }

  const trustBundle: TrustBundleRef = { configMapName: trustBundleName, configMapKey: key, namespace };
  return {
    id,
    profile,
    namespace,
    certManagerNamespace,
    certificatePolicy,
    ...(developmentCa ? { developmentCa } : {}),
    ...(caSecretName !== undefined ? { caSecretName } : {}),
    issuer,
    createsIssuer,
    trustSource,
    trustBundle,
    trustBundleNamespaceLabels,
    ...(clientCa ? { clientCa } : {}),
    trustConfig: {
      source: 'CustomerManaged',
      settings: { issuerName: issuer.name, issuerKind: issuer.kind, configMapName: trustBundle.configMapName, configMapKey: trustBundle.configMapKey },
    },
  };
}

interface QuickstartNames {
  readonly issuers: ReadonlySet<string>;
  readonly secrets: ReadonlySet<string>;
}

/** AIO's quickstart names for this namespace and for AIO's default namespace. */
function quickstartNames(namespace: string): QuickstartNames {
  const mine = aioQuickstartPkiNames(namespace);
  const aio = aioQuickstartPkiNames(AIO.namespace);
  return {
    issuers: new Set([mine.issuerName, aio.issuerName, AIO.quickstartIssuerName]),
    secrets: new Set([mine.caSecretName, aio.caSecretName]),
  };
}

function rejectQuickstartIssuer(err: PropErrors, path: string, name: string, q: QuickstartNames): void {
  if (q.issuers.has(name)) {
    throw err.error('RESERVED_NAME', path, "is the quickstart issuer's name, which is for development and test only", name,
      'In production use an issuer of your own CA under another name; the development profile creates the quickstart-style issuer', 'CN-2');
  }
}

function rejectQuickstartSecret(err: PropErrors, path: string, name: string, q: QuickstartNames): void {
  if (q.secrets.has(name)) {
    throw err.error('RESERVED_NAME', path, "is the quickstart root CA's Secret, which is for development and test only", name,
      'In production name the Secret that holds your own CA (synced from Key Vault); a CA is never shared between profiles', 'CN-2');
  }
}

function checkName(err: PropErrors, path: string, value: unknown, what: string, re: RegExp, max: number, example: string): void {
  if (typeof value !== 'string' || !re.test(value) || value.length > max) {
    const shape = re === DNS_LABEL ? `a DNS-1123 label of at most ${max} characters` : `a DNS-1123 subdomain of at most ${max} characters`;
    throw err.error('INVALID_PROP', path, `is not a valid ${what}`, value, `Use ${shape}, e.g. ${example}`);
  }
}

function resolveExternalIssuer(err: PropErrors, given: ExternalIssuerProps, q: QuickstartNames): EdgePkiIssuerRef {
  if (!given || typeof given !== 'object') {
    throw err.error('INVALID_PROP', 'externalIssuer', 'is not an issuer reference', given, 'Give { name, kind, group }, e.g. { name: "plant-vault", kind: "ClusterIssuer" }', 'CN-2');
  }
  checkName(err, 'externalIssuer.name', given.name, 'issuer name', DNS_SUBDOMAIN, 253, '"plant-vault"');
  rejectQuickstartIssuer(err, 'externalIssuer.name', given.name, q);
  if (typeof given.kind !== 'string' || !KIND.test(given.kind)) {
    throw err.error('INVALID_PROP', 'externalIssuer.kind', 'is not a Kubernetes kind', given.kind,
      'Use "ClusterIssuer", "Issuer", or the kind of an external issuer, e.g. "AWSPCAClusterIssuer" with its group', 'CN-2');
  }
  const certManagerKind = CERT_MANAGER_KINDS.includes(given.kind);
  if (given.group === undefined && !certManagerKind) {
    throw err.error('MISSING_PROP', 'externalIssuer.group', `is missing for kind ${given.kind}, which is not a cert-manager.io kind`, NO_VALUE,
      'Give the external issuer\'s API group, e.g. group: "awspca.cert-manager.io" for AWSPCAClusterIssuer, or use kind "ClusterIssuer" or "Issuer"', 'CN-2');
  }
  const group = given.group ?? K8S.certManager.group;
  checkName(err, 'externalIssuer.group', group, 'API group', DNS_SUBDOMAIN, 253, '"awspca.cert-manager.io"');
  return { name: given.name, kind: given.kind, group };
}

function resolveSource(err: PropErrors, path: string, given: CaCertificateSourceProps, q: QuickstartNames): ResolvedCaSource {
  if (!given || typeof given !== 'object' || (given.secret === undefined) === (given.configMap === undefined)) {
    throw err.error('INVALID_PROP', path, 'does not name exactly one of secret and configMap', given,
      'Give { secret: { name, key } } or { configMap: { name, key } }, in the cert-manager namespace', 'CN-2');
  }
  const kind = given.secret !== undefined ? 'Secret' : 'ConfigMap';
  const field = kind === 'Secret' ? 'secret' : 'configMap';
  const ref = (given.secret ?? given.configMap)!;
  if (!ref || typeof ref !== 'object') {
    throw err.error('INVALID_PROP', `${path}.${field}`, 'is not a key reference', ref, 'Give { name, key }, e.g. { name: "plant-a-ca", key: "ca.crt" }', 'CN-2');
  }
  checkName(err, `${path}.${field}.name`, ref.name, `${kind} name`, DNS_SUBDOMAIN, 253, '"plant-a-ca"');
  if (kind === 'Secret') rejectQuickstartSecret(err, `${path}.${field}.name`, ref.name, q);
  const key = ref.key ?? EDGE_PKI_DEFAULTS.caCertificateKey;
  if (typeof key !== 'string' || !CONFIG_KEY.test(key) || key.length > 253) {
    throw err.error('INVALID_PROP', `${path}.${field}.key`, 'is not a valid key', key, 'Use letters, digits, "-", "_" and ".", e.g. "ca.crt"');
  }
  return { kind, name: ref.name, key };
}

function resolveClientCa(err: PropErrors, given: ClientCaProps, namespace: string, profile: EdgePkiProfile, q: QuickstartNames): ResolvedClientCa {
  if (!given || typeof given !== 'object' || (given.existingConfigMap === undefined) === (given.source === undefined)) {
    throw err.error('INVALID_PROP', 'clientCa', 'does not name exactly one of existingConfigMap and source', given,
      'Give { existingConfigMap: "<ConfigMap in the AIO namespace>" } or { source: { secret: { name, key } } }', 'ED-3');
  }
  if (given.existingConfigMap !== undefined) {
    if (given.configMapName !== undefined) {
      throw err.error('INVALID_PROP', 'clientCa.configMapName', 'is set with existingConfigMap', given.configMapName,
        'Remove configMapName; it names the ConfigMap EdgePki publishes from source', 'ED-3');
    }
    checkName(err, 'clientCa.existingConfigMap', given.existingConfigMap, 'ConfigMap name', DNS_SUBDOMAIN, 253, '"plant-a-device-ca"');
    return { configMapName: given.existingConfigMap };
  }
  // The development root may sign test clients; a production client CA is never the quickstart one.
  const source = resolveSource(err, 'clientCa.source', given.source!, profile === 'production' ? q : { issuers: new Set(), secrets: new Set() });
  const configMapName = given.configMapName ?? EDGE_PKI_DEFAULTS.clientCaConfigMapName(namespace);
  checkName(err, 'clientCa.configMapName', configMapName, 'ConfigMap name', DNS_SUBDOMAIN, 253, '"plant-a-device-ca"');
  return { configMapName, source };
}

function resolveNamespaceLabels(err: PropErrors, labels: Readonly<Record<string, string>>): Record<string, string> {
  if (!labels || typeof labels !== 'object' || Array.isArray(labels) || Object.keys(labels).length === 0) {
    throw err.error('INVALID_PROP', 'trustBundleNamespaceLabels', 'selects no labels, which would publish the trust bundle to every namespace', labels,
      'Select the namespaces that need it, e.g. { "kubernetes.io/metadata.name": "azure-iot-operations" }');
  }
  for (const [k, v] of Object.entries(labels)) {
    const parts = k.split('/');
    const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
    const keyOk = parts.length <= 2 && (prefix === undefined || (DNS_SUBDOMAIN.test(prefix) && prefix.length <= 253)) && name.length <= 63 && LABEL_NAME.test(name);
    if (!keyOk) {
      throw err.error('INVALID_PROP', `trustBundleNamespaceLabels["${k}"]`, 'is not a valid label key', k, 'Use a label key such as "ca-bundle/inject"');
    }
    if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) {
      throw err.error('INVALID_PROP', `trustBundleNamespaceLabels["${k}"]`, 'is not a valid label value', v, 'Use at most 63 letters, digits, "-", "_" and ".", e.g. "enabled"');
    }
  }
  return { ...labels };
}

/**
 * Plans the PKI: in development the self-signed issuer, the root CA Certificate and the CA
 * ClusterIssuer; in production the CA ClusterIssuer when the CA key pair is given; in both the
 * trust Bundle, and the client CA Bundle when one is published.
 */
export function planEdgePki(r: ResolvedEdgePki): Resource[] {
  const { group, version } = K8S.certManager;
  const certManager = { group, version };
  const resources: Resource[] = [];

  if (r.developmentCa) {
    const ca = r.developmentCa;
    resources.push({
      ...certManager,
      id: edgePkiIds.selfSignedIssuer(r.id),
      kind: 'ClusterIssuer',
      name: ca.selfSignedIssuerName,
      spec: { selfSigned: {} },
    });
    resources.push({
      ...certManager,
      id: edgePkiIds.caCertificate(r.id),
      kind: 'Certificate',
      name: ca.certificateName,
      namespace: r.certManagerNamespace,
      spec: {
        isCA: true,
        commonName: ca.commonName,
        secretName: ca.secretName,
        ...lifetimeFor(r.certificatePolicy, 'ca'),
        privateKey: { ...certManagerPrivateKey(r.certificatePolicy) },
        issuerRef: { group, kind: 'ClusterIssuer', name: ca.selfSignedIssuerName },
      },
    });
  }

  const caSecret = r.developmentCa?.secretName ?? r.caSecretName;
  if (r.createsIssuer && caSecret !== undefined) {
    resources.push({
      ...certManager,
      id: edgePkiIds.caIssuer(r.id),
      kind: 'ClusterIssuer',
      name: r.issuer.name,
      spec: { ca: { secretName: caSecret } },
    });
  }

  resources.push(bundle(r, edgePkiIds.trustBundle(r.id), r.trustBundle.configMapName, r.trustSource));
  if (r.clientCa?.source) {
    resources.push(bundle(r, edgePkiIds.clientCaBundle(r.id), r.clientCa.configMapName, r.clientCa.source));
  }
  return resources;
}

/** A trust-manager Bundle that publishes exactly one CA certificate: never the public CAs. */
function bundle(r: ResolvedEdgePki, id: string, name: string, source: ResolvedCaSource): Resource {
  const { group, version } = K8S.trustManager;
  const from: JsonObject = source.kind === 'Secret'
    ? { secret: { name: source.name, key: source.key } }
    : { configMap: { name: source.name, key: source.key } };
  return {
    group,
    version,
    id,
    kind: 'Bundle',
    name,
    spec: {
      sources: [{ useDefaultCAs: false }, from],
      target: {
        configMap: { key: EDGE_PKI_DEFAULTS.caCertificateKey },
        namespaceSelector: { matchLabels: { ...r.trustBundleNamespaceLabels } },
      },
    },
  };
}
