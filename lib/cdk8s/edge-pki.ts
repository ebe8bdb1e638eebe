import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { CertificatePolicy } from '../model/certificate-policy';
import {
  planEdgePki,
  resolveEdgePki,
  type AioTrustConfig,
  type EdgePkiIssuerRef,
  type EdgePkiProfile,
  type EdgePkiProps,
  type TrustBundleRef,
} from '../model/edge-pki';
import type { Resource } from '../model/resource';
import { GuidanceChecks } from './guidance-checks';
import { renderResources } from './render';

export type { EdgePkiProps } from '../model/edge-pki';

/**
 * The certificate authority, issuer and trust bundle of one AIO instance, as cert-manager and
 * trust-manager objects (Kubernetes-native, so YAML is the path in development and production).
 *
 * `development` makes a self-signed root under AIO's quickstart names; `production` puts your CA
 * (a key pair synced from Key Vault, or an external issuer) behind the issuer and publishes only
 * your CA certificate. Deploy the AIO instance with `trustConfig`, give `issuer` to
 * `SecureBroker`, and point X.509 clients and dataflow endpoints at `trustBundle`.
 */
export class EdgePki extends Construct {
  /** The profile the PKI follows. */
  public readonly profile: EdgePkiProfile;
  /** The issuer that signs broker certificates. */
  public readonly issuer: EdgePkiIssuerRef;
  /** The trust bundle ConfigMap in the AIO namespace. */
  public readonly trustBundle: TrustBundleRef;
  /** The AIO instance's trust settings (`CustomerManaged`). */
  public readonly trustConfig: AioTrustConfig;
  /** The ConfigMap for X.509 listeners' `trustedClientCaConfigMap`, when a client CA is given. */
  public readonly trustedClientCaConfigMap?: string;
  /** The certificate policy, for `SecureBroker` and anything else this issuer signs for. */
  public readonly certificatePolicy: CertificatePolicy;
  /** The planned resources, as the rules and the other renderers see them. */
  public readonly resources: readonly Resource[];
  /** The rendered objects. */
  public readonly apiObjects: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: EdgePkiProps) {
    super(scope, id);
    const resolved = resolveEdgePki(id, props);
    this.profile = resolved.profile;
    this.issuer = resolved.issuer;
    this.trustBundle = resolved.trustBundle;
    this.trustConfig = resolved.trustConfig;
    this.trustedClientCaConfigMap = resolved.clientCa?.configMapName;
    this.certificatePolicy = resolved.certificatePolicy;
    this.resources = planEdgePki(resolved);
    this.apiObjects = renderResources(this, id, this.resources);
    GuidanceChecks.of(this);
  }
}
