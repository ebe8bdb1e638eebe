import { MqttAccessModel, planSecureBroker, resolveSecureBroker, type SecureBrokerProps } from '../lib';

/** A broker whose authorization has one rule per device and one per production line. */
function model(clients: number): MqttAccessModel {
  const props: SecureBrokerProps = {
    issuer: { kind: 'ClusterIssuer', name: 'ca' },
    listeners: [{ name: 'external', serviceType: 'LoadBalancer', hostnames: ['mqtt.example'], ports: [{ port: 8883 }], authentication: { x509: { trustedClientCaConfigMap: 'ca' } } }],
    // One rule per device (by client id) and one per production line (by attributes).
    clients: [
      ...Array.from({ length: clients }, (_, i) => ({
        name: `d${i}`,
        usernames: [`d${i}`],
        clientIds: [`d${i}`],
        publish: [`plant/l${i % 50}/{principal.clientId}/telemetry`, `plant/l${i % 50}/d${i}/events`],
        subscribe: [`plant/l${i % 50}/d${i}/commands/#`],
      })),
      ...Array.from({ length: 50 }, (_, l) => ({
        name: `line-${l}`,
        attributes: [{ line: `l${l}`, role: 'sensor' }],
        subscribe: [`plant/l${l}/+/status`],
      })),
    ],
  };
  return MqttAccessModel.fromResources(planSecureBroker(resolveSecureBroker('site', props)));
}

function run(clients: number): { build: number; perQuery: number; queries: number; allowed: number } {
  const t0 = process.hrtime.bigint();
  const m = model(clients);
  const t1 = process.hrtime.bigint();
  const queries = clients * 10;
  let allowed = 0;
  for (let q = 0; q < queries; q++) {
    const i = (q * 7919) % clients;
    const topic = q % 2 ? `plant/l${i % 50}/d${i}/telemetry` : `plant/l${(i + 1) % 50}/d${q % clients}/commands/x`;
    const [d] = m.decide({ principal: { clientId: `d${i}`, username: `d${i}`, attributes: { line: `l${i % 50}`, role: 'sensor' } }, action: q % 2 ? 'publish' : 'subscribe', topic });
    if (d.allowed) allowed++;
  }
  const t2 = process.hrtime.bigint();
  return { build: Number(t1 - t0) / 1e6, perQuery: Number(t2 - t1) / 1e3 / queries, queries, allowed };
}

/** The simulator at two sizes: thousands of rules, tens of thousands of queries. Reports growth. */
export function mqttAccessBench(): void {
  run(500); // warm-up
  const small = run(2000);
  const large = run(8000);
  const line = (n: number, r: ReturnType<typeof run>) =>
    `  ${n} rules, ${r.queries} queries: build ${r.build.toFixed(0)} ms, ${r.perQuery.toFixed(1)} µs/query (${r.allowed} allowed)`;
  process.stdout.write(`mqtt-access:\n${line(2000, small)}\n${line(8000, large)}\n`);
  process.stdout.write(`  4x the rules: build ${(large.build / small.build).toFixed(2)}x, time per query ${(large.perQuery / small.perQuery).toFixed(2)}x (1.0x = constant per query, so total time linear)\n`);
}
