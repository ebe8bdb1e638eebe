import {
  AioSecureError,
  CERTIFICATE_LIMITS,
  planSecureBroker,
  resolveSecureBroker,
  SECURE_BROKER_DEFAULTS,
  resolveCertificatePolicy,
  type JsonObject,
  type Resource,
  type SecureBrokerProps,
} from 'aio-secure';

const OPT_OUT = { reason: 'Line-2 test rig without TLS support; isolated VLAN, removed after commissioning', owner: 'ot-platform', expires: '2027-03-31' };

function props(overrides: Partial<SecureBrokerProps> = {}): SecureBrokerProps {
  return {
    issuer: { kind: 'ClusterIssuer', name: 'plant-ca' },
    listeners: [
      {
        name: 'external',
        serviceType: 'LoadBalancer',
        hostnames: ['mqtt.plant.example'],
        ports: [{ port: 8883 }],
        authentication: { x509: { trustedClientCaConfigMap: 'client-ca' } },
      },
    ],
    clients: [{ name: 'sensors', attributes: [{ role: 'sensor' }], publish: ['plant/{principal.username}/telemetry'] }],
    ...overrides,
  };
}

function plan(p: SecureBrokerProps = props()): Resource[] {
  return planSecureBroker(resolveSecureBroker('plant-a', p));
}

function byKind(resources: Resource[], kind: string): Resource[] {
  return resources.filter((r) => r.kind === kind);
}

function ports(listener: Resource): JsonObject[] {
  return listener.spec.ports as JsonObject[];
}

/** The message of the error `fn` throws; fails the test when it throws something else or nothing. */
function errorOf(fn: () => unknown): AioSecureError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AioSecureError);
    return e as AioSecureError;
  }
  throw new Error('expected an AioSecureError');
}

describe('planSecureBroker', () => {
  test('snapshot of the planned resources', () => {
    expect(plan()).toMatchSnapshot();
  });

  test('plans the broker, one authentication per listener, one authorization and the listeners', () => {
    expect(plan().map((r) => `${r.kind}/${r.name} ${r.id}`)).toEqual([
      'Broker/default plant-a/broker',
      'BrokerAuthentication/external-authn plant-a/authentication/external',
      'BrokerAuthorization/plant-a-authz plant-a/authorization',
      'BrokerListener/external plant-a/listener/external',
    ]);
  });

  test('CN-4: internal traffic is encrypted with bounded, rotating internal certificates', () => {
    const [broker] = byKind(plan(), 'Broker');
    expect(broker.spec.advanced).toEqual({
      encryptInternalTraffic: 'Enabled',
      internalCerts: { duration: '240h', renewBefore: '80h', privateKey: { algorithm: 'Ec256', rotationPolicy: 'Always' } },
    });
    expect(broker.waivers).toBeUndefined();
  });

  test('CN-1, CN-5: every port has automatic TLS from the given issuer, with SANs and a rotating EC key', () => {
    const [listener] = byKind(plan(), 'BrokerListener');
    for (const port of ports(listener)) {
      expect(port.tls).toEqual({
        mode: 'Automatic',
        certManagerCertificateSpec: {
          duration: '2160h',
          renewBefore: '720h',
          issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'plant-ca' },
          privateKey: { algorithm: 'Ec256', rotationPolicy: 'Always' },
          san: {
            dns: [
              'aio-broker-external',
              'aio-broker-external.azure-iot-operations',
              'aio-broker-external.azure-iot-operations.svc',
              'aio-broker-external.azure-iot-operations.svc.cluster.local',
              'mqtt.plant.example',
            ],
            ip: [],
          },
        },
      });
    }
  });

  test('ED-3, ED-4: every port references the listener authentication and the generated authorization', () => {
    const resources = plan();
    const [listener] = byKind(resources, 'BrokerListener');
    const [authn] = byKind(resources, 'BrokerAuthentication');
    const [authz] = byKind(resources, 'BrokerAuthorization');
    for (const port of ports(listener)) {
      expect(port.authenticationRef).toBe(authn.name);
      expect(port.authorizationRef).toBe(authz.name);
    }
    expect(authn.spec).toEqual({ authenticationMethods: [{ method: 'X509', x509Settings: { trustedClientCaCert: 'client-ca' } }] });
  });

  test('ED-4: authorization grants exactly the declared intent and nothing more', () => {
    const resources = plan(props({
      clients: [
        { name: 'gateway', clientIds: ['gw-1'], usernames: ['gw'], publish: ['plant/line-1/+/telemetry'], subscribe: ['plant/line-1/commands/#'] },
        { name: 'historian', attributes: [{ app: 'historian', site: 'a' }], subscribe: ['plant/+/+/telemetry'] },
      ],
    }));
    const [authz] = byKind(resources, 'BrokerAuthorization');
    expect(authz.spec).toEqual({
      authorizationPolicies: {
        cache: 'Enabled',
        rules: [
          {
            principals: { usernames: ['gw'] },
            brokerResources: [
              { method: 'Connect', clientIds: ['gw-1'] },
              { method: 'Publish', topics: ['plant/line-1/+/telemetry'] },
              { method: 'Subscribe', topics: ['plant/line-1/commands/#'] },
            ],
          },
          {
            principals: { attributes: [{ app: 'historian', site: 'a' }] },
            brokerResources: [{ method: 'Connect' }, { method: 'Subscribe', topics: ['plant/+/+/telemetry'] }],
          },
        ],
      },
    });
  });

  test('with no clients the authorization has no rules, which denies everything', () => {
    const [authz] = byKind(plan(props({ clients: undefined })), 'BrokerAuthorization');
    expect(authz.spec).toEqual({ authorizationPolicies: { cache: 'Enabled', rules: [] } });
  });

  test('listeners, authentications and authorizations name the AIO broker "default" as parent', () => {
    for (const r of plan().filter((x) => x.kind !== 'Broker')) {
      expect(r.parent).toEqual({ kind: 'Broker', name: 'default', namespace: 'azure-iot-operations' });
    }
  });

  test('SAT authentication and NodePort listeners', () => {
    const resources = plan(props({
      listeners: [{
        name: 'line', serviceType: 'NodePort', ipAddresses: ['10.20.0.5'], ports: [{ port: 9883, nodePort: 31883, protocol: 'WebSockets' }],
        authentication: { serviceAccountToken: { audiences: ['plant-apps'] } },
      }],
    }));
    const [authn] = byKind(resources, 'BrokerAuthentication');
    expect(authn.spec).toEqual({ authenticationMethods: [{ method: 'ServiceAccountToken', serviceAccountTokenSettings: { audiences: ['plant-apps'] } }] });
    const [listener] = byKind(resources, 'BrokerListener');
    expect(ports(listener)[0]).toMatchObject({ port: 9883, nodePort: 31883, protocol: 'WebSockets' });
    expect(listener.spec.serviceType).toBe('NodePort');
  });

  test('an explicit plaintext opt-out drops TLS on that port only and travels as a waiver', () => {
    const resources = plan(props({
      listeners: [{
        name: 'lab', serviceType: 'LoadBalancer', hostnames: ['lab.plant.example'],
        ports: [{ port: 8883 }, { port: 1883, allowPlaintext: OPT_OUT }],
        authentication: { serviceAccountToken: { audiences: ['lab'] } },
      }],
    }));
    const [listener] = byKind(resources, 'BrokerListener');
    expect(ports(listener)[0].tls).toBeDefined();
    expect(ports(listener)[1].tls).toBeUndefined();
    expect(ports(listener)[1].authenticationRef).toBe('lab-authn');
    // One waiver per finding the opt-out accepts, narrowed to the opted-out port.
    expect(listener.waivers).toEqual(['listener-requires-tls', 'exposed-plaintext-listener'].map((rule) =>
      ({ rule, reason: `port 1883: ${OPT_OUT.reason}`, owner: OPT_OUT.owner, expires: OPT_OUT.expires, path: '/spec/ports/1' })));
  });

  test('an explicit opt-out of internal encryption disables it and travels as a waiver', () => {
    const [broker] = byKind(plan(props({ allowUnencryptedInternalTraffic: OPT_OUT })), 'Broker');
    expect((broker.spec.advanced as JsonObject).encryptInternalTraffic).toBe('Disabled');
    expect(broker.waivers).toEqual([{ rule: 'broker-internal-encryption', ...OPT_OUT }]);
  });
});

describe('SecureBroker in full', () => {
  const listener = props().listeners[0];

  test('authentication methods follow the declared order, with X.509 authorization attributes', () => {
    const [authn] = byKind(plan(props({
      listeners: [{
        ...listener,
        authentication: {
          order: ['serviceAccountToken', 'x509'],
          serviceAccountToken: { audiences: ['plant-apps'] },
          x509: { trustedClientCaConfigMap: 'client-ca', authorizationAttributes: { sensors: { subject: 'CN = line-1 sensors', attributes: { role: 'sensor' } } } },
        },
      }],
    })), 'BrokerAuthentication');
    expect(authn.spec.authenticationMethods).toEqual([
      { method: 'ServiceAccountToken', serviceAccountTokenSettings: { audiences: ['plant-apps'] } },
      { method: 'X509', x509Settings: { trustedClientCaCert: 'client-ca', authorizationAttributes: { sensors: { subject: 'CN = line-1 sensors', attributes: { role: 'sensor' } } } } },
    ]);
  });

  test('custom authentication is HTTPS with a CA, and travels as a waiver of authentication-x509-or-sat', () => {
    const [authn] = byKind(plan(props({
      listeners: [{
        ...listener,
        authentication: {
          x509: { trustedClientCaConfigMap: 'client-ca' },
          allowCustomAuthentication: { endpoint: 'https://auth.plant.example', caCertConfigMap: 'auth-ca', clientCertificateSecret: 'broker-client', ...OPT_OUT },
        },
      }],
    })), 'BrokerAuthentication');
    expect(authn.spec.authenticationMethods).toEqual([
      { method: 'X509', x509Settings: { trustedClientCaCert: 'client-ca' } },
      { method: 'Custom', customSettings: { endpoint: 'https://auth.plant.example', caCertConfigMap: 'auth-ca', auth: { x509: { secretRef: 'broker-client' } } } },
    ]);
    expect(authn.waivers).toEqual([{ rule: 'authentication-x509-or-sat', reason: `custom authentication by https://auth.plant.example: ${OPT_OUT.reason}`, owner: OPT_OUT.owner, expires: OPT_OUT.expires }]);
  });

  test('state store grants: the keys, the request topic and the client\'s own response topic', () => {
    const [authz] = byKind(plan(props({
      clients: [{ name: 'app', usernames: ['app'], clientIds: ['app-1'], stateStore: { read: ['line-1/*'], readWrite: ['app-1/state'] } }],
    })), 'BrokerAuthorization');
    expect(authz.spec.authorizationPolicies).toEqual({
      cache: 'Enabled',
      rules: [{
        principals: { usernames: ['app'] },
        brokerResources: [
          { method: 'Connect', clientIds: ['app-1'] },
          { method: 'Publish', topics: ['$services/statestore/_any_/command/invoke/request'] },
          { method: 'Subscribe', topics: ['clients/{principal.clientId}/services/statestore/_any_/command/invoke/response'] },
        ],
        stateStoreResources: [
          { method: 'Read', keyType: 'Pattern', keys: ['line-1/*'] },
          { method: 'ReadWrite', keyType: 'Pattern', keys: ['app-1/state'] },
        ],
      }],
    });
  });

  test('diagnostics are on, with the given settings', () => {
    const [broker] = byKind(plan(props({ diagnostics: { logLevel: 'debug', metricsPort: 9700 } })), 'Broker');
    expect(broker.spec.diagnostics).toEqual({
      logs: { level: 'debug' },
      metrics: { prometheusPort: 9700 },
      selfCheck: { mode: 'Enabled', intervalSeconds: 30, timeoutSeconds: 15 },
      traces: { mode: 'Enabled', cacheSizeMegabytes: 16, selfTracing: { mode: 'Enabled', intervalSeconds: 30 }, spanChannelCapacity: 1000 },
    });
  });

  const bad: [string, SecureBrokerProps, string][] = [
    ['custom authentication over plain HTTP', props({
      listeners: [{ ...listener, authentication: { allowCustomAuthentication: { endpoint: 'http://auth.plant.example', caCertConfigMap: 'auth-ca', ...OPT_OUT } } }],
    }), 'SecureBroker "plant-a": listeners[0].authentication.allowCustomAuthentication.endpoint is not an https:// URL (got "http://auth.plant.example"). Serve the authentication server over HTTPS; plain HTTP would expose every client credential'],
    ['custom authentication without a CA', props({
      listeners: [{ ...listener, authentication: { allowCustomAuthentication: { endpoint: 'https://auth', caCertConfigMap: '', ...OPT_OUT } } }],
    }), 'SecureBroker "plant-a": listeners[0].authentication.allowCustomAuthentication.caCertConfigMap is not a ConfigMap name (got ""). Name the ConfigMap with the CA that signed the server certificate, so the broker verifies the server'],
    ['custom authentication without a reason', props({
      listeners: [{ ...listener, authentication: { allowCustomAuthentication: { endpoint: 'https://auth', caCertConfigMap: 'ca', ...OPT_OUT, reason: 'n/a' } } }],
    }), 'SecureBroker "plant-a": listeners[0].authentication.allowCustomAuthentication.reason is not a substantive reason (got "n/a"). Say why the risk is accepted and what limits it, in at least 20 characters'],
    ['an order that leaves out a configured method', props({
      listeners: [{ ...listener, authentication: { x509: { trustedClientCaConfigMap: 'ca' }, serviceAccountToken: { audiences: ['a'] }, order: ['x509'] } }],
    }), 'SecureBroker "plant-a": listeners[0].authentication.order does not list each configured method (x509, serviceAccountToken) exactly once (got ["x509"]). Give an order of "x509", "serviceAccountToken"'],
    ['an authorization attribute without a subject', props({
      listeners: [{ ...listener, authentication: { x509: { trustedClientCaConfigMap: 'ca', authorizationAttributes: { s: { subject: '', attributes: { a: 'b' } } } } } }],
    }), 'SecureBroker "plant-a": listeners[0].authentication.x509.authorizationAttributes.s.subject is not a certificate subject (got ""). Give the subject to match, e.g. "CN = line-1 sensors, O = Contoso"'],
    ['a state store grant of every key', props({ clients: [{ name: 'c', usernames: ['c'], stateStore: { readWrite: ['*'] } }] }),
      'SecureBroker "plant-a": clients[0].stateStore.readWrite[0] grants every key (got "*"). Grant only the keys the client needs, e.g. "line-1/*"'],
    ['a state store grant of no key', props({ clients: [{ name: 'c', usernames: ['c'], stateStore: {} }] }),
      'SecureBroker "plant-a": clients[0].stateStore grants no key (got {}). List the keys under read, write or readWrite, or remove stateStore'],
    ['a self-check interval out of range', props({ diagnostics: { selfCheckIntervalSeconds: 5 } }),
      'SecureBroker "plant-a": diagnostics.selfCheckIntervalSeconds is out of range (got 5). Use a whole number from 30 to 300'],
  ];
  test.each(bad)('rejects %s', (_name, p, message) => {
    expect(errorOf(() => resolveSecureBroker('plant-a', p)).message).toBe(message);
  });
});

describe('certificate policy and persistence', () => {
  const rsa = resolveCertificatePolicy({ keyAlgorithm: 'Rsa4096', lifetime: '720h' });

  test('the certificate policy sets listener lifetimes and every key, so the chain keeps one key family', () => {
    const resources = plan(props({ certificatePolicy: rsa }));
    const [broker] = byKind(resources, 'Broker');
    const [listener] = byKind(resources, 'BrokerListener');
    expect((broker.spec.advanced as JsonObject).internalCerts).toMatchObject({ privateKey: { algorithm: 'Rsa4096', rotationPolicy: 'Always' } });
    expect(((ports(listener)[0].tls as JsonObject).certManagerCertificateSpec as JsonObject)).toMatchObject({
      duration: '720h', renewBefore: '240h', privateKey: { algorithm: 'Rsa4096', rotationPolicy: 'Always' },
    });
  });

  test('persistence is encrypted unless explicitly opted out, which travels as a waiver', () => {
    const [encrypted] = byKind(plan(props({ persistence: { maxSize: '10Gi' } })), 'Broker');
    expect(encrypted.spec.persistence).toEqual({ maxSize: '10Gi', encryption: { mode: 'Enabled' } });
    const [plain] = byKind(plan(props({ persistence: { maxSize: '10Gi', allowUnencrypted: OPT_OUT } })), 'Broker');
    expect(plain.spec.persistence).toEqual({ maxSize: '10Gi', encryption: { mode: 'Disabled' } });
    expect(plain.waivers).toEqual([{ rule: 'broker-internal-encryption', reason: `unencrypted persistence: ${OPT_OUT.reason}`, owner: OPT_OUT.owner, expires: OPT_OUT.expires, path: '/spec/persistence' }]);
  });

  test('no persistence unless asked', () => {
    expect(byKind(plan(), 'Broker')[0].spec.persistence).toBeUndefined();
  });

  test.each([
    ['certificates together with a policy', props({ certificatePolicy: rsa, certificates: { duration: '240h' } }),
      'SecureBroker "plant-a": certificates is set together with certificatePolicy (got {"duration":"240h"}). Remove certificates: the certificate policy sets the listener certificates\' lifetime'],
    ['a policy that is not resolved', props({ certificatePolicy: { keyAlgorithm: 'Ec256' } as never }),
      'SecureBroker "plant-a": certificatePolicy is not a resolved certificate policy (got {"keyAlgorithm":"Ec256"}). Pass EdgePki\'s certificatePolicy, or resolveCertificatePolicy(...)'],
    ['a persistence size that is not a quantity', props({ persistence: { maxSize: 'ten gigs' } }),
      'SecureBroker "plant-a": persistence.maxSize is not a Kubernetes quantity (got "ten gigs"). Give the largest size of the persisted data, e.g. "10Gi"'],
  ])('rejects %s', (_name, p, message) => {
    expect(errorOf(() => resolveSecureBroker('plant-a', p)).message).toBe(message);
  });
});

describe('resolveSecureBroker defaults', () => {
  test('@default diagnostics info / 9600 / 30 / 16', () =>
    expect(resolveSecureBroker('plant-a', props()).diagnostics).toEqual({ logLevel: 'info', metricsPort: 9600, selfCheckIntervalSeconds: 30, traceCacheSizeMegabytes: 16 }));
  test('@default authentication order x509, serviceAccountToken, custom (those configured)', () =>
    expect(resolveSecureBroker('plant-a', props({ listeners: [{ ...props().listeners[0], authentication: { serviceAccountToken: { audiences: ['a'] }, x509: { trustedClientCaConfigMap: 'ca' } } }] })).listeners[0].methodOrder)
      .toEqual(['x509', 'serviceAccountToken']));
  test('@default state store keyType Pattern', () =>
    expect(resolveSecureBroker('plant-a', props({ clients: [{ name: 'c', usernames: ['c'], stateStore: { read: ['k'] } }] })).clients[0].stateStore?.keyType).toBe('Pattern'));

  const r = resolveSecureBroker('plant-a', props());

  test('@default namespace azure-iot-operations', () => expect(r.namespace).toBe('azure-iot-operations'));
  test('@default certificates 2160h / 720h', () => expect(r.certificates).toEqual({ duration: '2160h', renewBefore: '720h' }));
  test('@default internalCertificates 240h / 80h', () => expect(r.internalCertificates).toEqual({ duration: '240h', renewBefore: '80h' }));
  test('@default memoryProfile Medium', () => expect(r.memoryProfile).toBe('Medium'));
  test('@default cardinality 2/2, 2/2/2', () =>
    expect(r.cardinality).toEqual({ frontendReplicas: 2, frontendWorkers: 2, backendPartitions: 2, backendRedundancyFactor: 2, backendWorkers: 2 }));
  test('@default protocol Mqtt', () => expect(r.listeners[0].ports[0].protocol).toBe('Mqtt'));
  test('@default serviceName aio-broker-<name>', () => expect(r.listeners[0].serviceName).toBe('aio-broker-external'));
  test('@default hostnames and ipAddresses empty', () => {
    // An exposed listener needs one of them; the other defaults to empty.
    expect(resolveSecureBroker('x', props({ listeners: [{ ...props().listeners[0], hostnames: undefined, ipAddresses: ['10.0.0.9'] }] })).listeners[0].hostnames).toEqual([]);
    expect(resolveSecureBroker('x', props()).listeners[0].ipAddresses).toEqual([]);
  });
  test('@default clients [] and publish/subscribe []', () => {
    expect(resolveSecureBroker('x', props({ clients: undefined })).clients).toEqual([]);
    expect(r.clients[0].subscribe).toEqual([]);
  });
  test('the defaults object is what resolve applies', () => {
    expect(SECURE_BROKER_DEFAULTS.privateKey).toEqual({ algorithm: 'Ec256', rotationPolicy: 'Always' });
    expect(CERTIFICATE_LIMITS).toEqual({ listenerMaxHours: 2160, internalMaxHours: 720 });
  });
});

describe('resolveSecureBroker rejects bad input with a clear error', () => {
  const listener = props().listeners[0];
  const cases: [string, SecureBrokerProps, string, string][] = [
    ['port out of range', props({ listeners: [{ ...listener, ports: [{ port: 70000 }] }] }),
      'SecureBroker "plant-a": listeners[0].ports[0].port is out of range (got 70000). Use a whole number from 1 to 65535, e.g. 8883',
      'INVALID_PROP'],
    ['port zero', props({ listeners: [{ ...listener, ports: [{ port: 0 }] }] }),
      'SecureBroker "plant-a": listeners[0].ports[0].port is out of range (got 0). Use a whole number from 1 to 65535, e.g. 8883', 'INVALID_PROP'],
    ['duplicate ports across listeners', props({
      listeners: [listener, { name: 'line', serviceType: 'NodePort', ipAddresses: ['10.20.0.5'], ports: [{ port: 8883 }], authentication: listener.authentication }],
    }), 'SecureBroker "plant-a": listeners[1].ports[0].port is already used by listeners[0].ports[0]; a port number may appear once across all listeners (got 8883). Use another port', 'DUPLICATE'],
    ['plaintext port with X.509', props({ listeners: [{ ...listener, ports: [{ port: 1883, allowPlaintext: OPT_OUT }] }] }),
      'SecureBroker "plant-a": listeners[0].ports[0].allowPlaintext is set on a listener with X.509 authentication, which needs TLS (got 1883). Remove allowPlaintext; X.509 client certificates only work over TLS',
      'INSECURE_WITHOUT_OPT_OUT'],
    ['plaintext opt-out without a substantive reason', props({
      listeners: [{ ...listener, authentication: { serviceAccountToken: { audiences: ['a'] } }, ports: [{ port: 1883, allowPlaintext: { ...OPT_OUT, reason: 'todo' } }] }],
    }), 'SecureBroker "plant-a": listeners[0].ports[0].allowPlaintext.reason is not a substantive reason (got "todo"). Say why the risk is accepted and what limits it, in at least 20 characters',
      'INVALID_WAIVER'],
    ['plaintext opt-out given as true', props({
      listeners: [{ ...listener, authentication: { serviceAccountToken: { audiences: ['a'] } }, ports: [{ port: 1883, allowPlaintext: true as never }] }],
    }), 'SecureBroker "plant-a": listeners[0].ports[0].allowPlaintext is not an opt-out (got true). Give { reason, owner, expires }, or remove it to keep TLS', 'INVALID_WAIVER'],
    ['invalid topic filter a/#/b', props({ clients: [{ name: 'c', usernames: ['c'], publish: ['a/#/b'] }] }),
      'SecureBroker "plant-a": clients[0].publish[0] is not a valid MQTT topic filter: it has "#" at level 2 of 3; "#" is only allowed as the last level (got "a/#/b"). Fix the filter, e.g. "plant/line-1/+/telemetry"',
      'INVALID_PROP'],
    ['invalid topic filter a+', props({ clients: [{ name: 'c', usernames: ['c'], subscribe: ['a+'] }] }),
      'SecureBroker "plant-a": clients[0].subscribe[0] is not a valid MQTT topic filter: it has "+" inside level 1 ("a+"); "+" must stand alone in its level (got "a+"). Fix the filter, e.g. "plant/line-1/+/telemetry"',
      'INVALID_PROP'],
    ['empty topic filter', props({ clients: [{ name: 'c', usernames: ['c'], subscribe: [''] }] }),
      'SecureBroker "plant-a": clients[0].subscribe[0] is not a valid MQTT topic filter: it is empty; a topic filter needs at least one character (got ""). Fix the filter, e.g. "plant/line-1/+/telemetry"',
      'INVALID_PROP'],
    ['a grant of every topic', props({ clients: [{ name: 'c', usernames: ['c'], subscribe: ['#'] }] }),
      'SecureBroker "plant-a": clients[0].subscribe[0] grants every topic (got "#"). Grant only the topics the client needs, e.g. "plant/line-1/#"', 'INVALID_PROP'],
    ['client with no match criteria', props({ clients: [{ name: 'orphan', publish: ['a/b'] }] }),
      'SecureBroker "plant-a": clients[0] has no match criteria (got "orphan"). Match the client by usernames (the X.509 certificate CN) or attributes (X.509 authorizationAttributes, SAT annotations); clientIds then restrict the ids it may connect with',
      'MISSING_PROP'],
    ['missing issuer', { ...props(), issuer: undefined as never },
      'SecureBroker "plant-a": issuer is missing. Name the cert-manager issuer that signs listener certificates, e.g. issuer: { kind: "ClusterIssuer", name: "plant-ca" }', 'MISSING_PROP'],
    ['issuer of the wrong kind', props({ issuer: { kind: 'Vault' as never, name: 'x' } }),
      'SecureBroker "plant-a": issuer.kind is not an issuer kind (got "Vault"). Use "ClusterIssuer" or "Issuer"', 'INVALID_PROP'],
    ['NodePort out of range', props({ listeners: [{ ...listener, serviceType: 'NodePort', ports: [{ port: 8883, nodePort: 8883 }] }] }),
      'SecureBroker "plant-a": listeners[0].ports[0].nodePort is outside the NodePort range (got 8883). Use a whole number from 30000 to 32767', 'INVALID_PROP'],
    ['nodePort on a LoadBalancer', props({ listeners: [{ ...listener, ports: [{ port: 8883, nodePort: 31000 }] }] }),
      'SecureBroker "plant-a": listeners[0].ports[0].nodePort is set on a LoadBalancer listener (got 31000). Remove nodePort or use serviceType "NodePort"', 'INVALID_PROP'],
    ['two listeners of one service type', props({ listeners: [listener, { ...listener, name: 'second', ports: [{ port: 9883 }] }] }),
      'SecureBroker "plant-a": listeners[1].serviceType repeats listeners[0].serviceType; the broker allows one listener per service type (got "LoadBalancer"). Put these ports on the other listener',
      'DUPLICATE'],
    ['ClusterIp, which AIO\'s default listener takes', props({ listeners: [{ ...listener, serviceType: 'ClusterIp' }] }),
      'SecureBroker "plant-a": listeners[0].serviceType is already taken by AIO\'s built-in "default" listener, and the broker allows one listener per service type (got "ClusterIp"). Use LoadBalancer or NodePort',
      'DUPLICATE'],
    ['the AIO default listener name', props({ listeners: [{ ...listener, name: 'default' }] }),
      'SecureBroker "plant-a": listeners[0].name is AIO\'s built-in internal listener, which must stay unchanged (got "default"). Choose another name', 'RESERVED_NAME'],
    ['the AIO default port', props({ listeners: [{ ...listener, ports: [{ port: 18883 }] }] }),
      'SecureBroker "plant-a": listeners[0].ports[0].port is the port of AIO\'s built-in internal listener (got 18883). Use another port, e.g. 8883', 'RESERVED_NAME'],
    ['the aio-internal audience', props({ listeners: [{ ...listener, authentication: { serviceAccountToken: { audiences: ['aio-internal'] } } }] }),
      'SecureBroker "plant-a": listeners[0].authentication.serviceAccountToken.audiences[0] is AIO\'s internal audience, which every AIO component holds (got "aio-internal"). Use an audience of your own so that only your workloads match',
      'RESERVED_NAME'],
    ['no authentication method', props({ listeners: [{ ...listener, authentication: {} }] }),
      'SecureBroker "plant-a": listeners[0].authentication has no method (got {}). Use x509: { trustedClientCaConfigMap: "<ConfigMap>" } and/or serviceAccountToken: { audiences: ["<audience>"] }',
      'MISSING_PROP'],
    ['no listeners', props({ listeners: [] }),
      'SecureBroker "plant-a": listeners is empty (got []). Declare at least one listener, e.g. { name: "external", serviceType: "LoadBalancer", ports: [{ port: 8883 }], authentication: { x509: {...} } }',
      'MISSING_PROP'],
    ['certificate lifetime over the limit', props({ certificates: { duration: '8760h' } }),
      'SecureBroker "plant-a": certificates.duration is longer than the 2160h limit (got "8760h"). Use at most "2160h"; short lifetimes stand in for revocation', 'INVALID_PROP'],
    ['renewBefore not shorter than duration', props({ internalCertificates: { duration: '24h', renewBefore: '24h' } }),
      'SecureBroker "plant-a": internalCertificates.renewBefore is not shorter than the duration 24h (got "24h"). Renew well before expiry, e.g. a third of the duration', 'INVALID_PROP'],
    ['a duration that is not a Go duration', props({ certificates: { duration: '90 days' } }),
      'SecureBroker "plant-a": certificates.duration is not a Go duration (got "90 days"). Use a Go duration such as "240h" or "90m"', 'INVALID_PROP'],
    ['duplicate client names', props({ clients: [{ name: 'c', usernames: ['a'] }, { name: 'c', usernames: ['b'] }] }),
      'SecureBroker "plant-a": clients[1].name repeats clients[0].name (got "c"). Give each client its own name', 'DUPLICATE'],
    ['a listener name too short for ARM', props({ listeners: [{ ...listener, name: 'ab' }] }),
      'SecureBroker "plant-a": listeners[0].name is not a DNS-1123 label of 3 to 40 characters (got "ab"). Use lower-case letters, digits and "-"', 'INVALID_PROP'],
    ['a client identified by client ids alone', props({ clients: [{ name: 'spoofable', clientIds: ['mes-bridge'], publish: ['a/b'] }] }),
      'SecureBroker "plant-a": clients[0] is identified by client ids alone (got "spoofable"). Match the client by usernames (the X.509 certificate CN) or attributes (X.509 authorizationAttributes, SAT annotations); clientIds then restrict the ids it may connect with',
      'MISSING_PROP'],
    ['{principal.clientId} without restricting client ids', props({ clients: [{ name: 'sensors', attributes: [{ role: 'sensor' }], publish: ['plant/{principal.clientId}/telemetry'] }] }),
      'SecureBroker "plant-a": clients[0].publish[0] uses {principal.clientId}, which the client chooses itself, without restricting its client ids (got "plant/{principal.clientId}/telemetry"). Use {principal.username} (the certificate CN), or list clientIds so that the client can only connect with its own id',
      'INVALID_PROP'],
    ['an exposed listener without hostnames or IP addresses', props({ listeners: [{ ...listener, hostnames: undefined }] }),
      'SecureBroker "plant-a": listeners[0].hostnames is empty on a LoadBalancer listener, and so is ipAddresses. Give the DNS names or IP addresses external clients use, so the certificate names them and clients can verify it',
      'MISSING_PROP'],
    ['a node port used twice', props({ listeners: [{ ...listener, serviceType: 'NodePort', ports: [{ port: 8883, nodePort: 31000 }, { port: 8884, nodePort: 31000 }] }] }),
      'SecureBroker "plant-a": listeners[0].ports[1].nodePort is already used by listeners[0].ports[0] (got 31000). Give each port its own node port', 'DUPLICATE'],
    ['hostnames given as a string', props({ listeners: [{ ...listener, hostnames: 'mqtt.example' as never }] }),
      'SecureBroker "plant-a": listeners[0].hostnames is not a list (got "mqtt.example"). Give a list, e.g. ["mqtt.plant-a.example.com"]', 'INVALID_PROP'],
    ['a hostname that is not a DNS name', props({ listeners: [{ ...listener, hostnames: ['MQTT Plant'] }] }),
      'SecureBroker "plant-a": listeners[0].hostnames[0] is not a DNS name (got "MQTT Plant"). Use a lower-case DNS name such as "mqtt.plant-a.example.com"', 'INVALID_PROP'],
  ];

  test.each(cases)('%s', (_name, p, message, code) => {
    const e = errorOf(() => resolveSecureBroker('plant-a', p));
    expect(e.message).toBe(message);
    expect(e.code).toBe(code);
    expect(e.construct).toBe('SecureBroker');
    expect(e.constructId).toBe('plant-a');
  });

  test('errors carry the prop path and the catalogue id', () => {
    const e = errorOf(() => resolveSecureBroker('plant-a', props({ clients: [{ name: 'c', usernames: ['c'], subscribe: ['#'] }] })));
    expect(e.propPath).toBe('clients[0].subscribe[0]');
    expect(e.guidance).toBe('ED-4');
  });

  test('an id that cannot prefix resource names', () => {
    expect(errorOf(() => resolveSecureBroker('Plant A', props())).message).toBe(
      'SecureBroker "Plant A": id is not a DNS-1123 label of at most 40 characters (got "Plant A"). Use lower-case letters, digits and "-"; generated resource names start with it');
  });
});
