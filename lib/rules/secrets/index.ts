import type { Rule } from '../types';
import { keyVaultNetworkRestricted } from './key-vault-network-restricted';
import { keyVaultProtection } from './key-vault-protection';
import { opcUaEndpointAuthentication } from './opc-ua-endpoint-authentication';
import { opcUaPkiStrict } from './opc-ua-pki-strict';
import { opcUaSecurityMode } from './opc-ua-security-mode';
import { opcUaServerCertificateAutoAccept } from './opc-ua-server-certificate-auto-accept';
import { opcUaTrustList } from './opc-ua-trust-list';
import { secretInManifest } from './secret-in-manifest';
import { secretProviderClassWorkloadIdentity } from './secret-provider-class-workload-identity';
import { secretSyncIdentityLeastPrivilege } from './secret-sync-identity-least-privilege';

/** Rules for secrets in Key Vault and OPC UA trust (AS-1, CN-6). */
export const SECRETS_RULES: readonly Rule[] = [
  secretInManifest,
  secretProviderClassWorkloadIdentity,
  keyVaultProtection,
  keyVaultNetworkRestricted,
  secretSyncIdentityLeastPrivilege,
  opcUaEndpointAuthentication,
  opcUaSecurityMode,
  opcUaServerCertificateAutoAccept,
  opcUaTrustList,
  opcUaPkiStrict,
] as Rule[];
