import * as pulumi from '@pulumi/pulumi';
import { SecureBroker as Cdk8sSecureBroker } from 'aio-secure/cdk8s';
import { buildApp } from '../../examples/reference-site/main';
import { readSiteConfig } from '../../examples/pulumi-reference-site/program';
import { installMocks, valueOf } from './support';

const PROJECT = 'aio-reference-site';
const run = installMocks(PROJECT, 'plant-a');
const CUSTOM_LOCATION = '/subscriptions/0000/resourceGroups/rg-plant-a/providers/Microsoft.ExtendedLocation/customLocations/plant-a';

// The tests run in order: each sets one more value of the stack's configuration.
describe('examples/pulumi-reference-site', () => {
  test('a missing setting names the key and how to set it', () => {
    expect(() => readSiteConfig()).toThrow(
      'Pulumi config "aio-reference-site:instanceName" is missing: the name of the AIO instance. Set it with: pulumi config set instanceName plant-a-aio');
    pulumi.runtime.setConfig(`${PROJECT}:instanceName`, 'plant-a-aio');
    pulumi.runtime.setConfig(`${PROJECT}:resourceGroupName`, 'rg-plant-a');
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

  test('the program deploys the cdk8s reference site\'s broker, exactly, into the configured instance', async () => {
    pulumi.runtime.setConfig(`${PROJECT}:customLocationId`, CUSTOM_LOCATION);
    expect(readSiteConfig()).toEqual({ instanceName: 'plant-a-aio', resourceGroupName: 'rg-plant-a', customLocationId: CUSTOM_LOCATION });

    const program = require('../../examples/pulumi-reference-site/index') as {
      brokerName: string; listenerNames: string[]; authorizationName: string; resourceIds: Record<string, pulumi.Output<string>>;
    };
    expect([program.brokerName, program.listenerNames, program.authorizationName]).toEqual(['default', ['plant-floor'], 'plant-a-authz']);
    const ids = Object.fromEntries(await Promise.all(Object.entries(program.resourceIds).map(async ([k, v]) => [k, await valueOf(v)])));
    expect(ids).toEqual({
      'plant-a/broker': 'plant-a-broker-id',
      'plant-a/authentication/plant-floor': 'plant-a-authentication-plant-floor-id',
      'plant-a/authorization': 'plant-a-authorization-id',
      'plant-a/listener/plant-floor': 'plant-a-listener-plant-floor-id',
    });

    const component = run.registrations[0];
    expect([component.type, component.name]).toEqual(['aio-secure:broker:SecureBroker', 'plant-a']);
    const children = run.registrations.filter((r) => r.custom);

    // The cdk8s app plans the same resources from the same shared props.
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
