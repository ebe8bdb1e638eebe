/**
 * Every object SecureBroker emits must be accepted by the real AIO v1 CRDs and by the schemas
 * derived from the ARM types; the reference site's objects too. The negative controls at the end
 * prove that the validator can fail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import {
  planSecureBroker,
  resolveSecureBroker,
  toKubernetesObject,
  type JsonObject,
  type MqttClientProps,
  type SecureBrokerProps,
  type SecureListenerProps,
  type SecurePortProps,
} from 'aio-secure';
import { buildApp } from '../../examples/reference-site/main';
import { schemaSourcesFor, validateManifest, validateManifests } from '../support/schema-validator';
import { pinDateToReferenceSiteRecords } from '../support/site-clock';

// The reference site's attestations and onboarding grant are dated: judge them on a day they hold.
pinDateToReferenceSiteRecords();

const OPT_OUT = { reason: 'Line-2 test rig without TLS support; isolated VLAN, removed after commissioning', owner: 'ot-platform', expires: '2099-12-31' };
const ISSUER = { kind: 'ClusterIssuer', name: 'plant-ca' } as const;
const BROKER_API = 'mqttbroker.iotoperations.azure.com/v1';

function emitted(props: SecureBrokerProps, id = 'plant-a'): JsonObject[] {
  return planSecureBroker(resolveSecureBroker(id, props)).map(toKubernetesObject);
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

const VARIANTS: Record<string, SecureBrokerProps> = {
  'single X.509 LoadBalancer listener': {
    issuer: ISSUER,
    listeners: [{
      name: 'external', serviceType: 'LoadBalancer', hostnames: ['mqtt.plant.example'], ipAddresses: ['10.1.2.3', 'fd00::17'],
      ports: [{ port: 8883 }], authentication: { x509: { trustedClientCaConfigMap: 'client-ca' } },
    }],
  },
  'NodePort listener with nodePort': {
    issuer: { kind: 'Issuer', name: 'site-issuer' },
    namespace: 'plant-b',
    listeners: [{
      name: 'floor', serviceType: 'NodePort', hostnames: ['mqtt.plant.example'], serviceName: 'mqtt-floor',
      ports: [{ port: 8883, nodePort: 31883 }, { port: 8884, nodePort: 31884, protocol: 'WebSockets' }],
      authentication: { x509: { trustedClientCaConfigMap: 'client-ca' }, serviceAccountToken: { audiences: ['plant-apps'] } },
    }],
  },
  'SAT-only listener': {
    issuer: ISSUER,
    listeners: [{ name: 'apps', serviceType: 'LoadBalancer', hostnames: ['mqtt.plant.example'], ports: [{ port: 8883 }], authentication: { serviceAccountToken: { audiences: ['plant-apps', 'mes'] } } }],
  },
  'WebSockets port': {
    issuer: ISSUER,
    listeners: [{
      name: 'web', serviceType: 'LoadBalancer', hostnames: ['ws.plant.example', '*.edge.plant.example'],
      ports: [{ port: 443, protocol: 'WebSockets' }], authentication: { x509: { trustedClientCaConfigMap: 'client-ca' } },
    }],
  },
  'plaintext port opted out on a SAT-only listener': {
    issuer: ISSUER,
    listeners: [{
      name: 'test-rig', serviceType: 'NodePort', hostnames: ['mqtt.plant.example'],
      ports: [{ port: 1883, nodePort: 31000, allowPlaintext: OPT_OUT }, { port: 8883 }],
      authentication: { serviceAccountToken: { audiences: ['test-rig'] } },
    }],
  },
  'unencrypted internal traffic opted out': {
    issuer: ISSUER,
    allowUnencryptedInternalTraffic: OPT_OUT,
    memoryProfile: 'Low',
    cardinality: { frontendReplicas: 1, frontendWorkers: 1, backendPartitions: 1, backendRedundancyFactor: 1, backendWorkers: 1 },
    certificates: { duration: '720h', renewBefore: '240h' },
    internalCertificates: { duration: '48h', renewBefore: '16h' },
    listeners: [{ name: 'external', serviceType: 'LoadBalancer', hostnames: ['mqtt.plant.example'], ports: [{ port: 8883 }], authentication: { x509: { trustedClientCaConfigMap: 'client-ca' } } }],
  },
  'SecureBroker in full: ordered methods, X.509 attributes, custom HTTPS authentication, state store, diagnostics': {
    issuer: ISSUER,
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
  },
  'clients by clientIds, usernames and attributes with {principal.*} topics': {
    issuer: ISSUER,
    listeners: [
      {
        name: 'external', serviceType: 'LoadBalancer', hostnames: ['mqtt.plant.example'], ports: [{ port: 8883 }],
        authentication: { x509: { trustedClientCaConfigMap: 'client-ca' }, serviceAccountToken: { audiences: ['plant-apps'] } },
      },
      { name: 'floor', serviceType: 'NodePort', hostnames: ['mqtt.plant.example'], ports: [{ port: 8885, nodePort: 30885 }], authentication: { x509: { trustedClientCaConfigMap: 'floor-ca' } } },
    ],
    clients: [
      { name: 'sensors', attributes: [{ role: 'sensor', line: 'line-1' }, { role: 'sensor', line: 'line-2' }], clientIds: ['s-1', 's-2'], publish: ['plant/{principal.clientId}/telemetry'] },
      { name: 'gateway', usernames: ['line-1-gateway'], publish: ['plant/line-1/+/telemetry', 'plant/{principal.username}/status'], subscribe: ['plant/line-1/commands/#'] },
      { name: 'historian', attributes: [{ app: 'historian' }], clientIds: ['historian', 'historian-2'], subscribe: ['plant/+/+/telemetry'] },
      { name: 'everything-matcher', clientIds: ['c1'], usernames: ['u1'], attributes: [{ building: '17' }], publish: ['b/{principal.attributes.building}/x'], subscribe: ['b/17/#'] },
      { name: 'connect-only', usernames: ['probe'], clientIds: ['probe'] },
    ],
  },
};

describe('SecureBroker output validates against the AIO CRDs and the derived ARM schemas', () => {
  test('every broker kind has both a real CRD and a derived schema', () => {
    for (const kind of ['Broker', 'BrokerListener', 'BrokerAuthentication', 'BrokerAuthorization']) {
      expect(schemaSourcesFor(BROKER_API, kind)).toEqual([
        'CRD from an AIO cluster (2024-12)',
        `derived mqttbroker.${kind}.v1 (ARM)`,
      ]);
    }
  });

  test.each(Object.entries(VARIANTS))('%s', (_name, props) => {
    const objs = emitted(props);
    expect(objs.map((o) => o.kind).sort()).toEqual(expect.arrayContaining(['Broker', 'BrokerAuthentication', 'BrokerAuthorization', 'BrokerListener']));
    expect(validateManifests(objs)).toEqual([]);
  });

  test('property: every object emitted for valid random props validates', () => {
    fc.assert(
      fc.property(secureBrokerProps(), (props) => {
        const errors = validateManifests(emitted(props));
        if (errors.length) throw new Error(`${errors.join('\n')}\nprops: ${JSON.stringify(props)}`);
      }),
      { numRuns: 150 },
    );
  });
});

describe('the reference site validates', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'aio-secure-ref-site-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('every synthesized object, the ClusterIssuer against cert-manager', () => {
    const yaml = buildApp(dir).synthYaml();
    const objs = parseAllDocuments(yaml).map((d) => d.toJS() as JsonObject).filter((o) => o !== null);
    const times = (n: number, kind: string) => Array<string>(n).fill(kind);
    expect(objs.map((o) => `${o.apiVersion} ${o.kind}`).sort()).toEqual([
      'cert-manager.io/v1 ClusterIssuer',
      'connectivity.iotoperations.azure.com/v1 Dataflow',
      ...times(2, 'connectivity.iotoperations.azure.com/v1 DataflowEndpoint'),
      'connectivity.iotoperations.azure.com/v1 DataflowProfile',
      'kyverno.io/v1 ClusterPolicy',
      `${BROKER_API} Broker`,
      `${BROKER_API} BrokerAuthentication`,
      `${BROKER_API} BrokerAuthorization`,
      `${BROKER_API} BrokerListener`,
      ...times(13, 'networking.k8s.io/v1 NetworkPolicy'),
      ...times(6, 'secret-sync.x-k8s.io/v1alpha1 SecretSync'),
      ...times(3, 'secrets-store.csi.x-k8s.io/v1 SecretProviderClass'),
      ...times(2, 'trust.cert-manager.io/v1alpha1 Bundle'),
      ...times(2, 'v1 ConfigMap'),
      'v1 Namespace',
      'v1 ServiceAccount',
    ]);
    expect(schemaSourcesFor('cert-manager.io/v1', 'ClusterIssuer')).toEqual(['CRD from an AIO cluster (2024-12)', 'cert-manager v1.21.1 CRD']);
    expect(validateManifests(objs)).toEqual([]);
  });
});

describe('negative controls: the validator fails when it should', () => {
  const base = emitted(VARIANTS['single X.509 LoadBalancer listener']);
  const listener = () => clone(base.find((o) => o.kind === 'BrokerListener')!) as { spec: { ports: JsonObject[]; [k: string]: unknown } } & JsonObject;
  const broker = () => clone(base.find((o) => o.kind === 'Broker')!) as { spec: JsonObject } & JsonObject;

  test('the unmodified listener passes (so the failures below come from the change)', () => {
    expect(validateManifest(listener())).toEqual([]);
  });

  test('Automatic TLS without certManagerCertificateSpec fails the CRD oneOf', () => {
    const l = listener();
    l.spec.ports[0].tls = { mode: 'Automatic' };
    const errors = validateManifest(l);
    expect(errors).toContain('BrokerListener/external: /spec/ports/0/tls must match exactly one schema in oneOf [CRD from an AIO cluster (2024-12)]');
  });

  test('TLS with both certManagerCertificateSpec and manual fails the CRD oneOf', () => {
    const l = listener();
    (l.spec.ports[0].tls as JsonObject).manual = { secretRef: 'server-cert' };
    expect(validateManifest(l)).toContain('BrokerListener/external: /spec/ports/0/tls must match exactly one schema in oneOf [CRD from an AIO cluster (2024-12)]');
  });

  test('an unknown serviceType fails both schemas', () => {
    const l = listener();
    l.spec.serviceType = 'Bogus';
    const errors = validateManifest(l).filter((e) => e.startsWith('BrokerListener/external: /spec/serviceType must be equal to one of the allowed values'));
    expect(errors.map((e) => e.replace(/.*\[/, '['))).toEqual(['[CRD from an AIO cluster (2024-12)]', '[derived mqttbroker.BrokerListener.v1 (ARM)]']);
  });

  test('an unknown spec field fails the derived schema (and the CRD, as strict field validation would)', () => {
    const l = listener();
    l.spec.bogusField = true;
    expect(validateManifest(l)).toEqual([
      'BrokerListener/external: /spec must NOT have additional properties: "bogusField" [CRD from an AIO cluster (2024-12)]',
      'BrokerListener/external: /spec must NOT have additional properties: "bogusField" [derived mqttbroker.BrokerListener.v1 (ARM)]',
    ]);
  });

  test('encrypted persistence from SecureBroker passes the derived 2025-10-01 schema (the cluster CRD of 2024-12 predates it)', () => {
    const [b] = emitted({ ...VARIANTS['single X.509 LoadBalancer listener'], persistence: { maxSize: '10Gi' } });
    expect((b.spec as JsonObject).persistence).toEqual({ maxSize: '10Gi', encryption: { mode: 'Enabled' } });
    expect(validateManifest(b)).toEqual(['Broker/default: /spec must NOT have additional properties: "persistence" [CRD from an AIO cluster (2024-12)]']);
  });

  test('a field newer than the cluster CRD (Broker persistence, ARM 2025-10-01) passes the derived schema but fails the CRD', () => {
    const b = broker();
    b.spec.persistence = { maxSize: '1G' };
    expect(validateManifest(b)).toEqual(['Broker/default: /spec must NOT have additional properties: "persistence" [CRD from an AIO cluster (2024-12)]']);
  });

  test('a port out of range, a wrong type and a missing required field are caught', () => {
    const l = listener();
    l.spec.ports[0].port = 70000;
    delete ((l.spec.ports[0].tls as JsonObject).certManagerCertificateSpec as JsonObject).issuerRef;
    (l.spec as JsonObject).serviceName = 42;
    const errors = validateManifest(l);
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^BrokerListener\/external: \/spec\/ports\/0\/port must be <= 65535 \[/),
      expect.stringMatching(/^BrokerListener\/external: \/spec\/serviceName must be string \[/),
      expect.stringMatching(/^BrokerListener\/external: \/spec\/ports\/0\/tls\/certManagerCertificateSpec must have required property 'issuerRef' \[/),
    ]));
  });

  test('invalid metadata is caught: bad name, label value, unknown metadata field', () => {
    const l = listener();
    (l.metadata as JsonObject).name = 'Not_A_Name';
    ((l.metadata as JsonObject).labels as JsonObject)['aio-secure/deployment-path'] = 'has spaces';
    (l.metadata as JsonObject).label = { x: 'y' };
    expect(validateManifest(l)).toEqual([
      'BrokerListener/Not_A_Name: /metadata/name must match pattern "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" [derived mqttbroker.BrokerListener.v1 (ARM)]',
      'BrokerListener/Not_A_Name: /metadata must NOT have additional properties: "label" [Kubernetes 1.31 OpenAPI ObjectMeta]',
      'BrokerListener/Not_A_Name: /metadata/name "Not_A_Name" is not a valid DNS-1123 subdomain [Kubernetes ObjectMeta rules]',
      'BrokerListener/Not_A_Name: /metadata/labels/aio-secure~1deployment-path value "has spaces" is not a valid label value (at most 63 characters, alphanumeric at both ends, "-", "_", "." inside) [Kubernetes ObjectMeta rules]',
    ]);
  });

  test('a ClusterIssuer with an unknown issuer type fails both cert-manager CRDs', () => {
    const errors = validateManifest({ apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'x' }, spec: { caa: { secretName: 's' } } });
    expect(errors).toEqual([
      'ClusterIssuer/x: /spec must NOT have additional properties: "caa" [CRD from an AIO cluster (2024-12)]',
      'ClusterIssuer/x: /spec must NOT have additional properties: "caa" [cert-manager v1.21.1 CRD]',
    ]);
  });

  test('a kind without any schema throws instead of passing', () => {
    expect(() => validateManifest({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }))
      .toThrow('No schema for apiVersion "example.com/v1" kind "Widget", so it cannot be validated. No source holds this kind in any version.');
    expect(() => validateManifest({ apiVersion: 'mqttbroker.iotoperations.azure.com/v1beta1', kind: 'BrokerListener', metadata: { name: 'l' } }))
      .toThrow(`Schemas exist for BrokerListener in: ${BROKER_API}.`);
  });

  test('the opt-in lowerCamel enum values the CRD accepts are still rejected by the derived schema', () => {
    const l = listener();
    l.spec.serviceType = 'loadBalancer';
    expect(validateManifest(l)).toEqual([
      'BrokerListener/external: /spec/serviceType must be equal to one of the allowed values: "ClusterIp", "LoadBalancer", "NodePort" [derived mqttbroker.BrokerListener.v1 (ARM)]',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Generators of valid SecureBroker props

const dnsLabel = (max: number) =>
  fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/).filter((s) => s.length <= max);

const hostname = fc
  .tuple(fc.boolean(), fc.array(dnsLabel(20), { minLength: 1, maxLength: 4 }))
  .map(([wildcard, labels]) => `${wildcard ? '*.' : ''}${labels.join('.')}`);

const ipAddress = fc.oneof(fc.ipV4(), fc.ipV6());

const optOut = fc.record({
  reason: fc.constantFrom(OPT_OUT.reason, 'Legacy PLC gateway cannot do TLS; isolated on VLAN 40 until replaced'),
  owner: fc.constantFrom('ot-platform', 'plant-a-networking'),
  expires: fc.constantFrom('2099-12-31', '2030-01-15'),
});

/** A topic level: a literal (including non-ASCII), a single-level wildcard or a substitution. */
const topicLevel = fc.oneof(
  fc.stringMatching(/^[a-zA-Z0-9_-]{1,12}$/),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).filter((s) => !/[/+#{}\u0000]/.test(s)),
  fc.constant('+'),
  fc.constantFrom('{principal.clientId}', '{principal.username}', '{principal.attributes.building}'),
);

const topicFilter = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), fc.array(topicLevel, { maxLength: 4 }), fc.boolean())
  .map(([first, rest, hash]) => [first, ...rest, ...(hash ? ['#'] : [])].join('/'));

const attributeSet = fc.dictionary(fc.stringMatching(/^[a-z][a-zA-Z0-9_.-]{0,15}$/), fc.string({ maxLength: 20 }), { minKeys: 1, maxKeys: 3 });

const client = fc
  .record({
    clientIds: fc.array(fc.string({ minLength: 1, maxLength: 23 }), { maxLength: 3 }),
    usernames: fc.array(fc.string({ minLength: 1, maxLength: 30 }), { maxLength: 2 }),
    attributes: fc.array(attributeSet, { maxLength: 2 }),
    publish: fc.array(topicFilter, { maxLength: 3 }),
    subscribe: fc.array(topicFilter, { maxLength: 3 }),
  })
  // Identified by a username or attributes; {principal.clientId} only with restricted client ids.
  .filter((c) => c.usernames.length + c.attributes.length > 0)
  .filter((c) => c.clientIds.length > 0 || ![...c.publish, ...c.subscribe].some((t) => t.includes('{principal.clientId}')));

interface ListenerShape {
  readonly name: string;
  readonly serviceType: 'LoadBalancer' | 'NodePort';
  readonly customServiceName: boolean;
  readonly x509: boolean;
  readonly sat: boolean;
  readonly hostnames: string[];
  readonly ipAddresses: string[];
  readonly ports: { protocol: 'Mqtt' | 'WebSockets'; nodePort: number; plaintext: boolean }[];
}

const listenerShape = (serviceType: 'LoadBalancer' | 'NodePort') =>
  fc
    .record({
      name: dnsLabel(40).filter((n) => n !== 'default' && n.length >= 3), // ARM names need 3-63 characters
      customServiceName: fc.boolean(),
      x509: fc.boolean(),
      sat: fc.boolean(),
      hostnames: fc.array(hostname, { maxLength: 3 }),
      ipAddresses: fc.array(ipAddress, { maxLength: 2 }),
      ports: fc.array(
        fc.record({ protocol: fc.constantFrom('Mqtt' as const, 'WebSockets' as const), nodePort: fc.integer({ min: 30000, max: 32767 }), plaintext: fc.boolean() }),
        { minLength: 1, maxLength: 3 },
      ),
    })
    .filter((l) => l.x509 || l.sat)
    .filter((l) => l.hostnames.length + l.ipAddresses.length > 0) // exposed listeners name what clients dial
    .map((l): ListenerShape => ({ ...l, serviceType }));

function secureBrokerProps(): fc.Arbitrary<SecureBrokerProps> {
  return fc
    .record({
      issuer: fc.record({ kind: fc.constantFrom('ClusterIssuer' as const, 'Issuer' as const), name: dnsLabel(40) }),
      namespace: fc.option(dnsLabel(40).filter((n) => n.length > 0), { nil: undefined }),
      listeners: fc.oneof(
        listenerShape('LoadBalancer').map((l) => [l]),
        listenerShape('NodePort').map((l) => [l]),
        fc.tuple(listenerShape('LoadBalancer'), listenerShape('NodePort')).filter(([a, b]) => a.name !== b.name).map(([a, b]) => [a, b]),
      ),
      portNumbers: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }).filter((p) => p !== 18883), { minLength: 6, maxLength: 6 }),
      nodePorts: fc.uniqueArray(fc.integer({ min: 30000, max: 32767 }), { minLength: 6, maxLength: 6 }),
      clients: fc.uniqueArray(client, { maxLength: 4 }),
      certHours: fc.integer({ min: 1, max: 2160 }),
      internalHours: fc.integer({ min: 1, max: 720 }),
      renewFraction: fc.double({ min: 0.1, max: 0.9, noNaN: true }),
      internalEncryptionOptOut: fc.option(optOut, { nil: undefined }),
      memoryProfile: fc.constantFrom('Tiny' as const, 'Low' as const, 'Medium' as const, 'High' as const),
      cardinality: fc.record({
        frontendReplicas: fc.integer({ min: 1, max: 16 }),
        frontendWorkers: fc.integer({ min: 1, max: 16 }),
        backendPartitions: fc.integer({ min: 1, max: 16 }),
        backendRedundancyFactor: fc.integer({ min: 1, max: 5 }),
        backendWorkers: fc.integer({ min: 1, max: 16 }),
      }),
      plaintextOptOut: optOut,
    })
    .map((g): SecureBrokerProps => {
      let next = 0;
      const listeners = g.listeners.map((l): SecureListenerProps => ({
        name: l.name,
        serviceType: l.serviceType,
        ...(l.customServiceName ? { serviceName: `mqtt-${l.name}`.slice(0, 63).replace(/-+$/, '') } : {}),
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
      const lifetime = (hours: number) => {
        const minutes = hours * 60;
        return { duration: `${hours}h`, renewBefore: `${Math.max(5, Math.floor(minutes * g.renewFraction))}m` };
      };
      return {
        issuer: g.issuer,
        ...(g.namespace ? { namespace: g.namespace } : {}),
        listeners,
        clients,
        certificates: lifetime(g.certHours),
        internalCertificates: lifetime(g.internalHours),
        ...(g.internalEncryptionOptOut ? { allowUnencryptedInternalTraffic: g.internalEncryptionOptOut } : {}),
        memoryProfile: g.memoryProfile,
        cardinality: g.cardinality,
      };
    });
}
