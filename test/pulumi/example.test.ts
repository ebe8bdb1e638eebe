import * as pulumi from '@pulumi/pulumi';
import { SecureBroker as Cdk8sSecureBroker } from 'aio-secure/cdk8s';
import { buildApp } from '../../examples/reference-site/main';
import { readSiteConfig } from '../../examples/pulumi-reference-site/program';
import { installMocks, valueOf } from './support';
import { pinDateToReferenceSiteRecords } from '../support/site-clock';

// The reference site's attestations and onboarding grant are dated: judge them on a day they hold.
pinDateToReferenceSiteRecords();

const PROJECT = 'aio-reference-site';
const run = installMocks(PROJECT, 'plant-a');
const OIDC_ISSUER = 'https://oidc.example/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee/plant-a-edge/';
const CUSTOM_LOCATION = '/subscriptions/0000/resourceGroups/rg-plant-a/providers/Microsoft.ExtendedLocation/customLocations/plant-a';

// The tests run in order: each sets one more value of the stack's configuration.
describe('examples/pulumi-reference-site', () => {
  test('a missing setting names the key and how to set it', () => {
    expect(() => readSiteConfig()).toThrow(
      'Pulumi config "aio-reference-site:instanceName" is missing: the name of the AIO instance. Set it with: pulumi config set instanceName plant-a-aio');
    pulumi.runtime.setConfig(`${PROJECT}:instanceName`, 'plant-a-aio');
    pulumi.runtime.setConfig(`${PROJECT}:resourceGroupName`, 'rg-plant-a');
    pulumi.runtime.setConfig(`${PROJECT}:oidcIssuerUrl`, OIDC_ISSUER);
    expect(() => readSiteConfig()).toThrow(
      'Pulumi config "aio-reference-site:customLocationId" is missing: the resource id of the custom location of the plant\'s Arc-enabled cluster. ' +
      'Set it with: pulumi config set customLocationId /subscriptions/<subscription>/resourceGroups/rg-plant-a/providers/Microsoft.ExtendedLocation/customLocations/plant-a');
  });

  test('a custom location that is not a resource id is rejected', () => {
    pulumi.runtime.setConfig(`${PROJECT}:customLocationId`, 'plant-a');
    expect(() => readSiteConfig()).toThrow(
      'Pulumi config "aio-reference-site:customLocationId" is not a custom location resource id (got "plant-a"). ' +
      'Use the form /subscriptions/<subscription>/resourceGroups/rg-plant-a/providers/Microsoft.ExtendedLocation/customLocations/plant-a');
  });

  test('the program deploys the whole site, and the cdk8s reference site\'s broker, exactly, into the configured instance', async () => {
    pulumi.runtime.setConfig(`${PROJECT}:customLocationId`, CUSTOM_LOCATION);
    expect(readSiteConfig()).toEqual({ instanceName: 'plant-a-aio', resourceGroupName: 'rg-plant-a', customLocationId: CUSTOM_LOCATION, oidcIssuerUrl: OIDC_ISSUER });

    const program = require('../../examples/pulumi-reference-site/index') as {
      brokerName: string; listenerNames: string[]; authorizationName: string; resourceIds: Record<string, pulumi.Output<string>>;
    };
    expect([program.brokerName, program.listenerNames, program.authorizationName]).toEqual(['default', ['plant-floor'], 'plant-a-authz']);
    const ids = Object.fromEntries(await Promise.all(Object.entries(program.resourceIds).map(async ([k, v]) => [k, await valueOf(v)])));
    expect(ids).toMatchObject({
      'plant-a/broker': 'plant-a-broker-id',
      'plant-a/authentication/plant-floor': 'plant-a-authentication-plant-floor-id',
      'plant-a/authorization': 'plant-a-authorization-id',
      'plant-a/listener/plant-floor': 'plant-a-listener-plant-floor-id',
    });

    // Every aio-secure component, once.
    const components = run.registrations.filter((r) => !r.custom).map((r) => r.type).sort();
    expect(components).toEqual([
      'aio-secure:attestation:AttestedControls', 'aio-secure:broker:SecureBroker', 'aio-secure:dataflow:ManagedIdentityDataflow',
      'aio-secure:network:SegmentedEdgeNetwork', 'aio-secure:observability:EdgeObservability', 'aio-secure:pki:EdgePki',
      'aio-secure:rbac:AssetAccessControl', 'aio-secure:runtime:ArcRuntimePolicy', 'aio-secure:secrets:KeyVaultSecretSync',
      'aio-secure:secrets:OpcUaTrust', 'aio-secure:security:DefenderProtection', 'aio-secure:supply-chain:SignedImagePolicy',
    ].sort());

    const component = run.registrations.find((r) => r.type === 'aio-secure:broker:SecureBroker')!;
    expect(component.name).toBe('plant-a');
    const children = run.registrations.filter((r) => r.custom && r.parent === component.urn);

    // The cdk8s app plans the same broker from the same shared props.
    const cdk8s = buildApp().node.findAll().find((c): c is Cdk8sSecureBroker => c instanceof Cdk8sSecureBroker)!;
    expect(children.map((r) => r.inputs.properties)).toEqual(cdk8s.resources.map((r) => r.spec));
    for (const r of children) {
      expect(r.inputs).toMatchObject({
        instanceName: 'plant-a-aio',
        resourceGroupName: 'rg-plant-a',
        extendedLocation: { name: CUSTOM_LOCATION, type: 'CustomLocation' },
      });
    }
  });
});
