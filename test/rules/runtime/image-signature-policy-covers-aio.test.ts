import type { JsonObject, Resource } from 'aio-secure';
import { planSignedImagePolicy, resolveSignedImagePolicy, type SignedImagePolicyProfile } from '../../../lib/model/signed-image-policy';
import { imageSignaturePolicyCoversAio } from '../../../lib/rules/runtime/image-signature-policy-covers-aio';
import { ruleTable, runRule } from '../helpers';
import { aioExtension, aioInstance, defaultBroker, metricsExtension } from './support';

/** The ClusterPolicy SignedImagePolicy plans for the profile. */
const planned = (profile: SignedImagePolicyProfile, more: Partial<Parameters<typeof resolveSignedImagePolicy>[1]> = {}): Resource =>
  planSignedImagePolicy(resolveSignedImagePolicy('plant-a', { profile, ...more }))[0];
/** The planned production policy with its Microsoft rule's verifyImages entry changed. */
function withEntry(change: (entry: JsonObject) => JsonObject, spec: (s: JsonObject) => JsonObject = (s) => s): Resource {
  const p = planned('production');
  const rules = (p.spec.rules as JsonObject[]).map((r, i) => (i === 0 ? { ...r, verifyImages: [change((r.verifyImages as JsonObject[])[0])] } : r));
  return { ...p, spec: spec({ ...p.spec, rules }) };
}
const aioPod = (image: string): Resource => ({
  id: 'azure-iot-operations/Pod/aio-extra', group: '', version: 'v1', kind: 'Pod', name: 'aio-extra', namespace: 'azure-iot-operations',
  spec: { containers: [{ name: 'c', image }] },
});
const MISSING = 'AIO extension azure-iot-operations has no Kyverno ClusterPolicy that verifies the Notation signatures of AIO images (mcr.microsoft.com/azureiotoperations/*).';

describe('image-signature-policy-covers-aio', () => {
  ruleTable(imageSignaturePolicyCoversAio, [
    { name: 'SignedImagePolicy in production', resources: [aioExtension(), planned('production')], expect: { outcome: 'valid' } },
    { name: 'an AIO Instance (YAML) deployment with the policy', resources: [aioInstance(), planned('production')], expect: { outcome: 'valid' } },
    { name: 'development accepts an auditing policy', profile: 'development', resources: [aioExtension(), planned('development')], expect: { outcome: 'valid' } },
    { name: 'no policy at all', resources: [aioExtension()], expect: { outcome: 'invalid', messageIds: ['missing'], messages: [MISSING] } },
    { name: 'development reports a missing policy at info', profile: 'development', resources: [aioInstance()], expect: { outcome: 'invalid', messageIds: ['missing'] } },
    {
      name: 'the development policy in production: audit only',
      resources: [aioExtension(), planned('development')],
      expect: {
        outcome: 'invalid', messageIds: ['auditOnly'],
        messages: ['ClusterPolicy aio-secure-verify-image-signatures only audits the signatures of AIO images (mcr.microsoft.com/azureiotoperations/aio-operator:1.0.0): unverified images are still admitted. Set failureAction Enforce.'],
      },
    },
    {
      name: 'the entry leaves the action to the policy, which audits by default',
      resources: [aioExtension(), withEntry(({ failureAction: _, ...e }) => e)],
      expect: { outcome: 'invalid', messageIds: ['auditOnly'] },
    },
    { name: 'the deprecated policy-wide action enforces', resources: [aioExtension(), withEntry(({ failureAction: _, ...e }) => e, (s) => ({ ...s, validationFailureAction: 'Enforce' }))], expect: { outcome: 'valid' } },
    {
      name: 'an override audits the AIO namespace',
      resources: [aioExtension(), withEntry(({ failureAction: _, ...e }) => e, (s) => ({ ...s, validationFailureAction: 'Enforce', validationFailureActionOverrides: [{ action: 'Audit', namespaces: ['azure-iot-*'] }] }))],
      expect: { outcome: 'invalid', messageIds: ['auditOnly'] },
    },
    { name: 'a policy that skips AIO images', resources: [aioExtension(), withEntry((e) => ({ ...e, skipImageReferences: ['mcr.microsoft.com/azureiotoperations/*'] }))], expect: { outcome: 'invalid', messageIds: ['missing'], messages: [MISSING] } },
    { name: 'a policy that does not require verification', resources: [aioExtension(), withEntry((e) => ({ ...e, required: false }))], expect: { outcome: 'invalid', messageIds: ['missing'] } },
    { name: 'a Cosign rule cannot verify Notation signatures', resources: [aioExtension(), withEntry((e) => ({ ...e, type: 'Cosign' }))], expect: { outcome: 'invalid', messageIds: ['missing'] } },
    { name: 'a policy not applied at admission', resources: [aioExtension(), { ...planned('production'), spec: { ...planned('production').spec, admission: false } }], expect: { outcome: 'invalid', messageIds: ['missing'] } },
    {
      name: 'a rule that excludes the AIO namespace',
      resources: [aioExtension(), (() => {
        const p = planned('production');
        return { ...p, spec: { ...p.spec, rules: (p.spec.rules as JsonObject[]).map((r) => ({ ...r, exclude: { any: [{ resources: { namespaces: ['azure-iot-operations'] } }] } })) } };
      })()],
      expect: { outcome: 'invalid', messageIds: ['missing'] },
    },
    {
      name: 'the policy names only the operator, and the deployment runs another AIO image',
      resources: [aioExtension(), withEntry((e) => ({ ...e, imageReferences: ['mcr.microsoft.com/azureiotoperations/aio-operator*'] })), aioPod('mcr.microsoft.com/azureiotoperations/aio-broker:1.1.0')],
      expect: {
        outcome: 'invalid', messageIds: ['uncovered'],
        messages: ['AIO extension azure-iot-operations: no Kyverno ClusterPolicy verifies the Notation signatures of AIO images mcr.microsoft.com/azureiotoperations/aio-broker:1.1.0.'],
      },
    },
    { name: 'not an AIO deployment', resources: [metricsExtension(), planned('production')], expect: { outcome: 'not-applicable', reason: 'not an AIO deployment marker' } },
    {
      name: 'a ClusterPolicy without a spec',
      resources: [aioExtension(), { ...planned('production'), spec: null as unknown as JsonObject }],
      expect: { outcome: 'unknown', reason: 'has no spec' },
    },
  ]);
});

test('broker settings alone (a GitOps folder, a SecureBroker chart) mark no AIO deployment: no finding', () => {
  const result = runRule(imageSignaturePolicyCoversAio, [defaultBroker()]);
  expect(result.findings).toEqual([]);
  expect(result.summary.checked).toBe(0);
});

test('a policy with values that could not be read makes a missing coverage unknown, never a pass', () => {
  const unread = { ...withEntry((e) => ({ ...e, imageReferences: ["[parameters('images')]"] })), unresolved: ['/spec/rules/0/verifyImages/0/imageReferences'] };
  const result = runRule(imageSignaturePolicyCoversAio, [aioExtension(), unread]);
  expect(result.findings.map((f) => [f.outcome, f.message])).toEqual([
    ['unknown', 'Could not decide: ClusterPolicy aio-secure-verify-image-signatures has values that could not be read'],
  ]);
});

test('the rule is deployment-level: one finding per deployment, on the anchor, whatever else it holds', () => {
  expect(imageSignaturePolicyCoversAio.deploymentLevel).toBe(true);
  const result = runRule(imageSignaturePolicyCoversAio, [aioExtension(), aioInstance(), aioInstance('second')]);
  expect(result.findings.map((f) => `${f.resource.kind}/${f.resource.name} ${f.messageId}`)).toEqual(['extensions/azure-iot-operations missing']);
});
