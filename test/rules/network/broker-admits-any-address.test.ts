import { brokerAdmitsAnyAddress } from '../../../lib/rules/network/broker-admits-any-address';
import { automaticTls, listener, NS, ruleTable } from '../helpers';
import { networkPolicy } from './support';

const broker = listener('external', { serviceName: 'aio-broker-external', serviceType: 'LoadBalancer', ports: [{ port: 8883, authenticationRef: 'authn', tls: automaticTls() }] });
const from = (peer: Record<string, unknown>, ports: unknown[] = [{ port: 8883 }]) => networkPolicy(NS, 'to-broker', { podSelector: {}, ingress: [{ from: [peer], ports }] } as never);

describe('broker-admits-any-address', () => {
  ruleTable(brokerAdmitsAnyAddress, [
    { name: 'a named network', resources: [broker, from({ ipBlock: { cidr: '10.2.0.0/16' } })], expect: { outcome: 'valid' } },
    { name: '0.0.0.0/0 on another port', resources: [broker, from({ ipBlock: { cidr: '0.0.0.0/0' } }, [{ port: 9000 }])], expect: { outcome: 'valid' } },
    {
      name: '0.0.0.0/0 to the broker port',
      resources: [broker, from({ ipBlock: { cidr: '0.0.0.0/0' } })],
      expect: { outcome: 'invalid', messageIds: ['anyAddress'], messages: ['NetworkPolicy to-broker admits every address (0.0.0.0/0) to port 8883 of listener external.'], paths: ['/spec/ingress/0'] },
    },
    { name: '::/0, even with except', resources: [broker, from({ ipBlock: { cidr: '::/0', except: ['fd00::/8'] } })], expect: { outcome: 'invalid', messageIds: ['anyAddress'] } },
    {
      name: 'a rule without from',
      resources: [broker, networkPolicy(NS, 'open', { podSelector: {}, ingress: [{ ports: [{ port: 8883 }] }] })],
      expect: { outcome: 'invalid', messageIds: ['everyone'], messages: ['NetworkPolicy open admits every peer (its rule has no from) to port 8883 of listener external.'] },
    },
    { name: 'no listener in the namespace', resources: [networkPolicy('other', 'p', { podSelector: {}, ingress: [{}] })], expect: { outcome: 'not-applicable', reason: 'no broker listener in the policy\'s namespace' } },
    {
      name: 'a malformed ingress',
      resources: [broker, networkPolicy(NS, 'broken', { podSelector: {}, ingress: { from: [] } })],
      expect: { outcome: 'unknown', reason: 'spec.ingress is not a list' },
    },
  ]);
});
