import * as pulumi from '@pulumi/pulumi';
import type { Provider as KubernetesProvider } from '@pulumi/kubernetes/provider';
import { planArcRuntimePolicy, resolveArcRuntimePolicy, type ArcRuntimePolicyProps } from '../model/arc-runtime-policy';
import type { Resource, Waiver } from '../model/resource';
import type { ConnectedClusterRequirement } from '../model/arc-runtime-policy';
import type { CheckResult } from '../rules/engine';
import { checkAtConstruction } from './guidance-checks';
import { checkRenderable, PLANNED_RESOURCES_OUTPUT, plannedResourceOutput, renderResources, type RenderContext } from './render';

/** Args of ArcRuntimePolicy: its props plus where the children go. */
export interface ArcRuntimePolicyArgs extends ArcRuntimePolicyProps {
  /** Resource group of the Azure resources. */
  readonly resourceGroupName?: pulumi.Input<string>;
  /** Subscription of subscription-level resources (the Defender plan). */
  readonly subscriptionId?: pulumi.Input<string>;
  /** Values of deployment parameters the plan references (`connectedClusterId` when no clusterId is given). */
  readonly parameters?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Provider of the cluster's Kubernetes objects, where the plan has any. */
  readonly kubernetesProvider?: KubernetesProvider;
  /** Waivers of the construction-time checks. */
  readonly waivers?: readonly Waiver[];
  /** Resources of other components the plan references, by logical id. */
  readonly rendered?: ReadonlyMap<string, pulumi.CustomResource>;
}

/** Pinned AIO runtime extensions (ED-1) and the connected cluster requirements. */
export class ArcRuntimePolicy extends pulumi.ComponentResource {
  /** The Pulumi type token. */
  public static readonly TYPE = 'aio-secure:runtime:ArcRuntimePolicy';
  /** The planned resources. */
  public readonly resources: readonly Resource[];
  /** What the guidance rules found on the plan at construction. */
  public readonly checks: CheckResult;
  /** The Pulumi resource of each planned resource, by logical id. */
  public readonly children: ReadonlyMap<string, pulumi.CustomResource>;
  /** What the connected cluster must have; aio-secure cannot set it (see the docs). */
  public readonly requirements: readonly ConnectedClusterRequirement[];
  /** Waivers the opt-outs give; pass them to GuidanceChecks. */
  public readonly waivers: readonly Waiver[];

  constructor(name: string, args: ArcRuntimePolicyArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const { resourceGroupName, subscriptionId, parameters, kubernetesProvider, waivers, rendered, ...props } = args;
    const resolved = resolveArcRuntimePolicy(name, props);
    const resources = planArcRuntimePolicy(resolved);
    // The construct's own profile decides how strictly its plan is judged.
    const checks = checkAtConstruction('ArcRuntimePolicy', name, resources, { waivers, profile: resolved.profile });
    const context: RenderContext = { construct: 'ArcRuntimePolicy', resourceGroupName, subscriptionId, parameters, kubernetesProvider, rendered };
    checkRenderable(name, resources, context);
    super(ArcRuntimePolicy.TYPE, name, props, opts);
    this.resources = resources;
    this.checks = checks;
    this.requirements = resolved.requirements;
    this.waivers = resolved.waivers;
    this.children = renderResources(this, name, resources, context);
    this.registerOutputs({ [PLANNED_RESOURCES_OUTPUT]: resources.map((r) => plannedResourceOutput(r, this.children.get(r.id)!)) });
  }
}
