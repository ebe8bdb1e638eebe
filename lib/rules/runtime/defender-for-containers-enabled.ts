import { ARC_EXTENSION_TYPES } from '../../model/versions';
import { defineRule } from '../types';
import { ANCHOR_KINDS, hasExtension, missingControlsOutcome, notTheAnchor, PRICING, propertiesOf } from './common';

/** OV-1: an AIO deployment has Defender for Containers. Checked once, on the deployment's anchor. */
export const defenderForContainersEnabled = defineRule({
  name: 'defender-for-containers-enabled',
  guidance: ['OV-1'],
  description: 'An AIO deployment has the Defender for Containers plan, the Defender sensor and the Azure Policy extension.',
  rationale:
    'Defender for Containers is the front line the guidance names: it detects attacks on the cluster, its workloads and images. ' +
    'Without the plan nothing is analysed; without the sensor and Azure Policy the Arc cluster sends nothing to analyse.',
  remediation:
    'Add DefenderProtection (the subscription\'s Containers pricing at Standard, the microsoft.azuredefender.kubernetes and Microsoft.PolicyInsights extensions).',
  severity: { development: 'info', production: 'error' },
  waivable: true,
  deploymentLevel: true,
  appliesTo: ANCHOR_KINDS,
  messages: {
    missing: '{anchor} has no {missing}.',
  },
  check(r, { index }) {
    const skip = notTheAnchor(r, index);
    if (skip) return skip;
    const missing: string[] = [];
    const plan = index.ofKind(PRICING.group, PRICING.kind)
      .some((p) => p.name.toLowerCase() === 'containers' && String(propertiesOf(p).pricingTier).toLowerCase() === 'standard');
    if (!plan) missing.push('Defender for Containers plan (Microsoft.Security/pricings Containers, Standard)');
    if (!hasExtension(index, ARC_EXTENSION_TYPES.defender)) missing.push(`Defender sensor (${ARC_EXTENSION_TYPES.defender} extension)`);
    if (!hasExtension(index, ARC_EXTENSION_TYPES.azurePolicy)) missing.push(`Azure Policy (${ARC_EXTENSION_TYPES.azurePolicy} extension)`);
    return missingControlsOutcome(r, index, missing);
  },
});
