import { listenerRequiresTls } from '../../../lib/rules/broker/listener-requires-tls';
import { automaticTls, listener, ruleTable } from '../helpers';

describe('listener-requires-tls', () => {
  ruleTable(listenerRequiresTls, [
    { name: 'every port has an Automatic tls block', resources: [listener('external', { ports: [{ port: 8883, tls: automaticTls() }] })], expect: { outcome: 'valid' } },
    {
      name: 'a Manual tls block still encrypts (listener-automatic-certificates judges the mode)',
      resources: [listener('manual', { ports: [{ port: 8883, tls: { mode: 'Manual', manual: { secretRef: 'server-cert' } } }] })],
      expect: { outcome: 'valid' },
    },
    {
      name: 'lower-camel mode the CRD accepts',
      resources: [listener('lower', { ports: [{ port: 8883, tls: { mode: 'automatic', certManagerCertificateSpec: { issuerRef: { kind: 'Issuer', name: 'ca' } } } }] })],
      expect: { outcome: 'valid' },
    },
    {
      name: 'a tls block with mode Disabled may well be plaintext: undecided',
      resources: [listener('disabled', { ports: [{ port: 8883, tls: { mode: 'Disabled' } }] })],
      expect: { outcome: 'unknown', reason: 'spec.ports[0].tls.mode "Disabled" is neither Automatic nor Manual' },
    },
    {
      name: 'an empty tls block: undecided',
      resources: [listener('empty', { ports: [{ port: 8883, tls: {} }] })],
      expect: { outcome: 'unknown', reason: 'spec.ports[0].tls.mode is missing' },
    },
    {
      name: 'one plaintext port among TLS ports',
      resources: [listener('mixed', { ports: [{ port: 8883, tls: automaticTls() }, { port: 1883 }] })],
      expect: { outcome: 'invalid', messageIds: ['noTls'], messages: ['Port 1883 of listener mixed has no TLS.'], paths: ['/spec/ports/1'] },
    },
    {
      name: 'tls: null is no TLS',
      resources: [listener('nulled', { ports: [{ port: 1883, tls: null }, { port: 1884 }] })],
      expect: { outcome: 'invalid', messageIds: ['noTls', 'noTls'], messages: ['Port 1883 of listener nulled has no TLS.', 'Port 1884 of listener nulled has no TLS.'] },
    },
    {
      name: 'the same in development (no relaxation)',
      profile: 'development',
      resources: [listener('dev', { ports: [{ port: 1883 }] })],
      expect: { outcome: 'invalid', messageIds: ['noTls'] },
    },
    {
      name: 'a port number that is not a number is shown as ?',
      resources: [listener('odd', { ports: [{ port: '1883' }] })],
      expect: { outcome: 'invalid', messageIds: ['noTls'], messages: ['Port ? of listener odd has no TLS.'] },
    },
    { name: 'ports is not a list', resources: [listener('broken', { ports: { port: 1883 } })], expect: { outcome: 'unknown', reason: 'spec.ports is not a list' } },
    { name: 'ports is missing', resources: [listener('empty', {})], expect: { outcome: 'unknown', reason: 'spec.ports is not a list' } },
    { name: 'a port is not an object', resources: [listener('scalar', { ports: [1883] })], expect: { outcome: 'unknown', reason: 'spec.ports[0] is not an object' } },
    {
      // `tls: false` reads as "TLS off"; counting it as TLS would be a pass on a value the rule cannot read.
      name: 'tls is not an object',
      resources: [listener('falsy', { ports: [{ port: 1883, tls: false }] })],
      expect: { outcome: 'unknown', reason: 'spec.ports[0].tls is not an object' },
    },
  ]);
});
