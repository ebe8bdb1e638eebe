import { listenerAutomaticCertificates } from '../../../lib/rules/broker/listener-automatic-certificates';
import { automaticTls, listener, ruleTable, runRule } from '../helpers';

const onePort = (name: string, tls: unknown, serviceType = 'ClusterIp') =>
  listener(name, { serviceType, ports: [{ port: 8883, tls: tls as never, authenticationRef: 'authn' }] });

describe('listener-automatic-certificates', () => {
  ruleTable(listenerAutomaticCertificates, [
    { name: 'exposed listener with Automatic mode, issuer, SANs and rotation', resources: [onePort('external', automaticTls(), 'LoadBalancer')], expect: { outcome: 'valid' } },
    {
      name: 'lower-camel values the CRD accepts: automatic, loadBalancer, always',
      resources: [onePort('external', {
        mode: 'automatic',
        certManagerCertificateSpec: { issuerRef: { kind: 'Issuer', name: 'ca' }, san: { ip: ['10.0.0.5'] }, privateKey: { algorithm: 'ec256', rotationPolicy: 'always' } },
      }, 'loadBalancer')],
      expect: { outcome: 'valid' },
    },
    {
      name: 'an internal listener needs no SANs; an omitted issuer group is the CRD default cert-manager.io',
      resources: [onePort('internal', { mode: 'Automatic', certManagerCertificateSpec: { issuerRef: { kind: 'ClusterIssuer', name: 'ca' } } })],
      expect: { outcome: 'valid' },
    },
    {
      name: 'a port without tls is left to listener-requires-tls',
      resources: [listener('plain', { ports: [{ port: 1883 }] })],
      expect: { outcome: 'valid' },
    },
    {
      name: 'a plaintext port does not stop the check of the ports after it',
      resources: [listener('mixed', { ports: [{ port: 1883 }, { port: 8883, tls: { mode: 'Manual', manual: { secretRef: 'server-cert' } } }] })],
      expect: { outcome: 'invalid', messageIds: ['manualCertificate'], paths: ['/spec/ports/1/tls/mode'] },
    },
    {
      name: 'Manual mode',
      resources: [onePort('manual', { mode: 'Manual', manual: { secretRef: 'server-cert' } })],
      expect: {
        outcome: 'invalid',
        messageIds: ['manualCertificate'],
        messages: ['Port 8883 of listener manual uses TLS mode Manual; certificates are not renewed automatically.'],
        paths: ['/spec/ports/0/tls/mode'],
      },
    },
    {
      name: 'issuerRef without kind',
      resources: [onePort('partial', { mode: 'Automatic', certManagerCertificateSpec: { issuerRef: { name: 'ca' } } })],
      expect: {
        outcome: 'invalid',
        messageIds: ['missingIssuer'],
        messages: ['Port 8883 of listener partial has no complete certManagerCertificateSpec.issuerRef (name and kind).'],
        paths: ['/spec/ports/0/tls'],
      },
    },
    {
      name: 'Automatic mode without certManagerCertificateSpec',
      resources: [onePort('bare', { mode: 'Automatic' })],
      expect: { outcome: 'invalid', messageIds: ['missingIssuer'] },
    },
    {
      name: 'an issuer outside cert-manager.io',
      resources: [onePort('foreign', automaticTls({ issuerRef: { group: 'awspca.cert-manager.io', kind: 'AWSPCAClusterIssuer', name: 'pca' } }))],
      expect: {
        outcome: 'invalid',
        messageIds: ['wrongIssuerGroup'],
        messages: ['Port 8883 of listener foreign names issuer group awspca.cert-manager.io; use cert-manager.io.'],
        paths: ['/spec/ports/0/tls/certManagerCertificateSpec/issuerRef/group'],
      },
    },
    {
      name: 'an exposed listener with empty SANs',
      resources: [onePort('external', automaticTls({ san: { dns: [], ip: [] } }), 'NodePort')],
      expect: {
        outcome: 'invalid',
        messageIds: ['noSan'],
        messages: ['Port 8883 of exposed listener external has a certificate without subject alternative names, so external clients cannot verify it.'],
        paths: ['/spec/ports/0/tls/certManagerCertificateSpec'],
      },
    },
    {
      name: 'lower-camel never keeps the key',
      resources: [onePort('stale', automaticTls({ privateKey: { algorithm: 'Ec256', rotationPolicy: 'never' } }))],
      expect: {
        outcome: 'invalid',
        messageIds: ['keyNotRotated'],
        messages: ['Port 8883 of listener stale keeps the same private key across renewals (rotationPolicy never).'],
        paths: ['/spec/ports/0/tls/certManagerCertificateSpec/privateKey/rotationPolicy'],
      },
    },
    {
      name: 'several problems of one exposed port, in rule order',
      resources: [onePort('worst', { mode: 'Automatic', certManagerCertificateSpec: { issuerRef: { group: 'example.com', kind: 'Issuer', name: 'ca' }, privateKey: { algorithm: 'Rsa2048', rotationPolicy: 'Never' } } }, 'LoadBalancer')],
      expect: { outcome: 'invalid', messageIds: ['wrongIssuerGroup', 'noSan', 'keyNotRotated'] },
    },
    {
      name: 'reported in development too',
      profile: 'development',
      resources: [onePort('manual', { mode: 'Manual', manual: { secretRef: 'server-cert' } })],
      expect: { outcome: 'invalid', messageIds: ['manualCertificate'] },
    },
    { name: 'tls is not an object', resources: [onePort('broken', 'Automatic')], expect: { outcome: 'unknown', reason: 'spec.ports[0].tls is not an object' } },
    {
      name: 'san is not an object',
      resources: [onePort('broken', automaticTls({ san: ['mqtt.example'] }), 'LoadBalancer')],
      expect: { outcome: 'unknown', reason: 'spec.ports[0].tls.certManagerCertificateSpec.san is not an object' },
    },
    {
      name: 'privateKey is not an object',
      resources: [onePort('broken', automaticTls({ privateKey: 'Ec256' }))],
      expect: { outcome: 'unknown', reason: 'spec.ports[0].tls.certManagerCertificateSpec.privateKey is not an object' },
    },
    {
      name: 'tls without a mode',
      resources: [onePort('modeless', {})],
      expect: { outcome: 'invalid', messageIds: ['manualCertificate'], messages: ['Port 8883 of listener modeless uses TLS mode (none); certificates are not renewed automatically.'] },
    },
    { name: 'ports is not a list', resources: [listener('broken', { ports: 'x' })], expect: { outcome: 'unknown', reason: 'spec.ports is not a list' } },
    {
      name: 'serviceType is not a string',
      resources: [listener('broken', { serviceType: 1, ports: [{ port: 8883, tls: automaticTls() }] })],
      expect: { outcome: 'unknown', reason: 'spec.serviceType 1 is not a string' },
    },
  ]);

  test('warning in development, error in production', () => {
    const manual = onePort('manual', { mode: 'Manual', manual: { secretRef: 'server-cert' } });
    expect(runRule(listenerAutomaticCertificates, [manual], 'development').findings.map((f) => f.severity)).toEqual(['warning']);
    expect(runRule(listenerAutomaticCertificates, [manual], 'production').findings.map((f) => f.severity)).toEqual(['error']);
  });
});
