import { certificateKeyStrength } from '../../../lib/rules/certificates/certificate-key-strength';
import { automaticTls, broker, certificate, certificateSpec, listener, ruleTable } from '../helpers';

const cert = (privateKey?: unknown) =>
  certificate('historian', certificateSpec({ secretName: 'historian-tls', issuerRef: { kind: 'ClusterIssuer', name: 'plant-ca' } }, privateKey));
const keyedListener = (...algorithms: (string | undefined)[]) =>
  listener('external', {
    ports: algorithms.map((algorithm, i) => ({
      port: 8883 + i,
      tls: automaticTls(algorithm === undefined ? { privateKey: null } : { privateKey: { algorithm, rotationPolicy: 'Always' } }),
    })),
  });
const internal = (algorithm: unknown) =>
  broker('default', { advanced: { encryptInternalTraffic: 'Enabled', internalCerts: { duration: '240h', renewBefore: '80h', privateKey: { algorithm: algorithm as never, rotationPolicy: 'Always' } } } });

describe('certificate-key-strength', () => {
  ruleTable(certificateKeyStrength, [
    { name: 'ECDSA without a size: P-256', resources: [cert({ algorithm: 'ECDSA' })], expect: { outcome: 'valid' } },
    { name: 'ECDSA P-384', resources: [cert({ algorithm: 'ECDSA', size: 384 })], expect: { outcome: 'valid' } },
    { name: 'Ed25519 (size ignored)', resources: [cert({ algorithm: 'Ed25519', size: 1 })], expect: { outcome: 'valid' } },
    { name: 'RSA 3072', resources: [cert({ algorithm: 'RSA', size: 3072 })], expect: { outcome: 'valid' } },
    { name: 'RSA 4096', resources: [cert({ algorithm: 'RSA', size: 4096 })], expect: { outcome: 'valid' } },
    {
      name: 'listener keys: Ec256, ec384 (lower case, as the CRD accepts), Ed25519, Rsa4096, and AIO\'s default Ec256',
      resources: [keyedListener('Ec256', 'ec384', 'Ed25519', 'Rsa4096', undefined)],
      expect: { outcome: 'valid' },
    },
    { name: 'internal certificates with Ec256', resources: [internal('Ec256')], expect: { outcome: 'valid' } },
    {
      name: 'RSA 2048 written out',
      resources: [cert({ algorithm: 'RSA', size: 2048 })],
      expect: {
        outcome: 'invalid',
        messageIds: ['weakRsa'],
        messages: ['Certificate historian has an RSA 2048 key, weaker than RSA 3072.'],
        paths: ['/spec/privateKey/size'],
      },
    },
    {
      name: 'no privateKey: cert-manager issues RSA 2048',
      resources: [cert()],
      expect: {
        outcome: 'invalid',
        messageIds: ['defaultRsa'],
        messages: ['Certificate historian leaves the key algorithm and size to cert-manager, which then issues an RSA 2048 key, weaker than RSA 3072.'],
        paths: ['/spec/privateKey'],
      },
    },
    {
      name: 'RSA without a size: 2048',
      resources: [cert({ algorithm: 'RSA', rotationPolicy: 'Always' })],
      expect: {
        outcome: 'invalid',
        messageIds: ['defaultRsa'],
        messages: ['Certificate historian leaves the key size to cert-manager, which then issues an RSA 2048 key, weaker than RSA 3072.'],
      },
    },
    {
      name: 'a size with no algorithm is still RSA',
      resources: [cert({ size: 2048 })],
      expect: { outcome: 'invalid', messageIds: ['defaultRsa'] },
    },
    {
      name: 'an EC curve under 256 bits',
      resources: [cert({ algorithm: 'ECDSA', size: 224 })],
      expect: { outcome: 'invalid', messageIds: ['weakEc'], messages: ['Certificate historian has an EC key on a 224-bit curve, weaker than P-256.'] },
    },
    {
      name: 'listener port with Rsa2048, each port on its own',
      resources: [keyedListener('Ec256', 'Rsa2048', 'rsa2048')],
      expect: {
        outcome: 'invalid',
        messageIds: ['listenerWeakKey', 'listenerWeakKey'],
        messages: ['Port 8884 of listener external requests a Rsa2048 key, weaker than RSA 3072.', 'Port 8885 of listener external requests a rsa2048 key, weaker than RSA 3072.'],
        paths: ['/spec/ports/1/tls/certManagerCertificateSpec/privateKey/algorithm', '/spec/ports/2/tls/certManagerCertificateSpec/privateKey/algorithm'],
      },
    },
    {
      name: 'internal certificates with Rsa2048 (Microsoft\'s example)',
      resources: [internal('Rsa2048')],
      expect: {
        outcome: 'invalid',
        messageIds: ['internalWeakKey'],
        messages: ['Broker default issues its internal certificates with a Rsa2048 key, weaker than RSA 3072.'],
        paths: ['/spec/advanced/internalCerts/privateKey/algorithm'],
      },
    },
    { name: 'a warning in development', profile: 'development', resources: [cert()], expect: { outcome: 'invalid', messageIds: ['defaultRsa'] } },
    {
      name: 'a Broker without internalCerts leaves the key to AIO',
      resources: [broker('default', { advanced: { encryptInternalTraffic: 'Enabled' } })],
      expect: { outcome: 'not-applicable', reason: 'the Broker sets no internal certificate key (advanced.internalCerts.privateKey); AIO chooses it' },
    },
    {
      name: 'a listener without Automatic certificates',
      resources: [listener('plain', { ports: [{ port: 1883 }] })],
      expect: { outcome: 'not-applicable', reason: 'no port requests a certificate from cert-manager' },
    },
    { name: 'an algorithm cert-manager does not know', resources: [cert({ algorithm: 'ecdsa' })], expect: { outcome: 'unknown', reason: 'spec.privateKey.algorithm "ecdsa" is not RSA, ECDSA or Ed25519' } },
    { name: 'a size that is not a number', resources: [cert({ algorithm: 'RSA', size: '4096' })], expect: { outcome: 'unknown', reason: 'spec.privateKey.size "4096" is not a whole number of bits' } },
    { name: 'privateKey is not an object', resources: [cert(['RSA'])], expect: { outcome: 'unknown', reason: 'spec.privateKey is not an object' } },
    {
      name: 'a listener algorithm in a spelling the CRD does not accept',
      resources: [keyedListener('EC256')],
      expect: { outcome: 'unknown', reason: 'spec.ports[0].tls.certManagerCertificateSpec.privateKey.algorithm "EC256" is not an AIO key algorithm' },
    },
    {
      name: 'a listener privateKey without an algorithm',
      resources: [listener('external', { ports: [{ port: 8883, tls: automaticTls({ privateKey: { rotationPolicy: 'Always' } }) }] })],
      expect: { outcome: 'unknown', reason: 'spec.ports[0].tls.certManagerCertificateSpec.privateKey.algorithm is missing' },
    },
    { name: 'an internal algorithm named after a prototype property', resources: [internal('constructor')], expect: { outcome: 'unknown', reason: '"constructor" is not an AIO key algorithm' } },
    { name: 'advanced is not an object', resources: [broker('default', { advanced: 'Enabled' })], expect: { outcome: 'unknown', reason: 'spec.advanced is not an object' } },
  ]);
});
