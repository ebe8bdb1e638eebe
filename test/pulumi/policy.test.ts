// The pack's server is replaced before anything loads it: importing the module must not serve,
// createPolicyPack must.
jest.mock('@pulumi/policy/server', () => ({ serve: jest.fn() }));

import type { PolicyResource, StackValidationArgs, StackValidationPolicy } from '@pulumi/policy/policy';
import { planSecureBroker, resolveSecureBroker, RULES, type Profile, type Resource, type SecureBrokerProps } from 'aio-secure';
import { SecureBroker } from 'aio-secure/pulumi';
import {
  aioSecurePolicies, createPolicyPack, ENFORCEMENT_LEVELS, readStackResources, UNKNOWN_VALUE, WAIVED_FINDINGS_POLICY, WAIVER_PROBLEMS_POLICY,
  type AioSecurePolicyOptions, type PulumiResourceView,
} from 'aio-secure/pulumi/policy';
import { installMocks, settled } from './support';

// CrossGuard hands policies the resource properties behind this proxy, which throws on reading an
// unknown value; the test uses the real one. (Its typings are broken in @pulumi/policy 1.21.)
const { unknownCheckingProxy } = require('@pulumi/policy') as { unknownCheckingProxy<T extends object>(o: T): T };
const { serve } = jest.requireMock('@pulumi/policy/server') as { serve: jest.Mock };

// Pulumi's wire values for an unknown string and an unknown object.
const UNKNOWN_STRING = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
const UNKNOWN_OBJECT = 'dd056dcd-154b-4c76-9bd3-c8f88648b5ff';

const run = installMocks();
beforeEach(() => run.reset());

const OPT_OUT = { reason: 'Line-2 test rig without TLS support; isolated VLAN, removed after commissioning', owner: 'ot-platform', expires: '2099-12-31' };
const SITE = { instanceName: 'plant-a-aio', resourceGroupName: 'rg-plant-a', customLocationId: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.ExtendedLocation/customLocations/cl' };
const PROPS: SecureBrokerProps = {
  issuer: { kind: 'ClusterIssuer', name: 'plant-ca' },
  listeners: [{
    name: 'external', serviceType: 'LoadBalancer', hostnames: ['mqtt.plant.example'], ports: [{ port: 8883 }],
    authentication: { x509: { trustedClientCaConfigMap: 'client-ca' }, serviceAccountToken: { audiences: ['plant-apps'] } },
  }],
  clients: [{ name: 'historian', attributes: [{ app: 'historian' }], clientIds: ['historian'], subscribe: ['plant/+/telemetry'] }],
};

const FIX = {
  tls: "Fix: Let SecureBroker generate the port (TLS is its default), or add tls: { mode: Automatic, certManagerCertificateSpec: {...} } to the port. If a test really needs plaintext, set the port's allowPlaintext: { reason, owner, expires }. (CN-1)",
  exposed: 'Fix: Remove the port, or give it TLS and an authenticationRef. SecureBroker never generates such a port. (CN-1, ED-3)',
  authn: "Fix: Use SecureBroker: each listener's authentication prop generates a BrokerAuthentication and references it from every port. By hand: set ports[].authenticationRef to a BrokerAuthentication with X509 or ServiceAccountToken methods, and check it together with the listener. (ED-3)",
  authz: 'Fix: Use SecureBroker: its clients prop generates a least-privilege BrokerAuthorization and references it from every port. By hand: set ports[].authorizationRef (and authenticationRef) and check the BrokerAuthorization together with the listener. (ED-4)',
};

type Violations = Record<string, [message: string, urn: string | undefined][]>;

/** Calls every policy's validateStack as CrossGuard would, and collects what each reported. */
function validate(resources: readonly PulumiResourceView[], options?: AioSecurePolicyOptions): Violations {
  const out: Violations = {};
  for (const p of aioSecurePolicies(options)) {
    const reported: [string, string | undefined][] = [];
    const args = { resources: resources as PolicyResource[], getConfig: () => ({}), stackTags: new Map(), notApplicable: () => { throw new Error('not applicable'); } };
    void p.validateStack(args as unknown as StackValidationArgs, (message, urn) => reported.push([message, urn]));
    if (reported.length) out[p.name] = reported;
  }
  return out;
}

/** A hand-written listener, as someone might create it with the azure-native SDK. */
function listenerView(properties: unknown, type = 'azure-native:iotoperations:BrokerListener', name = 'quick-test'): PulumiResourceView {
  return {
    type,
    urn: `urn:pulumi:test::project::${type}::${name}`,
    name,
    props: {
      resourceGroupName: 'rg', instanceName: 'plant-a-aio', brokerName: 'default', listenerName: name,
      extendedLocation: { name: SITE.customLocationId, type: 'CustomLocation' }, properties,
    },
  };
}

const PLAINTEXT = { serviceType: 'LoadBalancer', ports: [{ port: 1883 }] };
const plaintextViolations = (urn: string, label = 'BrokerListener/quick-test') => ({
  'listener-requires-tls': [[`${label}: Port 1883 of listener quick-test has no TLS. ${FIX.tls}`, urn]],
  'exposed-anonymous-plaintext-listener': [[`${label}: Port 1883 of LoadBalancer listener quick-test is reachable from outside the cluster with neither TLS nor authentication. ${FIX.exposed}`, urn]],
  'listener-requires-authentication': [[`${label}: Port 1883 of listener quick-test has no authenticationRef: any client can connect without credentials. ${FIX.authn}`, urn]],
  'listener-requires-authorization': [[`${label}: Port 1883 of listener quick-test has no authorizationRef: every authenticated client may use every topic. ${FIX.authz}`, urn]],
});

/** What CrossGuard would show for a SecureBroker's stack: each child's inputs, and the component's outputs. */
async function brokerStack(props: SecureBrokerProps = PROPS, profile: Profile = 'production'): Promise<{ views: PulumiResourceView[]; broker: SecureBroker }> {
  const broker = new SecureBroker('plant-a', { ...props, ...SITE, profile });
  await settled([broker, ...broker.children.values()]);
  const views = run.registrations.map((r) => ({
    type: r.type, urn: r.urn!, name: r.name, props: r.custom ? r.inputs : run.outputs.get(r.urn!)!,
  }));
  return { views, broker };
}

describe('aio-secure/pulumi/policy', () => {
  test('importing the module serves nothing; createPolicyPack serves the policies', () => {
    expect(serve).not.toHaveBeenCalled();
    createPolicyPack('aio-secure', { profile: 'development' });
    expect(serve).toHaveBeenCalledTimes(1);
    const [name, version, level, args] = serve.mock.calls[0] as [string, string, string, { policies: StackValidationPolicy[]; description: string }];
    expect([name, version, level]).toEqual(['aio-secure', require('../../package.json').version, 'advisory']);
    expect(args.policies.map((p) => [p.name, p.enforcementLevel])).toEqual(aioSecurePolicies({ profile: 'development' }).map((p) => [p.name, p.enforcementLevel]));
    expect(args.description).toBe("Microsoft's security guidance for Azure IoT Operations, checked by aio-secure (profile development).");
  });

  test('one stack policy per rule, named after it, plus the two waiver policies', () => {
    const policies = aioSecurePolicies();
    expect(policies.map((p) => p.name)).toEqual([...RULES.map((r) => r.name), WAIVER_PROBLEMS_POLICY, WAIVED_FINDINGS_POLICY]);
    for (const p of policies) expect(typeof p.validateStack).toBe('function');
    const tls = policies.find((p) => p.name === 'listener-requires-tls')!;
    expect([tls.description, tls.remediationSteps, tls.tags]).toEqual([
      RULES.find((r) => r.name === 'listener-requires-tls')!.description, RULES.find((r) => r.name === 'listener-requires-tls')!.remediation, ['CN-1'],
    ]);
  });

  test.each([
    ['production', 'listener-customer-ca', 'mandatory'],
    ['development', 'listener-customer-ca', 'disabled'],
    ['production', 'exposed-anonymous-plaintext-listener', 'mandatory'],
    ['development', 'exposed-anonymous-plaintext-listener', 'advisory'],
    ['production', 'aio-default-port-authorization', 'advisory'],
    ['production', WAIVER_PROBLEMS_POLICY, 'mandatory'],
    ['development', WAIVED_FINDINGS_POLICY, 'advisory'],
  ] as const)('profile %s: %s is %s', (profile, name, level) => {
    expect(aioSecurePolicies({ profile }).find((p) => p.name === name)!.enforcementLevel).toBe(level);
  });

  test('every rule\'s level follows its severity in the profile; production is the default', () => {
    expect(ENFORCEMENT_LEVELS).toEqual({ error: 'mandatory', warning: 'advisory', info: 'advisory', off: 'disabled' });
    for (const profile of ['development', 'production'] as const) {
      const levels = Object.fromEntries(aioSecurePolicies({ profile }).map((p) => [p.name, p.enforcementLevel]));
      for (const rule of RULES) expect(levels[rule.name]).toBe(ENFORCEMENT_LEVELS[rule.severity[profile]]);
    }
    expect(aioSecurePolicies().map((p) => p.enforcementLevel)).toEqual(aioSecurePolicies({ profile: 'production' }).map((p) => p.enforcementLevel));
  });

  test('an insecure hand-written listener: each rule reports it, with the rule\'s message, fix and the resource\'s URN', () => {
    const view = listenerView(PLAINTEXT);
    expect(validate([view])).toEqual(plaintextViolations(view.urn));
  });

  test('every azure-native token of the kind is read: versioned and locally generated SDK tokens too', () => {
    for (const type of [
      'azure-native:iotoperations/v20251001:BrokerListener',
      'azure-native:iotoperations/v20260701:BrokerListener',
      'azure-native_iotoperations_v20251001:iotoperations/v20251001:BrokerListener',
    ]) {
      const view = listenerView(PLAINTEXT, type);
      expect(validate([view])).toEqual(plaintextViolations(view.urn));
    }
    expect(validate([listenerView(PLAINTEXT, 'azure-native:network:BrokerListener')])).toEqual({});
  });

  test('a Kubernetes custom resource of the mqttbroker group is checked the same way', () => {
    const type = 'kubernetes:mqttbroker.iotoperations.azure.com/v1:BrokerListener';
    const view: PulumiResourceView = {
      type, urn: `urn:pulumi:test::project::${type}::quick-test`, name: 'quick-test',
      props: { apiVersion: 'mqttbroker.iotoperations.azure.com/v1', kind: 'BrokerListener', metadata: { name: 'quick-test', namespace: 'azure-iot-operations' }, spec: { brokerRef: 'default', ...PLAINTEXT } },
    };
    expect(validate([view])).toEqual(plaintextViolations(view.urn, 'BrokerListener/azure-iot-operations/quick-test (azure-iot-operations/BrokerListener/quick-test)'));
  });

  test('a SecureBroker stack passes every policy, and reads back as its plan', async () => {
    const { views, broker } = await brokerStack();
    expect(validate(views)).toEqual({});
    // The round trip: what CrossGuard reads is the plan.
    const byId = (a: Resource, b: Resource) => a.id.localeCompare(b.id);
    expect([...readStackResources(views).resources].sort(byId)).toEqual(planSecureBroker(resolveSecureBroker('plant-a', PROPS)).sort(byId));
    // Without the component's outputs, Azure's view has neither logical ids nor namespaces.
    const bare = readStackResources(views.filter((v) => !v.type.startsWith('aio-secure:'))).resources;
    expect(bare.map((r) => [r.id.startsWith('urn:pulumi:'), r.namespace])).toEqual([[true, undefined], [true, undefined], [true, undefined], [true, undefined]]);
    expect(readStackResources(views).urns.get('plant-a/listener/external')).toBe(views.find((v) => v.name === 'plant-a-listener-external')!.urn);
    expect(broker.children.has('plant-a/listener/external')).toBe(true);
  });

  test('an opt-out on the component is honoured through its outputs, and the waived finding stays visible', async () => {
    // A plaintext port on an exposed listener is only acceptable (with a waiver) in development.
    const { views } = await brokerStack({
      ...PROPS,
      listeners: [{ name: 'lab', serviceType: 'NodePort', ipAddresses: ['10.20.0.5'], ports: [{ port: 1883, allowPlaintext: OPT_OUT }], authentication: { serviceAccountToken: { audiences: ['lab'] } } }],
    }, 'development');
    const urn = views.find((v) => v.name === 'plant-a-listener-lab')!.urn;
    const result = validate(views, { profile: 'development' });
    expect(result['listener-requires-tls']).toBeUndefined();
    expect(result[WAIVED_FINDINGS_POLICY]).toEqual([[
      `BrokerListener/azure-iot-operations/lab (plant-a/listener/lab): [listener-requires-tls] Port 1883 of listener lab has no TLS. Waived until 2099-12-31 by ot-platform: port 1883: ${OPT_OUT.reason}`,
      urn,
    ], [
      `BrokerListener/azure-iot-operations/lab (plant-a/listener/lab): [exposed-plaintext-listener] Port 1883 of NodePort listener lab is reachable from outside the cluster without TLS: its clients' credentials and messages cross the network in clear text. Waived until 2099-12-31 by ot-platform: port 1883: ${OPT_OUT.reason}`,
      urn,
    ]]);
    // Without the component's outputs the same listener is a violation: the waiver lives there.
    const withoutComponent = views.filter((v) => !v.type.startsWith('aio-secure:'));
    expect(validate(withoutComponent, { profile: 'development' })['listener-requires-tls']).toEqual([[`BrokerListener/lab: Port 1883 of listener lab has no TLS. ${FIX.tls}`, urn]]);
  });

  test('stack-wide waivers from the options; unusable waivers are mandatory violations', () => {
    const view = listenerView(PLAINTEXT, 'azure-native:iotoperations:BrokerListener', 'quick-test');
    const waiver = { rule: 'listener-requires-tls', target: 'BrokerListener/quick-test', reason: 'Protocol analyser on the lab VLAN until 2099', owner: 'lab-team', expires: '2099-01-01' };
    const result = validate([view], { waivers: [waiver, { ...waiver, rule: 'exposed-anonymous-plaintext-listener' }, { ...waiver, reason: 'tbd' }] });
    expect(result['listener-requires-tls']).toBeUndefined();
    expect(result[WAIVED_FINDINGS_POLICY]).toEqual([[
      `BrokerListener/quick-test: [listener-requires-tls] Port 1883 of listener quick-test has no TLS. Waived until 2099-01-01 by lab-team: ${waiver.reason}`, view.urn,
    ]]);
    expect(result['exposed-anonymous-plaintext-listener']).toHaveLength(1);
    expect(result[WAIVER_PROBLEMS_POLICY]).toEqual([
      ['waiver for rule "exposed-anonymous-plaintext-listener" cannot be used: rule "exposed-anonymous-plaintext-listener" cannot be waived', undefined],
      ['waiver for rule "listener-requires-tls" cannot be used: reason is not a substantive reason: Say why the risk is accepted and what limits it, in at least 20 characters', undefined],
    ]);
    // An expired waiver waives nothing and says so.
    const expired = validate([view], { waivers: [waiver], now: new Date('2099-01-02T00:00:00Z') });
    expect(expired['listener-requires-tls']).toEqual([[`BrokerListener/quick-test: Port 1883 of listener quick-test has no TLS. (waiver expired on 2099-01-01) ${FIX.tls}`, view.urn]]);
  });

  test('a value unknown during preview never passes: behind CrossGuard\'s proxy, the rules that read it cannot decide', () => {
    const ports = [{ port: 8883, authenticationRef: 'external-authn', authorizationRef: 'plant-a-authz', tls: UNKNOWN_OBJECT }];
    const plain = listenerView({ serviceType: 'LoadBalancer', ports });
    const view = { ...plain, props: unknownCheckingProxy({ ...plain.props }) };
    const result = validate([view]);
    const undecided = (fix: string) => [[`BrokerListener/quick-test: Could not decide: /spec/ports/0/tls is not known until the deployment runs. ${fix}`, view.urn]];
    expect(result['listener-requires-tls']).toEqual(undecided(FIX.tls));
    expect(result['exposed-anonymous-plaintext-listener']).toEqual(undecided(FIX.exposed));
    // No rule that checks listeners passes it: each reports a finding or an undecided outcome.
    const listenerRules = RULES.filter((r) => r.severity.production !== 'off' && r.appliesTo.some((k) => k.kind === 'BrokerListener')).map((r) => r.name);
    expect(listenerRules.length).toBeGreaterThan(5);
    expect(Object.keys(result)).toEqual(listenerRules);
  });

  test('unknown properties as a whole, or raw unknown values without the proxy, are undecided too', () => {
    const plain = listenerView(UNKNOWN_OBJECT);
    const whole = { ...plain, props: unknownCheckingProxy({ ...plain.props }) };
    expect(validate([whole])['listener-requires-tls']).toEqual([[`BrokerListener/quick-test: Could not decide: /spec is not known until the deployment runs. ${FIX.tls}`, whole.urn]]);

    const raw = listenerView({ serviceType: UNKNOWN_STRING, ports: [{ port: 1883 }] });
    const result = validate([raw]);
    // Plaintext is a fact whatever the service type; whether it is exposed is not.
    expect(result['listener-requires-tls']).toEqual([[`BrokerListener/quick-test: Port 1883 of listener quick-test has no TLS. ${FIX.tls}`, raw.urn]]);
    expect(result['exposed-anonymous-plaintext-listener']).toEqual([[`BrokerListener/quick-test: Could not decide: /spec/serviceType is not known until the deployment runs. ${FIX.exposed}`, raw.urn]]);
  });

  test('an unknown name is recorded as unresolved, so nothing about the resource passes', () => {
    const view = listenerView({ serviceType: 'ClusterIp', ports: [] });
    const props = { ...view.props, listenerName: UNKNOWN_STRING };
    const [r] = readStackResources([{ ...view, props }]).resources;
    expect([r.name, r.unresolved]).toEqual([UNKNOWN_VALUE, ['/metadata/name']]);
    const named = readStackResources([{ ...view, props: { ...props, name: 'from-output' } }]).resources[0];
    expect([named.name, named.unresolved]).toEqual(['from-output', undefined]);
  });

  test('resources other than AIO and Kubernetes objects are left out', () => {
    const stack = readStackResources([
      { type: 'azure-native:resources:ResourceGroup', urn: 'urn:rg', name: 'rg', props: { location: 'westeurope' } },
      { type: 'pulumi:providers:kubernetes', urn: 'urn:k8s', name: 'k8s', props: {} },
      { type: 'kubernetes:helm.sh/v3:Chart', urn: 'urn:chart', name: 'chart', props: { chart: 'x' } },
    ]);
    expect(stack.resources).toEqual([]);
  });
});
