import { checkAttestedControl } from '../../model/attested-controls';
import { type Resource } from '../../model/resource';
import { defineRule, outcome, type RuleContext } from '../types';
import { ANCHOR_KINDS, attestationScope } from './common';

/** AS-6: the deployment records a current attestation that each device follows its manufacturer's security guidance. */
export const attestedManufacturerGuidance = defineRule({
  name: 'attested-manufacturer-guidance',
  guidance: ['AS-6'],
  description: "Each device manufacturer's security guidance is followed; the deployment records who attests it.",
  rationale:
    'An auditor reads the deployment against the whole guidance, not only what manifests can prove. A physical or process control ' +
    'that nobody attests, or whose attestation has lapsed, is a control nobody is accountable for.',
  remediation:
    'Record the attestation with AttestedControls: attestations["AS-6"] = { attestedBy, attestedOn, expires, evidence }, ' +
    'or add the key "AS-6" to the aio-secure-attestations ConfigMap; renew it before it expires.',
  severity: { development: 'off', production: 'error' },
  waivable: true,
  deploymentLevel: true,
  appliesTo: [{ group: '', kind: 'ConfigMap' }, ...ANCHOR_KINDS],
  messages: {
    missing: '{where} records no valid attestation of {control} ({title}).',
    expired: 'The attestation of {control} ({title}) by {attestedBy} expired on {expires}.',
  },
  check(r: Resource, context: RuleContext) {
    const result = checkAttestedControl('AS-6', r, attestationScope(context.index), context.now);
    return result.status === 'not-applicable' ? result : outcome(result.findings);
  },
});
