import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { Provider as KubernetesProvider } from '@pulumi/kubernetes/provider';
import { getVersion } from '@pulumi/azure-native/utilities';
import {
  AioSecureError, ARM, ARM_IOT_OPERATIONS_STABLE_VERSIONS, planSecureBroker, resolveSecureBroker, toKubernetesObject,
  type Resource, type SecureBrokerProps,
} from 'aio-secure';
import { childName, iotoperations, PLANNED_RESOURCES_OUTPUT, renderResources, SecureBroker, type SecureBrokerArgs } from 'aio-secure/pulumi';
import { installMocks, settled, valueOf, type Registration } from './support';

const run = installMocks();
beforeEach(() => run.reset());

const OPT_OUT = { reason: 'Line-2 test rig without TLS support; isolated VLAN, removed after commissioning', owner: 'ot-platform', expires: '2099-12-31' };
const CUSTOM_LOCATION = '/subscriptions/0000/resourceGroups/rg-plant-a/providers/Microsoft.ExtendedLocation/customLocations/plant-a';
const SITE = { instanceName: 'plant-a-aio', resourceGroupName: 'rg-plant-a', customLocationId: CUSTOM_LOCATION };

// The same props as test/cdk8s/secure-broker.test.ts, so that both backends answer the same input.
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
const ARGS: SecureBrokerArgs = { ...PROPS, ...SITE };

const V = `v${ARM.iotOperations.replace(/-/g, '')}`;
const COMPONENT_URN = 'urn:pulumi:test::project::aio-secure:broker:SecureBroker::plant-a';
const childUrn = (kind: string, name: string) => `urn:pulumi:test::project::aio-secure:broker:SecureBroker$azure-native:iotoperations/${V}:${kind}::${name}`;

async function build(args: SecureBrokerArgs = ARGS, name = 'plant-a'): Promise<SecureBroker> {
  const broker = new SecureBroker(name, args);
  await settled([broker, ...broker.children.values()]);
  return broker;
}

const children = () => run.registrations.filter((r) => r.custom);
const byName = (name: string): Registration => run.registrations.find((r) => r.name === name)!;

function errorOf(fn: () => unknown): AioSecureError {
  try {
    fn();
  } catch (e) {
    return e as AioSecureError;
  }
  throw new Error('expected an error');
}

describe('SecureBroker (Pulumi)', () => {
  test('snapshot of the registered resources', async () => {
    await build();
    // The provider version is asserted on its own, so that upgrading azure-native does not churn the snapshot.
    expect(run.registrations.map(({ type, name, inputs, parent, dependencies, aliasTypes }) =>
      ({ type, name, inputs, parent, dependencies, aliasTypes }))).toMatchSnapshot();
  });

  test('registers the component with its type token, and one child per planned resource', async () => {
    const broker = await build();
    expect(run.registrations[0]).toMatchObject({ type: 'aio-secure:broker:SecureBroker', name: 'plant-a', custom: false, urn: COMPONENT_URN });
    expect(broker.resources).toEqual(planSecureBroker(resolveSecureBroker('plant-a', PROPS)));
    expect(children().map((r) => [r.type, r.name])).toEqual([
      [`azure-native:iotoperations/${V}:Broker`, 'plant-a-broker'],
      [`azure-native:iotoperations/${V}:BrokerAuthentication`, 'plant-a-authentication-external'],
      [`azure-native:iotoperations/${V}:BrokerAuthorization`, 'plant-a-authorization'],
      [`azure-native:iotoperations/${V}:BrokerListener`, 'plant-a-listener-external'],
    ]);
    expect([...broker.children.keys()]).toEqual(['plant-a/broker', 'plant-a/authentication/external', 'plant-a/authorization', 'plant-a/listener/external']);
  });

  test('uses the API version versions.ts pins (2025-10-01), through a token the azure-native SDK lists as served', () => {
    expect(ARM.iotOperations).toBe('2025-10-01');
    expect(V).toBe('v20251001');
    const sdk = join(require.resolve('@pulumi/azure-native/package.json'), '..', 'iotoperations');
    for (const [kind, file] of [['Broker', 'broker'], ['BrokerListener', 'brokerListener'], ['BrokerAuthentication', 'brokerAuthentication'], ['BrokerAuthorization', 'brokerAuthorization']]) {
      const source = readFileSync(join(sdk, `${file}.js`), 'utf8');
      expect(source).toContain(`{ type: "${iotoperations.iotOperationsToken(kind, ARM.iotOperations)}" }`);
      // The SDK's own class is still at 2024-11-01, which is why aio-secure does not use it.
      expect(source).toContain('Uses Azure REST API version 2024-11-01.');
    }
  });

  test('every child is created by the azure-native provider version installed, aliased across API versions', async () => {
    await build();
    for (const r of children()) {
      const kind = r.type.split(':').pop()!;
      expect(r.version).toBe(getVersion());
      expect(r.aliasTypes).toEqual([
        `azure-native:iotoperations:${kind}`,
        ...ARM_IOT_OPERATIONS_STABLE_VERSIONS.filter((v) => v !== ARM.iotOperations).map((v) => `azure-native:iotoperations/v${v.replace(/-/g, '')}:${kind}`),
      ]);
    }
  });

  test('properties are exactly the planned specs; names, instance, resource group and custom location are passed through', async () => {
    const broker = await build();
    const location = { name: CUSTOM_LOCATION, type: 'CustomLocation' };
    const common = { resourceGroupName: 'rg-plant-a', instanceName: 'plant-a-aio', extendedLocation: location };
    const spec = (id: string) => broker.resources.find((r) => r.id === id)!.spec;
    expect(byName('plant-a-broker').inputs).toEqual({ ...common, brokerName: 'default', properties: spec('plant-a/broker') });
    expect(byName('plant-a-authentication-external').inputs).toEqual({
      ...common, brokerName: 'default', authenticationName: 'external-authn', properties: spec('plant-a/authentication/external'),
    });
    expect(byName('plant-a-authorization').inputs).toEqual({
      ...common, brokerName: 'default', authorizationName: 'plant-a-authz', properties: spec('plant-a/authorization'),
    });
    expect(byName('plant-a-listener-external').inputs).toEqual({
      ...common, brokerName: 'default', listenerName: 'external', properties: spec('plant-a/listener/external'),
    });
  });

  test('the security invariants reach Azure: TLS from the issuer, authentication and authorization on every port, encrypted internal traffic', async () => {
    await build();
    const listener = byName('plant-a-listener-external').inputs.properties as { ports: Record<string, unknown>[] };
    expect(listener.ports).toEqual([expect.objectContaining({
      port: 8883,
      authenticationRef: 'external-authn',
      authorizationRef: 'plant-a-authz',
      tls: expect.objectContaining({ mode: 'Automatic', certManagerCertificateSpec: expect.objectContaining({ issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'plant-ca' } }) }),
    })]);
    expect(byName('plant-a-broker').inputs.properties).toMatchObject({ advanced: { encryptInternalTraffic: 'Enabled' } });
    expect(byName('plant-a-authentication-external').inputs.properties).toEqual({ authenticationMethods: [
      { method: 'X509', x509Settings: { trustedClientCaCert: 'client-ca' } },
      { method: 'ServiceAccountToken', serviceAccountTokenSettings: { audiences: ['plant-apps'] } },
    ] });
  });

  test('every child has the component as parent; children wait for their broker and the resources a listener references', async () => {
    await build();
    for (const r of children()) expect(r.parent).toBe(COMPONENT_URN);
    const broker = childUrn('Broker', 'plant-a-broker');
    expect(byName('plant-a-broker').dependencies).toEqual([]);
    expect(byName('plant-a-authentication-external').dependencies).toEqual([broker]);
    expect(byName('plant-a-authorization').dependencies).toEqual([broker]);
    expect(byName('plant-a-listener-external').dependencies).toEqual([
      broker, childUrn('BrokerAuthentication', 'plant-a-authentication-external'), childUrn('BrokerAuthorization', 'plant-a-authorization'),
    ]);
  });

  test('outputs: names, ARM ids, and what Azure does not keep of each child (logical id, namespace, waivers) for the policy pack', async () => {
    // A plaintext port on an exposed listener is only acceptable (with a waiver) in development.
    const broker = await build({
      ...ARGS,
      profile: 'development',
      listeners: [{ ...PROPS.listeners[0], authentication: { serviceAccountToken: { audiences: ['plant-apps'] } }, ports: [{ port: 8883 }, { port: 1883, allowPlaintext: OPT_OUT }] }],
    });
    expect([broker.brokerName, broker.listenerNames, broker.authenticationNames, broker.authorizationName])
      .toEqual(['default', ['external'], ['external-authn'], 'plant-a-authz']);
    const outputs = run.outputs.get(COMPONENT_URN)!;
    expect(outputs).toEqual({
      brokerName: 'default',
      listenerNames: ['external'],
      authenticationNames: ['external-authn'],
      authorizationName: 'plant-a-authz',
      resourceIds: {
        'plant-a/broker': 'plant-a-broker-id',
        'plant-a/authentication/external': 'plant-a-authentication-external-id',
        'plant-a/authorization': 'plant-a-authorization-id',
        'plant-a/listener/external': 'plant-a-listener-external-id',
      },
      [PLANNED_RESOURCES_OUTPUT]: [
        { id: 'plant-a/broker', urn: childUrn('Broker', 'plant-a-broker'), namespace: 'azure-iot-operations' },
        { id: 'plant-a/authentication/external', urn: childUrn('BrokerAuthentication', 'plant-a-authentication-external'), namespace: 'azure-iot-operations' },
        { id: 'plant-a/authorization', urn: childUrn('BrokerAuthorization', 'plant-a-authorization'), namespace: 'azure-iot-operations' },
        {
          id: 'plant-a/listener/external',
          urn: childUrn('BrokerListener', 'plant-a-listener-external'),
          namespace: 'azure-iot-operations',
          waivers: ['listener-requires-tls', 'exposed-plaintext-listener'].map((rule) => ({ rule, reason: `port 1883: ${OPT_OUT.reason}`, owner: 'ot-platform', expires: '2099-12-31', path: '/spec/ports/1' })),
        },
      ],
    });
    expect(await valueOf(broker.children.get('plant-a/listener/external')!.urn)).toBe(childUrn('BrokerListener', 'plant-a-listener-external'));
  });

  test('bad props throw the same AioSecureError as cdk8s, before anything is registered', () => {
    const e = errorOf(() => new SecureBroker('plant-a', { ...ARGS, listeners: [{ ...PROPS.listeners[0], ports: [{ port: 8883 }, { port: 8883 }] }] }));
    expect(e).toBeInstanceOf(AioSecureError);
    expect(e.message).toBe(
      'SecureBroker "plant-a": listeners[0].ports[1].port is already used by listeners[0].ports[0]; a port number may appear once across all listeners (got 8883). Use another port');
    expect(e.code).toBe('DUPLICATE');
    expect(run.registrations).toEqual([]);
  });

  test('the component name is the construct id, validated the same way', () => {
    expect(() => new SecureBroker('Plant A', ARGS)).toThrow(
      'SecureBroker "Plant A": id is not a DNS-1123 label of at most 40 characters (got "Plant A"). Use lower-case letters, digits and "-"; generated resource names start with it');
  });

  test('an unwaived error fails construction (profile production by default), naming rule, resource and fix', () => {
    const quickstart: SecureBrokerArgs = { ...ARGS, issuer: { kind: 'ClusterIssuer', name: 'azure-iot-operations-aio-certificate-issuer' } };
    const e = errorOf(() => new SecureBroker('plant-a', quickstart));
    expect(e).toBeInstanceOf(AioSecureError);
    expect(e.code).toBe('UNWAIVED_FINDINGS');
    expect(e.message).toBe(
      'SecureBroker "plant-a": the plan breaks the guidance of profile production (1 problem). Fix the props, or waive the rule with a reason (waivers):\n' +
      '  plant-a/listener/external: [listener-customer-ca] Port 8883 of listener external takes its certificate from the quickstart issuer ' +
      'azure-iot-operations-aio-certificate-issuer. Fix: Point SecureBroker\'s issuer at your own CA\'s issuer (for example a ClusterIssuer backed by a CA key pair ' +
      'synced from Key Vault, or a Vault/ACME issuer), and deploy AIO with trustConfig.source CustomerManaged. (CN-2)');
    expect(run.registrations).toEqual([]);
  });

  test('the development profile, a waiver, or an opt-out (in development) let construction pass; the finding stays in checks', async () => {
    const quickstart: SecureBrokerArgs = { ...ARGS, issuer: { kind: 'ClusterIssuer', name: 'azure-iot-operations-aio-certificate-issuer' } };
    expect((await build({ ...quickstart, profile: 'development' })).checks.findings).toEqual([]);

    const waiver = { rule: 'listener-customer-ca', target: 'BrokerListener/external', reason: 'Quickstart CA until the plant PKI is commissioned in March', owner: 'ot-platform', expires: '2099-01-01' };
    const waived = await build({ ...quickstart, waivers: [waiver] }, 'plant-b');
    expect(waived.checks.findings.map((f) => [f.rule, f.waived, f.waiver?.owner])).toEqual([['listener-customer-ca', true, 'ot-platform']]);

    const expired = errorOf(() => new SecureBroker('plant-c', { ...quickstart, waivers: [{ ...waiver, expires: '2020-01-01' }] }));
    expect(expired.message).toContain('takes its certificate from the quickstart issuer azure-iot-operations-aio-certificate-issuer. (waiver expired on 2020-01-01) Fix:');

    const lab: SecureBrokerArgs = {
      ...ARGS,
      profile: 'development',
      listeners: [{ name: 'lab', serviceType: 'NodePort', ipAddresses: ['10.20.0.5'], ports: [{ port: 1883, allowPlaintext: OPT_OUT }], authentication: { serviceAccountToken: { audiences: ['lab'] } } }],
    };
    const optedOut = await build(lab, 'plant-d');
    expect(optedOut.checks.findings.filter((f) => f.rule === 'listener-requires-tls').map((f) => [f.rule, f.waived, f.waiver?.owner])).toEqual([['listener-requires-tls', true, 'ot-platform']]);
    expect(optedOut.checks.findings.filter((f) => !f.waived && f.severity === 'error')).toEqual([]);
    expect(byName('plant-d-listener-lab').inputs.properties).toEqual(optedOut.resources.find((r) => r.kind === 'BrokerListener')!.spec);
  });

  test('a waiver that cannot be used fails construction', () => {
    const e = errorOf(() => new SecureBroker('plant-a', { ...ARGS, waivers: [{ rule: 'listener-customer-ca', target: 'BrokerListener/external', reason: 'todo', owner: 'me', expires: '2099-01-01' }] }));
    expect(e.message).toBe(
      'SecureBroker "plant-a": the plan breaks the guidance of profile production (1 problem). Fix the props, or waive the rule with a reason (waivers):\n' +
      '  waiver for rule "listener-customer-ca" cannot be used: reason is not a substantive reason: Say why the risk is accepted and what limits it, in at least 20 characters');
  });
});

describe('renderResources', () => {
  /** A component that renders a hand-made plan, as future constructs will. */
  class Owner extends pulumi.ComponentResource {
    constructor(name: string) {
      super('aio-secure:test:Owner', name, {});
    }
  }

  const policy: Resource = {
    id: 'site/network-policy', group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy', name: 'broker-ingress', namespace: 'azure-iot-operations',
    spec: { podSelector: { matchLabels: { app: 'aio-broker' } }, policyTypes: ['Ingress'] },
    waivers: [{ rule: 'listener-requires-tls', reason: 'A waiver that travels with the object as an annotation', owner: 'ot', expires: '2099-01-01' }],
  };
  const context = { construct: 'Site', ...SITE };

  test('Kubernetes objects need a provider; the error names the prop', () => {
    const owner = new Owner('site');
    expect(() => renderResources(owner, 'site', [policy], context)).toThrow(
      'Site "site": kubernetesProvider is missing. The plan has Kubernetes objects (NetworkPolicy/azure-iot-operations/broker-ingress); pass the @pulumi/kubernetes Provider of the cluster');
  });

  test('Kubernetes objects are created through the given provider as the object the cdk8s backend would write', async () => {
    const owner = new Owner('site');
    const provider = new KubernetesProvider('cluster', {});
    const created = renderResources(owner, 'site', [policy], { ...context, kubernetesProvider: provider });
    await settled([owner, provider, ...created.values()]);
    const r = byName('site-network-policy');
    expect(r.type).toBe('kubernetes:networking.k8s.io/v1:NetworkPolicy');
    expect(r.inputs).toEqual(toKubernetesObject(policy));
    expect(r.provider).toBe(`${await valueOf(provider.urn)}::${await valueOf(provider.id)}`);
    expect(r.parent).toBe('urn:pulumi:test::project::aio-secure:test:Owner::site');
  });

  test('an ARM type the renderer does not know is an error, not a silent skip', () => {
    const owner = new Owner('site');
    expect(() => renderResources(owner, 'site', [{ ...policy, armType: 'Microsoft.IoTOperations/instances/dataflowEndpoints' }], context)).toThrow(
      'Site "site": NetworkPolicy/azure-iot-operations/broker-ingress (site/network-policy) has ARM type Microsoft.IoTOperations/instances/dataflowEndpoints, which the Pulumi renderer does not know yet.');
  });

  test('resources are created after what they reference, whatever the plan order', async () => {
    const owner = new Owner('site');
    const plan = planSecureBroker(resolveSecureBroker('site', PROPS)).reverse();
    const created = renderResources(owner, 'site', plan, context);
    expect([...created.keys()]).toEqual(['site/broker', 'site/authentication/external', 'site/authorization', 'site/listener/external']);
    await settled([owner, ...created.values()]);
  });

  test('a dependency cycle is reported', () => {
    const owner = new Owner('site');
    const a: Resource = { ...policy, id: 'site/a', name: 'a', spec: { thingRef: 'b' } };
    const b: Resource = { ...policy, id: 'site/b', name: 'b', spec: { thingRef: 'a' } };
    expect(() => renderResources(owner, 'site', [a, b], { ...context, kubernetesProvider: new KubernetesProvider('k', {}) })).toThrow(
      'Site "site": planned resources depend on each other in a cycle: site/a -> site/b -> site/a.');
  });

  test('child names come from the owner name and the logical id', () => {
    expect(childName('plant-a', 'plant-a/listener/plant-floor')).toBe('plant-a-listener-plant-floor');
    expect(childName('plant-a', 'shared/issuer')).toBe('plant-a-shared-issuer');
  });
});

describe('iotoperations classes', () => {
  test('reject missing arguments by name, as a generated SDK does', () => {
    expect(() => new iotoperations.BrokerListener('l', { resourceGroupName: 'rg', instanceName: 'i', extendedLocation: { name: 'cl', type: 'CustomLocation' }, properties: {} } as never))
      .toThrow('BrokerListener "l": brokerName is missing. Pass it in the args.');
  });

  test('tokens follow azure-native\'s module naming', () => {
    expect(iotoperations.azureNativeModuleVersion('2025-07-01-preview')).toBe('v20250701preview');
    expect(iotoperations.iotOperationsToken('Broker')).toBe('azure-native:iotoperations:Broker');
    expect(iotoperations.iotOperationsToken('Broker', '2025-10-01')).toBe('azure-native:iotoperations/v20251001:Broker');
  });
});
