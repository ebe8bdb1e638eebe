import { exposedAnonymousPlaintextListener } from '../../../lib/rules/broker/exposed-anonymous-plaintext-listener';
import { automaticTls, listener, ruleTable, runRule } from '../helpers';

const insecure = (serviceType?: string) => listener('insecure', { ...(serviceType ? { serviceType } : {}), ports: [{ port: 1883 }] });

describe('exposed-anonymous-plaintext-listener', () => {
  ruleTable(exposedAnonymousPlaintextListener, [
    {
      name: 'exposed port with TLS and authentication',
      resources: [listener('external', { serviceType: 'LoadBalancer', ports: [{ port: 8883, tls: automaticTls(), authenticationRef: 'authn' }] })],
      expect: { outcome: 'valid' },
    },
    {
      name: 'exposed plaintext port that authenticates (listener-requires-tls reports the plaintext)',
      resources: [listener('external', { serviceType: 'NodePort', ports: [{ port: 1883, nodePort: 31883, authenticationRef: 'authn' }] })],
      expect: { outcome: 'valid' },
    },
    {
      name: 'exposed anonymous port with TLS (listener-requires-authentication reports the anonymity)',
      resources: [listener('external', { serviceType: 'LoadBalancer', ports: [{ port: 8883, tls: automaticTls() }] })],
      expect: { outcome: 'valid' },
    },
    {
      name: 'LoadBalancer, no TLS, no authentication (what --add-insecure-listener creates)',
      resources: [insecure('LoadBalancer')],
      expect: {
        outcome: 'invalid',
        messageIds: ['exposedAnonymousPlaintext'],
        messages: ['Port 1883 of LoadBalancer listener insecure is reachable from outside the cluster with neither TLS nor authentication.'],
        paths: ['/spec/ports/0'],
      },
    },
    {
      name: 'lower-camel loadBalancer the CRD accepts; the message shows the value as written',
      resources: [insecure('loadBalancer')],
      expect: {
        outcome: 'invalid',
        messageIds: ['exposedAnonymousPlaintext'],
        messages: ['Port 1883 of loadBalancer listener insecure is reachable from outside the cluster with neither TLS nor authentication.'],
      },
    },
    {
      name: 'NodePort and nodePort; an empty authenticationRef is no authentication',
      resources: [listener('np', { serviceType: 'nodePort', ports: [{ port: 8883, tls: automaticTls() }, { port: 1883, authenticationRef: '' }] })],
      expect: { outcome: 'invalid', messageIds: ['exposedAnonymousPlaintext'], paths: ['/spec/ports/1'] },
    },
    {
      name: 'warning in development',
      profile: 'development',
      resources: [insecure('LoadBalancer')],
      expect: { outcome: 'invalid', messageIds: ['exposedAnonymousPlaintext'] },
    },
    {
      name: 'no serviceType: the CRD default ClusterIp is internal',
      resources: [insecure()],
      expect: { outcome: 'not-applicable', reason: 'service type ClusterIp is only reachable inside the cluster' },
    },
    {
      name: 'lower-camel clusterIp',
      resources: [insecure('clusterIp')],
      expect: { outcome: 'not-applicable', reason: 'service type clusterIp is only reachable inside the cluster' },
    },
    { name: 'ports is not a list', resources: [listener('broken', { serviceType: 'LoadBalancer', ports: 'all' })], expect: { outcome: 'unknown', reason: 'spec.ports is not a list' } },
    {
      // Defaulting an unreadable service type to ClusterIp would call an exposed listener internal.
      name: 'serviceType is not a string',
      resources: [listener('broken', { serviceType: ['LoadBalancer'], ports: [{ port: 1883 }] })],
      expect: { outcome: 'unknown', reason: 'spec.serviceType ["LoadBalancer"] is not a string' },
    },
    {
      name: 'tls: false is not TLS, and not a pass either',
      resources: [listener('broken', { serviceType: 'LoadBalancer', ports: [{ port: 1883, tls: false }] })],
      expect: { outcome: 'unknown', reason: 'spec.ports[0].tls is not an object' },
    },
  ]);

  test('warning in development, error in production, and no waiver can silence it', () => {
    expect(runRule(exposedAnonymousPlaintextListener, [insecure('LoadBalancer')], 'development').findings.map((f) => f.severity)).toEqual(['warning']);
    expect(runRule(exposedAnonymousPlaintextListener, [insecure('LoadBalancer')], 'production').findings.map((f) => f.severity)).toEqual(['error']);
    expect(exposedAnonymousPlaintextListener.waivable).toBe(false);
  });
});
