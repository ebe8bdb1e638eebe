import * as pulumi from '@pulumi/pulumi';
import type { CustomResource as KubernetesCustomResource, CustomResourceArgs } from '@pulumi/kubernetes/apiextensions/customResource';
import type { Provider as KubernetesProvider } from '@pulumi/kubernetes/provider';
import { armNameSegments } from '../model/arm';
import { azureKind, isAzureOnly, referenceChildProblem, resolveReferences } from '../model/azure';
import { creationOrder, dependenciesOf } from '../model/dependencies';
import { NO_VALUE, PropErrors } from '../model/errors';
import { aioKind } from '../model/kinds';
import { toKubernetesObject } from '../model/kubernetes-object';
import { displayName, type JsonObject, type Resource, type ResourceReference, type Waiver } from '../model/resource';
import { AzureNativeResource, azureNativeInputs, azureNativeKind, parseArmId } from './azure-native';
import { IOT_OPERATIONS_KINDS } from './iot-operations';

/**
 * The component output that lists, for each child, what the plan knows and Azure does not keep: its
 * logical id, Kubernetes namespace, labels, annotations and waivers. The CrossGuard policy pack
 * reads it back, so that resources keep their logical ids, the opt-outs of the props are honoured,
 * and reading the stack gives back the plan.
 */
export const PLANNED_RESOURCES_OUTPUT = 'aioSecurePlannedResources';

/** One entry of the `PLANNED_RESOURCES_OUTPUT` output. */
export interface PlannedResourceOutput {
  /** The logical id. */
  readonly id: string;
  /** The Pulumi URN of the child that renders it. */
  readonly urn: pulumi.Input<string>;
  /** The Kubernetes namespace the plan gave it (ARM takes it from the custom location). */
  readonly namespace?: string;
  /** Labels the plan gave it. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations the plan gave it. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Waivers that travel with the resource. */
  readonly waivers?: readonly Waiver[];
  /** The plan's references: the policy pack puts their placeholders back at their pointers. */
  readonly references?: readonly ResourceReference[];
}

/** The `PLANNED_RESOURCES_OUTPUT` entry of a planned resource rendered as `child`. */
export function plannedResourceOutput(r: Resource, child: pulumi.Resource): PlannedResourceOutput {
  return {
    id: r.id,
    urn: child.urn,
    ...(r.namespace !== undefined ? { namespace: r.namespace } : {}),
    ...(r.labels && Object.keys(r.labels).length ? { labels: r.labels } : {}),
    ...(r.annotations && Object.keys(r.annotations).length ? { annotations: r.annotations } : {}),
    ...(r.waivers?.length ? { waivers: r.waivers } : {}),
    ...(r.references?.length ? { references: r.references } : {}),
  };
}

/** What the renderer needs besides the plan: where the resources go. */
export interface RenderContext {
  /** The construct class, for error messages, e.g. `SecureBroker`. */
  readonly construct: string;
  /**
   * The AIO instance's name.
   * @default - none; required when the plan has AIO resources
   */
  readonly instanceName?: pulumi.Input<string>;
  /**
   * The resource group of the AIO instance and of the plan's Azure resources.
   * @default - none; required when the plan has AIO resources or Azure resources in a resource group
   */
  readonly resourceGroupName?: pulumi.Input<string>;
  /**
   * Resource id of the instance's custom location.
   * @default - none; required when the plan has AIO resources
   */
  readonly customLocationId?: pulumi.Input<string>;
  /**
   * The provider for the cluster's Kubernetes objects.
   * @default - none; required when the plan has resources that are not ARM resources
   */
  readonly kubernetesProvider?: KubernetesProvider;
  /**
   * Values of the deployment parameters the plan's references name (e.g. `oidcIssuerUrl`, the
   * connected cluster's OIDC issuer URL), by parameter name.
   * @default - none; required for every parameter the plan references
   */
  readonly parameters?: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * Resources created elsewhere (for example by another component) that the plan's references
   * name, by logical id. References to planned resources of this plan need nothing here.
   * @default - none
   */
  readonly rendered?: ReadonlyMap<string, pulumi.CustomResource>;
  /**
   * The subscription of subscription-level resources without a scope (Defender pricings), and of
   * built-in role definition ids whose role assignment scope is not inside a subscription.
   * @default - none; a role definition id takes the subscription of its assignment's scope
   */
  readonly subscriptionId?: pulumi.Input<string>;
}

/**
 * The Pulumi name of a planned resource's child: the owner's name, then the logical id without the
 * owner's prefix, `/` replaced by `-` (`plant-a/listener/plant-floor` becomes
 * `plant-a-listener-plant-floor`). Logical ids are API: renaming one renames (and so replaces) the
 * child unless an alias is added.
 */
export function childName(ownerName: string, logicalId: string): string {
  const local = logicalId.startsWith(`${ownerName}/`) ? logicalId.slice(ownerName.length + 1) : logicalId;
  return `${ownerName}-${local.replace(/\//g, '-')}`;
}

/** Built-in role definitions as plans write them (`roleDefinitionPath`). */
const ROLE_DEFINITION_PATH = /^\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-fA-F-]{36}$/;

/** Whether the renderer knows the resource's ARM type for its kind. */
function knownArmType(r: Resource): boolean {
  if (!r.armType) return true;
  if (isAzureOnly(r)) return azureKind(r.group, r.kind)!.armType === r.armType && azureNativeKind(r.armType) !== undefined;
  return aioKind(r.group, r.kind)?.armType === r.armType && IOT_OPERATIONS_KINDS.has(r.armType);
}

/** Whether an Azure-only resource needs `resourceGroupName` from the context. */
function needsResourceGroup(r: Resource): boolean {
  const k = azureNativeKind(r.armType!);
  if (!k) return false;
  if (k.resourceGroup) return true;
  // An Arc extension of a planned cluster is in the context's resource group.
  return k.scopeArg === 'cluster' && r.references?.some((x) => x.pointer === '/spec/scope' && 'resource' in x) === true;
}

/**
 * Throws the error a renderer would throw for the plan, before anything is created: Kubernetes
 * objects need a provider; AIO resources need the instance, its resource group and custom
 * location; Azure resources in a resource group need `resourceGroupName`; every ARM type must be
 * one the renderer knows; every parameter a reference names needs a value in `parameters`; every
 * resource a reference names must be planned (or in `rendered`) and have the attribute; Defender
 * pricings without a scope need `subscriptionId`.
 */
export function checkRenderable(ownerName: string, resources: readonly Resource[], context: RenderContext): void {
  const errors = new PropErrors(context.construct, ownerName);
  const shown = (rs: readonly Resource[]) => rs.slice(0, 3).map(displayName).join(', ') + (rs.length > 3 ? `, and ${rs.length - 3} more` : '');
  const kubernetes = resources.filter((r) => !r.armType);
  if (kubernetes.length && !context.kubernetesProvider) {
    throw errors.error('MISSING_PROP', 'kubernetesProvider', 'is missing', NO_VALUE,
      `The plan has Kubernetes objects (${shown(kubernetes)}); pass the @pulumi/kubernetes Provider of the cluster`);
  }
  const aio = resources.filter((r) => r.armType && !isAzureOnly(r));
  const site = (['instanceName', 'resourceGroupName', 'customLocationId'] as const).find((k) => context[k] === undefined);
  if (aio.length && site) {
    throw errors.error('MISSING_PROP', site, 'is missing', NO_VALUE,
      `The plan has ARM resources (${shown(aio)}); pass the AIO instance's name, resource group and custom location id`);
  }
  for (const r of resources) {
    if (!knownArmType(r)) {
      throw new Error(`${context.construct} "${ownerName}": ${displayName(r)} (${r.id}) has ARM type ${r.armType}, which the Pulumi renderer does not know yet.`);
    }
  }
  const grouped = resources.filter((r) => isAzureOnly(r) && needsResourceGroup(r));
  if (grouped.length && context.resourceGroupName === undefined) {
    throw errors.error('MISSING_PROP', 'resourceGroupName', 'is missing', NO_VALUE,
      `The plan has Azure resources (${shown(grouped)}); pass the resource group they are created in`);
  }
  const unscoped = resources.filter((r) => azureNativeKind(r.armType ?? '')?.scopeArg === 'scopeId' && r.spec.scope === undefined);
  if (unscoped.length && context.subscriptionId === undefined) {
    throw errors.error('MISSING_PROP', 'subscriptionId', 'is missing', NO_VALUE,
      `The plan has subscription-level resources without a scope (${shown(unscoped)}); pass the subscription they are created in`);
  }
  const byId = new Map(resources.map((r) => [r.id, r]));
  for (const r of resources) {
    for (const ref of r.references ?? []) {
      if ('parameter' in ref) {
        if (context.parameters?.[ref.parameter] === undefined) {
          throw errors.error('MISSING_PROP', `parameters.${ref.parameter}`, 'is missing', NO_VALUE,
            `${displayName(r)} (${r.id}) takes it at ${ref.pointer} (${ref.description}); pass its value in the render context's parameters`);
        }
        continue;
      }
      const childProblem = referenceChildProblem(ref);
      if (childProblem) throw new Error(`${context.construct} "${ownerName}": ${displayName(r)} (${r.id}) at ${ref.pointer} ${childProblem}.`);
      const target = byId.get(ref.resource);
      if (!target) {
        if (context.rendered?.has(ref.resource)) continue;
        throw new Error(`${context.construct} "${ownerName}": ${displayName(r)} (${r.id}) references the ${ref.attribute} of ${ref.resource} at ${ref.pointer}, ` +
          'which is neither in the plan nor in the render context\'s rendered resources. Render them together or pass the resource in rendered.');
      }
      const attributes = ['name', ...(target.armType ? ['id'] : []), ...(azureKind(target.group, target.kind)?.attributes ?? [])];
      if (!attributes.includes(ref.attribute)) {
        throw new Error(`${context.construct} "${ownerName}": ${displayName(r)} (${r.id}) references the ${ref.attribute} of ${target.id} at ${ref.pointer}, ` +
          `which ${displayName(target)} does not have. Reference one of: ${attributes.join(', ')}.`);
      }
    }
  }
}

/**
 * Creates one Pulumi resource per planned resource, under `owner`, without deciding anything about
 * their shape: AIO resources become iotoperations resources (at `ARM.iotOperations`, see
 * `iot-operations.ts`) named by `armNameSegments`, with `properties` exactly the plan's spec;
 * Azure-only resources become azure-native resources at their pinned api-version (see
 * `azure-native.ts`); everything else becomes a Kubernetes object through the given provider.
 * References become the outputs of the children they name (`principalId`, `clientId`,
 * `tenantId`, `id`, `name`; a reference's `child` `<id>/<type>/<name>`) or the values of `parameters`; a role assignment's built-in role
 * definition id (`/providers/Microsoft.Authorization/roleDefinitions/<guid>`) becomes
 * `/subscriptions/<subscription of its scope>/providers/...`. A child depends on what
 * `dependenciesOf` says (its ARM parent, the planned resources its `...Ref` fields and references
 * name). Returns the children by logical id, in creation order.
 */
export function renderResources(
  owner: pulumi.ComponentResource,
  ownerName: string,
  resources: readonly Resource[],
  context: RenderContext,
): Map<string, pulumi.CustomResource> {
  checkRenderable(ownerName, resources, context);
  const children = new Map<string, pulumi.CustomResource>();
  const byId = new Map(resources.map((r) => [r.id, r]));
  const dependencies = dependenciesOf(resources);
  for (const r of creationOrder(resources, `${context.construct} "${ownerName}"`, dependencies)) {
    const dependsOn = (dependencies.get(r.id) ?? []).map((id) => children.get(id)!);
    const opts: pulumi.CustomResourceOptions = { parent: owner, ...(dependsOn.length ? { dependsOn } : {}) };
    const name = childName(ownerName, r.id);
    const spec = resolvedSpec(r, (id) => children.get(id) ?? context.rendered?.get(id), byId, context);
    let child: pulumi.CustomResource;
    if (isAzureOnly(r)) child = renderAzure(r, spec, name, context, byId, opts);
    else if (r.armType) child = renderArm(r, spec, name, context, opts);
    else child = renderKubernetes({ ...r, spec: spec as JsonObject }, name, context.kubernetesProvider!, opts);
    children.set(r.id, child);
  }
  return children;
}

/** The spec with every reference replaced by the input that gives its value. */
function resolvedSpec(
  r: Resource,
  childOf: (id: string) => pulumi.CustomResource | undefined,
  byId: ReadonlyMap<string, Resource>,
  context: RenderContext,
): Record<string, unknown> {
  if (!r.references?.length) return r.spec;
  return resolveReferences(r, (ref) => referenceInput(ref, childOf, byId, context)) as unknown as Record<string, unknown>;
}

function referenceInput(
  ref: ResourceReference,
  childOf: (id: string) => pulumi.CustomResource | undefined,
  byId: ReadonlyMap<string, Resource>,
  context: RenderContext,
): pulumi.Input<string> {
  // checkRenderable has made sure that every parameter has a value and every resource exists.
  if ('parameter' in ref) return context.parameters![ref.parameter];
  const child = childOf(ref.resource)! as pulumi.CustomResource & Record<string, unknown>;
  const target = byId.get(ref.resource);
  // The id of a child the plan names below the resource (one Key Vault secret): `<id>/<type>/<name>`.
  if (ref.attribute === 'id') return ref.child ? pulumi.interpolate`${child.id}/${ref.child.type}/${ref.child.name}` : child.id;
  if (ref.attribute === 'name') return target && !target.armType ? target.name : (child.name as pulumi.Output<string>);
  // A user-assigned identity has its ids as outputs of its own; other types in `identity`.
  if (pulumi.Output.isInstance(child[ref.attribute]) && (target === undefined || target.kind === 'userAssignedIdentities')) {
    return child[ref.attribute] as pulumi.Output<string>;
  }
  const attribute = ref.attribute;
  return pulumi.output(child.identity as pulumi.Output<Record<string, string> | undefined>).apply((i) => i?.[attribute] as string);
}

function renderAzure(
  r: Resource,
  spec: Record<string, unknown>,
  name: string,
  context: RenderContext,
  byId: ReadonlyMap<string, Resource>,
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  const kind = azureNativeKind(r.armType!)!;
  const { scope, ...body } = spec as { scope?: pulumi.Input<string>; [k: string]: unknown };
  const scopeRef = r.references?.find((x) => x.pointer === '/spec/scope');
  const scopeTarget = scopeRef && 'resource' in scopeRef ? byId.get(scopeRef.resource) : undefined;
  let effectiveScope = scope;
  if (kind.scopeArg === 'scopeId' && scope === undefined) effectiveScope = pulumi.interpolate`/subscriptions/${context.subscriptionId!}`;
  if (r.armType!.toLowerCase() === 'microsoft.authorization/roleassignments') {
    const properties = body.properties as Record<string, unknown> | undefined;
    if (properties && typeof properties.roleDefinitionId === 'string' && ROLE_DEFINITION_PATH.test(properties.roleDefinitionId)) {
      body.properties = { ...properties, roleDefinitionId: subscriptionRoleDefinitionId(properties.roleDefinitionId, scope, context.subscriptionId) };
    }
  }
  const names = [...(r.parent ? [r.parent.name] : []), r.name];
  const inputs = azureNativeInputs(kind, names, body, {
    resourceGroupName: context.resourceGroupName,
    scope: effectiveScope,
    ...(scopeTarget?.armType && isAzureOnly(scopeTarget)
      ? { scopeTarget: { armType: scopeTarget.armType, name: scopeTarget.name, resourceGroupName: context.resourceGroupName } }
      : {}),
  });
  return new AzureNativeResource(kind, name, inputs, opts);
}

/**
 * `/subscriptions/<s>/providers/Microsoft.Authorization/roleDefinitions/<guid>`, where `<s>` is the
 * subscription of the assignment's scope, else `subscriptionId`; the tenant-relative id as it is
 * when neither says one.
 */
function subscriptionRoleDefinitionId(path: string, scope: pulumi.Input<string> | undefined, subscriptionId: pulumi.Input<string> | undefined): pulumi.Output<string> {
  return pulumi.all([scope, subscriptionId]).apply(([s, fallback]) => {
    const fromScope = typeof s === 'string' ? (parseArmId(s)?.subscriptionId ?? /^\/subscriptions\/([^/]+)/i.exec(s)?.[1]) : undefined;
    const subscription = fromScope ?? fallback;
    return subscription ? `/subscriptions/${subscription}${path}` : path;
  });
}

function renderArm(r: Resource, spec: Record<string, unknown>, name: string, context: RenderContext, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  const kind = IOT_OPERATIONS_KINDS.get(r.armType!)!;
  const segments = armNameSegments(r);
  if (segments.length !== kind.nameArgs.length) {
    throw new Error(`${displayName(r)} (${r.id}) has ARM name segments ${JSON.stringify(segments)}, but ${kind.kind} is named by ${kind.nameArgs.join(', ')}.`);
  }
  const names = Object.fromEntries(kind.nameArgs.map((arg, i) => [arg, segments[i]]));
  // checkRenderable has made sure the site is given.
  return kind.create(name, {
    resourceGroupName: context.resourceGroupName!,
    instanceName: context.instanceName!,
    extendedLocation: { name: context.customLocationId!, type: 'CustomLocation' },
    properties: spec as JsonObject,
    ...names,
  }, opts);
}

function renderKubernetes(r: Resource, name: string, provider: KubernetesProvider, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  // Loaded here so that programs whose plans have no Kubernetes objects never load @pulumi/kubernetes.
  const { CustomResource } = require('@pulumi/kubernetes/apiextensions/customResource') as { CustomResource: typeof KubernetesCustomResource };
  // `kubernetes:<apiVersion>:<kind>` is also the token of the typed core classes, so core kinds
  // (NetworkPolicy, ConfigMap, ...) are the same resources as if created through those classes.
  return new CustomResource(name, toKubernetesObject(r) as unknown as CustomResourceArgs, { ...opts, provider });
}
