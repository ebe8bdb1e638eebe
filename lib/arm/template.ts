/**
 * Renders a plan as Azure Resource Manager deployment templates: the production path for AIO
 * resources and the Azure resources around them, for teams that deploy with the Azure CLI rather
 * than Pulumi. Only resources that exist in ARM (those with an `armType`) are in a template;
 * Kubernetes-native objects (cert-manager issuers, ConfigMaps, NetworkPolicies, ...) stay YAML.
 *
 * ARM deploys a template at one scope, and a resource type can only be created at the scopes it
 * lives at. So a plan makes up to two templates, and `partitionForArm` splits it that way:
 *
 * - `renderArmTemplate`: the resource-group deployment (`az deployment group create`) of the AIO
 *   resources and of the Azure-only resources that live in a resource group (or extend one that
 *   does). Given a subscription-scoped resource, it throws rather than write a template ARM
 *   rejects, or leave a security control out without a word.
 * - `renderSubscriptionTemplate`: the subscription deployment (`az deployment sub create`) of the
 *   subscription-scoped kinds (`AzureKind.scope: 'subscription'` in lib/model/azure.ts: the
 *   Defender plans). Given any other ARM resource, it throws. Deploy it before the resource-group
 *   template: `dependsOn` cannot cross deployments.
 *
 * Both templates use languageVersion 2.0 (symbolic resource names). Two kinds of resources:
 *
 * - AIO resources (`AIO_KINDS`: brokers, listeners, dataflows, ...) are children of the existing
 *   AIO instance, named below `parameters('instanceName')` and placed in its custom location.
 *   Their spec is `properties`. Only when the plan has any, the template has the parameters
 *   `instanceName` (the existing instance, deployed by AIO's own templates and never created
 *   here), `customLocationName` and `customLocationResourceGroup` (defaults to the deployment's
 *   resource group).
 * - Azure-only resources (`AZURE_KINDS`: Key Vaults, identities, role assignments, Arc
 *   extensions, ...) are written from their spec (the ARM body: `properties`, `location`, `tags`,
 *   `sku`, `identity`, `kind`, `scope`, ...), named `<parent>/<own>` for child types. A located
 *   type without a `location` in the spec takes `[parameters('location')]`, a parameter that
 *   defaults to `[resourceGroup().location]` (in a subscription template, which has no resource
 *   group: `[deployment().location]`, the `--location` of `az deployment sub create`) and exists
 *   only when some resource uses it.
 *
 * References (`Resource.references`) become expressions: an identity's (or a resource's managed
 * identity's) `principalId`, `clientId`, `tenantId` a `reference()` of the planned resource's
 * symbolic name; `id` a `resourceId()` (`extensionResourceId()` for extension resources,
 * `subscriptionResourceId()` for subscription-scoped types), and the `id` of a reference's `child`
 * the same function with the child's type and name appended (`resourceId('Microsoft.KeyVault/vaults/secrets',
 * '<vault>', '<secret>')`); `name` the literal name; a deployment
 * parameter a template parameter (type string, the reference's description) and
 * `[parameters('<name>')]`. A role assignment's tenant-relative `roleDefinitionId`
 * (`/providers/Microsoft.Authorization/roleDefinitions/<guid>`, `roleDefinitionPath`) becomes
 * `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '<guid>')]`. `dependsOn` comes
 * from `dependenciesOf` (lib/model/dependencies.ts), limited to resources in the template. A
 * reference must name a resource of the same template.
 *
 * aio-secure's bookkeeping travels in the template's top-level metadata, so that reading the
 * template back gives exactly the plan:
 *
 * ```json
 * "metadata": { "aio-secure": { "resources": {
 *   "<symbolic name>": { "id": "plant-a/listener/external", "namespace": "azure-iot-operations", "waivers": [...],
 *                        "references": [{ "pointer": "/spec/properties/principalId", "resource": "...", "attribute": "principalId" }] }
 * } } }
 * ```
 *
 * ARM has no Kubernetes namespace (the custom location decides it), so the plan's namespace is
 * kept there too. Every string of a spec that ARM would take for an expression (`[...]`) is
 * escaped (`[[...]`), so the template holds the plan's spec exactly, except where references put
 * their expressions.
 */
import { AioSecureError } from '../model/errors';
import { armNameSegments } from '../model/arm';
import { aioKind } from '../model/kinds';
import { azureKind, azureKindOfType, isAzureOnly, isSubscriptionScoped, referenceChildProblem, resolveReferences } from '../model/azure';
import { creationOrder, dependenciesOf } from '../model/dependencies';
import type { JsonObject, JsonValue, Resource, ResourceReference, Waiver } from '../model/resource';
import { isJsonObject } from '../model/resource';
import { ARM, ARM_PROVIDERS, ARM_TEMPLATE } from '../model/versions';
import { armStringLiteral, escapeArmString, setOwn } from './expression';

/** Key of aio-secure's bookkeeping in a template's top-level `metadata`. */
export const ARM_METADATA_KEY = 'aio-secure';

/** The parameters of a rendered template (the AIO ones exist only when the plan has AIO resources). */
export const ARM_TEMPLATE_PARAMETERS = {
  instanceName: 'instanceName',
  customLocationName: 'customLocationName',
  customLocationResourceGroup: 'customLocationResourceGroup',
  /** Location of located Azure-only resources whose spec has none. */
  location: 'location',
} as const;

/** What aio-secure keeps about one template resource, in `metadata['aio-secure'].resources`. */
export interface ArmResourceBookkeeping {
  /** The resource's logical id. */
  readonly id: string;
  /** The Kubernetes namespace the plan gave it (ARM takes it from the custom location). */
  readonly namespace?: string;
  /** Waivers that travel with the resource. */
  readonly waivers?: readonly Waiver[];
  /** Labels the plan gave it. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations the plan gave it. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** The plan's references; the reader turns the expressions at their pointers back into them. */
  readonly references?: readonly ResourceReference[];
}

/** One resource of a rendered template. */
export interface ArmTemplateResource {
  readonly type: string;
  readonly apiVersion: string;
  /**
   * AIO resources: an expression (`[format('{0}/{1}', parameters('instanceName'), 'default')]`);
   * Azure-only resources: the literal name (`<parent>/<own>` for child types).
   */
  readonly name: string;
  /** Extension resources: the resource they extend (an id expression or a literal ARM id). */
  readonly scope?: string;
  /** Located Azure-only resources: the spec's location or `[parameters('location')]`. */
  readonly location?: JsonValue;
  /** AIO resources: the instance's custom location. */
  readonly extendedLocation?: JsonValue;
  /** The plan's spec (AIO) or the spec's `properties` (Azure-only), with expression-like strings escaped. */
  readonly properties?: JsonObject;
  /** Symbolic names of the template resources this one needs first. */
  readonly dependsOn?: readonly string[];
  /** Other fields of an Azure-only resource's spec (`tags`, `sku`, `identity`, `kind`, ...). */
  readonly [field: string]: JsonValue | readonly string[] | undefined;
}

/** One parameter of a rendered template. */
export interface ArmTemplateParameter {
  readonly type: 'string';
  readonly defaultValue?: string;
  readonly metadata: { readonly description: string };
}

/** A rendered deployment template (resource group or subscription: see `$schema`). */
export interface ArmTemplate {
  readonly $schema: string;
  readonly contentVersion: string;
  readonly languageVersion: string;
  readonly metadata: {
    readonly [ARM_METADATA_KEY]: {
      readonly description: string;
      /** Bookkeeping by symbolic resource name. */
      readonly resources: Readonly<Record<string, ArmResourceBookkeeping>>;
    };
  };
  readonly parameters: Readonly<Record<string, ArmTemplateParameter>>;
  /** Resources by symbolic name, in plan order. */
  readonly resources: Readonly<Record<string, ArmTemplateResource>>;
}

/** Options of `renderArmTemplate`. */
export interface ArmTemplateOptions {
  /**
   * Default value of the `instanceName` parameter.
   * @default - none: the deployment passes it
   */
  readonly instanceName?: string;
  /**
   * Default value of the `customLocationName` parameter.
   * @default - none: the deployment passes it
   */
  readonly customLocationName?: string;
  /**
   * Default value of the `customLocationResourceGroup` parameter.
   * @default - the deployment's resource group (`[resourceGroup().name]`)
   */
  readonly customLocationResourceGroup?: string;
}

/** A plan split by where each resource is deployed; each list keeps plan order. */
export interface ArmPartition {
  /** Kubernetes-native objects: render them as YAML. */
  readonly kubernetes: Resource[];
  /** ARM resources of the resource-group deployment (AIO and most Azure-only resources): `renderArmTemplate`. */
  readonly resourceGroup: Resource[];
  /** ARM resources of the subscription deployment (`AzureKind.scope`, e.g. Defender pricings): `renderSubscriptionTemplate`. */
  readonly subscription: Resource[];
  /** Every resource that exists in ARM: `resourceGroup` and `subscription` together. */
  readonly arm: Resource[];
}

/**
 * Splits a plan by deployment: the Kubernetes-native objects that stay YAML, the ARM resources of
 * the resource-group template (`renderArmTemplate`) and those of the subscription template
 * (`renderSubscriptionTemplate`). With cdk8s, render `kubernetes` as ApiObjects and write the
 * templates beside them.
 */
export function partitionForArm(resources: readonly Resource[]): ArmPartition {
  const arm = resources.filter((r) => r.armType !== undefined);
  return {
    kubernetes: resources.filter((r) => r.armType === undefined),
    resourceGroup: arm.filter((r) => !isSubscriptionScoped(r)),
    subscription: arm.filter((r) => isSubscriptionScoped(r)),
    arm,
  };
}

/** The pinned api-version for an ARM resource type. Throws for a type no version is pinned for. */
export function armApiVersionOf(armType: string): string {
  if (armType.toLowerCase().startsWith('microsoft.iotoperations/')) return ARM.iotOperations;
  const azure = azureKindOfType(armType);
  if (azure) return ARM_PROVIDERS[azure.group];
  throw new AioSecureError(
    `renderArmTemplate: no api-version is pinned for ARM type ${armType}. Add one to lib/model/versions.ts before rendering it.`,
    { code: 'INVALID_PROP' },
  );
}

const INSTANCE_NAME = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
const P = ARM_TEMPLATE_PARAMETERS;
const RESERVED_PARAMETERS = new Set(Object.values(P).map((p) => p.toLowerCase()));

/** Built-in role definitions as the plan writes them (`roleDefinitionPath`). */
const ROLE_DEFINITION_PATH = /^\/providers\/Microsoft\.Authorization\/roleDefinitions\/([0-9a-fA-F-]{36})$/;

/** What differs between the two deployments a plan's templates are for. */
interface Deployment {
  /** The renderer, as its error messages name it. */
  readonly renderer: 'renderArmTemplate' | 'renderSubscriptionTemplate';
  readonly schema: string;
  /** Default and description of the `location` parameter. */
  readonly location: { readonly defaultValue: string; readonly description: string };
}

const RESOURCE_GROUP_DEPLOYMENT: Deployment = {
  renderer: 'renderArmTemplate',
  schema: ARM_TEMPLATE.schema,
  location: { defaultValue: '[resourceGroup().location]', description: 'Location of the Azure resources that do not name one. Defaults to the resource group\'s location.' },
};

const SUBSCRIPTION_DEPLOYMENT: Deployment = {
  renderer: 'renderSubscriptionTemplate',
  schema: ARM_TEMPLATE.subscriptionSchema,
  location: {
    defaultValue: '[deployment().location]',
    description: 'Location of the Azure resources that do not name one. Defaults to the location of the deployment (az deployment sub create --location).',
  },
};

/** `<ARM type> "<ARM name>" (<logical id>)` for each resource, for error messages. */
function listed(resources: readonly Resource[]): string {
  const armName = (r: Resource) => (isAzureOnly(r) ? azureArmName(r) : aioKind(r.group, r.kind) ? armNameSegments(r).join('/') : r.name);
  return resources.map((r) => `${r.armType} "${armName(r)}" (${r.id})`).join(', ');
}

/**
 * Renders the plan's resource-group ARM resources as a deployment template that `az deployment
 * group create` accepts. Resources without an `armType` are left out (see `partitionForArm`). See
 * the module comment for how each kind of resource and each reference is written.
 *
 * Throws an `AioSecureError` for a subscription-scoped resource (`partitionForArm(plan).subscription`:
 * render those with `renderSubscriptionTemplate`), two resources with one ARM type and name, a
 * reference to a resource that is not in the template, an attribute the referenced type does not
 * have, or a parameter reference that uses one of the template's own parameter names.
 */
export function renderArmTemplate(resources: readonly Resource[], options: ArmTemplateOptions = {}): ArmTemplate {
  if (options.instanceName !== undefined && (!INSTANCE_NAME.test(options.instanceName) || options.instanceName.length < 3 || options.instanceName.length > 63)) {
    throw new AioSecureError(
      `renderArmTemplate: instanceName is not an AIO instance name (got ${JSON.stringify(options.instanceName)}). ` +
        'Use 3-63 lower-case letters, digits and "-", starting and ending with a letter or digit.',
      { code: 'INVALID_PROP', propPath: 'instanceName' },
    );
  }
  for (const key of ['customLocationName', 'customLocationResourceGroup'] as const) {
    const v = options[key];
    if (v !== undefined && (typeof v !== 'string' || v === '' || v.startsWith('['))) {
      throw new AioSecureError(`renderArmTemplate: ${key} is not a name (got ${JSON.stringify(v)}). Give the plain name, not an expression.`,
        { code: 'INVALID_PROP', propPath: key });
    }
  }

  const { resourceGroup, subscription } = partitionForArm(resources);
  if (subscription.length) {
    throw new AioSecureError(
      'renderArmTemplate: the plan has subscription-scoped resources, which a resource-group deployment (az deployment group create) cannot create: ' +
        `${listed(subscription)}. Render them with renderSubscriptionTemplate(partitionForArm(plan).subscription) and deploy that with az deployment sub create; ` +
        'render partitionForArm(plan).resourceGroup with renderArmTemplate.',
      { code: 'INVALID_PROP' },
    );
  }
  return renderTemplate(resourceGroup, RESOURCE_GROUP_DEPLOYMENT, options);
}

/**
 * Renders the plan's subscription-scoped resources (`AzureKind.scope: 'subscription'`, e.g. the
 * Defender for Containers plan) as a subscription deployment template that `az deployment sub
 * create` accepts: `$schema` `ARM_TEMPLATE.subscriptionSchema`, and otherwise written and read
 * back like `renderArmTemplate`'s (languageVersion 2.0, the same `metadata['aio-secure']`
 * bookkeeping). Resources without an `armType` are left out. Deploy it before the
 * resource-group template.
 *
 * Throws an `AioSecureError` for an ARM resource that lives in a resource group
 * (`partitionForArm(plan).resourceGroup`: render those with `renderArmTemplate`), and for the
 * same reasons as `renderArmTemplate`.
 */
export function renderSubscriptionTemplate(resources: readonly Resource[]): ArmTemplate {
  const { resourceGroup, subscription } = partitionForArm(resources);
  if (resourceGroup.length) {
    throw new AioSecureError(
      'renderSubscriptionTemplate: the plan has resources that are deployed into a resource group, which a subscription deployment (az deployment sub create) does not create: ' +
        `${listed(resourceGroup)}. Render them with renderArmTemplate(partitionForArm(plan).resourceGroup) and deploy that with az deployment group create; ` +
        'render partitionForArm(plan).subscription with renderSubscriptionTemplate.',
      { code: 'INVALID_PROP' },
    );
  }
  return renderTemplate(subscription, SUBSCRIPTION_DEPLOYMENT, {});
}

/** The template of one deployment's resources (all of which have an `armType` and belong to it). */
function renderTemplate(arm: readonly Resource[], deployment: Deployment, options: ArmTemplateOptions): ArmTemplate {
  const who = deployment.renderer;
  const symbols = new Map<string, string>();
  const used = new Set<string>();
  const byArmName = new Map<string, Resource>();
  for (const r of arm) {
    const key = `${r.armType!.toLowerCase()}|${isAzureOnly(r) ? `${JSON.stringify(r.spec.scope ?? null)}|${azureArmName(r)}` : armNameSegments(r).join('/')}`;
    const twin = byArmName.get(key);
    if (twin) {
      const shown = isAzureOnly(r) ? azureArmName(r) : armNameSegments(r).join('/');
      throw new AioSecureError(
        `${who}: ${r.kind} "${r.name}" (${r.id}) has the same ARM type and name as ${twin.id} (${r.armType} ${shown}). ` +
          'One deployment can create it once; give one of them another name.',
        { code: 'DUPLICATE' },
      );
    }
    byArmName.set(key, r);
    symbols.set(r.id, symbolicName(r.id, used));
  }
  // The order ARM derives from dependsOn must exist.
  const dependencies = dependenciesOf(arm);
  creationOrder(arm, who, dependencies);
  const inTemplate = new Map(arm.map((r) => [r.id, r]));
  const lookup: ArmReferenceLookup = { resource: (id) => inTemplate.get(id), symbol: (id) => symbols.get(id), renderer: who };

  const referenceParameters = new Map<string, string>();
  let needsLocation = false;
  const templateResources: Record<string, ArmTemplateResource> = {};
  const bookkeeping: Record<string, ArmResourceBookkeeping> = {};
  for (const r of arm) {
    const symbol = symbols.get(r.id)!;
    for (const ref of r.references ?? []) {
      if (!('parameter' in ref)) continue;
      if (RESERVED_PARAMETERS.has(ref.parameter.toLowerCase())) {
        throw new AioSecureError(
          `${who}: ${r.kind} "${r.name}" (${r.id}) references the deployment parameter "${ref.parameter}" at ${ref.pointer}, ` +
            `a name the template uses itself (${Object.values(P).join(', ')}). Name the parameter differently in the plan.`,
          { code: 'RESERVED_NAME' },
        );
      }
      if (!referenceParameters.has(ref.parameter)) referenceParameters.set(ref.parameter, ref.description);
    }
    const spec = renderedSpec(r, lookup);
    const dependsOn = (dependencies.get(r.id) ?? []).filter((id) => symbols.has(id)).map((id) => symbols.get(id)!);
    let rendered: ArmTemplateResource;
    if (isAzureOnly(r)) {
      const k = azureKind(r.group, r.kind)!;
      const { scope, location, ...rest } = spec;
      const where: Record<string, JsonValue> = {};
      if (scope !== undefined) setOwn(where, 'scope', scope);
      if (location !== undefined) setOwn(where, 'location', location);
      else if (k.located) {
        setOwn(where, 'location', `[parameters('${P.location}')]`);
        needsLocation = true;
      }
      rendered = { type: r.armType!, apiVersion: r.version, name: escapeArmString(azureArmName(r)), ...where, ...rest, ...(dependsOn.length ? { dependsOn } : {}) };
    } else {
      const segments = armNameSegments(r);
      rendered = {
        type: r.armType!,
        apiVersion: armApiVersionOf(r.armType!),
        name: `[format('${['{0}', ...segments.map((_, i) => `{${i + 1}}`)].join('/')}', parameters('${P.instanceName}'), ${segments.map(armStringLiteral).join(', ')})]`,
        extendedLocation: {
          name: `[resourceId(parameters('${P.customLocationResourceGroup}'), 'Microsoft.ExtendedLocation/customLocations', parameters('${P.customLocationName}'))]`,
          type: 'CustomLocation',
        },
        properties: spec,
        ...(dependsOn.length ? { dependsOn } : {}),
      };
    }
    setOwn(templateResources, symbol, rendered);
    setOwn(bookkeeping, symbol, {
      id: r.id,
      ...(r.namespace !== undefined ? { namespace: r.namespace } : {}),
      ...(r.waivers?.length ? { waivers: r.waivers.map((w) => ({ ...w })) } : {}),
      ...(r.labels && Object.keys(r.labels).length ? { labels: { ...r.labels } } : {}),
      ...(r.annotations && Object.keys(r.annotations).length ? { annotations: { ...r.annotations } } : {}),
      ...(r.references?.length ? { references: r.references.map((x) => ({ ...x })) } : {}),
    });
  }

  const parameter = (description: string, defaultValue: string | undefined): ArmTemplateParameter => ({
    type: 'string',
    ...(defaultValue !== undefined ? { defaultValue } : {}),
    metadata: { description },
  });
  const parameters: Record<string, ArmTemplateParameter> = {};
  if (arm.some((r) => !isAzureOnly(r))) {
    parameters[P.instanceName] = parameter(
      'Name of the existing Azure IoT Operations instance (Microsoft.IoTOperations/instances) in this resource group. AIO\'s own templates create it.',
      options.instanceName,
    );
    parameters[P.customLocationName] = parameter('Name of the custom location of the AIO instance.', options.customLocationName);
    parameters[P.customLocationResourceGroup] = parameter(
      'Resource group of the custom location. Defaults to the resource group of the deployment.',
      options.customLocationResourceGroup ?? '[resourceGroup().name]',
    );
  }
  if (needsLocation) parameters[P.location] = parameter(deployment.location.description, deployment.location.defaultValue);
  for (const [name, description] of referenceParameters) setOwn(parameters, name, parameter(description, undefined));

  return {
    $schema: deployment.schema,
    contentVersion: ARM_TEMPLATE.contentVersion,
    languageVersion: ARM_TEMPLATE.languageVersion,
    metadata: {
      [ARM_METADATA_KEY]: {
        description: arm.some((r) => r.references?.length)
          ? 'Written by aio-secure. resources holds, by symbolic resource name, the logical id, Kubernetes namespace, waivers and references of each resource; ' +
            'aio-secure check reads them back. Waivers stay visible in every report.'
          : 'Written by aio-secure. resources holds, by symbolic resource name, the logical id, Kubernetes namespace and waivers of each resource; ' +
            'aio-secure check reads them back. Waivers stay visible in every report.',
        resources: bookkeeping,
      },
    },
    parameters,
    resources: templateResources,
  };
}

/** The ARM name of an Azure-only resource: `<parent>/<own>` for child types, else its name. */
export function azureArmName(r: Pick<Resource, 'name' | 'parent'>): string {
  return r.parent ? `${r.parent.name}/${r.name}` : r.name;
}

/** What reference expressions need to know about the template: its resources by logical id and their symbolic names. */
export interface ArmReferenceLookup {
  resource(id: string): Resource | undefined;
  symbol(id: string): string | undefined;
  /**
   * The renderer that error messages name.
   * @default 'renderArmTemplate'
   */
  readonly renderer?: string;
}

/**
 * The spec as the template holds it: escaped literals, references as expressions, a built-in role
 * definition id as a subscription-scoped id. For AIO resources that is `properties`; for
 * Azure-only resources the whole ARM body.
 */
function renderedSpec(r: Resource, lookup: ArmReferenceLookup): JsonObject {
  const escaped = { spec: escapeTree(r.spec) as JsonObject, references: r.references };
  let spec: JsonObject;
  try {
    spec = resolveReferences(escaped, (ref) => armReferenceValue(r, ref, lookup));
  } catch (e) {
    if (e instanceof AioSecureError) throw e;
    throw new AioSecureError(`${lookup.renderer ?? 'renderArmTemplate'}: ${r.kind} "${r.name}" (${r.id}): ${(e as Error).message}. Fix the planner's references.`, { code: 'INVALID_PROP' });
  }
  const properties = isJsonObject(spec.properties) ? spec.properties : undefined;
  if (r.armType?.toLowerCase() === 'microsoft.authorization/roleassignments' && properties && typeof properties.roleDefinitionId === 'string') {
    const written = roleDefinitionExpression(properties.roleDefinitionId);
    if (written !== undefined) spec = { ...spec, properties: { ...properties, roleDefinitionId: written } };
  }
  return spec;
}

/**
 * `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '<guid>')]` for a role
 * definition id the plan writes tenant-relative (`roleDefinitionPath`); `undefined` for any other
 * value, which is written as it is.
 */
export function roleDefinitionExpression(roleDefinitionId: string): string | undefined {
  const m = ROLE_DEFINITION_PATH.exec(roleDefinitionId);
  return m ? `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', ${armStringLiteral(m[1])})]` : undefined;
}

/**
 * The template value of one reference of `r`: an expression for attributes of planned resources
 * and parameters, the literal name for `name`. Exported for the ARM reader, which compares what a
 * template holds with what the renderer writes. Throws for a resource the template does not have
 * or an attribute its type does not have.
 */
export function armReferenceValue(r: Resource, ref: ResourceReference, lookup: ArmReferenceLookup): string {
  if ('parameter' in ref) return `[parameters(${armStringLiteral(ref.parameter)})]`;
  const who = `${lookup.renderer ?? 'renderArmTemplate'}: ${r.kind} "${r.name}" (${r.id})`;
  const target = lookup.resource(ref.resource);
  if (!target) {
    throw new AioSecureError(
      `${who} references the ${ref.attribute} of ${ref.resource} at ${ref.pointer}, which is not an ARM resource of this template. ` +
        'Render the plan together with the resource it references.',
      { code: 'MISSING_PROP' },
    );
  }
  const childProblem = referenceChildProblem(ref);
  if (childProblem) throw new AioSecureError(`${who} at ${ref.pointer} ${childProblem}. Fix the planner's references.`, { code: 'INVALID_PROP' });
  if (ref.attribute === 'name') return escapeArmString(target.name);
  if (ref.attribute === 'id') return `[${armIdExpression(target, lookup, 'resource' in ref ? ref.child : undefined)}]`;
  const k = azureKind(target.group, target.kind);
  if (!k || !(k.attributes ?? []).includes(ref.attribute)) {
    throw new AioSecureError(
      `${who} references the ${ref.attribute} of ${target.id} (${target.armType}) at ${ref.pointer}, which that type does not have. ` +
        `Reference one of: id, name${(k?.attributes ?? []).map((a) => `, ${a}`).join('')}.`,
      { code: 'INVALID_PROP' },
    );
  }
  const symbol = armStringLiteral(lookup.symbol(target.id)!);
  // A user-assigned identity has its ids in `properties`; other types in their managed identity.
  if (k.kind === 'userAssignedIdentities') return `[reference(${symbol}).${ref.attribute}]`;
  return `[reference(${symbol}, ${armStringLiteral(target.version)}, 'full').identity.${ref.attribute}]`;
}

/**
 * The id expression (without brackets) of a template resource, or of its `child` (a resource
 * below it that the template does not create, e.g. one Key Vault secret): the child's type and
 * name are appended to the type and names of the same id function.
 */
function armIdExpression(target: Resource, lookup: ArmReferenceLookup, child?: { readonly type: string; readonly name: string }): string {
  const type = armStringLiteral(child ? `${target.armType!}/${child.type}` : target.armType!);
  const childName = child ? [armStringLiteral(child.name)] : [];
  if (!isAzureOnly(target)) {
    const names = [`parameters('${P.instanceName}')`, ...armNameSegments(target).map(armStringLiteral), ...childName];
    return `resourceId(${type}, ${names.join(', ')})`;
  }
  const names = [...[...(target.parent ? [target.parent.name] : []), target.name].map(armStringLiteral), ...childName].join(', ');
  const k = azureKind(target.group, target.kind)!;
  if (k.extension) return `extensionResourceId(${scopeExpression(target, lookup)}, ${type}, ${names})`;
  if (k.scope === 'subscription') return `subscriptionResourceId(${type}, ${names})`;
  return `resourceId(${type}, ${names})`;
}

/** The scope of an extension resource as an expression argument: a nested id expression or a quoted literal id. */
function scopeExpression(r: Resource, lookup: ArmReferenceLookup): string {
  const ref = r.references?.find((x) => x.pointer === '/spec/scope');
  if (ref && 'resource' in ref && ref.attribute === 'id') {
    const target = lookup.resource(ref.resource);
    if (target) return armIdExpression(target, lookup, ref.child);
  }
  if (ref && 'parameter' in ref) return `parameters(${armStringLiteral(ref.parameter)})`;
  if (typeof r.spec.scope === 'string') return armStringLiteral(r.spec.scope);
  throw new AioSecureError(`${lookup.renderer ?? 'renderArmTemplate'}: ${r.kind} "${r.name}" (${r.id}) is an extension resource without a scope. Set spec.scope to the id of the resource it extends.`,
    { code: 'MISSING_PROP', propPath: 'spec.scope' });
}

/** A symbolic name (an identifier) derived from the logical id, unique within the template. */
function symbolicName(id: string, used: Set<string>): string {
  let base = id.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (base === '' || /^[0-9]/.test(base)) base = `r_${base}`;
  let name = base;
  for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base}_${i}`;
  used.add(name.toLowerCase());
  return name;
}

/** A copy of a spec with every expression-like string escaped. */
function escapeTree(v: JsonValue): JsonValue {
  if (typeof v === 'string') return escapeArmString(v);
  if (Array.isArray(v)) return v.map(escapeTree);
  if (isJsonObject(v)) {
    const out: Record<string, JsonValue> = {};
    for (const [k, x] of Object.entries(v)) setOwn(out, k, escapeTree(x));
    return out;
  }
  return v;
}
