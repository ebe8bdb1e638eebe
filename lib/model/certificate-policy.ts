/**
 * The certificate policy (AS-2): how long certificates live, when they renew, which keys they
 * use. One policy governs a whole chain, so every certificate in it has the same key family
 * (facts 3.2: all certificates in a chain must use the same key algorithm, EC or RSA).
 *
 * The same key is written two ways: AIO's broker fields (`certManagerCertificateSpec.privateKey`,
 * `advanced.internalCerts.privateKey`) take `{ algorithm: 'Ec256' | ... | 'Rsa4096', rotationPolicy }`,
 * while cert-manager `Certificate`s take `{ algorithm: 'ECDSA' | 'RSA' | 'Ed25519', size, rotationPolicy }`.
 * The helpers below map a policy to both, and read either back as a `KeySpec` for the rules.
 */
import type { GuidanceId } from '../guidance/catalogue';
import { PropErrors } from './errors';
import { durationProblem, parseGoDuration } from './duration';

/**
 * Key algorithms a policy allows. The names are AIO's broker enum values; every one of them also
 * exists in cert-manager. RSA 3072, the smallest RSA size the policy would accept, has no AIO
 * value (AIO offers Rsa2048, Rsa4096, Rsa8192), so RSA starts at 4096.
 */
export type CertificateKeyAlgorithm = 'Ec256' | 'Ec384' | 'Rsa4096' | 'Rsa8192';

/** The values of AIO's private key `algorithm` enum (BrokerListener and Broker internal certs). */
export type AioKeyAlgorithm = 'Ec256' | 'Ec384' | 'Ec521' | 'Ed25519' | 'Rsa2048' | 'Rsa4096' | 'Rsa8192';

/** The values of cert-manager's `Certificate.spec.privateKey.algorithm`. */
export type CertManagerKeyAlgorithm = 'ECDSA' | 'RSA' | 'Ed25519';

/** A key family; one chain uses one family. */
export type KeyFamily = 'EC' | 'RSA' | 'Ed25519';

/** A key, whatever format it was written in. */
export interface KeySpec {
  /** The key family. */
  readonly family: KeyFamily;
  /** Key size in bits (the curve size for EC; 256 for Ed25519). */
  readonly size: number;
}

/** Props of a certificate policy. Every field is optional; the defaults are the secure choice. */
export interface CertificatePolicyProps {
  /**
   * Lifetime of the certificates the policy governs (listener and internal broker certificates),
   * as a Go duration. At least `1h` (cert-manager's minimum), at most
   * `CERTIFICATE_POLICY_LIMITS.maxLifetimeHours`; short lifetimes stand in for revocation.
   * @default '2160h' (90 days, the Azure portal's default)
   */
  readonly lifetime?: string;
  /**
   * Lifetime of a CA certificate the policy governs (the development root of `EdgePki`), as a Go
   * duration. Longer than `lifetime`, so that the CA outlives what it signs; at most
   * `CERTIFICATE_POLICY_LIMITS.maxCaLifetimeHours`.
   * @default '8760h' (one year, as AIO's own quickstart root)
   */
  readonly caLifetime?: string;
  /**
   * Renew when this fraction of a certificate's lifetime remains; in (0, 0.5]. The renewal time
   * must come to at least 5 minutes (cert-manager's minimum).
   * @default 1/3 (cert-manager's own default: renew after two thirds of the lifetime)
   */
  readonly renewBeforeFraction?: number;
  /**
   * Key algorithm of every certificate in the chain: EC P-256, EC P-384, or RSA of at least
   * 4096 bits. EC P-521 and Ed25519 are not offered: many MQTT and OPC UA stacks cannot use them.
   * @default 'Ec256'
   */
  readonly keyAlgorithm?: CertificateKeyAlgorithm;
}

/** A validated certificate policy with every default applied. */
export interface CertificatePolicy {
  /** Lifetime of leaf certificates, a Go duration. */
  readonly lifetime: string;
  /** Lifetime of CA certificates, a Go duration. */
  readonly caLifetime: string;
  /** Fraction of the lifetime that remains when a certificate renews. */
  readonly renewBeforeFraction: number;
  /** Key algorithm of every certificate in the chain. */
  readonly keyAlgorithm: CertificateKeyAlgorithm;
  /** Private keys are never reused across renewals. Not configurable. */
  readonly rotationPolicy: 'Always';
}

/** Every default of a certificate policy, in one place. */
export const CERTIFICATE_POLICY_DEFAULTS = {
  lifetime: '2160h',
  caLifetime: '8760h',
  renewBeforeFraction: 1 / 3,
  keyAlgorithm: 'Ec256',
  rotationPolicy: 'Always',
} as const;

/** Bounds every policy stays within. */
export const CERTIFICATE_POLICY_LIMITS = {
  /** Leaf certificates: at most 90 days. */
  maxLifetimeHours: 2160,
  /** CA certificates: at most one year. */
  maxCaLifetimeHours: 8760,
  /** cert-manager rejects certificates that live less than an hour. */
  minLifetimeSeconds: 3600,
  /** cert-manager rejects `renewBefore` under 5 minutes. */
  minRenewBeforeSeconds: 300,
  /** `renewBeforeFraction` is in (0, this]. */
  maxRenewBeforeFraction: 0.5,
  /** The smallest RSA key the policy accepts. */
  minRsaBits: 3072,
} as const;

/** What the policy's key algorithms are, in both formats. */
const KEYS: Readonly<Record<CertificateKeyAlgorithm, { aio: AioKeyAlgorithm; certManager: CertManagerKeyAlgorithm; spec: KeySpec }>> = {
  Ec256: { aio: 'Ec256', certManager: 'ECDSA', spec: { family: 'EC', size: 256 } },
  Ec384: { aio: 'Ec384', certManager: 'ECDSA', spec: { family: 'EC', size: 384 } },
  Rsa4096: { aio: 'Rsa4096', certManager: 'RSA', spec: { family: 'RSA', size: 4096 } },
  Rsa8192: { aio: 'Rsa8192', certManager: 'RSA', spec: { family: 'RSA', size: 8192 } },
};

const ALLOWED_KEYS = Object.keys(KEYS) as CertificateKeyAlgorithm[];
const KEY_FIX = 'Use "Ec256" (the default), "Ec384", "Rsa4096" or "Rsa8192"';

/** Where a policy sits, for error messages: the construct, its id and the prop path of the policy. */
export interface CertificatePolicyContext {
  /** The construct class, e.g. `EdgePki`. */
  readonly construct: string;
  /** The construct's id. */
  readonly id: string;
  /** The prop path of the policy, e.g. `certificatePolicy`; empty for a standalone policy. */
  readonly path?: string;
}

const STANDALONE: CertificatePolicyContext = { construct: 'CertificatePolicy', id: 'default' };
const AS2: GuidanceId = 'AS-2';

/**
 * Validates a certificate policy and applies every default. Throws `AioSecureError` naming the
 * construct, the prop path, the value and the fix.
 */
export function resolveCertificatePolicy(
  props: CertificatePolicyProps | undefined = {},
  context: CertificatePolicyContext = STANDALONE,
): CertificatePolicy {
  const err = new PropErrors(context.construct, context.id);
  const at = (field: string) => (context.path ? `${context.path}.${field}` : field);
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    throw err.error('INVALID_PROP', context.path || 'props', 'is not a certificate policy', props,
      'Give { lifetime, caLifetime, renewBeforeFraction, keyAlgorithm }, or leave it out for the defaults', AS2);
  }
  const d = CERTIFICATE_POLICY_DEFAULTS;
  const L = CERTIFICATE_POLICY_LIMITS;

  const keyAlgorithm = props.keyAlgorithm ?? d.keyAlgorithm;
  if (!(ALLOWED_KEYS as readonly unknown[]).includes(keyAlgorithm)) {
    const weak = aioKeySpec(keyAlgorithm) ?? certManagerLikeSpec(keyAlgorithm);
    const problem = weak?.family === 'RSA' && weak.size < L.minRsaBits
      ? `is weaker than RSA ${L.minRsaBits}`
      : weak?.family === 'RSA'
        ? 'is an RSA size that AIO broker certificates cannot use (AIO offers Rsa2048, Rsa4096, Rsa8192)'
        : 'is not a key algorithm the policy allows';
    throw err.error('INVALID_PROP', at('keyAlgorithm'), problem, keyAlgorithm, KEY_FIX, AS2);
  }

  const renewBeforeFraction = props.renewBeforeFraction ?? d.renewBeforeFraction;
  if (typeof renewBeforeFraction !== 'number' || !Number.isFinite(renewBeforeFraction) || renewBeforeFraction <= 0 || renewBeforeFraction > L.maxRenewBeforeFraction) {
    throw err.error('INVALID_PROP', at('renewBeforeFraction'), `is outside (0, ${L.maxRenewBeforeFraction}]`, renewBeforeFraction,
      'Renew when at most half of the lifetime remains and leave cert-manager time to renew, e.g. 1/3', AS2);
  }

  const lifetime = checkLifetime(err, at('lifetime'), props.lifetime ?? d.lifetime, L.maxLifetimeHours, renewBeforeFraction);
  const caLifetime = checkLifetime(err, at('caLifetime'), props.caLifetime ?? d.caLifetime, L.maxCaLifetimeHours, renewBeforeFraction);
  if (parseGoDuration(caLifetime)! <= parseGoDuration(lifetime)!) {
    throw err.error('INVALID_PROP', at('caLifetime'), `is not longer than the lifetime ${lifetime} of the certificates it signs`, caLifetime,
      `A CA must outlive what it signs; use a caLifetime longer than ${lifetime}, e.g. "${CERTIFICATE_POLICY_DEFAULTS.caLifetime}"`, AS2);
  }

  return { lifetime, caLifetime, renewBeforeFraction, keyAlgorithm, rotationPolicy: 'Always' };
}

function checkLifetime(err: PropErrors, path: string, value: unknown, maxHours: number, fraction: number): string {
  const problem = durationProblem(value);
  if (problem) throw err.error('INVALID_PROP', path, problem, value, 'Use a Go duration such as "2160h" or "90m"', AS2);
  const seconds = parseGoDuration(value)!;
  const L = CERTIFICATE_POLICY_LIMITS;
  if (seconds > maxHours * 3600) {
    throw err.error('INVALID_PROP', path, `is longer than the ${maxHours}h limit`, value,
      `Use at most "${maxHours}h"; short lifetimes stand in for revocation`, AS2);
  }
  if (seconds < L.minLifetimeSeconds) {
    throw err.error('INVALID_PROP', path, 'is shorter than 1h, which cert-manager rejects', value, 'Use at least "1h"', AS2);
  }
  const renew = renewBeforeSeconds(seconds, fraction);
  if (renew < L.minRenewBeforeSeconds) {
    throw err.error('INVALID_PROP', path, `renews ${formatGoDuration(renew)} before expiry at renewBeforeFraction ${fraction}, under cert-manager's 5-minute minimum`, value,
      'Use a longer lifetime or a larger renewBeforeFraction', AS2);
  }
  return value as string;
}

function renewBeforeSeconds(lifetimeSeconds: number, fraction: number): number {
  // Whole seconds: 1/3 of 2160h is 720h exactly, not 719h59m59.999s.
  return Math.round(lifetimeSeconds * fraction);
}

/**
 * Seconds as a Go duration in the largest unit that divides them evenly: `720h`, `90m`, `45s`.
 * Fractions of a second are rounded to whole seconds.
 */
export function formatGoDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

/**
 * `duration` and `renewBefore` of a leaf certificate (`'leaf'`, the default) or a CA certificate
 * (`'ca'`) under the policy, as Go durations; `renewBefore` is the policy's fraction of the lifetime.
 */
export function lifetimeFor(policy: CertificatePolicy, certificate: 'leaf' | 'ca' = 'leaf'): { duration: string; renewBefore: string } {
  const duration = certificate === 'ca' ? policy.caLifetime : policy.lifetime;
  return { duration, renewBefore: formatGoDuration(renewBeforeSeconds(parseGoDuration(duration)!, policy.renewBeforeFraction)) };
}

/** The policy's key in AIO's broker format, e.g. `{ algorithm: 'Ec256', rotationPolicy: 'Always' }`. */
export function aioPrivateKey(policy: CertificatePolicy): { algorithm: AioKeyAlgorithm; rotationPolicy: 'Always' } {
  return { algorithm: KEYS[policy.keyAlgorithm].aio, rotationPolicy: 'Always' };
}

/** The policy's key in cert-manager's format, e.g. `{ algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' }`. */
export function certManagerPrivateKey(policy: CertificatePolicy): { algorithm: CertManagerKeyAlgorithm; size: number; rotationPolicy: 'Always' } {
  const k = KEYS[policy.keyAlgorithm];
  return { algorithm: k.certManager, size: k.spec.size, rotationPolicy: 'Always' };
}

/** The key family of a policy key algorithm. */
export function keyFamilyOf(algorithm: CertificateKeyAlgorithm): KeyFamily {
  return KEYS[algorithm].spec.family;
}

const AIO_KEYS: Readonly<Record<string, KeySpec>> = {
  ec256: { family: 'EC', size: 256 },
  ec384: { family: 'EC', size: 384 },
  ec521: { family: 'EC', size: 521 },
  ed25519: { family: 'Ed25519', size: 256 },
  rsa2048: { family: 'RSA', size: 2048 },
  rsa4096: { family: 'RSA', size: 4096 },
  rsa8192: { family: 'RSA', size: 8192 },
};

/**
 * Reads an AIO private key `algorithm` (`Ec256`, `rsa2048`: the CRD takes both cases), or
 * undefined when it is not one.
 */
export function aioKeySpec(algorithm: unknown): KeySpec | undefined {
  if (typeof algorithm !== 'string') return undefined;
  const lower = algorithm.toLowerCase();
  // Own properties only: "constructor" or "toString" must not read the prototype.
  const k = Object.hasOwn(AIO_KEYS, lower) ? AIO_KEYS[lower] : undefined;
  // Only PascalCase and all-lower-case are AIO values; "EC256" is not.
  return k && (algorithm === algorithm.toLowerCase() || algorithm[0] + algorithm.slice(1).toLowerCase() === algorithm) ? k : undefined;
}

/**
 * Reads a cert-manager `privateKey` as cert-manager would apply it: no algorithm means RSA, no size
 * means 2048 for RSA and 256 for ECDSA. Undefined when the algorithm is unknown.
 */
export function certManagerKeySpec(privateKey: { algorithm?: unknown; size?: unknown } | undefined): KeySpec | undefined {
  const algorithm = privateKey?.algorithm ?? 'RSA';
  const size = typeof privateKey?.size === 'number' ? privateKey.size : undefined;
  switch (algorithm) {
    case 'RSA':
      return { family: 'RSA', size: size ?? 2048 };
    case 'ECDSA':
      return { family: 'EC', size: size ?? 256 };
    case 'Ed25519':
      return { family: 'Ed25519', size: 256 };
    default:
      return undefined;
  }
}

/** Why a key is too weak for the policy's floor (RSA under 3072 bits, EC under 256), or undefined. */
export function weakKeyProblem(key: KeySpec): string | undefined {
  if (key.family === 'RSA' && key.size < CERTIFICATE_POLICY_LIMITS.minRsaBits) {
    return `RSA ${key.size} is weaker than RSA ${CERTIFICATE_POLICY_LIMITS.minRsaBits}`;
  }
  if (key.family === 'EC' && key.size < 256) return `EC P-${key.size} is weaker than P-256`;
  return undefined;
}

/** Reads spellings such as `RSA2048` or `rsa-2048` only to explain why they are refused. */
function certManagerLikeSpec(value: unknown): KeySpec | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^rsa[-_ ]?(\d+)$/i.exec(value);
  return m ? { family: 'RSA', size: Number(m[1]) } : undefined;
}
