import type * as pulumi from '@pulumi/pulumi';
import { planAssetAccessControl, resolveAssetAccessControl, type AssetAccessControlProps } from '../model/asset-access-control';
import { CheckedComponent, splitSiteArgs, type SiteArgs } from './planned-component';

/** Args of AssetAccessControl: its props plus where the children go. */
export interface AssetAccessControlArgs extends AssetAccessControlProps, SiteArgs {}

/** Role assignments on assets, devices and Device Registry namespaces with the built-in AIO and Device Registry roles (CL-3). */
export class AssetAccessControl extends CheckedComponent {
  /** The Pulumi type token. */
  public static readonly TYPE = 'aio-secure:rbac:AssetAccessControl';

  constructor(name: string, args: AssetAccessControlArgs, opts?: pulumi.ComponentResourceOptions) {
    const { props, waivers, context } = splitSiteArgs('AssetAccessControl', args);
    const resources = planAssetAccessControl(resolveAssetAccessControl(name, props));
    super(AssetAccessControl.TYPE, name, props, opts, { resources, context, checks: { waivers } });
    this.registerPlannedOutputs();
  }
}
