import { listenerRequiresAuthentication } from '../../../lib/rules/broker/listener-requires-authentication';
import { automaticTls, listener, ruleTable, x509Authentication } from '../helpers';

const port = (extra: Record<string, string>) => ({ port: 8883, tls: automaticTls(), ...extra });

describe('listener-requires-authentication', () => {
  ruleTable(listenerRequiresAuthentication, [
    {
      name: 'authenticationRef names a BrokerAuthentication in the deployment',
      resources: [listener('external', { ports: [port({ authenticationRef: 'authn' })] }), x509Authentication('authn')],
      expect: { outcome: 'valid' },
    },
    {
      name: 'AIO\'s built-in BrokerAuthentication "default" need not be in the manifests',
      resources: [listener('default', { ports: [{ port: 18883, tls: automaticTls(), authenticationRef: 'default' }] })],
      expect: { outcome: 'valid' },
    },
    {
      name: 'no authenticationRef',
      resources: [listener('open', { ports: [port({})] })],
      expect: {
        outcome: 'invalid',
        messageIds: ['noAuthentication'],
        messages: ['Port 8883 of listener open has no authenticationRef: any client can connect without credentials.'],
        paths: ['/spec/ports/0'],
      },
    },
    {
      name: 'an empty authenticationRef is none',
      resources: [listener('open', { ports: [port({ authenticationRef: '' })] })],
      expect: { outcome: 'invalid', messageIds: ['noAuthentication'] },
    },
    {
      name: 'authenticationRef names nothing in the deployment',
      resources: [listener('external', { ports: [port({ authenticationRef: 'missing' })] }), x509Authentication('authn')],
      expect: {
        outcome: 'invalid',
        messageIds: ['authenticationNotFound'],
        messages: ['Port 8883 of listener external references BrokerAuthentication missing, which is not among the checked manifests.'],
        paths: ['/spec/ports/0/authenticationRef'],
      },
    },
    {
      name: 'a BrokerAuthentication of that name in another namespace does not count',
      resources: [listener('external', { ports: [port({ authenticationRef: 'authn' })] }), x509Authentication('authn', { namespace: 'elsewhere' })],
      expect: { outcome: 'invalid', messageIds: ['authenticationNotFound'] },
    },
    {
      name: 'each port on its own, in port order',
      resources: [listener('mixed', { ports: [port({ authenticationRef: 'authn' }), port({}), port({ authenticationRef: 'gone' })] }), x509Authentication('authn')],
      expect: { outcome: 'invalid', messageIds: ['noAuthentication', 'authenticationNotFound'], paths: ['/spec/ports/1', '/spec/ports/2/authenticationRef'] },
    },
    {
      name: 'the same in development',
      profile: 'development',
      resources: [listener('open', { ports: [port({})] })],
      expect: { outcome: 'invalid', messageIds: ['noAuthentication'] },
    },
    { name: 'ports is not a list', resources: [listener('broken', { ports: null })], expect: { outcome: 'unknown', reason: 'spec.ports is not a list' } },
    { name: 'a port is not an object', resources: [listener('broken', { ports: [port({}), 'x'] })], expect: { outcome: 'unknown', reason: 'spec.ports[1] is not an object' } },
  ]);
});
