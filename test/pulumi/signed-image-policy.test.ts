import { Provider as KubernetesProvider } from '@pulumi/kubernetes/provider';
import { Chart, Testing } from 'cdk8s';
import { toKubernetesObject, type JsonObject } from 'aio-secure';
import { SignedImagePolicy as Cdk8sSignedImagePolicy } from '../../lib/cdk8s/signed-image-policy';
import { SignedImagePolicy } from '../../lib/pulumi/signed-image-policy';
import { PLANNED_RESOURCES_OUTPUT } from '../../lib/pulumi/render';
import { planSignedImagePolicy, resolveSignedImagePolicy, type SignedImagePolicyProps } from '../../lib/model/signed-image-policy';
import { CONTOSO_SIGNER_PEM, validatePolicy } from '../support/policy-crds';
import { installMocks, settled } from './support';

const run = installMocks();
beforeEach(() => run.reset());

const PROD: SignedImagePolicyProps = {
  profile: 'production',
  signers: [{ name: 'contoso-release', certificates: CONTOSO_SIGNER_PEM, imageReferences: ['contoso.azurecr.io/plant-a/*'] }],
};

async function build(props: SignedImagePolicyProps = PROD, name = 'images'): Promise<{ policy: SignedImagePolicy; provider: KubernetesProvider }> {
  const provider = new KubernetesProvider(`cluster-${name}`, {});
  const policy = new SignedImagePolicy(name, { ...props, kubernetesProvider: provider });
  await settled([provider, policy, ...policy.children.values()]);
  return { policy, provider };
}

const children = () => run.registrations.filter((r) => r.custom && !r.type.startsWith('pulumi:providers:'));

describe('SignedImagePolicy (Pulumi)', () => {
  test('registers the component under its type token, and one ClusterPolicy child through the provider', async () => {
    const { policy } = await build();
    expect(SignedImagePolicy.TYPE).toBe('aio-secure:supply-chain:SignedImagePolicy');
    const component = run.registrations.find((r) => r.type === SignedImagePolicy.TYPE)!;
    expect(component.name).toBe('images');
    expect(children().map((c) => [c.type, c.name])).toEqual([['kubernetes:kyverno.io/v1:ClusterPolicy', 'images-cluster-policy']]);
    expect(children()[0].parent).toBe(component.urn);
    expect(children()[0].provider).toMatch(/^urn:pulumi:test::project::pulumi:providers:kubernetes::cluster-images::/);
    expect(policy.resources).toEqual(planSignedImagePolicy(resolveSignedImagePolicy('images', PROD)));
  });

  test('the child is exactly the object the cdk8s twin synthesizes, and it validates against the Kyverno CRD', async () => {
    await build();
    const inputs = children()[0].inputs as JsonObject;
    const chart = new Chart(Testing.app(), 'site');
    new Cdk8sSignedImagePolicy(chart, 'images', PROD);
    const [cdk8sObject] = Testing.synth(chart) as JsonObject[];
    expect(inputs.spec).toEqual(cdk8sObject.spec);
    expect(inputs.kind).toBe('ClusterPolicy');
    expect(validatePolicy(toKubernetesObject(planSignedImagePolicy(resolveSignedImagePolicy('images', PROD))[0]))).toEqual([]);
  });

  test('production enforcement reaches the cluster: Enforce, fail closed, digests pinned', async () => {
    await build();
    const spec = (children()[0].inputs as JsonObject).spec as JsonObject;
    expect(spec.webhookConfiguration).toEqual({ failurePolicy: 'Fail', timeoutSeconds: 30 });
    for (const rule of spec.rules as JsonObject[]) {
      expect((rule.verifyImages as JsonObject[])[0]).toMatchObject({ type: 'Notary', failureAction: 'Enforce', mutateDigest: true, verifyDigest: true, required: true });
    }
  });

  test('registers the planned-resources output for the policy pack', async () => {
    const { policy } = await build();
    const outputs = run.outputs.get(run.registrations.find((r) => r.type === SignedImagePolicy.TYPE)!.urn!)!;
    expect(outputs.policyName).toBe('aio-secure-verify-image-signatures');
    expect((outputs[PLANNED_RESOURCES_OUTPUT] as { id: string }[]).map((p) => p.id)).toEqual(policy.resources.map((r) => r.id));
  });

  test('bad props throw before anything is registered', () => {
    const provider = new KubernetesProvider('cluster-bad', {});
    run.reset();
    expect(() => new SignedImagePolicy('images', { profile: 'staging' as 'production', kubernetesProvider: provider })).toThrow(
      'SignedImagePolicy "images": profile is not a profile (got "staging"). Use "production" (refuse unverified images) or "development" (audit only)',
    );
    expect(run.registrations.filter((r) => r.type === SignedImagePolicy.TYPE)).toEqual([]);
  });
});
