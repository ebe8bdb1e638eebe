import type * as pulumi from '@pulumi/pulumi';
import type { Provider as KubernetesProvider } from '@pulumi/kubernetes/provider';
import type { JsonObject, Waiver } from '../model/resource';
import {
  planSignedImagePolicy,
  resolveSignedImagePolicy,
  type SignedImagePolicyProfile,
  type SignedImagePolicyProps,
} from '../model/signed-image-policy';
import { CheckedComponent } from './planned-component';

export type { SignedImagePolicyProps, SignerProps } from '../model/signed-image-policy';

const CONSTRUCT = 'SignedImagePolicy';

/** Arguments of the Pulumi `SignedImagePolicy`: the props of every backend, plus the cluster. */
export interface SignedImagePolicyArgs extends SignedImagePolicyProps {
  /** Provider of the cluster the ClusterPolicy goes to (Kyverno must be installed there). */
  readonly kubernetesProvider: KubernetesProvider;
  /**
   * Waivers for findings on this policy's resources (each with a `target`).
   * @default []
   */
  readonly waivers?: readonly Waiver[];
}

/**
 * ED-2: a Kyverno ClusterPolicy, created through the given Kubernetes provider from the same plan
 * as the cdk8s `SignedImagePolicy`, that verifies the Notation signatures of Azure IoT Operations
 * images against Microsoft's supply-chain root and of your images against your signers.
 * `production` refuses unverified images and pins the verified digest; `development` audits.
 */
export class SignedImagePolicy extends CheckedComponent {
  /** The Pulumi type token. */
  public static readonly TYPE = 'aio-secure:supply-chain:SignedImagePolicy';

  /** The profile the policy follows, and the checks enforced. */
  public readonly profile: SignedImagePolicyProfile;
  /** The ClusterPolicy's name. */
  public readonly policyName: string;
  /** Microsoft's Notation trust policy for AIO images, for `notation verify` where images are promoted. */
  public readonly microsoftNotationTrustPolicy: JsonObject;

  constructor(name: string, args: SignedImagePolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    const resolved = resolveSignedImagePolicy(name, args);
    const { kubernetesProvider, ...inputs } = args;
    super(SignedImagePolicy.TYPE, name, inputs, opts, {
      resources: planSignedImagePolicy(resolved),
      context: { construct: CONSTRUCT, kubernetesProvider },
      checks: { profile: resolved.profile, waivers: args.waivers },
    });
    this.profile = resolved.profile;
    this.policyName = resolved.policyName;
    this.microsoftNotationTrustPolicy = resolved.microsoftNotationTrustPolicy;
    this.registerPlannedOutputs({ policyName: this.policyName });
  }
}
