import { listenerRequiresAuthorization } from '../../../lib/rules/broker/listener-requires-authorization';
import { automaticTls, listener, narrowAuthorization, ruleTable, x509Authentication } from '../helpers';

const port = (number: number, extra: Record<string, string>) => ({ port: number, tls: automaticTls(), ...extra });

describe('listener-requires-authorization', () => {
  ruleTable(listenerRequiresAuthorization, [
    {
      name: 'authorizationRef and authenticationRef, both found',
      resources: [listener('external', { ports: [port(8883, { authenticationRef: 'authn', authorizationRef: 'authz' })] }), x509Authentication('authn'), narrowAuthorization('authz')],
      expect: { outcome: 'valid' },
    },
    {
      name: 'AIO\'s built-in listener "default" port 18883 is skipped (aio-default-port-authorization reports it)',
      resources: [listener('default', { serviceName: 'aio-broker', serviceType: 'ClusterIp', ports: [port(18883, { authenticationRef: 'default' })] })],
      expect: { outcome: 'valid' },
    },
    {
      name: 'AIO\'s "default" listener exposed on a LoadBalancer is an ordinary port: it needs authorization',
      resources: [listener('default', { serviceName: 'aio-broker', serviceType: 'LoadBalancer', ports: [port(18883, { authenticationRef: 'default' })] })],
      expect: { outcome: 'invalid', messageIds: ['noAuthorization'], messages: ['Port 18883 of listener default has no authorizationRef: every authenticated client may use every topic.'] },
    },
    {
      name: 'AIO\'s "default" listener with other authentication is an ordinary port',
      resources: [listener('default', { serviceType: 'ClusterIp', ports: [port(18883, { authenticationRef: 'authn' })] }), x509Authentication('authn')],
      expect: { outcome: 'invalid', messageIds: ['noAuthorization'] },
    },
    {
      name: 'no authorizationRef',
      resources: [listener('external', { ports: [port(8883, { authenticationRef: 'authn' })] }), x509Authentication('authn')],
      expect: {
        outcome: 'invalid',
        messageIds: ['noAuthorization'],
        messages: ['Port 8883 of listener external has no authorizationRef: every authenticated client may use every topic.'],
        paths: ['/spec/ports/0'],
      },
    },
    {
      name: 'port 18883 on a listener not named "default" is not AIO\'s',
      resources: [listener('mine', { ports: [port(18883, { authenticationRef: 'default' })] })],
      expect: { outcome: 'invalid', messageIds: ['noAuthorization'] },
    },
    {
      name: 'another port on the "default" listener is checked',
      resources: [listener('default', { ports: [port(18883, { authenticationRef: 'default' }), port(1883, { authenticationRef: 'default' })] })],
      expect: { outcome: 'invalid', messageIds: ['noAuthorization'], paths: ['/spec/ports/1'] },
    },
    {
      name: 'authorizationRef names nothing in the deployment',
      resources: [listener('external', { ports: [port(8883, { authenticationRef: 'authn', authorizationRef: 'missing' })] }), x509Authentication('authn'), narrowAuthorization('authz')],
      expect: {
        outcome: 'invalid',
        messageIds: ['authorizationNotFound'],
        messages: ['Port 8883 of listener external references BrokerAuthorization missing, which is not among the checked manifests.'],
        paths: ['/spec/ports/0/authorizationRef'],
      },
    },
    {
      name: 'a BrokerAuthorization of that name in another namespace does not count',
      resources: [listener('external', { ports: [port(8883, { authenticationRef: 'authn', authorizationRef: 'authz' })] }), narrowAuthorization('authz', { namespace: 'elsewhere' })],
      expect: { outcome: 'invalid', messageIds: ['authorizationNotFound'] },
    },
    {
      name: 'authorizationRef without authenticationRef is not applied by the broker',
      resources: [listener('external', { ports: [port(8883, { authorizationRef: 'authz' })] }), narrowAuthorization('authz')],
      expect: {
        outcome: 'invalid',
        messageIds: ['authorizationWithoutAuthentication'],
        messages: ['Port 8883 of listener external has an authorizationRef but no authenticationRef, so the broker does not apply it.'],
      },
    },
    {
      name: 'a missing authorization and no authentication on the same port: both findings',
      resources: [listener('external', { ports: [port(8883, { authorizationRef: 'missing' })] })],
      expect: { outcome: 'invalid', messageIds: ['authorizationNotFound', 'authorizationWithoutAuthentication'] },
    },
    {
      name: 'the same in development',
      profile: 'development',
      resources: [listener('external', { ports: [port(8883, { authenticationRef: 'default' })] })],
      expect: { outcome: 'invalid', messageIds: ['noAuthorization'] },
    },
    { name: 'ports is not a list', resources: [listener('default', { ports: { 0: { port: 18883 } } })], expect: { outcome: 'unknown', reason: 'spec.ports is not a list' } },
  ]);
});
