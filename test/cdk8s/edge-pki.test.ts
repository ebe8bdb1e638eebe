import { App, Chart, Testing } from 'cdk8s';
import { planEdgePki, readKubernetesText, resolveEdgePki, type EdgePkiProps, type Resource } from 'aio-secure';
import { EdgePki, GuidanceChecks, SecureBroker } from 'aio-secure/cdk8s';

const DEV: EdgePkiProps = { profile: 'development', clientCa: { source: { secret: { name: 'azure-iot-operations-aio-ca-certificate' } } } };
const PROD: EdgePkiProps = {
  profile: 'production',
  caSecretName: 'plant-a-ca-key-pair',
  clientCa: { source: { secret: { name: 'plant-a-device-ca', key: 'tls.crt' } }, configMapName: 'plant-a-device-ca' },
};

function chartWith(props: EdgePkiProps, app: App = Testing.app()): { app: App; chart: Chart; pki: EdgePki } {
  const chart = new Chart(app, 'site');
  const pki = new EdgePki(chart, 'pki', props);
  return { app, chart, pki };
}

/** Drops the reader's source locations, which planned resources do not have. */
function withoutSource(resources: Resource[]): Resource[] {
  return resources.map(({ source: _source, ...r }) => r);
}

/** A broker whose listener certificates come from the PKI and whose X.509 clients it trusts. */
function brokerOn(chart: Chart, pki: EdgePki): SecureBroker {
  return new SecureBroker(chart, 'plant-a', {
    issuer: { kind: pki.issuer.kind as 'ClusterIssuer' | 'Issuer', name: pki.issuer.name },
    listeners: [{
      name: 'external', serviceType: 'LoadBalancer', hostnames: ['mqtt.plant.example'], ports: [{ port: 8883 }],
      authentication: { x509: { trustedClientCaConfigMap: pki.trustedClientCaConfigMap! } },
    }],
    clients: [{ name: 'sensors', attributes: [{ role: 'sensor' }], publish: ['plant/{principal.username}/telemetry'] }],
  });
}

describe('EdgePki (cdk8s)', () => {
  test('snapshot of the synthesized manifests, development', () => {
    expect(Testing.synth(chartWith(DEV).chart)).toMatchSnapshot();
  });

  test('snapshot of the synthesized manifests, production', () => {
    expect(Testing.synth(chartWith(PROD).chart)).toMatchSnapshot();
  });

  test('renders exactly the plan as cert-manager and trust-manager objects', () => {
    const { chart, pki } = chartWith(DEV);
    expect(Testing.synth(chart).map((m) => `${m.apiVersion} ${m.kind}/${m.metadata.name}`)).toEqual([
      'cert-manager.io/v1 ClusterIssuer/azure-iot-operations-aio-selfsigned-root-issuer',
      'cert-manager.io/v1 Certificate/azure-iot-operations-aio-ca-certificate',
      'cert-manager.io/v1 ClusterIssuer/azure-iot-operations-aio-certificate-issuer',
      'trust.cert-manager.io/v1alpha1 Bundle/azure-iot-operations-aio-ca-trust-bundle',
      'trust.cert-manager.io/v1alpha1 Bundle/azure-iot-operations-client-ca-trust-bundle',
    ]);
    expect(pki.resources).toEqual(planEdgePki(resolveEdgePki('pki', DEV)));
  });

  test('construct ids are the logical ids without the owner prefix', () => {
    const { pki } = chartWith(DEV);
    expect(pki.apiObjects.map((o) => o.node.path)).toEqual([
      'site/pki/selfsigned-issuer', 'site/pki/ca-certificate', 'site/pki/ca-issuer', 'site/pki/trust-bundle', 'site/pki/client-ca-bundle',
    ]);
  });

  test('cert-manager and trust-manager objects are not marked as the AIO Kubernetes-manifest path', () => {
    for (const m of Testing.synth(chartWith(PROD).chart)) {
      expect(m.metadata.labels?.['aio-secure/deployment-path']).toBeUndefined();
      expect(m.metadata.annotations['aio-secure/id']).toMatch(/^pki\//);
    }
  });

  test.each([['development', DEV], ['production', PROD]] as const)('round trip (%s): reading the synthesized YAML gives back the plan', (_name, props) => {
    const { app, pki } = chartWith(props);
    const read = readKubernetesText(app.synthYaml(), 'app.yaml');
    expect(read.problems).toEqual([]);
    expect(withoutSource(read.resources)).toEqual(pki.resources);
  });

  test('exposes the issuer, trust bundle, trustConfig, client CA ConfigMap and policy', () => {
    const { pki } = chartWith(PROD);
    const resolved = resolveEdgePki('pki', PROD);
    expect(pki.profile).toBe('production');
    expect(pki.issuer).toEqual({ name: 'azure-iot-operations-customer-ca-issuer', kind: 'ClusterIssuer', group: 'cert-manager.io' });
    expect(pki.trustBundle).toEqual(resolved.trustBundle);
    expect(pki.trustConfig).toEqual({
      source: 'CustomerManaged',
      settings: { issuerName: 'azure-iot-operations-customer-ca-issuer', issuerKind: 'ClusterIssuer', configMapName: 'azure-iot-operations-customer-ca-trust-bundle', configMapKey: 'ca.crt' },
    });
    expect(pki.trustedClientCaConfigMap).toBe('plant-a-device-ca');
    expect(pki.certificatePolicy).toEqual(resolved.certificatePolicy);
    expect(chartWith({ profile: 'development' }).pki.trustedClientCaConfigMap).toBeUndefined();
  });

  test('a production PKI and a broker on it synthesize under the production checks', () => {
    const app = Testing.app();
    new GuidanceChecks(app, { profile: 'production' });
    const { chart, pki } = chartWith(PROD, app);
    brokerOn(chart, pki);
    expect(() => app.synthYaml()).not.toThrow();
    const { result } = GuidanceChecks.of(app).check();
    expect(result.findings.filter((f) => !f.waived)).toEqual([]);
  });

  test('a broker on the development PKI synthesizes under the development checks', () => {
    const app = Testing.app();
    new GuidanceChecks(app, { profile: 'development' });
    const { chart, pki } = chartWith(DEV, app);
    brokerOn(chart, pki);
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('a broker on the development PKI fails the production checks (quickstart issuer)', () => {
    const app = Testing.app();
    const { chart, pki } = chartWith(DEV, app);
    brokerOn(chart, pki);
    expect(() => app.synthYaml()).toThrow(/\[listener-customer-ca\] Port 8883 of listener external takes its certificate from the quickstart issuer azure-iot-operations-aio-certificate-issuer\./);
  });

  test('bad props throw at construction with the construct and prop path', () => {
    const chart = new Chart(Testing.app(), 'site');
    expect(() => new EdgePki(chart, 'pki', { profile: 'production', externalIssuer: { name: 'azure-iot-operations-aio-certificate-issuer', kind: 'ClusterIssuer' }, trustSource: { secret: { name: 'root' } } })).toThrow(
      'EdgePki "pki": externalIssuer.name is the quickstart issuer\'s name, which is for development and test only (got "azure-iot-operations-aio-certificate-issuer"). In production use an issuer of your own CA under another name; the development profile creates the quickstart-style issuer');
  });
});
