import * as fc from 'fast-check';
import {
  AioSecureError,
  aioQuickstartPkiNames,
  CERTIFICATE_POLICY_DEFAULTS,
  CERTIFICATE_POLICY_LIMITS,
  certManagerKeySpec,
  EDGE_PKI_DEFAULTS,
  parseGoDuration,
  planEdgePki,
  resolveEdgePki,
  weakKeyProblem,
  type EdgePkiProps,
  type JsonObject,
  type Resource,
} from 'aio-secure';
import { edgePkiProps } from './edge-pki-props';

const QUICKSTART_ISSUER = 'azure-iot-operations-aio-certificate-issuer';
const QUICKSTART_SECRET = 'azure-iot-operations-aio-ca-certificate';
const QUICKSTART_BUNDLE = 'azure-iot-operations-aio-ca-trust-bundle';

const DEV: EdgePkiProps = { profile: 'development' };
const PROD_SECRET: EdgePkiProps = { profile: 'production', caSecretName: 'plant-a-ca-key-pair' };
const PROD_EXTERNAL: EdgePkiProps = {
  profile: 'production',
  externalIssuer: { name: 'plant-vault', kind: 'ClusterIssuer' },
  trustSource: { configMap: { name: 'plant-root-ca', key: 'root.pem' } },
};

function plan(props: EdgePkiProps, id = 'pki'): Resource[] {
  return planEdgePki(resolveEdgePki(id, props));
}

function only(resources: Resource[], kind: string, name?: string): Resource {
  const found = resources.filter((r) => r.kind === kind && (name === undefined || r.name === name));
  expect(found).toHaveLength(1);
  return found[0];
}

function bundles(resources: Resource[]): Resource[] {
  return resources.filter((r) => r.kind === 'Bundle');
}

/** The error `fn` throws; fails the test when it throws something else or nothing. */
function errorOf(fn: () => unknown): AioSecureError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AioSecureError);
    return e as AioSecureError;
  }
  throw new Error('expected an AioSecureError');
}

describe('planEdgePki: development profile', () => {
  const resources = plan({ ...DEV, clientCa: { source: { secret: { name: QUICKSTART_SECRET } } } });

  test('snapshot of the planned resources', () => {
    expect(resources).toMatchSnapshot();
  });

  test('plans self-signed issuer -> CA Certificate -> CA ClusterIssuer -> trust Bundle (+ client CA Bundle)', () => {
    expect(resources.map((r) => `${r.group}/${r.version} ${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name} ${r.id}`)).toEqual([
      'cert-manager.io/v1 ClusterIssuer/azure-iot-operations-aio-selfsigned-root-issuer pki/selfsigned-issuer',
      'cert-manager.io/v1 Certificate/cert-manager/azure-iot-operations-aio-ca-certificate pki/ca-certificate',
      'cert-manager.io/v1 ClusterIssuer/azure-iot-operations-aio-certificate-issuer pki/ca-issuer',
      'trust.cert-manager.io/v1alpha1 Bundle/azure-iot-operations-aio-ca-trust-bundle pki/trust-bundle',
      'trust.cert-manager.io/v1alpha1 Bundle/azure-iot-operations-client-ca-trust-bundle pki/client-ca-bundle',
    ]);
  });

  test("CN-2: names follow AIO's quickstart convention (facts 3.1)", () => {
    const r = resolveEdgePki('pki', DEV);
    expect(r.issuer).toEqual({ name: QUICKSTART_ISSUER, kind: 'ClusterIssuer', group: 'cert-manager.io' });
    expect(r.developmentCa?.secretName).toBe(QUICKSTART_SECRET);
    expect(r.trustBundle).toEqual({ configMapName: QUICKSTART_BUNDLE, configMapKey: 'ca.crt', namespace: 'azure-iot-operations' });
    expect(aioQuickstartPkiNames('azure-iot-operations')).toEqual({ issuerName: QUICKSTART_ISSUER, caSecretName: QUICKSTART_SECRET, trustBundleName: QUICKSTART_BUNDLE });
  });

  test('names derive from the AIO namespace', () => {
    const names = plan({ ...DEV, namespace: 'aio-lab' }).map((r) => r.name);
    expect(names).toEqual(['aio-lab-aio-selfsigned-root-issuer', 'aio-lab-aio-ca-certificate', 'aio-lab-aio-certificate-issuer', 'aio-lab-aio-ca-trust-bundle']);
  });

  test('the root is a CA in the cert-manager namespace, signed by the self-signed issuer, and says it is development-only', () => {
    const ca = only(resources, 'Certificate');
    const selfSigned = only(resources, 'ClusterIssuer', 'azure-iot-operations-aio-selfsigned-root-issuer');
    expect(selfSigned.spec).toEqual({ selfSigned: {} });
    expect(ca.namespace).toBe('cert-manager');
    expect(ca.spec.isCA).toBe(true);
    expect(ca.spec.commonName).toBe('aio-secure Development Root CA - Not for Production');
    expect(ca.spec.commonName).not.toBe('Azure IoT Operations Quickstart Root CA - Not for Production');
    expect(ca.spec.issuerRef).toEqual({ group: 'cert-manager.io', kind: 'ClusterIssuer', name: selfSigned.name });
    expect(ca.spec.secretName).toBe(QUICKSTART_SECRET);
  });

  test('the CA ClusterIssuer signs with the root\'s Secret', () => {
    const issuer = only(resources, 'ClusterIssuer', QUICKSTART_ISSUER);
    expect(issuer.spec).toEqual({ ca: { secretName: only(resources, 'Certificate').spec.secretName } });
  });

  test('AS-2: the root has a bounded lifetime, a rotated key and the policy\'s key family', () => {
    const ca = only(resources, 'Certificate');
    expect(ca.spec.duration).toBe('8760h');
    expect(ca.spec.renewBefore).toBe('2920h');
    expect(ca.spec.privateKey).toEqual({ algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' });
    expect(parseGoDuration(ca.spec.duration)).toBeLessThanOrEqual(CERTIFICATE_POLICY_LIMITS.maxCaLifetimeHours * 3600);
  });

  test('the trust bundle publishes the root\'s ca.crt, and only it, to the AIO namespace', () => {
    const trust = only(resources, 'Bundle', QUICKSTART_BUNDLE);
    expect(trust.spec).toEqual({
      sources: [{ useDefaultCAs: false }, { secret: { name: QUICKSTART_SECRET, key: 'ca.crt' } }],
      target: { configMap: { key: 'ca.crt' }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'azure-iot-operations' } } },
    });
    expect(trust.namespace).toBeUndefined(); // Bundle is cluster-scoped
  });

  test('in development the root may also sign test clients', () => {
    const r = resolveEdgePki('pki', { ...DEV, clientCa: { source: { secret: { name: QUICKSTART_SECRET } } } });
    expect(r.clientCa).toEqual({ configMapName: 'azure-iot-operations-client-ca-trust-bundle', source: { kind: 'Secret', name: QUICKSTART_SECRET, key: 'ca.crt' } });
  });

  test('trustConfig points AIO at the development issuer and bundle (CustomerManaged, so AIO does not create its own)', () => {
    expect(resolveEdgePki('pki', DEV).trustConfig).toEqual({
      source: 'CustomerManaged',
      settings: { issuerName: QUICKSTART_ISSUER, issuerKind: 'ClusterIssuer', configMapName: QUICKSTART_BUNDLE, configMapKey: 'ca.crt' },
    });
  });

  test('each allowed key algorithm reaches the root, none weaker than RSA 3072', () => {
    for (const [keyAlgorithm, algorithm, size] of [['Ec256', 'ECDSA', 256], ['Ec384', 'ECDSA', 384], ['Rsa4096', 'RSA', 4096], ['Rsa8192', 'RSA', 8192]] as const) {
      const ca = only(plan({ ...DEV, certificatePolicy: { keyAlgorithm } }), 'Certificate');
      expect(ca.spec.privateKey).toEqual({ algorithm, size, rotationPolicy: 'Always' });
      expect(weakKeyProblem(certManagerKeySpec(ca.spec.privateKey as JsonObject)!)).toBeUndefined();
    }
  });
});

describe('planEdgePki: production profile', () => {
  test('snapshot: CA key pair from a Secret', () => {
    expect(plan(PROD_SECRET)).toMatchSnapshot();
  });

  test('snapshot: external issuer and a client CA Bundle', () => {
    expect(plan({ ...PROD_EXTERNAL, clientCa: { source: { secret: { name: 'plant-device-ca', key: 'tls.crt' } }, configMapName: 'plant-device-ca' } })).toMatchSnapshot();
  });

  test('CA key pair: a CA ClusterIssuer on the customer Secret and a Bundle of its ca.crt', () => {
    const resources = plan(PROD_SECRET);
    expect(resources.map((r) => `${r.kind}/${r.name} ${r.id}`)).toEqual([
      'ClusterIssuer/azure-iot-operations-customer-ca-issuer pki/ca-issuer',
      'Bundle/azure-iot-operations-customer-ca-trust-bundle pki/trust-bundle',
    ]);
    expect(only(resources, 'ClusterIssuer').spec).toEqual({ ca: { secretName: 'plant-a-ca-key-pair' } });
    expect(only(resources, 'Bundle').spec.sources).toEqual([{ useDefaultCAs: false }, { secret: { name: 'plant-a-ca-key-pair', key: 'ca.crt' } }]);
  });

  test('external issuer: nothing but the Bundle is created; the issuer is referenced as given', () => {
    const r = resolveEdgePki('pki', PROD_EXTERNAL);
    expect(r.createsIssuer).toBe(false);
    expect(r.issuer).toEqual({ name: 'plant-vault', kind: 'ClusterIssuer', group: 'cert-manager.io' });
    const resources = planEdgePki(r);
    expect(resources.map((x) => x.kind)).toEqual(['Bundle']);
    expect(resources[0].spec.sources).toEqual([{ useDefaultCAs: false }, { configMap: { name: 'plant-root-ca', key: 'root.pem' } }]);
  });

  test('an external issuer kind with its group', () => {
    const r = resolveEdgePki('pki', { ...PROD_EXTERNAL, externalIssuer: { name: 'plant-pca', kind: 'AWSPCAClusterIssuer', group: 'awspca.cert-manager.io' } });
    expect(r.issuer).toEqual({ name: 'plant-pca', kind: 'AWSPCAClusterIssuer', group: 'awspca.cert-manager.io' });
    expect(r.trustConfig.settings.issuerKind).toBe('AWSPCAClusterIssuer');
  });

  test('CN-2: trustConfig is CustomerManaged with the issuer and the trust bundle (facts 3.2)', () => {
    expect(resolveEdgePki('pki', PROD_SECRET).trustConfig).toEqual({
      source: 'CustomerManaged',
      settings: {
        issuerName: 'azure-iot-operations-customer-ca-issuer',
        issuerKind: 'ClusterIssuer',
        configMapName: 'azure-iot-operations-customer-ca-trust-bundle',
        configMapKey: 'ca.crt',
      },
    });
    expect(resolveEdgePki('pki', PROD_EXTERNAL).trustConfig.settings).toEqual({
      issuerName: 'plant-vault', issuerKind: 'ClusterIssuer', configMapName: 'azure-iot-operations-customer-ca-trust-bundle', configMapKey: 'ca.crt',
    });
  });

  test('the CA is not reused across profiles: no development name, Certificate or self-signed issuer in production', () => {
    const dev = plan(DEV);
    for (const props of [PROD_SECRET, PROD_EXTERNAL]) {
      const prod = plan(props);
      expect(prod.filter((r) => r.kind === 'Certificate')).toEqual([]);
      expect(prod.filter((r) => r.kind === 'ClusterIssuer' && 'selfSigned' in r.spec)).toEqual([]);
      const devNames = new Set(dev.map((r) => r.name));
      expect(prod.filter((r) => devNames.has(r.name))).toEqual([]);
      const text = JSON.stringify(prod);
      for (const name of [QUICKSTART_ISSUER, QUICKSTART_SECRET, QUICKSTART_BUNDLE]) expect(text).not.toContain(name);
    }
  });

  test('the issuer ref and trust bundle are what SecureBroker and X.509 clients need', () => {
    const r = resolveEdgePki('pki', { ...PROD_SECRET, clientCa: { existingConfigMap: 'plant-a-device-ca' } });
    expect(r.issuer).toEqual({ name: 'azure-iot-operations-customer-ca-issuer', kind: 'ClusterIssuer', group: 'cert-manager.io' });
    expect(r.trustBundle).toEqual({ configMapName: 'azure-iot-operations-customer-ca-trust-bundle', configMapKey: 'ca.crt', namespace: 'azure-iot-operations' });
    expect(r.clientCa).toEqual({ configMapName: 'plant-a-device-ca' });
    expect(plan({ ...PROD_SECRET, clientCa: { existingConfigMap: 'plant-a-device-ca' } })).toHaveLength(2); // an existing ConfigMap needs no Bundle
  });

  test('edge-ai\'s label pattern can select the namespaces instead', () => {
    const [trust] = bundles(plan({ ...PROD_SECRET, trustBundleNamespaceLabels: { 'ca-bundle/inject': 'enabled' } }));
    expect((trust.spec.target as JsonObject).namespaceSelector).toEqual({ matchLabels: { 'ca-bundle/inject': 'enabled' } });
  });
});

describe('every Bundle publishes one CA and never the public CAs', () => {
  test.each([
    ['development', { ...DEV, clientCa: { source: { configMap: { name: 'dev-clients' } } } }],
    ['production, CA Secret', { ...PROD_SECRET, clientCa: { source: { secret: { name: 'device-ca' } } } }],
    ['production, external issuer', PROD_EXTERNAL],
  ] as [string, EdgePkiProps][])('%s', (_name, props) => {
    const bs = bundles(plan(props));
    expect(bs.length).toBeGreaterThan(0);
    for (const b of bs) {
      const sources = b.spec.sources as JsonObject[];
      expect(sources[0]).toEqual({ useDefaultCAs: false });
      expect(sources.filter((s) => s.useDefaultCAs === true)).toEqual([]);
      expect(sources).toHaveLength(2);
    }
  });
});

describe('resolveEdgePki defaults', () => {
  const dev = resolveEdgePki('pki', DEV);
  const prod = resolveEdgePki('pki', PROD_SECRET);

  test('@default namespace azure-iot-operations', () => expect(dev.namespace).toBe('azure-iot-operations'));
  test('@default certManagerNamespace cert-manager', () => expect(dev.certManagerNamespace).toBe('cert-manager'));
  test('@default certificatePolicy: the policy defaults', () => expect(dev.certificatePolicy).toEqual(CERTIFICATE_POLICY_DEFAULTS));
  test('@default trustBundleNamespaceLabels: the AIO namespace by name', () => {
    expect(dev.trustBundleNamespaceLabels).toEqual({ 'kubernetes.io/metadata.name': 'azure-iot-operations' });
    expect(resolveEdgePki('pki', { ...DEV, namespace: 'aio-lab' }).trustBundleNamespaceLabels).toEqual({ 'kubernetes.io/metadata.name': 'aio-lab' });
  });
  test('@default clientCa: none', () => expect(dev.clientCa).toBeUndefined());
  test('@default issuerName <namespace>-customer-ca-issuer', () => expect(prod.issuer.name).toBe('azure-iot-operations-customer-ca-issuer'));
  test('@default trustBundleName <namespace>-customer-ca-trust-bundle', () => expect(prod.trustBundle.configMapName).toBe('azure-iot-operations-customer-ca-trust-bundle'));
  test('@default trustSource: the ca.crt of caSecretName', () => expect(prod.trustSource).toEqual({ kind: 'Secret', name: 'plant-a-ca-key-pair', key: 'ca.crt' }));
  test('@default key ca.crt of a source', () =>
    expect(resolveEdgePki('pki', { ...PROD_EXTERNAL, trustSource: { secret: { name: 'root' } } }).trustSource).toEqual({ kind: 'Secret', name: 'root', key: 'ca.crt' }));
  test('@default clientCa.configMapName <namespace>-client-ca-trust-bundle', () =>
    expect(resolveEdgePki('pki', { ...PROD_SECRET, clientCa: { source: { secret: { name: 'device-ca' } } } }).clientCa?.configMapName).toBe('azure-iot-operations-client-ca-trust-bundle'));
  test('@default externalIssuer.group cert-manager.io', () => expect(resolveEdgePki('pki', PROD_EXTERNAL).issuer.group).toBe('cert-manager.io'));
  test('the defaults object is what resolve applies', () => {
    expect(EDGE_PKI_DEFAULTS.namespace).toBe(dev.namespace);
    expect(EDGE_PKI_DEFAULTS.certManagerNamespace).toBe(dev.certManagerNamespace);
    expect(EDGE_PKI_DEFAULTS.caCertificateKey).toBe('ca.crt');
    expect(EDGE_PKI_DEFAULTS.developmentCaCommonName).toBe(dev.developmentCa?.commonName);
    expect(EDGE_PKI_DEFAULTS.developmentSelfSignedIssuerName('ns')).toBe('ns-aio-selfsigned-root-issuer');
    expect(EDGE_PKI_DEFAULTS.productionIssuerName('ns')).toBe('ns-customer-ca-issuer');
    expect(EDGE_PKI_DEFAULTS.productionTrustBundleName('ns')).toBe('ns-customer-ca-trust-bundle');
    expect(EDGE_PKI_DEFAULTS.clientCaConfigMapName('ns')).toBe('ns-client-ca-trust-bundle');
  });
});

describe('resolveEdgePki rejects bad input with a clear error', () => {
  const cases: [string, EdgePkiProps, string, string][] = [
    ['RSA 2048', { ...DEV, certificatePolicy: { keyAlgorithm: 'Rsa2048' as never } },
      'EdgePki "pki": certificatePolicy.keyAlgorithm is weaker than RSA 3072 (got "Rsa2048"). Use "Ec256" (the default), "Ec384", "Rsa4096" or "Rsa8192"', 'INVALID_PROP'],
    ['lifetime over the maximum', { ...PROD_SECRET, certificatePolicy: { lifetime: '4320h' } },
      'EdgePki "pki": certificatePolicy.lifetime is longer than the 2160h limit (got "4320h"). Use at most "2160h"; short lifetimes stand in for revocation', 'INVALID_PROP'],
    ['renewBeforeFraction outside (0, 0.5]', { ...DEV, certificatePolicy: { renewBeforeFraction: 0.75 } },
      'EdgePki "pki": certificatePolicy.renewBeforeFraction is outside (0, 0.5] (got 0.75). Renew when at most half of the lifetime remains and leave cert-manager time to renew, e.g. 1/3', 'INVALID_PROP'],
    ['no profile', {} as never,
      'EdgePki "pki": profile is missing. Use "development" (self-signed root, development and test only) or "production" (your own CA)', 'MISSING_PROP'],
    ['an unknown profile', { profile: 'staging' } as never,
      'EdgePki "pki": profile is not a profile (got "staging"). Use "development" (self-signed root, development and test only) or "production" (your own CA)', 'INVALID_PROP'],
    ['production with neither CA secret nor external issuer', { profile: 'production' },
      'EdgePki "pki": caSecretName is missing, and so is externalIssuer: the production profile needs your CA. Give caSecretName (the Secret in the cert-manager namespace holding your CA key pair, synced from Key Vault) or externalIssuer: { name, kind, group }',
      'MISSING_PROP'],
    ['production with both', { ...PROD_SECRET, externalIssuer: PROD_EXTERNAL.externalIssuer },
      'EdgePki "pki": externalIssuer is given together with caSecretName (got "plant-vault"). Give one CA: caSecretName (your CA key pair, synced from Key Vault) or externalIssuer (an issuer of your PKI)', 'INVALID_PROP'],
    ['the quickstart issuer as external issuer in production', { ...PROD_EXTERNAL, externalIssuer: { name: QUICKSTART_ISSUER, kind: 'ClusterIssuer' } },
      'EdgePki "pki": externalIssuer.name is the quickstart issuer\'s name, which is for development and test only (got "azure-iot-operations-aio-certificate-issuer"). In production use an issuer of your own CA under another name; the development profile creates the quickstart-style issuer',
      'RESERVED_NAME'],
    ['the quickstart issuer name for the production CA issuer', { ...PROD_SECRET, issuerName: QUICKSTART_ISSUER },
      'EdgePki "pki": issuerName is the quickstart issuer\'s name, which is for development and test only (got "azure-iot-operations-aio-certificate-issuer"). In production use an issuer of your own CA under another name; the development profile creates the quickstart-style issuer',
      'RESERVED_NAME'],
    ['the namespace-derived quickstart issuer name in another namespace', { ...PROD_SECRET, namespace: 'aio-b', issuerName: 'aio-b-aio-certificate-issuer' },
      'EdgePki "pki": issuerName is the quickstart issuer\'s name, which is for development and test only (got "aio-b-aio-certificate-issuer"). In production use an issuer of your own CA under another name; the development profile creates the quickstart-style issuer',
      'RESERVED_NAME'],
    ['the quickstart root\'s Secret as production CA', { profile: 'production', caSecretName: QUICKSTART_SECRET },
      'EdgePki "pki": caSecretName is the quickstart root CA\'s Secret, which is for development and test only (got "azure-iot-operations-aio-ca-certificate"). In production name the Secret that holds your own CA (synced from Key Vault); a CA is never shared between profiles',
      'RESERVED_NAME'],
    ['the quickstart root\'s Secret as production trust source', { ...PROD_EXTERNAL, trustSource: { secret: { name: QUICKSTART_SECRET } } },
      'EdgePki "pki": trustSource.secret.name is the quickstart root CA\'s Secret, which is for development and test only (got "azure-iot-operations-aio-ca-certificate"). In production name the Secret that holds your own CA (synced from Key Vault); a CA is never shared between profiles',
      'RESERVED_NAME'],
    ['the quickstart root\'s Secret as production client CA', { ...PROD_SECRET, clientCa: { source: { secret: { name: QUICKSTART_SECRET } } } },
      'EdgePki "pki": clientCa.source.secret.name is the quickstart root CA\'s Secret, which is for development and test only (got "azure-iot-operations-aio-ca-certificate"). In production name the Secret that holds your own CA (synced from Key Vault); a CA is never shared between profiles',
      'RESERVED_NAME'],
    ['an issuer kind other than Issuer/ClusterIssuer without a group', { ...PROD_EXTERNAL, externalIssuer: { name: 'plant-pca', kind: 'AWSPCAClusterIssuer' } },
      'EdgePki "pki": externalIssuer.group is missing for kind AWSPCAClusterIssuer, which is not a cert-manager.io kind. Give the external issuer\'s API group, e.g. group: "awspca.cert-manager.io" for AWSPCAClusterIssuer, or use kind "ClusterIssuer" or "Issuer"',
      'MISSING_PROP'],
    ['an issuer kind that is not a kind', { ...PROD_EXTERNAL, externalIssuer: { name: 'plant-vault', kind: 'cluster issuer' } },
      'EdgePki "pki": externalIssuer.kind is not a Kubernetes kind (got "cluster issuer"). Use "ClusterIssuer", "Issuer", or the kind of an external issuer, e.g. "AWSPCAClusterIssuer" with its group',
      'INVALID_PROP'],
    ['an external issuer without a trust source', { profile: 'production', externalIssuer: { name: 'plant-vault', kind: 'ClusterIssuer' } },
      'EdgePki "pki": trustSource is missing; with an external issuer EdgePki cannot know your CA certificate. Give trustSource: { secret: { name, key } } or { configMap: { name, key } } in the cert-manager namespace, holding your CA certificate',
      'MISSING_PROP'],
    ['issuerName with an external issuer', { ...PROD_EXTERNAL, issuerName: 'mine' },
      'EdgePki "pki": issuerName is set with externalIssuer, which EdgePki does not create (got "mine"). Remove issuerName; name the issuer in externalIssuer.name', 'INVALID_PROP'],
    ['a trust source naming both a Secret and a ConfigMap', { ...PROD_EXTERNAL, trustSource: { secret: { name: 'a' }, configMap: { name: 'b' } } },
      'EdgePki "pki": trustSource does not name exactly one of secret and configMap (got {"secret":{"name":"a"},"configMap":{"name":"b"}}). Give { secret: { name, key } } or { configMap: { name, key } }, in the cert-manager namespace',
      'INVALID_PROP'],
    ['a trust source key that is not a key', { ...PROD_EXTERNAL, trustSource: { configMap: { name: 'root', key: 'ca crt' } } },
      'EdgePki "pki": trustSource.configMap.key is not a valid key (got "ca crt"). Use letters, digits, "-", "_" and ".", e.g. "ca.crt"', 'INVALID_PROP'],
    ['a production prop in development', { ...DEV, caSecretName: 'plant-a-ca-key-pair' },
      'EdgePki "pki": caSecretName only applies to the production profile (got "plant-a-ca-key-pair"). Remove it: the development profile creates its own self-signed root under AIO\'s names, or use profile "production" with your CA',
      'INVALID_PROP'],
    ['a client CA with both an existing ConfigMap and a source', { ...DEV, clientCa: { existingConfigMap: 'a', source: { secret: { name: 'b' } } } },
      'EdgePki "pki": clientCa does not name exactly one of existingConfigMap and source (got {"existingConfigMap":"a","source":{"secret":{"name":"b"}}}). Give { existingConfigMap: "<ConfigMap in the AIO namespace>" } or { source: { secret: { name, key } } }',
      'INVALID_PROP'],
    ['a client CA ConfigMap name with an existing ConfigMap', { ...DEV, clientCa: { existingConfigMap: 'a', configMapName: 'b' } },
      'EdgePki "pki": clientCa.configMapName is set with existingConfigMap (got "b"). Remove configMapName; it names the ConfigMap EdgePki publishes from source', 'INVALID_PROP'],
    ['a client CA Bundle named as the trust bundle', { ...PROD_SECRET, clientCa: { source: { secret: { name: 'd' } }, configMapName: 'azure-iot-operations-customer-ca-trust-bundle' } },
      'EdgePki "pki": clientCa.configMapName is the name of the trust bundle (got "azure-iot-operations-customer-ca-trust-bundle"). Give the client CA its own ConfigMap name; one Bundle writes one ConfigMap',
      'DUPLICATE'],
    ['an empty namespace selector', { ...DEV, trustBundleNamespaceLabels: {} },
      'EdgePki "pki": trustBundleNamespaceLabels selects no labels, which would publish the trust bundle to every namespace (got {}). Select the namespaces that need it, e.g. { "kubernetes.io/metadata.name": "azure-iot-operations" }',
      'INVALID_PROP'],
    ['a label value that is not one', { ...DEV, trustBundleNamespaceLabels: { 'ca-bundle/inject': 'yes please' } },
      'EdgePki "pki": trustBundleNamespaceLabels["ca-bundle/inject"] is not a valid label value (got "yes please"). Use at most 63 letters, digits, "-", "_" and ".", e.g. "enabled"', 'INVALID_PROP'],
    ['a namespace that is not one', { ...DEV, namespace: 'Azure IoT' },
      'EdgePki "pki": namespace is not a valid namespace (got "Azure IoT"). Use a DNS-1123 label of at most 63 characters, e.g. "azure-iot-operations"', 'INVALID_PROP'],
    ['a CA Secret name that is not one', { profile: 'production', caSecretName: 'Plant CA' },
      'EdgePki "pki": caSecretName is not a valid Secret name (got "Plant CA"). Use a DNS-1123 subdomain of at most 253 characters, e.g. "plant-a-ca-key-pair"', 'INVALID_PROP'],
  ];

  test.each(cases)('%s', (_name, props, message, code) => {
    const e = errorOf(() => resolveEdgePki('pki', props));
    expect(e.message).toBe(message);
    expect(e.code).toBe(code);
    expect(e.construct).toBe('EdgePki');
    expect(e.constructId).toBe('pki');
  });

  test('errors carry the prop path and the catalogue id', () => {
    const e = errorOf(() => resolveEdgePki('pki', { ...PROD_SECRET, issuerName: QUICKSTART_ISSUER }));
    expect(e.propPath).toBe('issuerName');
    expect(e.guidance).toBe('CN-2');
    expect(errorOf(() => resolveEdgePki('pki', { ...DEV, certificatePolicy: { keyAlgorithm: 'Rsa2048' as never } })).guidance).toBe('AS-2');
  });

  test('an id that is not a DNS label', () => {
    expect(errorOf(() => resolveEdgePki('Plant PKI', DEV)).message).toBe(
      'EdgePki "Plant PKI": id is not a DNS-1123 label (got "Plant PKI"). Use lower-case letters, digits and "-", e.g. "plant-a-pki"');
  });
});

describe('property: every valid EdgePki keeps its invariants', () => {
  test('resolves and plans; bundles never trust public CAs; keys rotate and are strong; lifetimes bounded; production never uses the quickstart CA', () => {
    fc.assert(
      fc.property(edgePkiProps(), (props) => {
        const r = resolveEdgePki('pki', props);
        const resources = planEdgePki(r);
        expect(new Set(resources.map((x) => x.id)).size).toBe(resources.length);
        for (const b of bundles(resources)) {
          expect((b.spec.sources as JsonObject[])[0]).toEqual({ useDefaultCAs: false });
          expect(b.spec.sources).toHaveLength(2);
        }
        for (const c of resources.filter((x) => x.kind === 'Certificate')) {
          const pk = c.spec.privateKey as JsonObject;
          expect(pk.rotationPolicy).toBe('Always');
          expect(weakKeyProblem(certManagerKeySpec(pk)!)).toBeUndefined();
          expect(parseGoDuration(c.spec.duration)!).toBeLessThanOrEqual(CERTIFICATE_POLICY_LIMITS.maxCaLifetimeHours * 3600);
          expect(parseGoDuration(c.spec.renewBefore)!).toBeLessThan(parseGoDuration(c.spec.duration)!);
        }
        expect(r.trustConfig.source).toBe('CustomerManaged');
        expect(r.trustConfig.settings.issuerName).toBe(r.issuer.name);
        expect(r.trustConfig.settings.configMapName).toBe(r.trustBundle.configMapName);
        const q = aioQuickstartPkiNames(r.namespace);
        if (r.profile === 'production') {
          expect(resources.filter((x) => x.kind === 'Certificate')).toEqual([]);
          expect(r.issuer.name).not.toBe(q.issuerName);
          expect(JSON.stringify(resources)).not.toContain(q.caSecretName);
        } else {
          expect(r.issuer.name).toBe(q.issuerName);
          expect(r.trustBundle.configMapName).toBe(q.trustBundleName);
        }
      }),
      { numRuns: 300 },
    );
  });
});
