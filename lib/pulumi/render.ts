import * as pulumi from '@pulumi/pulumi';
import type { CustomResource as KubernetesCustomResource, CustomResourceArgs } from '@pulumi/kubernetes/apiextensions/customResource';
import type { Provider as KubernetesProvider } from '@pulumi/kubernetes/provider';
import { armNameSegments } from '../model/arm';
import { NO_VALUE, PropErrors } from '../model/errors';
import { toKubernetesObject } from '../model/kubernetes-object';
import { displayName, isJsonObject, type JsonValue, type Resource, type Waiver } from '../model/resource';
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
  };
}

/** What the renderer needs besides the plan: where the resources go. */
export interface RenderContext {
  /** The construct class, for error messages, e.g. `SecureBroker`. */
  readonly construct: string;
  /**
   * The AIO instance's name.
   * @default - none; required when the plan has ARM resources
   */
  readonly instanceName?: pulumi.Input<string>;
  /**
   * The instance's resource group.
   * @default - none; required when the plan has ARM resources
   */
  readonly resourceGroupName?: pulumi.Input<string>;
  /**
   * Resource id of the instance's custom location.
   * @default - none; required when the plan has ARM resources
   */
  readonly customLocationId?: pulumi.Input<string>;
  /**
   * The provider for the cluster's Kubernetes objects.
   * @default - none; required when the plan has resources that are not ARM resources
   */
  readonly kubernetesProvider?: KubernetesProvider;
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

/**
 * Throws the error a renderer would throw for the plan, before anything is created: Kubernetes
 * objects need a provider, ARM resources need the instance, its resource group and custom location.
 */
export function checkRenderable(ownerName: string, resources: readonly Resource[], context: RenderContext): void {
  const shown = (rs: readonly Resource[]) => rs.slice(0, 3).map(displayName).join(', ') + (rs.length > 3 ? `, and ${rs.length - 3} more` : '');
  const kubernetes = resources.filter((r) => !r.armType);
  if (kubernetes.length && !context.kubernetesProvider) {
    throw new PropErrors(context.construct, ownerName).error('MISSING_PROP', 'kubernetesProvider', 'is missing', NO_VALUE,
      `The plan has Kubernetes objects (${shown(kubernetes)}); pass the @pulumi/kubernetes Provider of the cluster`);
  }
  const arm = resources.filter((r) => r.armType);
  const site = (['instanceName', 'resourceGroupName', 'customLocationId'] as const).find((k) => context[k] === undefined);
  if (arm.length && site) {
    throw new PropErrors(context.construct, ownerName).error('MISSING_PROP', site, 'is missing', NO_VALUE,
      `The plan has ARM resources (${shown(arm)}); pass the AIO instance's name, resource group and custom location id`);
  }
  for (const r of resources) {
    if (r.armType && !IOT_OPERATIONS_KINDS.has(r.armType)) {
      throw new Error(`${context.construct} "${ownerName}": ${displayName(r)} (${r.id}) has ARM type ${r.armType}, which the Pulumi renderer does not know yet.`);
    }
  }
}

/**
 * Creates one Pulumi resource per planned resource, under `owner`, without deciding anything about
 * their shape: ARM resources become azure-native iotoperations resources (at `ARM.iotOperations`)
 * named by `armNameSegments`, with `properties` exactly the plan's spec; everything else becomes a
 * Kubernetes object through the given provider. A child depends on its ARM parent and on planned
 * resources it names in a `...Ref` field. Returns the children by logical id, in creation order.
 */
export function renderResources(
  owner: pulumi.ComponentResource,
  ownerName: string,
  resources: readonly Resource[],
  context: RenderContext,
): Map<string, pulumi.CustomResource> {
  checkRenderable(ownerName, resources, context);
  const children = new Map<string, pulumi.CustomResource>();
  const dependencies = dependenciesOf(resources);
  for (const r of creationOrder(resources, dependencies, `${context.construct} "${ownerName}"`)) {
    const dependsOn = (dependencies.get(r.id) ?? []).map((id) => children.get(id)!);
    const opts: pulumi.CustomResourceOptions = { parent: owner, ...(dependsOn.length ? { dependsOn } : {}) };
    const name = childName(ownerName, r.id);
    children.set(r.id, r.armType ? renderArm(r, name, context, opts) : renderKubernetes(r, name, context.kubernetesProvider!, opts));
  }
  return children;
}

function renderArm(r: Resource, name: string, context: RenderContext, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
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
    properties: r.spec,
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

/** Logical ids each resource depends on: its ARM parent and the planned resources its `...Ref` fields name. */
function dependenciesOf(resources: readonly Resource[]): Map<string, string[]> {
  const byKindName = new Map(resources.map((r) => [`${r.kind}/${r.name}`, r.id]));
  const byName = new Map<string, string[]>();
  for (const r of resources) byName.set(r.name, [...(byName.get(r.name) ?? []), r.id]);
  const result = new Map<string, string[]>();
  for (const r of resources) {
    const deps = new Set<string>();
    const parent = r.parent ? byKindName.get(`${r.parent.kind}/${r.parent.name}`) : undefined;
    if (parent && parent !== r.id) deps.add(parent);
    for (const named of refValues(r.spec)) for (const id of byName.get(named) ?? []) if (id !== r.id) deps.add(id);
    result.set(r.id, [...deps]);
  }
  return result;
}

function refValues(value: JsonValue, key = ''): string[] {
  if (typeof value === 'string') return key.endsWith('Ref') ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => refValues(v, key));
  if (isJsonObject(value)) return Object.entries(value).flatMap(([k, v]) => refValues(v, k));
  return [];
}

/** The plan in an order where every resource comes after its dependencies; plan order otherwise. */
function creationOrder(resources: readonly Resource[], dependencies: Map<string, string[]>, owner: string): Resource[] {
  const byId = new Map(resources.map((r) => [r.id, r]));
  const state = new Map<string, 'visiting' | 'done'>();
  const order: Resource[] = [];
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new Error(`${owner}: planned resources depend on each other in a cycle: ${[...path, id].join(' -> ')}.`);
    state.set(id, 'visiting');
    for (const d of dependencies.get(id) ?? []) visit(d, [...path, id]);
    state.set(id, 'done');
    order.push(byId.get(id)!);
  };
  for (const r of resources) visit(r.id, []);
  return order;
}
