import type * as pulumi from '@pulumi/pulumi';
import { planDefenderProtection, resolveDefenderProtection, type DefenderProtectionProps } from '../model/defender-protection';
import { CheckedComponent, splitSiteArgs, type SiteArgs } from './planned-component';

/** Args of DefenderProtection: its props plus where the children go. */
export interface DefenderProtectionArgs extends DefenderProtectionProps, SiteArgs {}

/** The Defender for Containers plan and the Defender sensor and Azure Policy extensions (OV-1). */
export class DefenderProtection extends CheckedComponent {
  /** The Pulumi type token. */
  public static readonly TYPE = 'aio-secure:security:DefenderProtection';

  constructor(name: string, args: DefenderProtectionArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const { props, waivers, context } = splitSiteArgs('DefenderProtection', args);
    const resources = planDefenderProtection(resolveDefenderProtection(name, props));
    super(DefenderProtection.TYPE, name, props, opts, { resources, context, checks: { waivers } });
    this.registerPlannedOutputs();
  }
}
