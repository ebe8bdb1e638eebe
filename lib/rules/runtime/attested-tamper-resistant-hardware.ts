import { attestedControlRule } from './common';

/** AS-5: the deployment records a current attestation that the edge hardware is deployed tamper-resistantly, with unused ports closed and physical access restricted. */
export const attestedTamperResistantHardware = attestedControlRule({
  name: 'attested-tamper-resistant-hardware',
  control: 'AS-5',
  description: "Hardware is deployed tamper-resistantly with a minimal physical attack surface; the deployment records who attests it.",
});
