import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { planEdgeObservability, resolveEdgeObservability, type EdgeObservabilityProps } from '../model/edge-observability';
import type { Resource } from '../model/resource';
import type { JsonObject } from '../model/resource';
import type { ExtensionSettingsContribution } from '../model/arc-runtime-policy';
import { collectorHelmValues, observabilityExtensionSettings } from '../model/edge-observability';
import { GuidanceChecks } from './guidance-checks';
import { renderResources } from './render';

export type { EdgeObservabilityProps } from '../model/edge-observability';

/**
 * Azure Monitor, Log Analytics, Grafana, the Azure Monitor extensions and the Prometheus scrape ConfigMap (CL-2).
 * Azure resources are not YAML: `aio-secure synth --arm` writes them to the ARM template.
 */
export class EdgeObservability extends Construct {
  /** The planned resources, as the rules and the other renderers see them. */
  public readonly resources: readonly Resource[];
  /** The rendered Kubernetes objects. */
  public readonly apiObjects: readonly ApiObject[];
  /** AIO extension settings for ArcRuntimePolicy's extensionSettings. */
  public readonly extensionSettings: ExtensionSettingsContribution;
  /** Values of the aio-observability Helm release of the OpenTelemetry collector. */
  public readonly collectorHelmValues: JsonObject;

  constructor(scope: Construct, id: string, props: EdgeObservabilityProps = {}) {
    super(scope, id);
    const resolved = resolveEdgeObservability(id, props);
    this.resources = planEdgeObservability(resolved);
    this.extensionSettings = observabilityExtensionSettings(resolved);
    this.collectorHelmValues = collectorHelmValues();
    this.apiObjects = renderResources(this, id, this.resources);
    GuidanceChecks.of(this);
  }
}
