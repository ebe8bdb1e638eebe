import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { readKubernetesText, planSecureBroker, resolveSecureBroker, type Resource, type SecureBrokerProps } from 'aio-secure';
import { GuidanceChecks, SecureBroker, synthAtomically } from 'aio-secure/cdk8s';

const OPT_OUT = { reason: 'Line-2 test rig without TLS support; isolated VLAN, removed after commissioning', owner: 'ot-platform', expires: '2099-12-31' };

const PROPS: SecureBrokerProps = {
  issuer: { kind: 'ClusterIssuer', name: 'plant-ca' },
  listeners: [{
    name: 'external', serviceType: 'LoadBalancer', hostnames: ['mqtt.plant.example'], ports: [{ port: 8883 }],
    authentication: { x509: { trustedClientCaConfigMap: 'client-ca' }, serviceAccountToken: { audiences: ['plant-apps'] } },
  }],
  clients: [
    { name: 'sensors', attributes: [{ role: 'sensor' }], publish: ['plant/{principal.username}/telemetry'] },
    { name: 'historian', attributes: [{ app: 'historian' }], clientIds: ['historian'], subscribe: ['plant/+/telemetry'] },
  ],
};

function chartWith(props: SecureBrokerProps = PROPS, app = Testing.app()): { app: App; chart: Chart; broker: SecureBroker } {
  const chart = new Chart(app, 'site');
  const broker = new SecureBroker(chart, 'plant-a', props);
  return { app, chart, broker };
}

/** Drops the reader's source locations, which planned resources do not have. */
function withoutSource(resources: Resource[]): Resource[] {
  return resources.map(({ source: _source, ...r }) => r);
}

describe('SecureBroker (cdk8s)', () => {
  test('snapshot of the synthesized manifests', () => {
    const { chart } = chartWith();
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('renders exactly the plan, as mqttbroker.iotoperations.azure.com/v1 custom resources', () => {
    const { chart, broker } = chartWith();
    const manifests = Testing.synth(chart);
    expect(manifests.map((m) => `${m.apiVersion} ${m.kind}/${m.metadata.name}`)).toEqual([
      'mqttbroker.iotoperations.azure.com/v1 Broker/default',
      'mqttbroker.iotoperations.azure.com/v1 BrokerAuthentication/external-authn',
      'mqttbroker.iotoperations.azure.com/v1 BrokerAuthorization/plant-a-authz',
      'mqttbroker.iotoperations.azure.com/v1 BrokerListener/external',
    ]);
    expect(broker.resources).toEqual(planSecureBroker(resolveSecureBroker('plant-a', PROPS)));
  });

  test('marks every AIO custom resource as the Kubernetes-manifest (development and test) path', () => {
    for (const m of Testing.synth(chartWith().chart)) {
      expect(m.metadata.labels['aio-secure/deployment-path']).toBe('kubernetes-manifest');
      expect(m.metadata.annotations['aio-secure/deployment-path']).toMatch(/^Microsoft supports managing Azure IoT Operations resources through Kubernetes manifests for development and testing only;/);
    }
  });

  test('the listener names its broker with brokerRef, as the CR requires', () => {
    const listener = Testing.synth(chartWith().chart).find((m) => m.kind === 'BrokerListener');
    expect(listener.spec.brokerRef).toBe('default');
  });

  test('round trip: reading the synthesized YAML gives back the plan', () => {
    const { app, broker } = chartWith();
    const read = readKubernetesText(app.synthYaml(), 'app.yaml');
    expect(read.problems).toEqual([]);
    expect(withoutSource(read.resources)).toEqual(broker.resources);
  });

  const LAB_LISTENER = { name: 'lab', serviceType: 'NodePort' as const, ipAddresses: ['10.20.0.5'], ports: [{ port: 8883 }, { port: 1883, allowPlaintext: OPT_OUT }], authentication: { serviceAccountToken: { audiences: ['lab'] } } };
  const devApp = () => {
    const app = Testing.app();
    new GuidanceChecks(app, { profile: 'development' });
    return app;
  };

  test('round trip keeps waivers from opt-outs', () => {
    const { app, broker } = chartWith({ ...PROPS, allowUnencryptedInternalTraffic: OPT_OUT, listeners: [LAB_LISTENER] }, devApp());
    const read = readKubernetesText(app.synthYaml(), 'app.yaml');
    expect(withoutSource(read.resources)).toEqual(broker.resources);
    expect(read.resources.filter((r) => r.waivers).map((r) => r.waivers!.map((w) => `${w.rule}${w.path ? ` ${w.path}` : ''}`))).toEqual([
      ['broker-internal-encryption'],
      ['listener-requires-tls /spec/ports/1', 'exposed-plaintext-listener /spec/ports/1'],
    ]);
  });

  test('synth runs the guidance checks: a secure broker synthesizes', () => {
    const { app } = chartWith();
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('in development, an opted-out plaintext port synthesizes with both its findings waived, for that port only', () => {
    const { app } = chartWith({ ...PROPS, listeners: [LAB_LISTENER] }, devApp());
    expect(() => app.synthYaml()).not.toThrow();
    const { result } = GuidanceChecks.of(app).check();
    expect(result.findings.map((f) => f.rule).sort()).toEqual(['exposed-plaintext-listener', 'listener-requires-tls']);
    expect(result.findings.every((f) => f.waived && f.path === '/spec/ports/1' && f.waiver?.owner === 'ot-platform')).toBe(true);
  });

  test('the opt-out waives only its own port: a second plaintext port added by a patch is reported', () => {
    const { app, broker } = chartWith({ ...PROPS, listeners: [LAB_LISTENER] }, devApp());
    const listener = broker.apiObjects.find((o) => o.kind === 'BrokerListener')!;
    listener.addJsonPatch(JsonPatch.add('/spec/ports/-', { port: 1884, authenticationRef: 'lab-authn', authorizationRef: 'plant-a-authz' }));
    const { result } = GuidanceChecks.of(app).check();
    expect(result.findings.filter((f) => !f.waived).map((f) => [f.rule, f.severity, f.path])).toEqual([
      ['listener-requires-tls', 'error', '/spec/ports/2'],
      ['exposed-plaintext-listener', 'warning', '/spec/ports/2'],
    ]);
    expect(result.findings.filter((f) => f.waived).map((f) => f.path)).toEqual(['/spec/ports/1', '/spec/ports/1']);
  });

  test('in production, the plaintext opt-out cannot be waived and synth fails', () => {
    const { app } = chartWith({ ...PROPS, listeners: [LAB_LISTENER] });
    expect(() => app.synthYaml()).toThrow('[exposed-plaintext-listener] Port 1883 of NodePort listener lab is reachable from outside the cluster without TLS');
    expect(() => app.synthYaml()).toThrow('waiver for rule "exposed-plaintext-listener" on BrokerListener/lab cannot be used: rule "exposed-plaintext-listener" cannot be waived in the production profile');
  });

  test('synth fails on an unwaived error anywhere in the app, naming the construct path, the rule and the fix', () => {
    const { app, chart } = chartWith();
    new ApiObject(chart, 'quick-test', {
      apiVersion: 'mqttbroker.iotoperations.azure.com/v1',
      kind: 'BrokerListener',
      metadata: { name: 'quick-test', namespace: 'azure-iot-operations' },
      spec: { brokerRef: 'default', serviceType: 'LoadBalancer', ports: [{ port: 1883 }] },
    });
    let message = '';
    try {
      app.synthYaml();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('Validation failed with the following errors:');
    expect(message).toContain(
      '[aio-secure-guidance-checks] site/quick-test: [listener-requires-tls] Port 1883 of listener quick-test has no TLS. Fix: Let SecureBroker generate the port');
    expect(message).toContain('(CN-1)');
    expect(message).toContain('[exposed-anonymous-plaintext-listener]');
    expect(message).toContain('[listener-requires-authentication]');
    expect(message).toContain('[listener-requires-authorization]');
  });

  test('an app-wide waiver from GuidanceChecks waives a finding; an expired one does not', () => {
    const build = (expires: string) => {
      const app = Testing.app();
      new GuidanceChecks(app, { waivers: [{ rule: 'listener-customer-ca', target: 'BrokerListener/external', reason: 'Quickstart CA until the plant PKI is commissioned in March', owner: 'ot-platform', expires }] });
      chartWith({ ...PROPS, issuer: { kind: 'ClusterIssuer', name: 'azure-iot-operations-aio-certificate-issuer' } }, app);
      return app;
    };
    expect(() => build('2099-01-01').synthYaml()).not.toThrow();
    expect(() => build('2020-01-01').synthYaml()).toThrow(/\[listener-customer-ca\] Port 8883 of listener external takes its certificate from the quickstart issuer azure-iot-operations-aio-certificate-issuer\. \(waiver expired on 2020-01-01\)/);
  });

  test('the development profile allows the quickstart issuer', () => {
    const app = Testing.app();
    new GuidanceChecks(app, { profile: 'development' });
    chartWith({ ...PROPS, issuer: { kind: 'ClusterIssuer', name: 'azure-iot-operations-aio-certificate-issuer' } }, app);
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('bad props throw at construction with the construct and prop path', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'site');
    expect(() => new SecureBroker(chart, 'plant-a', { ...PROPS, listeners: [{ ...PROPS.listeners[0], ports: [{ port: 8883 }, { port: 8883 }] }] })).toThrow(
      'SecureBroker "plant-a": listeners[0].ports[1].port is already used by listeners[0].ports[0]; a port number may appear once across all listeners (got 8883). Use another port');
  });

  test('GuidanceChecks must be created once, on the app', () => {
    const app = Testing.app();
    new GuidanceChecks(app);
    expect(() => new GuidanceChecks(app)).toThrow('GuidanceChecks already exists for this app; create it once, before the aio-secure constructs.');
    expect(() => new GuidanceChecks(new Chart(Testing.app(), 'c'))).toThrow('GuidanceChecks belongs to the app, not to "c". Create it with the App as scope.');
  });
});

describe('synthAtomically', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aio-secure-synth-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('replaces the output folder as a whole', () => {
    const outdir = join(dir, 'dist');
    const first = new App({ outdir });
    chartWith(PROPS, first);
    synthAtomically(first);
    writeFileSync(join(outdir, 'stale.yaml'), 'kind: Stale\n');
    const second = new App({ outdir });
    chartWith(PROPS, second);
    const files = synthAtomically(second);
    expect(files).toEqual([join(outdir, 'site.k8s.yaml')]);
    expect(readdirSync(outdir)).toEqual(['site.k8s.yaml']);
    expect(readdirSync(dir)).toEqual(['dist']);
  });

  test('leaves the previous output untouched when the checks fail', () => {
    const outdir = join(dir, 'dist');
    const good = new App({ outdir });
    chartWith(PROPS, good);
    synthAtomically(good);
    const before = readFileSync(join(outdir, 'site.k8s.yaml'), 'utf8');

    const bad = new App({ outdir });
    const { chart } = chartWith(PROPS, bad);
    new ApiObject(chart, 'open', {
      apiVersion: 'mqttbroker.iotoperations.azure.com/v1', kind: 'BrokerListener',
      metadata: { name: 'open', namespace: 'azure-iot-operations' }, spec: { serviceType: 'LoadBalancer', ports: [{ port: 1883 }] },
    });
    expect(() => synthAtomically(bad)).toThrow(/listener-requires-tls/);
    expect(readFileSync(join(outdir, 'site.k8s.yaml'), 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['dist']);
  });

  test('writes nothing at all when the first synth fails', () => {
    const outdir = join(dir, 'never');
    const bad = new App({ outdir });
    const { chart } = chartWith(PROPS, bad);
    new ApiObject(chart, 'open', {
      apiVersion: 'mqttbroker.iotoperations.azure.com/v1', kind: 'BrokerListener',
      metadata: { name: 'open', namespace: 'azure-iot-operations' }, spec: { serviceType: 'LoadBalancer', ports: [{ port: 1883 }] },
    });
    expect(() => synthAtomically(bad)).toThrow();
    expect(existsSync(outdir)).toBe(false);
  });
});

describe('GuidanceChecks sees what synthesizes', () => {
  test('the checks read each object exactly as cdk8s synthesizes it', () => {
    const { app, chart } = chartWith();
    new ApiObject(chart, 'client-ca', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'client-ca', namespace: 'azure-iot-operations' }, data: { 'ca.crt': 'pem' } });
    const synthesized = withoutSource(readKubernetesText(app.synthYaml(), 'app.yaml').resources);
    expect(withoutSource(GuidanceChecks.of(app).check().resources)).toEqual(synthesized);
  });

  test('a JSON patch that removes TLS from a planned listener is caught at synth', () => {
    const { app, broker } = chartWith();
    const listener = broker.apiObjects.find((o) => o.kind === 'BrokerListener')!;
    listener.addJsonPatch(JsonPatch.remove('/spec/ports/0/tls'));
    expect(() => app.synthYaml()).toThrow(/\[listener-requires-tls\] Port 8883 of listener external has no TLS\./);
  });

  test('an annotation added to a planned object is seen by the checks', () => {
    const { broker } = chartWith();
    const listener = broker.apiObjects.find((o) => o.kind === 'BrokerListener')!;
    listener.metadata.addAnnotation('aio-secure/waivers', 'broken');
    const { result } = GuidanceChecks.of(listener).check();
    expect(result.waiverProblems.map((p) => p.problem)).toEqual(['annotation aio-secure/waivers is not a JSON list of { rule, reason, owner, expires }; none of its waivers apply']);
  });
});
