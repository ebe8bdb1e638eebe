import type * as pulumi from '@pulumi/pulumi';
import { planArcRuntimePolicy, resolveArcRuntimePolicy, type ArcRuntimePolicyProps } from '../model/arc-runtime-policy';
import type { Waiver } from '../model/resource';
import type { ConnectedClusterRequirement } from '../model/arc-runtime-policy';
import { CheckedComponent, splitSiteArgs, type SiteArgs } from './planned-component';

/** Args of ArcRuntimePolicy: its props plus where the children go. */
export interface ArcRuntimePolicyArgs extends ArcRuntimePolicyProps, SiteArgs {}

/** Pinned AIO runtime extensions (ED-1) and the connected cluster requirements. */
export class ArcRuntimePolicy extends CheckedComponent {
  /** The Pulumi type token. */
  public static readonly TYPE = 'aio-secure:runtime:ArcRuntimePolicy';
  /** What the connected cluster must have; aio-secure cannot set it (see the docs). */
  public readonly requirements: readonly ConnectedClusterRequirement[];
  /** Waivers the opt-outs give; pass them to GuidanceChecks. */
  public readonly waivers: readonly Waiver[];

  constructor(name: string, args: ArcRuntimePolicyArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const { props, waivers, context } = splitSiteArgs('ArcRuntimePolicy', args);
    const resolved = resolveArcRuntimePolicy(name, props);
    // The construct's own profile decides how strictly its plan is judged.
    super(ArcRuntimePolicy.TYPE, name, props, opts, { resources: planArcRuntimePolicy(resolved), context, checks: { waivers, profile: resolved.profile } });
    this.requirements = resolved.requirements;
    this.waivers = resolved.waivers;
    this.registerPlannedOutputs();
  }
}
