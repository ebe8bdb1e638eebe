import { AIO } from '../../model/aio';
import { isJsonObject, type JsonObject, type JsonValue, type Resource } from '../../model/resource';
import { AIO_IMAGE_REFERENCES, imagePatternMatches, isAioImage, KYVERNO, WORKLOAD_KINDS, workloadContainers } from '../../model/signed-image-policy';
import type { DeploymentIndex } from '../deployment-index';
import { defineRule, outcome, type Profile, type RuleFinding } from '../types';
import { ANCHOR_KINDS, anchorName, notTheAnchor, propertiesOf, isAioExtension } from './common';

/**
 * The AIO image every deployment pulls (facts 4.2 verifies it): the probe of whether a policy
 * reaches AIO's images, besides the AIO images the deployment's own workloads name.
 */
const AIO_OPERATOR_IMAGE = 'mcr.microsoft.com/azureiotoperations/aio-operator:1.0.0';

type Action = 'Enforce' | 'Audit';

/** How a ClusterPolicy's verifyImages entry treats one image in one namespace, if it verifies it. */
interface Coverage {
  readonly policy: string;
  readonly action: Action;
}

/** ED-2: in production, every AIO image is verified by an admission policy that refuses unsigned images. Checked once, on the anchor. */
export const imageSignaturePolicyCoversAio = defineRule({
  name: 'image-signature-policy-covers-aio',
  guidance: ['ED-2'],
  description: 'A Kyverno ClusterPolicy verifies the Notation signatures of every AIO image at admission, and refuses unverified images in production.',
  rationale:
    'Verifying signatures is what makes a compromised registry, mirror or pipeline visible: an image Microsoft did not sign does not run. ' +
    'A policy that only audits still admits the image, one that does not reach AIO\'s repositories (or skips them, or exempts the AIO ' +
    'namespace) verifies nothing AIO runs, and without any policy the cluster runs whatever the registry serves.',
  remediation:
    'Add SignedImagePolicy with profile "production" (a ClusterPolicy whose Notary rule verifies mcr.microsoft.com/azureiotoperations/* ' +
    'against Microsoft\'s supply-chain root with failureAction Enforce), and keep its imageReferences covering every AIO image.',
  severity: { development: 'info', production: 'error' },
  waivable: true,
  deploymentLevel: true,
  appliesTo: ANCHOR_KINDS,
  messages: {
    missing: '{anchor} has no Kyverno ClusterPolicy that verifies the Notation signatures of AIO images ({images}).',
    auditOnly: 'ClusterPolicy {policies} only audits the signatures of AIO images ({images}): unverified images are still admitted. Set failureAction Enforce.',
    uncovered: '{anchor}: no Kyverno ClusterPolicy verifies the Notation signatures of AIO images {images}.',
  },
  check(r, { index, profile }) {
    const skip = notTheAnchor(r, index);
    if (skip) return skip;
    const namespace = aioNamespace(r);
    const images = [AIO_OPERATOR_IMAGE, ...workloadAioImages(index)];
    const policies = index.ofKind(KYVERNO.group, KYVERNO.kind);
    const byImage = images.map((image) => ({ image, coverage: policies.flatMap((p) => coverageOf(p, image, namespace)) }));
    const uncovered = byImage.filter((b) => b.coverage.length === 0);
    const auditOnly = byImage.filter((b) => b.coverage.length > 0 && !b.coverage.some((c) => c.action === 'Enforce'));
    const failing = [...uncovered, ...(enforcementRequired(profile) ? auditOnly : [])];
    if (failing.length && policies.some((p) => p.unresolved?.length)) {
      return { status: 'unknown', reason: `ClusterPolicy ${policies.filter((p) => p.unresolved?.length).map((p) => p.name).join(', ')} has values that could not be read` };
    }
    const anchor = anchorName(r);
    const findings: RuleFinding<'missing' | 'auditOnly' | 'uncovered'>[] = [];
    if (uncovered.length === byImage.length && !byImage.some((b) => b.coverage.length)) {
      findings.push({ messageId: 'missing', data: { anchor, images: AIO_IMAGE_REFERENCES.join(', ') } });
    } else if (uncovered.length) {
      findings.push({ messageId: 'uncovered', data: { anchor, images: uncovered.map((b) => b.image).join(', ') } });
    }
    if (enforcementRequired(profile) && auditOnly.length) {
      const names = [...new Set(auditOnly.flatMap((b) => b.coverage.map((c) => c.policy)))];
      findings.push({ messageId: 'auditOnly', data: { policies: names.join(', '), images: auditOnly.map((b) => b.image).join(', ') } });
    }
    return outcome(findings);
  },
});

/** Production refuses unverified images; development accepts an auditing policy (the guidance's "audit in development"). */
function enforcementRequired(profile: Profile): boolean {
  return profile === 'production';
}

/** The namespace AIO's pods run in: the Instance's, the extension's release namespace, else AIO's default. */
function aioNamespace(anchor: Resource): string {
  if (isAioExtension(anchor)) {
    const scope = propertiesOf(anchor).scope;
    const cluster = isJsonObject(scope) && isJsonObject(scope.cluster) ? scope.cluster : undefined;
    if (typeof cluster?.releaseNamespace === 'string') return cluster.releaseNamespace;
    return AIO.namespace;
  }
  return anchor.namespace ?? AIO.namespace;
}

/** The AIO images the deployment's workloads name (workloads that cannot be read add none). */
function workloadAioImages(index: DeploymentIndex): string[] {
  const out = new Set<string>();
  for (const k of WORKLOAD_KINDS) {
    for (const w of index.ofKind(k.group, k.kind)) {
      let containers;
      try {
        containers = workloadContainers(w);
      } catch {
        continue; // image-pinned-by-digest reports the unreadable workload
      }
      for (const c of containers) if (isAioImage(c.image)) out.add(c.image);
    }
  }
  return [...out].filter((i) => i !== AIO_OPERATOR_IMAGE);
}

/**
 * How one ClusterPolicy verifies `image` for a Pod in `namespace`: one entry per `verifyImages`
 * entry of type Notary that is required, has attestors, names the image in `imageReferences` and
 * does not skip it, in a rule that matches Pods and does not exclude the namespace, of a policy
 * that runs at admission. Throws when the policy's spec cannot be read (the rule is then unknown).
 */
function coverageOf(policy: Resource, image: string, namespace: string): Coverage[] {
  const spec = policy.spec;
  if (!isJsonObject(spec)) throw new Error(`ClusterPolicy ${policy.name} has no spec`);
  if (spec.admission === false) return [];
  const rules = spec.rules ?? [];
  if (!Array.isArray(rules)) throw new Error(`ClusterPolicy ${policy.name}: spec.rules is not a list`);
  const out: Coverage[] = [];
  for (const rule of rules) {
    if (!isJsonObject(rule) || !Array.isArray(rule.verifyImages)) continue;
    if (!matchesPods(rule.match) || excludesNamespace(rule.exclude, namespace)) continue;
    for (const v of rule.verifyImages) {
      if (!isJsonObject(v) || v.type !== 'Notary' || v.required === false) continue;
      if (!Array.isArray(v.attestors) || v.attestors.length === 0) continue;
      if (!patterns(v.imageReferences).some((p) => imagePatternMatches(p, image))) continue;
      if (patterns(v.skipImageReferences).some((p) => imagePatternMatches(p, image))) continue;
      out.push({ policy: policy.name, action: actionOf(spec, v, namespace) });
    }
  }
  return out;
}

/** The failure action for a Pod in `namespace`: the entry's own, else a namespace override, else the policy's (default Audit). */
function actionOf(spec: JsonObject, entry: JsonObject, namespace: string): Action {
  const normal = (v: JsonValue | undefined): Action | undefined =>
    typeof v === 'string' && /^(enforce|audit)$/i.test(v) ? (v.toLowerCase() === 'enforce' ? 'Enforce' : 'Audit') : undefined;
  const own = normal(entry.failureAction);
  if (own) return own;
  const overrides = Array.isArray(spec.validationFailureActionOverrides) ? spec.validationFailureActionOverrides : [];
  for (const o of overrides) {
    if (isJsonObject(o) && patterns(o.namespaces).some((p) => wildcardMatches(p, namespace))) {
      const action = normal(o.action);
      if (action) return action;
    }
  }
  return normal(spec.validationFailureAction) ?? 'Audit';
}

/** True when a rule's `match` selects Pods (Kyverno derives the controller rules from Pod rules). */
function matchesPods(match: JsonValue | undefined): boolean {
  if (!isJsonObject(match)) return false;
  const blocks = [...(Array.isArray(match.any) ? match.any : []), ...(Array.isArray(match.all) ? match.all : []), match];
  return blocks.some((b) => isJsonObject(b) && isJsonObject(b.resources) && patterns(b.resources.kinds).some((k) => k === 'Pod' || k === '*' || /(^|\/)Pod$/.test(k)));
}

/** True when a rule's `exclude` leaves out Pods of `namespace`. */
function excludesNamespace(exclude: JsonValue | undefined, namespace: string): boolean {
  if (!isJsonObject(exclude)) return false;
  const blocks = [...(Array.isArray(exclude.any) ? exclude.any : []), ...(Array.isArray(exclude.all) ? exclude.all : []), exclude];
  return blocks.some((b) => isJsonObject(b) && isJsonObject(b.resources) && patterns(b.resources.namespaces).some((p) => wildcardMatches(p, namespace)));
}

/** Kyverno's wildcards in names: `*` any characters, `?` one. */
function wildcardMatches(pattern: string, value: string): boolean {
  return new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&'))).join('')}$`).test(value);
}

function patterns(v: JsonValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
