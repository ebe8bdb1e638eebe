/**
 * SignedImagePolicy (ED-2): an admission policy that verifies the Notation signatures of Azure IoT
 * Operations images against Microsoft's supply-chain root, and of the operator's own images against
 * the operator's signers.
 *
 * Engine: Kyverno, as one `kyverno.io/v1` ClusterPolicy with `verifyImages` rules of type `Notary`
 * (field names from the Kyverno v1.19.0 CRD under `reference/schemas/k8s-crds/kyverno/`). Why
 * Kyverno and not Ratify with Gatekeeper is argued in docs/constructs/signed-image-policy.md.
 *
 * - `production`: `failureAction: Enforce` (unverified images are refused), the webhook fails
 *   closed (`failurePolicy: Fail`), tags are replaced by the digest that was verified
 *   (`mutateDigest`) and a digest is required (`verifyDigest`).
 * - `development`: `failureAction: Audit` (violations are reported, nothing is refused), the
 *   webhook fails open, no digest mutation (Kyverno refuses `mutateDigest` with Audit).
 *
 * Offline as far as Notation allows: the trust anchors are embedded in the policy (no key
 * management service or other call-out decides trust at admission), but Notation signatures are
 * OCI referrers stored next to the image, so Kyverno still reads them from the registry, the same
 * registry the kubelet pulls from.
 *
 * Known gap: Kyverno's Notary verifier trusts every signature that chains to the given
 * certificates (its trust policy uses `trustedIdentities: ["*"]`); it cannot also require the
 * signing certificate's subject that Microsoft's trust policy names (facts 4.2). The policy
 * narrows what the root may vouch for by image reference instead, and `microsoftNotationTrustPolicy`
 * gives the full Notation trust policy (with the identities) for `notation verify` in the pipeline
 * that promotes images.
 */
import { X509Certificate } from 'node:crypto';
import { NO_VALUE, PropErrors } from './errors';
import type { JsonObject, JsonValue, Resource } from './resource';
import { isJsonObject } from './resource';

const CONSTRUCT = 'SignedImagePolicy';

/** Which reading of the guidance the policy follows. */
export type SignedImagePolicyProfile = 'development' | 'production';

/** The Kyverno API the policy is written for (CRD v1.19.0, storage version of ClusterPolicy). */
export const KYVERNO = { group: 'kyverno.io', version: 'v1', kind: 'ClusterPolicy' } as const;

/**
 * "Microsoft Supply Chain RSA Root CA 2022", the trust anchor of Microsoft's Notation signatures
 * (facts 4.2), in PEM. Byte for byte the DER file `reference/certs/microsoft-supply-chain-rsa-root-ca-2022.crt`
 * (SHA-256 23ffe2b8bdb9a1711515d4cffda04bc7f793d513c76c243f1020507d8669b7db, valid 2022-02-17 to
 * 2047-02-17); a test compares the two.
 */
export const MICROSOFT_SUPPLY_CHAIN_ROOT_PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIFrzCCA5egAwIBAgIQaCjVTH5c2r1DOa4MwVoqNTANBgkqhkiG9w0BAQwFADBf',
  'MQswCQYDVQQGEwJVUzEeMBwGA1UEChMVTWljcm9zb2Z0IENvcnBvcmF0aW9uMTAw',
  'LgYDVQQDEydNaWNyb3NvZnQgU3VwcGx5IENoYWluIFJTQSBSb290IENBIDIwMjIw',
  'HhcNMjIwMjE3MDAxMjM2WhcNNDcwMjE3MDAyMTA5WjBfMQswCQYDVQQGEwJVUzEe',
  'MBwGA1UEChMVTWljcm9zb2Z0IENvcnBvcmF0aW9uMTAwLgYDVQQDEydNaWNyb3Nv',
  'ZnQgU3VwcGx5IENoYWluIFJTQSBSb290IENBIDIwMjIwggIiMA0GCSqGSIb3DQEB',
  'AQUAA4ICDwAwggIKAoICAQCeJQFmGR9kNMGdOSNiHXGLVuol0psf7ycBgr932JQz',
  'gxhIm1Cee5ZkwtDDX0X/MpzoFxe9eO11mF86BggrHDebRkqQCrCvRpI+M4kq+rjn',
  'MmPzI8du0hT7Jlju/gaEVPrBHzeq29TsViq/Sb3M6wLtxk78rBm1EjVpFYkXTaNo',
  '6mweKZoJ8856IcYJ0RnqjzBGaTtoBCt8ii3WY13qbdY5nr0GPlvuLxFbKGunUqRo',
  'Xkyk6q7OI79MNnHagUVQjsqGzv9Tw7hDsyTuB3qitPrHCh17xlI1MewIH4SAklv4',
  'sdo51snn5YkEflF/9OZqZEdJ6vjspvagQ1P+2sMjJNgl2hMsKrc/lN53HEx4HGr5',
  'mo/rahV3d61JhM4QQMeZSA/Vlh6AnHOhOKEDb9NNINC1Q+T3LngPTve8v2XabZAL',
  'W7/e6icnmWT4OXxzPdYh0u7W81MRLlXD3OrxKVfeUaF4c5ALL/XJdTbrjdJtjnld',
  'uho4/98ZAajSyNHW8uuK9S7RzJMTm5yQeGVjeQTE8Z6fjDrzZAz+mB2T4o9WpWNT',
  'I7hucxZFGrb3ew/NpDL/Wv6WjeGHeNtwg6gkhWkgwm0SDeV59ipZz9ar54HmoLGI',
  'LQiMC7HP12w2r575A2fZQXOpq0W4cWBYGNQWLGW60QXeksVQEBGQzkfM+6+/I8Cf',
  'BQIDAQABo2cwZTAOBgNVHQ8BAf8EBAMCAYYwDwYDVR0TAQH/BAUwAwEB/zAdBgNV',
  'HQ4EFgQUC7NoO6/ar+5wpXbZIffMRBYH0PgwEAYJKwYBBAGCNxUBBAMCAQAwEQYD',
  'VR0gBAowCDAGBgRVHSAAMA0GCSqGSIb3DQEBDAUAA4ICAQBIxzf//8FoV9eLQ2ZG',
  'OiZrL+j63mihj0fxPTSVetpVMfSV0jhfLLqPpY1RMWqJVWhsK0JkaoUkoFEDx93R',
  'cljtbB6M2JHF50kRnRl6N1ged0T7wgiYQsRN45uKDs9ARU8bgHBZjJOB6A/VyCaV',
  'qfcfdwa4yu+c++hm2uU54NLSYsOn1LYYmiebJlBKcpfVs1sqpP1fL37mYqMnZgz6',
  '2RnMER0xqAFSCOZUDJljK+rYhNS0CBbvvkpbiFj0Bhag63pd4cdE1rsvVVYl8J4M',
  '5A8S28B/r1ZdxokOcalWEuS5nKhkHrVHlZKu0HDIk318WljxBfFKuGxyGKmuH1eZ',
  'JnRm9R0P313w5zdbX7rwtO/kYwd+HzIYaalwWpL5eZxY1H6/cl1TRituo5lg1oWM',
  'ZncWdq/ixRhb4l0INtZmNxdl8C7PoeW85o0NZbRWU12fyK9OblHPiL6S6jD7LOd1',
  'P0JgxHHnl59zx5/K0bhsI+pQKB0OQ8z1qRtA66aY5eUPxZIvpZbH1/o8GO4dG2ED',
  '/YbnJEEzvdjztmB88xyCA9Vgr9/0IKTkgQYiWsyFM31k+OS4v4AX1PshP2Ou54+3',
  'F0Tsci41yQvQgR3pcgMJQdnfCUjmzbeyHGAlGVLzPRJJ7Z2UIo5xKPjBB1Rz3TgI',
  'tIWPFGyqAK9Aq7WHzrY5XHP5kA==',
  '-----END CERTIFICATE-----',
].join('\n') + '\n';

/**
 * The subjects of the certificates Microsoft signs AIO images with (facts 4.2, from
 * secure-iot-ops/howto-validate-images.md): Notation's `trustedIdentities`.
 */
export const MICROSOFT_TRUSTED_IDENTITIES = [
  'x509.subject: CN=Azure IoT Operations,O=Microsoft Corporation,L=Redmond,ST=Washington,C=US',
  'x509.subject: CN=Microsoft SCD Products RSA Signing,O=Microsoft Corporation,L=Redmond,ST=Washington,C=US',
] as const;

/**
 * The images of Azure IoT Operations: every repository under `mcr.microsoft.com/azureiotoperations/`
 * (facts 4.2 verifies `mcr.microsoft.com/azureiotoperations/aio-operator`; the AIO release templates
 * and the CLI pull the broker, OPC UA, connector and Helm chart images from the same path, e.g.
 * `azureiotoperations/helm/aio-opentelemetry-collector`). Kyverno's `*` also matches `/`.
 */
export const AIO_IMAGE_REFERENCES = ['mcr.microsoft.com/azureiotoperations/*'] as const;

/** One of the operator's signers and the images it signs. */
export interface SignerProps {
  /** A name for the signer (DNS-1123 label, at most 40 characters); the policy rule is `verify-<name>`. */
  readonly name: string;
  /**
   * The signer's certificates in PEM: the root (or CA) its Notation signing certificates chain to.
   * Public certificates only; a private key is refused.
   */
  readonly certificates: string;
  /**
   * The images it signs, as Kyverno image patterns (`*` matches any characters, `/` included),
   * e.g. `contoso.azurecr.io/plant-a/*`. They may not cover AIO's images.
   */
  readonly imageReferences: readonly string[];
}

/** Props of `SignedImagePolicy`. */
export interface SignedImagePolicyProps {
  /**
   * `production` (refuse unverified images, fail closed, pin digests) or `development` (audit
   * only). No default: the choice is always explicit.
   */
  readonly profile: SignedImagePolicyProfile;
  /**
   * The ClusterPolicy's name.
   * @default 'aio-secure-verify-image-signatures'
   */
  readonly policyName?: string;
  /**
   * The operator's own signers, each for its own images.
   * @default []
   */
  readonly signers?: readonly SignerProps[];
  /**
   * More Microsoft images that AIO pulls outside `mcr.microsoft.com/azureiotoperations/` (for
   * example the images of the certificate management or Secret Store extensions), verified against
   * the same Microsoft root. Only `mcr.microsoft.com/` patterns are accepted.
   * @default []
   */
  readonly additionalMicrosoftImages?: readonly string[];
  /**
   * How long the API server waits for Kyverno's verification, in seconds (1-30). Verification
   * reads signatures from the registry, so it needs more than the 10 s default.
   * @default 30
   */
  readonly webhookTimeoutSeconds?: number;
}

/** A signer after validation. */
export interface ResolvedSigner {
  readonly name: string;
  /** The certificates, PEM, normalised (one trailing newline per block). */
  readonly certificates: string;
  readonly imageReferences: readonly string[];
}

/** `SignedImagePolicyProps` after validation, with every default applied. */
export interface ResolvedSignedImagePolicy {
  readonly id: string;
  readonly profile: SignedImagePolicyProfile;
  readonly policyName: string;
  /** `Enforce` in production, `Audit` in development. */
  readonly failureAction: 'Enforce' | 'Audit';
  /** `Fail` in production, `Ignore` in development. */
  readonly failurePolicy: 'Fail' | 'Ignore';
  /** True in production: tags become the verified digest, and a digest is required. */
  readonly pinDigests: boolean;
  readonly webhookTimeoutSeconds: number;
  /** The Microsoft images verified against the Microsoft root. */
  readonly microsoftImages: readonly string[];
  readonly signers: readonly ResolvedSigner[];
  /**
   * Microsoft's Notation trust policy for AIO images (facts 4.2), with the trusted identities the
   * admission policy cannot check: import it with `notation policy import` where images are
   * verified before promotion. Trust store `ca:supplychain` holds `MICROSOFT_SUPPLY_CHAIN_ROOT_PEM`.
   */
  readonly microsoftNotationTrustPolicy: JsonObject;
}

/** Every default of `SignedImagePolicy`, in one place. */
export const SIGNED_IMAGE_POLICY_DEFAULTS = {
  policyName: 'aio-secure-verify-image-signatures',
  webhookTimeoutSeconds: 30,
  /** Name of the rule that verifies Microsoft's images. */
  microsoftRuleName: 'verify-azure-iot-operations-images',
  signerRuleName: (signer: string) => `verify-${signer}`,
} as const;

/** Logical ids of the resources a `SignedImagePolicy` plans; they are API and never change. */
export const signedImagePolicyIds = {
  clusterPolicy: (id: string) => `${id}/cluster-policy`,
};

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
/** A Kyverno image pattern: a registry host with a dot or port, then a path; `*` and `?` wildcards. */
const IMAGE_PATTERN = /^[a-z0-9*?]([-a-z0-9.*?]*)(:[0-9]+)?\/[-a-zA-Z0-9._/*?:@]+$/;

/**
 * Validates `SignedImagePolicy` props and applies every default. Throws `AioSecureError` naming
 * the prop path, the value and the fix for the first problem found.
 */
export function resolveSignedImagePolicy(id: string, props: SignedImagePolicyProps): ResolvedSignedImagePolicy {
  const err = new PropErrors(CONSTRUCT, id);
  if (typeof id !== 'string' || !DNS_LABEL.test(id) || id.length > 63) {
    throw err.error('INVALID_PROP', 'id', 'is not a DNS-1123 label', id, 'Use lower-case letters, digits and "-", e.g. "plant-a-images"');
  }
  if (!props || typeof props !== 'object') {
    throw err.error('MISSING_PROP', 'props', 'are missing', props, 'Pass at least { profile: "production" }', 'ED-2');
  }
  const { profile } = props;
  if (profile !== 'development' && profile !== 'production') {
    throw err.error(profile === undefined ? 'MISSING_PROP' : 'INVALID_PROP', 'profile', profile === undefined ? 'is missing' : 'is not a profile',
      profile === undefined ? NO_VALUE : profile,
      'Use "production" (refuse unverified images) or "development" (audit only)', 'ED-2');
  }
  const policyName = props.policyName ?? SIGNED_IMAGE_POLICY_DEFAULTS.policyName;
  if (typeof policyName !== 'string' || !DNS_SUBDOMAIN.test(policyName) || policyName.length > 253) {
    throw err.error('INVALID_PROP', 'policyName', 'is not a valid ClusterPolicy name', policyName, 'Use a DNS-1123 subdomain, e.g. "aio-secure-verify-image-signatures"');
  }
  const webhookTimeoutSeconds = props.webhookTimeoutSeconds ?? SIGNED_IMAGE_POLICY_DEFAULTS.webhookTimeoutSeconds;
  if (!Number.isInteger(webhookTimeoutSeconds) || webhookTimeoutSeconds < 1 || webhookTimeoutSeconds > 30) {
    throw err.error('INVALID_PROP', 'webhookTimeoutSeconds', 'is not a whole number of seconds from 1 to 30', webhookTimeoutSeconds,
      'The API server allows at most 30 seconds; verification reads signatures from the registry, so keep it near 30');
  }

  const extra = props.additionalMicrosoftImages ?? [];
  if (!Array.isArray(extra)) {
    throw err.error('INVALID_PROP', 'additionalMicrosoftImages', 'is not a list', extra, 'Give image patterns, e.g. ["mcr.microsoft.com/oss/v2/cert-manager/*"]', 'ED-2');
  }
  const microsoftImages: string[] = [...AIO_IMAGE_REFERENCES];
  extra.forEach((p, i) => {
    const path = `additionalMicrosoftImages[${i}]`;
    checkPattern(err, path, p);
    if (!p.startsWith('mcr.microsoft.com/')) {
      throw err.error('INVALID_PROP', path, 'is not a Microsoft Container Registry image', p,
        'Only images under mcr.microsoft.com/ are signed by Microsoft\'s supply chain; verify other images with signers', 'ED-2');
    }
    if (microsoftImages.includes(p)) {
      throw err.error('DUPLICATE', path, 'is already verified against the Microsoft root', p, 'Remove it');
    }
    microsoftImages.push(p);
  });

  const given = props.signers ?? [];
  if (!Array.isArray(given)) {
    throw err.error('INVALID_PROP', 'signers', 'is not a list', given, 'Give [{ name, certificates, imageReferences }]', 'ED-2');
  }
  const names = new Set<string>();
  const signers = given.map((s, i) => resolveSigner(err, `signers[${i}]`, s, names, microsoftImages));

  return {
    id,
    profile,
    policyName,
    failureAction: profile === 'production' ? 'Enforce' : 'Audit',
    failurePolicy: profile === 'production' ? 'Fail' : 'Ignore',
    pinDigests: profile === 'production',
    webhookTimeoutSeconds,
    microsoftImages,
    signers,
    microsoftNotationTrustPolicy: microsoftNotationTrustPolicy(),
  };
}

function checkPattern(err: PropErrors, path: string, p: unknown): asserts p is string {
  if (typeof p !== 'string' || !IMAGE_PATTERN.test(p) || p.length > 512) {
    throw err.error('INVALID_PROP', path, 'is not an image pattern with a registry host', p,
      'Give a pattern such as "contoso.azurecr.io/plant-a/*" (`*` matches any characters, `/` included)', 'ED-2');
  }
  const host = p.split('/')[0];
  if (host.startsWith('*') || host === '?') {
    throw err.error('INVALID_PROP', path, 'leaves the registry open', p, 'Name the registry host, e.g. "contoso.azurecr.io/plant-a/*"', 'ED-2');
  }
}

function resolveSigner(err: PropErrors, path: string, s: SignerProps, names: Set<string>, microsoftImages: readonly string[]): ResolvedSigner {
  if (!s || typeof s !== 'object') {
    throw err.error('INVALID_PROP', path, 'is not a signer', s, 'Give { name, certificates, imageReferences }', 'ED-2');
  }
  if (typeof s.name !== 'string' || !DNS_LABEL.test(s.name) || s.name.length > 40) {
    throw err.error('INVALID_PROP', `${path}.name`, 'is not a DNS-1123 label of at most 40 characters', s.name, 'Use e.g. "contoso-release"');
  }
  if (names.has(s.name)) throw err.error('DUPLICATE', `${path}.name`, 'is used by another signer', s.name, 'Give each signer its own name');
  if (`verify-${s.name}` === SIGNED_IMAGE_POLICY_DEFAULTS.microsoftRuleName) {
    throw err.error('RESERVED_NAME', `${path}.name`, 'is reserved for the Microsoft rule', s.name, 'Use another name');
  }
  names.add(s.name);
  const certificates = resolveCertificates(err, `${path}.certificates`, s.certificates);
  if (!Array.isArray(s.imageReferences) || s.imageReferences.length === 0) {
    throw err.error('MISSING_PROP', `${path}.imageReferences`, 'names no images', s.imageReferences,
      'Give the patterns of the images this signer signs, e.g. ["contoso.azurecr.io/plant-a/*"]', 'ED-2');
  }
  s.imageReferences.forEach((p, j) => {
    const at = `${path}.imageReferences[${j}]`;
    checkPattern(err, at, p);
    // Kyverno applies every matching rule: a signer rule that matched AIO images would refuse them.
    const aio = microsoftImages.find((m) => patternsOverlap(p, m));
    if (aio) {
      throw err.error('INVALID_PROP', at, `also matches Microsoft images (${aio}), which your signer did not sign`, p,
        'Narrow it to your own registry or repositories; AIO images are verified against the Microsoft root', 'ED-2');
    }
  });
  return { name: s.name, certificates, imageReferences: [...s.imageReferences] };
}

function resolveCertificates(err: PropErrors, path: string, pem: unknown): string {
  if (typeof pem !== 'string' || pem.trim() === '') {
    throw err.error('MISSING_PROP', path, 'holds no PEM certificate', typeof pem === 'string' ? pem : NO_VALUE,
      'Give the signer\'s root or CA certificate in PEM ("-----BEGIN CERTIFICATE-----...")', 'ED-2');
  }
  const blocks = [...pem.matchAll(PEM_BLOCK)];
  const nonCert = blocks.find((b) => b[1] !== 'CERTIFICATE');
  if (nonCert || /PRIVATE KEY/.test(pem)) {
    throw err.error('INVALID_PROP', path, `holds a ${nonCert?.[1] ?? 'PRIVATE KEY'} block`, NO_VALUE,
      'Give public certificates only; a signing key never belongs in a cluster policy', 'ED-2');
  }
  if (blocks.length === 0) {
    throw err.error('INVALID_PROP', path, 'holds no PEM certificate', pem.length > 40 ? `${pem.slice(0, 37)}...` : pem,
      'Give the signer\'s root or CA certificate in PEM ("-----BEGIN CERTIFICATE-----...")', 'ED-2');
  }
  const out: string[] = [];
  blocks.forEach((b, k) => {
    const text = `-----BEGIN CERTIFICATE-----\n${b[2].replace(/\s+/g, '').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
    try {
      new X509Certificate(text);
    } catch {
      throw err.error('INVALID_PROP', path, `certificate ${k + 1} is not a readable X.509 certificate`, NO_VALUE, 'Give the certificate as PEM exported from your PKI', 'ED-2');
    }
    out.push(text);
  });
  return out.join('');
}

/** The Notation trust policy of facts 4.2, for `notation policy import`. */
function microsoftNotationTrustPolicy(): JsonObject {
  return {
    version: '1.0',
    trustPolicies: [{
      name: 'azure-iot-operations',
      registryScopes: ['*'],
      signatureVerification: { level: 'strict' },
      trustStores: ['ca:supplychain'],
      trustedIdentities: [...MICROSOFT_TRUSTED_IDENTITIES],
    }],
  };
}

/** Plans the ClusterPolicy: one `verifyImages` rule for Microsoft's images, one per signer. */
export function planSignedImagePolicy(r: ResolvedSignedImagePolicy): Resource[] {
  const rule = (name: string, imageReferences: readonly string[], cert: string): JsonObject => ({
    name,
    match: { any: [{ resources: { kinds: ['Pod'] } }] },
    verifyImages: [{
      type: 'Notary',
      imageReferences: [...imageReferences],
      failureAction: r.failureAction,
      required: true,
      mutateDigest: r.pinDigests,
      verifyDigest: r.pinDigests,
      attestors: [{ count: 1, entries: [{ certificates: { cert } }] }],
    }],
  });
  return [{
    ...KYVERNO,
    id: signedImagePolicyIds.clusterPolicy(r.id),
    name: r.policyName,
    annotations: {
      'policies.kyverno.io/title': 'Verify Notation signatures of Azure IoT Operations and workload images',
      'policies.kyverno.io/category': 'Supply chain (ED-2)',
      'policies.kyverno.io/description':
        'Azure IoT Operations images must carry a Notation signature that chains to the Microsoft Supply Chain RSA Root CA 2022; ' +
        'workload images must be signed by the listed signers.',
    },
    spec: {
      webhookConfiguration: { failurePolicy: r.failurePolicy, timeoutSeconds: r.webhookTimeoutSeconds },
      rules: [
        rule(SIGNED_IMAGE_POLICY_DEFAULTS.microsoftRuleName, r.microsoftImages, MICROSOFT_SUPPLY_CHAIN_ROOT_PEM),
        ...r.signers.map((s) => rule(SIGNED_IMAGE_POLICY_DEFAULTS.signerRuleName(s.name), s.imageReferences, s.certificates)),
      ],
    },
  }];
}

// ---------------------------------------------------------------------------------------------
// Image references, shared with the image rules.

/** An image reference split into its parts. */
export interface ImageReference {
  /** The reference without tag and digest, e.g. `mcr.microsoft.com/azureiotoperations/aio-operator`. */
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:<hex>`. */
  readonly digest?: string;
}

const REFERENCE = /^([a-zA-Z0-9][-a-zA-Z0-9._:/]*?)(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@([a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}))?$/;

/**
 * Parses an image reference as the kubelet takes it. Undefined when it is not one (for example a
 * template expression such as `{{ .Values.image }}` left in the manifest).
 */
export function parseImageReference(image: string): ImageReference | undefined {
  const m = REFERENCE.exec(image.trim());
  if (!m || image.trim() !== image || /[{}$\s]/.test(image)) return undefined;
  const [, repository, tag, digest] = m;
  // `host:port/path` without a tag: the regex took the port as part of the repository, which is right.
  return { repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** The fully qualified repository (`docker.io/library/nginx` for `nginx`), for pattern matching. */
export function qualifiedRepository(repository: string): string {
  const first = repository.split('/')[0];
  const hasHost = repository.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasHost) return repository;
  return repository.includes('/') ? `docker.io/${repository}` : `docker.io/library/${repository}`;
}

/** Whether a Kyverno image pattern (`*` any characters, `?` one) matches an image reference. */
export function imagePatternMatches(pattern: string, image: string): boolean {
  const re = new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&'))).join('')}$`);
  if (re.test(image)) return true;
  const parsed = parseImageReference(image);
  return parsed !== undefined && re.test(qualifiedRepository(parsed.repository) + image.slice(parsed.repository.length));
}

/** True when an image AIO pulls matches the pattern: is the pattern's reach over AIO's repositories. */
function patternsOverlap(pattern: string, microsoft: string): boolean {
  const probe = microsoft.replace(/\*/g, 'x').replace(/\?/g, 'x');
  return imagePatternMatches(pattern, probe) || imagePatternMatches(microsoft, pattern.replace(/\*/g, 'x').replace(/\?/g, 'x'));
}

/** True when the image is an Azure IoT Operations image (`mcr.microsoft.com/azureiotoperations/...`). */
export function isAioImage(image: string): boolean {
  return AIO_IMAGE_REFERENCES.some((p) => imagePatternMatches(p, image));
}

/** The Kubernetes workload kinds whose pod templates the image rules read. */
export const WORKLOAD_KINDS = [
  { group: '', kind: 'Pod' },
  { group: 'apps', kind: 'Deployment' },
  { group: 'apps', kind: 'StatefulSet' },
  { group: 'apps', kind: 'DaemonSet' },
  { group: 'apps', kind: 'ReplicaSet' },
  { group: 'batch', kind: 'Job' },
  { group: 'batch', kind: 'CronJob' },
] as const;

/** One container of a workload, with the JSON pointer of its `image`. */
export interface WorkloadContainer {
  readonly name: string;
  readonly image: string;
  /** JSON pointer of the image within the object, e.g. `/spec/template/spec/containers/0/image`. */
  readonly path: string;
}

/**
 * The containers (init and ephemeral ones included) of a workload. Throws, with a message naming
 * the field, when the pod spec cannot be read: the rules then report `unknown`.
 */
export function workloadContainers(r: Resource): WorkloadContainer[] {
  const podPath = r.kind === 'Pod' ? ['spec'] : r.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template', 'spec'] : ['spec', 'template', 'spec'];
  let at: JsonValue = { spec: r.spec } as JsonObject;
  for (const key of podPath) {
    if (!isJsonObject(at) || !isJsonObject(at[key])) throw new Error(`${podPath.slice(0, podPath.indexOf(key) + 1).join('.')} is not an object`);
    at = at[key];
  }
  const pod = at as JsonObject;
  const base = `/${podPath.join('/')}`;
  const out: WorkloadContainer[] = [];
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    const list = pod[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new Error(`${podPath.join('.')}.${field} is not a list`);
    list.forEach((c, i) => {
      if (!isJsonObject(c)) throw new Error(`${podPath.join('.')}.${field}[${i}] is not an object`);
      if (typeof c.image !== 'string' || c.image === '') throw new Error(`${podPath.join('.')}.${field}[${i}].image is not a string`);
      out.push({ name: typeof c.name === 'string' ? c.name : `${field}[${i}]`, image: c.image, path: `${base}/${field}/${i}/image` });
    });
  }
  if (pod.containers === undefined) throw new Error(`${podPath.join('.')}.containers is missing`);
  return out;
}
