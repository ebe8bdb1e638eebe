import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { toKubernetesObject } from '../model/kubernetes-object';
import type { Resource } from '../model/resource';

/** Marks constructs whose ApiObjects came from an aio-secure plan. */
const PLANNED = Symbol.for('aio-secure.planned-resource');

/**
 * Renders planned resources as ApiObjects under `scope`. The construct id of each object is its
 * logical id without the owner's prefix, so ids stay stable as long as logical ids do.
 */
export function renderResources(scope: Construct, ownerId: string, resources: readonly Resource[]): ApiObject[] {
  return resources.map((r) => {
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
