import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { JsonObject, Resource } from '../model/resource';
import {
  planSignedImagePolicy,
  resolveSignedImagePolicy,
  type SignedImagePolicyProfile,
  type SignedImagePolicyProps,
} from '../model/signed-image-policy';
import { GuidanceChecks } from './guidance-checks';
import { renderResources } from './render';

export type { SignedImagePolicyProps, SignerProps } from '../model/signed-image-policy';

/**
 * ED-2: a Kyverno ClusterPolicy that verifies the Notation signatures of Azure IoT Operations
 * images against Microsoft's supply-chain root, and of your own images against your signers.
 * `production` refuses unverified images and pins the verified digest; `development` audits.
 * Needs Kyverno on the cluster (see docs/constructs/signed-image-policy.md).
 */
export class SignedImagePolicy extends Construct {
  /** The profile the policy follows. */
  public readonly profile: SignedImagePolicyProfile;
  /** The ClusterPolicy's name. */
  public readonly policyName: string;
  /**
   * Microsoft's Notation trust policy for AIO images, with the trusted identities, for
   * `notation verify` where images are promoted (the admission policy cannot check identities).
   */
  public readonly microsoftNotationTrustPolicy: JsonObject;
  /** The planned resources, as the rules and the other renderers see them. */
  public readonly resources: readonly Resource[];
  /** The rendered objects. */
  public readonly apiObjects: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: SignedImagePolicyProps) {
    super(scope, id);
    const resolved = resolveSignedImagePolicy(id, props);
    this.profile = resolved.profile;
    this.policyName = resolved.policyName;
    this.microsoftNotationTrustPolicy = resolved.microsoftNotationTrustPolicy;
    this.resources = planSignedImagePolicy(resolved);
    this.apiObjects = renderResources(this, id, this.resources);
    GuidanceChecks.of(this);
  }
}
