/**
 * ArcRuntimePolicy, EdgeObservability, DefenderProtection and AssetAccessControl plans: their
 * security invariants, exact errors, and a production deployment that passes every rule, then
 * loses one control at a time and gets exactly that control's finding.
 */
import { AIO_RELEASE, BUILT_IN_ROLES, checkResources as checkAll, RULES, type CheckOptions, type Resource } from 'aio-secure';
import { planArcRuntimePolicy, resolveArcRuntimePolicy } from '../../lib/model/arc-runtime-policy';
import { expiredGrants, planAssetAccessControl, resolveAssetAccessControl } from '../../lib/model/asset-access-control';
import { planDefenderProtection, resolveDefenderProtection } from '../../lib/model/defender-protection';
import { observabilityExtensionSettings, planEdgeObservability, resolveEdgeObservability } from '../../lib/model/edge-observability';
import { planSignedImagePolicy, resolveSignedImagePolicy } from '../../lib/model/signed-image-policy';

const CLUSTER = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/plant-a/providers/Microsoft.Kubernetes/connectedClusters/plant-a-edge';
const NAMESPACE = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/plant-a/providers/Microsoft.DeviceRegistry/namespaces/plant-a';
const PRINCIPAL = '11111111-2222-3333-4444-555555555555';

const props = (r: Resource) => r.spec.properties as Record<string, unknown>;

describe('ArcRuntimePolicy', () => {
  const plan = planArcRuntimePolicy(resolveArcRuntimePolicy('plant-a'));

  test('pins the AIO, Secret Store and cert management extensions to AIO_RELEASE, without auto-upgrade, on the stable train', () => {
    expect(plan.map((r) => [r.armType, r.name, props(r).extensionType, props(r).version])).toEqual([
      ['Microsoft.KubernetesConfiguration/extensions', 'azure-iot-operations', 'microsoft.iotoperations', AIO_RELEASE.iotOperations],
      ['Microsoft.KubernetesConfiguration/extensions', 'azure-secret-store', 'microsoft.azure.secretstore', AIO_RELEASE.secretStore],
      ['Microsoft.KubernetesConfiguration/extensions', 'cert-manager', 'microsoft.certmanagement', AIO_RELEASE.certManagement],
    ]);
    for (const r of plan) expect(props(r)).toMatchObject({ autoUpgradeMinorVersion: false, releaseTrain: 'stable' });
  });

  test('installs on the cluster given as the connectedClusterId parameter by default, or on the given id', () => {
    expect(plan[0].spec.scope).toBe('parameter(connectedClusterId)');
    expect(plan[0].references).toEqual([{ pointer: '/spec/scope', parameter: 'connectedClusterId', description: expect.any(String) }]);
    const given = planArcRuntimePolicy(resolveArcRuntimePolicy('plant-a', { clusterId: CLUSTER }));
    expect(given[0].spec.scope).toBe(CLUSTER);
    expect(given[0].references).toBeUndefined();
  });

  test('production requires agent auto-upgrade off; the desired agent version and OIDC/workload identity are requirements', () => {
    const r = resolveArcRuntimePolicy('plant-a', { agentVersion: '1.21.10' });
    expect(r.requirements.map((q) => [q.setting, q.value])).toEqual([
      ['/properties/arcAgentProfile/agentAutoUpgrade', 'Disabled'],
      ['/properties/arcAgentProfile/desiredAgentVersion', '1.21.10'],
      ['/properties/oidcIssuerProfile/enabled', true],
      ['/properties/securityProfile/workloadIdentity/enabled', true],
    ]);
    expect(resolveArcRuntimePolicy('lab', { profile: 'development' }).requirements.map((q) => q.setting)).not.toContain('/properties/arcAgentProfile/agentAutoUpgrade');
  });

  test('the auto-upgrade opt-out becomes a waiver', () => {
    const r = resolveArcRuntimePolicy('plant-a', { clusterId: CLUSTER, allowAgentAutoUpgrade: { reason: 'Pilot site follows the Arc agent rollout for early feedback', owner: 'edge-platform', expires: '2027-03-31' } });
    expect(r.waivers).toEqual([{ rule: 'arc-agent-auto-upgrade-disabled', target: 'connectedClusters/plant-a-edge', reason: 'Pilot site follows the Arc agent rollout for early feedback', owner: 'edge-platform', expires: '2027-03-31' }]);
    expect(r.requirements.map((q) => q.setting)).not.toContain('/properties/arcAgentProfile/agentAutoUpgrade');
  });

  test('merges contributed extension settings and refuses conflicting ones', () => {
    const obs = observabilityExtensionSettings(resolveEdgeObservability('obs'));
    const r = resolveArcRuntimePolicy('plant-a', { extensionSettings: [obs, { source: 'OpcUaTrust "line-1"', settings: { 'connectors.values.securityPki.minimumCertificateKeySize': '2048' } }] });
    expect(r.configurationSettings).toMatchObject({
      'observability.metrics.enabled': 'true',
      'observability.metrics.openTelemetryCollectorAddress': 'aio-otel-collector.azure-iot-operations.svc.cluster.local:4317',
      'connectors.values.securityPki.minimumCertificateKeySize': '2048',
      'connectors.values.mqttBroker.serviceAccountTokenAudience': 'aio-internal',
    });
    expect(() => resolveArcRuntimePolicy('plant-a', { extensionSettings: [obs, { source: 'Lab "x"', settings: { 'observability.metrics.enabled': 'false' } }] })).toThrow(
      'ArcRuntimePolicy "plant-a": extensionSettings[1].settings["observability.metrics.enabled"] from Lab "x" conflicts with "true" from EdgeObservability "obs" (got "false"). ' +
      'Each setting takes one value: make the constructs agree, or leave the setting to one of them');
  });

  test('exact errors for bad props', () => {
    expect(() => resolveArcRuntimePolicy('p', { versions: { iotOperations: 'latest' } })).toThrow('ArcRuntimePolicy "p": versions.iotOperations is not a pinned version (got "latest"). Give an exact version x.y.z (no ranges, no "latest")');
    expect(() => resolveArcRuntimePolicy('p', { clusterId: 'plant-a-edge' })).toThrow('ArcRuntimePolicy "p": clusterId is not a connected cluster resource id (got "plant-a-edge").');
    expect(() => resolveArcRuntimePolicy('p', { profile: 'development', allowAgentAutoUpgrade: { reason: 'x'.repeat(30), owner: 'o', expires: '2027-01-01' } }))
      .toThrow('ArcRuntimePolicy "p": allowAgentAutoUpgrade only applies to the production profile. Remove it: development does not turn auto-upgrade off');
  });
});

describe('AssetAccessControl', () => {
  const resolved = resolveAssetAccessControl('plant-a-rbac', {
    grants: [
      { principalId: PRINCIPAL, principalType: 'Group', role: 'deviceRegistryContributor', scope: NAMESPACE },
      { principalId: PRINCIPAL, principalType: 'User', role: 'aioOnboarding', scope: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/plant-a', expires: '2027-01-31' },
    ],
  });

  test('role assignments with the built-in role ids at the given scopes; the onboarding expiry is in the description', () => {
    const plan = planAssetAccessControl(resolved);
    expect(plan.map((r) => [r.spec.scope, props(r).roleDefinitionId])).toEqual([
      [NAMESPACE, `/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.deviceRegistryContributor.id}`],
      ['/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/plant-a', `/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.aioOnboarding.id}`],
    ]);
    expect(props(plan[1]).description).toContain('expires 2027-01-31');
    expect(plan[0].name).toMatch(/^[0-9a-f-]{36}$/);
    expect(expiredGrants(resolved, new Date('2027-02-01T00:00:00Z')).map((g) => g.role.name)).toEqual(['Azure IoT Operations Onboarding']);
    expect(expiredGrants(resolved, new Date('2027-01-31T12:00:00Z'))).toEqual([]);
  });

  test('exact errors: onboarding without expiry, broad scope, unknown role', () => {
    expect(() => resolveAssetAccessControl('r', { grants: [{ principalId: PRINCIPAL, principalType: 'User', role: 'deviceRegistryOnboarding', scope: NAMESPACE }] }))
      .toThrow('AssetAccessControl "r": grants[0].expires is required for the Azure Device Registry Onboarding role. Onboarding roles are removed after deployment: give the last day of the grant as YYYY-MM-DD');
    expect(() => resolveAssetAccessControl('r', { grants: [{ principalId: PRINCIPAL, principalType: 'User', role: 'aioAdministrator', scope: '/subscriptions/00000000-0000-0000-0000-000000000001' }] }))
      .toThrow('AssetAccessControl "r": grants[0].scope is not an asset, device, Device Registry namespace or AIO instance (got "/subscriptions/00000000-0000-0000-0000-000000000001").');
    expect(() => resolveAssetAccessControl('r', { grants: [{ principalId: PRINCIPAL, principalType: 'User', role: 'owner' as never, scope: NAMESPACE }] }))
      .toThrow('AssetAccessControl "r": grants[0].role is not an AIO or Device Registry role (got "owner").');
  });
});

// Attested controls (AS-4..AS-6, Defender for IoT sensors) are records no manifest shows; they
// are another construct's, so this deployment is checked against every other rule.
const RULES_BUT_ATTESTED = RULES.filter((r) => !r.name.startsWith('attested-'));
const checkResources = (resources: readonly Resource[], options: CheckOptions) => checkAll(resources, { ...options, rules: RULES_BUT_ATTESTED });

describe('a production AIO deployment', () => {
  const obs = resolveEdgeObservability('obs', { clusterId: CLUSTER });
  const full = (): Resource[] => [
    ...planArcRuntimePolicy(resolveArcRuntimePolicy('plant-a', { clusterId: CLUSTER, extensionSettings: [observabilityExtensionSettings(obs)] })),
    ...planEdgeObservability(obs),
    ...planDefenderProtection(resolveDefenderProtection('defender', { clusterId: CLUSTER })),
    ...planAssetAccessControl(resolveAssetAccessControl('rbac', { grants: [{ principalId: PRINCIPAL, principalType: 'User', role: 'aioOnboarding', scope: NAMESPACE, expires: '2999-01-31' }] })),
    ...planSignedImagePolicy(resolveSignedImagePolicy('images', { profile: 'production' })),
  ];

  test('with every control passes every rule', () => {
    const result = checkResources(full(), { profile: 'production' });
    expect(result.findings.map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
  });

  test.each([
    ['the Defender plan', (r: Resource) => r.kind === 'pricings', 'defender-for-containers-enabled', 'OV-1'],
    ['the Defender sensor', (r: Resource) => r.name === 'microsoft.azuredefender.kubernetes', 'defender-for-containers-enabled', 'OV-1'],
    ['managed Prometheus', (r: Resource) => r.name === 'azuremonitor-metrics', 'observability-deployed', 'CL-2'],
    ['Container Insights', (r: Resource) => r.name === 'azuremonitor-containers', 'observability-deployed', 'CL-2'],
    ['the image signature policy', (r: Resource) => r.kind === 'ClusterPolicy', 'image-signature-policy-covers-aio', 'ED-2'],
  ])('without %s gets exactly that finding', (_what, drop, rule, id) => {
    const result = checkResources(full().filter((r) => !drop(r)), { profile: 'production' });
    expect(result.findings.map((f) => [f.rule, f.guidance])).toEqual([[rule, [id]]]);
  });

  test('with an unpinned AIO extension gets exactly the pinning finding; an onboarding role without expiry exactly its own', () => {
    const unpinned = full().map((r) => (r.name === 'azure-iot-operations' ? { ...r, spec: { ...r.spec, properties: { ...props(r), autoUpgradeMinorVersion: true } } } as Resource : r));
    expect(checkResources(unpinned, { profile: 'production' }).findings.map((f) => [f.rule, f.messageId, f.guidance])).toEqual([['arc-extension-version-pinned', 'autoUpgrade', ['ED-1']]]);
    const forever = full().map((r) => (r.kind === 'roleAssignments' ? { ...r, spec: { ...r.spec, properties: { ...props(r), description: 'onboarding' } } } as Resource : r));
    expect(checkResources(forever, { profile: 'production' }).findings.map((f) => [f.rule, f.guidance])).toEqual([['onboarding-role-time-boxed', ['CL-3']]]);
  });

  test('is not a finding source for manifests without AIO', () => {
    const foreign = full().filter((r) => r.name !== 'azure-iot-operations' && r.kind !== 'pricings' && !r.name.startsWith('azuremonitor'));
    expect(checkResources(foreign.filter((r) => r.kind !== 'extensions' || !['microsoft.iotoperations'].includes(String(props(r).extensionType))), { profile: 'production' }).findings).toEqual([]);
  });
});
