import { BOOKKEEPING, KUBERNETES_MANIFEST_NOTE, KUBERNETES_MANIFEST_PATH } from './bookkeeping';
import { aioKind } from './kinds';
import { apiVersionOf, type JsonObject, type Resource } from './resource';

/**
 * Kinds whose content sits at the top level of the object rather than under `spec` (`data` of a
 * ConfigMap, `rules` of a Role). Their `Resource.spec` holds those top-level fields, the way the
 * readers read them.
 */
const TOP_LEVEL_KINDS: ReadonlySet<string> = new Set([
  '/ConfigMap', '/Secret', '/ServiceAccount', '/Endpoints',
  'rbac.authorization.k8s.io/Role', 'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/RoleBinding', 'rbac.authorization.k8s.io/ClusterRoleBinding',
]);

/** True for kinds whose content is top-level, not under `spec` (see `toKubernetesObject`). */
export function hasTopLevelContent(r: Pick<Resource, 'group' | 'kind'>): boolean {
  return TOP_LEVEL_KINDS.has(`${r.group}/${r.kind}`);
}

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

  const metadata = { name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}), labels, annotations };
  if (hasTopLevelContent(r)) {
    // The content sits beside apiVersion, kind and metadata: it may not replace them (and with them
    // the aio-secure id and waivers).
    const clash = ['apiVersion', 'kind', 'metadata'].filter((k) => Object.prototype.hasOwnProperty.call(spec, k));
    if (clash.length) throw new Error(`${r.kind} "${r.name}" (${r.id}): its content has ${clash.join(', ')}, which a ${r.kind} keeps at the top level for itself. Plan only its content (e.g. data).`);
    return { apiVersion: apiVersionOf(r), kind: r.kind, metadata, ...spec };
  }
  return { apiVersion: apiVersionOf(r), kind: r.kind, metadata, spec };
}
