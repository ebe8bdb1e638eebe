/**
 * The labels and annotations aio-secure writes on the Kubernetes objects it renders. Readers take
 * them back into `Resource` fields, so `read(render(plan))` equals `plan`.
 */
export const BOOKKEEPING = {
  /** Prefix of every aio-secure label and annotation key. */
  prefix: 'aio-secure/',
  /** Annotation: the resource's logical id. */
  id: 'aio-secure/id',
  /** Annotation: JSON list of waivers that travel with the resource. */
  waivers: 'aio-secure/waivers',
  /** Label (and annotation, with the explanation): which deployment path the object belongs to. */
  deploymentPath: 'aio-secure/deployment-path',
} as const;

/** Label value marking AIO custom resources written as Kubernetes manifests. */
export const KUBERNETES_MANIFEST_PATH = 'kubernetes-manifest';

/** What the deployment-path annotation says on AIO custom resources rendered as YAML. */
export const KUBERNETES_MANIFEST_NOTE =
  'Microsoft supports managing Azure IoT Operations resources through Kubernetes manifests for development and testing only; ' +
  'deploy production through Azure Resource Manager (aio-secure/pulumi or the ARM template output).';

/**
 * The rule name of the stand-in waiver a reader attaches when the waivers annotation cannot be
 * parsed; the engine reports it as a waiver problem, so a broken annotation is never silent.
 */
export const UNREADABLE_WAIVERS_RULE = '(unreadable aio-secure/waivers annotation)';
