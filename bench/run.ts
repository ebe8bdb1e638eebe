/**
 * Benchmarks (not tests). Each reports a ratio against a baseline measured in the same process,
 * alternating runs so both see the same machine state. Run with `npm run bench`.
 */
import { mqttAccessBench } from './mqtt-access';
import { importTimesBench } from './import-times';
import { synthSecureBrokerBench } from './secure-broker-synth';
import { hostileInputBench } from './hostile-input';
import { reachabilityBench } from './reachability';
import { checkThroughputBench } from './check-throughput';

const benches: Record<string, () => void> = {
  'secure-broker-synth': synthSecureBrokerBench,
  'import-times': () => void importTimesBench(),
  'mqtt-access': mqttAccessBench,
  'reachability': reachabilityBench,
  // Not a ratio: time and peak RSS of the CLI on each hostile input, against the limits.
  'hostile-input': () => void hostileInputBench(),
  'check-throughput': checkThroughputBench,
};

const only = process.argv.slice(2);
for (const [name, run] of Object.entries(benches)) {
  if (only.length && !only.includes(name)) continue;
  run();
}
