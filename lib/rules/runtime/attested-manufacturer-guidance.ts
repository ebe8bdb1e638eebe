import { attestedControlRule } from './common';

/** AS-6: the deployment records a current attestation that each device follows its manufacturer's security guidance. */
export const attestedManufacturerGuidance = attestedControlRule({
  name: 'attested-manufacturer-guidance',
  control: 'AS-6',
  description: "Each device manufacturer's security guidance is followed; the deployment records who attests it.",
});
