import type * as pulumi from '@pulumi/pulumi';
import type { Provider as KubernetesProvider } from '@pulumi/kubernetes/provider';
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
import type { Waiver } from '../model/resource';
import { CheckedComponent } from './planned-component';

export type { EdgePkiProps } from '../model/edge-pki';

const CONSTRUCT = 'EdgePki';

/**
 * Arguments of the Pulumi `EdgePki`: the props of every backend, plus the cluster the cert-manager
 * and trust-manager objects go to and the waivers of the construction-time checks.
 *
 * `profile` (from `EdgePkiProps`) is also the reading of the guidance that construction enforces:
 * a development PKI is checked as development, a production PKI as production. There is no
 * separate check profile because the two could only disagree one way, a development root under
 * the production checks, which those checks always reject.
 */
export interface EdgePkiArgs extends EdgePkiProps {
  /**
   * Provider of the cluster the cert-manager and trust-manager objects go to. Required: EdgePki's
   * plan is all Kubernetes objects, and the ambient kubeconfig is never assumed.
   */
  readonly kubernetesProvider: KubernetesProvider;
  /**
   * Waivers for findings on this PKI's resources (each with a `target`).
   * @default []
   */
  readonly waivers?: readonly Waiver[];
}

/**
 * The certificate authority, issuer and trust bundle of one AIO instance, as cert-manager and
 * trust-manager objects created through the given Kubernetes provider, from the same plan as the
 * cdk8s `EdgePki`.
 *
 * `development` makes a self-signed root under AIO's quickstart names; `production` puts your CA
 * (a key pair synced from Key Vault, or an external issuer) behind the issuer and publishes only
 * your CA certificate. Deploy the AIO instance with `trustConfig`, give `issuer` to
 * `SecureBroker`, and point X.509 clients and dataflow endpoints at `trustBundle`.
 *
 * The guidance rules run on the plan before anything is registered: an unwaived error throws an
 * `AioSecureError` with code `UNWAIVED_FINDINGS`, as cdk8s synth fails. Child names are
 * `<name>-<logical id without the name>` (`pki-ca-issuer`); logical ids are API, so children keep
 * their identity across releases.
 */
export class EdgePki extends CheckedComponent {
  /** The Pulumi type token. */
  public static readonly TYPE = 'aio-secure:pki:EdgePki';

  /** The profile the PKI follows, and the checks enforced. */
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

  constructor(name: string, args: EdgePkiArgs, opts?: pulumi.ComponentResourceOptions) {
    // Everything that can reject the args runs before the component is registered.
    const resolved = resolveEdgePki(name, args);
    // The provider reaches the children as an option; as a component input it would only be a
    // resource reference in the state.
    const { kubernetesProvider, ...inputs } = args;
    super(EdgePki.TYPE, name, inputs, opts, {
      resources: planEdgePki(resolved),
      context: { construct: CONSTRUCT, kubernetesProvider },
      checks: { profile: resolved.profile, waivers: args.waivers },
    });
    this.profile = resolved.profile;
    this.issuer = resolved.issuer;
    this.trustBundle = resolved.trustBundle;
    this.trustConfig = resolved.trustConfig;
    this.trustedClientCaConfigMap = resolved.clientCa?.configMapName;
    this.certificatePolicy = resolved.certificatePolicy;
    this.registerPlannedOutputs({
      issuer: this.issuer,
      trustBundle: this.trustBundle,
      trustConfig: this.trustConfig,
      ...(this.trustedClientCaConfigMap !== undefined ? { trustedClientCaConfigMap: this.trustedClientCaConfigMap } : {}),
    });
  }
}
