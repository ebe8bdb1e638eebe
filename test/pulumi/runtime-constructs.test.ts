/**
 * EdgeObservability, DefenderProtection and AssetAccessControl (Pulumi) under mocks: the
 * azure-native resources they register, with their versions, scopes and role definition ids.
 * The construction check judges each component's plan alone, without the deployment-level rules.
 */
import { Provider as KubernetesProvider } from '@pulumi/kubernetes';
import { BUILT_IN_ROLES } from '../../lib/model/azure-roles';
import { ARC_EXTENSION_TYPES, ARM_PROVIDERS } from '../../lib/model/versions';
import { AssetAccessControl } from '../../lib/pulumi/asset-access-control';
import { DefenderProtection } from '../../lib/pulumi/defender-protection';
import { EdgeObservability } from '../../lib/pulumi/edge-observability';
import { installAzureMocks, MOCK_SUBSCRIPTION } from './azure-support';
import { settled, type Registration } from './support';

const run = installAzureMocks();
const CLUSTER = `/subscriptions/${MOCK_SUBSCRIPTION}/resourceGroups/plant-a-rg/providers/Microsoft.Kubernetes/connectedClusters/plant-a-edge`;
const NAMESPACE = `/subscriptions/${MOCK_SUBSCRIPTION}/resourceGroups/plant-a-rg/providers/Microsoft.DeviceRegistry/namespaces/plant-a`;
const PRINCIPAL = '11111111-2222-3333-4444-555555555555';
const CLUSTER_INPUTS = { clusterRp: 'Microsoft.Kubernetes', clusterResourceName: 'connectedClusters', clusterName: 'plant-a-edge', resourceGroupName: 'plant-a-rg' };

async function deploy<T extends { children: ReadonlyMap<string, unknown> }>(make: () => T): Promise<T> {
  run.reset();
  const c = make();
  await settled([c as never, ...(c.children.values() as Iterable<never>)]);
  await new Promise((resolve) => setTimeout(resolve, 20));
  return c;
}
/** The azure-native module version of a provider's pinned api-version, e.g. `v20230501`. */
const pinned = (provider: keyof typeof ARM_PROVIDERS) => `v${ARM_PROVIDERS[provider].replace(/-/g, '')}`;
const ofType = (re: RegExp): Registration[] => run.registrations.filter((r) => re.test(r.type));
const extensionSummary = (r: Registration) => ({
  extensionName: r.inputs.extensionName, extensionType: r.inputs.extensionType, autoUpgradeMinorVersion: r.inputs.autoUpgradeMinorVersion,
  clusterRp: r.inputs.clusterRp, clusterResourceName: r.inputs.clusterResourceName, clusterName: r.inputs.clusterName, resourceGroupName: r.inputs.resourceGroupName,
});

describe('EdgeObservability (Pulumi)', () => {
  test('registers its workspaces, Grafana and the two Azure Monitor extensions on the cluster; no deployment-level rule at construction', async () => {
    const obs = await deploy(() => new EdgeObservability('obs', { clusterId: CLUSTER, resourceGroupName: 'plant-a-rg', kubernetesProvider: new KubernetesProvider('cluster', {}) }));
    expect(EdgeObservability.TYPE).toBe('aio-secure:observability:EdgeObservability');
    expect(run.registrations.find((r) => r.type === EdgeObservability.TYPE)?.name).toBe('obs');
    expect(ofType(/^azure-native:kubernetesconfiguration(\/v[0-9a-z]+)?:Extension$/).map(extensionSummary).sort((a, b) => String(a.extensionName).localeCompare(String(b.extensionName)))).toEqual([
      { extensionName: 'azuremonitor-containers', extensionType: ARC_EXTENSION_TYPES.containerInsights, autoUpgradeMinorVersion: true, ...CLUSTER_INPUTS },
      { extensionName: 'azuremonitor-metrics', extensionType: ARC_EXTENSION_TYPES.monitorMetrics, autoUpgradeMinorVersion: true, ...CLUSTER_INPUTS },
    ]);
    expect(ofType(/^azure-native:monitor(\/v[0-9a-z]+)?:AzureMonitorWorkspace$/).map((r) => [r.inputs.azureMonitorWorkspaceName, r.inputs.resourceGroupName])).toEqual([['obs-amw', 'plant-a-rg']]);
    expect(ofType(/^azure-native:operationalinsights(\/v[0-9a-z]+)?:Workspace$/).map((r) => [r.inputs.workspaceName, r.inputs.retentionInDays, r.inputs.sku])).toEqual([['obs-law', 30, { name: 'PerGB2018' }]]);
    expect(ofType(/^azure-native:dashboard(\/v[0-9a-z]+)?:Grafana$/).map((r) => [r.inputs.workspaceName, r.inputs.sku, r.inputs.identity])).toEqual([['obs-grafana', { name: 'Standard' }, { type: 'SystemAssigned' }]]);
    // azure-native resources at the api-versions ARM_PROVIDERS pins.
    expect(run.registrations.filter((r) => r.type.startsWith('azure-native:')).map((r) => r.type).sort()).toEqual([
      `azure-native:dashboard/${pinned('Microsoft.Dashboard')}:Grafana`,
      `azure-native:kubernetesconfiguration/${pinned('Microsoft.KubernetesConfiguration')}:Extension`,
      `azure-native:kubernetesconfiguration/${pinned('Microsoft.KubernetesConfiguration')}:Extension`,
      `azure-native:monitor/${pinned('Microsoft.Monitor')}:AzureMonitorWorkspace`,
      `azure-native:operationalinsights/${pinned('Microsoft.OperationalInsights')}:Workspace`,
    ]);
    const scrape = ofType(/^kubernetes:(core\/)?v1:ConfigMap$/);
    expect(scrape.map((r) => [(r.inputs.metadata as { name?: string }).name, (r.inputs.metadata as { namespace?: string }).namespace, Object.keys(r.inputs.data as object)]))
      .toEqual([['ama-metrics-prometheus-config', 'kube-system', ['prometheus-config']]]);
    expect(obs.checks.findings).toEqual([]);
  });
});

describe('DefenderProtection (Pulumi)', () => {
  test('the Containers plan at Standard on the subscription, the sensor and Azure Policy on the cluster', async () => {
    const defender = await deploy(() => new DefenderProtection('defender', { clusterId: CLUSTER, subscriptionId: MOCK_SUBSCRIPTION }));
    expect(DefenderProtection.TYPE).toBe('aio-secure:security:DefenderProtection');
    const pricings = ofType(/^azure-native:security(\/v[0-9a-z]+)?:Pricing$/);
    expect(pricings.map((r) => [r.inputs.pricingName, r.inputs.pricingTier, r.inputs.scopeId])).toEqual([['Containers', 'Standard', `/subscriptions/${MOCK_SUBSCRIPTION}`]]);
    expect(ofType(/^azure-native:kubernetesconfiguration(\/v[0-9a-z]+)?:Extension$/).map(extensionSummary).sort((a, b) => String(a.extensionType).localeCompare(String(b.extensionType)))).toEqual([
      { extensionName: 'microsoft.azuredefender.kubernetes', extensionType: ARC_EXTENSION_TYPES.defender, autoUpgradeMinorVersion: true, ...CLUSTER_INPUTS },
      { extensionName: 'azurepolicy', extensionType: ARC_EXTENSION_TYPES.azurePolicy, autoUpgradeMinorVersion: true, ...CLUSTER_INPUTS },
    ]);
    expect(defender.checks.findings).toEqual([]);
  });
});

describe('AssetAccessControl (Pulumi)', () => {
  test('one role assignment per grant, at the given scope, with the built-in role definition id of the subscription', async () => {
    const rbac = await deploy(() => new AssetAccessControl('rbac', {
      grants: [
        { principalId: PRINCIPAL, principalType: 'Group', role: 'deviceRegistryContributor', scope: NAMESPACE },
        { principalId: PRINCIPAL, principalType: 'User', role: 'aioOnboarding', scope: NAMESPACE, expires: '2999-01-31' },
      ],
      subscriptionId: MOCK_SUBSCRIPTION,
    }));
    expect(AssetAccessControl.TYPE).toBe('aio-secure:rbac:AssetAccessControl');
    const assignments = ofType(/^azure-native:authorization(\/v[0-9a-z]+)?:RoleAssignment$/);
    expect(assignments.map((r) => [r.inputs.scope, r.inputs.principalId, r.inputs.principalType, r.inputs.roleDefinitionId])).toEqual([
      [NAMESPACE, PRINCIPAL, 'Group', `/subscriptions/${MOCK_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.deviceRegistryContributor.id}`],
      [NAMESPACE, PRINCIPAL, 'User', `/subscriptions/${MOCK_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.aioOnboarding.id}`],
    ]);
    for (const r of assignments) expect(r.inputs.roleAssignmentName).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(rbac.checks.findings).toEqual([]);
  });
});
