import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { Resource } from '../model/resource';
import {
  planSegmentedEdgeNetwork,
  resolveSegmentedEdgeNetwork,
  segmentationDesign,
  type SegmentationDesign,
  type SegmentedEdgeNetworkProps,
} from '../model/segmented-edge-network';
import { GuidanceChecks } from './guidance-checks';
import { renderResources } from './render';

export type { SegmentedEdgeNetworkProps } from '../model/segmented-edge-network';

/**
 * Zones and conduits (IEC 62443, Purdue levels) compiled to Kubernetes NetworkPolicies: a default
 * deny in both directions for every zone namespace and the AIO namespace, DNS to the cluster DNS,
 * one policy per conduit end, and what AIO itself needs (its components, the Arc agents, the
 * Kubernetes API, outbound HTTPS minus the external zones). Nothing else can talk; the
 * reachability analysis proves it.
 *
 * The policies are rendered from the plan as plain ApiObjects rather than through cdk8s-plus's
 * `NetworkPolicy`: the plan is the source of truth, the reachability proof and the round trip
 * (`read(render(plan))` equals `plan`) need its exact shape, and cdk8s-plus derives peers and
 * namespace selectors its own way (see docs/constructs/segmented-edge-network.md).
 */
export class SegmentedEdgeNetwork extends Construct {
  /** The planned resources, as the rules and the other renderers see them. */
  public readonly resources: readonly Resource[];
  /** The rendered objects. */
  public readonly apiObjects: readonly ApiObject[];
  /** The declared zones and conduits as plain data, for diagrams. */
  public readonly design: SegmentationDesign;

  constructor(scope: Construct, id: string, props: SegmentedEdgeNetworkProps) {
    super(scope, id);
    const resolved = resolveSegmentedEdgeNetwork(id, props);
    this.design = segmentationDesign(resolved);
    this.resources = planSegmentedEdgeNetwork(resolved);
    this.apiObjects = renderResources(this, id, this.resources);
    GuidanceChecks.of(this);
  }
}
