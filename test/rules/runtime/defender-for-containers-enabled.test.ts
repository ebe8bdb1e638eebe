import type { JsonObject } from 'aio-secure';
import { defenderForContainersEnabled } from '../../../lib/rules/runtime/defender-for-containers-enabled';
import { ruleTable, runRule } from '../helpers';
import { aioExtension, aioInstance, defaultBroker, defenderExtension, extension, policyExtension, pricing } from './support';

describe('defender-for-containers-enabled', () => {
  ruleTable(defenderForContainersEnabled, [
    { name: 'plan, sensor and policy', resources: [aioExtension(), pricing(), defenderExtension(), policyExtension()], expect: { outcome: 'valid' } },
    {
      name: 'the plan at Free',
      resources: [aioInstance(), defaultBroker(), pricing('Free'), defenderExtension(), policyExtension()],
      expect: { outcome: 'invalid', messageIds: ['missing'], messages: ['Instance aio-instance has no Defender for Containers plan (Microsoft.Security/pricings Containers, Standard).'] },
    },
    {
      name: 'only another plan',
      resources: [aioExtension(), pricing('Standard', 'VirtualMachines')],
      expect: {
        outcome: 'invalid', messageIds: ['missing'],
        messages: ['AIO extension azure-iot-operations has no Defender for Containers plan (Microsoft.Security/pricings Containers, Standard), Defender sensor (microsoft.azuredefender.kubernetes extension), Azure Policy (Microsoft.PolicyInsights extension).'],
      },
    },
    { name: 'not an AIO deployment', resources: [pricing(), defenderExtension()], expect: { outcome: 'not-applicable', reason: 'not an AIO deployment marker' } },
    {
      name: 'a malformed pricing without a spec',
      resources: [aioExtension(), { ...pricing(), spec: null as unknown as JsonObject }],
      expect: { outcome: 'unknown', reason: 'Cannot read properties of null' },
    },
  ]);
});

test('an extension whose type could not be read makes the missing control unknown on the anchor, never a pass', () => {
  const unreadable = { ...extension('x', { extensionType: "[parameters('t')]" }), unresolved: ['/spec/properties/extensionType'] };
  const result = runRule(defenderForContainersEnabled, [aioExtension({}), unreadable]);
  expect(result.findings.filter((f) => f.resource.name === 'azure-iot-operations').map((f) => [f.outcome, f.message]))
    .toEqual([['unknown', 'Could not decide: extension types of x could not be read']]);
});

test('broker settings alone (a GitOps folder, a SecureBroker chart) mark no AIO deployment: no finding, the rule does not run', () => {
  const result = runRule(defenderForContainersEnabled, [defaultBroker()]);
  expect(result.findings).toEqual([]);
  expect(result.summary.checked).toBe(0);
});
