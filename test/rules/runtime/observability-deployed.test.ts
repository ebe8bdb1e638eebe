import type { JsonObject } from 'aio-secure';
import { observabilityDeployed } from '../../../lib/rules/runtime/observability-deployed';
import { ruleTable, runRule } from '../helpers';
import { aioExtension, aioInstance, containersExtension, defaultBroker, extension, metricsExtension } from './support';

describe('observability-deployed', () => {
  ruleTable(observabilityDeployed, [
    { name: 'AIO extension with metrics export and both Azure Monitor extensions', resources: [aioExtension(), metricsExtension(), containersExtension()], expect: { outcome: 'valid' } },
    { name: 'an AIO Instance (YAML) deployment with both extensions', resources: [aioInstance(), defaultBroker(), metricsExtension(), containersExtension()], expect: { outcome: 'valid' } },
    {
      name: 'an AIO Instance without the extensions: one finding, on the Instance',
      resources: [aioInstance(), defaultBroker()],
      expect: {
        outcome: 'invalid', messageIds: ['missing'],
        messages: ['Instance aio-instance has no managed Prometheus (Microsoft.AzureMonitor.Containers.Metrics extension), Container Insights (Microsoft.AzureMonitor.Containers extension).'],
      },
    },
    {
      name: 'nothing',
      resources: [aioExtension({})],
      expect: {
        outcome: 'invalid', messageIds: ['missing'],
        messages: ['AIO extension azure-iot-operations has no managed Prometheus (Microsoft.AzureMonitor.Containers.Metrics extension), Container Insights (Microsoft.AzureMonitor.Containers extension), AIO metrics export (observability.metrics.enabled).'],
      },
    },
    {
      name: 'the anchor is the AIO extension, not the broker: one finding',
      resources: [defaultBroker(), aioExtension(), metricsExtension()],
      expect: { outcome: 'invalid', messageIds: ['missing'], messages: ['AIO extension azure-iot-operations has no Container Insights (Microsoft.AzureMonitor.Containers extension).'] },
    },
    { name: 'development reports at info', profile: 'development', resources: [aioInstance()], expect: { outcome: 'invalid', messageIds: ['missing'] } },
    { name: 'not an AIO deployment', resources: [metricsExtension()], expect: { outcome: 'not-applicable', reason: 'not an AIO deployment marker' } },
    {
      name: 'a malformed anchor without a spec',
      resources: [{ ...aioExtension(), spec: null as unknown as JsonObject }],
      expect: { outcome: 'unknown', reason: 'Cannot read properties of null' },
    },
  ]);
});

test('an extension whose type could not be read makes the missing control unknown on the anchor, never a pass', () => {
  const unreadable = { ...extension('x', { extensionType: "[parameters('t')]" }), unresolved: ['/spec/properties/extensionType'] };
  const result = runRule(observabilityDeployed, [aioExtension({}), unreadable]);
  expect(result.findings.filter((f) => f.resource.name === 'azure-iot-operations').map((f) => [f.outcome, f.message]))
    .toEqual([['unknown', 'Could not decide: extension types of x could not be read']]);
});

test('broker settings alone (a GitOps folder, a SecureBroker chart) mark no AIO deployment: no finding, the rule does not run', () => {
  const result = runRule(observabilityDeployed, [defaultBroker()]);
  expect(result.findings).toEqual([]);
  expect(result.summary.checked).toBe(0);
});
