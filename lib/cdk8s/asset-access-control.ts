import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { planAssetAccessControl, resolveAssetAccessControl, type AssetAccessControlProps } from '../model/asset-access-control';
import type { Resource } from '../model/resource';
import { GuidanceChecks } from './guidance-checks';
import { renderResources } from './render';

export type { AssetAccessControlProps } from '../model/asset-access-control';

/**
 * Role assignments on assets, devices and Device Registry namespaces with the built-in AIO and Device Registry roles (CL-3).
 * Azure resources are not YAML: `aio-secure synth --arm` writes them to the ARM template.
 */
export class AssetAccessControl extends Construct {
  /** The planned resources, as the rules and the other renderers see them. */
  public readonly resources: readonly Resource[];
  /** The rendered Kubernetes objects. */
  public readonly apiObjects: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: AssetAccessControlProps) {
    super(scope, id);
    const resolved = resolveAssetAccessControl(id, props);
    this.resources = planAssetAccessControl(resolved);
    this.apiObjects = renderResources(this, id, this.resources);
    GuidanceChecks.of(this);
  }
}
