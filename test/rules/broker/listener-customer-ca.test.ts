import { AIO } from '../../../lib/model/aio';
import { listenerCustomerCa } from '../../../lib/rules/broker/listener-customer-ca';
import { automaticTls, listener, ruleTable, runRule } from '../helpers';

const quickstart = automaticTls({ issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'azure-iot-operations-aio-certificate-issuer' } });

describe('listener-customer-ca', () => {
  test('the quickstart issuer name in the tests is AIO\'s', () => {
    expect(AIO.quickstartIssuerName).toBe('azure-iot-operations-aio-certificate-issuer');
  });

  ruleTable(listenerCustomerCa, [
    { name: 'the customer\'s own issuer', resources: [listener('external', { ports: [{ port: 8883, tls: automaticTls() }] })], expect: { outcome: 'valid' } },
    { name: 'a port without tls (listener-requires-tls reports it)', resources: [listener('plain', { ports: [{ port: 1883 }] })], expect: { outcome: 'valid' } },
    {
      name: 'a Manual certificate names no issuer',
      resources: [listener('manual', { ports: [{ port: 8883, tls: { mode: 'Manual', manual: { secretRef: 'server-cert' } } }] })],
      expect: { outcome: 'valid' },
    },
    {
      name: 'the quickstart issuer on one port of two',
      resources: [listener('external', { ports: [{ port: 8883, tls: automaticTls() }, { port: 8884, tls: quickstart }] })],
      expect: {
        outcome: 'invalid',
        messageIds: ['quickstartIssuer'],
        messages: ['Port 8884 of listener external takes its certificate from the quickstart issuer azure-iot-operations-aio-certificate-issuer.'],
        paths: ['/spec/ports/1/tls/certManagerCertificateSpec/issuerRef/name'],
      },
    },
    {
      name: 'the quickstart issuer of an instance in another namespace',
      resources: [{ ...listener('external', { ports: [{ port: 8883, tls: automaticTls({ issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'plant-b-aio-certificate-issuer' } }) }] }), namespace: 'plant-b' }],
      expect: {
        outcome: 'invalid',
        messageIds: ['quickstartIssuer'],
        messages: ['Port 8883 of listener external takes its certificate from the quickstart issuer plant-b-aio-certificate-issuer.'],
      },
    },
    {
      name: 'another namespace\'s quickstart issuer name is just a name here',
      resources: [listener('external', { ports: [{ port: 8883, tls: automaticTls({ issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'plant-b-aio-certificate-issuer' } }) }] })],
      expect: { outcome: 'valid' },
    },
    { name: 'ports is not a list', resources: [listener('broken', { ports: true })], expect: { outcome: 'unknown', reason: 'spec.ports is not a list' } },
  ]);

  test('is off in development: the rule does not run at all', () => {
    const result = runRule(listenerCustomerCa, [listener('external', { ports: [{ port: 8884, tls: quickstart }] })], 'development');
    expect(result.findings).toEqual([]);
    expect(result.notApplicable).toEqual([]);
    expect(result.summary.checked).toBe(0);
  });

  test('is an error in production', () => {
    const result = runRule(listenerCustomerCa, [listener('external', { ports: [{ port: 8884, tls: quickstart }] })], 'production');
    expect(result.findings.map((f) => f.severity)).toEqual(['error']);
    expect(result.summary.passed).toBe(false);
  });
});
