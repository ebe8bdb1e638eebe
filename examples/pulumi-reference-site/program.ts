/**
 * The reference site as a Pulumi program: the same broker as `../reference-site` (shared props in
 * `../reference-site/site.ts`), deployed through Azure Resource Manager into an existing AIO
 * instance. `index.ts` runs it; the tests run it under mocks.
 *
 * The plant CA's ClusterIssuer (`plant-a-ca-issuer`) must exist on the cluster: the PKI team
 * provides it until the PKI construct does.
 */
import * as pulumi from '@pulumi/pulumi';
import { SecureBroker } from 'aio-secure/pulumi';
import { REFERENCE_BROKER, REFERENCE_BROKER_ID } from '../reference-site/site';

/** Where the site's AIO instance is, from the stack's configuration. */
export interface SiteConfig {
  /** Name of the AIO instance. */
  readonly instanceName: string;
  /** Resource group of the instance. */
  readonly resourceGroupName: string;
  /** Resource id of the custom location of the plant's Arc-enabled cluster. */
  readonly customLocationId: string;
}

const CUSTOM_LOCATION_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ExtendedLocation\/customLocations\/[^/]+$/i;

const SETTINGS: Record<keyof SiteConfig, { what: string; example: string }> = {
  instanceName: { what: 'the name of the AIO instance', example: 'plant-a-aio' },
  resourceGroupName: { what: 'the resource group of the AIO instance', example: 'rg-plant-a' },
  customLocationId: {
    what: "the resource id of the custom location of the plant's Arc-enabled cluster",
    example: '/subscriptions/<subscription>/resourceGroups/rg-plant-a/providers/Microsoft.ExtendedLocation/customLocations/plant-a',
  },
};

/** Reads the site from the stack's configuration; a missing or malformed value names the setting and how to set it. */
export function readSiteConfig(config: pulumi.Config = new pulumi.Config()): SiteConfig {
  const read = (key: keyof SiteConfig): string => {
    const value = config.get(key);
    const { what, example } = SETTINGS[key];
    if (value === undefined || value.trim() === '') {
      throw new Error(`Pulumi config "${config.name}:${key}" is missing: ${what}. Set it with: pulumi config set ${key} ${example}`);
    }
    return value;
  };
  const site = { instanceName: read('instanceName'), resourceGroupName: read('resourceGroupName'), customLocationId: read('customLocationId') };
  if (!CUSTOM_LOCATION_ID.test(site.customLocationId)) {
    throw new Error(`Pulumi config "${config.name}:customLocationId" is not a custom location resource id (got "${site.customLocationId}"). ` +
      `Use the form ${SETTINGS.customLocationId.example}`);
  }
  return site;
}

/** The site's broker, checked against the production guidance as it is constructed. */
export function referenceSite(site: SiteConfig): SecureBroker {
  return new SecureBroker(REFERENCE_BROKER_ID, { ...REFERENCE_BROKER, ...site, profile: 'production' });
}
