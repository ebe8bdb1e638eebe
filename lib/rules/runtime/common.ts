/**
 * Shared helpers of the runtime rules (ED-1, CL-2, CL-3, OV-1): the Azure-only kinds they read
 * (shaped as `planAzureResource` and the ARM reader shape them: group = provider namespace,
 * kind = last type segment, spec = the ARM body) and the anchor of an AIO deployment.
 */
import {
  ATTESTABLE_CONTROLS,
  attestationsConfigMaps,
  checkAttestedControl,
  type AttestableControl,
  type AttestationScope,
} from '../../model/attested-controls';
import { describeValueAt, referenceAt } from '../../model/azure';
import { isJsonObject, type JsonObject, type Resource } from '../../model/resource';
import { ARC_EXTENSION_TYPES } from '../../model/versions';
import type { DeploymentIndex } from '../deployment-index';
import { defineRule, outcome, type KindSelector, type Rule, type RuleOutcome } from '../types';

export const EXTENSION: KindSelector = { group: 'Microsoft.KubernetesConfiguration', kind: 'extensions' };
export const CONNECTED_CLUSTER: KindSelector = { group: 'Microsoft.Kubernetes', kind: 'connectedClusters' };
export { ROLE_ASSIGNMENT } from '../selectors';
export const PRICING: KindSelector = { group: 'Microsoft.Security', kind: 'pricings' };
/** The AIO instance custom resource (`iotoperations.azure.com/v1` Instance, facts 0). */
export const AIO_INSTANCE: KindSelector = { group: 'iotoperations.azure.com', kind: 'Instance' };

/**
 * The kinds that can mark an AIO deployment, in the order the anchor is chosen. A Broker is not
 * one: broker settings alone (a GitOps folder of listeners, a SecureBroker chart) configure a
 * component of a deployment that is installed elsewhere, and must not draw findings about
 * observability, Defender or physical controls.
 */
export const ANCHOR_KINDS: readonly KindSelector[] = [EXTENSION, AIO_INSTANCE];

/** The ARM `properties` of an Azure-only resource (empty when absent). */
export function propertiesOf(r: Resource): JsonObject {
  return isJsonObject(r.spec.properties) ? r.spec.properties : {};
}

/** An extension's type, lower-cased (extension types are case-insensitive). */
export function extensionTypeOf(r: Resource): string | undefined {
  const t = propertiesOf(r).extensionType;
  return typeof t === 'string' ? t.toLowerCase() : undefined;
}

/** True for the AIO Arc extension. */
export function isAioExtension(r: Resource): boolean {
  return r.group === EXTENSION.group && r.kind === EXTENSION.kind && extensionTypeOf(r) === ARC_EXTENSION_TYPES.iotOperations;
}

/**
 * The one resource that marks a deployment as an AIO deployment: the first AIO Arc extension, else
 * the first AIO Instance (see `ANCHOR_KINDS`). Absence rules report on it, so a deployment gets
 * one finding per missing control, and manifests without AIO get none.
 */
export function aioAnchor(index: DeploymentIndex): Resource | undefined {
  if (anchors.has(index)) return anchors.get(index);
  const anchor = index.ofKind(EXTENSION.group, EXTENSION.kind).find(isAioExtension)
    ?? index.ofKind(AIO_INSTANCE.group, AIO_INSTANCE.kind)[0];
  anchors.set(index, anchor);
  return anchor;
}

// Per-deployment answers, computed once per index: a rule applied to n objects must not scan the
// deployment n times. An index is immutable, so its answers never go stale; the WeakMaps let the
// index and its answers be collected together.
const anchors = new WeakMap<DeploymentIndex, Resource | undefined>();
const attestationScopes = new WeakMap<DeploymentIndex, AttestationScope>();

/**
 * What the attested-control presence rules need of the deployment (its attestations ConfigMaps and
 * its anchor), scanned once per deployment index however many objects and rules ask.
 */
export function attestationScope(index: DeploymentIndex): AttestationScope {
  let scope = attestationScopes.get(index);
  if (!scope) {
    const anchor = aioAnchor(index);
    scope = { maps: attestationsConfigMaps(index.ofKind('', 'ConfigMap')), anchor, ...(anchor ? { anchorLabel: anchorName(anchor) } : {}) };
    attestationScopes.set(index, scope);
  }
  return scope;
}

/** What sets one `attested-*` presence rule apart from the others. */
export interface AttestedControlRuleSpec {
  /** The rule's name, which is also its file's. */
  readonly name: string;
  /** The attested control; the rule's guidance ID is the control's (`ATTESTABLE_CONTROLS`). */
  readonly control: AttestableControl;
  /** What the control is, and that the deployment records who attests it. */
  readonly description: string;
}

/**
 * A presence rule of one attested physical or process control (AS-4, AS-5, AS-6, OV-1's network
 * sensors): the deployment records a current attestation of it (see `checkAttestedControl`). The
 * rules differ only in the control and its description, so they share everything else here.
 */
export function attestedControlRule(spec: AttestedControlRuleSpec): Rule<'missing' | 'expired'> {
  const { name, control, description } = spec;
  return defineRule({
    name,
    guidance: [ATTESTABLE_CONTROLS.find((c) => c.control === control)!.guidance],
    description,
    rationale:
      'An auditor reads the deployment against the whole guidance, not only what manifests can prove. A physical or process control ' +
      'that nobody attests, or whose attestation has lapsed, is a control nobody is accountable for.',
    remediation:
      `Record the attestation with AttestedControls: attestations["${control}"] = { attestedBy, attestedOn, expires, evidence }, ` +
      `or add the key "${control}" to the aio-secure-attestations ConfigMap; renew it before it expires.`,
    severity: { development: 'off', production: 'error' },
    waivable: true,
    deploymentLevel: true,
    appliesTo: [{ group: '', kind: 'ConfigMap' }, ...ANCHOR_KINDS],
    messages: {
      missing: '{where} records no valid attestation of {control} ({title}).',
      expired: 'The attestation of {control} ({title}) by {attestedBy} expired on {expires}.',
    },
    check(r, context) {
      const result = checkAttestedControl(control, r, attestationScope(context.index), context.now);
      return result.status === 'not-applicable' ? result : outcome(result.findings);
    },
  });
}

/**
 * The outcome for a resource that is not the deployment's anchor: not applicable when the
 * deployment has no anchor (it is not an AIO deployment), compliant when it has one (the
 * deployment's answer, finding or not, is given on the anchor). Undefined for the anchor itself.
 */
export function notTheAnchor(r: Resource, index: DeploymentIndex): { status: 'not-applicable'; reason: string } | { status: 'compliant' } | undefined {
  const anchor = aioAnchor(index);
  if (anchor === r) return undefined;
  return anchor ? { status: 'compliant' } : { status: 'not-applicable', reason: 'not an AIO deployment marker' };
}

/** `Kind/name` of the anchor, for messages. */
export function anchorName(r: Resource): string {
  return isAioExtension(r) ? `AIO extension ${r.name}` : `${r.kind} ${r.name}`;
}

/**
 * The outcome on the anchor `r` of a rule that lists the controls the deployment lacks (message
 * `missing`, `{anchor} has no {missing}.`): compliant when nothing is missing, unknown when something
 * is but an extension's type could not be read (it may be the missing one), else one finding.
 */
export function missingControlsOutcome(r: Resource, index: DeploymentIndex, missing: readonly string[]): RuleOutcome<'missing'> {
  if (missing.length && unreadableExtensions(index).length) {
    return { status: 'unknown', reason: `extension types of ${unreadableExtensions(index).map((e) => e.name).join(', ')} could not be read` };
  }
  return outcome(missing.length ? [{ messageId: 'missing', data: { anchor: anchorName(r), missing: missing.join(', ') } }] : []);
}

/** Extensions of the deployment whose type could not be read (an unresolved expression). */
export function unreadableExtensions(index: DeploymentIndex): Resource[] {
  return index.ofKind(EXTENSION.group, EXTENSION.kind).filter((e) => e.unresolved?.some((p) => p === '/spec/properties/extensionType' || p === '/spec/properties'));
}

/** True when the deployment has an extension of that type. */
export function hasExtension(index: DeploymentIndex, extensionType: string): boolean {
  return index.ofKind(EXTENSION.group, EXTENSION.kind).some((e) => extensionTypeOf(e) === extensionType.toLowerCase());
}

/** Compares dotted numeric versions; undefined when either is not `x.y.z`. */
export function compareVersions(a: string, b: string): number | undefined {
  const parse = (v: string) => (/^\d+\.\d+\.\d+$/.test(v) ? v.split('.').map(Number) : undefined);
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return undefined;
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/**
 * Throws (unknown) when the value at a pointer of an Azure resource is only known at deployment: a
 * reference (another resource's attribute, a deployment parameter), a value a reader listed as
 * unresolved (or one inside it), or an ARM expression kept as read. A rule cannot judge it.
 */
export function requireKnownAt(r: Resource, pointer: string, index: { get(id: string): Resource | undefined }): void {
  const value = describeValueAt(r, pointer, index);
  const unresolved = r.unresolved?.some((u) => pointer === u || pointer.startsWith(`${u}/`)) ?? false;
  if (referenceAt(r, pointer) || unresolved || value === 'a value known only at deployment' || value?.startsWith('the deployment parameter ')) {
    throw new Error(`${pointer.slice(1).replace(/\//g, '.')} is ${value ?? 'a value known only at deployment'}, only known at deployment`);
  }
}
