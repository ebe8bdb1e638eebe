import { NO_ISSUERS_IN_INPUT, listenerIssuerExists } from '../../../lib/rules/broker/listener-issuer-exists';
import { automaticTls, caClusterIssuer, clusterIssuer, issuer, listener, ruleTable, runRule } from '../helpers';

const ref = (kind: string, name: string) => automaticTls({ issuerRef: { group: 'cert-manager.io', kind, name } });
const tlsListener = (tls: object, name = 'external', namespace?: string) =>
  listener(name, { serviceType: 'LoadBalancer', ports: [{ port: 8883, authenticationRef: 'authn', tls: tls as never }] }, namespace ? { namespace } : undefined);

describe('listener-issuer-exists', () => {
  ruleTable(listenerIssuerExists, [
    {
      name: 'a ClusterIssuer of that name is in the deployment',
      resources: [tlsListener(ref('ClusterIssuer', 'plant-ca')), caClusterIssuer('plant-ca')],
      expect: { outcome: 'valid' },
    },
    {
      name: 'an Issuer of that name in the listener\'s namespace',
      resources: [tlsListener(ref('Issuer', 'site-issuer')), issuer('site-issuer', { ca: { secretName: 'site-ca' } })],
      expect: { outcome: 'valid' },
    },
    {
      name: 'a namespace-less Issuer manifest (applied with kubectl -n) counts',
      resources: [tlsListener(ref('Issuer', 'site-issuer')), { ...issuer('site-issuer', { selfSigned: {} }), namespace: undefined, id: 'Issuer/site-issuer' }],
      expect: { outcome: 'valid' },
    },
    {
      name: 'AIO\'s quickstart ClusterIssuer counts as present, even among other issuers',
      resources: [tlsListener(ref('ClusterIssuer', 'azure-iot-operations-aio-certificate-issuer')), caClusterIssuer('plant-ca')],
      expect: { outcome: 'valid' },
    },
    {
      name: 'the quickstart ClusterIssuer of an instance in another namespace counts too',
      resources: [tlsListener(ref('ClusterIssuer', 'site-a-aio-certificate-issuer'), 'external', 'site-a'), caClusterIssuer('plant-ca')],
      expect: { outcome: 'valid' },
    },
    {
      name: 'the quickstart ClusterIssuer when the input holds no issuers at all',
      resources: [tlsListener(ref('ClusterIssuer', 'azure-iot-operations-aio-certificate-issuer'))],
      expect: { outcome: 'valid' },
    },
    {
      name: 'the issuer is not in the deployment',
      resources: [tlsListener(ref('ClusterIssuer', 'plant-ca-issuer')), caClusterIssuer('plant-ca')],
      expect: {
        outcome: 'invalid',
        messageIds: ['issuerNotFound'],
        messages: ['Port 8883 of listener external takes its certificate from ClusterIssuer plant-ca-issuer, which is not among the checked manifests.'],
        paths: ['/spec/ports/0/tls/certManagerCertificateSpec/issuerRef/name'],
      },
    },
    {
      name: 'Issuer named, but only a ClusterIssuer of that name exists',
      resources: [tlsListener(ref('Issuer', 'plant-ca')), caClusterIssuer('plant-ca')],
      expect: {
        outcome: 'invalid',
        messageIds: ['wrongKind'],
        messages: ['Port 8883 of listener external names Issuer plant-ca, but plant-ca is of kind ClusterIssuer; set issuerRef.kind to ClusterIssuer.'],
        paths: ['/spec/ports/0/tls/certManagerCertificateSpec/issuerRef/kind'],
      },
    },
    {
      name: 'ClusterIssuer named, but only an Issuer of that name exists in the namespace',
      resources: [tlsListener(ref('ClusterIssuer', 'site-issuer')), issuer('site-issuer', { selfSigned: {} })],
      expect: {
        outcome: 'invalid',
        messageIds: ['wrongKind'],
        messages: ['Port 8883 of listener external names ClusterIssuer site-issuer, but site-issuer is of kind Issuer; set issuerRef.kind to Issuer.'],
      },
    },
    {
      name: 'the quickstart issuer named as a namespaced Issuer (AIO creates a ClusterIssuer)',
      resources: [tlsListener(ref('Issuer', 'azure-iot-operations-aio-certificate-issuer')), caClusterIssuer('plant-ca')],
      expect: { outcome: 'invalid', messageIds: ['wrongKind'] },
    },
    {
      name: 'an Issuer of that name in another namespace',
      resources: [tlsListener(ref('Issuer', 'site-issuer')), issuer('site-issuer', { selfSigned: {} }, { namespace: 'cert-manager' })],
      expect: {
        outcome: 'invalid',
        messageIds: ['issuerInOtherNamespace'],
        messages: ['Port 8883 of listener external names Issuer site-issuer, which is in namespace cert-manager, not azure-iot-operations; an Issuer only signs certificates in its own namespace.'],
      },
    },
    {
      name: 'each port on its own, in port order; issuerRef.group defaults to cert-manager.io',
      resources: [
        listener('multi', {
          serviceType: 'LoadBalancer',
          ports: [
            { port: 8883, tls: ref('ClusterIssuer', 'plant-ca') },
            { port: 8884, tls: automaticTls({ issuerRef: { kind: 'ClusterIssuer', name: 'gone' } }) },
            { port: 1883 },
            { port: 8885, tls: { mode: 'Manual', manual: { secretRef: 'server-tls' } } },
          ],
        }),
        caClusterIssuer('plant-ca'),
      ],
      expect: { outcome: 'invalid', messageIds: ['issuerNotFound'], paths: ['/spec/ports/1/tls/certManagerCertificateSpec/issuerRef/name'] },
    },
    {
      name: 'the same in development',
      profile: 'development',
      resources: [tlsListener(ref('ClusterIssuer', 'plant-ca-issuer')), caClusterIssuer('plant-ca')],
      expect: { outcome: 'invalid', messageIds: ['issuerNotFound'] },
    },
    {
      // An ARM template only carries AIO resources: `aio-secure check` on it must equal the YAML check without issuers.
      name: 'the input holds no cert-manager issuers at all',
      resources: [tlsListener(ref('ClusterIssuer', 'plant-ca-issuer'))],
      expect: { outcome: 'not-applicable', reason: NO_ISSUERS_IN_INPUT },
    },
    {
      name: 'no port with an Automatic certificate',
      resources: [listener('plain', { ports: [{ port: 1883 }, { port: 8883, tls: { mode: 'Manual', manual: { secretRef: 'server-tls' } } }] }), caClusterIssuer()],
      expect: { outcome: 'not-applicable', reason: 'no port takes its certificate from a cert-manager issuer' },
    },
    {
      name: 'an issuerRef without a kind is left to listener-automatic-certificates',
      resources: [tlsListener(automaticTls({ issuerRef: { name: 'plant-ca' } })), caClusterIssuer()],
      expect: { outcome: 'not-applicable', reason: 'no port takes its certificate from a cert-manager issuer' },
    },
    {
      name: 'issuerRef is not an object',
      resources: [tlsListener(automaticTls({ issuerRef: 'plant-ca' })), caClusterIssuer()],
      expect: { outcome: 'unknown', reason: 'spec.ports[0].tls.certManagerCertificateSpec.issuerRef is not an object' },
    },
    {
      name: 'issuerRef.name is not a string',
      resources: [tlsListener(automaticTls({ issuerRef: { kind: 'ClusterIssuer', name: 7 } })), caClusterIssuer()],
      expect: { outcome: 'unknown', reason: 'spec.ports[0].tls.certManagerCertificateSpec.issuerRef.name 7 is not a string' },
    },
    {
      name: 'certManagerCertificateSpec is not an object',
      resources: [tlsListener({ mode: 'Automatic', certManagerCertificateSpec: ['plant-ca'] }), caClusterIssuer()],
      expect: { outcome: 'unknown', reason: 'spec.ports[0].tls.certManagerCertificateSpec is not an object' },
    },
    {
      name: 'tls: true is not a TLS block',
      resources: [listener('broken', { ports: [{ port: 8883, tls: true }] }), caClusterIssuer()],
      expect: { outcome: 'unknown', reason: 'spec.ports[0].tls is not an object' },
    },
    {
      name: 'a namespace-less listener whose Issuer name exists in several namespaces',
      resources: [
        { ...tlsListener(ref('Issuer', 'site-issuer')), namespace: undefined, id: 'BrokerListener/external' },
        issuer('site-issuer', { selfSigned: {} }, { namespace: 'site-a' }),
        issuer('site-issuer', { selfSigned: {} }, { namespace: 'site-b' }),
      ],
      expect: { outcome: 'unknown', reason: 'Issuers named site-issuer exist in namespaces site-a, site-b, and listener external has no namespace' },
    },
  ]);

  test('an ARM-only input and the same listener with its issuer agree once the issuer is checked along', () => {
    const l = tlsListener(ref('ClusterIssuer', 'plant-ca'));
    expect(runRule(listenerIssuerExists, [l]).notApplicable.map((n) => n.reason)).toEqual([NO_ISSUERS_IN_INPUT]);
    expect(runRule(listenerIssuerExists, [l, clusterIssuer('plant-ca', { selfSigned: {} })]).findings).toEqual([]);
    expect(runRule(listenerIssuerExists, [l, clusterIssuer('other-ca', { selfSigned: {} })]).findings.map((f) => f.messageId)).toEqual(['issuerNotFound']);
  });
});
