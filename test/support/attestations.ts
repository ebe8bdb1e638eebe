import type { AttestationProps } from '../../lib/model/attested-controls';

/** A well-formed attestation, valid until the end of 2099. */
export const ATTESTATION: AttestationProps = {
  attestedBy: 'Plant A OT security team',
  attestedOn: '2026-10-01',
  expires: '2099-12-31',
  evidence: 'https://contoso.sharepoint.com/sites/ot-audit/plant-a-2026.pdf',
};

/** Every attestable control, attested. */
export const ALL_ATTESTED = { 'AS-4': ATTESTATION, 'AS-5': ATTESTATION, 'AS-6': ATTESTATION, 'OV-1-network-sensors': ATTESTATION } as const;
