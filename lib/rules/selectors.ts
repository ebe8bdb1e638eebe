/**
 * Kind selectors that rules of several areas read (the Azure side of identities and role
 * assignments, the secret-sync provider classes). Each is defined here once; area `common.ts`
 * files re-export the ones they use.
 */
import { azureKindOfType } from '../model/azure';
import { SECRET_SYNC_ARM_TYPES, SECRET_SYNC_K8S } from '../model/key-vault-secret-sync';
import type { KindSelector } from './types';

function azureSelector(armType: string): KindSelector {
  const k = azureKindOfType(armType);
  if (!k) throw new Error(`${armType} is not in AZURE_KINDS (lib/model/azure.ts)`);
  return { group: k.group, kind: k.kind };
}

export const IDENTITY = azureSelector(SECRET_SYNC_ARM_TYPES.identity);
export const FEDERATED_CREDENTIAL = azureSelector(SECRET_SYNC_ARM_TYPES.federatedCredential);
export const ROLE_ASSIGNMENT = azureSelector(SECRET_SYNC_ARM_TYPES.roleAssignment);
export const VAULT = azureSelector(SECRET_SYNC_ARM_TYPES.vault);
/** The Kubernetes SecretProviderClass (secrets-store CSI driver) and its ARM counterpart. */
export const SECRET_PROVIDER_CLASS: KindSelector = { group: SECRET_SYNC_K8S.secretProviderClass.group, kind: SECRET_SYNC_K8S.secretProviderClass.kind };
export const ARM_SECRET_PROVIDER_CLASS = azureSelector(SECRET_SYNC_ARM_TYPES.secretProviderClass);
