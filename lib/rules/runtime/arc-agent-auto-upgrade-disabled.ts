import { defineRule, outcome } from '../types';
import { CONNECTED_CLUSTER, propertiesOf, requireKnownAt } from './common';
import { isJsonObject } from '../../model/resource';

/** ED-1: the Arc agents are upgraded by the operator, not automatically. */
export const arcAgentAutoUpgradeDisabled = defineRule({
  name: 'arc-agent-auto-upgrade-disabled',
  guidance: ['ED-1'],
  description: 'A connected cluster has Arc agent auto-upgrade disabled.',
  rationale:
    'With auto-upgrade on, Azure replaces the Arc agents of a production cluster whenever a new version ships, untested against the AIO release the site runs. ' +
    'The guidance turns it off and upgrades after a staging cluster has run the new agents.',
  remediation:
    'Run az connectedk8s update -n <cluster> -g <group> --auto-upgrade false (ArcRuntimePolicy lists it in requirements), and upgrade with az connectedk8s upgrade --agent-version. ' +
    'To keep auto-upgrade on, set ArcRuntimePolicy allowAgentAutoUpgrade: { reason, owner, expires }.',
  severity: { development: 'info', production: 'error' },
  waivable: true,
  appliesTo: [CONNECTED_CLUSTER],
  messages: {
    autoUpgradeOn: 'Arc agent auto-upgrade is {value} on connected cluster {cluster}.',
  },
  check(cluster, { index }) {
    requireKnownAt(cluster, '/spec/properties/arcAgentProfile/agentAutoUpgrade', index);
    const profile = propertiesOf(cluster).arcAgentProfile;
    const value = isJsonObject(profile) ? profile.agentAutoUpgrade : undefined;
    if (typeof value === 'string' && value.toLowerCase() === 'disabled') return outcome([]);
    return outcome([{
      messageId: 'autoUpgradeOn',
      data: { value: value === undefined ? 'Enabled (the default)' : String(value), cluster: cluster.name },
      path: '/spec/properties/arcAgentProfile/agentAutoUpgrade',
    }]);
  },
});
