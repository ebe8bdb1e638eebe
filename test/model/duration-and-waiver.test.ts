import { durationProblem, isExpired, parseExpiry, parseGoDuration, waiverProblem } from 'aio-secure';

describe('Go durations', () => {
  test.each([['240h', 864000], ['90m', 5400], ['1h30m', 5400], ['1.5h', 5400], ['45s', 45], ['500ms', 0.5]])('%s is %d seconds', (d, s) =>
    expect(parseGoDuration(d)).toBeCloseTo(s));
  test.each(['', '10', 'h', '10d', '90 days', '-5m', '1h 30m'])('%j is not a Go duration', (d) => {
    expect(parseGoDuration(d)).toBeUndefined();
    expect(durationProblem(d)).toBe('is not a Go duration');
  });
  test('zero is not positive', () => expect(durationProblem('0s')).toBe('is not positive'));
  test('a non-string is not a duration', () => expect(parseGoDuration(240)).toBeUndefined());
});

describe('waivers', () => {
  const ok = { rule: 'listener-requires-tls', reason: 'Commissioning rig on an isolated VLAN until line 2 is accepted', owner: 'ot-team', expires: '2027-01-31' };

  test('a well-formed waiver has no problem', () => expect(waiverProblem(ok)).toBeUndefined());
  test.each(['todo', 'n/a', 'because', 'short reason', ''])('reason %j is not substantive', (reason) =>
    expect(waiverProblem({ ...ok, reason })?.[0]).toBe('reason'));
  test('an owner is required', () => expect(waiverProblem({ ...ok, owner: ' ' })).toEqual(['owner', 'is missing', 'Name the person or team that accepts the risk']));
  test.each(['2027-02-30', '31.01.2027', '2027-1-31', ''])('expiry %j is not a date', (expires) =>
    expect(waiverProblem({ ...ok, expires })?.[0]).toBe('expires'));
  test('a waiver applies through the whole of its expiry day, UTC', () => {
    expect(parseExpiry('2027-01-31')?.toISOString()).toBe('2027-01-31T23:59:59.999Z');
    expect(isExpired(ok, new Date('2027-01-31T23:00:00Z'))).toBe(false);
    expect(isExpired(ok, new Date('2027-02-01T00:00:00Z'))).toBe(true);
  });
});
