import { AIO } from '../../model/aio';
import { aioKeySpec, CERTIFICATE_POLICY_LIMITS } from '../../model/certificate-policy';
import { parseGoDuration } from '../../model/duration';
import { isJsonObject, type JsonObject, type Resource } from '../../model/resource';
import { CERTIFICATE_LIMITS } from '../../model/secure-broker';
import { K8S } from '../../model/versions';
import { listenerPorts, sameEnum, tlsOf } from '../broker/common';
import type { DeploymentIndex } from '../deployment-index';
import type { KindSelector } from '../types';

const group = K8S.certManager.group;

/** Kind selectors of the cert-manager resources. */
export const CERTIFICATE: KindSelector = { group, kind: 'Certificate' };
export const ISSUER: KindSelector = { group, kind: 'Issuer' };
export const CLUSTER_ISSUER: KindSelector = { group, kind: 'ClusterIssuer' };

/**
 * The bounds the certificate rules hold every certificate to, whoever wrote it. They are the
 * outer limits for anyone's manifests; `EdgePki`'s certificate policy generates certificates well
 * inside them.
 */
export const CERTIFICATE_RULE_LIMITS = {
  /** Leaf certificates (cert-manager Certificates without isCA, listener certificates): 90 days. */
  leafMaxHours: CERTIFICATE_LIMITS.listenerMaxHours,
  /**
   * CA certificates (cert-manager Certificates with isCA): 10 years. Long enough for an
   * intermediate or a root whose rotation needs every client's trust store updated; short enough
   * to catch the `876000h` (100-year) roots that tutorials copy around.
   */
  caMaxHours: 87600,
  /** What cert-manager gives a Certificate without a duration (90 days); a listener spec without one is read the same way. */
  defaultDurationHours: 2160,
  /** The smallest RSA key accepted (NIST SP 800-57: 128-bit security beyond 2030). */
  minRsaBits: CERTIFICATE_POLICY_LIMITS.minRsaBits,
  /** The smallest EC curve accepted: P-256. */
  minEcBits: 256,
} as const;

/**
 * The namespace where a ClusterIssuer of type CA finds its Secret: cert-manager's cluster resource
 * namespace, by default the namespace cert-manager runs in, which is `cert-manager` for upstream
 * installs and for AIO's cert-manager extension (facts 2.2).
 */
export const CLUSTER_RESOURCE_NAMESPACE = 'cert-manager';

/** A key family; one chain uses one family (facts 3.2). Ed25519 is EdDSA, a family of its own. */
export type KeyFamily = 'EC' | 'RSA' | 'Ed25519';

/** A private key as a rule sees it. */
export interface CertificateKey {
  readonly family: KeyFamily;
  /** Bits: the RSA modulus or the EC curve size; 256 for Ed25519. */
  readonly size: number;
  /** How the key was written, for messages: `RSA 2048`, `Ec256`. */
  readonly label: string;
  /** The fields cert-manager filled in with its defaults, for messages; empty when none. */
  readonly defaulted: readonly ('algorithm' | 'size')[];
}

/**
 * The key of a cert-manager Certificate as cert-manager applies it: no algorithm means RSA, and no
 * size means 2048 for RSA and 256 for ECDSA. Throws (making the outcome unknown) on values
 * cert-manager would not accept, rather than guessing.
 */
export function certificateKey(cert: Resource): CertificateKey {
  const key = objectAt(cert.spec, 'privateKey', 'spec.privateKey') ?? {};
  const algorithm = key.algorithm ?? undefined;
  const size = key.size ?? undefined;
  if (algorithm !== undefined && algorithm !== 'RSA' && algorithm !== 'ECDSA' && algorithm !== 'Ed25519') {
    throw new Error(`spec.privateKey.algorithm ${JSON.stringify(algorithm)} is not RSA, ECDSA or Ed25519`);
  }
  if (size !== undefined && !(typeof size === 'number' && Number.isInteger(size) && size > 0)) {
    throw new Error(`spec.privateKey.size ${JSON.stringify(size)} is not a whole number of bits`);
  }
  const defaulted: ('algorithm' | 'size')[] = [];
  if (algorithm === undefined) defaulted.push('algorithm');
  if (algorithm === 'Ed25519') return { family: 'Ed25519', size: 256, label: 'Ed25519', defaulted };
  if (size === undefined) defaulted.push('size');
  if (algorithm === 'ECDSA') {
    const bits = size ?? 256;
    return { family: 'EC', size: bits, label: `ECDSA P-${bits}`, defaulted };
  }
  const bits = size ?? 2048;
  return { family: 'RSA', size: bits, label: `RSA ${bits}`, defaulted };
}


/** AIO's default listener key when `certManagerCertificateSpec.privateKey` is absent (the v1 CRD's default). */
export const AIO_DEFAULT_LISTENER_KEY = 'Ec256';

/**
 * The key of an AIO certificate spec (`certManagerCertificateSpec` or `internalCerts`): its
 * `privateKey.algorithm` (`Ec256`, `rsa2048`: the CRD takes both cases), or `fallback` when there
 * is no privateKey (undefined without a fallback). Throws (making the outcome unknown) when the
 * algorithm is missing or not one of AIO's.
 */
export function aioCertificateKey(spec: JsonObject, where: string, fallback?: string): CertificateKey | undefined {
  const key = objectAt(spec, 'privateKey', `${where}.privateKey`);
  if (key === undefined && fallback === undefined) return undefined;
  const algorithm = key === undefined ? fallback : key.algorithm;
  if (algorithm === undefined || algorithm === null) throw new Error(`${where}.privateKey.algorithm is missing`);
  // One reading of AIO's key enum for the model and the rules (PascalCase or lower case only).
  const known = algorithm !== '' ? aioKeySpec(algorithm) : undefined;
  if (!known) throw new Error(`${where}.privateKey.algorithm ${JSON.stringify(algorithm)} is not an AIO key algorithm (Ec256, Ec384, Ec521, Ed25519, Rsa2048, Rsa4096, Rsa8192)`);
  return { ...known, label: String(algorithm), defaulted: [] };
}

/** An issuer reference, with cert-manager's defaults applied. */
export interface IssuerReference {
  readonly name: string;
  /** `Issuer` or `ClusterIssuer` for cert-manager's own issuers; anything for external ones. */
  readonly kind: string;
  readonly group: string;
}

/**
 * Reads an `issuerRef`. Undefined when it is absent or has no name (listener-automatic-certificates
 * and the CRDs report that); throws (making the outcome unknown) when it is there but malformed.
 * `defaultKind` is cert-manager's (`Issuer`) for Certificates; AIO requires a kind on listeners, so
 * a listener reference without one is treated as absent.
 */
export function readIssuerRef(value: unknown, where: string, defaultKind?: string): IssuerReference | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) throw new Error(`${where} is not an object`);
  for (const field of ['name', 'kind', 'group'] as const) {
    const v = value[field];
    if (v !== undefined && v !== null && typeof v !== 'string') throw new Error(`${where}.${field} ${JSON.stringify(v)} is not a string`);
  }
  const name = value.name as string | undefined;
  const kind = (value.kind as string | undefined) || defaultKind;
  if (!name || !kind) return undefined;
  return { name, kind, group: (value.group as string | undefined) || group };
}

/** True for the names of AIO's quickstart ClusterIssuer, which AIO creates itself (facts 3.1). */
export function isQuickstartIssuer(ref: IssuerReference, namespace: string | undefined): boolean {
  if (ref.kind !== CLUSTER_ISSUER.kind || ref.group !== group) return false;
  return ref.name === AIO.quickstartIssuerName || (namespace !== undefined && ref.name === `${namespace}-aio-certificate-issuer`);
}

/** True when the input holds at least one cert-manager Issuer or ClusterIssuer. */
export function holdsIssuers(index: DeploymentIndex): boolean {
  return index.ofKind(ISSUER.group, ISSUER.kind).length > 0 || index.ofKind(CLUSTER_ISSUER.group, CLUSTER_ISSUER.kind).length > 0;
}

/**
 * The issuer a reference names: an `Issuer` in `namespace` (where the certificate lives) or a
 * `ClusterIssuer`.
 */
export function findIssuer(index: DeploymentIndex, ref: IssuerReference, namespace: string | undefined): Resource | undefined {
  if (ref.kind === CLUSTER_ISSUER.kind) return index.find(ref.group, ref.kind, ref.name);
  return index.find(ref.group, ref.kind, ref.name, namespace);
}

/** The CA certificate behind an issuer, or why there is none to compare with. */
export type IssuingCa =
  | { readonly status: 'found'; readonly issuer: Resource; readonly ca: Resource; readonly key: CertificateKey }
  /** The issuer signs each certificate with the certificate's own key: the chain is that one certificate. */
  | { readonly status: 'self-signed' }
  | { readonly status: 'none'; readonly reason: string };

/**
 * Follows a reference to the CA that signs with it: the issuer (self-signed, or of type CA,
 * `spec.ca.secretName`) and the Certificate that writes that Secret, in the Issuer's namespace or,
 * for a ClusterIssuer, in cert-manager's cluster resource namespace. Throws (making the outcome
 * unknown) on malformed values or when several Certificates write the same Secret.
 */
export function issuingCa(index: DeploymentIndex, ref: IssuerReference, namespace: string | undefined): IssuingCa {
  const issuer = findIssuer(index, ref, namespace);
  const named = `${ref.kind} ${ref.name}`;
  if (!issuer) return { status: 'none', reason: `issuer ${named} is not among the checked manifests` };
  if (objectAt(issuer.spec, 'selfSigned', `${named} spec.selfSigned`)) return { status: 'self-signed' };
  const ca = objectAt(issuer.spec, 'ca', `${named} spec.ca`);
  if (ca === undefined) return { status: 'none', reason: `issuer ${named} is neither a CA issuer (spec.ca) nor self-signed, so the key that signs with it is not in the input` };
  const secret = ca.secretName;
  if (typeof secret !== 'string' || secret === '') throw new Error(`${named} spec.ca.secretName ${JSON.stringify(secret)} is not a Secret name`);
  const caNamespace = issuer.kind === CLUSTER_ISSUER.kind ? CLUSTER_RESOURCE_NAMESPACE : issuer.namespace ?? namespace;
  const writers = certificatesBySecret(index).get(secret) ?? [];
  const exact = writers.filter((c) => caNamespace !== undefined && c.namespace === caNamespace);
  // Manifests often leave the namespace to `kubectl apply -n`: a namespace-less Certificate counts.
  const candidates = exact.length ? exact : writers.filter((c) => c.namespace === undefined || caNamespace === undefined);
  const where = caNamespace ? ` in namespace ${caNamespace}` : '';
  if (candidates.length === 0) {
    return { status: 'none', reason: `the CA of ${named} (Secret ${secret}${where}) is not issued by a Certificate among the checked manifests, so its key family cannot be read` };
  }
  if (candidates.length > 1) {
    throw new Error(`${candidates.length} Certificates (${candidates.map((c) => c.name).join(', ')}) write the CA Secret ${secret} of ${named}`);
  }
  return { status: 'found', issuer, ca: candidates[0], key: certificateKey(candidates[0]) };
}

const BY_SECRET = new WeakMap<DeploymentIndex, Map<string, Resource[]>>();

/** Certificates by the Secret they write, built once per deployment: every listener port looks its CA up. */
function certificatesBySecret(index: DeploymentIndex): Map<string, Resource[]> {
  let map = BY_SECRET.get(index);
  if (!map) {
    map = new Map();
    for (const c of index.ofKind(CERTIFICATE.group, CERTIFICATE.kind)) {
      const secret = c.spec.secretName;
      if (typeof secret !== 'string') continue;
      const list = map.get(secret);
      if (list) list.push(c);
      else map.set(secret, [c]);
    }
    BY_SECRET.set(index, map);
  }
  return map;
}

/** A Go duration in seconds; undefined when absent, throws (making the outcome unknown) when malformed. */
export function durationAt(o: JsonObject, field: string, where: string): number | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  const seconds = parseGoDuration(v);
  if (seconds === undefined) throw new Error(`${where}.${field} ${JSON.stringify(v)} is not a Go duration`);
  if (seconds <= 0) throw new Error(`${where}.${field} ${JSON.stringify(v)} is not positive`);
  return seconds;
}

/** An object field; undefined when absent, throws (making the outcome unknown) when not an object. */
export function objectAt(o: JsonObject, field: string, where: string): JsonObject | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (!isJsonObject(v)) throw new Error(`${where} is not an object`);
  return v;
}

/** The ports of a listener that ask cert-manager for a certificate, with their certificate spec. */
export interface AutomaticCertificatePort {
  readonly index: number;
  readonly number: number | string;
  readonly path: string;
  readonly spec: JsonObject;
  /** Where the spec is, for unknown reasons: `spec.ports[0].tls.certManagerCertificateSpec`. */
  readonly where: string;
}

/**
 * The ports of a listener whose TLS mode is Automatic and that carry a `certManagerCertificateSpec`.
 * Ports without TLS, with Manual TLS or without a spec are left to listener-requires-tls and
 * listener-automatic-certificates. Throws (making the outcome unknown) on malformed ports.
 */
export function automaticCertificatePorts(listener: Resource): AutomaticCertificatePort[] {
  const out: AutomaticCertificatePort[] = [];
  for (const p of listenerPorts(listener)) {
    const tls = tlsOf(p);
    if (!tls || !sameEnum(tls.mode, 'Automatic')) continue;
    const where = `spec.ports[${p.index}].tls.certManagerCertificateSpec`;
    const spec = objectAt(tls, 'certManagerCertificateSpec', where);
    if (spec) out.push({ index: p.index, number: p.number, path: `${p.path}/tls/certManagerCertificateSpec`, spec, where });
  }
  return out;
}
