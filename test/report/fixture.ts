import { readKubernetesText } from '../../lib/inputs';
import type { ReportExtras } from '../../lib/report/extras';
import type { InputSummary } from '../../lib/report/verdict';
import { checkResources, type CheckResult } from '../../lib/rules/engine';
import type { Profile } from '../../lib/rules/types';

/**
 * One run with every kind of thing a report must show: findings at each severity (the
 * development profile has errors, warnings and info), a waived finding, a finding whose waiver
 * expired, undecided findings (values that could not be resolved), an unused waiver, a waiver
 * for a rule that does not exist, input problems, notes and skipped documents. Names are hostile:
 * markup, pipes, quotes, formula starts, control characters and line breaks.
 */
export const HOSTILE_NAME = '<script>alert("x")</script>|a&b';
export const FORMULA_NAME = "=cmd|' /C calc'!A0";

export const MANIFESTS = `apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata: {name: '${HOSTILE_NAME}', namespace: azure-iot-operations}
spec: {brokerRef: default, serviceType: LoadBalancer, ports: [{port: 1883}]}
---
apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata: {name: waived-one, namespace: azure-iot-operations}
spec: {brokerRef: default, serviceType: ClusterIp, ports: [{port: 1884, authenticationRef: a}]}
---
apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata: {name: expired-one, namespace: azure-iot-operations}
spec: {brokerRef: default, serviceType: ClusterIp, ports: [{port: 1885}]}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: "${FORMULA_NAME}", namespace: "line\\nbreak"}
spec: {secretName: s, duration: 8760h, issuerRef: {name: x, kind: Issuer}, privateKey: {algorithm: RSA, size: 1024}}
---
apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata: {name: default, namespace: azure-iot-operations}
spec:
  brokerRef: default
  serviceName: aio-broker
  serviceType: ClusterIp
  ports:
    - port: 18883
      protocol: Mqtt
      authenticationRef: default
      tls:
        mode: Automatic
        certManagerCertificateSpec:
          issuerRef: {group: cert-manager.io, kind: ClusterIssuer, name: plant-a-ca-issuer}
          privateKey: {algorithm: Ec256, rotationPolicy: Always}
---
apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata: {name: from-arm, namespace: azure-iot-operations}
spec: {brokerRef: default, serviceType: ClusterIp, ports: [{port: 8883, tls: {mode: Automatic}}]}
`;

export const NOW = new Date('2025-06-01T12:00:00Z');

export const REASON = 'Lab bench only; the port is firewalled off from the plant network, "see" <ticket> & review.';

export interface Run {
  readonly result: CheckResult;
  readonly input: InputSummary;
  readonly extras: ReportExtras;
}

/** The run described above, checked in `profile`. */
export function hostileRun(profile: Profile = 'development'): Run {
  const read = readKubernetesText(MANIFESTS, 'manifests dir/site #1.yaml');
  // An object whose values could not be resolved (as the ARM reader marks expressions): never a pass.
  const resources = read.resources.map((r) => (r.name === 'from-arm' ? { ...r, unresolved: ['/spec/ports/0/tls'] } : r));
  const result = checkResources(resources, {
    profile,
    now: NOW,
    waivers: [
      { rule: 'listener-requires-tls', target: 'BrokerListener/waived-one', reason: REASON, owner: 'ot-team | plant A', expires: '2025-12-31' },
      { rule: 'listener-requires-tls', target: 'BrokerListener/expired-one', reason: 'Commissioning window for the new line, agreed with security.', owner: 'ot-team', expires: '2025-01-31' },
      { rule: 'certificate-lifetime', target: 'Certificate/nothing-*', reason: 'Nothing matches this waiver, so it is reported as unused.', owner: '@ops', expires: '2026-01-01' },
      { rule: 'no-such-rule', target: 'BrokerListener/*', reason: 'A waiver for a rule that does not exist is reported.', owner: 'ops', expires: '2026-01-01' },
    ],
  });
  const input: InputSummary = {
    files: 3,
    objects: read.resources.length,
    problems: [{ file: 'broken/<bad>.yaml', line: 4, message: 'invalid YAML: bad indentation of a mapping entry | "quoted"' }],
    notes: [{ file: 'template.json', line: 7, message: "/resources/0: condition [parameters('x')] cannot be resolved" }],
    skipped: [{ file: 'values.yaml', reason: 'not-a-kubernetes-object', count: 2, line: 1 }],
  };
  const extras: ReportExtras = {
    now: NOW,
    toolVersion: '0.0.0',
    diagrams: {
      zones: {
        zones: [
          { id: 'ot', label: 'Plant floor (OT)', kind: 'in-cluster' },
          { id: 'aio', label: 'azure-iot-operations', kind: 'in-cluster' },
          { id: 'evil', label: HOSTILE_NAME, kind: 'in-cluster' },
          { id: 'enterprise', label: 'Enterprise network', kind: 'external' },
          { id: 'azure', label: 'Azure', kind: 'external' },
        ],
        conduits: [
          { from: 'ot', to: 'aio', ports: ['TCP 8883'] },
          { from: 'aio', to: 'azure', ports: ['TCP 443'] },
          { from: 'enterprise', to: 'aio', ports: ['TCP 18883'], declared: false },
          { from: 'evil', to: 'ot', ports: [] },
          { from: 'aio', to: 'aio', ports: ['TCP 8883', 'TCP 18883'] },
        ],
      },
      mqttAccess: {
        topics: ['plant/+/telemetry', 'plant/cmd/#', HOSTILE_NAME],
        rows: [
          { principal: 'clientId sensor-1', cells: [['publish'], [], null] },
          { principal: 'username ops', cells: [['subscribe'], ['publish', 'subscribe'], []] },
          { principal: `attributes ${HOSTILE_NAME}`, cells: [[], ['subscribe'], ['publish']] },
        ],
      },
    },
    attestations: [
      { control: 'AS-4', title: 'Firmware updates are signed', guidance: 'AS-4', status: 'attested', attestedBy: 'Jane Doe', attestedOn: '2025-03-01', expires: '2026-03-01', evidence: 'https://example.com/evidence/as-4' },
      { control: 'AS-5', title: `Tamper-resistant housing ${HOSTILE_NAME}`, guidance: 'AS-5', status: 'expired', attestedBy: 'J. Roe', attestedOn: '2024-01-01', expires: '2025-01-01', evidence: 'javascript:alert(1)' },
      { control: 'AS-6', title: "Manufacturer's guidance followed", guidance: 'AS-6', status: 'missing' },
    ],
  };
  return { result, input, extras };
}
