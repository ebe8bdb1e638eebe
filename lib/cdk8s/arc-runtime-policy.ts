import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { planArcRuntimePolicy, resolveArcRuntimePolicy, type ArcRuntimePolicyProps } from '../model/arc-runtime-policy';
import type { Resource } from '../model/resource';
import type { Waiver } from '../model/resource';
import type { ConnectedClusterRequirement } from '../model/arc-runtime-policy';
import { GuidanceChecks } from './guidance-checks';
import { renderResources } from './render';

export type { ArcRuntimePolicyProps } from '../model/arc-runtime-policy';

/**
 * Pinned AIO runtime extensions (ED-1) and the connected cluster requirements.
 * Azure resources are not YAML: `aio-secure synth --arm` writes them to the ARM template.
 */
export class ArcRuntimePolicy extends Construct {
  /** The planned resources, as the rules and the other renderers see them. */
  public readonly resources: readonly Resource[];
  /** The rendered Kubernetes objects. */
  public readonly apiObjects: readonly ApiObject[];
  /** What the connected cluster must have; aio-secure cannot set it (see the docs). */
  public readonly requirements: readonly ConnectedClusterRequirement[];
  /** Waivers the opt-outs give; pass them to GuidanceChecks. */
  public readonly waivers: readonly Waiver[];

  constructor(scope: Construct, id: string, props: ArcRuntimePolicyProps = {}) {
    super(scope, id);
    const resolved = resolveArcRuntimePolicy(id, props);
    this.resources = planArcRuntimePolicy(resolved);
    this.requirements = resolved.requirements;
    this.waivers = resolved.waivers;
    this.apiObjects = renderResources(this, id, this.resources);
    GuidanceChecks.of(this);
  }
}
