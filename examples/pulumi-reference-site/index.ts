/**
 * Pulumi program of the reference site. Configure the stack, then preview with the policy pack:
 *
 * ```sh
 * pulumi config set instanceName plant-a-aio
 * pulumi config set resourceGroupName rg-plant-a
 * pulumi config set customLocationId /subscriptions/<id>/resourceGroups/rg-plant-a/providers/Microsoft.ExtendedLocation/customLocations/plant-a
 * pulumi config set oidcIssuerUrl "$(az connectedk8s show -g rg-plant-a -n plant-a-edge --query oidcIssuerProfile.issuerUrl -o tsv)"
 * pulumi preview --policy-pack <folder whose program calls createPolicyPack from aio-secure/pulumi/policy>
 * ```
 *
 * The Kubernetes objects go to the cluster of the ambient kubeconfig.
 */
import { readSiteConfig, referenceSite } from './program';

const site = referenceSite(readSiteConfig());

/** The broker's name (AIO's `default`). */
export const brokerName = site.broker.brokerName;
/** The listeners the site added. */
export const listenerNames = site.broker.listenerNames;
/** The generated least-privilege authorization. */
export const authorizationName = site.broker.authorizationName;
/** Client ids of the identities the site created (the secret sync's and the dataflows'). */
export const identityClientIds = { otSecretSync: site.otSecrets.identityClientId, dataflow: site.dataflows.identityClientId };
/** What the connected cluster must have, with the command that sets it. */
export const clusterRequirements = [...site.runtime.requirements, ...site.otSecrets.clusterRequirements];
/** What the dataflows need that no resource here can do. */
export const dataflowRequirements = site.dataflows.requirements;
/** The id of each created resource, by logical id. */
export const resourceIds = Object.fromEntries(
  Object.values(site).flatMap((component) => [...component.children].map(([id, child]) => [id, child.id])),
);
