/**
 * Pulumi program of the reference site. Configure the stack, then preview with the policy pack:
 *
 * ```sh
 * pulumi config set instanceName plant-a-aio
 * pulumi config set resourceGroupName rg-plant-a
 * pulumi config set customLocationId /subscriptions/<id>/resourceGroups/rg-plant-a/providers/Microsoft.ExtendedLocation/customLocations/plant-a
 * pulumi preview --policy-pack <folder whose program calls createPolicyPack from aio-secure/pulumi/policy>
 * ```
 */
import { readSiteConfig, referenceSite } from './program';

const broker = referenceSite(readSiteConfig());

/** The broker's name (AIO's `default`). */
export const brokerName = broker.brokerName;
/** The listeners the site added. */
export const listenerNames = broker.listenerNames;
/** The generated least-privilege authorization. */
export const authorizationName = broker.authorizationName;
/** The Azure resource id of each created resource, by logical id. */
export const resourceIds = Object.fromEntries([...broker.children].map(([id, child]) => [id, child.id]));
