/**
 * KeyVaultSecretSync (AS-1): secrets, keys and certificates kept in Azure Key Vault and synced to
 * the edge cluster by the Azure Key Vault Secret Store extension, wired the way
 * `az iot ops secretsync enable` wires them (facts 2.1), with secure defaults:
 *
 * Azure side (ARM / Pulumi):
 * - a Key Vault with RBAC authorization, purge protection, soft delete (90 days), no template,
 *   VM or disk-encryption access, and no public network access unless an allow list (or a loud
 *   opt-out) says otherwise;
 * - a dedicated user-assigned identity (never the dataflow identity, CL-1) and its federated
 *   credential for the secret-sync service account (`system:serviceaccount:<ns>:aio-ssc-sa`,
 *   audience `api://AzureADTokenExchange`, issuer = the connected cluster's OIDC issuer URL);
 * - `Key Vault Secrets User` and `Key Vault Reader` for that identity on the vault, nothing broader
 *   (with `roleScope: 'secret'`, Secrets User on each Key Vault secret the sync reads instead);
 * - with `vault.diagnostics`, a diagnostic setting that sends the vault's audit logs
 *   (`AuditEvent`) to a Log Analytics workspace (EdgeObservability's or any other);
 * - on the ARM path, `Microsoft.SecretSyncController` SecretProviderClass and SecretSync resources
 *   in the instance's custom location.
 *
 * Edge side (Kubernetes YAML, for development and GitOps): the same SecretProviderClass and
 * SecretSyncs as `secrets-store.csi.x-k8s.io/v1` and `secret-sync.x-k8s.io/v1alpha1` objects.
 * They need the identity's client id and tenant id as concrete values (the YAML cannot reference
 * an Azure resource), so the cdk8s backend takes them as props.
 *
 * No secret value is ever part of the props or the plan: only names of Key Vault secrets and of
 * the Kubernetes Secrets and keys they become.
 */
import { AIO } from './aio';
import { BUILT_IN_ROLES, roleDefinitionPath, type BuiltInRole } from './azure-roles';
import { planAzureResource, referencePlaceholder, stableGuid } from './azure';
import { NO_VALUE, PropErrors } from './errors';
import type { JsonObject, Resource, ResourceReference, Waiver } from './resource';
import { waiverProblem } from './waiver';

const CONSTRUCT = 'KeyVaultSecretSync';

/**
 * Kubernetes API groups of the secret-sync objects (facts section 0 and 2.1). Kept here until
 * `K8S` in versions.ts carries them.
 */
export const SECRET_SYNC_K8S = {
  secretProviderClass: { group: 'secrets-store.csi.x-k8s.io', version: 'v1', kind: 'SecretProviderClass' },
  secretSync: { group: 'secret-sync.x-k8s.io', version: 'v1alpha1', kind: 'SecretSync' },
} as const;

/** ARM types this construct plans. */
export const SECRET_SYNC_ARM_TYPES = {
  vault: 'Microsoft.KeyVault/vaults',
  identity: 'Microsoft.ManagedIdentity/userAssignedIdentities',
  federatedCredential: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials',
  roleAssignment: 'Microsoft.Authorization/roleAssignments',
  secretProviderClass: 'Microsoft.SecretSyncController/azureKeyVaultSecretProviderClasses',
  secretSync: 'Microsoft.SecretSyncController/secretSyncs',
  diagnosticSetting: 'Microsoft.Insights/diagnosticSettings',
} as const;

/**
 * The vault's log category the diagnostic setting sends: `AuditEvent`, Key Vault's audit log (every
 * authenticated request, including each secret read), per "Supported logs for
 * Microsoft.KeyVault/vaults" (learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-keyvault-vaults-logs).
 * The ARM type (Microsoft.Insights/diagnosticSettings 2021-05-01-preview, `LogSettings`) takes it
 * as `category`; a category name is not an enum there.
 */
export const KEY_VAULT_AUDIT_CATEGORY = 'AuditEvent';

/** Names and values the Secret Store extension and AIO define (facts 2.1, 5.1). */
export const SECRET_STORE = {
  /** The service account the secret-sync controller uses in the AIO namespace. */
  serviceAccountName: 'aio-ssc-sa',
  /** The service account of AIO dataflows; its identity must not be the sync identity. */
  dataflowServiceAccountName: 'aio-dataflow',
  /** Audience of the federated credential. */
  tokenExchangeAudience: 'api://AzureADTokenExchange',
  /** Deployment parameter for the connected cluster's OIDC issuer URL. */
  oidcIssuerParameter: 'oidcIssuerUrl',
  /** Deployment parameter for the AIO instance's custom location resource id. */
  customLocationParameter: 'customLocationId',
} as const;

/** The Kubernetes Secret types the Secret Store extension writes. */
export type SyncedSecretType = 'Opaque' | 'kubernetes.io/tls';

/** A loud opt-out of a secure default; it becomes a waiver of the matching rule. */
export interface SecretSyncOptOut {
  /** Why the risk is accepted and what limits it (at least 20 characters). */
  readonly reason: string;
  /** The person or team that accepts the risk. */
  readonly owner: string;
  /** The last day the opt-out applies, as `YYYY-MM-DD`. */
  readonly expires: string;
}

/** One key of a synced Kubernetes Secret and the Key Vault secret it comes from. */
export interface SyncedKeyProps {
  /** The key in the Kubernetes Secret, e.g. `tls.crt`, `ca.crt`, `password`. */
  readonly key: string;
  /** The name of the Key Vault secret (the value never appears in aio-secure's output). */
  readonly vaultSecret: string;
  /**
   * Which version to sync: 0 is the current one, 1 the one before, and so on. The
   * SecretProviderClass then keeps that many older versions (`objectVersionHistory`), which lets a
   * trust list hold the old and the new CA while one is rotated out.
   * @default 0 (the current version)
   */
  readonly version?: number;
}

/** A Kubernetes Secret the extension keeps in sync with Key Vault. */
export interface SyncedSecretProps {
  /** Name of the Kubernetes Secret (and of its SecretSync), a DNS-1123 subdomain. */
  readonly name: string;
  /**
   * Type of the Kubernetes Secret. `kubernetes.io/tls` needs the keys `tls.crt` and `tls.key`.
   * @default 'Opaque'
   */
  readonly type?: SyncedSecretType;
  /** Its keys, each from one Key Vault secret. At least one. */
  readonly data: readonly SyncedKeyProps[];
}

/** Network access to the vault. */
export interface KeyVaultNetworkProps {
  /**
   * Public IP ranges (CIDR or single addresses) that may reach the vault: the edge sites' egress
   * addresses and the operators' networks. Without any, the vault takes traffic only through
   * private endpoints (`publicNetworkAccess: Disabled`).
   * @default [] (no public access)
   */
  readonly allowedIpRanges?: readonly string[];
  /**
   * Opt-out: open the vault to every network. Becomes a waiver of rule
   * `key-vault-network-restricted`.
   * @default - not set; public access is off or limited to `allowedIpRanges`
   */
  readonly allowAllNetworks?: SecretSyncOptOut;
}

/** Where the vault's audit logs go. */
export interface KeyVaultDiagnosticsProps {
  /**
   * The Log Analytics workspace that receives the vault's audit logs (`AuditEvent`): its resource
   * id (`/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>`),
   * or `{ resource }`, the logical id of a workspace planned in the same deployment, e.g.
   * EdgeObservability's (`observabilityIds('<its id>').logAnalyticsWorkspace`).
   */
  readonly logAnalyticsWorkspaceId: string | { readonly resource: string };
}

/** The Key Vault. */
export interface KeyVaultProps {
  /** Vault name: 3-24 letters, digits and `-`, starting with a letter, globally unique. */
  readonly name: string;
  /**
   * SKU.
   * @default 'standard'
   */
  readonly sku?: 'standard' | 'premium';
  /**
   * Days a deleted vault or secret stays recoverable (7-90).
   * @default 90
   */
  readonly softDeleteRetentionInDays?: number;
  /**
   * Network access.
   * @default - no public network access (private endpoints only)
   */
  readonly network?: KeyVaultNetworkProps;
  /**
   * Azure region.
   * @default - the resource group's location
   */
  readonly location?: string;
  /**
   * Tags of the vault and the identity.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * A diagnostic setting that sends the vault's audit logs to Log Analytics (set it when
   * EdgeObservability, or another workspace, is there).
   * @default - no diagnostic setting
   */
  readonly diagnostics?: KeyVaultDiagnosticsProps;
}

/** The identity the Secret Store extension signs in as. */
export interface SecretSyncIdentityProps {
  /**
   * Name of the dedicated user-assigned identity.
   * @default `<id>-secret-sync`
   */
  readonly name?: string;
  /**
   * Client id of that identity, once it exists: required for the Kubernetes (YAML) form of the
   * SecretProviderClass, which cannot reference Azure. The ARM and Pulumi paths ignore it.
   * @default - none
   */
  readonly clientId?: string;
}

/** Props of `KeyVaultSecretSync`. */
export interface KeyVaultSecretSyncProps {
  /** The Key Vault that holds the secrets. */
  readonly vault: KeyVaultProps;
  /** The Kubernetes Secrets to keep in sync, and their keys. At least one. */
  readonly secrets: readonly SyncedSecretProps[];
  /**
   * The identity.
   * @default { name: `<id>-secret-sync` }
   */
  readonly identity?: SecretSyncIdentityProps;
  /**
   * Microsoft Entra tenant id of the vault and the identity (a GUID). Required for the Kubernetes
   * form; in ARM and Pulumi it defaults to the identity's tenant.
   * @default - the identity's `tenantId`
   */
  readonly tenantId?: string;
  /**
   * The connected cluster's OIDC issuer URL (`oidcIssuerProfile.issuerUrl`).
   * @default - the `oidcIssuerUrl` deployment parameter
   */
  readonly oidcIssuerUrl?: string;
  /**
   * Namespace of the AIO instance, where the synced Secrets appear.
   * @default 'azure-iot-operations'
   */
  readonly namespace?: string;
  /**
   * Name of the SecretProviderClass.
   * @default `<id>-key-vault`
   */
  readonly secretProviderClassName?: string;
  /**
   * Where the identity gets Key Vault Secrets User: on the `vault` (as `az iot ops secretsync
   * enable` assigns it), or on each Key Vault `secret` the sync reads (`<vault id>/secrets/<name>`),
   * so that the identity can read the values of those secrets only. Key Vault Reader (metadata,
   * never values) stays on the vault either way.
   * @default 'vault'
   */
  readonly roleScope?: SecretSyncRoleScope;
}

/** Where the sync identity's Key Vault Secrets User role applies. */
export type SecretSyncRoleScope = 'vault' | 'secret';

/** A key after validation. */
export interface ResolvedSyncedKey {
  readonly key: string;
  readonly vaultSecret: string;
  readonly version: number;
  /** `sourcePath` of the SecretSync: `<vaultSecret>` or `<vaultSecret>/<version>`. */
  readonly sourcePath: string;
}

/** A synced Secret after validation. */
export interface ResolvedSyncedSecret {
  readonly name: string;
  readonly type: SyncedSecretType;
  readonly data: readonly ResolvedSyncedKey[];
}

/** A connected-cluster setting the sync depends on. */
export interface ClusterRequirement {
  /** Where it is set on `Microsoft.Kubernetes/connectedClusters` (a JSON path of the ARM body). */
  readonly setting: string;
  readonly value: boolean;
  /** The `az connectedk8s` flag that sets it. */
  readonly cli: string;
  readonly why: string;
}

/** `KeyVaultSecretSyncProps` after validation, every default applied. */
export interface ResolvedKeyVaultSecretSync {
  readonly id: string;
  readonly namespace: string;
  readonly vault: {
    readonly name: string;
    readonly sku: 'standard' | 'premium';
    readonly softDeleteRetentionInDays: number;
    readonly allowedIpRanges: readonly string[];
    readonly allowAllNetworks?: SecretSyncOptOut;
    readonly location?: string;
    readonly tags: Readonly<Record<string, string>>;
    /** Where the audit logs go, when a diagnostic setting is planned. */
    readonly diagnostics?: { readonly logAnalyticsWorkspaceId: string | { readonly resource: string } };
  };
  /** Where Key Vault Secrets User applies. */
  readonly roleScope: SecretSyncRoleScope;
  readonly identityName: string;
  readonly identityClientId?: string;
  readonly tenantId?: string;
  readonly oidcIssuerUrl?: string;
  readonly serviceAccountName: string;
  readonly secretProviderClassName: string;
  readonly secrets: readonly ResolvedSyncedSecret[];
  /** Key Vault secret names with the number of versions the SecretProviderClass keeps. */
  readonly vaultObjects: readonly { readonly name: string; readonly versionHistory: number }[];
  /** The connected-cluster settings the sync depends on. */
  readonly clusterRequirements: readonly ClusterRequirement[];
}

/** Every default of `KeyVaultSecretSync`, in one place. */
export const KEY_VAULT_SECRET_SYNC_DEFAULTS = {
  namespace: AIO.namespace,
  sku: 'standard' as const,
  softDeleteRetentionInDays: 90,
  secretType: 'Opaque' as const,
  identityName: (id: string) => `${id}-secret-sync`,
  secretProviderClassName: (id: string) => `${id}-key-vault`,
  /** The roles the identity gets on the vault, as `az iot ops secretsync enable` assigns them. */
  roles: [BUILT_IN_ROLES.keyVaultSecretsUser, BUILT_IN_ROLES.keyVaultReader] as readonly BuiltInRole[],
  roleScope: 'vault' as SecretSyncRoleScope,
  /** Name of the vault's diagnostic setting. */
  diagnosticSettingName: (id: string) => `${id}-audit`,
} as const;

/** Logical ids of the planned resources; they are API and never change. */
export const keyVaultSecretSyncIds = {
  vault: (id: string) => `${id}/vault`,
  identity: (id: string) => `${id}/identity`,
  federatedCredential: (id: string) => `${id}/identity/federated-credential`,
  roleAssignment: (id: string, role: BuiltInRole) => `${id}/role/${role.name.toLowerCase().replace(/ /g, '-')}`,
  /** A role assignment on one Key Vault secret (`roleScope: 'secret'`). */
  secretRoleAssignment: (id: string, role: BuiltInRole, vaultSecret: string) => `${id}/role/${role.name.toLowerCase().replace(/ /g, '-')}/${vaultSecret}`,
  diagnosticSetting: (id: string) => `${id}/vault/diagnostics`,
  secretProviderClass: (id: string) => `${id}/secret-provider-class`,
  secretSync: (id: string, secret: string) => `${id}/secret-sync/${secret}`,
};

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VAULT_NAME = /^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;
const VAULT_SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;
const IDENTITY_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$/;
/** Key and source path pattern of the SecretSync CRD and ARM type. */
const SYNC_PATH = /^[A-Za-z0-9.]([-A-Za-z0-9]+([-._a-zA-Z0-9]?[A-Za-z0-9])*)?(\/([0-9]+))*$/;
const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const IPV4_RANGE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(\/([0-9]|[12]\d|3[0-2]))?$/;
const SECRET_TYPES: readonly SyncedSecretType[] = ['Opaque', 'kubernetes.io/tls'];
/** More history than this is not a rotation window but an archive on the edge. */
const MAX_VERSION = 10;

/**
 * Validates `KeyVaultSecretSync` props and applies every default. Throws `AioSecureError` naming the
 * prop path, the value and the fix.
 */
export function resolveKeyVaultSecretSync(id: string, props: KeyVaultSecretSyncProps): ResolvedKeyVaultSecretSync {
  const err = new PropErrors(CONSTRUCT, id);
  if (typeof id !== 'string' || !DNS_LABEL.test(id) || id.length > 40) {
    throw err.error('INVALID_PROP', 'id', 'is not a DNS-1123 label of at most 40 characters', id, 'Use lower-case letters, digits and "-", e.g. "plant-a-secrets"');
  }
  if (!props || typeof props !== 'object') {
    throw err.error('MISSING_PROP', 'props', 'are missing', props, 'Pass at least { vault: { name }, secrets: [{ name, data: [{ key, vaultSecret }] }] }');
  }
  const namespace = props.namespace ?? KEY_VAULT_SECRET_SYNC_DEFAULTS.namespace;
  if (typeof namespace !== 'string' || !DNS_LABEL.test(namespace) || namespace.length > 63) {
    throw err.error('INVALID_PROP', 'namespace', 'is not a valid namespace', namespace, 'Use a DNS-1123 label, e.g. "azure-iot-operations"');
  }

  const vault = resolveVault(err, props.vault);

  const identityName = props.identity?.name ?? KEY_VAULT_SECRET_SYNC_DEFAULTS.identityName(id);
  if (typeof identityName !== 'string' || !IDENTITY_NAME.test(identityName)) {
    throw err.error('INVALID_PROP', 'identity.name', 'is not a valid managed identity name', identityName,
      'Use 3-128 letters, digits, "-" and "_", starting with a letter or digit, e.g. "plant-a-secret-sync"');
  }
  const identityClientId = props.identity?.clientId;
  if (identityClientId !== undefined) checkGuid(err, 'identity.clientId', identityClientId, 'the client id of the identity');
  if (props.tenantId !== undefined) checkGuid(err, 'tenantId', props.tenantId, 'your Microsoft Entra tenant id');

  if (props.oidcIssuerUrl !== undefined) {
    if (typeof props.oidcIssuerUrl !== 'string' || !/^https:\/\/[^\s/]+(\/\S*)?$/.test(props.oidcIssuerUrl)) {
      throw err.error('INVALID_PROP', 'oidcIssuerUrl', 'is not an https URL', props.oidcIssuerUrl,
        'Give the connected cluster\'s oidcIssuerProfile.issuerUrl (az connectedk8s show --query oidcIssuerProfile.issuerUrl), or leave it out to take it as a deployment parameter', 'AS-1');
    }
  }

  const secretProviderClassName = props.secretProviderClassName ?? KEY_VAULT_SECRET_SYNC_DEFAULTS.secretProviderClassName(id);
  if (typeof secretProviderClassName !== 'string' || !DNS_SUBDOMAIN.test(secretProviderClassName) || secretProviderClassName.length > 253) {
    throw err.error('INVALID_PROP', 'secretProviderClassName', 'is not a DNS-1123 subdomain', secretProviderClassName, 'Use lower-case letters, digits, "-" and ".", e.g. "plant-a-key-vault"');
  }

  const roleScope = props.roleScope ?? KEY_VAULT_SECRET_SYNC_DEFAULTS.roleScope;
  if (roleScope !== 'vault' && roleScope !== 'secret') {
    throw err.error('INVALID_PROP', 'roleScope', 'is not a role scope', roleScope,
      'Use "vault" (Key Vault Secrets User on the vault) or "secret" (on each Key Vault secret the sync reads)', 'AS-1');
  }

  const secrets = resolveSecrets(err, props.secrets);
  const history = new Map<string, number>();
  for (const s of secrets) for (const k of s.data) history.set(k.vaultSecret, Math.max(history.get(k.vaultSecret) ?? 1, k.version + 1));
  const vaultObjects = [...history.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, versionHistory]) => ({ name, versionHistory }));

  return {
    id,
    namespace,
    vault,
    roleScope,
    identityName,
    ...(identityClientId !== undefined ? { identityClientId } : {}),
    ...(props.tenantId !== undefined ? { tenantId: props.tenantId } : {}),
    ...(props.oidcIssuerUrl !== undefined ? { oidcIssuerUrl: props.oidcIssuerUrl } : {}),
    serviceAccountName: SECRET_STORE.serviceAccountName,
    secretProviderClassName,
    secrets,
    vaultObjects,
    clusterRequirements: [
      {
        setting: 'properties.oidcIssuerProfile.enabled', value: true, cli: 'az connectedk8s update --enable-oidc-issuer',
        why: 'The federated credential trusts tokens the cluster\'s OIDC issuer signs for the aio-ssc-sa service account.',
      },
      {
        setting: 'properties.securityProfile.workloadIdentity.enabled', value: true, cli: 'az connectedk8s update --enable-workload-identity',
        why: 'The Secret Store extension exchanges the service account token for an Entra token through workload identity.',
      },
    ],
  };
}

function checkGuid(err: PropErrors, path: string, value: unknown, what: string): void {
  if (typeof value !== 'string' || !GUID.test(value)) {
    throw err.error('INVALID_PROP', path, 'is not a GUID', value, `Give ${what}, e.g. "00000000-0000-0000-0000-000000000000"`);
  }
}

function checkOptOut(err: PropErrors, path: string, o: SecretSyncOptOut): void {
  if (!o || typeof o !== 'object') throw err.error('INVALID_WAIVER', path, 'is not an opt-out', o, 'Give { reason, owner, expires }');
  const problem = waiverProblem(o);
  if (problem) {
    const [field, what, fix] = problem;
    throw err.error('INVALID_WAIVER', `${path}.${field}`, what, (o as unknown as Record<string, unknown>)[field], fix);
  }
}

function resolveVault(err: PropErrors, v: KeyVaultProps | undefined): ResolvedKeyVaultSecretSync['vault'] {
  if (!v || typeof v !== 'object') {
    throw err.error('MISSING_PROP', 'vault', 'is missing', v, 'Give { name: "<3-24 letters, digits and -, globally unique>" }', 'AS-1');
  }
  if (typeof v.name !== 'string' || !VAULT_NAME.test(v.name) || v.name.includes('--')) {
    throw err.error('INVALID_PROP', 'vault.name', 'is not a valid Key Vault name', v.name,
      'Use 3-24 letters, digits and "-", starting with a letter, ending with a letter or digit, without "--", e.g. "kv-plant-a"');
  }
  const sku = v.sku ?? KEY_VAULT_SECRET_SYNC_DEFAULTS.sku;
  if (sku !== 'standard' && sku !== 'premium') {
    throw err.error('INVALID_PROP', 'vault.sku', 'is not a Key Vault SKU', sku, 'Use "standard" or "premium"');
  }
  const retention = v.softDeleteRetentionInDays ?? KEY_VAULT_SECRET_SYNC_DEFAULTS.softDeleteRetentionInDays;
  if (!Number.isInteger(retention) || retention < 7 || retention > 90) {
    throw err.error('INVALID_PROP', 'vault.softDeleteRetentionInDays', 'is not a whole number of days from 7 to 90', retention,
      'Keep the default of 90 days unless a policy says otherwise', 'AS-1');
  }
  const network = v.network ?? {};
  const ranges = network.allowedIpRanges ?? [];
  if (!Array.isArray(ranges)) {
    throw err.error('INVALID_PROP', 'vault.network.allowedIpRanges', 'is not a list', ranges, 'Give IPv4 addresses or CIDR ranges, e.g. ["203.0.113.0/24"]');
  }
  ranges.forEach((r, i) => {
    if (typeof r !== 'string' || !IPV4_RANGE.test(r)) {
      throw err.error('INVALID_PROP', `vault.network.allowedIpRanges[${i}]`, 'is not an IPv4 address or CIDR range', r, 'Use e.g. "203.0.113.7" or "203.0.113.0/24"');
    }
    if (/\/0$/.test(r) || r.startsWith('0.0.0.0')) {
      throw err.error('INSECURE_WITHOUT_OPT_OUT', `vault.network.allowedIpRanges[${i}]`, 'allows every address', r,
        'List the sites\' egress ranges, or set vault.network.allowAllNetworks: { reason, owner, expires } to open the vault on purpose', 'AS-1');
    }
  });
  if (network.allowAllNetworks !== undefined) {
    checkOptOut(err, 'vault.network.allowAllNetworks', network.allowAllNetworks);
    if (ranges.length) {
      throw err.error('INVALID_PROP', 'vault.network.allowAllNetworks', 'is set together with allowedIpRanges', network.allowAllNetworks.reason,
        'Give one: allowedIpRanges (restricted) or allowAllNetworks (open, waived)');
    }
  }
  if (v.location !== undefined && (typeof v.location !== 'string' || !/^[a-z0-9]+$/.test(v.location))) {
    throw err.error('INVALID_PROP', 'vault.location', 'is not an Azure region name', v.location, 'Use e.g. "westeurope", or leave it out for the resource group\'s location');
  }
  const tags = v.tags ?? {};
  if (!tags || typeof tags !== 'object' || Array.isArray(tags) || Object.values(tags).some((t) => typeof t !== 'string')) {
    throw err.error('INVALID_PROP', 'vault.tags', 'is not a map of strings', tags, 'Give e.g. { site: "plant-a" }');
  }
  const diagnostics = resolveDiagnostics(err, v.diagnostics);
  return {
    name: v.name,
    sku,
    softDeleteRetentionInDays: retention,
    allowedIpRanges: [...ranges],
    ...(network.allowAllNetworks ? { allowAllNetworks: network.allowAllNetworks } : {}),
    ...(v.location !== undefined ? { location: v.location } : {}),
    tags: { ...tags },
    ...(diagnostics ? { diagnostics } : {}),
  };
}

const WORKSPACE_ID = /^\/subscriptions\/[^/\s]+\/resourceGroups\/[^/\s]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/i;

function resolveDiagnostics(err: PropErrors, d: KeyVaultDiagnosticsProps | undefined): ResolvedKeyVaultSecretSync['vault']['diagnostics'] {
  if (d === undefined) return undefined;
  if (!d || typeof d !== 'object') {
    throw err.error('INVALID_PROP', 'vault.diagnostics', 'is not a diagnostics setting', d, 'Give { logAnalyticsWorkspaceId }, or leave it out');
  }
  const w = d.logAnalyticsWorkspaceId;
  if (typeof w === 'string') {
    if (!WORKSPACE_ID.test(w)) {
      throw err.error('INVALID_PROP', 'vault.diagnostics.logAnalyticsWorkspaceId', 'is not a Log Analytics workspace resource id', w,
        'Give /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>, or { resource: <logical id> } of a workspace in the same deployment');
    }
    return { logAnalyticsWorkspaceId: w };
  }
  if (!w || typeof w !== 'object' || typeof w.resource !== 'string' || w.resource === '') {
    throw err.error('MISSING_PROP', 'vault.diagnostics.logAnalyticsWorkspaceId', 'names no workspace', w,
      'Give the workspace\'s resource id, or { resource: <logical id> } of one in the same deployment, e.g. observabilityIds("<EdgeObservability id>").logAnalyticsWorkspace');
  }
  return { logAnalyticsWorkspaceId: { resource: w.resource } };
}

function resolveSecrets(err: PropErrors, secrets: readonly SyncedSecretProps[] | undefined): ResolvedSyncedSecret[] {
  if (!Array.isArray(secrets) || secrets.length === 0) {
    throw err.error('MISSING_PROP', 'secrets', 'is empty', secrets,
      'Declare at least one Secret, e.g. [{ name: "plant-a-ca", type: "kubernetes.io/tls", data: [{ key: "tls.crt", vaultSecret: "plant-a-ca-crt" }, { key: "tls.key", vaultSecret: "plant-a-ca-key" }] }]', 'AS-1');
  }
  const names = new Set<string>();
  return secrets.map((s, i): ResolvedSyncedSecret => {
    const at = `secrets[${i}]`;
    if (!s || typeof s !== 'object') throw err.error('INVALID_PROP', at, 'is not a secret declaration', s, 'Give { name, type, data: [{ key, vaultSecret }] }');
    if (typeof s.name !== 'string' || !DNS_SUBDOMAIN.test(s.name) || s.name.length > 253) {
      throw err.error('INVALID_PROP', `${at}.name`, 'is not a valid Secret name', s.name, 'Use a DNS-1123 subdomain, e.g. "plant-a-ca"');
    }
    if (names.has(s.name)) throw err.error('DUPLICATE', `${at}.name`, 'is declared twice', s.name, 'Give each Kubernetes Secret one declaration, with all its keys');
    names.add(s.name);
    const type = s.type ?? KEY_VAULT_SECRET_SYNC_DEFAULTS.secretType;
    if (!SECRET_TYPES.includes(type)) {
      throw err.error('INVALID_PROP', `${at}.type`, 'is not a type the Secret Store extension writes', type, 'Use "Opaque" or "kubernetes.io/tls"');
    }
    if (!Array.isArray(s.data) || s.data.length === 0) {
      throw err.error('MISSING_PROP', `${at}.data`, 'is empty', s.data, 'Map at least one key, e.g. [{ key: "ca.crt", vaultSecret: "plant-a-ca-crt" }]');
    }
    const keys = new Set<string>();
    const data = (s.data as readonly SyncedKeyProps[]).map((k, j): ResolvedSyncedKey => {
      const kat = `${at}.data[${j}]`;
      if (!k || typeof k !== 'object') throw err.error('INVALID_PROP', kat, 'is not a key mapping', k, 'Give { key, vaultSecret }');
      if (typeof k.key !== 'string' || !SYNC_PATH.test(k.key) || k.key.length > 253) {
        throw err.error('INVALID_PROP', `${kat}.key`, 'is not a valid Secret key', k.key, 'Use letters, digits, "-", "_" and ".", e.g. "tls.crt"');
      }
      if (keys.has(k.key)) throw err.error('DUPLICATE', `${kat}.key`, 'is mapped twice', k.key, 'Map each key of the Secret once');
      keys.add(k.key);
      if (typeof k.vaultSecret !== 'string' || !VAULT_SECRET_NAME.test(k.vaultSecret)) {
        throw err.error('INVALID_PROP', `${kat}.vaultSecret`, 'is not a Key Vault secret name', k.vaultSecret,
          'Use 1-127 letters, digits and "-", the name under which the value is stored in Key Vault (never the value itself)');
      }
      const version = k.version ?? 0;
      if (!Number.isInteger(version) || version < 0 || version > MAX_VERSION) {
        throw err.error('INVALID_PROP', `${kat}.version`, `is not a whole number from 0 to ${MAX_VERSION}`, version, 'Use 0 for the current version, 1 for the one before');
      }
      const sourcePath = version === 0 ? k.vaultSecret : `${k.vaultSecret}/${version}`;
      if (!SYNC_PATH.test(sourcePath) || sourcePath.length > 253) {
        throw err.error('INVALID_PROP', `${kat}.vaultSecret`, 'cannot be a SecretSync source path', k.vaultSecret,
          'Start and end the name with a letter or digit, e.g. "plant-a-ca-crt"');
      }
      return { key: k.key, vaultSecret: k.vaultSecret, version, sourcePath };
    });
    if (type === 'kubernetes.io/tls') {
      const missing = ['tls.crt', 'tls.key'].filter((k) => !keys.has(k));
      if (missing.length) {
        throw err.error('MISSING_PROP', `${at}.data`, `has no ${missing.join(' or ')} key, which a kubernetes.io/tls Secret needs`, [...keys],
          'Map tls.crt (certificate chain) and tls.key (private key) from Key Vault, or use type "Opaque"');
      }
    }
    return { name: s.name, type, data };
  });
}

/** How the edge side (SecretProviderClass and SecretSyncs) is planned. */
export type SecretSyncEdgeForm =
  /** As `Microsoft.SecretSyncController` ARM resources in the instance's custom location (ARM, Pulumi). */
  | { readonly form: 'arm' }
  /** As Kubernetes objects, with the identity's ids as concrete values (cdk8s YAML). */
  | { readonly form: 'kubernetes'; readonly clientId: string; readonly tenantId: string };

/**
 * The Kubernetes edge form for a resolved sync: the identity's client id and tenant id must be
 * given as props. Throws one error naming every missing value.
 */
export function kubernetesEdgeForm(r: ResolvedKeyVaultSecretSync): SecretSyncEdgeForm {
  const missing = [r.identityClientId === undefined ? 'identity.clientId' : undefined, r.tenantId === undefined ? 'tenantId' : undefined].filter((m): m is string => m !== undefined);
  if (missing.length) {
    throw new PropErrors(CONSTRUCT, r.id).error('MISSING_PROP', missing.join(' and '), missing.length > 1 ? 'are missing' : 'is missing', NO_VALUE,
      `The Kubernetes SecretProviderClass needs the identity's client id and tenant id as values (YAML cannot reference Azure): deploy the ARM template (aio-secure synth --arm), then give ${missing.join(' and ')} from the identity "${r.identityName}"`, 'AS-1');
  }
  return { form: 'kubernetes', clientId: r.identityClientId!, tenantId: r.tenantId! };
}

/** The `objects` parameter of a SecretProviderClass: a YAML document as a string (facts 2.1). */
export function secretProviderObjects(objects: ResolvedKeyVaultSecretSync['vaultObjects']): string {
  const items = objects.map((o) => {
    const lines = [`objectName: ${o.name}`, 'objectType: secret', ...(o.versionHistory > 1 ? [`objectVersionHistory: ${o.versionHistory}`] : [])];
    return `  - |\n${lines.map((l) => `    ${l}`).join('\n')}`;
  });
  return `array:\n${items.join('\n')}\n`;
}

/**
 * Plans the vault, the identity, its federated credential and role assignments, and the
 * SecretProviderClass and SecretSyncs in the form asked for.
 */
export function planKeyVaultSecretSync(r: ResolvedKeyVaultSecretSync, edge: SecretSyncEdgeForm): Resource[] {
  if (edge.form === 'arm' && r.namespace !== AIO.namespace) {
    // ARM SecretSyncs live in the instance's custom location, whose namespace is AIO's: the Secret
    // would appear there, not where the props say, and the federated credential would trust a
    // service account in a namespace the controller never uses.
    throw new PropErrors(CONSTRUCT, r.id).error('INVALID_PROP', 'namespace', 'is not the AIO namespace, which the ARM form requires', r.namespace,
      `Microsoft.SecretSyncController resources are created in the AIO instance's custom location ("${AIO.namespace}"): sync into "${AIO.namespace}", or use the Kubernetes form (aio-secure/cdk8s) for Secrets in other namespaces`, 'AS-1');
  }
  const ids = keyVaultSecretSyncIds;
  const vaultId = ids.vault(r.id);
  const identityId = ids.identity(r.id);
  const identityRef = (attribute: 'clientId' | 'tenantId' | 'principalId', pointer: string): ResourceReference => ({ pointer, resource: identityId, attribute });
  const tags: JsonObject = { ...r.vault.tags };
  const located: JsonObject = r.vault.location !== undefined ? { location: r.vault.location } : {};
  const resources: Resource[] = [];

  // The identity first: everything else names it.
  resources.push(planAzureResource({
    id: identityId,
    armType: SECRET_SYNC_ARM_TYPES.identity,
    name: r.identityName,
    spec: { ...located, ...(Object.keys(tags).length ? { tags } : {}) },
  }));

  const tenantPointer = '/spec/properties/tenantId';
  const vaultRefs: ResourceReference[] = r.tenantId === undefined ? [identityRef('tenantId', tenantPointer)] : [];
  const open = r.vault.allowAllNetworks !== undefined;
  const restricted = r.vault.allowedIpRanges.length > 0;
  const waivers: Waiver[] = open
    ? [{ rule: 'key-vault-network-restricted', path: '/spec/properties', reason: `vault.network.allowAllNetworks: ${r.vault.allowAllNetworks!.reason}`, owner: r.vault.allowAllNetworks!.owner, expires: r.vault.allowAllNetworks!.expires }]
    : [];
  resources.push(planAzureResource({
    id: vaultId,
    armType: SECRET_SYNC_ARM_TYPES.vault,
    name: r.vault.name,
    spec: {
      ...located,
      ...(Object.keys(tags).length ? { tags } : {}),
      properties: {
        tenantId: r.tenantId ?? referencePlaceholder({ resource: identityId, attribute: 'tenantId' }),
        sku: { family: 'A', name: r.vault.sku },
        enableRbacAuthorization: true,
        enablePurgeProtection: true,
        enableSoftDelete: true,
        softDeleteRetentionInDays: r.vault.softDeleteRetentionInDays,
        enabledForDeployment: false,
        enabledForDiskEncryption: false,
        enabledForTemplateDeployment: false,
        publicNetworkAccess: open || restricted ? 'Enabled' : 'Disabled',
        networkAcls: {
          bypass: 'None',
          defaultAction: open ? 'Allow' : 'Deny',
          ipRules: r.vault.allowedIpRanges.map((value) => ({ value })),
          virtualNetworkRules: [],
        },
      },
    },
    references: vaultRefs,
    waivers,
  }));

  const diagnostics = r.vault.diagnostics;
  if (diagnostics) {
    const workspace = diagnostics.logAnalyticsWorkspaceId;
    resources.push(planAzureResource({
      id: ids.diagnosticSetting(r.id),
      armType: SECRET_SYNC_ARM_TYPES.diagnosticSetting,
      name: KEY_VAULT_SECRET_SYNC_DEFAULTS.diagnosticSettingName(r.id),
      spec: {
        scope: referencePlaceholder({ resource: vaultId, attribute: 'id' }),
        properties: {
          workspaceId: typeof workspace === 'string' ? workspace : referencePlaceholder({ resource: workspace.resource, attribute: 'id' }),
          logs: [{ category: KEY_VAULT_AUDIT_CATEGORY, enabled: true }],
        },
      },
      references: [
        { pointer: '/spec/scope', resource: vaultId, attribute: 'id' },
        ...(typeof workspace === 'string' ? [] : [{ pointer: '/spec/properties/workspaceId', resource: workspace.resource, attribute: 'id' as const }]),
      ],
    }));
  }

  resources.push(planAzureResource({
    id: ids.federatedCredential(r.id),
    armType: SECRET_SYNC_ARM_TYPES.federatedCredential,
    name: `${r.identityName}-${r.serviceAccountName}`.slice(0, 120),
    parentName: r.identityName,
    spec: {
      properties: {
        issuer: r.oidcIssuerUrl ?? referencePlaceholder({ parameter: SECRET_STORE.oidcIssuerParameter }),
        subject: `system:serviceaccount:${r.namespace}:${r.serviceAccountName}`,
        audiences: [SECRET_STORE.tokenExchangeAudience],
      },
    },
    references: r.oidcIssuerUrl === undefined
      ? [{ pointer: '/spec/properties/issuer', parameter: SECRET_STORE.oidcIssuerParameter, description: 'OIDC issuer URL of the Arc-connected cluster (oidcIssuerProfile.issuerUrl)' }]
      : [],
  }));

  // Key Vault Secrets User on the vault, or with roleScope 'secret' on each Key Vault secret the
  // SecretProviderClass reads (the id of a child of the vault: `<vault id>/secrets/<name>`); Key
  // Vault Reader, which reads metadata but never values, stays on the vault as the CLI assigns it.
  const assignment = (id: string, role: BuiltInRole, name: string, vaultSecret?: string): Resource => {
    const child = vaultSecret === undefined ? undefined : { type: 'secrets', name: vaultSecret };
    return planAzureResource({
      id,
      armType: SECRET_SYNC_ARM_TYPES.roleAssignment,
      name,
      spec: {
        scope: referencePlaceholder({ resource: vaultId, attribute: 'id', ...(child ? { child } : {}) }),
        properties: {
          roleDefinitionId: roleDefinitionPath(role),
          principalId: referencePlaceholder({ resource: identityId, attribute: 'principalId' }),
          principalType: 'ServicePrincipal',
        },
      },
      references: [
        { pointer: '/spec/scope', resource: vaultId, attribute: 'id', ...(child ? { child } : {}) },
        identityRef('principalId', '/spec/properties/principalId'),
      ],
    });
  };
  for (const role of KEY_VAULT_SECRET_SYNC_DEFAULTS.roles) {
    if (r.roleScope === 'secret' && role === BUILT_IN_ROLES.keyVaultSecretsUser) {
      for (const o of r.vaultObjects) {
        resources.push(assignment(ids.secretRoleAssignment(r.id, role, o.name), role, stableGuid(r.id, r.vault.name, r.identityName, role.id, o.name), o.name));
      }
    } else {
      resources.push(assignment(ids.roleAssignment(r.id, role), role, stableGuid(r.id, r.vault.name, r.identityName, role.id)));
    }
  }

  const objects = secretProviderObjects(r.vaultObjects);
  if (edge.form === 'arm') {
    const extendedLocation: JsonObject = { name: referencePlaceholder({ parameter: SECRET_STORE.customLocationParameter }), type: 'CustomLocation' };
    const customLocationRef: ResourceReference = {
      pointer: '/spec/extendedLocation/name', parameter: SECRET_STORE.customLocationParameter, description: 'Resource id of the AIO instance\'s custom location',
    };
    resources.push(planAzureResource({
      id: ids.secretProviderClass(r.id),
      armType: SECRET_SYNC_ARM_TYPES.secretProviderClass,
      name: r.secretProviderClassName,
      spec: {
        ...located,
        extendedLocation,
        properties: {
          clientId: referencePlaceholder({ resource: identityId, attribute: 'clientId' }),
          tenantId: r.tenantId ?? referencePlaceholder({ resource: identityId, attribute: 'tenantId' }),
          keyvaultName: r.vault.name,
          objects,
        },
      },
      references: [
        customLocationRef,
        identityRef('clientId', '/spec/properties/clientId'),
        ...(r.tenantId === undefined ? [identityRef('tenantId', '/spec/properties/tenantId')] : []),
      ],
    }));
    for (const s of r.secrets) {
      resources.push(planAzureResource({
        id: ids.secretSync(r.id, s.name),
        armType: SECRET_SYNC_ARM_TYPES.secretSync,
        name: s.name,
        spec: {
          ...located,
          extendedLocation,
          properties: {
            secretProviderClassName: r.secretProviderClassName,
            serviceAccountName: r.serviceAccountName,
            kubernetesSecretType: s.type,
            objectSecretMapping: s.data.map((k) => ({ sourcePath: k.sourcePath, targetKey: k.key })),
          },
        },
        references: [customLocationRef],
      }));
    }
  } else {
    const spc = SECRET_SYNC_K8S.secretProviderClass;
    resources.push({
      id: ids.secretProviderClass(r.id),
      group: spc.group,
      version: spc.version,
      kind: spc.kind,
      name: r.secretProviderClassName,
      namespace: r.namespace,
      spec: {
        provider: 'azure',
        parameters: { clientID: edge.clientId, tenantID: edge.tenantId, keyvaultName: r.vault.name, objects },
      },
    });
    const sync = SECRET_SYNC_K8S.secretSync;
    for (const s of r.secrets) {
      resources.push({
        id: ids.secretSync(r.id, s.name),
        group: sync.group,
        version: sync.version,
        kind: sync.kind,
        name: s.name,
        namespace: r.namespace,
        spec: {
          serviceAccountName: r.serviceAccountName,
          secretProviderClassName: r.secretProviderClassName,
          secretObject: { type: s.type, data: s.data.map((k) => ({ sourcePath: k.sourcePath, targetKey: k.key })) },
        },
      });
    }
  }
  return resources;
}

/**
 * What the AIO instance takes from the sync on the ARM path: `defaultSecretProviderClassRef`
 * (Instance properties, ARM 2025-07-01-preview and later; facts section 0 and 2.1) pointing at the
 * planned SecretProviderClass. The instance is not planned by aio-secure; set this on it.
 */
export function defaultSecretProviderClassRef(r: ResolvedKeyVaultSecretSync): { readonly resourceId: ResourceReference } {
  return { resourceId: { pointer: '/spec/properties/defaultSecretProviderClassRef/resourceId', resource: keyVaultSecretSyncIds.secretProviderClass(r.id), attribute: 'id' } };
}
