import * as pulumi from '@pulumi/pulumi';
import type { Provider as KubernetesProvider } from '@pulumi/kubernetes/provider';
import type { JsonObject, Resource, Waiver } from '../model/resource';
import {
  planSignedImagePolicy,
  resolveSignedImagePolicy,
  type SignedImagePolicyProfile,
  type SignedImagePolicyProps,
} from '../model/signed-image-policy';
import type { CheckResult } from '../rules/engine';
import { checkAtConstruction } from './guidance-checks';
import { checkRenderable, PLANNED_RESOURCES_OUTPUT, plannedResourceOutput, renderResources, type PlannedResourceOutput, type RenderContext } from './render';

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
export class SignedImagePolicy extends pulumi.ComponentResource {
  /** The Pulumi type token. */
  public static readonly TYPE = 'aio-secure:supply-chain:SignedImagePolicy';

  /** The profile the policy follows, and the checks enforced. */
  public readonly profile: SignedImagePolicyProfile;
  /** The ClusterPolicy's name. */
  public readonly policyName: string;
  /** Microsoft's Notation trust policy for AIO images, for `notation verify` where images are promoted. */
  public readonly microsoftNotationTrustPolicy: JsonObject;
  /** The planned resources, as the rules and the other renderers see them. */
  public readonly resources: readonly Resource[];
  /** What the guidance rules found on the plan at construction (waived findings included). */
  public readonly checks: CheckResult;
  /** The Pulumi resource of each planned resource, by logical id. */
  public readonly children: ReadonlyMap<string, pulumi.CustomResource>;

  constructor(name: string, args: SignedImagePolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    const resolved = resolveSignedImagePolicy(name, args);
    const resources = planSignedImagePolicy(resolved);
    const checks = checkAtConstruction(CONSTRUCT, name, resources, { profile: resolved.profile, waivers: args.waivers });
    const context: RenderContext = { construct: CONSTRUCT, kubernetesProvider: args.kubernetesProvider };
    checkRenderable(name, resources, context);

    const { kubernetesProvider: _provider, ...inputs } = args;
    super(SignedImagePolicy.TYPE, name, inputs, opts);
    this.profile = resolved.profile;
    this.policyName = resolved.policyName;
    this.microsoftNotationTrustPolicy = resolved.microsoftNotationTrustPolicy;
    this.resources = resources;
    this.checks = checks;
    this.children = renderResources(this, name, resources, context);

    const planned: PlannedResourceOutput[] = resources.map((r) => plannedResourceOutput(r, this.children.get(r.id)!));
    this.registerOutputs({ policyName: this.policyName, [PLANNED_RESOURCES_OUTPUT]: planned });
  }
}
