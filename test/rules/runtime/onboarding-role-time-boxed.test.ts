import type { JsonObject } from 'aio-secure';
import { BUILT_IN_ROLES, checkResources, roleDefinitionPath } from 'aio-secure';
import { onboardingRoleTimeBoxed } from '../../../lib/rules/runtime/onboarding-role-time-boxed';
import { ruleTable } from '../helpers';
import { roleAssignment } from './support';

const PRINCIPAL = '11111111-2222-3333-4444-555555555555';
const grant = (role: { name: string; id: string }, description?: string) =>
  roleAssignment('a', { roleDefinitionId: roleDefinitionPath(role), principalId: PRINCIPAL, principalType: 'User', ...(description ? { description } : {}) });

// ruleTable judges at the engine's default moment (the wall clock): only dates far from today here.
describe('onboarding-role-time-boxed', () => {
  ruleTable(onboardingRoleTimeBoxed, [
    { name: 'AIO onboarding with an expiry ahead', resources: [grant(BUILT_IN_ROLES.aioOnboarding, 'Plant A rollout; expires 2999-12-31')], expect: { outcome: 'valid' } },
    { name: 'a role that is not an onboarding role', resources: [grant(BUILT_IN_ROLES.aioAdministrator)], expect: { outcome: 'not-applicable', reason: 'not an onboarding role' } },
    {
      name: 'ADR onboarding without expiry',
      resources: [grant(BUILT_IN_ROLES.deviceRegistryOnboarding, 'Plant A rollout')],
      expect: { outcome: 'invalid', messageIds: ['noExpiry'], messages: [`Azure Device Registry Onboarding granted to ${PRINCIPAL} has no expiry.`], paths: ['/spec/properties/description'] },
    },
    { name: 'an expiry that is not a date', resources: [grant(BUILT_IN_ROLES.aioOnboarding, 'expires 2026-02-30')], expect: { outcome: 'invalid', messageIds: ['noExpiry'] } },
    {
      name: 'expired',
      resources: [grant(BUILT_IN_ROLES.aioOnboarding, 'expires 2020-01-31')],
      expect: { outcome: 'invalid', messageIds: ['expired'], messages: [`Azure IoT Operations Onboarding granted to ${PRINCIPAL} expired on 2020-01-31; remove the assignment.`] },
    },
    {
      name: 'a malformed assignment without a spec',
      resources: [{ ...grant(BUILT_IN_ROLES.aioOnboarding), spec: null as unknown as JsonObject }],
      expect: { outcome: 'unknown', reason: 'Cannot read properties of null' },
    },
  ]);
});

describe('onboarding-role-time-boxed judges the expiry at context.now, not the wall clock', () => {
  // GIVEN a grant whose last day is 2026-06-15 (it lapses once that UTC day is over)
  // WHEN the check runs at each fixed moment THEN the outcome depends on that moment only.
  const cases: readonly [string, string, readonly string[]][] = [
    ['a month before', '2026-05-15T12:00:00Z', []],
    ['the first instant of the last day', '2026-06-15T00:00:00Z', []],
    ['the last instant of the last day', '2026-06-15T23:59:59.999Z', []],
    ['the first instant after the last day', '2026-06-16T00:00:00Z', ['expired']],
    ['years later', '2031-01-01T00:00:00Z', ['expired']],
  ];
  test.each(cases)('%s (%s)', (_name, at, expected) => {
    const result = checkResources([grant(BUILT_IN_ROLES.aioOnboarding, 'Plant A rollout; expires 2026-06-15')],
      { rules: [onboardingRoleTimeBoxed], profile: 'production', now: new Date(at) });
    expect(result.findings.map((f) => f.messageId)).toEqual(expected);
    if (expected.length) {
      expect(result.findings[0].message).toBe(`Azure IoT Operations Onboarding granted to ${PRINCIPAL} expired on 2026-06-15; remove the assignment.`);
    } else {
      expect(result.summary.checked).toBeGreaterThan(0);
    }
  });

  test('a missing expiry is reported whatever the moment', () => {
    for (const at of ['2000-01-01T00:00:00Z', '2999-01-01T00:00:00Z']) {
      const result = checkResources([grant(BUILT_IN_ROLES.aioOnboarding, 'Plant A rollout')], { rules: [onboardingRoleTimeBoxed], profile: 'production', now: new Date(at) });
      expect(result.findings.map((f) => f.messageId)).toEqual(['noExpiry']);
    }
  });
});
