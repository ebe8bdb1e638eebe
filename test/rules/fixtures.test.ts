import { checkResources, readKubernetesText, type Resource } from 'aio-secure';

const NOW = new Date('2025-06-01T12:00:00Z');

/** Reads text and insists that it read cleanly, so a reader regression cannot pass as "no findings". */
function read(text: string, file = 'manifests.yaml'): Resource[] {
  const r = readKubernetesText(text, file);
  expect(r.problems).toEqual([]);
  return r.resources;
}

const INSECURE = `apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata:
  name: insecure
  namespace: azure-iot-operations
spec:
  brokerRef: default
  serviceType: LoadBalancer
  ports:
    - port: 1883
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: unrelated
  namespace: azure-iot-operations
data:
  port: "1883"
`;

describe('rules see what the Kubernetes reader reads', () => {
  test('an exposed listener on 1883 without tls, authenticationRef or authorizationRef: CN-1, ED-3 and ED-4 in production', () => {
    const resources = read(INSECURE, 'insecure.yaml');
    expect(resources.map((r) => `${r.kind}/${r.name}`)).toEqual(['BrokerListener/insecure', 'ConfigMap/unrelated']);
    const r = checkResources(resources, { profile: 'production', now: NOW });
    expect(r.findings.map((f) => [f.rule, f.messageId, f.severity])).toEqual([
      ['listener-requires-tls', 'noTls', 'error'],
      ['exposed-anonymous-plaintext-listener', 'exposedAnonymousPlaintext', 'error'],
      ['listener-requires-authentication', 'noAuthentication', 'error'],
      ['listener-requires-authorization', 'noAuthorization', 'error'],
    ]);
    expect([...new Set(r.findings.flatMap((f) => f.guidance))].sort()).toEqual(['CN-1', 'ED-3', 'ED-4']);
    expect(r.findings[1].message).toBe('Port 1883 of LoadBalancer listener insecure is reachable from outside the cluster with neither TLS nor authentication.');
    // Findings point back at the file and line the object came from.
    for (const f of r.findings) expect(f.source).toEqual({ file: 'insecure.yaml', document: 0, line: 1 });
    // The ConfigMap counts as checked: the attested-control rules look at every ConfigMap for the
    // attestations record (it is not one, and there is no AIO deployment, so they do not apply).
    expect(r.summary).toMatchObject({ resources: 2, checked: 2, passed: false });
  });

  test('the same file in development: the exposed port is a warning, the rest stay errors', () => {
    const r = checkResources(read(INSECURE), { profile: 'development', now: NOW });
    expect(r.findings.map((f) => [f.rule, f.severity])).toEqual([
      ['listener-requires-tls', 'error'],
      ['listener-requires-authentication', 'error'],
      ['listener-requires-authorization', 'error'],
      ['exposed-anonymous-plaintext-listener', 'warning'],
    ]);
  });

  test('a kind: List with a secure listener, its authentication and authorization, and AIO\'s default listener', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: mqttbroker.iotoperations.azure.com/v1
    kind: BrokerListener
    metadata: { name: default, namespace: azure-iot-operations }
    spec:
      brokerRef: default
      serviceName: aio-broker
      serviceType: ClusterIp
      ports:
        - port: 18883
          authenticationRef: default
          tls:
            mode: Automatic
            certManagerCertificateSpec:
              issuerRef: { group: cert-manager.io, kind: ClusterIssuer, name: plant-ca }
  - apiVersion: mqttbroker.iotoperations.azure.com/v1
    kind: BrokerListener
    metadata: { name: external, namespace: azure-iot-operations }
    spec:
      serviceType: loadBalancer
      ports:
        - port: 8883
          authenticationRef: devices
          authorizationRef: devices
          tls:
            mode: automatic
            certManagerCertificateSpec:
              issuerRef: { group: cert-manager.io, kind: ClusterIssuer, name: plant-ca }
              san: { dns: [mqtt.plant.example] }
              privateKey: { algorithm: ec256, rotationPolicy: always }
  - apiVersion: mqttbroker.iotoperations.azure.com/v1
    kind: BrokerAuthentication
    metadata: { name: devices, namespace: azure-iot-operations }
    spec:
      authenticationMethods:
        - method: X509
          x509Settings: { trustedClientCaCert: client-ca }
  - apiVersion: mqttbroker.iotoperations.azure.com/v1
    kind: BrokerAuthorization
    metadata: { name: devices, namespace: azure-iot-operations }
    spec:
      authorizationPolicies:
        rules:
          - principals: { usernames: [line-1-sensor] }
            brokerResources:
              - method: Connect
              - method: Publish
                topics: [plant/line-1/telemetry]
`;
    const resources = read(text, 'list.yaml');
    expect(resources.map((r) => [r.kind, r.name, r.source?.pointer])).toEqual([
      ['BrokerListener', 'default', '/items/0'],
      ['BrokerListener', 'external', '/items/1'],
      ['BrokerAuthentication', 'devices', '/items/2'],
      ['BrokerAuthorization', 'devices', '/items/3'],
    ]);
    const r = checkResources(resources, { profile: 'production', now: NOW });
    // Only AIO's own port remains, at info: the run passes.
    expect(r.findings.map((f) => [f.rule, f.severity, f.resource.name, f.source?.pointer])).toEqual([
      ['aio-default-port-authorization', 'info', 'default', '/items/0'],
    ]);
    expect(r.summary).toMatchObject({ resources: 4, checked: 4, passed: true, unknown: 0 });
  });

  test('references are resolved among everything read, across documents', () => {
    const listenerDoc = `apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata: { name: external, namespace: plant }
spec:
  ports:
    - { port: 8883, authenticationRef: devices, authorizationRef: devices, tls: { mode: Automatic, certManagerCertificateSpec: { issuerRef: { kind: Issuer, name: ca } } } }
`;
    const authnDoc = `apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerAuthentication
metadata: { name: devices, namespace: plant }
spec: { authenticationMethods: [{ method: X509 }] }
`;
    const alone = checkResources(read(listenerDoc), { now: NOW });
    expect(alone.findings.map((f) => f.messageId)).toEqual(['authenticationNotFound', 'authorizationNotFound']);
    const together = checkResources(read(`${listenerDoc}---\n${authnDoc}`), { now: NOW });
    expect(together.findings.map((f) => f.messageId)).toEqual(['authorizationNotFound']);
    expect(together.findings[0].message).toBe('Port 8883 of listener external references BrokerAuthorization devices, which is not among the checked manifests.');
  });

  test('a malformed listener read from YAML is unknown for every rule that reads its ports, never compliant', () => {
    const text = `apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata: { name: odd, namespace: azure-iot-operations }
spec:
  serviceType: LoadBalancer
  ports: "1883"
`;
    const r = checkResources(read(text), { profile: 'production', now: NOW });
    expect(r.findings.length).toBeGreaterThan(0);
    expect(r.findings.every((f) => f.outcome === 'unknown' && f.message.endsWith('spec.ports is not a list'))).toBe(true);
    expect(r.findings.map((f) => f.rule)).toEqual([
      'listener-requires-tls', 'exposed-anonymous-plaintext-listener', 'exposed-plaintext-listener', 'listener-automatic-certificates',
      'listener-issuer-exists', 'listener-customer-ca', 'certificate-lifetime', 'certificate-key-strength', 'certificate-key-family',
      'listener-requires-authentication', 'listener-requires-authorization', 'aio-default-port-authorization',
    ]);
    expect(r.summary).toMatchObject({ unknown: 12, passed: false });
  });

  test('waivers in the aio-secure/waivers annotation travel with the object; a broken annotation is a waiver problem', () => {
    const waivers = JSON.stringify([{ rule: 'listener-requires-tls', reason: 'Lab listener on isolated VLAN 12; carries no plant data', owner: 'ot-platform', expires: '2025-12-31' }]);
    const text = `apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata:
  name: lab
  namespace: azure-iot-operations
  annotations:
    aio-secure/waivers: '${waivers}'
spec:
  ports: [{ port: 1883, authenticationRef: default, authorizationRef: lab }]
---
apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata:
  name: scribbled
  namespace: azure-iot-operations
  annotations:
    aio-secure/waivers: 'waive everything please'
spec:
  ports: [{ port: 1883, authenticationRef: default, authorizationRef: lab }]
---
apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerAuthorization
metadata: { name: lab, namespace: azure-iot-operations }
spec: { authorizationPolicies: { rules: [{ principals: { usernames: [tester] }, brokerResources: [{ method: Connect }] }] } }
`;
    const r = checkResources(read(text), { profile: 'production', now: NOW });
    expect(r.findings.map((f) => [f.rule, f.resource.name, f.waived])).toEqual([
      ['listener-requires-tls', 'lab', true],
      ['listener-requires-tls', 'scribbled', false],
    ]);
    expect(r.findings[0].source).toEqual({ file: 'manifests.yaml', document: 0, line: 1 });
    expect(r.waiverProblems).toHaveLength(1);
    expect(r.waiverProblems[0].resource?.name).toBe('scribbled');
    expect(r.waiverProblems[0].waiver.reason).toContain('is not a JSON list');
    expect(r.summary).toMatchObject({ waived: 1, passed: false });
  });
});
