/**
 * Generators of valid SecureBroker props for the ARM property tests (after the ones in
 * test/schemas/secure-broker-schemas.test.ts), plus topic filters and client ids that look like
 * ARM expressions, to prove that the template escapes them.
 */
import * as fc from 'fast-check';
import type { MqttClientProps, SecureBrokerProps, SecureListenerProps, SecurePortProps } from 'aio-secure';

/** An opt-out as a construct user writes it. */
export const OPT_OUT = { reason: 'Line-2 test rig without TLS support; isolated VLAN, removed after commissioning', owner: 'ot-platform', expires: '2099-12-31' };

/** Every SecureBroker feature at once (as in test/schemas/secure-broker-schemas.test.ts). */
export const IN_FULL: SecureBrokerProps = {
  issuer: { kind: 'ClusterIssuer', name: 'plant-ca' },
  diagnostics: { logLevel: 'debug', metricsPort: 9700, selfCheckIntervalSeconds: 60, traceCacheSizeMegabytes: 32 },
  listeners: [{
    name: 'external', serviceType: 'LoadBalancer', hostnames: ['mqtt.plant.example'], ports: [{ port: 8883 }],
    authentication: {
      order: ['serviceAccountToken', 'custom', 'x509'],
      serviceAccountToken: { audiences: ['plant-apps'] },
      x509: { trustedClientCaConfigMap: 'client-ca', authorizationAttributes: { sensors: { subject: 'CN = line-1 sensors', attributes: { role: 'sensor', line: 'line-1' } } } },
      allowCustomAuthentication: { endpoint: 'https://auth.plant.example:8443/check', caCertConfigMap: 'auth-ca', clientCertificateSecret: 'broker-client', headers: { 'x-site': 'a' }, ...OPT_OUT },
    },
  }],
  clients: [
    { name: 'app', usernames: ['app'], clientIds: ['app-1'], publish: ['plant/app-1/events'], stateStore: { keyType: 'String', read: ['line-1/setpoint'], write: ['app-1/state'], readWrite: ['app-1/cache'] } },
    { name: 'sensors', attributes: [{ role: 'sensor', line: 'line-1' }], publish: ['plant/line-1/{principal.username}/telemetry'] },
  ],
};

const dnsLabel = (max: number) => fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/).filter((s) => s.length <= max);

const optOut = fc.record({
  reason: fc.constantFrom(OPT_OUT.reason, 'Legacy PLC gateway cannot do TLS; isolated on VLAN 40 until replaced'),
  owner: fc.constantFrom('ot-platform', 'plant-a-networking'),
  expires: fc.constantFrom('2099-12-31', '2030-01-15'),
});

const topicLevel = fc.oneof(
  fc.stringMatching(/^[a-zA-Z0-9_-]{1,12}$/),
  fc.constant('+'),
  fc.constantFrom('{principal.clientId}', '{principal.username}'),
);

/** Topic filters; some are `[...]`, which ARM would take for an expression unless escaped. */
const topicFilter = fc.oneof(
  fc
    .tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), fc.array(topicLevel, { maxLength: 3 }), fc.boolean())
    .map(([first, rest, hash]) => [first, ...rest, ...(hash ? ['#'] : [])].join('/')),
  fc.constantFrom("[parameters('x')]", '[not an expression]', '[[double]'),
);

const client = fc
  .record({
    clientIds: fc.array(fc.oneof(fc.string({ minLength: 1, maxLength: 23 }), fc.constant("[concat('a', 'b')]")), { maxLength: 3 }),
    usernames: fc.array(fc.string({ minLength: 1, maxLength: 30 }), { maxLength: 2 }),
    attributes: fc.array(fc.dictionary(fc.stringMatching(/^[a-z][a-zA-Z0-9_.-]{0,15}$/), fc.string({ maxLength: 20 }), { minKeys: 1, maxKeys: 3 }), { maxLength: 2 }),
    publish: fc.array(topicFilter, { maxLength: 3 }),
    subscribe: fc.array(topicFilter, { maxLength: 3 }),
  })
  .filter((c) => c.usernames.length + c.attributes.length > 0)
  .filter((c) => c.clientIds.length > 0 || ![...c.publish, ...c.subscribe].some((t) => t.includes('{principal.clientId}')));

const listenerShape = (serviceType: 'LoadBalancer' | 'NodePort') =>
  fc
    .record({
      name: dnsLabel(40).filter((n) => n !== 'default' && n.length >= 3),
      x509: fc.boolean(),
      sat: fc.boolean(),
      hostnames: fc.array(fc.array(dnsLabel(20), { minLength: 1, maxLength: 3 }).map((l) => l.join('.')), { maxLength: 2 }),
      ipAddresses: fc.array(fc.oneof(fc.ipV4(), fc.ipV6()), { maxLength: 2 }),
      ports: fc.array(fc.record({ protocol: fc.constantFrom('Mqtt' as const, 'WebSockets' as const), plaintext: fc.boolean() }), { minLength: 1, maxLength: 3 }),
    })
    .filter((l) => l.x509 || l.sat)
    .filter((l) => l.hostnames.length + l.ipAddresses.length > 0)
    .map((l) => ({ ...l, serviceType }));

/** Valid SecureBroker props, opt-outs included. */
export function secureBrokerProps(): fc.Arbitrary<SecureBrokerProps> {
  return fc
    .record({
      issuer: fc.record({ kind: fc.constantFrom('ClusterIssuer' as const, 'Issuer' as const), name: dnsLabel(40) }),
      namespace: fc.option(dnsLabel(40), { nil: undefined }),
      listeners: fc.oneof(
        listenerShape('LoadBalancer').map((l) => [l]),
        fc.tuple(listenerShape('LoadBalancer'), listenerShape('NodePort')).filter(([a, b]) => a.name !== b.name).map(([a, b]) => [a, b]),
      ),
      portNumbers: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }).filter((p) => p !== 18883), { minLength: 6, maxLength: 6 }),
      nodePorts: fc.uniqueArray(fc.integer({ min: 30000, max: 32767 }), { minLength: 6, maxLength: 6 }),
      clients: fc.array(client, { maxLength: 3 }),
      internalEncryptionOptOut: fc.option(optOut, { nil: undefined }),
      memoryProfile: fc.constantFrom('Tiny' as const, 'Low' as const, 'Medium' as const, 'High' as const),
      frontendReplicas: fc.integer({ min: 1, max: 16 }),
      backendRedundancyFactor: fc.integer({ min: 1, max: 5 }),
      plaintextOptOut: optOut,
    })
    .map((g): SecureBrokerProps => {
      let next = 0;
      const listeners = g.listeners.map((l): SecureListenerProps => ({
        name: l.name,
        serviceType: l.serviceType,
        hostnames: l.hostnames,
        ipAddresses: l.ipAddresses,
        authentication: {
          ...(l.x509 ? { x509: { trustedClientCaConfigMap: `${l.name}-ca` } } : {}),
          ...(l.sat ? { serviceAccountToken: { audiences: [`${l.name}-apps`] } } : {}),
        },
        ports: l.ports.map((p): SecurePortProps => {
          const i = next++;
          return {
            port: g.portNumbers[i],
            protocol: p.protocol,
            ...(l.serviceType === 'NodePort' ? { nodePort: g.nodePorts[i] } : {}),
            ...(p.plaintext && !l.x509 ? { allowPlaintext: g.plaintextOptOut } : {}),
          };
        }),
      }));
      const clients = g.clients.map((c, i): MqttClientProps => ({ name: `client-${i}`, ...c }));
      return {
        issuer: g.issuer,
        ...(g.namespace ? { namespace: g.namespace } : {}),
        listeners,
        clients,
        ...(g.internalEncryptionOptOut ? { allowUnencryptedInternalTraffic: g.internalEncryptionOptOut } : {}),
        memoryProfile: g.memoryProfile,
        cardinality: { frontendReplicas: g.frontendReplicas, backendRedundancyFactor: g.backendRedundancyFactor },
      };
    });
}
