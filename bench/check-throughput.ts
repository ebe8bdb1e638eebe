/**
 * Throughput of `aio-secure check` on a generated corpus of tens of MB, against the time to parse
 * the same YAML with the `yaml` library (`parseAllDocuments` + `toJS`) in the same process, at two
 * sizes to show that time grows linearly. Aim: check within 1.5x of parsing.
 *
 * "Check" is what the CLI does after reading bytes: reading the manifests into Resources (our own
 * bounded parser, duplicate-key and alias checks, source lines) and running every rule over the
 * whole deployment, waivers included. The corpus is split into files of about 2 MB (the CLI reads
 * at most 8 MiB a file and 32 MiB a run, so a real run of this size is several runs; the bench
 * calls the reader directly to measure the work, not the limits).
 *
 * `npm run bench -- check-throughput`; `CHECK_BENCH_MB=8,16` changes the sizes, `CHECK_BENCH_ROUNDS`
 * the rounds (default 3).
 */
import { loadavg } from 'node:os';
import { parseAllDocuments } from 'yaml';
import { readKubernetesText, type ReadResult } from '../lib/inputs/kubernetes-reader';
import type { Resource, Waiver } from '../lib/model/resource';
import { checkResources } from '../lib/rules/engine';
import { compare } from './measure';

const MB = 1024 * 1024;
const FILE_BYTES = 2 * MB;

/** One plant's worth of objects: AIO broker resources, cert-manager objects and plain Kubernetes objects. */
function plant(i: number): string {
  const ns = `plant-${i}`;
  return `apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: Broker
metadata:
  name: default
  namespace: ${ns}
spec:
  cardinality:
    backendChain: {partitions: 2, redundancyFactor: 2, workers: 2}
    frontend: {replicas: 2, workers: 2}
  advanced:
    encryptInternalTraffic: Enabled
---
apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata:
  name: external
  namespace: ${ns}
spec:
  brokerRef: default
  serviceType: LoadBalancer
  ports:
    - port: 8883
      authenticationRef: x509
      authorizationRef: authz
      tls:
        mode: Automatic
        certManagerCertificateSpec:
          issuerRef: {group: cert-manager.io, kind: ClusterIssuer, name: plant-ca}
          san: {dns: [mqtt-${i}.plant.example]}
    - port: ${i % 5 === 0 ? 1883 : 8884}
      authenticationRef: x509
---
apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerAuthentication
metadata:
  name: x509
  namespace: ${ns}
spec:
  authenticationMethods:
    - method: X509
      x509Settings:
        trustedClientCaCert: client-ca
---
apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerAuthorization
metadata:
  name: authz
  namespace: ${ns}
spec:
  authorizationPolicies:
    rules:
      - principals: {usernames: [line-${i}]}
        brokerResources:
          - method: Connect
          - method: Publish
            topics: [plant/${i}/telemetry]
          - method: Subscribe
            topics: [plant/${i}/commands/#]
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: edge-${i}
  namespace: ${ns}
spec:
  secretName: edge-${i}-tls
  duration: 2160h
  renewBefore: 720h
  privateKey: {algorithm: ECDSA, size: 256, rotationPolicy: Always}
  issuerRef: {group: cert-manager.io, kind: ClusterIssuer, name: plant-ca}
  dnsNames: [edge-${i}.plant.example]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: line-controller
  namespace: ${ns}
  labels: {app.kubernetes.io/name: line-controller, app.kubernetes.io/part-of: plant}
spec:
  replicas: 2
  selector:
    matchLabels: {app.kubernetes.io/name: line-controller}
  template:
    metadata:
      labels: {app.kubernetes.io/name: line-controller}
    spec:
      containers:
        - name: controller
          image: registry.plant.example/line-controller:1.4.${i % 10}
          env:
            - {name: BROKER, value: "mqtts://aio-broker.${ns}:8883"}
          resources:
            limits: {cpu: 500m, memory: 256Mi}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: ${ns}
data:
  mode: production
  endpoint: mqtts://broker.plant.example:8883
---
`;
}

/** The corpus: files of about 2 MB, `mb` MB in all. */
function corpus(mb: number): string[] {
  const files: string[] = [];
  let current = '';
  let total = 0;
  for (let i = 0; total + current.length < mb * MB; i++) {
    current += plant(i);
    if (current.length >= FILE_BYTES) {
      files.push(current);
      total += current.length;
      current = '';
    }
  }
  if (current) files.push(current);
  return files;
}

/** A waiver per tenth plant, so that waiver matching is part of the work. */
function waivers(plants: number): Waiver[] {
  return Array.from({ length: Math.ceil(plants / 10) }, (_, k) => ({
    rule: 'exposed-plaintext-listener',
    target: `plant-${k * 10}/BrokerListener/external`,
    reason: 'Legacy line PLCs speak plain MQTT until the Q3 retrofit; the port is firewalled to the line VLAN.',
    owner: 'ot-platform-team',
    expires: '2099-12-31',
  }));
}

function check(files: readonly string[], w: readonly Waiver[]): number {
  const resources: Resource[] = [];
  files.forEach((text, i) => {
    const read: ReadResult = readKubernetesText(text, `corpus-${i}.yaml`);
    for (const r of read.resources) resources.push(r);
  });
  return checkResources(resources, { waivers: w }).findings.length;
}

function parse(files: readonly string[]): number {
  let n = 0;
  for (const text of files) for (const doc of parseAllDocuments(text, { uniqueKeys: false })) if (doc.toJS()) n++;
  return n;
}

/** Runs the bench at each size and prints the ratio and the time per MB. */
export function checkThroughputBench(): void {
  const sizes = (process.env.CHECK_BENCH_MB ?? '10,20').split(',').map(Number);
  process.stdout.write(`check throughput: load ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  for (const mb of sizes) {
    const files = corpus(mb);
    const bytes = files.reduce((n, f) => n + f.length, 0);
    const plants = Math.round(bytes / plant(0).length);
    const w = waivers(plants);
    let findings = 0;
    const start = process.hrtime.bigint();
    const ratio = compare(`check ${(bytes / MB).toFixed(1)} MB (${files.length} files, ${plants * 7} objects) vs yaml parse`, () => parse(files), () => {
      findings = check(files, w);
    }, Number(process.env.CHECK_BENCH_ROUNDS ?? 3));
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    process.stdout.write(`  ${findings} findings; ratio ${ratio.toFixed(2)}x (aim 1.5x); bench took ${seconds.toFixed(0)} s\n`);
  }
}

if (require.main === module) checkThroughputBench();
