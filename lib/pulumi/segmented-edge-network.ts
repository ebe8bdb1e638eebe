import * as pulumi from '@pulumi/pulumi';
import type { Provider as KubernetesProvider } from '@pulumi/kubernetes/provider';
import type { Resource, Waiver } from '../model/resource';
import {
  planSegmentedEdgeNetwork,
  resolveSegmentedEdgeNetwork,
  segmentationDesign,
  type SegmentationDesign,
  type SegmentedEdgeNetworkProps,
} from '../model/segmented-edge-network';
import type { Profile } from '../rules/types';
import type { CheckResult } from '../rules/engine';
import { checkAtConstruction } from './guidance-checks';
import { checkRenderable, PLANNED_RESOURCES_OUTPUT, plannedResourceOutput, renderResources, type PlannedResourceOutput, type RenderContext } from './render';

export type { SegmentedEdgeNetworkProps } from '../model/segmented-edge-network';

const CONSTRUCT = 'SegmentedEdgeNetwork';

/** Arguments of the Pulumi `SegmentedEdgeNetwork`: the props of every backend, plus the cluster. */
export interface SegmentedEdgeNetworkArgs extends SegmentedEdgeNetworkProps {
  /** Provider of the cluster the namespaces and NetworkPolicies go to. Required; the ambient kubeconfig is never assumed. */
  readonly kubernetesProvider: KubernetesProvider;
  /**
   * The reading of the guidance construction enforces.
   * @default 'production'
   */
  readonly profile?: Profile;
  /**
   * Waivers for findings on this network's resources (each with a `target`).
   * @default []
   */
  readonly waivers?: readonly Waiver[];
}

/**
 * Zones and conduits compiled to Kubernetes namespaces and NetworkPolicies through the given
 * provider, from the same plan as the cdk8s `SegmentedEdgeNetwork`. The guidance rules run on the
 * plan before anything is registered. Child names are `<name>-<logical id without the name>`.
 */
export class SegmentedEdgeNetwork extends pulumi.ComponentResource {
  /** The Pulumi type token. */
  public static readonly TYPE = 'aio-secure:network:SegmentedEdgeNetwork';

  /** The planned resources. */
  public readonly resources: readonly Resource[];
  /** The declared zones and conduits as plain data, for diagrams. */
  public readonly design: SegmentationDesign;
  /** What the guidance rules found on the plan at construction (waived findings included). */
  public readonly checks: CheckResult;
  /** The Pulumi resource of each planned resource, by logical id. */
  public readonly children: ReadonlyMap<string, pulumi.CustomResource>;

  constructor(name: string, args: SegmentedEdgeNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    const resolved = resolveSegmentedEdgeNetwork(name, args);
    const resources = planSegmentedEdgeNetwork(resolved);
    const checks = checkAtConstruction(CONSTRUCT, name, resources, { profile: args.profile ?? 'production', waivers: args.waivers });
    const context: RenderContext = { construct: CONSTRUCT, kubernetesProvider: args.kubernetesProvider };
    checkRenderable(name, resources, context);

    const { kubernetesProvider: _provider, ...inputs } = args;
    super(SegmentedEdgeNetwork.TYPE, name, inputs, opts);
    this.resources = resources;
    this.design = segmentationDesign(resolved);
    this.checks = checks;
    this.children = renderResources(this, name, resources, context);
    const planned: PlannedResourceOutput[] = resources.map((r) => plannedResourceOutput(r, this.children.get(r.id)!));
    this.registerOutputs({ design: this.design, [PLANNED_RESOURCES_OUTPUT]: planned });
  }
}
