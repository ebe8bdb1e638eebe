import { aioDefaultPortAuthorization } from '../../../lib/rules/broker/aio-default-port-authorization';
import { automaticTls, listener, ruleTable, runRule } from '../helpers';

/** Listener "default" as AIO creates it. */
const aioDefault = (extra: Record<string, string> = {}) =>
  listener('default', { serviceName: 'aio-broker', serviceType: 'ClusterIp', ports: [{ port: 18883, tls: automaticTls(), authenticationRef: 'default', ...extra }] });

describe('aio-default-port-authorization', () => {
  ruleTable(aioDefaultPortAuthorization, [
    { name: 'the built-in port with an authorizationRef', resources: [aioDefault({ authorizationRef: 'aio-internal-authz' })], expect: { outcome: 'valid' } },
    {
      name: 'the built-in port as AIO creates it',
      resources: [aioDefault()],
      expect: {
        outcome: 'invalid',
        messageIds: ['aioDefaultPort'],
        messages: ['AIO\'s built-in port 18883 of listener default has no authorization; any workload with an aio-internal token may use every topic. Restrict who can reach it (CN-7).'],
        paths: ['/spec/ports/0'],
      },
    },
    {
      name: 'only the built-in port of listener "default" is reported',
      resources: [listener('default', { ports: [{ port: 1883 }, { port: 18883, authenticationRef: 'default' }] })],
      expect: { outcome: 'invalid', messageIds: ['aioDefaultPort'], paths: ['/spec/ports/1'] },
    },
    { name: 'development reports it too', profile: 'development', resources: [aioDefault()], expect: { outcome: 'invalid', messageIds: ['aioDefaultPort'] } },
    {
      name: 'a listener not named "default" using port 18883',
      resources: [listener('mine', { ports: [{ port: 18883 }] })],
      expect: { outcome: 'not-applicable', reason: 'not AIO\'s built-in listener port 18883' },
    },
    {
      name: 'listener "default" without port 18883',
      resources: [listener('default', { ports: [{ port: 8883 }] })],
      expect: { outcome: 'not-applicable', reason: 'not AIO\'s built-in listener port 18883' },
    },
    { name: 'ports is not a list', resources: [listener('default', { ports: 18883 })], expect: { outcome: 'unknown', reason: 'spec.ports is not a list' } },
  ]);

  test('is info in both profiles', () => {
    for (const profile of ['development', 'production'] as const) {
      expect(runRule(aioDefaultPortAuthorization, [aioDefault()], profile).findings.map((f) => f.severity)).toEqual(['info']);
    }
  });

  test('does not fail the run: info is below the error threshold', () => {
    expect(runRule(aioDefaultPortAuthorization, [aioDefault()]).summary.passed).toBe(true);
  });
});
