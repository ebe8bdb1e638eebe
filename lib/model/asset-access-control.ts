/**
 * AssetAccessControl (CL-3): Azure RBAC for the people and groups who work with AIO assets,
 * devices and Device Registry namespaces, at the narrowest scope, with the built-in AIO and Azure
 * Device Registry roles only (facts 5.3).
 *
 * Onboarding roles (Azure IoT Operations Onboarding, Azure Device Registry Onboarding) are
 * time-boxed. ARM role assignments have no expiry field (`Microsoft.Authorization/roleAssignments`
 * properties: roleDefinitionId, principalId, principalType, description, condition,
 * conditionVersion, delegatedManagedIdentityResourceId); time-bound access in Azure is a PIM
 * schedule, which aio-secure does not create. So the expiry is recorded where it travels with the
 * assignment: in its `description` (`... expires YYYY-MM-DD ...`), which exported assignments
 * keep; the rule `onboarding-role-time-boxed` reads it back, and `expiredGrants` lists the ones
 * past their date. Nothing removes the assignment on that day: someone must.
 */
import { planAzureResource, referencePlaceholder, stableGuid } from './azure';
import { BUILT_IN_ROLES, roleDefinitionPath, type BuiltInRole } from './azure-roles';
import { NO_VALUE, PropErrors } from './errors';
import type { Resource, ResourceReference } from './resource';
import { parseExpiry } from './waiver';

const CONSTRUCT = 'AssetAccessControl';

/** The roles AssetAccessControl grants (facts 5.3). */
export const ASSET_ROLES = {
  aioAdministrator: BUILT_IN_ROLES.aioAdministrator,
  aioOnboarding: BUILT_IN_ROLES.aioOnboarding,
  deviceRegistryAdministrator: BUILT_IN_ROLES.deviceRegistryAdministrator,
  deviceRegistryContributor: BUILT_IN_ROLES.deviceRegistryContributor,
  deviceRegistryCredentialsContributor: BUILT_IN_ROLES.deviceRegistryCredentialsContributor,
  deviceRegistryOnboarding: BUILT_IN_ROLES.deviceRegistryOnboarding,
} as const;

/** A role AssetAccessControl grants. */
export type AssetRole = keyof typeof ASSET_ROLES;

/** Roles that exist to set things up and are removed after deployment. */
export const ONBOARDING_ROLES: readonly BuiltInRole[] = [BUILT_IN_ROLES.aioOnboarding, BUILT_IN_ROLES.deviceRegistryOnboarding];

/** The `description` marker of a time-boxed assignment. */
export const EXPIRY_MARKER = /\bexpires (\d{4}-\d{2}-\d{2})\b/;

/** One role assignment. */
export interface AccessGrantProps {
  /** Object id of the user, group or service principal in Microsoft Entra ID. */
  readonly principalId: string;
  readonly principalType: 'User' | 'Group' | 'ServicePrincipal';
  readonly role: AssetRole;
  /**
   * Where the role applies: the resource id of a Device Registry namespace, device or asset, or
   * of an AIO instance; or `{ resource }`, the logical id of one planned in the same deployment.
   * Onboarding roles may also take the resource group (`/subscriptions/<id>/resourceGroups/<name>`)
   * they deploy into.
   */
  readonly scope: string | { readonly resource: string };
  /**
   * Last day of the grant, `YYYY-MM-DD`. Required for onboarding roles.
   * @default - no expiry (not allowed for onboarding roles)
   */
  readonly expires?: string;
}

/** Props of AssetAccessControl. */
export interface AssetAccessControlProps {
  readonly grants: readonly AccessGrantProps[];
}

/** A resolved grant. */
export interface ResolvedGrant {
  readonly principalId: string;
  readonly principalType: AccessGrantProps['principalType'];
  readonly role: BuiltInRole;
  readonly scope: string | { readonly resource: string };
  readonly expires?: string;
}

/** Resolved props. */
export interface ResolvedAssetAccessControl {
  readonly id: string;
  readonly grants: readonly ResolvedGrant[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RG = '/subscriptions/[^/]+/resourceGroups/[^/]+';
const NARROW_SCOPE = new RegExp(
  `^${RG}/providers/(Microsoft\\.DeviceRegistry/namespaces/[^/]+(/(devices|assets)/[^/]+)?|Microsoft\\.IoTOperations/instances/[^/]+)$`, 'i');
const RESOURCE_GROUP = new RegExp(`^${RG}$`, 'i');

/** Validates the props. */
export function resolveAssetAccessControl(id: string, props: AssetAccessControlProps): ResolvedAssetAccessControl {
  const err = new PropErrors(CONSTRUCT, id);
  if (!Array.isArray(props?.grants) || props.grants.length === 0) {
    throw err.error('MISSING_PROP', 'grants', 'is empty', props?.grants, 'Give at least one { principalId, principalType, role, scope }', 'CL-3');
  }
  const seen = new Set<string>();
  const grants = props.grants.map((g, i): ResolvedGrant => {
    const at = `grants[${i}]`;
    if (typeof g.principalId !== 'string' || !GUID.test(g.principalId)) {
      throw err.error('INVALID_PROP', `${at}.principalId`, 'is not an object id', g.principalId, 'Give the Microsoft Entra object id (a GUID) of the user or group');
    }
    if (!['User', 'Group', 'ServicePrincipal'].includes(g.principalType)) {
      throw err.error('INVALID_PROP', `${at}.principalType`, 'is not a principal type', g.principalType, 'Use "User", "Group" or "ServicePrincipal"');
    }
    const role = (ASSET_ROLES as Record<string, BuiltInRole>)[g.role];
    if (!role || !Object.prototype.hasOwnProperty.call(ASSET_ROLES, g.role)) {
      throw err.error('INVALID_PROP', `${at}.role`, 'is not an AIO or Device Registry role', g.role,
        `Use one of ${Object.keys(ASSET_ROLES).join(', ')}; broad roles such as Owner or Contributor are not granted here`, 'CL-3');
    }
    const onboarding = ONBOARDING_ROLES.includes(role);
    if (typeof g.scope === 'string') {
      const narrow = NARROW_SCOPE.test(g.scope);
      if (!narrow && !(onboarding && RESOURCE_GROUP.test(g.scope))) {
        throw err.error('INVALID_PROP', `${at}.scope`, 'is not an asset, device, Device Registry namespace or AIO instance', g.scope,
          'Scope the role to the resource the people work on (only onboarding roles may take the resource group they deploy into)', 'CL-3');
      }
    } else if (!(typeof g.scope?.resource === 'string' && g.scope.resource)) {
      throw err.error('INVALID_PROP', `${at}.scope`, 'names no resource', g.scope, 'Give a resource id or { resource: <logical id> }');
    }
    if (g.expires !== undefined && (typeof g.expires !== 'string' || !parseExpiry(g.expires))) {
      throw err.error('INVALID_PROP', `${at}.expires`, 'is not a date', g.expires, 'Give the last day of the grant as YYYY-MM-DD');
    }
    if (onboarding && g.expires === undefined) {
      throw err.error('MISSING_PROP', `${at}.expires`, `is required for the ${role.name} role`, NO_VALUE,
        'Onboarding roles are removed after deployment: give the last day of the grant as YYYY-MM-DD', 'CL-3');
    }
    const key = `${g.principalId.toLowerCase()}|${role.id}|${typeof g.scope === 'string' ? g.scope.toLowerCase() : `ref:${g.scope.resource}`}`;
    if (seen.has(key)) throw err.error('DUPLICATE', at, 'repeats an earlier grant', g.role, 'Give each principal, role and scope once');
    seen.add(key);
    return { principalId: g.principalId.toLowerCase(), principalType: g.principalType, role, scope: g.scope, ...(g.expires ? { expires: g.expires } : {}) };
  });
  return { id, grants };
}

/** The `description` of a grant's role assignment (it carries the expiry, see the module comment). */
export function grantDescription(id: string, g: ResolvedGrant): string {
  const base = `Granted by aio-secure ${CONSTRUCT} "${id}".`;
  return g.expires ? `${base} Time-boxed: expires ${g.expires}; remove the assignment after that day.` : base;
}

/** One role assignment per grant. */
export function planAssetAccessControl(r: ResolvedAssetAccessControl): Resource[] {
  return r.grants.map((g, i) => {
    const scopeKey = typeof g.scope === 'string' ? g.scope.toLowerCase() : `ref(${g.scope.resource})`;
    const references: ResourceReference[] = typeof g.scope === 'string' ? [] : [{ pointer: '/spec/scope', resource: g.scope.resource, attribute: 'id' }];
    return planAzureResource({
      id: `${r.id}/grant/${i}`,
      armType: 'Microsoft.Authorization/roleAssignments',
      name: stableGuid(scopeKey, g.principalId, g.role.id),
      spec: {
        scope: typeof g.scope === 'string' ? g.scope : referencePlaceholder({ resource: g.scope.resource, attribute: 'id' }),
        properties: {
          roleDefinitionId: roleDefinitionPath(g.role),
          principalId: g.principalId,
          principalType: g.principalType,
          description: grantDescription(r.id, g),
        },
      },
      references,
    });
  });
}

/** Grants whose expiry day has passed at `now`: report them, and remove their assignments. */
export function expiredGrants(r: ResolvedAssetAccessControl, now: Date): ResolvedGrant[] {
  return r.grants.filter((g) => g.expires !== undefined && parseExpiry(g.expires)!.getTime() < now.getTime());
}
