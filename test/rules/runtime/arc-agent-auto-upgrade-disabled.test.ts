import type { JsonObject } from 'aio-secure';
import { arcAgentAutoUpgradeDisabled } from '../../../lib/rules/runtime/arc-agent-auto-upgrade-disabled';
import { ruleTable } from '../helpers';
import { cluster } from './support';

describe('arc-agent-auto-upgrade-disabled', () => {
  ruleTable(arcAgentAutoUpgradeDisabled, [
    { name: 'auto-upgrade disabled', resources: [cluster({ arcAgentProfile: { agentAutoUpgrade: 'Disabled' } })], expect: { outcome: 'valid' } },
    { name: 'case-insensitive value', resources: [cluster({ arcAgentProfile: { agentAutoUpgrade: 'disabled', desiredAgentVersion: '1.21.10' } })], expect: { outcome: 'valid' } },
    {
      name: 'no arcAgentProfile: the default is Enabled',
      resources: [cluster({ distribution: 'k3s' })],
      expect: {
        outcome: 'invalid', messageIds: ['autoUpgradeOn'],
        messages: ['Arc agent auto-upgrade is Enabled (the default) on connected cluster plant-a-edge.'],
        paths: ['/spec/properties/arcAgentProfile/agentAutoUpgrade'],
      },
    },
    {
      name: 'explicitly Enabled, development profile reports at info',
      profile: 'development',
      resources: [cluster({ arcAgentProfile: { agentAutoUpgrade: 'Enabled' } })],
      expect: { outcome: 'invalid', messageIds: ['autoUpgradeOn'], messages: ['Arc agent auto-upgrade is Enabled on connected cluster plant-a-edge.'] },
    },
    {
      name: 'a malformed resource without a spec',
      resources: [{ ...cluster({}), spec: null as unknown as JsonObject }],
      expect: { outcome: 'unknown', reason: 'Cannot read properties of null' },
    },
  ]);
});
