import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { toKubernetesObject } from '../../lib/model/kubernetes-object';
import {
  imagePatternMatches,
  isAioImage,
  MICROSOFT_SUPPLY_CHAIN_ROOT_PEM,
  MICROSOFT_TRUSTED_IDENTITIES,
  parseImageReference,
  planSignedImagePolicy,
  resolveSignedImagePolicy,
  SIGNED_IMAGE_POLICY_DEFAULTS,
  type SignedImagePolicyProps,
} from '../../lib/model/signed-image-policy';
import type { JsonObject } from '../../lib/model/resource';
import { CONTOSO_SIGNER_PEM, validatePolicy } from '../support/policy-crds';
import { sharedReference } from '../support/shared';

const signer = { name: 'contoso-release', certificates: CONTOSO_SIGNER_PEM, imageReferences: ['contoso.azurecr.io/plant-a/*'] };
const plan = (props: SignedImagePolicyProps, id = 'plant-a-images') => planSignedImagePolicy(resolveSignedImagePolicy(id, props));
const rules = (props: SignedImagePolicyProps) => (plan(props)[0].spec.rules as JsonObject[]);
const verify = (rule: JsonObject) => (rule.verifyImages as JsonObject[])[0];

describe('the Microsoft trust anchor', () => {
  const der = readFileSync(sharedReference('certs', 'microsoft-supply-chain-rsa-root-ca-2022.crt'));

  test('is byte for byte the reference certificate, with the fingerprint its README gives', () => {
    const cert = new X509Certificate(MICROSOFT_SUPPLY_CHAIN_ROOT_PEM);
    expect(cert.raw.equals(der)).toBe(true);
    expect(createHash('sha256').update(cert.raw).digest('hex')).toBe('23ffe2b8bdb9a1711515d4cffda04bc7f793d513c76c243f1020507d8669b7db');
    expect(cert.subject).toBe('C=US\nO=Microsoft Corporation\nCN=Microsoft Supply Chain RSA Root CA 2022');
    expect(cert.ca).toBe(true);
  });

  test('the trusted identities are those of facts 4.2', () => {
    expect(MICROSOFT_TRUSTED_IDENTITIES).toEqual([
      'x509.subject: CN=Azure IoT Operations,O=Microsoft Corporation,L=Redmond,ST=Washington,C=US',
      'x509.subject: CN=Microsoft SCD Products RSA Signing,O=Microsoft Corporation,L=Redmond,ST=Washington,C=US',
    ]);
  });
});

describe('planSignedImagePolicy', () => {
  test('snapshot: production with an operator signer', () => {
    expect(plan({ profile: 'production', signers: [signer] })).toMatchSnapshot();
  });

  test('snapshot: development', () => {
    expect(plan({ profile: 'development' })).toMatchSnapshot();
  });

  test.each(['production', 'development'] as const)('the %s policy validates against the real Kyverno ClusterPolicy CRD', (profile) => {
    const objects = plan({ profile, signers: [signer], additionalMicrosoftImages: ['mcr.microsoft.com/oss/v2/cert-manager/*'] }).map(toKubernetesObject);
    expect(objects.map(validatePolicy)).toEqual([[]]);
  });

  test('the validator catches a misspelled field (positive control)', () => {
    const obj = toKubernetesObject(plan({ profile: 'production' })[0]);
    const spec = obj.spec as JsonObject;
    const rule = (spec.rules as JsonObject[])[0];
    const broken = { ...obj, spec: { ...spec, rules: [{ ...rule, verifyImages: [{ ...verify(rule), failureAktion: 'Enforce' }] }] } };
    expect(validatePolicy(broken)).toEqual([
      'ClusterPolicy/aio-secure-verify-image-signatures: /spec/rules/0/verifyImages/0 must NOT have additional properties: "failureAktion"',
    ]);
  });

  test('production refuses unverified images, fails closed and pins the verified digest', () => {
    const [policy] = plan({ profile: 'production', signers: [signer] });
    expect(policy.spec.webhookConfiguration).toEqual({ failurePolicy: 'Fail', timeoutSeconds: 30 });
    for (const rule of policy.spec.rules as JsonObject[]) {
      expect(verify(rule)).toMatchObject({ type: 'Notary', failureAction: 'Enforce', required: true, mutateDigest: true, verifyDigest: true });
    }
  });

  test('development audits only, fails open and does not mutate (Kyverno refuses mutateDigest with Audit)', () => {
    const [policy] = plan({ profile: 'development' });
    expect(policy.spec.webhookConfiguration).toEqual({ failurePolicy: 'Ignore', timeoutSeconds: 30 });
    expect(verify((policy.spec.rules as JsonObject[])[0])).toMatchObject({ failureAction: 'Audit', mutateDigest: false, verifyDigest: false });
  });

  test('AIO images are verified against the Microsoft root alone, embedded in the policy', () => {
    const [microsoft] = rules({ profile: 'production' });
    expect(microsoft.name).toBe(SIGNED_IMAGE_POLICY_DEFAULTS.microsoftRuleName);
    expect(microsoft.match).toEqual({ any: [{ resources: { kinds: ['Pod'] } }] });
    expect(verify(microsoft).imageReferences).toEqual(['mcr.microsoft.com/azureiotoperations/*']);
    expect(verify(microsoft).attestors).toEqual([{ count: 1, entries: [{ certificates: { cert: MICROSOFT_SUPPLY_CHAIN_ROOT_PEM } }] }]);
  });

  test('no attestor names a key management service, a Secret or a keyless (online) authority', () => {
    const text = JSON.stringify(plan({ profile: 'production', signers: [signer] }));
    for (const field of ['kms', 'secret', 'keyless', 'rekor', 'ctlog', 'PRIVATE KEY']) expect(text).not.toContain(field);
  });

  test("each operator signer verifies only its own images, with its own certificate", () => {
    const [, own] = rules({ profile: 'production', signers: [signer] });
    expect(own.name).toBe('verify-contoso-release');
    expect(verify(own).imageReferences).toEqual(['contoso.azurecr.io/plant-a/*']);
    expect(verify(own).attestors).toEqual([{ count: 1, entries: [{ certificates: { cert: CONTOSO_SIGNER_PEM } }] }]);
  });

  test('additional Microsoft images join the Microsoft rule', () => {
    const [microsoft] = rules({ profile: 'production', additionalMicrosoftImages: ['mcr.microsoft.com/oss/v2/cert-manager/*'] });
    expect(verify(microsoft).imageReferences).toEqual(['mcr.microsoft.com/azureiotoperations/*', 'mcr.microsoft.com/oss/v2/cert-manager/*']);
  });

  test('defaults: policy name, webhook timeout, no signers', () => {
    const r = resolveSignedImagePolicy('plant-a-images', { profile: 'production' });
    expect(r.policyName).toBe('aio-secure-verify-image-signatures');
    expect(r.webhookTimeoutSeconds).toBe(30);
    expect(r.signers).toEqual([]);
    expect(r.microsoftImages).toEqual(['mcr.microsoft.com/azureiotoperations/*']);
  });

  test('the Notation trust policy for the promotion pipeline is the one of facts 4.2', () => {
    expect(resolveSignedImagePolicy('x', { profile: 'development' }).microsoftNotationTrustPolicy).toEqual({
      version: '1.0',
      trustPolicies: [{
        name: 'azure-iot-operations',
        registryScopes: ['*'],
        signatureVerification: { level: 'strict' },
        trustStores: ['ca:supplychain'],
        trustedIdentities: [...MICROSOFT_TRUSTED_IDENTITIES],
      }],
    });
  });
});

describe('resolveSignedImagePolicy errors', () => {
  const cases: [string, unknown, string][] = [
    ['profile missing', {}, 'SignedImagePolicy "p": profile is missing. Use "production" (refuse unverified images) or "development" (audit only)'],
    ['bad profile', { profile: 'prod' }, 'SignedImagePolicy "p": profile is not a profile (got "prod"). Use "production" (refuse unverified images) or "development" (audit only)'],
    ['bad policy name', { profile: 'production', policyName: 'Verify' }, 'SignedImagePolicy "p": policyName is not a valid ClusterPolicy name (got "Verify"). Use a DNS-1123 subdomain, e.g. "aio-secure-verify-image-signatures"'],
    ['timeout too long', { profile: 'production', webhookTimeoutSeconds: 60 }, 'SignedImagePolicy "p": webhookTimeoutSeconds is not a whole number of seconds from 1 to 30 (got 60). The API server allows at most 30 seconds; verification reads signatures from the registry, so keep it near 30'],
    ['non-Microsoft additional image', { profile: 'production', additionalMicrosoftImages: ['docker.io/library/*'] }, 'SignedImagePolicy "p": additionalMicrosoftImages[0] is not a Microsoft Container Registry image (got "docker.io/library/*"). Only images under mcr.microsoft.com/ are signed by Microsoft\'s supply chain; verify other images with signers'],
    ['duplicate AIO pattern', { profile: 'production', additionalMicrosoftImages: ['mcr.microsoft.com/azureiotoperations/*'] }, 'SignedImagePolicy "p": additionalMicrosoftImages[0] is already verified against the Microsoft root (got "mcr.microsoft.com/azureiotoperations/*"). Remove it'],
    ['signer pattern without registry', { profile: 'production', signers: [{ ...signer, imageReferences: ['*'] }] }, 'SignedImagePolicy "p": signers[0].imageReferences[0] is not an image pattern with a registry host (got "*"). Give a pattern such as "contoso.azurecr.io/plant-a/*" (`*` matches any characters, `/` included)'],
    ['signer pattern with an open registry', { profile: 'production', signers: [{ ...signer, imageReferences: ['*/plant-a/*'] }] }, 'SignedImagePolicy "p": signers[0].imageReferences[0] leaves the registry open (got "*/plant-a/*"). Name the registry host, e.g. "contoso.azurecr.io/plant-a/*"'],
    ['signer pattern over AIO images', { profile: 'production', signers: [{ ...signer, imageReferences: ['mcr.microsoft.com/*'] }] }, 'SignedImagePolicy "p": signers[0].imageReferences[0] also matches Microsoft images (mcr.microsoft.com/azureiotoperations/*), which your signer did not sign (got "mcr.microsoft.com/*"). Narrow it to your own registry or repositories; AIO images are verified against the Microsoft root'],
    ['signer without images', { profile: 'production', signers: [{ ...signer, imageReferences: [] }] }, 'SignedImagePolicy "p": signers[0].imageReferences names no images (got []). Give the patterns of the images this signer signs, e.g. ["contoso.azurecr.io/plant-a/*"]'],
    ['signer with a private key', { profile: 'production', signers: [{ ...signer, certificates: `${CONTOSO_SIGNER_PEM}-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n` }] }, 'SignedImagePolicy "p": signers[0].certificates holds a PRIVATE KEY block. Give public certificates only; a signing key never belongs in a cluster policy'],
    ['signer with no PEM', { profile: 'production', signers: [{ ...signer, certificates: 'MIIB' }] }, 'SignedImagePolicy "p": signers[0].certificates holds no PEM certificate (got "MIIB"). Give the signer\'s root or CA certificate in PEM ("-----BEGIN CERTIFICATE-----...")'],
    ['signer with a broken certificate', { profile: 'production', signers: [{ ...signer, certificates: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' }] }, 'SignedImagePolicy "p": signers[0].certificates certificate 1 is not a readable X.509 certificate. Give the certificate as PEM exported from your PKI'],
    ['duplicate signer', { profile: 'production', signers: [signer, signer] }, 'SignedImagePolicy "p": signers[1].name is used by another signer (got "contoso-release"). Give each signer its own name'],
    ['bad signer name', { profile: 'production', signers: [{ ...signer, name: 'Contoso' }] }, 'SignedImagePolicy "p": signers[0].name is not a DNS-1123 label of at most 40 characters (got "Contoso"). Use e.g. "contoso-release"'],
    ['reserved signer name', { profile: 'production', signers: [{ ...signer, name: 'azure-iot-operations-images' }] }, 'SignedImagePolicy "p": signers[0].name is reserved for the Microsoft rule (got "azure-iot-operations-images"). Use another name'],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    expect(() => resolveSignedImagePolicy('p', props as SignedImagePolicyProps)).toThrow(message);
    try {
      resolveSignedImagePolicy('p', props as SignedImagePolicyProps);
    } catch (e) {
      expect((e as Error).message).toBe(message);
    }
  });
});

describe('image references', () => {
  test.each([
    ['mcr.microsoft.com/azureiotoperations/aio-operator:1.2.112', { repository: 'mcr.microsoft.com/azureiotoperations/aio-operator', tag: '1.2.112' }],
    ['nginx', { repository: 'nginx' }],
    ['localhost:5000/app', { repository: 'localhost:5000/app' }],
    ['localhost:5000/app:v1@sha256:' + 'a'.repeat(64), { repository: 'localhost:5000/app', tag: 'v1', digest: 'sha256:' + 'a'.repeat(64) }],
    ['contoso.azurecr.io/plant-a/line@sha256:' + 'b'.repeat(64), { repository: 'contoso.azurecr.io/plant-a/line', digest: 'sha256:' + 'b'.repeat(64) }],
  ])('parses %s', (image, expected) => {
    expect(parseImageReference(image)).toEqual(expected);
  });

  test.each(['{{ .Values.image }}', '$(IMAGE)', ' nginx', 'a b'])('refuses %s', (image) => {
    expect(parseImageReference(image)).toBeUndefined();
  });

  test('AIO images are recognised by their repository path only', () => {
    expect(isAioImage('mcr.microsoft.com/azureiotoperations/helm/aio-opentelemetry-collector:0.1')).toBe(true);
    expect(isAioImage('mcr.microsoft.com/iotedge/opc-plc:latest')).toBe(false);
    expect(isAioImage('evil.example/mcr.microsoft.com/azureiotoperations/x')).toBe(false);
    expect(imagePatternMatches('docker.io/library/*', 'nginx:1.27')).toBe(true);
  });

  test('property: a reference with a digest always parses back to that digest', () => {
    fc.assert(fc.property(
      fc.stringMatching(/^[a-z0-9]{1,10}(\.[a-z]{2,5})?\/[a-z0-9]{1,12}(\/[a-z0-9-]{1,8}){0,2}$/),
      fc.option(fc.stringMatching(/^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,20}$/), { nil: undefined }),
      fc.hexaString({ minLength: 64, maxLength: 64 }),
      (repo, tag, hex) => {
        const parsed = parseImageReference(`${repo}${tag ? `:${tag}` : ''}@sha256:${hex}`);
        expect(parsed).toEqual({ repository: repo, ...(tag ? { tag } : {}), digest: `sha256:${hex}` });
      },
    ), { numRuns: 80 });
  });
});
