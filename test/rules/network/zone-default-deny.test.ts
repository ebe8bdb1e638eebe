import { zoneDefaultDeny } from '../../../lib/rules/network/zone-default-deny';
import { ruleTable } from '../helpers';
import { defaultDeny, namespace, networkPolicy, zone } from './support';

describe('zone-default-deny', () => {
  ruleTable(zoneDefaultDeny, [
    { name: 'a zone with a default deny for both directions', resources: [zone('line-1'), defaultDeny('line-1')], expect: { outcome: 'valid' } },
    {
      name: 'two policies, one per direction, with allows that name peers',
      resources: [
        zone('line-1'),
        networkPolicy('line-1', 'in', { podSelector: {}, ingress: [] }),
        networkPolicy('line-1', 'out', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: {} }], ports: [{ port: 53, protocol: 'UDP' }] }] }),
      ],
      expect: { outcome: 'valid' },
    },
    {
      name: 'no policy at all',
      resources: [zone('line-1', 'level-2')],
      expect: {
        outcome: 'invalid',
        messageIds: ['noDefaultDeny', 'noDefaultDeny'],
        messages: [
          'Zone namespace line-1 (zone level-2) has no default deny for ingress: until a policy selects its pods, ingress is open to everything.',
          'Zone namespace line-1 (zone level-2) has no default deny for egress: until a policy selects its pods, egress is open to everything.',
        ],
      },
    },
    {
      name: 'trap: `egress: []` without policyTypes isolates ingress only',
      resources: [zone('line-1'), networkPolicy('line-1', 'p', { podSelector: {}, egress: [] })],
      expect: { outcome: 'invalid', messageIds: ['noDefaultDeny'], messages: ['Zone namespace line-1 (zone line-1) has no default deny for egress: until a policy selects its pods, egress is open to everything.'] },
    },
    {
      name: 'trap: a policy that selects all pods but admits everyone (`ingress: [{}]`) is no deny',
      resources: [zone('line-1'), networkPolicy('line-1', 'p', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{}] })],
      expect: { outcome: 'invalid', messageIds: ['noDefaultDeny'] },
    },
    {
      name: 'a deny that selects some pods only does not cover the zone',
      resources: [zone('line-1'), networkPolicy('line-1', 'p', { podSelector: { matchLabels: { app: 'x' } }, policyTypes: ['Ingress', 'Egress'] })],
      expect: { outcome: 'invalid', messageIds: ['noDefaultDeny', 'noDefaultDeny'] },
    },
    {
      name: 'a default deny in another namespace does not count',
      resources: [zone('line-1'), defaultDeny('line-2')],
      expect: { outcome: 'invalid', messageIds: ['noDefaultDeny', 'noDefaultDeny'] },
    },
    { name: 'a warning in development', profile: 'development', resources: [zone('line-1')], expect: { outcome: 'invalid', messageIds: ['noDefaultDeny', 'noDefaultDeny'] } },
    {
      name: 'a namespace that does not declare itself a zone (no noise on foreign manifests)',
      resources: [namespace('monitoring')],
      expect: { outcome: 'not-applicable', reason: 'the namespace is not labelled as a zone (aio-secure.io/zone)' },
    },
    {
      name: 'malformed policyTypes',
      resources: [zone('line-1'), networkPolicy('line-1', 'p', { podSelector: {}, policyTypes: 'Ingress' })],
      expect: { outcome: 'unknown', reason: 'spec.policyTypes "Ingress" is not a list of Ingress and Egress' },
    },
  ]);
});
