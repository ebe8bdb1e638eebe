import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { planDefenderProtection, resolveDefenderProtection, type DefenderProtectionProps } from '../model/defender-protection';
import type { Resource } from '../model/resource';
import { GuidanceChecks } from './guidance-checks';
import { renderResources } from './render';

export type { DefenderProtectionProps } from '../model/defender-protection';

/**
 * The Defender for Containers plan and the Defender sensor and Azure Policy extensions (OV-1).
 * Azure resources are not YAML: `aio-secure synth --arm` writes them to the ARM template.
 */
export class DefenderProtection extends Construct {
  /** The planned resources, as the rules and the other renderers see them. */
  public readonly resources: readonly Resource[];
  /** The rendered Kubernetes objects. */
  public readonly apiObjects: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: DefenderProtectionProps = {}) {
    super(scope, id);
    const resolved = resolveDefenderProtection(id, props);
    this.resources = planDefenderProtection(resolved);
    this.apiObjects = renderResources(this, id, this.resources);
    GuidanceChecks.of(this);
  }
}
