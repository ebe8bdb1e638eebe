import type * as pulumi from '@pulumi/pulumi';
import { planEdgeObservability, resolveEdgeObservability, type EdgeObservabilityProps } from '../model/edge-observability';
import type { JsonObject } from '../model/resource';
import type { ExtensionSettingsContribution } from '../model/arc-runtime-policy';
import { collectorHelmValues, observabilityExtensionSettings } from '../model/edge-observability';
import { CheckedComponent, splitSiteArgs, type SiteArgs } from './planned-component';

/** Args of EdgeObservability: its props plus where the children go. */
export interface EdgeObservabilityArgs extends EdgeObservabilityProps, SiteArgs {}

/** Azure Monitor, Log Analytics, Grafana, the Azure Monitor extensions and the Prometheus scrape ConfigMap (CL-2). */
export class EdgeObservability extends CheckedComponent {
  /** The Pulumi type token. */
  public static readonly TYPE = 'aio-secure:observability:EdgeObservability';
  /** AIO extension settings for ArcRuntimePolicy's extensionSettings. */
  public readonly extensionSettings: ExtensionSettingsContribution;
  /** Values of the aio-observability Helm release of the OpenTelemetry collector. */
  public readonly collectorHelmValues: JsonObject;

  constructor(name: string, args: EdgeObservabilityArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const { props, waivers, context } = splitSiteArgs('EdgeObservability', args);
    const resolved = resolveEdgeObservability(name, props);
    super(EdgeObservability.TYPE, name, props, opts, { resources: planEdgeObservability(resolved), context, checks: { waivers } });
    this.extensionSettings = observabilityExtensionSettings(resolved);
    this.collectorHelmValues = collectorHelmValues();
    this.registerPlannedOutputs();
  }
}
