import { attestedControlRule } from './common';

/** AS-4: the deployment records a current attestation that firmware updates are signed and verified before devices install them. */
export const attestedFirmwareUpdates = attestedControlRule({
  name: 'attested-firmware-updates',
  control: 'AS-4',
  description: "Device firmware is updated only with secure, signed updates; no manifest can show it, so the deployment records who attests it.",
});
