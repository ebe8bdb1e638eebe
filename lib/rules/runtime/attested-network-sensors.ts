import { checkAttestedControl } from '../../model/attested-controls';
import { type Resource } from '../../model/resource';
import { defineRule, outcome, type RuleContext } from '../types';
import { ANCHOR_KINDS, attestationScope } from './common';

/** OV-1: the deployment records a current attestation that Defender for IoT OT network sensors monitor the plant network segments that AIO connects to. */
export const attestedNetworkSensors = defineRule({
  name: 'attested-network-sensors',
  guidance: ['OV-1'],
  description: "Defender for IoT network sensors watch the OT network; they are appliances, so the deployment records who attests them.",
  rationale:
    'An auditor reads the deployment against the whole guidance, not only what manifests can prove. A physical or process control ' +
    'that nobody attests, or whose attestation has lapsed, is a control nobody is accountable for.',
  remediation:
    'Record the attestation with AttestedControls: attestations["OV-1-network-sensors"] = { attestedBy, attestedOn, expires, evidence }, ' +
    'or add the key "OV-1-network-sensors" to the aio-secure-attestations ConfigMap; renew it before it expires.',
  severity: { development: 'off', production: 'error' },
  waivable: true,
  deploymentLevel: true,
  appliesTo: [{ group: '', kind: 'ConfigMap' }, ...ANCHOR_KINDS],
  messages: {
    missing: '{where} records no valid attestation of {control} ({title}).',
    expired: 'The attestation of {control} ({title}) by {attestedBy} expired on {expires}.',
  },
  check(r: Resource, context: RuleContext) {
    const result = checkAttestedControl('OV-1-network-sensors', r, attestationScope(context.index), context.now);
    return result.status === 'not-applicable' ? result : outcome(result.findings);
  },
});
