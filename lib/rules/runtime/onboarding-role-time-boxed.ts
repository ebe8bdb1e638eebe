import { describeValueAt } from '../../model/azure';
import { builtInRoleOf } from '../../model/azure-roles';
import { EXPIRY_MARKER, ONBOARDING_ROLES } from '../../model/asset-access-control';
import { parseExpiry } from '../../model/waiver';
import { defineRule, outcome } from '../types';
import { propertiesOf, ROLE_ASSIGNMENT } from './common';

/** CL-3: onboarding roles carry an expiry and are gone after it. */
export const onboardingRoleTimeBoxed = defineRule({
  name: 'onboarding-role-time-boxed',
  guidance: ['CL-3'],
  description: 'Every AIO or Device Registry onboarding role assignment records an expiry ("expires YYYY-MM-DD" in its description) that has not passed.',
  rationale:
    'The onboarding roles can assign other roles (Storage Blob Data Contributor, Device Registry Administrator); Microsoft says to scope them narrowly and remove them after deployment. ' +
    'An assignment without an end date stays forever; one past its date should already be gone.',
  remediation:
    'Grant onboarding roles with AssetAccessControl and an expires date (it writes "expires YYYY-MM-DD" into the description); remove assignments past their date.',
  severity: { development: 'warning', production: 'error' },
  waivable: true,
  appliesTo: [ROLE_ASSIGNMENT],
  messages: {
    noExpiry: '{role} granted to {principal} has no expiry.',
    expired: '{role} granted to {principal} expired on {expires}; remove the assignment.',
  },
  check(a, { now, index }) {
    const p = propertiesOf(a);
    const role = typeof p.roleDefinitionId === 'string' ? builtInRoleOf(p.roleDefinitionId) : undefined;
    if (!role || !ONBOARDING_ROLES.includes(role)) return { status: 'not-applicable', reason: 'not an onboarding role' };
    const data = { role: role.name, principal: describeValueAt(a, '/spec/properties/principalId', index) ?? 'an unnamed principal' };
    const m = typeof p.description === 'string' ? EXPIRY_MARKER.exec(p.description) : null;
    const expiry = m ? parseExpiry(m[1]) : undefined;
    if (!m || !expiry) return outcome([{ messageId: 'noExpiry', data, path: '/spec/properties/description' }]);
    // `expires` is the last day of the grant: it lapses once that day (UTC) is over, as waivers do.
    if (expiry.getTime() < now.getTime()) return outcome([{ messageId: 'expired', data: { ...data, expires: m[1] }, path: '/spec/properties/description' }]);
    return outcome([]);
  },
});
