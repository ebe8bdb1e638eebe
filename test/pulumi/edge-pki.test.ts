import type { PolicyResource, StackValidationArgs } from '@pulumi/policy/policy';
import { Provider as KubernetesProvider } from '@pulumi/kubernetes/provider';
import { getVersion as kubernetesVersion } from '@pulumi/kubernetes/utilities';
import { Chart, Testing } from 'cdk8s';
import {
  AioSecureError, planEdgePki, planSecureBroker, resolveEdgePki, resolveSecureBroker, toKubernetesObject,
  type EdgePkiProps, type JsonObject, type Profile, type Resource, type SecureBrokerProps,
} from 'aio-secure';
import { EdgePki as Cdk8sEdgePki } from 'aio-secure/cdk8s';
import { checkRenderable, EdgePki, PLANNED_RESOURCES_OUTPUT, SecureBroker, type EdgePkiArgs } from 'aio-secure/pulumi';
import { aioSecurePolicies, readStackResources, type PulumiResourceView } from 'aio-secure/pulumi/policy';
import { installMocks, settled, valueOf, type Registration } from './support';

const run = installMocks();
beforeEach(() => run.reset());

// The same props as test/cdk8s/edge-pki.test.ts, so that both backends answer the same input.
const DEV: EdgePkiProps = { profile: 'development', clientCa: { source: { secret: { name: 'azure-iot-operations-aio-ca-certificate' } } } };
const PROD: EdgePkiProps = {
  profile: 'production',
  caSecretName: 'plant-a-ca-key-pair',
  clientCa: { source: { secret: { name: 'plant-a-device-ca', key: 'tls.crt' } }, configMapName: 'plant-a-device-ca' },
};
const EXTERNAL: EdgePkiProps = {
  profile: 'production',
  externalIssuer: { name: 'plant-vault', kind: 'ClusterIssuer' },
  trustSource: { configMap: { name: 'plant-root-ca' } },
};
const PROFILES = [['development', DEV], ['production', PROD]] as const;

const SITE = { instanceName: 'plant-a-aio', resourceGroupName: 'rg-plant-a', customLocationId: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.ExtendedLocation/customLocations/cl' };
const COMPONENT_URN = 'urn:pulumi:test::project::aio-secure:pki:EdgePki::pki';
const childUrn = (type: string, name: string) => `urn:pulumi:test::project::aio-secure:pki:EdgePki$${type}::${name}`;

async function build(props: EdgePkiProps = PROD, extra: Partial<EdgePkiArgs> = {}, name = 'pki'): Promise<{ pki: EdgePki; provider: KubernetesProvider }> {
  // One provider per PKI, named after it, so that several PKIs in one test keep distinct URNs.
  const provider = new KubernetesProvider(`cluster-${name}`, {});
  const pki = new EdgePki(name, { ...props, kubernetesProvider: provider, ...extra });
  await settled([provider, pki, ...pki.children.values()]);
  return { pki, provider };
}

const children = () => run.registrations.filter((r) => r.custom && !r.type.startsWith('pulumi:providers:'));

function errorOf(fn: () => unknown): AioSecureError {
  try {
    fn();
  } catch (e) {
    return e as AioSecureError;
  }
  throw new Error('expected an error');
}

/** The objects the cdk8s twin synthesizes for the same props. */
function cdk8sObjects(props: EdgePkiProps): JsonObject[] {
  const chart = new Chart(Testing.app(), 'site');
  new Cdk8sEdgePki(chart, 'pki', props);
  return Testing.synth(chart) as JsonObject[];
}

/** What CrossGuard shows a stack policy: each child's inputs, and each component's outputs. */
function stackViews(): PulumiResourceView[] {
  return run.registrations.map((r) => ({ type: r.type, urn: r.urn!, name: r.name, props: r.custom ? r.inputs : run.outputs.get(r.urn!) ?? {} }));
}

/** Calls every policy's validateStack as CrossGuard would, and collects what each reported. */
function validate(views: readonly PulumiResourceView[], profile: Profile): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of aioSecurePolicies({ profile })) {
    const reported: string[] = [];
    const args = { resources: views as PolicyResource[], getConfig: () => ({}), stackTags: new Map(), notApplicable: () => { throw new Error('not applicable'); } };
    void p.validateStack(args as unknown as StackValidationArgs, (message) => reported.push(message));
    if (reported.length) out[p.name] = reported;
  }
  return out;
}

/** A SecureBroker whose listener certificates come from the PKI and whose X.509 clients it trusts. */
function brokerProps(pki: Pick<EdgePki, 'issuer' | 'trustedClientCaConfigMap'>): SecureBrokerProps {
  return {
    issuer: { kind: pki.issuer.kind as 'ClusterIssuer' | 'Issuer', name: pki.issuer.name },
    listeners: [{
      name: 'external', serviceType: 'LoadBalancer', hostnames: ['mqtt.plant.example'], ports: [{ port: 8883 }],
      authentication: { x509: { trustedClientCaConfigMap: pki.trustedClientCaConfigMap! } },
    }],
    clients: [{ name: 'sensors', attributes: [{ role: 'sensor' }], publish: ['plant/{principal.username}/telemetry'] }],
  };
}

/** The registration of a planned resource's child. */
async function registrationOf(pki: EdgePki, id: string): Promise<Registration> {
  const urn = await valueOf(pki.children.get(id)!.urn);
  return run.registrations.find((r) => r.urn === urn)!;
}

describe('EdgePki (Pulumi)', () => {
  test.each(PROFILES)('snapshot of the registered resources, %s', async (_profile, props) => {
    const { pki } = await build(props);
    // The component, then its children in creation order; the plugin version is asserted on its
    // own, so that upgrading @pulumi/kubernetes does not churn the snapshot.
    const registered = [run.registrations.find((r) => r.type === EdgePki.TYPE)!, ...await Promise.all([...pki.children.keys()].map((id) => registrationOf(pki, id)))];
    expect(registered.map(({ type, name, inputs, parent, dependencies, provider }) => ({ type, name, inputs, parent, dependencies, provider }))).toMatchSnapshot();
  });

  test('registers the component with its type token, and one Kubernetes object per planned resource', async () => {
    const { pki } = await build(DEV);
    expect(EdgePki.TYPE).toBe('aio-secure:pki:EdgePki');
    expect(run.registrations.find((r) => r.type === EdgePki.TYPE)).toMatchObject({ name: 'pki', custom: false, parent: '', urn: COMPONENT_URN });
    expect(pki.resources).toEqual(planEdgePki(resolveEdgePki('pki', DEV)));
    const created = await Promise.all([...pki.children.keys()].map((id) => registrationOf(pki, id)));
    expect(children()).toHaveLength(created.length);
    expect(created.map((r) => [r.type, r.name])).toEqual([
      ['kubernetes:cert-manager.io/v1:ClusterIssuer', 'pki-selfsigned-issuer'],
      ['kubernetes:cert-manager.io/v1:Certificate', 'pki-ca-certificate'],
      ['kubernetes:cert-manager.io/v1:ClusterIssuer', 'pki-ca-issuer'],
      ['kubernetes:trust.cert-manager.io/v1alpha1:Bundle', 'pki-trust-bundle'],
      ['kubernetes:trust.cert-manager.io/v1alpha1:Bundle', 'pki-client-ca-bundle'],
    ]);
    expect([...pki.children.keys()]).toEqual(['pki/selfsigned-issuer', 'pki/ca-certificate', 'pki/ca-issuer', 'pki/trust-bundle', 'pki/client-ca-bundle']);
  });

  test('child names are the component name and the logical id without it', async () => {
    const { pki } = await build(PROD, {}, 'plant-a-pki');
    expect([...pki.children.keys()]).toEqual(['plant-a-pki/ca-issuer', 'plant-a-pki/trust-bundle', 'plant-a-pki/client-ca-bundle']);
    expect(children().map((r) => r.name).sort()).toEqual(['plant-a-pki-ca-issuer', 'plant-a-pki-client-ca-bundle', 'plant-a-pki-trust-bundle']);
  });

  test.each([...PROFILES, ['production with an external issuer', EXTERNAL]] as const)(
    'inputs (%s) are exactly toKubernetesObject of each planned resource, under its kubernetes:<apiVersion>:<kind> token', async (_name, props) => {
      const { pki } = await build(props);
      expect(children()).toHaveLength(pki.resources.length);
      for (const r of pki.resources) {
        const child = await registrationOf(pki, r.id);
        expect(child.type).toBe(`kubernetes:${r.group}/${r.version}:${r.kind}`);
        expect(child.inputs).toEqual(toKubernetesObject(r));
      }
    });

  test('every child has the component as parent and is created through the given provider, at the installed plugin version', async () => {
    const { pki, provider } = await build(DEV);
    const ref = `${await valueOf(provider.urn)}::${await valueOf(provider.id)}`;
    expect(ref).toBe('urn:pulumi:test::project::pulumi:providers:kubernetes::cluster-pki::cluster-pki-id');
    for (const r of children()) {
      expect(r.parent).toBe(COMPONENT_URN);
      expect(r.provider).toBe(ref);
      expect(r.version).toBe(kubernetesVersion());
      // cert-manager and trust-manager find what they reference by name and retry until it exists.
      expect(r.dependencies).toEqual([]);
    }
    expect(await valueOf(pki.children.get('pki/ca-issuer')!.urn)).toBe(childUrn('kubernetes:cert-manager.io/v1:ClusterIssuer', 'pki-ca-issuer'));
  });

  test('outputs: issuer, trust bundle, trustConfig, client CA ConfigMap, and each child\'s logical id for the policy pack', async () => {
    const { pki } = await build(PROD);
    const resolved = resolveEdgePki('pki', PROD);
    const issuer = { name: 'azure-iot-operations-customer-ca-issuer', kind: 'ClusterIssuer', group: 'cert-manager.io' };
    const trustBundle = { configMapName: 'azure-iot-operations-customer-ca-trust-bundle', configMapKey: 'ca.crt', namespace: 'azure-iot-operations' };
    const trustConfig = {
      source: 'CustomerManaged',
      settings: { issuerName: issuer.name, issuerKind: 'ClusterIssuer', configMapName: trustBundle.configMapName, configMapKey: 'ca.crt' },
    };
    expect([pki.profile, pki.issuer, pki.trustBundle, pki.trustConfig, pki.trustedClientCaConfigMap, pki.certificatePolicy])
      .toEqual(['production', issuer, trustBundle, trustConfig, 'plant-a-device-ca', resolved.certificatePolicy]);
    const bundle = 'kubernetes:trust.cert-manager.io/v1alpha1:Bundle';
    expect(run.outputs.get(COMPONENT_URN)).toEqual({
      issuer,
      trustBundle,
      trustConfig,
      trustedClientCaConfigMap: 'plant-a-device-ca',
      [PLANNED_RESOURCES_OUTPUT]: [
        { id: 'pki/ca-issuer', urn: childUrn('kubernetes:cert-manager.io/v1:ClusterIssuer', 'pki-ca-issuer') },
        { id: 'pki/trust-bundle', urn: childUrn(bundle, 'pki-trust-bundle') },
        { id: 'pki/client-ca-bundle', urn: childUrn(bundle, 'pki-client-ca-bundle') },
      ],
    });
  });

  test('without a client CA there is no trustedClientCaConfigMap output; a namespaced child carries its namespace', async () => {
    await build({ profile: 'development' });
    const outputs = run.outputs.get(COMPONENT_URN)!;
    expect(outputs).not.toHaveProperty('trustedClientCaConfigMap');
    expect(outputs[PLANNED_RESOURCES_OUTPUT]).toContainEqual({
      id: 'pki/ca-certificate', urn: childUrn('kubernetes:cert-manager.io/v1:Certificate', 'pki-ca-certificate'), namespace: 'cert-manager',
    });
  });

  test('development: a self-signed root (EC P-256, rotated keys, a year) behind the CA issuer; the bundle publishes only that root', async () => {
    const { pki } = await build(DEV);
    expect((await registrationOf(pki, 'pki/selfsigned-issuer')).inputs.spec).toEqual({ selfSigned: {} });
    expect((await registrationOf(pki, 'pki/ca-certificate')).inputs).toMatchObject({
      metadata: { name: 'azure-iot-operations-aio-ca-certificate', namespace: 'cert-manager' },
      spec: {
        isCA: true, secretName: 'azure-iot-operations-aio-ca-certificate', duration: '8760h', renewBefore: '2920h',
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
        issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'azure-iot-operations-aio-selfsigned-root-issuer' },
      },
    });
    expect((await registrationOf(pki, 'pki/ca-issuer')).inputs).toMatchObject({
      metadata: { name: 'azure-iot-operations-aio-certificate-issuer' }, spec: { ca: { secretName: 'azure-iot-operations-aio-ca-certificate' } },
    });
    expect((await registrationOf(pki, 'pki/trust-bundle')).inputs.spec).toEqual({
      sources: [{ useDefaultCAs: false }, { secret: { name: 'azure-iot-operations-aio-ca-certificate', key: 'ca.crt' } }],
      target: { configMap: { key: 'ca.crt' }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'azure-iot-operations' } } },
    });
    expect(pki.trustConfig.source).toBe('CustomerManaged');
  });

  test('production: no self-signed root; the CA issuer signs with your key pair; the bundles publish only your CAs', async () => {
    const { pki } = await build(PROD);
    expect(pki.resources.map((r) => r.kind)).toEqual(['ClusterIssuer', 'Bundle', 'Bundle']);
    expect(children()).toHaveLength(3);
    expect((await registrationOf(pki, 'pki/ca-issuer')).inputs.spec).toEqual({ ca: { secretName: 'plant-a-ca-key-pair' } });
    expect((await registrationOf(pki, 'pki/trust-bundle')).inputs.spec).toMatchObject({ sources: [{ useDefaultCAs: false }, { secret: { name: 'plant-a-ca-key-pair', key: 'ca.crt' } }] });
    expect((await registrationOf(pki, 'pki/client-ca-bundle')).inputs).toMatchObject({
      metadata: { name: 'plant-a-device-ca' }, spec: { sources: [{ useDefaultCAs: false }, { secret: { name: 'plant-a-device-ca', key: 'tls.crt' } }] },
    });
    expect(pki.trustConfig.source).toBe('CustomerManaged');
  });

  test('production with an external issuer: EdgePki creates only the trust bundle and hands out the external issuer', async () => {
    const { pki } = await build(EXTERNAL);
    expect(children().map((r) => [r.type, r.name])).toEqual([['kubernetes:trust.cert-manager.io/v1alpha1:Bundle', 'pki-trust-bundle']]);
    expect(pki.issuer).toEqual({ name: 'plant-vault', kind: 'ClusterIssuer', group: 'cert-manager.io' });
    expect(pki.trustConfig.settings).toMatchObject({ issuerName: 'plant-vault', issuerKind: 'ClusterIssuer' });
  });

  test('the construction-time checks follow the PKI\'s profile and take no waivers by default', async () => {
    for (const [profile, props] of PROFILES) {
      const { pki } = await build(props, {}, `pki-${profile.slice(0, 3)}`);
      expect(pki.checks.summary).toMatchObject({ profile, passed: true, unusedWaivers: 0, waiverProblems: 0 });
      expect(pki.checks.findings).toEqual([]);
    }
    // The development root is a cert-manager Certificate, which the certificate rules check.
    const dev = (await build(DEV, {}, 'pki-dev-2')).pki;
    expect(dev.checks.summary.checked).toBe(1);
  });

  test('waivers reach the checks: a usable one is kept (here unused), one that cannot be used fails construction before anything is registered', async () => {
    const waiver = { rule: 'certificate-lifetime', target: 'Certificate/other-ca', reason: 'Legacy root kept until the plant PKI migration in March', owner: 'ot-platform', expires: '2099-01-01' };
    const { pki } = await build(DEV, { waivers: [waiver] });
    expect(pki.checks.unusedWaivers).toEqual([waiver]);

    run.reset();
    const provider = new KubernetesProvider('k', {});
    const e = errorOf(() => new EdgePki('pki', { ...PROD, kubernetesProvider: provider, waivers: [{ ...waiver, reason: 'todo' }] }));
    expect(e).toBeInstanceOf(AioSecureError);
    expect(e.code).toBe('UNWAIVED_FINDINGS');
    expect(e.message).toBe(
      'EdgePki "pki": the plan breaks the guidance of profile production (1 problem). Fix the props, or waive the rule with a reason (waivers):\n' +
      '  waiver for rule "certificate-lifetime" cannot be used: reason is not a substantive reason: Say why the risk is accepted and what limits it, in at least 20 characters');
    expect(run.registrations.filter((r) => r.type !== 'pulumi:providers:kubernetes')).toEqual([]);
  });

  test('a missing kubernetesProvider is an error naming the prop, before anything is registered', () => {
    const e = errorOf(() => new EdgePki('pki', { ...PROD } as EdgePkiArgs));
    expect(e).toBeInstanceOf(AioSecureError);
    expect([e.code, e.construct, e.constructId, e.propPath]).toEqual(['MISSING_PROP', 'EdgePki', 'pki', 'kubernetesProvider']);
    expect(e.message).toBe(
      'EdgePki "pki": kubernetesProvider is missing. The plan has Kubernetes objects (ClusterIssuer/azure-iot-operations-customer-ca-issuer, ' +
      'Bundle/azure-iot-operations-customer-ca-trust-bundle, Bundle/plant-a-device-ca); pass the @pulumi/kubernetes Provider of the cluster');
    expect(() => new EdgePki('pki', { ...DEV } as EdgePkiArgs)).toThrow(
      'EdgePki "pki": kubernetesProvider is missing. The plan has Kubernetes objects (ClusterIssuer/azure-iot-operations-aio-selfsigned-root-issuer, ' +
      'Certificate/cert-manager/azure-iot-operations-aio-ca-certificate, ClusterIssuer/azure-iot-operations-aio-certificate-issuer, and 2 more); pass the @pulumi/kubernetes Provider of the cluster');
    expect(run.registrations).toEqual([]);
  });

  test.each([
    ['a quickstart issuer name in production', 'pki', { profile: 'production', externalIssuer: { name: 'azure-iot-operations-aio-certificate-issuer', kind: 'ClusterIssuer' }, trustSource: { secret: { name: 'root' } } },
      'EdgePki "pki": externalIssuer.name is the quickstart issuer\'s name, which is for development and test only (got "azure-iot-operations-aio-certificate-issuer"). In production use an issuer of your own CA under another name; the development profile creates the quickstart-style issuer'],
    ['production without a CA', 'pki', { profile: 'production' },
      'EdgePki "pki": caSecretName is missing, and so is externalIssuer: the production profile needs your CA. Give caSecretName (the Secret in the cert-manager namespace holding your CA key pair, synced from Key Vault) or externalIssuer: { name, kind, group }'],
    ['a production prop in development', 'pki', { profile: 'development', caSecretName: 'plant-a-ca-key-pair' },
      'EdgePki "pki": caSecretName only applies to the production profile (got "plant-a-ca-key-pair"). Remove it: the development profile creates its own self-signed root under AIO\'s names, or use profile "production" with your CA'],
    ['a name that is not a DNS label', 'Plant PKI', { profile: 'development' },
      'EdgePki "Plant PKI": id is not a DNS-1123 label (got "Plant PKI"). Use lower-case letters, digits and "-", e.g. "plant-a-pki"'],
  ] as [string, string, EdgePkiProps, string][])('bad props (%s) throw the cdk8s twin\'s AioSecureError, before anything is registered', (_case, name, props, message) => {
    const provider = new KubernetesProvider('k', {});
    run.reset();
    const e = errorOf(() => new EdgePki(name, { ...props, kubernetesProvider: provider }));
    expect(e).toBeInstanceOf(AioSecureError);
    expect(e.message).toBe(message);
    const twin = errorOf(() => new Cdk8sEdgePki(new Chart(Testing.app(), 'site'), name, props));
    expect([e.message, e.code, e.propPath]).toEqual([twin.message, twin.code, twin.propPath]);
    expect(run.registrations).toEqual([]);
  });
});

describe('EdgePki and SecureBroker on one stack, under the CrossGuard policies', () => {
  async function stackOf(props: EdgePkiProps, brokerProfile: Profile, broker?: (pki: EdgePki) => SecureBrokerProps): Promise<{ pki: EdgePki; broker: SecureBroker; views: PulumiResourceView[] }> {
    const { pki } = await build(props);
    const b = new SecureBroker('plant-a', { ...(broker ?? brokerProps)(pki), ...SITE, profile: brokerProfile });
    await settled([b, ...b.children.values()]);
    return { pki, broker: b, views: stackViews() };
  }

  test('a production PKI and a broker on its issuer report nothing in production, and read back as the two plans', async () => {
    const { pki, broker, views } = await stackOf(PROD, 'production');
    expect(validate(views, 'production')).toEqual({});
    const byId = (a: Resource, b: Resource) => a.id.localeCompare(b.id);
    expect([...readStackResources(views).resources].sort(byId)).toEqual([...pki.resources, ...broker.resources].sort(byId));
    expect(broker.resources).toEqual(planSecureBroker(resolveSecureBroker('plant-a', brokerProps(pki))));
  });

  test('a development PKI and a broker on it report nothing in development', async () => {
    const { views } = await stackOf(DEV, 'development');
    expect(validate(views, 'development')).toEqual({});
  });

  test('the policies read the PKI\'s objects: a development root under the production policies is the quickstart issuer', async () => {
    const { views } = await stackOf(DEV, 'development');
    expect(validate(views, 'production')).toEqual({
      'listener-customer-ca': [
        'BrokerListener/azure-iot-operations/external (plant-a/listener/external): Port 8883 of listener external takes its certificate from the quickstart issuer ' +
        'azure-iot-operations-aio-certificate-issuer. Fix: Point SecureBroker\'s issuer at your own CA\'s issuer (for example a ClusterIssuer backed by a CA key pair ' +
        'synced from Key Vault, or a Vault/ACME issuer), and deploy AIO with trustConfig.source CustomerManaged. (CN-2)',
      ],
    });
  });

  test('the policies read the PKI\'s issuers: a broker naming another issuer is reported', async () => {
    const { views } = await stackOf(PROD, 'production', (pki) => ({ ...brokerProps(pki), issuer: { kind: 'ClusterIssuer', name: 'plant-ca-typo' } }));
    const result = validate(views, 'production');
    expect(Object.keys(result)).toEqual(['listener-issuer-exists']);
    expect(result['listener-issuer-exists']).toEqual([expect.stringContaining(
      'BrokerListener/azure-iot-operations/external (plant-a/listener/external): Port 8883 of listener external takes its certificate from ClusterIssuer plant-ca-typo, which is not among the checked manifests.')]);
  });
});

describe('parity with the cdk8s EdgePki', () => {
  test.each([...PROFILES, ['production with an external issuer', EXTERNAL]] as const)('%s: the Pulumi inputs are the objects cdk8s synthesizes', async (_name, props) => {
    const { pki } = await build(props);
    const inputs = await Promise.all(pki.resources.map(async (r) => (await registrationOf(pki, r.id)).inputs));
    // The one difference: cdk8s leaves empty maps out of the YAML, Pulumi sends the empty
    // `metadata.labels: {}` of toKubernetesObject. The API server stores both as no labels.
    for (const o of inputs) expect((o.metadata as JsonObject).labels).toEqual({});
    const withoutEmptyLabels = inputs.map((o) => {
      const { labels: _labels, ...metadata } = o.metadata as JsonObject;
      return { ...o, metadata };
    });
    expect(withoutEmptyLabels).toEqual(cdk8sObjects(props));
  });
});

describe('checkRenderable', () => {
  // EdgePki renders without an AIO instance, so the render context's ARM site became optional;
  // a plan with ARM resources still needs all of it.
  test('ARM resources need the instance, its resource group and custom location; Kubernetes objects need none of them', () => {
    const broker = planSecureBroker(resolveSecureBroker('plant-a', brokerProps({ issuer: { kind: 'ClusterIssuer', name: 'plant-ca', group: 'cert-manager.io' }, trustedClientCaConfigMap: 'client-ca' })));
    expect(() => checkRenderable('plant-a', broker, { construct: 'SecureBroker', instanceName: 'plant-a-aio', resourceGroupName: 'rg-plant-a' })).toThrow(
      'SecureBroker "plant-a": customLocationId is missing. The plan has ARM resources (Broker/azure-iot-operations/default, ' +
      'BrokerAuthentication/azure-iot-operations/external-authn, BrokerAuthorization/azure-iot-operations/plant-a-authz, and 1 more); ' +
      'pass the AIO instance\'s name, resource group and custom location id');
    expect(() => checkRenderable('plant-a', broker, { construct: 'SecureBroker', ...SITE })).not.toThrow();
    const pki = planEdgePki(resolveEdgePki('pki', PROD));
    expect(() => checkRenderable('pki', pki, { construct: 'EdgePki', kubernetesProvider: {} as KubernetesProvider })).not.toThrow();
  });
});
