import type { Rule } from '../types';
import { aioBroadRoleAssignment } from './aio-broad-role-assignment';
import { aioSecurityRelease } from './aio-security-release';
import { arcAgentAutoUpgradeDisabled } from './arc-agent-auto-upgrade-disabled';
import { arcExtensionVersionPinned } from './arc-extension-version-pinned';
import { defenderForContainersEnabled } from './defender-for-containers-enabled';
import { observabilityDeployed } from './observability-deployed';
import { onboardingRoleTimeBoxed } from './onboarding-role-time-boxed';
import { imagePinnedByDigest } from './image-pinned-by-digest';
import { imageSignaturePolicyCoversAio } from './image-signature-policy-covers-aio';
import { attestedFirmwareUpdates } from './attested-firmware-updates';
import { attestedManufacturerGuidance } from './attested-manufacturer-guidance';
import { attestedNetworkSensors } from './attested-network-sensors';
import { attestedRecordValid } from './attested-record-valid';
import { attestedTamperResistantHardware } from './attested-tamper-resistant-hardware';

/** Rules for runtime updates, image signatures, observability, Azure RBAC, Defender and attested controls (ED-1, ED-2, CL-2, CL-3, OV-1, AS-4..AS-6). */
export const RUNTIME_RULES: readonly Rule[] = [
  arcAgentAutoUpgradeDisabled,
  arcExtensionVersionPinned,
  aioSecurityRelease,
  observabilityDeployed,
  defenderForContainersEnabled,
  aioBroadRoleAssignment,
  onboardingRoleTimeBoxed,
  imagePinnedByDigest,
  imageSignaturePolicyCoversAio,
  attestedFirmwareUpdates,
  attestedTamperResistantHardware,
  attestedManufacturerGuidance,
  attestedNetworkSensors,
  attestedRecordValid,
];
