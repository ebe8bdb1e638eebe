import fc from 'fast-check';
import { isEverythingFilter, topicFilterProblem } from 'aio-secure';

describe('topicFilterProblem', () => {
  test.each([
    'a', 'a/b/c', '+', '+/+', 'a/+/c', 'a/#', '#', '/', 'a//b', '/a', 'a/', '$SYS/broker', 'sport/tennis/+/#',
    'plant/{principal.clientId}/telemetry', 'x/{principal.username}', 'x/{principal.attributes.site}/#', '{principal.clientId}',
  ])('accepts %j', (f) => expect(topicFilterProblem(f)).toBeUndefined());

  test.each([
    ['', 'is empty; a topic filter needs at least one character'],
    ['a/#/b', 'has "#" at level 2 of 3; "#" is only allowed as the last level'],
    ['a#', 'has "#" inside level 1 ("a#"); "#" must stand alone in its level'],
    ['a/b#', 'has "#" inside level 2 ("b#"); "#" must stand alone in its level'],
    ['a+', 'has "+" inside level 1 ("a+"); "+" must stand alone in its level'],
    ['a/+b/c', 'has "+" inside level 2 ("+b"); "+" must stand alone in its level'],
    ['a\u0000b', 'contains the null character U+0000'],
    ['x/{principal.password}', 'has an unknown substitution "{principal.password}"; use {principal.clientId}, {principal.username} or {principal.attributes.<name>}'],
    ['x/{principal.clientId', 'has an unbalanced brace in level 2 ("{principal.clientId")'],
    ['client-{principal.clientId}/#', 'has the substitution "{principal.clientId}" inside level 1 ("client-{principal.clientId}"); a substitution must be the whole level'],
    ['a/{principal.clientId}{principal.username}', 'has the substitution "{principal.clientId}" inside level 2 ("{principal.clientId}{principal.username}"); a substitution must be the whole level'],
  ])('rejects %j: %s', (f, problem) => expect(topicFilterProblem(f)).toBe(problem));

  test('rejects a filter longer than 65535 bytes', () => {
    expect(topicFilterProblem('é'.repeat(40000))).toBe('is longer than 65535 bytes');
  });

  // Property: any filter built from plain levels, with "+" levels anywhere and "#" only last, is valid.
  test('property: well-formed filters are accepted', () => {
    const level = fc.oneof(fc.constant('+'), fc.stringMatching(/^[a-z0-9_-]{0,8}$/));
    fc.assert(
      fc.property(fc.array(level, { minLength: 1, maxLength: 8 }), fc.boolean(), (levels, hash) => {
        const f = [...levels, ...(hash ? ['#'] : [])].join('/');
        return f.length === 0 || topicFilterProblem(f) === undefined;
      }),
    );
  });

  test('property: "#" anywhere but the last level is rejected', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,5}$/), { minLength: 1, maxLength: 6 }), fc.nat(), (levels, at) => {
        const i = at % levels.length;
        const withHash = [...levels.slice(0, i), '#', ...levels.slice(i)];
        return topicFilterProblem(withHash.join('/')) !== undefined;
      }),
    );
  });
});

describe('isEverythingFilter', () => {
  test.each(['#', '+/#', '+/+/#'])('%j matches everything', (f) => expect(isEverythingFilter(f)).toBe(true));
  test.each(['a/#', '+', '+/+', 'a/+/#', '$SYS/#'])('%j does not', (f) => expect(isEverythingFilter(f)).toBe(false));
});
