/**
 * Azure resources around AIO that are not Kubernetes objects: Key Vaults, managed identities,
 * federated credentials, role assignments, Arc extensions, monitoring workspaces, Defender plans.
 *
 * How they appear in a plan (`Resource`):
 * - `group` is the resource provider namespace (`Microsoft.KeyVault`), `kind` the last segment of
 *   the ARM type (`vaults`), `version` the pinned api-version (`ARM_PROVIDERS`), `armType` the full
 *   type. A child (a federated credential) names its parent in `parent` (`{ kind:
 *   'userAssignedIdentities', name }`); `name` is its own segment only.
 * - `spec` is the ARM resource body without `type`, `apiVersion`, `name` and `dependsOn`:
 *   `properties`, and where the type has them `location`, `tags`, `sku`, `identity`, `kind`,
 *   `extendedLocation`, and `scope` for extension resources (role assignments, Arc extensions,
 *   diagnostic settings). (AIO resources differ: their spec is the ARM `properties`, because it is
 *   also their Kubernetes custom resource's spec.)
 * - `location` is left out unless the user gives one: renderers put the resource in its resource
 *   group's location.
 * - Values known only at deployment (an identity's principal id, the cluster's OIDC issuer URL)
 *   are `references` with a placeholder in the spec (`referencePlaceholder`). A reference to a
 *   resource's `id` may name a `child` below it that is not planned (`{ type: 'secrets', name }`
 *   for one Key Vault secret, the scope of a per-secret role assignment): renderers write the
 *   child's id (ARM `resourceId('Microsoft.KeyVault/vaults/secrets', '<vault>', '<name>')`, Pulumi
 *   `<vault id>/secrets/<name>`).
 * - Azure-only resources have no namespace and are never rendered as Kubernetes YAML.
 * - Most are deployed into a resource group; the kinds marked `scope: 'subscription'` in the
 *   table below (Defender pricings) exist once per subscription and need a subscription
 *   deployment (`renderSubscriptionTemplate`, `partitionForArm` in lib/arm/template.ts).
 */
import { createHash } from 'node:crypto';
import type { JsonObject, JsonValue, ReferenceAttribute, Resource, ResourceReference } from './resource';
import { isJsonObject } from './resource';
import { ARM_PROVIDERS, type ArmProvider } from './versions';

/** How one Azure resource type is planned and rendered. */
export interface AzureKind {
  /** Resource provider namespace, e.g. `Microsoft.KeyVault`. */
  readonly group: ArmProvider;
  /** Last segment of the type, e.g. `vaults`. */
  readonly kind: string;
  /** Full ARM type, e.g. `Microsoft.KeyVault/vaults`. */
  readonly armType: string;
  /** Kind of the parent for child types (the name is `<parent>/<own>`). */
  readonly parentKind?: string;
  /** Extension resource: deployed at the resource given by `spec.scope`. */
  readonly extension?: boolean;
  /** Whether the type has a location (tracked resources). */
  readonly located: boolean;
  /** Attributes other resources may reference, beyond `id` and `name`. */
  readonly attributes?: readonly ReferenceAttribute[];
  /**
   * Where ARM deploys the type when that is not a resource group: `subscription` for types that
   * exist once per subscription (Defender pricings). A resource-group deployment (`az deployment
   * group create`) cannot create them; they go into a subscription deployment (`az deployment sub
   * create`), their ids are `subscriptionResourceId()`s, and Pulumi gives them the subscription as
   * scope.
   * @default - a resource group (or, for extension resources, the resource `spec.scope` names)
   */
  readonly scope?: 'subscription';
}

const kinds: AzureKind[] = [
  { group: 'Microsoft.KeyVault', kind: 'vaults', armType: 'Microsoft.KeyVault/vaults', located: true },
  { group: 'Microsoft.KeyVault', kind: 'secrets', armType: 'Microsoft.KeyVault/vaults/secrets', parentKind: 'vaults', located: false },
  {
    group: 'Microsoft.ManagedIdentity', kind: 'userAssignedIdentities', armType: 'Microsoft.ManagedIdentity/userAssignedIdentities', located: true,
    attributes: ['principalId', 'clientId', 'tenantId'],
  },
  {
    group: 'Microsoft.ManagedIdentity', kind: 'federatedIdentityCredentials',
    armType: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials', parentKind: 'userAssignedIdentities', located: false,
  },
  { group: 'Microsoft.Authorization', kind: 'roleAssignments', armType: 'Microsoft.Authorization/roleAssignments', extension: true, located: false },
  { group: 'Microsoft.Kubernetes', kind: 'connectedClusters', armType: 'Microsoft.Kubernetes/connectedClusters', located: true },
  {
    group: 'Microsoft.KubernetesConfiguration', kind: 'extensions', armType: 'Microsoft.KubernetesConfiguration/extensions', extension: true, located: false,
    attributes: ['principalId'],
  },
  { group: 'Microsoft.SecretSyncController', kind: 'azureKeyVaultSecretProviderClasses', armType: 'Microsoft.SecretSyncController/azureKeyVaultSecretProviderClasses', located: true },
  { group: 'Microsoft.SecretSyncController', kind: 'secretSyncs', armType: 'Microsoft.SecretSyncController/secretSyncs', located: true },
  { group: 'Microsoft.Insights', kind: 'diagnosticSettings', armType: 'Microsoft.Insights/diagnosticSettings', extension: true, located: false },
  { group: 'Microsoft.Monitor', kind: 'accounts', armType: 'Microsoft.Monitor/accounts', located: true },
  { group: 'Microsoft.Dashboard', kind: 'grafana', armType: 'Microsoft.Dashboard/grafana', located: true, attributes: ['principalId'] },
  { group: 'Microsoft.OperationalInsights', kind: 'workspaces', armType: 'Microsoft.OperationalInsights/workspaces', located: true },
  // Azure Device Registry (ARM only in production: the OPC UA connector is not managed through manifests).
  { group: 'Microsoft.DeviceRegistry', kind: 'namespaces', armType: 'Microsoft.DeviceRegistry/namespaces', located: true },
  { group: 'Microsoft.DeviceRegistry', kind: 'devices', armType: 'Microsoft.DeviceRegistry/namespaces/devices', parentKind: 'namespaces', located: true },
  { group: 'Microsoft.DeviceRegistry', kind: 'assets', armType: 'Microsoft.DeviceRegistry/namespaces/assets', parentKind: 'namespaces', located: true },
  // The subscription's Defender plans (the REST reference takes a subscription as scopeId; see lib/model/defender-protection.ts).
  { group: 'Microsoft.Security', kind: 'pricings', armType: 'Microsoft.Security/pricings', located: false, scope: 'subscription' },
];

/** The Azure-only kinds aio-secure plans, keyed by lower-cased ARM type. */
export const AZURE_KINDS: ReadonlyMap<string, AzureKind> = new Map(kinds.map((k) => [k.armType.toLowerCase(), k]));

const BY_GROUP_KIND = new Map(kinds.map((k) => [`${k.group}/${k.kind}`, k]));

/** The Azure-only kind for a plan's group and kind, if aio-secure knows it. */
export function azureKind(group: string, kind: string): AzureKind | undefined {
  return BY_GROUP_KIND.get(`${group}/${kind}`);
}

/** The Azure-only kind of an ARM type (any case), if aio-secure knows it. */
export function azureKindOfType(armType: string): AzureKind | undefined {
  return AZURE_KINDS.get(armType.toLowerCase());
}

/** True for a resource that exists only in Azure (no Kubernetes form). */
export function isAzureOnly(r: Pick<Resource, 'group' | 'kind'>): boolean {
  return azureKind(r.group, r.kind) !== undefined;
}

/**
 * True for a resource of a subscription-scoped kind (`AzureKind.scope`): ARM deploys it with a
 * subscription deployment, never into a resource group.
 */
export function isSubscriptionScoped(r: Pick<Resource, 'group' | 'kind'>): boolean {
  return azureKind(r.group, r.kind)?.scope === 'subscription';
}

/** The pinned api-version of an Azure-only kind. */
export function azureApiVersion(k: AzureKind): string {
  return ARM_PROVIDERS[k.group];
}

/** What a planner passes to `planAzureResource`. */
export interface AzureResourcePlan {
  readonly id: string;
  readonly armType: string;
  readonly name: string;
  /** Name of the parent, for child types. */
  readonly parentName?: string;
  /** The ARM body without type, apiVersion and name (see the module comment). */
  readonly spec: JsonObject;
  readonly references?: readonly ResourceReference[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly waivers?: Resource['waivers'];
}

/** A planned Azure-only resource. Throws for a type not in `AZURE_KINDS` or a child without a parent name. */
export function planAzureResource(p: AzureResourcePlan): Resource {
  const k = azureKindOfType(p.armType);
  if (!k) throw new Error(`planAzureResource: ${p.armType} is not in AZURE_KINDS (lib/model/azure.ts); add it there with its pinned api-version.`);
  if (k.parentKind && !p.parentName) throw new Error(`planAzureResource: ${p.armType} "${p.name}" (${p.id}) needs parentName.`);
  return {
    id: p.id,
    group: k.group,
    version: azureApiVersion(k),
    kind: k.kind,
    name: p.name,
    armType: k.armType,
    ...(k.parentKind ? { parent: { kind: k.parentKind, name: p.parentName! } } : {}),
    ...(p.labels ? { labels: p.labels } : {}),
    spec: p.spec,
    ...(p.references?.length ? { references: p.references } : {}),
    ...(p.waivers?.length ? { waivers: p.waivers } : {}),
  };
}

/**
 * The placeholder a spec holds where a reference goes: `ref(<logical id>).<attribute>`,
 * `ref(<logical id>).id/<type>/<name>` for the id of a child (`child`), or `parameter(<name>)`.
 */
export function referencePlaceholder(
  ref: { resource: string; attribute: ReferenceAttribute; child?: { type: string; name: string } } | { parameter: string },
): string {
  if ('parameter' in ref) return `parameter(${ref.parameter})`;
  return `ref(${ref.resource}).${ref.attribute}${ref.child ? `/${ref.child.type}/${ref.child.name}` : ''}`;
}

/** A child segment (`type` or `name` of `ResourceReference.child`): no `/`, no `[`, not empty. */
const CHILD_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * What is wrong with a reference's `child`, or undefined when it is well formed (or absent): it
 * goes with attribute `id` only, and its type and name are single ARM name segments.
 */
export function referenceChildProblem(ref: ResourceReference): string | undefined {
  if ('parameter' in ref || ref.child === undefined) return undefined;
  if (ref.attribute !== 'id') return `names a child of ${ref.resource} but references its ${ref.attribute}; a child is an id below the resource's id`;
  const { type, name } = ref.child;
  if (typeof type !== 'string' || !CHILD_SEGMENT.test(type) || typeof name !== 'string' || !CHILD_SEGMENT.test(name)) {
    return `names the child ${JSON.stringify(ref.child)} of ${ref.resource}, which is not a type and a name of one segment each`;
  }
  return undefined;
}

/** The reference at a JSON pointer of a resource, if the value there is one. */
export function referenceAt(r: Pick<Resource, 'references'>, pointer: string): ResourceReference | undefined {
  return r.references?.find((x) => x.pointer === pointer);
}

/**
 * Replaces every referenced value of a resource's spec using `resolve`, returning a new spec
 * (pointers are relative to the resource, so they start with `/spec/`). Values that are not
 * references are copied as they are.
 */
export function resolveReferences<T>(r: Pick<Resource, 'spec' | 'references'>, resolve: (ref: ResourceReference) => T): JsonObject {
  // A plain copy, not structuredClone: values from another realm (a test runner's) would not be
  // arrays to code that checks `instanceof Array`.
  const copy = copyJson(r.spec) as JsonObject;
  for (const ref of r.references ?? []) {
    const parts = ref.pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (parts[0] !== 'spec' || parts.length < 2) throw new Error(`reference pointer ${ref.pointer} is not inside /spec`);
    let node: JsonValue = copy;
    for (const p of parts.slice(1, -1)) {
      node = (Array.isArray(node) ? node[Number(p)] : isJsonObject(node) ? node[p] : undefined) as JsonValue;
      if (node === undefined) throw new Error(`reference pointer ${ref.pointer} does not exist in the spec`);
    }
    const last = parts[parts.length - 1];
    const value = resolve(ref) as unknown as JsonValue;
    if (Array.isArray(node)) node[Number(last)] = value;
    else if (isJsonObject(node)) node[last] = value;
    else throw new Error(`reference pointer ${ref.pointer} does not exist in the spec`);
  }
  return copy;
}

function copyJson(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(copyJson);
  if (isJsonObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: copyJson(x), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

/**
 * A stable GUID from its parts (SHA-1 based, RFC 4122 version 5 layout): role assignments are
 * named by GUIDs, and a plan must name them the same way every time.
 */
export function stableGuid(...parts: readonly string[]): string {
  const h = createHash('sha1').update(parts.join('\u0000')).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

const REFERENCE_ATTRIBUTES: readonly string[] = ['id', 'name', 'principalId', 'clientId', 'tenantId'] satisfies ReferenceAttribute[];

/**
 * The well-formed references in a list read back from bookkeeping (ARM template metadata, Pulumi
 * stack outputs); anything else is dropped, so its value stays as read (and, if it is an
 * expression, unresolved). A reference's `child` (`{ type, name }`) is kept when well formed; a
 * malformed one drops the reference.
 */
export function readReferences(v: unknown): ResourceReference[] {
  if (!Array.isArray(v)) return [];
  const out: ResourceReference[] = [];
  for (const x of v) {
    if (!isJsonObject(x) || typeof x.pointer !== 'string' || !x.pointer.startsWith('/spec/')) continue;
    if (typeof x.resource === 'string' && typeof x.attribute === 'string' && REFERENCE_ATTRIBUTES.includes(x.attribute)) {
      const child = isJsonObject(x.child) && typeof x.child.type === 'string' && typeof x.child.name === 'string' ? { type: x.child.type, name: x.child.name } : undefined;
      if (x.child !== undefined && child === undefined) continue;
      out.push({ pointer: x.pointer, resource: x.resource, attribute: x.attribute as ReferenceAttribute, ...(child ? { child } : {}) });
    } else if (typeof x.parameter === 'string' && typeof x.description === 'string') {
      out.push({ pointer: x.pointer, parameter: x.parameter, description: x.description });
    }
  }
  return out;
}

/** How messages name a planned resource of an Azure-only kind (other kinds go by their kind). */
const DESCRIBED_KINDS: Readonly<Record<string, string>> = {
  userAssignedIdentities: 'identity',
  vaults: 'Key Vault',
  secrets: 'Key Vault secret',
  connectedClusters: 'connected cluster',
  extensions: 'Arc extension',
  federatedIdentityCredentials: 'federated credential',
  roleAssignments: 'role assignment',
};

/** `<kind> <name>` of a resource, as findings name it (`identity plant-a-dataflow`). */
export function describeResource(r: Pick<Resource, 'kind' | 'name'>): string {
  return `${DESCRIBED_KINDS[r.kind] ?? r.kind} ${r.name}`;
}

/** An ARM template expression (`[parameters('x')]`, `[reference(...).principalId]`), as a reader keeps it. */
const ARM_EXPRESSION = /^\s*\[(?!\[)[\s\S]*\]\s*$/;
const ARM_PARAMETER = /^\s*\[\s*parameters\(\s*'([^']+)'\s*\)\s*\]\s*$/i;

/**
 * What a resource holds at a JSON pointer, in words a user reads: the planned resource a reference
 * names (`identity plant-a-dataflow`, `Key Vault secret plant-a-ca-crt of Key Vault kv-plant-a`),
 * `the deployment parameter <name>` for a parameter (a reference, or an ARM `[parameters('<name>')]`
 * expression a reader kept), `a value known only at deployment` for another unresolved expression,
 * and otherwise the literal (a string as it is, anything else as JSON). Undefined when there is
 * nothing there. Never the internal placeholders (`ref(...)`, `parameter(...)`) or raw expressions.
 * `resources` looks planned resources up by logical id (a rules `DeploymentIndex` does).
 */
export function describeValueAt(
  r: Pick<Resource, 'spec' | 'references' | 'unresolved'>,
  pointer: string,
  resources: { get(id: string): Resource | undefined },
): string | undefined {
  const ref = referenceAt(r, pointer);
  if (ref && 'parameter' in ref) return `the deployment parameter ${ref.parameter}`;
  if (ref) {
    const target = resources.get(ref.resource);
    const named = target ? describeResource(target) : `${ref.resource} (not in the deployment)`;
    return ref.child ? `${ref.child.type === 'secrets' ? 'secret' : ref.child.type} ${ref.child.name} of ${named}` : named;
  }
  const value = valueAtPointer(r.spec, pointer);
  if (typeof value === 'string') {
    const parameter = ARM_PARAMETER.exec(value);
    if (parameter) return `the deployment parameter ${parameter[1]}`;
    if (ARM_EXPRESSION.test(value)) return 'a value known only at deployment';
    return value;
  }
  if (value === undefined) return r.unresolved?.some((u) => pointer === u || pointer.startsWith(`${u}/`)) ? 'a value known only at deployment' : undefined;
  return JSON.stringify(value);
}

/** The spec value at a pointer (which starts with `/spec`), or undefined. */
function valueAtPointer(spec: JsonObject, pointer: string): JsonValue | undefined {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (parts[0] !== 'spec') return undefined;
  let node: JsonValue | undefined = spec;
  for (const p of parts.slice(1)) {
    if (Array.isArray(node)) node = node[Number(p)];
    else if (isJsonObject(node)) node = Object.prototype.hasOwnProperty.call(node, p) ? node[p] : undefined;
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}
