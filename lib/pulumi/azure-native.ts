/**
 * The Azure-only resources of a plan (`AZURE_KINDS`: Key Vaults, identities, federated
 * credentials, role assignments, Arc extensions, connected clusters, secret sync resources,
 * monitoring, Defender plans, Device Registry) as azure-native resources, at the api-version
 * `ARM_PROVIDERS` pins.
 *
 * Why not `new keyvault.Vault(...)` and the other SDK classes:
 * - They register the SDK's default api-version, which for some types is not the pinned one
 *   (ConnectedCluster 2024-02-01-preview, Grafana 2024-10-01, the Device Registry namespaces
 *   2025-07-01-preview), so Pulumi would deploy another API than the ARM template of the same plan.
 * - They fill defaults into the inputs that the plan did not choose, some of them insecure or
 *   wrong for aio-secure: a Vault's `publicNetworkAccess: "enabled"` and `enableRbacAuthorization:
 *   false`, a RoleAssignment's `principalType: "User"` (our principals are service principals), an
 *   Arc Extension's `autoUpgradeMinorVersion: true` and `releaseTrain: "Stable"`. What reaches Azure
 *   must be exactly the plan, which the rules checked.
 *
 * So, as `iot-operations.ts` does for the AIO resources, `AzureNativeResource` registers the
 * versioned type token the provider serves for the pinned version
 * (`azure-native:keyvault/v20241101:Vault`; each SDK class lists these as its aliases, which a test
 * checks), with the SDK's own input shape at that version: the name arguments (`vaultName`, ...),
 * `resourceGroupName`, the body fields (`location`, `tags`, `identity`, ...) and `properties`,
 * nested or flattened as the SDK class takes them (a test checks every argument name against the
 * SDK class of the same version). Nothing of the SDK but its utilities is loaded. Each resource aliases the
 * SDK class's token and the tokens of `previousApiVersions`, so moving a pinned version updates
 * resources in place instead of replacing them (add the old version there when you move it).
 *
 * The ARM scope of extension resources becomes the argument the SDK takes for it: `scope`
 * (RoleAssignment), `resourceUri` (DiagnosticSetting), `scopeId` (Pricing) or, for Arc extensions,
 * `clusterRp`, `clusterResourceName`, `clusterName` and `resourceGroupName`.
 */
import * as pulumi from '@pulumi/pulumi';
import { getVersion } from '@pulumi/azure-native/utilities';
import type { AzureKind } from '../model/azure';
import { AZURE_KINDS } from '../model/azure';
import { ARM_PROVIDERS } from '../model/versions';
import { azureNativeModuleVersion } from './iot-operations';

/** How the ARM `scope` of an extension resource is passed to the SDK. */
export type AzureNativeScopeArg = 'scope' | 'resourceUri' | 'scopeId' | 'cluster';

/** How one Azure-only kind maps onto azure-native. */
export interface AzureNativeKind {
  /** The ARM type, e.g. `Microsoft.KeyVault/vaults`. */
  readonly armType: string;
  /** The azure-native module, e.g. `keyvault`. */
  readonly module: string;
  /** The resource in the type token, e.g. `Vault`. */
  readonly resource: string;
  /** The api-version of the SDK's own class (azure-native 3.28.0); a test reads it from the SDK. */
  readonly sdkApiVersion: string;
  /** Name arguments, outermost first: `[parent, own]` for child types, `[own]` otherwise. */
  readonly nameArgs: readonly string[];
  /** `nested`: the args take `properties`; `flat`: the properties' fields are args themselves. */
  readonly properties: 'nested' | 'flat';
  /** Top-level ARM body fields the args take under the same name. */
  readonly body: readonly string[];
  /** Extension resources: which argument(s) take the ARM scope. */
  readonly scopeArg?: AzureNativeScopeArg;
  /** Whether the args take the resource group (for `cluster` scopes it comes from the scope). */
  readonly resourceGroup: boolean;
  /** Earlier pinned api-versions, aliased so that moving the pin updates in place. */
  readonly previousApiVersions?: readonly string[];
  /** Other type tokens the resource has had (e.g. the `insights` module of azure-native 2.x). */
  readonly extraAliases?: readonly string[];
}

const located = ['location', 'tags'] as const;

/** The azure-native mapping of every kind in `AZURE_KINDS`, by lower-cased ARM type. */
export const AZURE_NATIVE_KINDS: ReadonlyMap<string, AzureNativeKind> = new Map(
  ([
    { armType: 'Microsoft.KeyVault/vaults', module: 'keyvault', resource: 'Vault', sdkApiVersion: '2024-11-01', nameArgs: ['vaultName'], properties: 'nested', body: located, resourceGroup: true },
    { armType: 'Microsoft.KeyVault/vaults/secrets', module: 'keyvault', resource: 'Secret', sdkApiVersion: '2024-11-01', nameArgs: ['vaultName', 'secretName'], properties: 'nested', body: ['tags'], resourceGroup: true },
    {
      armType: 'Microsoft.ManagedIdentity/userAssignedIdentities', module: 'managedidentity', resource: 'UserAssignedIdentity', sdkApiVersion: '2023-01-31',
      nameArgs: ['resourceName'], properties: 'flat', body: located, resourceGroup: true,
    },
    {
      armType: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials', module: 'managedidentity', resource: 'FederatedIdentityCredential',
      sdkApiVersion: '2023-01-31', nameArgs: ['resourceName', 'federatedIdentityCredentialResourceName'], properties: 'flat', body: [], resourceGroup: true,
    },
    {
      armType: 'Microsoft.Authorization/roleAssignments', module: 'authorization', resource: 'RoleAssignment', sdkApiVersion: '2022-04-01',
      nameArgs: ['roleAssignmentName'], properties: 'flat', body: [], scopeArg: 'scope', resourceGroup: false,
    },
    {
      armType: 'Microsoft.Kubernetes/connectedClusters', module: 'kubernetes', resource: 'ConnectedCluster', sdkApiVersion: '2024-02-01-preview',
      nameArgs: ['clusterName'], properties: 'flat', body: [...located, 'identity', 'kind'], resourceGroup: true,
    },
    {
      armType: 'Microsoft.KubernetesConfiguration/extensions', module: 'kubernetesconfiguration', resource: 'Extension', sdkApiVersion: '2023-05-01',
      nameArgs: ['extensionName'], properties: 'flat', body: ['identity', 'plan'], scopeArg: 'cluster', resourceGroup: false,
    },
    {
      armType: 'Microsoft.SecretSyncController/azureKeyVaultSecretProviderClasses', module: 'secretsynccontroller', resource: 'AzureKeyVaultSecretProviderClass',
      sdkApiVersion: '2024-08-21-preview', nameArgs: ['azureKeyVaultSecretProviderClassName'], properties: 'flat', body: [...located, 'extendedLocation'], resourceGroup: true,
    },
    {
      armType: 'Microsoft.SecretSyncController/secretSyncs', module: 'secretsynccontroller', resource: 'SecretSync', sdkApiVersion: '2024-08-21-preview',
      nameArgs: ['secretSyncName'], properties: 'flat', body: [...located, 'extendedLocation'], resourceGroup: true,
    },
    {
      armType: 'Microsoft.Insights/diagnosticSettings', module: 'monitor', resource: 'DiagnosticSetting', sdkApiVersion: '2021-05-01-preview',
      nameArgs: ['name'], properties: 'flat', body: [], scopeArg: 'resourceUri', resourceGroup: false,
      extraAliases: ['azure-native:insights/v20210501preview:DiagnosticSetting'],
    },
    {
      armType: 'Microsoft.Monitor/accounts', module: 'monitor', resource: 'AzureMonitorWorkspace', sdkApiVersion: '2023-04-03',
      nameArgs: ['azureMonitorWorkspaceName'], properties: 'flat', body: located, resourceGroup: true,
    },
    {
      armType: 'Microsoft.Dashboard/grafana', module: 'dashboard', resource: 'Grafana', sdkApiVersion: '2024-10-01',
      nameArgs: ['workspaceName'], properties: 'nested', body: [...located, 'identity', 'sku'], resourceGroup: true,
    },
    {
      armType: 'Microsoft.OperationalInsights/workspaces', module: 'operationalinsights', resource: 'Workspace', sdkApiVersion: '2023-09-01',
      nameArgs: ['workspaceName'], properties: 'flat', body: [...located, 'identity'], resourceGroup: true,
    },
    {
      armType: 'Microsoft.DeviceRegistry/namespaces', module: 'deviceregistry', resource: 'Namespace', sdkApiVersion: '2025-07-01-preview',
      nameArgs: ['namespaceName'], properties: 'flat', body: [...located, 'identity'], resourceGroup: true,
    },
    {
      armType: 'Microsoft.DeviceRegistry/namespaces/devices', module: 'deviceregistry', resource: 'NamespaceDevice', sdkApiVersion: '2025-07-01-preview',
      nameArgs: ['namespaceName', 'deviceName'], properties: 'flat', body: [...located, 'extendedLocation'], resourceGroup: true,
    },
    {
      armType: 'Microsoft.DeviceRegistry/namespaces/assets', module: 'deviceregistry', resource: 'NamespaceAsset', sdkApiVersion: '2025-07-01-preview',
      nameArgs: ['namespaceName', 'assetName'], properties: 'flat', body: [...located, 'extendedLocation'], resourceGroup: true,
    },
    {
      armType: 'Microsoft.Security/pricings', module: 'security', resource: 'Pricing', sdkApiVersion: '2024-01-01',
      nameArgs: ['pricingName'], properties: 'flat', body: [], scopeArg: 'scopeId', resourceGroup: false,
    },
  ] satisfies AzureNativeKind[]).map((k): [string, AzureNativeKind] => [k.armType.toLowerCase(), k]),
);

/** The azure-native mapping of an ARM type (any case), if there is one. */
export function azureNativeKind(armType: string): AzureNativeKind | undefined {
  return AZURE_NATIVE_KINDS.get(armType.toLowerCase());
}

/** The pinned api-version of a kind (`ARM_PROVIDERS` of its namespace). */
export function azureNativeApiVersion(k: AzureNativeKind): string {
  const azure = AZURE_KINDS.get(k.armType.toLowerCase());
  if (!azure) throw new Error(`${k.armType} is not in AZURE_KINDS`);
  return ARM_PROVIDERS[azure.group];
}

/**
 * The type token of a kind at an api-version (`azure-native:keyvault/v20241101:Vault`); without
 * one, the token of the SDK's own class (`azure-native:keyvault:Vault`).
 */
export function azureNativeToken(k: AzureNativeKind, apiVersion?: string): string {
  return apiVersion ? `azure-native:${k.module}/${azureNativeModuleVersion(apiVersion)}:${k.resource}` : `azure-native:${k.module}:${k.resource}`;
}

/** The outputs other resources reference, beyond `id` and `name`, as the provider names them. */
function referencedOutputs(azure: AzureKind | undefined): string[] {
  const attributes = azure?.attributes ?? [];
  if (!attributes.length) return [];
  // A user-assigned identity has its ids as outputs of its own; other types in `identity`.
  return azure!.kind === 'userAssignedIdentities' ? [...attributes] : ['identity'];
}

/**
 * An Azure-only resource at its pinned api-version. `inputs` are the SDK's args for that
 * version (see `azureNativeInputs`).
 */
export class AzureNativeResource extends pulumi.CustomResource {
  // `declare`: the base constructor sets these outputs; a class field would reset them.
  /** The ARM resource name (the last segment). */
  declare public readonly name: pulumi.Output<string>;
  /** The ARM resource type. */
  declare public readonly type: pulumi.Output<string>;
  /** The ARM API version the provider used. */
  declare public readonly azureApiVersion: pulumi.Output<string>;
  /** The managed identity (types that have one), with `principalId` and `tenantId`. */
  declare public readonly identity: pulumi.Output<{ principalId?: string; tenantId?: string } | undefined>;
  /** User-assigned identities: the service principal's object id. */
  declare public readonly principalId: pulumi.Output<string>;
  /** User-assigned identities: the application (client) id. */
  declare public readonly clientId: pulumi.Output<string>;
  /** User-assigned identities: the tenant id. */
  declare public readonly tenantId: pulumi.Output<string>;

  /** The kind this resource renders. */
  public readonly kind: AzureNativeKind;

  constructor(kind: AzureNativeKind, name: string, inputs: Record<string, pulumi.Input<unknown>>, opts: pulumi.CustomResourceOptions = {}) {
    const apiVersion = azureNativeApiVersion(kind);
    // Outputs the component reads back, unless an input of the same name (DiagnosticSetting's `name`) sets them.
    const all: pulumi.Inputs = { name: undefined, type: undefined, systemData: undefined, azureApiVersion: undefined, ...inputs };
    for (const out of referencedOutputs(AZURE_KINDS.get(kind.armType.toLowerCase()))) if (all[out] === undefined) all[out] = undefined;
    const aliases: pulumi.Alias[] = [
      { type: azureNativeToken(kind) },
      ...(kind.previousApiVersions ?? []).filter((v) => v !== apiVersion).map((v) => ({ type: azureNativeToken(kind, v) })),
      ...(kind.extraAliases ?? []).map((type) => ({ type })),
    ];
    super(azureNativeToken(kind, apiVersion), name, all, pulumi.mergeOptions({ version: getVersion(), aliases }, opts));
    this.kind = kind;
  }
}

/** Where an Azure-only resource goes, besides its own spec. */
export interface AzureNativePlacement {
  /** The resource group (required for kinds with `resourceGroup`). */
  readonly resourceGroupName?: pulumi.Input<string>;
  /** The ARM scope of an extension resource: a literal id or the extended resource's `id` output. */
  readonly scope?: pulumi.Input<string>;
  /**
   * The planned resource an Arc extension extends, when it is one: its type, name and resource
   * group are then known without waiting for its id.
   */
  readonly scopeTarget?: { readonly armType: string; readonly name: pulumi.Input<string>; readonly resourceGroupName?: pulumi.Input<string> };
}

/** The parts of an ARM resource id, as far as Arc extensions need them. */
export interface ArmIdParts {
  readonly subscriptionId?: string;
  readonly resourceGroupName?: string;
  /** The provider namespace, e.g. `Microsoft.Kubernetes`. */
  readonly provider: string;
  /** The type below the provider, e.g. `connectedClusters`. */
  readonly resourceType: string;
  readonly name: string;
}

/** Parses `/subscriptions/<s>/resourceGroups/<g>/providers/<Namespace>/<type>/<name>`; `undefined` for anything else. */
export function parseArmId(id: string): ArmIdParts | undefined {
  const m = /^(?:\/subscriptions\/([^/]+))?(?:\/resourceGroups\/([^/]+))?\/providers\/([^/]+)\/([^/]+)\/([^/]+)$/i.exec(id);
  if (!m) return undefined;
  return { ...(m[1] ? { subscriptionId: m[1] } : {}), ...(m[2] ? { resourceGroupName: m[2] } : {}), provider: m[3], resourceType: m[4], name: m[5] };
}

/**
 * The SDK args of an Azure-only resource: `names` (outermost first, matching `nameArgs`), the
 * body fields and properties of `spec` (already resolved: references are inputs), the resource
 * group and the scope. Throws for a literal Arc extension scope that is not a resource id.
 */
export function azureNativeInputs(
  kind: AzureNativeKind,
  names: readonly pulumi.Input<string>[],
  spec: Record<string, unknown>,
  placement: AzureNativePlacement,
): Record<string, pulumi.Input<unknown>> {
  const args: Record<string, pulumi.Input<unknown>> = {};
  kind.nameArgs.forEach((arg, i) => (args[arg] = names[i]));
  if (kind.resourceGroup) args.resourceGroupName = placement.resourceGroupName;
  for (const field of kind.body) if (spec[field] !== undefined) args[field] = spec[field] as pulumi.Input<unknown>;
  const properties = spec.properties;
  if (properties !== undefined) {
    if (kind.properties === 'nested') args.properties = properties as pulumi.Input<unknown>;
    else for (const [k, v] of Object.entries(properties as Record<string, unknown>)) args[k] = v as pulumi.Input<unknown>;
  }
  const scope = placement.scope;
  if (kind.scopeArg === 'cluster' && placement.scopeTarget) {
    const [provider, resourceType] = placement.scopeTarget.armType.split('/');
    Object.assign(args, {
      clusterRp: provider, clusterResourceName: resourceType, clusterName: placement.scopeTarget.name, resourceGroupName: placement.scopeTarget.resourceGroupName,
    });
  } else if (kind.scopeArg === 'cluster' && scope !== undefined) {
    const parts = pulumi.output(scope).apply((id) => {
      const p = parseArmId(id);
      if (!p) throw new Error(`${kind.resource}: scope ${JSON.stringify(id)} is not the resource id of a cluster (/subscriptions/<s>/resourceGroups/<g>/providers/<Namespace>/<type>/<name>)`);
      return p;
    });
    Object.assign(args, {
      clusterRp: parts.provider, clusterResourceName: parts.resourceType, clusterName: parts.name,
      resourceGroupName: parts.apply((p) => p.resourceGroupName ?? ''),
    });
  } else if (kind.scopeArg && scope !== undefined) {
    args[kind.scopeArg] = scope;
  }
  return args;
}
