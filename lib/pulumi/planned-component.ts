import * as pulumi from '@pulumi/pulumi';
import type { Provider as KubernetesProvider } from '@pulumi/kubernetes/provider';
import type { Resource, Waiver } from '../model/resource';
import type { CheckResult } from '../rules/engine';
import { checkAtConstruction, type ConstructionCheckOptions } from './guidance-checks';
import { checkRenderable, PLANNED_RESOURCES_OUTPUT, plannedResourceOutput, renderResources, type RenderContext } from './render';

/**
 * What the runtime components (ArcRuntimePolicy, EdgeObservability, AssetAccessControl,
 * DefenderProtection) take besides their props: where the children go, the values and resources
 * their plan references, and the waivers of the construction-time checks.
 */
export interface SiteArgs {
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

/** `args` split into the component's props, its waivers and the render context of `construct`. */
export function splitSiteArgs<A extends SiteArgs>(construct: string, args: A) {
  const { resourceGroupName, subscriptionId, parameters, kubernetesProvider, waivers, rendered, ...props } = args;
  const context: RenderContext = { construct, resourceGroupName, subscriptionId, parameters, kubernetesProvider, rendered };
  return { props, waivers, context };
}

/** A component's plan and where it goes. */
export interface ComponentPlan {
  /** The planned resources. */
  readonly resources: readonly Resource[];
  /** Where they go; `construct` names the component in error messages. */
  readonly context: RenderContext;
}

/** A component's plan, where it goes, and how the guidance rules check it at construction. */
export interface CheckedComponentPlan extends ComponentPlan {
  /** The profile and waivers of the construction-time checks. */
  readonly checks: ConstructionCheckOptions;
  /**
   * What the checks run on, when the rules must also see resources of other components that the
   * plan references.
   * @default - the planned resources
   */
  readonly checked?: readonly Resource[];
}

/**
 * A component that creates each planned resource as a child (`renderResources`). Everything that
 * can reject the plan (`checkRenderable`) runs before the component is registered, so nothing is
 * registered on error. A subclass sets its own fields, then calls `registerPlannedOutputs`.
 */
export abstract class PlannedComponent extends pulumi.ComponentResource {
  /** The planned resources, as the rules and the other renderers see them. */
  public readonly resources: readonly Resource[];
  /** The Pulumi resource of each planned resource, by logical id. */
  public readonly children: ReadonlyMap<string, pulumi.CustomResource>;

  protected constructor(type: string, name: string, inputs: pulumi.Inputs, opts: pulumi.ComponentResourceOptions | undefined, plan: ComponentPlan) {
    checkRenderable(name, plan.resources, plan.context);
    super(type, name, inputs, opts);
    this.resources = plan.resources;
    this.children = renderResources(this, name, plan.resources, plan.context);
  }

  /** The id of each child, by logical id (a `resourceIds` output). */
  protected childIds(): Record<string, pulumi.Output<string>> {
    return Object.fromEntries([...this.children].map(([id, child]) => [id, child.id]));
  }

  /** Registers `outputs` and the `PLANNED_RESOURCES_OUTPUT` the CrossGuard policy pack reads back. */
  protected registerPlannedOutputs(outputs: pulumi.Inputs = {}): void {
    this.registerOutputs({ ...outputs, [PLANNED_RESOURCES_OUTPUT]: this.resources.map((r) => plannedResourceOutput(r, this.children.get(r.id)!)) });
  }
}

/**
 * A `PlannedComponent` whose plan the guidance rules check first (`checkAtConstruction`): an
 * unwaived error throws an `AioSecureError` with code `UNWAIVED_FINDINGS`, before the plan is
 * checked as renderable and before anything is registered.
 */
export abstract class CheckedComponent extends PlannedComponent {
  /** What the guidance rules found on the plan at construction (waived findings included). */
  public readonly checks: CheckResult;

  protected constructor(type: string, name: string, inputs: pulumi.Inputs, opts: pulumi.ComponentResourceOptions | undefined, plan: CheckedComponentPlan) {
    const checks = checkAtConstruction(plan.context.construct, name, plan.checked ?? plan.resources, plan.checks);
    super(type, name, inputs, opts, plan);
    this.checks = checks;
  }
}
