/**
 * The ARM side of ArcRuntimePolicy, EdgeObservability, DefenderProtection and AssetAccessControl:
 * each plan split by deployment (`partitionForArm`), its resource-group part rendered by
 * renderArmTemplate and its subscription part (the Defender plan) by renderSubscriptionTemplate,
 * every resource validated against its ARM types, and the scrape ConfigMap (the one Kubernetes
 * object) against the Kubernetes v1.31 schema.
 */
import { partitionForArm, renderArmTemplate, renderSubscriptionTemplate } from '../../lib/arm/template';
import { planArcRuntimePolicy, resolveArcRuntimePolicy } from '../../lib/model/arc-runtime-policy';
import { planAssetAccessControl, resolveAssetAccessControl } from '../../lib/model/asset-access-control';
import { planDefenderProtection, resolveDefenderProtection } from '../../lib/model/defender-protection';
import { planEdgeObservability, resolveEdgeObservability } from '../../lib/model/edge-observability';
import { AioSecureError } from '../../lib/model/errors';
import { toKubernetesObject } from '../../lib/model/kubernetes-object';
import { validateArmResource } from '../support/arm-types-validator';
import { validateManifest } from '../support/schema-validator';

const RG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/plant-a';
const CLUSTER = `${RG}/providers/Microsoft.Kubernetes/connectedClusters/plant-a-edge`;
const NAMESPACE = `${RG}/providers/Microsoft.DeviceRegistry/namespaces/plant-a`;

const plans = {
  ArcRuntimePolicy: planArcRuntimePolicy(resolveArcRuntimePolicy('plant-a')),
  EdgeObservability: planEdgeObservability(resolveEdgeObservability('obs', { clusterId: CLUSTER })),
  DefenderProtection: planDefenderProtection(resolveDefenderProtection('defender', { clusterId: CLUSTER })),
  AssetAccessControl: planAssetAccessControl(resolveAssetAccessControl('rbac', {
    grants: [{ principalId: '11111111-2222-3333-4444-555555555555', principalType: 'Group', role: 'deviceRegistryContributor', scope: NAMESPACE }],
  })),
};

describe.each(Object.entries(plans))('%s rendered as ARM templates', (_construct, plan) => {
  const { resourceGroup, subscription } = partitionForArm(plan);
  const resources = [
    ...Object.values(renderArmTemplate(resourceGroup).resources),
    ...Object.values(renderSubscriptionTemplate(subscription).resources),
  ];

  test('the two templates hold every ARM resource of the plan once and no Kubernetes object', () => {
    expect(resources.map((r) => r.name).sort()).toEqual(plan.filter((r) => r.armType).map((r) => r.name).sort());
  });

  test('every resource validates against the ARM types of its pinned api-version', () => {
    // No resource is skipped: a provider without types, or a reference the validator cannot
    // evaluate, is an error here.
    expect(resources.flatMap((r) => validateArmResource(r, { parameters: { connectedClusterId: CLUSTER } }))).toEqual([]);
  });
});

test('EdgeObservability: all five Azure resources are validated, and the Monitor workspace leaves publicNetworkAccess (read-only at 2023-04-03) alone', () => {
  const template = renderArmTemplate(plans.EdgeObservability);
  const resources = Object.values(template.resources);
  expect(resources.map((r) => `${r.type}@${r.apiVersion}`)).toEqual([
    'Microsoft.Monitor/accounts@2023-04-03',
    'Microsoft.OperationalInsights/workspaces@2023-09-01',
    'Microsoft.Dashboard/grafana@2023-09-01',
    'Microsoft.KubernetesConfiguration/extensions@2023-05-01',
    'Microsoft.KubernetesConfiguration/extensions@2023-05-01',
  ]);
  const monitor = resources[0];
  expect(monitor.properties).toEqual({});
  expect(validateArmResource(monitor)).toEqual([]);
  // The control: setting it is what ARM would reject.
  expect(validateArmResource({ ...monitor, properties: { publicNetworkAccess: 'Disabled' } })).toEqual([
    'Microsoft.Monitor/accounts obs-amw: /properties/publicNetworkAccess is read-only [ARM types microsoft.monitor@2023-04-03]',
  ]);
});

test('the pinned extensions take the connected cluster from the connectedClusterId parameter', () => {
  const template = renderArmTemplate(plans.ArcRuntimePolicy);
  expect(template.parameters.connectedClusterId).toMatchObject({ type: 'string' });
  expect(Object.values(template.resources).map((r) => r.scope)).toEqual(Array(3).fill("[parameters('connectedClusterId')]"));
  expect(Object.values(template.resources).map((r) => (r.properties as Record<string, unknown>).autoUpgradeMinorVersion)).toEqual([false, false, false]);
});

test('the role assignment names its built-in role by a subscription-scoped id', () => {
  const [ra] = Object.values(renderArmTemplate(plans.AssetAccessControl).resources);
  expect(ra.scope).toBe(NAMESPACE);
  expect((ra.properties as Record<string, unknown>).roleDefinitionId).toBe("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'a5c3590a-3a1a-4cd4-9648-ea0a32b15137')]");
});

describe('DefenderProtection: the subscription-scoped Defender plan goes into a subscription template', () => {
  test('renderArmTemplate refuses the whole plan, naming the pricing and the way out', () => {
    let error: unknown;
    try {
      renderArmTemplate(plans.DefenderProtection);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AioSecureError);
    expect((error as AioSecureError).code).toBe('INVALID_PROP');
    expect((error as AioSecureError).message).toBe(
      'renderArmTemplate: the plan has subscription-scoped resources, which a resource-group deployment (az deployment group create) cannot create: ' +
        'Microsoft.Security/pricings "Containers" (defender/pricing/containers). ' +
        'Render them with renderSubscriptionTemplate(partitionForArm(plan).subscription) and deploy that with az deployment sub create; ' +
        'render partitionForArm(plan).resourceGroup with renderArmTemplate.');
  });

  test('the resource-group template holds the two extensions; the subscription template the pricing, at subscription scope', () => {
    const { resourceGroup, subscription } = partitionForArm(plans.DefenderProtection);
    const group = renderArmTemplate(resourceGroup);
    expect(group.$schema).toBe('https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#');
    expect(Object.values(group.resources).map((r) => [r.type, r.name])).toEqual([
      ['Microsoft.KubernetesConfiguration/extensions', 'microsoft.azuredefender.kubernetes'],
      ['Microsoft.KubernetesConfiguration/extensions', 'azurepolicy'],
    ]);
    const sub = renderSubscriptionTemplate(subscription);
    expect(sub.$schema).toBe('https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#');
    expect(sub.parameters).toEqual({});
    expect(sub.resources).toEqual({
      defender_pricing_containers: { type: 'Microsoft.Security/pricings', apiVersion: '2024-01-01', name: 'Containers', properties: { pricingTier: 'Standard' } },
    });
  });

  test('without the subscription plan (subscriptionPlan: false) the plan renders as one resource-group template', () => {
    const plan = planDefenderProtection(resolveDefenderProtection('defender', { clusterId: CLUSTER, subscriptionPlan: false }));
    expect(partitionForArm(plan).subscription).toEqual([]);
    expect(Object.keys(renderArmTemplate(plan).resources)).toEqual(['defender_extension_defender', 'defender_extension_azure_policy']);
  });
});

test('the Prometheus scrape ConfigMap validates against the Kubernetes v1.31 schema and carries its data at the top level', () => {
  const scrape = plans.EdgeObservability.find((r) => r.kind === 'ConfigMap')!;
  const obj = toKubernetesObject(scrape) as Record<string, unknown>;
  expect(validateManifest(obj)).toEqual([]);
  expect(obj).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ama-metrics-prometheus-config', namespace: 'kube-system' } });
  expect(Object.keys((obj.data ?? {}) as object)).toEqual(['prometheus-config']);
  expect(obj.spec).toBeUndefined();
});
