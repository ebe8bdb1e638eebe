import { Chart, Testing } from 'cdk8s';
import { checkResources, readKubernetesText } from 'aio-secure';
import { stringify } from 'yaml';
import { ManagedIdentityDataflow } from '../../lib/cdk8s/managed-identity-dataflow';
import { GuidanceChecks } from '../../lib/cdk8s/guidance-checks';
import { AZURE_RESOURCES_ID, plannedAzureResourcesOf } from '../../lib/cdk8s/render';
import { partitionForArm, renderArmTemplate } from '../../lib/arm/template';
import type { ManagedIdentityDataflowProps } from '../../lib/model/managed-identity-dataflow';
import { CLIENT_ID, PROPS, TENANT_ID } from '../model/managed-identity-dataflow-props';
import { validateManifest } from '../support/schema-validator';

const WITH_IDS: ManagedIdentityDataflowProps = { ...PROPS, identity: { ...PROPS.identity, clientId: CLIENT_ID, tenantId: TENANT_ID } };

function synth(props: ManagedIdentityDataflowProps = WITH_IDS) {
  const chart = new Chart(Testing.app(), 'site');
  const flows = new ManagedIdentityDataflow(chart, 'plant-a-flows', props);
  return { flows, manifests: Testing.synth(chart) };
}

describe('ManagedIdentityDataflow (cdk8s)', () => {
  test('snapshot of the synthesized manifests', () => {
    expect(synth().manifests).toMatchSnapshot();
  });

  test('renders the AIO resources as YAML and keeps the Azure resources out of it', () => {
    const { flows, manifests } = synth();
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'DataflowProfile/plant-a-flows',
      'DataflowEndpoint/plant-a-flows-local-broker',
      'DataflowEndpoint/telemetry-hubs',
      'DataflowEndpoint/plant-grid',
      'DataflowEndpoint/plant-lake',
      'DataflowEndpoint/plant-adx',
      'DataflowEndpoint/plant-fabric',
      'Dataflow/to-hubs',
      'Dataflow/to-grid',
      'Dataflow/to-lake',
      'Dataflow/to-adx',
      'Dataflow/to-fabric',
      'Dataflow/from-hubs',
      'Dataflow/press-7-tamper',
    ]);
    expect(flows.azureResources.map((r) => r.kind)).toEqual(['userAssignedIdentities', 'federatedIdentityCredentials', 'roleAssignments', 'roleAssignments', 'roleAssignments', 'roleAssignments', 'roleAssignments']);
    expect(flows.requirements[0]).toMatch(/^Assign the identity "plant-a-dataflow-identity" to the AIO instance/);
  });

  test('every custom resource validates against the real AIO CRDs and the derived 2025-10-01 schemas', () => {
    for (const m of synth().manifests) expect(validateManifest(m)).toEqual([]);
  });

  test('every cloud endpoint carries the given client and tenant ids, never a placeholder', () => {
    const endpoints = synth().manifests.filter((m) => m.kind === 'DataflowEndpoint' && m.metadata.name !== 'plant-a-flows-local-broker');
    expect(endpoints).toHaveLength(5);
    for (const e of endpoints) {
      const settings = Object.entries(e.spec).find(([k]) => k.endsWith('Settings'))![1] as { authentication: { method: string; userAssignedManagedIdentitySettings: Record<string, string> } };
      expect(settings.authentication.method).toBe('UserAssignedManagedIdentity');
      expect(settings.authentication.userAssignedManagedIdentitySettings).toMatchObject({ clientId: CLIENT_ID, tenantId: TENANT_ID });
    }
  });

  test('the local broker endpoint uses SAT with aio-internal and TLS with the trust bundle', () => {
    const local = synth().manifests.find((m) => m.metadata.name === 'plant-a-flows-local-broker');
    expect(local.spec.mqttSettings).toEqual({
      host: 'aio-broker.azure-iot-operations:18883',
      authentication: { method: 'ServiceAccountToken', serviceAccountTokenSettings: { audience: 'aio-internal' } },
      tls: { mode: 'Enabled', trustedCaCertificateConfigMapRef: 'azure-iot-operations-customer-ca-trust-bundle' },
    });
  });

  test('dataflows name their profile with profileRef', () => {
    for (const m of synth().manifests.filter((x) => x.kind === 'Dataflow')) expect(m.spec.profileRef).toBe('plant-a-flows');
  });

  test('the manifests read back and check clean in both profiles', () => {
    const text = synth().manifests.map((m) => stringify(m)).join('---\n');
    const { resources, problems } = readKubernetesText(text, 'flows.yaml');
    expect(problems).toEqual([]);
    for (const profile of ['development', 'production'] as const) {
      expect(checkResources(resources, { profile }).findings.map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
    }
  });

  test('the Azure resources stay on the construct, where the synth-time checks see them', () => {
    const { flows } = synth();
    const holder = flows.node.findChild(AZURE_RESOURCES_ID);
    expect(plannedAzureResourcesOf(holder)).toEqual(flows.azureResources);
    const checked = GuidanceChecks.of(flows).check();
    expect(checked.result.findings).toEqual([]);
    for (const r of flows.resources) expect(checked.resources).toContainEqual(expect.objectContaining({ id: r.id, kind: r.kind }));
  });

  test('what aio-secure synth --arm writes: the whole plan, the Azure side included, in one ARM template', () => {
    const { flows } = synth();
    const { resources } = GuidanceChecks.of(flows).check();
    const template = renderArmTemplate(partitionForArm(resources).arm);
    const types = Object.values(template.resources).map((r) => r.type);
    expect(types.filter((t) => t.startsWith('Microsoft.ManagedIdentity/'))).toEqual([
      'Microsoft.ManagedIdentity/userAssignedIdentities',
      'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials',
    ]);
    expect(types.filter((t) => t === 'Microsoft.Authorization/roleAssignments')).toHaveLength(5);
    expect(types.filter((t) => t.startsWith('Microsoft.IoTOperations/'))).toHaveLength(14);
    // The issuer is a parameter of the template; the identity ids are the literal ones the YAML carries.
    expect(Object.keys(template.parameters)).toContain('oidcIssuerUrl');
    const hubs = Object.values(template.resources).find((r) => r.type.endsWith('/dataflowEndpoints') && /'telemetry-hubs'/.test(r.name))!;
    expect(JSON.stringify(hubs.properties)).toContain(CLIENT_ID);
    // test/arm/managed-identity-dataflow.test.ts validates such templates against the ARM types.
  });

  test('names the missing identity ids', () => {
    expect(() => synth(PROPS)).toThrow(
      'ManagedIdentityDataflow "plant-a-flows": identity.clientId and identity.tenantId are missing. The Kubernetes manifests carry the identity\'s ids; pass identity.clientId and identity.tenantId ' +
      '(az identity show --name plant-a-dataflow-identity --resource-group <group> --query "{clientId: clientId, tenantId: tenantId}"), or deploy through aio-secure/pulumi or the ARM template, which reference the planned identity',
    );
    expect(() => synth({ ...PROPS, identity: { ...PROPS.identity, clientId: CLIENT_ID } })).toThrow('ManagedIdentityDataflow "plant-a-flows": identity.tenantId is missing.');
  });
});
