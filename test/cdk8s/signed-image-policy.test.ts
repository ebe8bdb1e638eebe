import { Chart, Testing } from 'cdk8s';
import { readKubernetesText, type JsonObject, type Resource } from 'aio-secure';
import { SignedImagePolicy } from '../../lib/cdk8s/signed-image-policy';
import { MICROSOFT_SUPPLY_CHAIN_ROOT_PEM, planSignedImagePolicy, resolveSignedImagePolicy, type SignedImagePolicyProps } from '../../lib/model/signed-image-policy';
import { CONTOSO_SIGNER_PEM, validatePolicy } from '../support/policy-crds';

const PROD: SignedImagePolicyProps = {
  profile: 'production',
  signers: [{ name: 'contoso-release', certificates: CONTOSO_SIGNER_PEM, imageReferences: ['contoso.azurecr.io/plant-a/*'] }],
};
const DEV: SignedImagePolicyProps = { profile: 'development' };

function synth(props: SignedImagePolicyProps): { chart: Chart; policy: SignedImagePolicy; objects: JsonObject[] } {
  const chart = new Chart(Testing.app(), 'site');
  const policy = new SignedImagePolicy(chart, 'images', props);
  return { chart, policy, objects: Testing.synth(chart) as JsonObject[] };
}

const withoutSource = (rs: Resource[]) => rs.map(({ source: _s, ...r }) => r);

describe('SignedImagePolicy (cdk8s)', () => {
  test('snapshot of the synthesized manifests, production', () => {
    expect(synth(PROD).objects).toMatchSnapshot();
  });

  test('renders exactly the plan: one kyverno.io/v1 ClusterPolicy', () => {
    const { policy, objects } = synth(PROD);
    expect(objects.map((o) => `${o.apiVersion} ${o.kind}/${(o.metadata as JsonObject).name}`)).toEqual(['kyverno.io/v1 ClusterPolicy/aio-secure-verify-image-signatures']);
    expect(policy.resources).toEqual(planSignedImagePolicy(resolveSignedImagePolicy('images', PROD)));
    expect(policy.apiObjects.map((o) => o.node.path)).toEqual(['site/images/cluster-policy']);
  });

  test.each([['production', PROD], ['development', DEV]] as const)('the %s output validates against the real Kyverno CRD', (_p, props) => {
    expect(synth(props).objects.map(validatePolicy)).toEqual([[]]);
  });

  test('production enforces, fails closed and pins digests; the Microsoft root is embedded', () => {
    const spec = synth(PROD).objects[0].spec as JsonObject;
    expect(spec.webhookConfiguration).toEqual({ failurePolicy: 'Fail', timeoutSeconds: 30 });
    const verify = (spec.rules as JsonObject[]).map((r) => (r.verifyImages as JsonObject[])[0]);
    expect(verify.map((v) => [v.type, v.failureAction, v.mutateDigest, v.verifyDigest, v.required])).toEqual([
      ['Notary', 'Enforce', true, true, true], ['Notary', 'Enforce', true, true, true],
    ]);
    expect(JSON.stringify(verify[0].attestors)).toContain(JSON.stringify(MICROSOFT_SUPPLY_CHAIN_ROOT_PEM));
  });

  test('development audits and fails open', () => {
    const spec = synth(DEV).objects[0].spec as JsonObject;
    expect(spec.webhookConfiguration).toEqual({ failurePolicy: 'Ignore', timeoutSeconds: 30 });
    expect(((spec.rules as JsonObject[])[0].verifyImages as JsonObject[])[0]).toMatchObject({ failureAction: 'Audit', mutateDigest: false });
  });

  test('reading the YAML back gives the plan', () => {
    const { policy, chart } = synth(PROD);
    const read = readKubernetesText(Testing.synth(chart).map((o) => JSON.stringify(o)).join('\n---\n'), 'images.yaml');
    expect(read.problems).toEqual([]);
    expect(withoutSource(read.resources)).toEqual(policy.resources);
  });

  test('bad props fail construction with the model error', () => {
    expect(() => synth({ profile: 'prod' } as unknown as SignedImagePolicyProps)).toThrow(
      'SignedImagePolicy "images": profile is not a profile (got "prod"). Use "production" (refuse unverified images) or "development" (audit only)',
    );
  });

  test('exposes the Notation trust policy with Microsoft\'s identities', () => {
    const { policy } = synth(DEV);
    expect(JSON.stringify(policy.microsoftNotationTrustPolicy)).toContain('CN=Azure IoT Operations,O=Microsoft Corporation');
  });
});
