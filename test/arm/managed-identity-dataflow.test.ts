/**
 * ManagedIdentityDataflow as an ARM template (`renderArmTemplate`), the production path: every
 * resource validates against the ARM type definitions, references become the expressions ARM
 * resolves at deployment, and reading the template back gives the plan.
 */
import { checkResources, readManifestText, type JsonObject, type Resource } from 'aio-secure';
import { renderArmTemplate, type ArmTemplate } from '../../lib/arm/template';
import { BUILT_IN_ROLES } from '../../lib/model/azure-roles';
import { planManagedIdentityDataflow, resolveManagedIdentityDataflow } from '../../lib/model/managed-identity-dataflow';
import { armTypes, validateArmTemplate } from '../support/arm-types-validator';
import { EG_NS, EH_NS, PROPS, STORAGE } from '../model/managed-identity-dataflow-props';

const PARAMETERS = { instanceName: 'aio-plant-a', customLocationName: 'plant-a-cl' };

/** The template's parameters as a deployment passes them (the issuer is the connected cluster's). */
const DEPLOYMENT = { ...PARAMETERS, oidcIssuerUrl: 'https://oidc.plant-a.example/issuer/' };

const plan = (): Resource[] => planManagedIdentityDataflow(resolveManagedIdentityDataflow('plant-a-flows', PROPS));

type TemplateResource = Record<string, unknown> & { type: string; apiVersion: string; name: string; properties?: JsonObject };

describe('ManagedIdentityDataflow as an ARM template', () => {
  const template = renderArmTemplate(plan());
  const resources = Object.values(template.resources) as TemplateResource[];

  test('holds the identity, its federated credential, the role assignments and the AIO dataflow resources', () => {
    const count = (type: string) => resources.filter((r) => r.type === type).length;
    expect(count('Microsoft.ManagedIdentity/userAssignedIdentities')).toBe(1);
    expect(count('Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials')).toBe(1);
    expect(count('Microsoft.Authorization/roleAssignments')).toBe(5);
    expect(count('Microsoft.IoTOperations/instances/dataflowProfiles')).toBe(1);
    expect(count('Microsoft.IoTOperations/instances/dataflowEndpoints')).toBe(6);
    expect(count('Microsoft.IoTOperations/instances/dataflowProfiles/dataflows')).toBe(7);
    expect(resources).toHaveLength(21);
  });

  test('every resource validates against the ARM types, role assignments included', () => {
    // The validator puts a value of the right shape where a reference's expression is (a GUID for
    // the identity's ids, the parameter's value for the issuer) and checks it like a literal.
    expect(validateArmTemplate(template, { parameters: DEPLOYMENT })).toEqual([]);
    expect(() => armTypes('Microsoft.Authorization', '2022-04-01')).not.toThrow();
  });

  test('the validation step is not blind: a wrong subject type and unknown endpoint and role assignment properties are reported', () => {
    const broken = JSON.parse(JSON.stringify(template)) as ArmTemplate & { resources: Record<string, TemplateResource> };
    for (const r of Object.values(broken.resources)) {
      if (r.type.endsWith('/federatedIdentityCredentials')) r.properties = { ...r.properties, subject: 7 };
      if (r.type.endsWith('/dataflowEndpoints') && /'telemetry-hubs'/.test(r.name)) r.properties = { ...r.properties, colour: 'blue' };
    }
    const first = Object.values(broken.resources).find((r) => r.type === 'Microsoft.Authorization/roleAssignments')!;
    first.properties = { ...first.properties, expiresOn: '2027-01-01' };
    const errors = validateArmTemplate(broken, { parameters: DEPLOYMENT });
    expect(errors).toHaveLength(3);
    expect(errors.join('\n')).toMatch(/federatedIdentityCredentials plant-a-dataflow-identity\/aio-dataflow: \/properties\/subject must be a string \(got 7\)/);
    expect(errors.join('\n')).toMatch(/dataflowEndpoints aio-plant-a\/telemetry-hubs: \/properties must not have property "colour"/);
    expect(errors.join('\n')).toMatch(/roleAssignments [0-9a-f-]{36}: \/properties must not have property "expiresOn"/);
  });

  test('role assignments: the built-in role at subscription level, the identity\'s principal, scoped to each entity', () => {
    const roles = resources.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments');
    expect(roles.map((r) => [r.scope, (r.properties as JsonObject).roleDefinitionId])).toEqual([
      [`${EH_NS}/eventhubs/line-1`, `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${BUILT_IN_ROLES.eventHubsDataSender.id}')]`],
      [`${EG_NS}/topicSpaces/plant-a`, `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${BUILT_IN_ROLES.eventGridTopicSpacesPublisher.id}')]`],
      [`${STORAGE}/blobServices/default/containers/line-1-archive`, `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${BUILT_IN_ROLES.storageBlobDataContributor.id}')]`],
      [`${EH_NS}/eventhubs/setpoints`, `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${BUILT_IN_ROLES.eventHubsDataReceiver.id}')]`],
      [`${EH_NS}/eventhubs/tamper-alerts`, `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${BUILT_IN_ROLES.eventHubsDataSender.id}')]`],
    ]);
    for (const r of roles) {
      expect(r.properties).toMatchObject({ principalId: "[reference('plant_a_flows_identity').principalId]", principalType: 'ServicePrincipal' });
      expect(r.dependsOn).toEqual(['plant_a_flows_identity']);
    }
  });

  test('the federated credential takes its issuer from a template parameter; endpoints take the identity\'s ids by reference', () => {
    expect(template.parameters.oidcIssuerUrl).toMatchObject({ type: 'string' });
    const fic = resources.find((r) => r.type.endsWith('/federatedIdentityCredentials'))!;
    expect(fic.properties).toEqual({
      issuer: "[parameters('oidcIssuerUrl')]",
      subject: 'system:serviceaccount:azure-iot-operations:aio-dataflow',
      audiences: ['api://AzureADTokenExchange'],
    });
    const hubs = resources.find((r) => r.type.endsWith('/dataflowEndpoints') && /'telemetry-hubs'/.test(r.name))!;
    expect((hubs.properties as { kafkaSettings: { authentication: JsonObject } }).kafkaSettings.authentication).toEqual({
      method: 'UserAssignedManagedIdentity',
      userAssignedManagedIdentitySettings: {
        clientId: "[reference('plant_a_flows_identity').clientId]",
        tenantId: "[reference('plant_a_flows_identity').tenantId]",
        scope: 'https://plant-a-hubs.servicebus.windows.net',
      },
    });
  });

  test('reads back as the plan, and the plan read back checks clean in both profiles', () => {
    const read = readManifestText(JSON.stringify(template, null, 2), 'flows.template.json');
    expect(read.problems).toEqual([]);
    expect(read.resources.map(({ source: _s, ...r }) => r)).toEqual(plan());
    for (const profile of ['development', 'production'] as const) {
      expect(checkResources(read.resources, { profile }).findings.map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
    }
  });
});
