/** Go durations, as cert-manager and the AIO broker take them (`240h`, `1h30m`, `90s`). */

const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
const DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;

/** Seconds in a Go duration, or undefined when `value` is not one. */
export function parseGoDuration(value: unknown): number | undefined {
  if (typeof value !== 'string' || !DURATION.test(value)) return undefined;
  let total = 0;
  for (const m of value.matchAll(PART)) total += Number(m[1]) * UNIT_SECONDS[m[2]];
  return total;
}

/** What is wrong with a duration string, or undefined when it is a positive Go duration. */
export function durationProblem(value: unknown): string | undefined {
  const seconds = parseGoDuration(value);
  if (seconds === undefined) return 'is not a Go duration';
  if (seconds <= 0) return 'is not positive';
  return undefined;
}
