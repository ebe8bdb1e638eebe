import { BOOKKEEPING, KUBERNETES_MANIFEST_NOTE, KUBERNETES_MANIFEST_PATH } from './bookkeeping';
import { aioKind } from './kinds';
import { apiVersionOf, type JsonObject, type Resource } from './resource';

/**
 * Renders a planned resource as a Kubernetes object. AIO custom resources get the CR-only parent
 * field (`brokerRef`) and are marked as the Kubernetes-manifest path, which Microsoft supports for
 * development and testing only. aio-secure's id and waivers travel as annotations.
 */
export function toKubernetesObject(r: Resource): JsonObject {
  const known = aioKind(r.group, r.kind);
  const labels: Record<string, string> = { ...r.labels };
  const annotations: Record<string, string> = { ...r.annotations, [BOOKKEEPING.id]: r.id };
  if (known) {
    labels[BOOKKEEPING.deploymentPath] = KUBERNETES_MANIFEST_PATH;
    annotations[BOOKKEEPING.deploymentPath] = KUBERNETES_MANIFEST_NOTE;
  }
  if (r.waivers?.length) annotations[BOOKKEEPING.waivers] = JSON.stringify(r.waivers);

  const spec: JsonObject = { ...r.spec };
  if (known?.parentField && r.parent) spec[known.parentField] = r.parent.name;

  return {
    apiVersion: apiVersionOf(r),
    kind: r.kind,
    metadata: {
      name: r.name,
      ...(r.namespace ? { namespace: r.namespace } : {}),
      labels,
      annotations,
    },
    spec,
  };
}
