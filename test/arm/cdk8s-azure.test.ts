/**
 * The cdk8s path with Azure-only resources: they are no YAML, but GuidanceChecks sees them (with
 * the construct path of the construct that planned them), so `aio-secure synth --arm` writes them
 * into the chart's ARM template; a Kubernetes object that still holds a reference cannot be YAML.
 */
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { partitionForArm, renderArmTemplate, type JsonObject, type Resource } from 'aio-secure';
import { GuidanceChecks } from '../../lib/cdk8s/guidance-checks';
import { AZURE_RESOURCES_ID, plannedAzureResourcesOf, renderResources } from '../../lib/cdk8s/render';
import { AioSecureError } from '../../lib/model/errors';
import { azurePlan, IDS } from './azure-plan';

/** A construct that renders a plan, as aio-secure's cdk8s constructs do. */
class Planned extends Construct {
  public readonly apiObjects;
  constructor(scope: Construct, id: string, public readonly resources: readonly Resource[]) {
    super(scope, id);
    this.apiObjects = renderResources(this, id, resources, {
      construct: 'KeyVaultSecretSync',
      propFor: (ref) => ('resource' in ref && ref.attribute === 'clientId' ? 'identityClientId' : undefined),
    });
  }
}

/** The test plan without what YAML cannot hold (the Kubernetes SecretProviderClass and the endpoint take the identity's ids). */
const yamlable = () => azurePlan().filter((r) => r.id !== IDS.k8sSpc && r.id !== IDS.endpoint);

describe('cdk8s renderResources with Azure-only resources', () => {
  test('Azure-only resources are no ApiObjects; the construct keeps them for the checks and the ARM template', () => {
    const app = new App();
    const chart = new Chart(app, 'site');
    const planned = new Planned(chart, 'plant-a', yamlable());
    expect(planned.apiObjects.map((a) => `${a.kind}/${a.name}`)).toEqual(['DataflowProfile/plant-a', 'Dataflow/telemetry-to-adx']);
    expect((chart.toJson() as JsonObject[]).map((o) => o.kind)).toEqual(['DataflowProfile', 'Dataflow']);
    const holder = planned.node.findChild(AZURE_RESOURCES_ID);
    expect(plannedAzureResourcesOf(holder)?.map((r) => r.id)).toEqual(
      [IDS.vaultRole, IDS.vault, IDS.identity, IDS.credential, IDS.cluster, IDS.extension, IDS.extensionRole, IDS.armSpc]);
    expect(plannedAzureResourcesOf(planned)).toBeUndefined();
  });

  test('GuidanceChecks sees them with the holder\'s construct path; their template is the plan\'s', () => {
    const app = new App();
    const checks = new GuidanceChecks(app, { profile: 'development' });
    new Planned(new Chart(app, 'site'), 'plant-a', yamlable());
    const { resources, constructPaths } = checks.check();
    const azure = resources.filter((r) => r.armType && !r.armType.startsWith('Microsoft.IoTOperations'));
    expect(azure).toEqual(yamlable().filter((r) => r.armType && !r.armType.startsWith('Microsoft.IoTOperations')));
    expect(constructPaths.get(IDS.vault)).toBe(`site/plant-a/${AZURE_RESOURCES_ID}`);
    // What `aio-secure synth --arm` renders for the chart: the AIO objects read back from YAML and the Azure resources as planned.
    const strip = (rs: readonly Resource[]) => rs.map(({ source: _s, ...r }) => r);
    expect(renderArmTemplate(strip(partitionForArm(resources).arm))).toEqual(renderArmTemplate(partitionForArm(yamlable()).arm));
  });

  test('a Kubernetes object that holds a reference is an error naming the construct, the pointer and the prop', () => {
    const chart = new Chart(new App(), 'site');
    let error: unknown;
    try {
      new Planned(chart, 'plant-a', azurePlan());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AioSecureError);
    expect((error as AioSecureError).message).toBe(
      'KeyVaultSecretSync "plant-a": SecretProviderClass/azure-iot-operations/plant-a-vault (plant-a/kubernetes-secret-provider-class) /spec/parameters/clientID ' +
      'is the clientId of plant-a/identity, which is known only at deployment and cannot be written as YAML (got "ref(plant-a/identity).clientId"). ' +
      'Set identityClientId to the concrete value, or deploy through aio-secure/pulumi or the ARM template.');
    expect((error as AioSecureError).code).toBe('MISSING_PROP');
    expect((error as AioSecureError).propPath).toBe('identityClientId');
  });

  test('without a prop for it, the error says to give the value in the props; a parameter reference says what the parameter is', () => {
    const chart = new Chart(new App(), 'site');
    const endpoint = azurePlan().find((r) => r.id === IDS.endpoint)!;
    const withParameter = { ...endpoint, references: [{ pointer: '/spec/dataExplorerSettings/host', parameter: 'adxHost', description: 'Host of the ADX cluster' }] };
    expect(() => renderResources(chart, 'plant-a', [withParameter])).toThrow(
      'Chart "plant-a": DataflowEndpoint/azure-iot-operations/plant-adx (plant-a/dataflow-endpoint) /spec/dataExplorerSettings/host is the deployment parameter adxHost ' +
      '(Host of the ADX cluster), which is known only at deployment and cannot be written as YAML (got "parameter(adxHost)"). Give the concrete value in the props, ' +
      'or deploy through aio-secure/pulumi or the ARM template.');
  });
});
