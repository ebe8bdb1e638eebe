/**
 * ArcRuntimePolicy (Pulumi) under mocks: each pinned extension becomes an azure-native
 * kubernetesconfiguration Extension on the connected cluster, with the versions of AIO_RELEASE,
 * no automatic minor upgrades and the stable train, whether the cluster is given as an id or as
 * the connectedClusterId parameter.
 */
import { planArcRuntimePolicy, resolveArcRuntimePolicy } from '../../lib/model/arc-runtime-policy';
import { AIO_RELEASE, ARC_EXTENSION_TYPES } from '../../lib/model/versions';
import { ArcRuntimePolicy } from '../../lib/pulumi/arc-runtime-policy';
import { CONSTRUCTION_RULES } from '../../lib/pulumi/guidance-checks';
import { aioSecurePolicies } from '../../lib/pulumi/policy/policies';
import { checkResources } from '../../lib/rules/engine';
import { RULES } from '../../lib/rules/registry';
import { installAzureMocks, MOCK_SUBSCRIPTION } from './azure-support';
import { settled, valueOf, type Registration } from './support';

const run = installAzureMocks();
const CLUSTER = `/subscriptions/${MOCK_SUBSCRIPTION}/resourceGroups/plant-a-rg/providers/Microsoft.Kubernetes/connectedClusters/plant-a-edge`;

// Production, the default profile: the construction check judges this component's plan alone and
// leaves the deployment-level rules to the stack policy (see the last tests).
async function deploy(args: ConstructorParameters<typeof ArcRuntimePolicy>[1]): Promise<ArcRuntimePolicy> {
  run.reset();
  const policy = new ArcRuntimePolicy('plant-a', args);
  await settled([policy, ...policy.children.values()]);
  await new Promise((resolve) => setTimeout(resolve, 20));
  return policy;
}
/** The Extension registrations, by extension name (registration follows creation order, not plan order). */
const extensions = (): Registration[] => run.registrations.filter((r) => /^azure-native:kubernetesconfiguration(\/v[0-9a-z]+)?:Extension$/.test(r.type))
  .sort((a, b) => String(a.inputs.extensionName).localeCompare(String(b.inputs.extensionName)));
const summary = (r: Registration) => ({
  name: r.name, extensionName: r.inputs.extensionName, extensionType: r.inputs.extensionType, version: r.inputs.version,
  autoUpgradeMinorVersion: r.inputs.autoUpgradeMinorVersion, releaseTrain: r.inputs.releaseTrain,
  clusterRp: r.inputs.clusterRp, clusterResourceName: r.inputs.clusterResourceName, clusterName: r.inputs.clusterName, resourceGroupName: r.inputs.resourceGroupName,
});

describe('ArcRuntimePolicy (Pulumi)', () => {
  test('registers the component under its type token and pins each extension on the given cluster', async () => {
    const policy = await deploy({ clusterId: CLUSTER });
    expect(run.registrations.find((r) => r.type === ArcRuntimePolicy.TYPE)?.name).toBe('plant-a');
    expect(ArcRuntimePolicy.TYPE).toBe('aio-secure:runtime:ArcRuntimePolicy');
    const cluster = { clusterRp: 'Microsoft.Kubernetes', clusterResourceName: 'connectedClusters', clusterName: 'plant-a-edge', resourceGroupName: 'plant-a-rg' };
    expect(extensions().map(summary)).toEqual([
      { name: expect.any(String), extensionName: 'azure-iot-operations', extensionType: ARC_EXTENSION_TYPES.iotOperations, version: AIO_RELEASE.iotOperations, autoUpgradeMinorVersion: false, releaseTrain: 'stable', ...cluster },
      { name: expect.any(String), extensionName: 'azure-secret-store', extensionType: ARC_EXTENSION_TYPES.secretStore, version: AIO_RELEASE.secretStore, autoUpgradeMinorVersion: false, releaseTrain: 'stable', ...cluster },
      { name: expect.any(String), extensionName: 'cert-manager', extensionType: ARC_EXTENSION_TYPES.certManagement, version: AIO_RELEASE.certManagement, autoUpgradeMinorVersion: false, releaseTrain: 'stable', ...cluster },
    ]);
    const urn = await valueOf(policy.urn);
    for (const r of extensions()) expect(r.parent).toBe(urn);
  });

  test('the AIO extension carries its release namespace, identity and merged settings', async () => {
    await deploy({ clusterId: CLUSTER, extensionSettings: [{ source: 'EdgeObservability "obs"', settings: { 'observability.metrics.enabled': 'true' } }] });
    const aio = extensions().find((r) => r.inputs.extensionName === 'azure-iot-operations')!;
    expect(aio.inputs.identity).toEqual({ type: 'SystemAssigned' });
    expect(aio.inputs.scope).toEqual({ cluster: { releaseNamespace: 'azure-iot-operations' } });
    expect(aio.inputs.configurationSettings).toEqual({
      'connectors.values.mqttBroker.address': 'mqtts://aio-broker.azure-iot-operations:18883',
      'connectors.values.mqttBroker.serviceAccountTokenAudience': 'aio-internal',
      'observability.metrics.enabled': 'true',
    });
  });

  test('takes the cluster from the connectedClusterId parameter when no clusterId is given', async () => {
    await deploy({ parameters: { connectedClusterId: CLUSTER } });
    expect(extensions().map((r) => [r.inputs.clusterName, r.inputs.resourceGroupName, r.inputs.clusterRp, r.inputs.clusterResourceName]))
      .toEqual(Array(3).fill(['plant-a-edge', 'plant-a-rg', 'Microsoft.Kubernetes', 'connectedClusters']));
  });

  test('refuses to render without the parameter, naming it', () => {
    expect(() => new ArcRuntimePolicy('plant-a', {})).toThrow('ArcRuntimePolicy "plant-a": parameters.connectedClusterId is missing.');
  });

  test('installCertManagement: false leaves the cert-manager extension out', async () => {
    await deploy({ clusterId: CLUSTER, installCertManagement: false });
    expect(extensions().map((r) => r.inputs.extensionName)).toEqual(['azure-iot-operations', 'azure-secret-store']);
  });

  test('the connected cluster requirements are exposed, with auto-upgrade off in production', async () => {
    const policy = await deploy({ clusterId: CLUSTER, agentVersion: '1.21.10' });
    expect(policy.requirements.map((q) => [q.setting, q.value])).toEqual([
      ['/properties/arcAgentProfile/agentAutoUpgrade', 'Disabled'],
      ['/properties/arcAgentProfile/desiredAgentVersion', '1.21.10'],
      ['/properties/oidcIssuerProfile/enabled', true],
      ['/properties/securityProfile/workloadIdentity/enabled', true],
    ]);
  });

  test('snapshot of the registrations', async () => {
    await deploy({ clusterId: CLUSTER });
    expect(run.registrations.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs })).sort((a, b) => a.name.localeCompare(b.name))).toMatchSnapshot();
  });

  // The deployment-level rules (observability-deployed, defender-for-containers-enabled,
  // attested-*) ask whether the deployment as a whole has a control that other components of the
  // same stack provide; the construction check of one component leaves them to the stack policy.
  test('in production it can be constructed on its own, without waivers', () => {
    const policy = new ArcRuntimePolicy('plant-b', { clusterId: CLUSTER });
    expect(policy.checks.findings).toEqual([]);
  });

  test('the construction check runs every rule but the deployment-level ones, which the stack policy keeps', () => {
    const deploymentLevel = RULES.filter((r) => r.deploymentLevel).map((r) => r.name).sort();
    expect(deploymentLevel).toEqual(['attested-firmware-updates', 'attested-manufacturer-guidance', 'attested-network-sensors',
      'attested-tamper-resistant-hardware', 'defender-for-containers-enabled', 'image-signature-policy-covers-aio', 'observability-deployed']);
    expect(CONSTRUCTION_RULES.map((r) => r.name)).toEqual(RULES.filter((r) => !r.deploymentLevel).map((r) => r.name));
    expect(aioSecurePolicies().map((p) => p.name)).toEqual(expect.arrayContaining(deploymentLevel));
  });

  test('the same plan, checked as a whole deployment, gets the deployment-level findings on the AIO extension', () => {
    const plan = planArcRuntimePolicy(resolveArcRuntimePolicy('plant-c', { clusterId: CLUSTER }));
    const result = checkResources(plan, { profile: 'production' });
    expect([...new Set(result.findings.map((f) => `${f.resource.name} ${f.rule}`))].sort()).toEqual([
      'azure-iot-operations attested-firmware-updates', 'azure-iot-operations attested-manufacturer-guidance', 'azure-iot-operations attested-network-sensors',
      'azure-iot-operations attested-tamper-resistant-hardware', 'azure-iot-operations defender-for-containers-enabled',
      'azure-iot-operations image-signature-policy-covers-aio', 'azure-iot-operations observability-deployed',
    ]);
  });
});
