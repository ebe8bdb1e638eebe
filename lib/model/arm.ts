import { AIO } from './aio';
import { aioKind } from './kinds';
import type { Resource } from './resource';

/**
 * Where AIO resources go in Azure Resource Manager: the deployment context that the plan leaves
 * out, because the same plan serves every site.
 */
export interface AioInstanceTarget {
  /** Name of the AIO instance (`Microsoft.IoTOperations/instances`). */
  readonly instanceName: string;
  /** Resource id of the custom location every AIO resource is created in (`extendedLocation.name`). */
  readonly customLocationId: string;
}

/**
 * The ARM name segments of a planned AIO resource below its instance: `['default']` for the
 * broker, `['default', 'external']` for a listener of it. ARM names a child resource
 * `<instance>/<segments...>`. Throws for a resource that does not exist in ARM.
 */
export function armNameSegments(r: Resource): string[] {
  const known = aioKind(r.group, r.kind);
  if (!known || !r.armType) {
    throw new Error(`${r.kind} "${r.name}" (${r.id}) is not an Azure Resource Manager resource; it belongs in Kubernetes manifests.`);
  }
  if (!known.parentKind) return [r.name];
  const parent = r.parent?.name ?? known.defaultParentName ?? AIO.brokerName;
  return [parent, r.name];
}
