/**
 * Issue 3's parity, for the Pulumi backend: the plan, the Pulumi inputs, the ARM template and the
 * cdk8s YAML of the same props agree (specs, API version, names, dependencies), and reading each
 * of them back gives the plan.
 */
import { Chart, Testing } from 'cdk8s';
import {
  ARM_METADATA_KEY, armNameSegments, planSecureBroker, readKubernetesText, readManifestText, renderArmTemplate, resolveSecureBroker,
  type Resource, type SecureBrokerProps,
} from 'aio-secure';
import { GuidanceChecks, SecureBroker as Cdk8sSecureBroker } from 'aio-secure/cdk8s';
import { iotoperations, PLANNED_RESOURCES_OUTPUT, SecureBroker } from 'aio-secure/pulumi';
import { readStackResources } from 'aio-secure/pulumi/policy';
import { REFERENCE_BROKER } from '../../examples/reference-site/site';
import { installMocks, settled, type Registration } from './support';

const run = installMocks();
beforeEach(() => run.reset());

const SITE = { instanceName: 'plant-a-aio', resourceGroupName: 'rg-plant-a', customLocationId: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.ExtendedLocation/customLocations/cl' };
const OPT_OUT = { reason: 'Line-2 test rig without TLS support; isolated VLAN, removed after commissioning', owner: 'ot-platform', expires: '2099-12-31' };

const CASES: [string, SecureBrokerProps][] = [
  ['the reference site', REFERENCE_BROKER],
  ['an opted-out lab listener and unencrypted internal traffic', {
    ...REFERENCE_BROKER,
    allowUnencryptedInternalTraffic: OPT_OUT,
    listeners: [
      ...REFERENCE_BROKER.listeners,
      { name: 'lab', serviceType: 'NodePort', ipAddresses: ['10.20.0.5'], ports: [{ port: 1883, nodePort: 31883, allowPlaintext: OPT_OUT }], authentication: { serviceAccountToken: { audiences: ['lab'] } } },
    ],
  }],
];

const withoutSource = (resources: readonly Resource[]) => resources.map(({ source: _source, ...r }) => r);

describe.each(CASES)('%s', (_name, props) => {
  const plan = planSecureBroker(resolveSecureBroker('plant-a', props));
  const template = renderArmTemplate(plan);
  const armById = new Map(Object.entries(template.resources).map(([symbol, r]) => [template.metadata[ARM_METADATA_KEY].resources[symbol].id, { symbol, ...r }]));
  const idOfSymbol = new Map([...armById].map(([id, r]) => [r.symbol, id]));

  let pulumi: Map<string, Registration>;
  let stack: ReturnType<typeof readStackResources>;
  beforeEach(async () => {
    // Plaintext on an exposed listener is only acceptable (with a waiver) in development.
    const broker = new SecureBroker('plant-a', { ...props, ...SITE, profile: 'development' });
    await settled([broker, ...broker.children.values()]);
    const planned = run.outputs.get(run.registrations[0].urn!)![PLANNED_RESOURCES_OUTPUT] as { id: string; urn: string }[];
    const idOfUrn = new Map(planned.map((e) => [e.urn, e.id]));
    pulumi = new Map(run.registrations.filter((r) => r.custom).map((r) => [idOfUrn.get(r.urn!)!, r]));
    stack = readStackResources(run.registrations.map((r) => ({ type: r.type, urn: r.urn!, name: r.name, props: r.custom ? r.inputs : run.outputs.get(r.urn!)! })));
  });

  const synth = () => {
    const app = Testing.app();
    new GuidanceChecks(app, { profile: 'development' });
    const chart = new Chart(app, 'site');
    new Cdk8sSecureBroker(chart, 'plant-a', props);
    return chart;
  };

  test('every backend renders every planned resource, with the plan\'s spec', () => {
    const yaml = Testing.synth(synth());
    expect([...pulumi.keys()].sort()).toEqual(plan.map((r) => r.id).sort());
    expect([...armById.keys()]).toEqual(plan.map((r) => r.id));
    plan.forEach((r, i) => {
      const { brokerRef: _ref, ...yamlSpec } = yaml[i].spec;
      expect(pulumi.get(r.id)!.inputs.properties).toEqual(r.spec);
      expect(armById.get(r.id)!.properties).toEqual(r.spec);
      expect(yamlSpec).toEqual(r.spec);
    });
  });

  test('Pulumi and the ARM template deploy the same API version and ARM names, with the same dependencies', () => {
    for (const r of plan) {
      const arm = armById.get(r.id)!;
      const p = pulumi.get(r.id)!;
      expect(p.type).toBe(`azure-native:iotoperations/v${arm.apiVersion.replace(/-/g, '')}:${r.kind}`);
      expect(iotoperations.IOT_OPERATIONS_KINDS.get(r.armType!)!.nameArgs.map((arg) => p.inputs[arg])).toEqual(armNameSegments(r));
      expect(arm.name).toBe(`[format('${['{0}', ...armNameSegments(r).map((_, i) => `{${i + 1}}`)].join('/')}', parameters('instanceName'), ${armNameSegments(r).map((s) => `'${s}'`).join(', ')})]`);
      const pulumiDeps = p.dependencies.map((urn) => [...pulumi].find(([, q]) => q.urn === urn)![0]).sort();
      const armDeps = (arm.dependsOn ?? []).map((s) => idOfSymbol.get(s)!).sort();
      expect(pulumiDeps).toEqual(armDeps);
    }
  });

  test('reading the Pulumi stack, the ARM template and the YAML each gives back the plan', () => {
    // Pulumi registers in dependency order and CrossGuard lists in registration order.
    const byId = (a: Resource, b: Resource) => a.id.localeCompare(b.id);
    expect([...stack.resources].sort(byId)).toEqual([...plan].sort(byId));
    expect(withoutSource(readManifestText(JSON.stringify(template), 'site.arm.json').resources)).toEqual(plan);
    const yaml = synth().toJson().map((o) => JSON.stringify(o)).join('\n---\n');
    expect(withoutSource(readKubernetesText(yaml, 'site.yaml').resources)).toEqual(plan);
  });
});
