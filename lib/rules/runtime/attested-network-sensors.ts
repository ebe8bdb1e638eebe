import { attestedControlRule } from './common';

/** OV-1: the deployment records a current attestation that Defender for IoT OT network sensors monitor the plant network segments that AIO connects to. */
export const attestedNetworkSensors = attestedControlRule({
  name: 'attested-network-sensors',
  control: 'OV-1-network-sensors',
  description: "Defender for IoT network sensors watch the OT network; they are appliances, so the deployment records who attests them.",
});
