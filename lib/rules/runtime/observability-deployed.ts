import { ARC_EXTENSION_TYPES } from '../../model/versions';
import { isJsonObject } from '../../model/resource';
import { defineRule } from '../types';
import { ANCHOR_KINDS, hasExtension, isAioExtension, missingControlsOutcome, notTheAnchor, propertiesOf } from './common';

/** CL-2: an AIO deployment has its observability. Checked once, on the deployment's anchor. */
export const observabilityDeployed = defineRule({
  name: 'observability-deployed',
  guidance: ['CL-2'],
  description: 'An AIO deployment has managed Prometheus, Container Insights and AIO metrics export.',
  rationale:
    'Without metrics and logs, an attack or a failing component at the edge goes unseen, and there is nothing to investigate afterwards. ' +
    'Microsoft asks for the observability resources to be deployed before AIO.',
  remediation:
    'Add EdgeObservability (Azure Monitor and Log Analytics workspaces, Grafana, the azuremonitor-metrics and azuremonitor-containers extensions) and pass its extensionSettings to ArcRuntimePolicy.',
  severity: { development: 'info', production: 'error' },
  waivable: true,
  deploymentLevel: true,
  appliesTo: ANCHOR_KINDS,
  messages: {
    missing: '{anchor} has no {missing}.',
  },
  check(r, { index }) {
    const skip = notTheAnchor(r, index);
    if (skip) return skip;
    const missing: string[] = [];
    if (!hasExtension(index, ARC_EXTENSION_TYPES.monitorMetrics)) missing.push(`managed Prometheus (${ARC_EXTENSION_TYPES.monitorMetrics} extension)`);
    if (!hasExtension(index, ARC_EXTENSION_TYPES.containerInsights)) missing.push(`Container Insights (${ARC_EXTENSION_TYPES.containerInsights} extension)`);
    if (isAioExtension(r)) {
      const settings = propertiesOf(r).configurationSettings;
      const enabled = isJsonObject(settings) ? settings['observability.metrics.enabled'] : undefined;
      if (String(enabled).toLowerCase() !== 'true') missing.push('AIO metrics export (observability.metrics.enabled)');
    }
    return missingControlsOutcome(r, index, missing);
  },
});
