import { ApiObject } from 'cdk8s';
import { Construct, type IConstruct } from 'constructs';
import { isAzureOnly, referencePlaceholder } from '../model/azure';
import { AioSecureError } from '../model/errors';
import { toKubernetesObject } from '../model/kubernetes-object';
import { displayName, type Resource, type ResourceReference } from '../model/resource';

/** Marks constructs whose ApiObjects came from an aio-secure plan. */
const PLANNED = Symbol.for('aio-secure.planned-resource');
/** Marks the construct that holds a plan's Azure-only resources. */
const PLANNED_AZURE = Symbol.for('aio-secure.planned-azure-resources');

/** Construct id of the holder of a plan's Azure-only resources, under the owner. */
export const AZURE_RESOURCES_ID = 'aio-secure-azure-resources';

/** Options of `renderResources`. */
export interface RenderOptions {
  /**
   * The construct class, for error messages.
   * @default - the class name of `scope`
   */
  readonly construct?: string;
  /**
   * The prop that gives the concrete value of a reference, for the error that YAML cannot hold
   * it (e.g. `identityClientId` for an identity's `clientId`).
   * @default - no prop is named
   */
  readonly propFor?: (reference: ResourceReference, resource: Resource) => string | undefined;
}

/**
 * Renders planned resources under `scope`. Kubernetes objects (and AIO custom resources, the
 * development path) become ApiObjects; the construct id of each is its logical id without the
 * owner's prefix, so ids stay stable as long as logical ids do. Azure-only resources (Key Vaults,
 * identities, role assignments, ...) are no YAML: they are kept on a construct under `scope`
 * (`AZURE_RESOURCES_ID`) where `GuidanceChecks` checks them and `aio-secure synth --arm` writes
 * them into the ARM template (see `plannedAzureResourcesOf`).
 *
 * Throws an `AioSecureError` (code `MISSING_PROP`) for a Kubernetes object whose spec holds a
 * reference (a value known only at deployment, such as an identity's client id): YAML cannot
 * resolve it, so the construct's props must give the concrete value.
 */
export function renderResources(scope: Construct, ownerId: string, resources: readonly Resource[], options: RenderOptions = {}): ApiObject[] {
  const construct = options.construct ?? scope.constructor.name;
  for (const r of resources) {
    if (isAzureOnly(r) || !r.references?.length) continue;
    const ref = r.references[0];
    const prop = options.propFor?.(ref, r);
    const what = 'parameter' in ref ? `the deployment parameter ${ref.parameter} (${ref.description})` : `the ${ref.attribute} of ${ref.resource}`;
    const placeholder = referencePlaceholder('parameter' in ref ? { parameter: ref.parameter } : ref);
    throw new AioSecureError(
      `${construct} "${ownerId}": ${displayName(r)} (${r.id}) ${ref.pointer} is ${what}, which is known only at deployment and cannot be written as YAML ` +
        `(got ${JSON.stringify(placeholder)}). ${prop ? `Set ${prop} to the concrete value` : 'Give the concrete value in the props'}, ` +
        'or deploy through aio-secure/pulumi or the ARM template.',
      { code: 'MISSING_PROP', construct, constructId: ownerId, ...(prop ? { propPath: prop } : {}) },
    );
  }
  const azure = resources.filter((r) => isAzureOnly(r));
  if (azure.length) {
    const holder = new Construct(scope, AZURE_RESOURCES_ID);
    (holder as unknown as Record<symbol, readonly Resource[]>)[PLANNED_AZURE] = azure;
  }
  return resources.filter((r) => !isAzureOnly(r)).map((r) => {
    const childId = r.id.startsWith(`${ownerId}/`) ? r.id.slice(ownerId.length + 1).replace(/\//g, '-') : r.id.replace(/\//g, '-');
    const obj = toKubernetesObject(r);
    const { apiVersion, kind, metadata, ...rest } = obj as { apiVersion: string; kind: string; metadata: Record<string, unknown> };
    const api = new ApiObject(scope, childId, { apiVersion, kind, metadata, ...rest });
    (api as unknown as Record<symbol, Resource>)[PLANNED] = r;
    return api;
  });
}

/** The planned resource an ApiObject was rendered from, if it was. */
export function plannedResourceOf(api: ApiObject): Resource | undefined {
  return (api as unknown as Record<symbol, Resource | undefined>)[PLANNED];
}

/**
 * The Azure-only resources a construct holds for its owner's plan (`renderResources` creates it),
 * or `undefined` for any other construct. `GuidanceChecks` and `aio-secure synth --arm` read them.
 */
export function plannedAzureResourcesOf(c: IConstruct): readonly Resource[] | undefined {
  return (c as unknown as Record<symbol, readonly Resource[] | undefined>)[PLANNED_AZURE];
}
