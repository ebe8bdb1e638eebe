import { ipBlockToPlaintextBrokerPort } from '../../../lib/rules/network/ip-block-to-plaintext-broker-port';
import { automaticTls, listener, NS, ruleTable } from '../helpers';
import { networkPolicy, service } from './support';

const plaintext = listener('lab', { serviceName: 'aio-broker-lab', serviceType: 'ClusterIp', ports: [{ port: 1883, authenticationRef: 'authn' }] });
const tls = listener('default', { serviceName: 'aio-broker', serviceType: 'ClusterIp', ports: [{ port: 18883, authenticationRef: 'default', tls: automaticTls() }] });
const fromCell = (ports?: unknown[], podSelector: Record<string, unknown> = {}) =>
  networkPolicy(NS, 'cell-to-broker', { podSelector, ingress: [{ from: [{ ipBlock: { cidr: '10.2.0.0/16' } }], ...(ports ? { ports } : {}) }] } as never);

describe('ip-block-to-plaintext-broker-port', () => {
  ruleTable(ipBlockToPlaintextBrokerPort, [
    { name: 'an ipBlock conduit to a TLS port only', resources: [plaintext, tls, fromCell([{ port: 18883 }])], expect: { outcome: 'valid' } },
    {
      name: 'pods (not addresses) reach the plaintext port',
      resources: [plaintext, networkPolicy(NS, 'apps', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 1883 }] }] })],
      expect: { outcome: 'valid' },
    },
    {
      name: 'an ipBlock conduit to the plaintext port',
      resources: [plaintext, tls, fromCell([{ port: 1883 }])],
      expect: {
        outcome: 'invalid',
        messageIds: ['plaintextFromOutside'],
        messages: ['NetworkPolicy cell-to-broker admits 10.2.0.0/16 to port 1883 of listener lab, which has no TLS: clients outside the cluster reach it in clear text.'],
        paths: ['/spec/ingress/0'],
      },
    },
    { name: 'an ipBlock rule without ports covers every port', resources: [plaintext, tls, fromCell()], expect: { outcome: 'invalid', messageIds: ['plaintextFromOutside'] } },
    { name: 'a port range that includes the port', resources: [plaintext, fromCell([{ port: 1000, endPort: 2000 }])], expect: { outcome: 'invalid', messageIds: ['plaintextFromOutside'] } },
    {
      name: 'a rule without from admits every address',
      resources: [plaintext, networkPolicy(NS, 'open', { podSelector: {}, ingress: [{ ports: [{ port: 1883 }] }] })],
      expect: { outcome: 'invalid', messageIds: ['plaintextFromOutside'], messages: ['NetworkPolicy open admits every address to port 1883 of listener lab, which has no TLS: clients outside the cluster reach it in clear text.'] },
    },
    {
      name: 'through the Service: targetPort and selector decide',
      resources: [plaintext, service(NS, 'aio-broker-lab', { selector: { app: 'broker' }, ports: [{ port: 1883, targetPort: 11883 }] }), fromCell([{ port: 11883 }], { matchLabels: { app: 'broker' } })],
      expect: { outcome: 'invalid', messageIds: ['plaintextFromOutside'] },
    },
    {
      name: 'through the Service: a policy for other pods',
      resources: [plaintext, service(NS, 'aio-broker-lab', { selector: { app: 'broker' }, ports: [{ port: 1883 }] }), fromCell([{ port: 1883 }], { matchLabels: { app: 'opc-ua' } })],
      expect: { outcome: 'valid' },
    },
    { name: 'a warning in development', profile: 'development', resources: [plaintext, fromCell()], expect: { outcome: 'invalid', messageIds: ['plaintextFromOutside'] } },
    { name: 'no listener in the namespace', resources: [fromCell()], expect: { outcome: 'not-applicable', reason: 'no broker listener in the policy\'s namespace' } },
    { name: 'every port has TLS', resources: [tls, fromCell()], expect: { outcome: 'not-applicable', reason: 'every broker port in the namespace has TLS' } },
    {
      name: 'an egress-only policy',
      resources: [plaintext, networkPolicy(NS, 'out', { podSelector: {}, policyTypes: ['Egress'] })],
      expect: { outcome: 'not-applicable', reason: 'the policy does not govern ingress' },
    },
    {
      name: 'a labelled podSelector and no Service to decide with',
      resources: [plaintext, fromCell([{ port: 1883 }], { matchLabels: { app: 'broker' } })],
      expect: { outcome: 'unknown', reason: 'cannot tell whether spec.podSelector selects the broker\'s pods: Service aio-broker-lab is not in the input' },
    },
  ]);

  test('cannot be waived in production', () => {
    expect(ipBlockToPlaintextBrokerPort.waivable).toEqual({ development: true, production: false });
  });
});
