import * as pulumi from '@pulumi/pulumi';
import type { Provider as KubernetesProvider } from '@pulumi/kubernetes/provider';
import { planDefenderProtection, resolveDefenderProtection, type DefenderProtectionProps } from '../model/defender-protection';
import type { Resource, Waiver } from '../model/resource';
import type { CheckResult } from '../rules/engine';
import { checkAtConstruction } from './guidance-checks';
import { checkRenderable, PLANNED_RESOURCES_OUTPUT, plannedResourceOutput, renderResources, type RenderContext } from './render';

/** Args of DefenderProtection: its props plus where the children go. */
export interface DefenderProtectionArgs extends DefenderProtectionProps {
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

/** The Defender for Containers plan and the Defender sensor and Azure Policy extensions (OV-1). */
export class DefenderProtection extends pulumi.ComponentResource {
  /** The Pulumi type token. */
  public static readonly TYPE = 'aio-secure:security:DefenderProtection';
  /** The planned resources. */
  public readonly resources: readonly Resource[];
  /** What the guidance rules found on the plan at construction. */
  public readonly checks: CheckResult;
  /** The Pulumi resource of each planned resource, by logical id. */
  public readonly children: ReadonlyMap<string, pulumi.CustomResource>;

  constructor(name: string, args: DefenderProtectionArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const { resourceGroupName, subscriptionId, parameters, kubernetesProvider, waivers, rendered, ...props } = args;
    const resolved = resolveDefenderProtection(name, props);
    const resources = planDefenderProtection(resolved);
    const checks = checkAtConstruction('DefenderProtection', name, resources, { waivers });
    const context: RenderContext = { construct: 'DefenderProtection', resourceGroupName, subscriptionId, parameters, kubernetesProvider, rendered };
    checkRenderable(name, resources, context);
    super(DefenderProtection.TYPE, name, props, opts);
    this.resources = resources;
    this.checks = checks;
    this.children = renderResources(this, name, resources, context);
    this.registerOutputs({ [PLANNED_RESOURCES_OUTPUT]: resources.map((r) => plannedResourceOutput(r, this.children.get(r.id)!)) });
  }
}
