import * as pulumi from '@pulumi/pulumi';
import type { Provider as KubernetesProvider } from '@pulumi/kubernetes/provider';
import { planEdgeObservability, resolveEdgeObservability, type EdgeObservabilityProps } from '../model/edge-observability';
import type { Resource, Waiver } from '../model/resource';
import type { JsonObject } from '../model/resource';
import type { ExtensionSettingsContribution } from '../model/arc-runtime-policy';
import { collectorHelmValues, observabilityExtensionSettings } from '../model/edge-observability';
import type { CheckResult } from '../rules/engine';
import { checkAtConstruction } from './guidance-checks';
import { checkRenderable, PLANNED_RESOURCES_OUTPUT, plannedResourceOutput, renderResources, type RenderContext } from './render';

/** Args of EdgeObservability: its props plus where the children go. */
export interface EdgeObservabilityArgs extends EdgeObservabilityProps {
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

/** Azure Monitor, Log Analytics, Grafana, the Azure Monitor extensions and the Prometheus scrape ConfigMap (CL-2). */
export class EdgeObservability extends pulumi.ComponentResource {
  /** The Pulumi type token. */
  public static readonly TYPE = 'aio-secure:observability:EdgeObservability';
  /** The planned resources. */
  public readonly resources: readonly Resource[];
  /** What the guidance rules found on the plan at construction. */
  public readonly checks: CheckResult;
  /** The Pulumi resource of each planned resource, by logical id. */
  public readonly children: ReadonlyMap<string, pulumi.CustomResource>;
  /** AIO extension settings for ArcRuntimePolicy's extensionSettings. */
  public readonly extensionSettings: ExtensionSettingsContribution;
  /** Values of the aio-observability Helm release of the OpenTelemetry collector. */
  public readonly collectorHelmValues: JsonObject;

  constructor(name: string, args: EdgeObservabilityArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const { resourceGroupName, subscriptionId, parameters, kubernetesProvider, waivers, rendered, ...props } = args;
    const resolved = resolveEdgeObservability(name, props);
    const resources = planEdgeObservability(resolved);
    const checks = checkAtConstruction('EdgeObservability', name, resources, { waivers });
    const context: RenderContext = { construct: 'EdgeObservability', resourceGroupName, subscriptionId, parameters, kubernetesProvider, rendered };
    checkRenderable(name, resources, context);
    super(EdgeObservability.TYPE, name, props, opts);
    this.resources = resources;
    this.checks = checks;
    this.extensionSettings = observabilityExtensionSettings(resolved);
    this.collectorHelmValues = collectorHelmValues();
    this.children = renderResources(this, name, resources, context);
    this.registerOutputs({ [PLANNED_RESOURCES_OUTPUT]: resources.map((r) => plannedResourceOutput(r, this.children.get(r.id)!)) });
  }
}
