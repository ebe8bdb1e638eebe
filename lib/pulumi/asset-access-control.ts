import * as pulumi from '@pulumi/pulumi';
import type { Provider as KubernetesProvider } from '@pulumi/kubernetes/provider';
import { planAssetAccessControl, resolveAssetAccessControl, type AssetAccessControlProps } from '../model/asset-access-control';
import type { Resource, Waiver } from '../model/resource';
import type { CheckResult } from '../rules/engine';
import { checkAtConstruction } from './guidance-checks';
import { checkRenderable, PLANNED_RESOURCES_OUTPUT, plannedResourceOutput, renderResources, type RenderContext } from './render';

/** Args of AssetAccessControl: its props plus where the children go. */
export interface AssetAccessControlArgs extends AssetAccessControlProps {
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

/** Role assignments on assets, devices and Device Registry namespaces with the built-in AIO and Device Registry roles (CL-3). */
export class AssetAccessControl extends pulumi.ComponentResource {
  /** The Pulumi type token. */
  public static readonly TYPE = 'aio-secure:rbac:AssetAccessControl';
  /** The planned resources. */
  public readonly resources: readonly Resource[];
  /** What the guidance rules found on the plan at construction. */
  public readonly checks: CheckResult;
  /** The Pulumi resource of each planned resource, by logical id. */
  public readonly children: ReadonlyMap<string, pulumi.CustomResource>;

  constructor(name: string, args: AssetAccessControlArgs, opts?: pulumi.ComponentResourceOptions) {
    const { resourceGroupName, subscriptionId, parameters, kubernetesProvider, waivers, rendered, ...props } = args;
    const resolved = resolveAssetAccessControl(name, props);
    const resources = planAssetAccessControl(resolved);
    const checks = checkAtConstruction('AssetAccessControl', name, resources, { waivers });
    const context: RenderContext = { construct: 'AssetAccessControl', resourceGroupName, subscriptionId, parameters, kubernetesProvider, rendered };
    checkRenderable(name, resources, context);
    super(AssetAccessControl.TYPE, name, props, opts);
    this.resources = resources;
    this.checks = checks;
    this.children = renderResources(this, name, resources, context);
    this.registerOutputs({ [PLANNED_RESOURCES_OUTPUT]: resources.map((r) => plannedResourceOutput(r, this.children.get(r.id)!)) });
  }
}
