import { SITE_RECORDS_VALID_ON } from '../../examples/reference-site/site';

/** Every fakeable timer API but Date: promises, I/O and Pulumi's mocks run for real. */
export const ALL_BUT_DATE = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback',
  'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;

/**
 * Pins `Date` to a day on which the reference site's dated records (attestations, the time-boxed
 * onboarding grant) hold, for the rest of the test file: the site's checks judge them at "now", and
 * a test must not start failing on the day they expire. Call it at the top of the file, before the
 * site is built.
 */
export function pinDateToReferenceSiteRecords(): void {
  jest.useFakeTimers({ now: new Date(`${SITE_RECORDS_VALID_ON}T12:00:00Z`), doNotFake: [...ALL_BUT_DATE] });
}
