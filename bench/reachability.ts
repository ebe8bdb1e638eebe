import { ReachabilityModel, type Resource } from '../lib';

/**
 * A fleet-sized cluster: `namespaces` zone namespaces, each with `perNamespace` workloads, a
 * default deny, DNS, and one conduit policy per workload to a workload of the next namespace.
 */
function resources(namespaces: number, perNamespace: number): Resource[] {
  const out: Resource[] = [];
  const policy = (ns: string, name: string, spec: Resource['spec']): Resource => ({ id: `${ns}/NetworkPolicy/${name}`, group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy', name, namespace: ns, spec });
  for (let n = 0; n < namespaces; n++) {
    const ns = `zone-${n}`;
    out.push({ id: `Namespace/${ns}`, group: '', version: 'v1', kind: 'Namespace', name: ns, labels: { 'aio-secure.io/zone': `z${n % 50}` }, spec: {} });
    out.push(policy(ns, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }));
    out.push(policy(ns, 'dns', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }] }] }));
    const next = `zone-${(n + 1) % namespaces}`;
    for (let w = 0; w < perNamespace; w++) {
      out.push({ id: `${ns}/Deployment/app-${w}`, group: 'apps', version: 'v1', kind: 'Deployment', name: `app-${w}`, namespace: ns, spec: { template: { metadata: { labels: { app: `app-${w}` } }, spec: { containers: [{ name: 'c', image: 'x', ports: [{ name: 'http', containerPort: 8080 }] }] } } } });
      out.push(policy(ns, `out-${w}`, { podSelector: { matchLabels: { app: `app-${w}` } }, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': next } }, podSelector: { matchLabels: { app: `app-${(w + 1) % perNamespace}` } } }], ports: [{ port: 'http' }] }] }));
      out.push(policy(ns, `in-${w}`, { podSelector: { matchLabels: { app: `app-${w}` } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'aio-secure.io/zone': `z${(n + 49) % 50}` } } }], ports: [{ port: 8080 }, { port: 9000, endPort: 9100 }] }] }));
    }
  }
  out.push({ id: 'kube-system/Deployment/coredns', group: 'apps', version: 'v1', kind: 'Deployment', name: 'coredns', namespace: 'kube-system', spec: { template: { metadata: { labels: { 'k8s-app': 'kube-dns' } }, spec: { containers: [] } } } });
  return out;
}

function run(namespaces: number, perNamespace: number) {
  const input = resources(namespaces, perNamespace);
  const t0 = process.hrtime.bigint();
  const model = ReachabilityModel.fromResources(input);
  const t1 = process.hrtime.bigint();
  const graph = model.graph();
  const t2 = process.hrtime.bigint();
  const workloads = model.endpoints.length;
  const policies = input.filter((r) => r.kind === 'NetworkPolicy').length;
  return { workloads, policies, build: Number(t1 - t0) / 1e6, matrix: Number(t2 - t1) / 1e6, pairs: workloads * workloads, edges: graph.zoneEdges.length };
}

/** Reachability at two sizes: build (policies compiled) and the full zone matrix (every workload pair). */
export function reachabilityBench(): void {
  run(20, 10); // warm-up
  const small = run(200, 10);
  const large = run(400, 10);
  const line = (r: ReturnType<typeof run>) =>
    `  ${r.workloads} workloads, ${r.policies} policies: build ${r.build.toFixed(0)} ms, zone matrix ${r.matrix.toFixed(0)} ms (${(r.matrix * 1e6 / r.pairs).toFixed(0)} ns/pair, ${r.edges} zone edges)`;
  process.stdout.write(`reachability:\n${line(small)}\n${line(large)}\n`);
  process.stdout.write(`  2x the namespaces, workloads and policies: build ${(large.build / small.build).toFixed(2)}x (2x = linear), matrix ${(large.matrix / small.matrix).toFixed(2)}x (4x = linear in workload pairs, the size of the answer)\n`);
}
