import type * as pulumi from '@pulumi/pulumi';
import type { Provider as KubernetesProvider } from '@pulumi/kubernetes/provider';
import type { Waiver } from '../model/resource';
import {
  planSegmentedEdgeNetwork,
  resolveSegmentedEdgeNetwork,
  segmentationDesign,
  type SegmentationDesign,
  type SegmentedEdgeNetworkProps,
} from '../model/segmented-edge-network';
import type { Profile } from '../rules/types';
import { CheckedComponent } from './planned-component';

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
export class SegmentedEdgeNetwork extends CheckedComponent {
  /** The Pulumi type token. */
  public static readonly TYPE = 'aio-secure:network:SegmentedEdgeNetwork';

  /** The declared zones and conduits as plain data, for diagrams. */
  public readonly design: SegmentationDesign;

  constructor(name: string, args: SegmentedEdgeNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    const resolved = resolveSegmentedEdgeNetwork(name, args);
    const { kubernetesProvider, ...inputs } = args;
    super(SegmentedEdgeNetwork.TYPE, name, inputs, opts, {
      resources: planSegmentedEdgeNetwork(resolved),
      context: { construct: CONSTRUCT, kubernetesProvider },
      checks: { profile: args.profile ?? 'production', waivers: args.waivers },
    });
    this.design = segmentationDesign(resolved);
    this.registerPlannedOutputs({ design: this.design });
  }
}
