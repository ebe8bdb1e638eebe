import { ApiObject, Chart, Testing } from 'cdk8s';
import { planSecureBroker, resolveSecureBroker, type SecureBrokerProps } from 'aio-secure';
import { GuidanceChecks, SecureBroker } from 'aio-secure/cdk8s';
import { aioSecureMatchers, findingsOf, toHaveFinding, toHaveNoFindings } from 'aio-secure/testing';

expect.extend(aioSecureMatchers);

const OPEN = `apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata: {name: open, namespace: lab}
spec:
  brokerRef: default
  serviceType: LoadBalancer
  ports:
    - port: 1883
`;

const REASON = 'Lab broker on an isolated VLAN without routes to production; replaced in Q3.';

const PROPS: SecureBrokerProps = {
  issuer: { kind: 'ClusterIssuer', name: 'plant-ca' },
  listeners: [{ name: 'external', serviceType: 'LoadBalancer', hostnames: ['mqtt.plant.example'], ports: [{ port: 8883 }], authentication: { x509: { trustedClientCaConfigMap: 'client-ca' } } }],
  clients: [{ name: 'sensors', attributes: [{ role: 'sensor' }], publish: ['plant/{principal.username}/telemetry'] }],
};

/** The rules that SecureBroker's listener itself answers for; deployment-wide rules (observability, Defender) need more than a broker. */
const LISTENER_RULES = ['listener-requires-tls', 'listener-requires-authentication', 'listener-requires-authorization', 'exposed-anonymous-plaintext-listener', 'exposed-plaintext-listener'];

describe('toHaveFinding', () => {
  test('on YAML text, parsed objects and Resources alike', () => {
    expect(OPEN).toHaveFinding('listener-requires-tls');
    expect(OPEN).toHaveFinding('listener-requires-tls', { resource: 'lab/BrokerListener/open', messageId: 'noTls', path: '/spec/ports/0', severity: 'error', waived: false });
    const object = { apiVersion: 'mqttbroker.iotoperations.azure.com/v1', kind: 'BrokerListener', metadata: { name: 'open', namespace: 'lab' }, spec: { brokerRef: 'default', serviceType: 'LoadBalancer', ports: [{ port: 1883 }] } };
    expect(object).toHaveFinding('listener-requires-tls');
    expect([object]).toHaveFinding('listener-requires-authentication', { resource: 'BrokerListener/op*' });
    expect(OPEN).not.toHaveFinding('listener-requires-tls', { resource: 'BrokerListener/other' });
  });

  test('waivers in options, and waived: true/false', () => {
    const waivers = [{ rule: 'listener-requires-tls', target: 'BrokerListener/open', reason: REASON, owner: 'ot', expires: '2099-01-01' }];
    expect(OPEN).toHaveFinding('listener-requires-tls', { waivers, waived: true });
    expect(OPEN).not.toHaveFinding('listener-requires-tls', { waivers, waived: false });
  });

  test('the failure message lists the findings there were', () => {
    const r = toHaveFinding(OPEN, 'certificate-lifetime');
    expect(r.pass).toBe(false);
    expect(r.message()).toMatch(/^expected a finding with rule certificate-lifetime \(profile production\), but got none\. The findings were:\n {2}- error listener-requires-tls on BrokerListener lab\/open at \/spec\/ports\/0: Port 1883 of listener open has no TLS\.\n/);
  });
});

describe('toHaveNoFindings', () => {
  test('a cdk8s chart with SecureBroker: no listener findings (the plan, synthesized without writing files)', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'site');
    new SecureBroker(chart, 'plant-a', PROPS);
    const result = findingsOf(chart);
    expect(result.findings.filter((f) => LISTENER_RULES.includes(f.rule))).toEqual([]);
    expect(result.summary.resources).toBe(planSecureBroker(resolveSecureBroker('plant-a', PROPS)).length);
    for (const rule of LISTENER_RULES) expect(chart).not.toHaveFinding(rule);
    // The same on the plan itself (Resource[]).
    expect(planSecureBroker(resolveSecureBroker('plant-a', PROPS))).not.toHaveFinding('listener-requires-tls');
    // The same through the App.
    expect(findingsOf(app).findings).toEqual(result.findings);
  });

  test('a chart of a foreign insecure object fails, naming each finding', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'lab');
    new ApiObject(chart, 'open', { apiVersion: 'mqttbroker.iotoperations.azure.com/v1', kind: 'BrokerListener', metadata: { name: 'open', namespace: 'lab' }, spec: { brokerRef: 'default', serviceType: 'LoadBalancer', ports: [{ port: 1883 }] } });
    expect(chart).not.toHaveNoFindings();
    const r = toHaveNoFindings(chart);
    expect(r.message()).toContain('expected no unwaived findings (profile production), but got 4:\n  - error listener-requires-tls on BrokerListener lab/open at /spec/ports/0: Port 1883 of listener open has no TLS.\n');
    expect(chart).toHaveFinding('listener-requires-tls');
  });

  test("a chart follows its app's GuidanceChecks profile and waivers; options add to them", () => {
    const app = Testing.app();
    new GuidanceChecks(app, { profile: 'development', waivers: ['listener-requires-tls', 'listener-requires-authentication', 'listener-requires-authorization'].map((rule) => ({ rule, target: 'BrokerListener/open', reason: REASON, owner: 'ot', expires: '2099-01-01' })) });
    const chart = new Chart(app, 'lab');
    new ApiObject(chart, 'open', { apiVersion: 'mqttbroker.iotoperations.azure.com/v1', kind: 'BrokerListener', metadata: { name: 'open', namespace: 'lab' }, spec: { brokerRef: 'default', serviceType: 'ClusterIp', ports: [{ port: 1883 }] } });
    expect(findingsOf(chart).summary.profile).toBe('development');
    expect(chart).toHaveFinding('listener-requires-tls', { waived: true });
    expect(chart).toHaveNoFindings({ severity: 'error' });
  });

  test('severity: error ignores warnings', () => {
    const warningOnly = findingsOf(OPEN, { profile: 'development' }).findings.filter((f) => f.severity === 'error' && !f.waived);
    expect(warningOnly.length).toBeGreaterThan(0); // TLS is an error in both profiles
    expect(OPEN).not.toHaveNoFindings({ severity: 'error' });
    expect('apiVersion: v1\nkind: Namespace\nmetadata: {name: lab}\n').toHaveNoFindings();
  });

  test('input that is not understood is an error, not a pass', () => {
    expect(() => toHaveNoFindings('a: [unclosed\n')).toThrow(/^aio-secure: the YAML could not be read:\n {2}line 2: invalid YAML/);
    expect(() => toHaveNoFindings([{ hello: 'world' }])).toThrow('aio-secure: item 0 is neither a Kubernetes object nor an aio-secure Resource (object has no apiVersion and kind, so it is not a Kubernetes object). Give a cdk8s App or Chart, YAML text, Kubernetes objects or Resources.');
  });
});
