/**
 * DefenderProtection (OV-1): Microsoft Defender for Containers on the AIO cluster.
 *
 * - The subscription's Defender for Containers plan: `Microsoft.Security/pricings` named
 *   `Containers` with `pricingTier: Standard` (facts 5.4; the built-in policy
 *   1c988dd6-ade4-430f-a608-2a3e5b0a6d38 audits exactly that). It is a subscription-scoped
 *   resource (`scope: 'subscription'` in `AZURE_KINDS`): an ARM resource-group deployment cannot
 *   create it, so `renderArmTemplate` refuses it and `renderSubscriptionTemplate` writes it for
 *   `az deployment sub create` (`aio-secure synth --arm` writes `<chart>.subscription.arm.json`),
 *   and Pulumi creates it with the subscription as its scope. Field names: Microsoft Learn ARM template reference
 *   "Microsoft.Security pricings 2024-01-01" (properties.pricingTier 'Free' | 'Standard'). Scope:
 *   the REST reference (Pricings - Update, 2024-01-01) takes a subscription or a single resource
 *   (VirtualMachines plan only) as scopeId, so the Containers plan is only ever the subscription's.
 * - On the connected cluster: the Defender sensor extension `microsoft.azuredefender.kubernetes`
 *   and the Azure Policy extension `Microsoft.PolicyInsights` (facts 5.4). Both are agents
 *   Microsoft keeps current for new detections, so they are not pinned (ED-1's pinning covers the
 *   AIO runtime extensions). The sensor reports to its default workspace.
 * - Defender for IoT's OT network sensors are appliances outside the cluster: nothing here
 *   configures them; they are an attested control.
 */
import { planAzureResource } from './azure';
import { clusterExtension, connectedClusterScope, type ClusterScope } from './arc-runtime-policy';
import { PropErrors } from './errors';
import type { Resource } from './resource';
import { ARC_EXTENSION_TYPES } from './versions';

const CONSTRUCT = 'DefenderProtection';

/** Names of the resources, as Defender and the Azure CLI name them. */
export const DEFENDER_NAMES = {
  pricing: 'Containers',
  sensorExtension: 'microsoft.azuredefender.kubernetes',
  policyExtension: 'azurepolicy',
} as const;

/** Props of DefenderProtection. */
export interface DefenderProtectionProps {
  /**
   * Resource id of the connected cluster.
   * @default - the deployment parameter `connectedClusterId`
   */
  readonly clusterId?: string;
  /**
   * Plan the subscription's Defender for Containers plan. Leave it to the subscription owner
   * (`false`) when a policy or the landing zone already sets it; the rule still looks for it.
   * @default true
   */
  readonly subscriptionPlan?: boolean;
}

/** Resolved props. */
export interface ResolvedDefenderProtection {
  readonly id: string;
  readonly scope: ClusterScope;
  readonly subscriptionPlan: boolean;
}

/** Validates the props and applies the defaults. */
export function resolveDefenderProtection(id: string, props: DefenderProtectionProps = {}): ResolvedDefenderProtection {
  const err = new PropErrors(CONSTRUCT, id);
  const scope = connectedClusterScope(err, props.clusterId);
  return { id, scope, subscriptionPlan: props.subscriptionPlan ?? true };
}

/** The Defender plan (unless left out) and the two cluster extensions. */
export function planDefenderProtection(r: ResolvedDefenderProtection): Resource[] {
  const out: Resource[] = [];
  if (r.subscriptionPlan) {
    out.push(planAzureResource({
      id: `${r.id}/pricing/containers`,
      armType: 'Microsoft.Security/pricings',
      name: DEFENDER_NAMES.pricing,
      spec: { properties: { pricingTier: 'Standard' } },
    }));
  }
  out.push(clusterExtension({
    id: `${r.id}/extension/defender`, name: DEFENDER_NAMES.sensorExtension, scope: r.scope,
    properties: { extensionType: ARC_EXTENSION_TYPES.defender, autoUpgradeMinorVersion: true }, identity: true,
  }));
  out.push(clusterExtension({
    id: `${r.id}/extension/azure-policy`, name: DEFENDER_NAMES.policyExtension, scope: r.scope,
    properties: { extensionType: ARC_EXTENSION_TYPES.azurePolicy, autoUpgradeMinorVersion: true }, identity: true,
  }));
  return out;
}
