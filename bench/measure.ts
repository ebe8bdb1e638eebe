/** Alternates `candidate` and `baseline` runs and reports median times and their ratio. */
export function compare(name: string, baseline: () => void, candidate: () => void, rounds = 15): number {
  const times = { baseline: [] as number[], candidate: [] as number[] };
  baseline();
  candidate(); // warm-up: JIT and module loading
  for (let i = 0; i < rounds; i++) {
    for (const [key, fn] of (i % 2 ? [['candidate', candidate], ['baseline', baseline]] : [['baseline', baseline], ['candidate', candidate]]) as [keyof typeof times, () => void][]) {
      const start = process.hrtime.bigint();
      fn();
      times[key].push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const b = median(times.baseline);
  const c = median(times.candidate);
  const ratio = c / b;
  process.stdout.write(`${name}: baseline ${b.toFixed(1)} ms, aio-secure ${c.toFixed(1)} ms, ratio ${ratio.toFixed(2)}x (median of ${rounds})\n`);
  return ratio;
}
