/**
 * Subscription-scoped resources (the Defender for Containers plan) and the subscription
 * deployment template: one table says which kinds they are, `partitionForArm` splits a plan into
 * Kubernetes objects, the resource-group deployment and the subscription deployment,
 * `renderArmTemplate` refuses subscription-scoped resources with an exact message,
 * `renderSubscriptionTemplate` writes them (validated against the ARM types) and refuses the
 * rest, and the ARM reader and `aio-secure check` read the subscription template back as the plan.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { partitionForArm, renderArmTemplate, renderSubscriptionTemplate, type ArmTemplate } from '../../lib/arm/template';
import { EXIT, runCli } from '../../lib/cli/run';
import { armInputKind } from '../../lib/inputs/arm-reader';
import { readManifestText } from '../../lib/inputs';
import { planArcRuntimePolicy, resolveArcRuntimePolicy } from '../../lib/model/arc-runtime-policy';
import { AZURE_KINDS, isSubscriptionScoped, planAzureResource } from '../../lib/model/azure';
import { planDefenderProtection, resolveDefenderProtection } from '../../lib/model/defender-protection';
import { planEdgeObservability, resolveEdgeObservability } from '../../lib/model/edge-observability';
import { AioSecureError } from '../../lib/model/errors';
import type { Resource } from '../../lib/model/resource';
import { planSecureBroker, resolveSecureBroker } from '../../lib/model/secure-broker';
import { ARM_TEMPLATE } from '../../lib/model/versions';
import { armTypes, validateArmTemplate } from '../support/arm-types-validator';
import { IN_FULL } from './secure-broker-props';

const RG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/plant-a';
const CLUSTER = `${RG}/providers/Microsoft.Kubernetes/connectedClusters/plant-a-edge`;

const arc = () => planArcRuntimePolicy(resolveArcRuntimePolicy('plant-a'));
const defender = () => planDefenderProtection(resolveDefenderProtection('defender', { clusterId: CLUSTER }));
const observability = () => planEdgeObservability(resolveEdgeObservability('obs', { clusterId: CLUSTER }));
const broker = () => planSecureBroker(resolveSecureBroker('plant-a', IN_FULL));
/** AIO resources, Kubernetes objects, resource-group Azure resources and the Defender plan, interleaved. */
const site = (): Resource[] => [...broker(), ...observability(), ...defender(), ...arc()];

const pricing = (name: string, extra: Partial<Parameters<typeof planAzureResource>[0]> = {}): Resource =>
  planAzureResource({ id: `subscription/pricing/${name.toLowerCase()}`, armType: 'Microsoft.Security/pricings', name, spec: { properties: { pricingTier: 'Standard' } }, ...extra });

const withoutSource = (rs: readonly Resource[]) => rs.map(({ source: _s, ...r }) => r);
const readBack = (template: ArmTemplate, file = 'site.subscription.arm.json') => readManifestText(JSON.stringify(template, null, 2), file);

function errorOf(f: () => unknown): AioSecureError {
  try {
    f();
  } catch (e) {
    if (e instanceof AioSecureError) return e;
    throw e;
  }
  throw new Error('expected an AioSecureError');
}

describe('which kinds are subscription-scoped', () => {
  test('one table: AzureKind.scope, today only Microsoft.Security/pricings', () => {
    expect([...AZURE_KINDS.values()].filter((k) => k.scope !== undefined).map((k) => [k.armType, k.scope])).toEqual([['Microsoft.Security/pricings', 'subscription']]);
  });

  test('isSubscriptionScoped reads it: the Defender plan yes; its extensions, AIO resources and Kubernetes objects no', () => {
    const scoped = site().filter(isSubscriptionScoped).map((r) => r.id);
    expect(scoped).toEqual(['defender/pricing/containers']);
  });
});

describe('partitionForArm splits a plan by deployment', () => {
  test('the site: Kubernetes objects, the resource-group deployment, the subscription deployment, each in plan order', () => {
    const plan = site();
    const parts = partitionForArm(plan);
    expect(parts.subscription.map((r) => r.id)).toEqual(['defender/pricing/containers']);
    expect(parts.kubernetes.map((r) => r.id)).toEqual(plan.filter((r) => !r.armType).map((r) => r.id));
    expect(parts.kubernetes.map((r) => r.id)).toContain('obs/prometheus-config');
    expect(parts.resourceGroup.map((r) => r.id)).toEqual(plan.filter((r) => r.armType && r.id !== 'defender/pricing/containers').map((r) => r.id));
    expect(parts.resourceGroup.some((r) => r.armType?.startsWith('Microsoft.IoTOperations/'))).toBe(true);
    expect(parts.arm.map((r) => r.id)).toEqual(plan.filter((r) => r.armType).map((r) => r.id));
  });

  test('property: for any selection and order of resources, the three parts cover the plan once, keep its order, and only the subscription part is subscription-scoped', () => {
    const pool = [...site(), pricing('VirtualMachines')];
    fc.assert(fc.property(fc.shuffledSubarray(pool), (plan) => {
      const { kubernetes, resourceGroup, subscription, arm } = partitionForArm(plan);
      const order = (part: readonly Resource[]) => part.map((r) => plan.indexOf(r));
      for (const part of [kubernetes, resourceGroup, subscription, arm]) expect(order(part)).toEqual([...order(part)].sort((a, b) => a - b));
      expect([...kubernetes, ...resourceGroup, ...subscription].map((r) => r.id).sort()).toEqual(plan.map((r) => r.id).sort());
      expect(arm).toEqual(plan.filter((r) => r.armType !== undefined));
      expect(subscription.every(isSubscriptionScoped) && !resourceGroup.some(isSubscriptionScoped)).toBe(true);
      expect(kubernetes.every((r) => r.armType === undefined) && [...resourceGroup, ...subscription].every((r) => r.armType !== undefined)).toBe(true);
    }), { numRuns: 60 });
  });
});

describe('each renderer refuses the other deployment\'s resources', () => {
  test('renderArmTemplate names every subscription-scoped resource (type, name, logical id) and says how to deploy them', () => {
    const e = errorOf(() => renderArmTemplate([...site(), pricing('VirtualMachines')]));
    expect(e.code).toBe('INVALID_PROP');
    expect(e.message).toBe(
      'renderArmTemplate: the plan has subscription-scoped resources, which a resource-group deployment (az deployment group create) cannot create: ' +
        'Microsoft.Security/pricings "Containers" (defender/pricing/containers), Microsoft.Security/pricings "VirtualMachines" (subscription/pricing/virtualmachines). ' +
        'Render them with renderSubscriptionTemplate(partitionForArm(plan).subscription) and deploy that with az deployment sub create; ' +
        'render partitionForArm(plan).resourceGroup with renderArmTemplate.');
  });

  test('renderSubscriptionTemplate names every resource-group resource, AIO resources by their ARM names', () => {
    const listener = broker().find((r) => r.kind === 'BrokerListener')!;
    const e = errorOf(() => renderSubscriptionTemplate([listener, ...defender()]));
    expect(e.code).toBe('INVALID_PROP');
    expect(e.message).toBe(
      'renderSubscriptionTemplate: the plan has resources that are deployed into a resource group, which a subscription deployment (az deployment sub create) does not create: ' +
        `Microsoft.IoTOperations/instances/brokers/listeners "default/external" (${listener.id}), ` +
        'Microsoft.KubernetesConfiguration/extensions "microsoft.azuredefender.kubernetes" (defender/extension/defender), ' +
        'Microsoft.KubernetesConfiguration/extensions "azurepolicy" (defender/extension/azure-policy). ' +
        'Render them with renderArmTemplate(partitionForArm(plan).resourceGroup) and deploy that with az deployment group create; ' +
        'render partitionForArm(plan).subscription with renderSubscriptionTemplate.');
  });

  test('an ARM resource of a type aio-secure does not plan (as the reader keeps it) is named by its full name', () => {
    const site = { id: 'Microsoft.Web/sites/plant-a-portal', group: 'arm:Microsoft.Web', version: '2023-01-01', kind: 'Microsoft.Web/sites', name: 'plant-a-portal', armType: 'Microsoft.Web/sites', spec: {} };
    expect(errorOf(() => renderSubscriptionTemplate([site])).message).toBe(
      'renderSubscriptionTemplate: the plan has resources that are deployed into a resource group, which a subscription deployment (az deployment sub create) does not create: ' +
        'Microsoft.Web/sites "plant-a-portal" (Microsoft.Web/sites/plant-a-portal). ' +
        'Render them with renderArmTemplate(partitionForArm(plan).resourceGroup) and deploy that with az deployment group create; ' +
        'render partitionForArm(plan).subscription with renderSubscriptionTemplate.');
  });

  test('both leave Kubernetes objects out, as before', () => {
    const { kubernetes, subscription } = partitionForArm(site());
    expect(Object.keys(renderSubscriptionTemplate([...kubernetes, ...subscription]).resources)).toEqual(['defender_pricing_containers']);
    expect(renderSubscriptionTemplate(kubernetes).resources).toEqual({});
  });
});

describe('renderSubscriptionTemplate', () => {
  const waiver = {
    rule: 'defender-for-containers-enabled', reason: 'Lab subscription: the landing zone sets this plan and audits it weekly', owner: 'cloud-platform', expires: '2099-12-31',
  };

  test('the subscription deployment of the Defender plan, exactly', () => {
    const template = renderSubscriptionTemplate(partitionForArm(site()).subscription);
    expect(template).toEqual({
      $schema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      languageVersion: '2.0',
      metadata: {
        'aio-secure': {
          description: 'Written by aio-secure. resources holds, by symbolic resource name, the logical id, Kubernetes namespace and waivers of each resource; ' +
            'aio-secure check reads them back. Waivers stay visible in every report.',
          resources: { defender_pricing_containers: { id: 'defender/pricing/containers' } },
        },
      },
      parameters: {},
      resources: {
        defender_pricing_containers: { type: 'Microsoft.Security/pricings', apiVersion: '2024-01-01', name: 'Containers', properties: { pricingTier: 'Standard' } },
      },
    });
    expect(template.$schema).toBe(ARM_TEMPLATE.subscriptionSchema);
    // Nothing in it needs a resource group, which a subscription deployment does not have.
    expect(JSON.stringify(template)).not.toMatch(/resourceGroup\(/i);
  });

  test('validates against the ARM types, whose pricings are writable at subscription scope', () => {
    const template = renderSubscriptionTemplate([pricing('Containers'), pricing('VirtualMachines', { spec: { properties: { pricingTier: 'Free' } } })]);
    expect(validateArmTemplate(template)).toEqual([]);
    // bicep-types ScopeType flags: 4 is Subscription.
    const type = armTypes('Microsoft.Security', '2024-01-01').find((t) => t.$type === 'ResourceType' && t.name === 'Microsoft.Security/pricings@2024-01-01')!;
    expect(Number(type.writableScopes) & 4).toBe(4);
    // The control: what ARM would reject (a read-only property, the required tier missing).
    const bad = renderSubscriptionTemplate([pricing('Containers', { spec: { properties: { freeTrialRemainingTime: 'P30D' } } })]);
    expect(validateArmTemplate(bad)).toEqual([
      'Microsoft.Security/pricings Containers: /properties/freeTrialRemainingTime is read-only [ARM types microsoft.security@2024-01-01]',
      'Microsoft.Security/pricings Containers: /properties/pricingTier is required [ARM types microsoft.security@2024-01-01]',
    ]);
  });

  test('the bookkeeping (id, waivers, labels) travels in metadata, and the template reads back as the plan', () => {
    const plan = [pricing('Containers', { waivers: [waiver], labels: { site: 'plant-a' } })];
    const template = renderSubscriptionTemplate(plan);
    expect(template.metadata['aio-secure'].resources).toEqual({
      subscription_pricing_containers: { id: 'subscription/pricing/containers', waivers: [waiver], labels: { site: 'plant-a' } },
    });
    expect(armInputKind(JSON.parse(JSON.stringify(template)))).toBe('template');
    const read = readBack(template);
    expect(read.problems).toEqual([]);
    expect(read.notes).toBeUndefined();
    expect(withoutSource(read.resources)).toEqual(plan);
    expect(read.resources[0].source).toMatchObject({ file: 'site.subscription.arm.json', pointer: '/resources/subscription_pricing_containers' });
  });

  test('property: read(renderSubscriptionTemplate(plan)) = plan, expression-like strings included', () => {
    const text = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ maxLength: 10 }).map((s) => `[${s}]`));
    const planned = fc.uniqueArray(fc.constantFrom('Containers', 'VirtualMachines', 'Api', 'StorageAccounts', 'KeyVaults'), { minLength: 1, maxLength: 4 })
      .chain((names) => fc.tuple(...names.map((name) => fc.record({
        tier: fc.constantFrom('Free', 'Standard'),
        extension: fc.option(text, { nil: undefined }),
        label: fc.option(text, { nil: undefined }),
      }).map(({ tier, extension, label }) => pricing(name, {
        spec: { properties: { pricingTier: tier, ...(extension !== undefined ? { extensions: [{ name: extension, isEnabled: 'True' }] } : {}) } },
        ...(label !== undefined ? { labels: { note: label } } : {}),
      })))));
    fc.assert(fc.property(planned, (plan) => {
      const read = readBack(renderSubscriptionTemplate(plan));
      expect(read.problems).toEqual([]);
      expect(withoutSource(read.resources)).toEqual(plan);
    }), { numRuns: 60 });
  });
});

describe('aio-secure check reads the subscription template like any other', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aio-secure-sub-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function check(...files: string[]) {
    let stdout = '';
    const code = await runCli(['check', ...files, '--format', 'json'], {
      stdout: (s) => { stdout += s; },
      stderr: () => undefined,
      readStdin: () => Buffer.alloc(0),
      isTty: false,
    });
    return { code, report: JSON.parse(stdout) as { summary: Record<string, unknown>; findings: { rule: string; message: string }[]; inputProblems: unknown[] } };
  }

  test('the Defender plan counts only when its subscription template is checked with the resource-group one', async () => {
    const { resourceGroup, subscription } = partitionForArm([...arc(), ...defender(), ...observability()]);
    const groupFile = join(dir, 'site.arm.json');
    const subscriptionFile = join(dir, 'site.subscription.arm.json');
    writeFileSync(groupFile, JSON.stringify(renderArmTemplate(resourceGroup), null, 2));
    writeFileSync(subscriptionFile, JSON.stringify(renderSubscriptionTemplate(subscription), null, 2));
    const defenderFindings = (r: Awaited<ReturnType<typeof check>>) => r.report.findings.filter((f) => f.rule === 'defender-for-containers-enabled').map((f) => f.message);

    const groupOnly = await check(groupFile);
    expect(groupOnly.report.inputProblems).toEqual([]);
    expect(defenderFindings(groupOnly)).toEqual(['AIO extension azure-iot-operations has no Defender for Containers plan (Microsoft.Security/pricings Containers, Standard).']);

    const both = await check(groupFile, subscriptionFile);
    expect(both.report.inputProblems).toEqual([]);
    expect(both.report.summary).toMatchObject({ files: 2 });
    expect(both.report.summary.objects).toBe(Number(groupOnly.report.summary.objects) + 1);
    expect(defenderFindings(both)).toEqual([]);

    const alone = await check(subscriptionFile);
    expect(alone).toMatchObject({ code: EXIT.ok, report: { inputProblems: [], summary: { objects: 1 } } });
  });
});
