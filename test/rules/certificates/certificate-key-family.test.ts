import type { JsonObject, Resource } from 'aio-secure';
import { certificateKeyFamily } from '../../../lib/rules/certificates/certificate-key-family';
import { automaticTls, certificate, certificateSpec, clusterIssuer, issuer, listener, ruleTable } from '../helpers';

const EC = { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' };
const RSA = { algorithm: 'RSA', size: 4096, rotationPolicy: 'Always' };

/** A root CA Certificate writing `plant-ca-key-pair`, in cert-manager's namespace unless told. */
const root = (privateKey: object | undefined, namespace = 'cert-manager', name = 'plant-root') =>
  certificate(name, certificateSpec({ isCA: true, secretName: 'plant-ca-key-pair', issuerRef: { kind: 'ClusterIssuer', name: 'selfsigned' } }, privateKey), { namespace });
const selfSigned = clusterIssuer('selfsigned', { selfSigned: {} });
const caIssuer = clusterIssuer('plant-ca', { ca: { secretName: 'plant-ca-key-pair' } });
const leaf = (privateKey: object | undefined, issuerRef: object = { kind: 'ClusterIssuer', name: 'plant-ca' }) =>
  certificate('gateway', certificateSpec({ secretName: 'gateway-tls', issuerRef: issuerRef as JsonObject }, privateKey));
const chain = (rootKey: object | undefined, ...rest: Resource[]) => [selfSigned, root(rootKey), caIssuer, ...rest];
const keyedListener = (...algorithms: (string | undefined)[]) =>
  listener('external', {
    ports: algorithms.map((algorithm, i) => ({
      port: 8883 + i,
      tls: automaticTls(algorithm === undefined ? { privateKey: null } : { privateKey: { algorithm, rotationPolicy: 'Always' } }),
    })),
  });

describe('certificate-key-family', () => {
  ruleTable(certificateKeyFamily, [
    { name: 'EC root, EC leaf', resources: chain(EC, leaf(EC)), expect: { outcome: 'valid' } },
    { name: 'RSA root, RSA leaf', resources: chain(RSA, leaf(RSA)), expect: { outcome: 'valid' } },
    { name: 'a root without algorithm is RSA, like a leaf without one', resources: chain(undefined, leaf(undefined)), expect: { outcome: 'valid' } },
    { name: 'EC root, listener with AIO\'s default Ec256 and with Ec384', resources: chain(EC, keyedListener(undefined, 'Ec384')), expect: { outcome: 'valid' } },
    {
      name: 'a namespaced CA Issuer finds its CA Certificate in its own namespace',
      resources: [
        selfSigned,
        root(RSA, 'azure-iot-operations'),
        issuer('site-ca', { ca: { secretName: 'plant-ca-key-pair' } }),
        leaf(RSA, { kind: 'Issuer', name: 'site-ca' }),
      ],
      expect: { outcome: 'valid' },
    },
    {
      name: 'RSA root, EC leaf',
      resources: chain(RSA, leaf(EC)),
      expect: {
        outcome: 'invalid',
        messageIds: ['mixedFamily'],
        messages: ['Certificate gateway has an EC key, but its issuer ClusterIssuer plant-ca signs with the RSA key of CA Certificate plant-root.'],
        paths: ['/spec/privateKey/algorithm'],
      },
    },
    {
      name: 'a root without algorithm (RSA) under an EC leaf',
      resources: chain(undefined, leaf(EC)),
      expect: { outcome: 'invalid', messageIds: ['mixedFamily'] },
    },
    {
      name: 'Ed25519 under an EC root is another family',
      resources: chain(EC, leaf({ algorithm: 'Ed25519', rotationPolicy: 'Always' })),
      expect: {
        outcome: 'invalid',
        messageIds: ['mixedFamily'],
        messages: ['Certificate gateway has an Ed25519 key, but its issuer ClusterIssuer plant-ca signs with the EC key of CA Certificate plant-root.'],
      },
    },
    {
      name: 'RSA root, listener ports with Ec256 (AIO\'s default) and Rsa4096',
      resources: chain(RSA, keyedListener(undefined, 'Rsa4096', 'Ec384')),
      expect: {
        outcome: 'invalid',
        messageIds: ['listenerMixedFamily', 'listenerMixedFamily'],
        messages: [
          'Port 8883 of listener external requests an EC key (Ec256), but its issuer ClusterIssuer plant-ca signs with the RSA key of CA Certificate plant-root.',
          'Port 8885 of listener external requests an EC key (Ec384), but its issuer ClusterIssuer plant-ca signs with the RSA key of CA Certificate plant-root.',
        ],
        paths: ['/spec/ports/0/tls/certManagerCertificateSpec/privateKey/algorithm', '/spec/ports/2/tls/certManagerCertificateSpec/privateKey/algorithm'],
      },
    },
    { name: 'a warning in development', profile: 'development', resources: chain(RSA, leaf(EC)), expect: { outcome: 'invalid', messageIds: ['mixedFamily'] } },
    {
      name: 'the issuer is not in the input',
      resources: [leaf(EC)],
      expect: { outcome: 'not-applicable', reason: 'issuer ClusterIssuer plant-ca is not among the checked manifests' },
    },
    {
      name: 'issuerRef without kind means a namespaced Issuer, as cert-manager reads it',
      resources: chain(RSA, leaf(EC, { name: 'plant-ca' })),
      expect: { outcome: 'not-applicable', reason: 'issuer Issuer plant-ca is not among the checked manifests' },
    },
    { name: 'a self-signed certificate is a chain of one', resources: [selfSigned, root(RSA)], expect: { outcome: 'valid' } },
    {
      name: 'an external issuer (here ACME) keeps its key outside the input',
      resources: [clusterIssuer('letsencrypt', { acme: { server: 'https://acme.example/directory', privateKeySecretRef: { name: 'acme-account' }, solvers: [] } }), leaf(EC, { kind: 'ClusterIssuer', name: 'letsencrypt' })],
      expect: { outcome: 'not-applicable', reason: 'issuer ClusterIssuer letsencrypt is neither a CA issuer (spec.ca) nor self-signed, so the key that signs with it is not in the input' },
    },
    {
      name: 'the CA key pair comes from Key Vault, not from a Certificate',
      resources: [caIssuer, leaf(EC)],
      expect: {
        outcome: 'not-applicable',
        reason: 'the CA of ClusterIssuer plant-ca (Secret plant-ca-key-pair in namespace cert-manager) is not issued by a Certificate among the checked manifests, so its key family cannot be read',
      },
    },
    {
      // A ClusterIssuer reads its Secret from cert-manager's cluster resource namespace only.
      name: 'a Certificate writing that Secret in another namespace is not the ClusterIssuer\'s CA',
      resources: [selfSigned, root(RSA, 'azure-iot-operations'), caIssuer, leaf(EC)],
      expect: {
        outcome: 'not-applicable',
        reason: 'the CA of ClusterIssuer plant-ca (Secret plant-ca-key-pair in namespace cert-manager) is not issued by a Certificate among the checked manifests, so its key family cannot be read',
      },
    },
    {
      name: 'a listener without Automatic certificates',
      resources: [listener('plain', { ports: [{ port: 1883 }] })],
      expect: { outcome: 'not-applicable', reason: 'no port requests a certificate from cert-manager' },
    },
    {
      name: 'two Certificates write the CA Secret',
      resources: [...chain(EC, leaf(EC)), root(RSA, 'cert-manager', 'plant-root-copy')],
      expect: { outcome: 'unknown', reason: '2 Certificates (plant-root, plant-root-copy) write the CA Secret plant-ca-key-pair of ClusterIssuer plant-ca' },
    },
    {
      name: 'the CA Certificate\'s key is malformed',
      resources: chain({ algorithm: 'EC' }, leaf(EC)),
      expect: { outcome: 'unknown', reason: 'spec.privateKey.algorithm "EC" is not RSA, ECDSA or Ed25519' },
    },
    {
      name: 'the issuer\'s CA secretName is not a string',
      resources: [clusterIssuer('plant-ca', { ca: { secretName: ['plant-ca-key-pair'] } }), leaf(EC)],
      expect: { outcome: 'unknown', reason: 'ClusterIssuer plant-ca spec.ca.secretName ["plant-ca-key-pair"] is not a Secret name' },
    },
    {
      name: 'a Certificate without issuerRef',
      resources: [certificate('orphan', { secretName: 'orphan-tls' })],
      expect: { outcome: 'unknown', reason: 'spec.issuerRef.name is missing' },
    },
  ]);
});
