/**
 * ArcRuntimePolicy, EdgeObservability, AssetAccessControl and DefenderProtection in a cdk8s app:
 * what is Kubernetes becomes YAML (validated against the real schemas), what is Azure-only stays in
 * the plan for `aio-secure synth --arm` (never YAML), and GuidanceChecks, which sees the whole app,
 * runs the deployment-level rules: an app missing a control fails synth with exactly that rule.
 */
import { App, Chart, Testing } from 'cdk8s';
import type { JsonObject, Resource } from 'aio-secure';
import { ArcRuntimePolicy } from '../../lib/cdk8s/arc-runtime-policy';
import { AssetAccessControl } from '../../lib/cdk8s/asset-access-control';
import { AttestedControls } from '../../lib/cdk8s/attested-controls';
import { DefenderProtection } from '../../lib/cdk8s/defender-protection';
import { EdgeObservability } from '../../lib/cdk8s/edge-observability';
import { GuidanceChecks } from '../../lib/cdk8s/guidance-checks';
import { plannedAzureResourcesOf } from '../../lib/cdk8s/render';
import { SignedImagePolicy } from '../../lib/cdk8s/signed-image-policy';
import { ALL_ATTESTED } from '../support/attestations';
import { validateManifests } from '../support/schema-validator';

const CLUSTER = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/plant-a/providers/Microsoft.Kubernetes/connectedClusters/plant-a-edge';
const NAMESPACE = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/plant-a/providers/Microsoft.DeviceRegistry/namespaces/plant-a';
const PRINCIPAL = '11111111-2222-3333-4444-555555555555';

type Part = 'observability' | 'defender' | 'attestations' | 'images';

/** A production app with the four constructs, plus the other controls unless left out. */
function site(leaveOut: readonly Part[] = []) {
  const app = Testing.app();
  const checks = new GuidanceChecks(app, { profile: 'production' });
  const chart = new Chart(app, 'site');
  const obs = new EdgeObservability(chart, 'obs', { clusterId: CLUSTER });
  const arc = new ArcRuntimePolicy(chart, 'plant-a', { clusterId: CLUSTER, extensionSettings: leaveOut.includes('observability') ? [] : [obs.extensionSettings] });
  const defender = leaveOut.includes('defender') ? undefined : new DefenderProtection(chart, 'defender', { clusterId: CLUSTER });
  const rbac = new AssetAccessControl(chart, 'rbac', { grants: [{ principalId: PRINCIPAL, principalType: 'Group', role: 'deviceRegistryContributor', scope: NAMESPACE }] });
  if (!leaveOut.includes('attestations')) new AttestedControls(chart, 'attestations', { attestations: ALL_ATTESTED });
  if (!leaveOut.includes('images')) new SignedImagePolicy(chart, 'images', { profile: 'production' });
  return { app, checks, chart, obs, arc, defender, rbac };
}

/** The Azure-only resources the app's constructs hold for `aio-secure synth --arm`. */
const azureOf = (app: App): Resource[] => app.node.findAll().flatMap((c) => [...(plannedAzureResourcesOf(c) ?? [])]);

describe('runtime constructs (cdk8s)', () => {
  test('only Kubernetes objects become YAML, and they validate against the real schemas', () => {
    const { app, obs, arc, defender, rbac } = site();
    const objects = Testing.synth(app.node.findChild('site') as Chart) as JsonObject[];
    expect(validateManifests(objects)).toEqual([]);
    // Azure-only resources are never YAML.
    expect(objects.filter((o) => String(o.apiVersion).includes('Microsoft.') || /^(extensions|pricings|roleAssignments|accounts|workspaces|grafana)$/.test(String(o.kind)))).toEqual([]);
    expect(arc.apiObjects).toEqual([]);
    expect(defender!.apiObjects).toEqual([]);
    expect(rbac.apiObjects).toEqual([]);
    // EdgeObservability's Kubernetes part: the Prometheus scrape configuration.
    expect(obs.apiObjects.map((o) => [o.apiVersion, o.kind])).toEqual(obs.resources.filter((r) => !r.armType).map((r) => [r.version, r.kind]));
    expect(obs.apiObjects.length).toBeGreaterThan(0);
  });

  test('the Azure-only resources stay in the plan, for the ARM template', () => {
    const { app, obs, arc, defender, rbac } = site();
    const azure = azureOf(app);
    for (const c of [arc, defender!, rbac]) expect(c.resources.every((r) => r.armType !== undefined)).toBe(true);
    const expected = [arc, obs, defender!, rbac].flatMap((c) => c.resources.filter((r) => r.armType !== undefined));
    expect(azure.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(azure.map((r) => r.armType)).toEqual(expect.arrayContaining([
      'Microsoft.KubernetesConfiguration/extensions', 'Microsoft.Security/pricings', 'Microsoft.Authorization/roleAssignments',
      'Microsoft.Monitor/accounts', 'Microsoft.OperationalInsights/workspaces', 'Microsoft.Dashboard/grafana',
    ]));
  });

  test('a production app with every control synthesizes, and GuidanceChecks saw the deployment-level rules', () => {
    const { app, checks } = site();
    expect(() => app.synth()).not.toThrow();
    const { result } = checks.check();
    expect(result.findings.filter((f) => !f.waived)).toEqual([]);
    // The anchored rules judged the AIO extension (none bowed out there); the attested ones judged the attestations ConfigMap.
    expect(result.notApplicable.filter((n) => n.resource.name === 'azure-iot-operations' && /observability|defender|image-signature/.test(n.rule))).toEqual([]);
    expect(result.notApplicable.filter((n) => n.resource.name === 'azure-iot-operations' && n.rule.startsWith('attested-')).map((n) => n.reason))
      .toEqual(Array(4).fill('attestations are checked on ConfigMap/aio-secure-attestations'));
  });

  test.each([
    ['observability', 'observability-deployed'],
    ['defender', 'defender-for-containers-enabled'],
    ['images', 'image-signature-policy-covers-aio'],
  ] as const)('an app without %s fails synth with exactly %s, on the AIO extension', (part, rule) => {
    const { app, checks } = site([part]);
    const unwaived = checks.check().result.findings.filter((f) => !f.waived && f.severity === 'error');
    expect(unwaived.map((f) => `${f.rule} ${f.resource.name}`)).toEqual([`${rule} azure-iot-operations`]);
    expect(() => app.synth()).toThrow(rule);
  });

  test('an app without attestations fails synth with the four attested controls', () => {
    const { checks } = site(['attestations']);
    const unwaived = checks.check().result.findings.filter((f) => !f.waived && f.severity === 'error');
    expect(unwaived.map((f) => f.rule).sort()).toEqual(['attested-firmware-updates', 'attested-manufacturer-guidance', 'attested-network-sensors', 'attested-tamper-resistant-hardware']);
  });
});
