import { certificateLifetime } from '../../../lib/rules/certificates/certificate-lifetime';
import { CERTIFICATE_RULE_LIMITS } from '../../../lib/rules/certificates/common';
import { automaticTls, certificate, listener, ruleTable } from '../helpers';

const base = { secretName: 'gateway-tls', issuerRef: { kind: 'ClusterIssuer', name: 'plant-ca' }, privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' } };
const cert = (extra: object = {}, name = 'gateway') => certificate(name, { ...base, ...extra } as never);
const tlsPort = (spec: object, port = 8883) => ({ port, authenticationRef: 'authn', tls: automaticTls(spec as never) });

describe('certificate-lifetime', () => {
  test('limits: 90 days for leaves (the listener limit SecureBroker enforces), 10 years for CAs', () => {
    expect(CERTIFICATE_RULE_LIMITS).toMatchObject({ leafMaxHours: 2160, caMaxHours: 87600, defaultDurationHours: 2160 });
  });

  ruleTable(certificateLifetime, [
    { name: 'no duration: cert-manager\'s 90 days, renewed at two thirds', resources: [cert()], expect: { outcome: 'valid' } },
    { name: 'a leaf at exactly 2160h, renewing at 720h', resources: [cert({ duration: '2160h', renewBefore: '720h' })], expect: { outcome: 'valid' } },
    { name: 'a leaf in minutes', resources: [cert({ duration: '90m', renewBefore: '30m' })], expect: { outcome: 'valid' } },
    { name: 'a CA at exactly 87600h', resources: [cert({ isCA: true, duration: '87600h' })], expect: { outcome: 'valid' } },
    { name: 'renewBeforePercentage instead of renewBefore', resources: [cert({ duration: '240h', renewBeforePercentage: 30 })], expect: { outcome: 'valid' } },
    { name: 'renewal policy RenewBefore', resources: [cert({ renewal: { policy: 'RenewBefore' } })], expect: { outcome: 'valid' } },
    {
      name: 'a listener certificate within the limit, and one with AIO\'s default lifetime',
      resources: [listener('external', { ports: [tlsPort({ duration: '240h', renewBefore: '80h' }), tlsPort({}, 8884)] })],
      expect: { outcome: 'valid' },
    },
    {
      name: 'a leaf valid for a year',
      resources: [cert({ duration: '8760h' })],
      expect: {
        outcome: 'invalid',
        messageIds: ['leafTooLong'],
        messages: ['Certificate gateway is valid for 8760h, longer than the 2160h limit for leaf certificates.'],
        paths: ['/spec/duration'],
      },
    },
    { name: 'a leaf one second over', resources: [cert({ duration: '2160h0m1s' })], expect: { outcome: 'invalid', messageIds: ['leafTooLong'] } },
    {
      name: 'a 100-year root',
      resources: [cert({ isCA: true, duration: '876000h' }, 'root')],
      expect: {
        outcome: 'invalid',
        messageIds: ['caTooLong'],
        messages: ['CA Certificate root is valid for 876000h, longer than the 87600h limit for CA certificates.'],
      },
    },
    { name: 'isCA false is a leaf', resources: [cert({ isCA: false, duration: '8760h' })], expect: { outcome: 'invalid', messageIds: ['leafTooLong'] } },
    {
      name: 'renewBefore as long as the lifetime',
      resources: [cert({ duration: '240h', renewBefore: '240h' })],
      expect: {
        outcome: 'invalid',
        messageIds: ['renewBeforeNotShorter'],
        messages: ['Certificate gateway renews 240h before expiry, which is not shorter than its lifetime 240h.'],
        paths: ['/spec/renewBefore'],
      },
    },
    {
      name: 'renewBefore longer than cert-manager\'s default lifetime',
      resources: [cert({ renewBefore: '2400h' })],
      expect: {
        outcome: 'invalid',
        messageIds: ['renewBeforeNotShorter'],
        messages: ["Certificate gateway renews 2400h before expiry, which is not shorter than its lifetime 2160h (cert-manager's default)."],
      },
    },
    {
      name: 'renewal disabled',
      resources: [cert({ renewal: { policy: 'Disabled' } })],
      expect: {
        outcome: 'invalid',
        messageIds: ['renewalDisabled'],
        messages: ['Certificate gateway has renewal.policy Disabled, so cert-manager lets it expire.'],
        paths: ['/spec/renewal/policy'],
      },
    },
    {
      name: 'everything wrong at once, in field order',
      resources: [cert({ duration: '9000h', renewBefore: '9000h', renewal: { policy: 'Disabled' } })],
      expect: { outcome: 'invalid', messageIds: ['leafTooLong', 'renewBeforeNotShorter', 'renewalDisabled'] },
    },
    {
      name: 'listener ports: too long, and renewBefore not shorter',
      resources: [listener('external', { ports: [tlsPort({ duration: '8760h' }), { port: 1883 }, tlsPort({ duration: '240h', renewBefore: '300h' }, 8884)] })],
      expect: {
        outcome: 'invalid',
        messageIds: ['listenerTooLong', 'listenerRenewBeforeNotShorter'],
        messages: [
          'Port 8883 of listener external requests certificates valid for 8760h, longer than the 2160h limit.',
          'Port 8884 of listener external renews its certificate 300h before expiry, which is not shorter than its lifetime 240h.',
        ],
        paths: ['/spec/ports/0/tls/certManagerCertificateSpec/duration', '/spec/ports/2/tls/certManagerCertificateSpec/renewBefore'],
      },
    },
    { name: 'a warning in development', profile: 'development', resources: [cert({ duration: '8760h' })], expect: { outcome: 'invalid', messageIds: ['leafTooLong'] } },
    {
      name: 'a listener without Automatic certificates',
      resources: [listener('plain', { ports: [{ port: 1883 }, { port: 8883, tls: { mode: 'Manual', manual: { secretRef: 'tls' } } }] })],
      expect: { outcome: 'not-applicable', reason: 'no port requests a certificate from cert-manager' },
    },
    { name: 'a duration in days, which Go does not have', resources: [cert({ duration: '90d' })], expect: { outcome: 'unknown', reason: 'spec.duration "90d" is not a Go duration' } },
    { name: 'a zero duration', resources: [cert({ duration: '0h' })], expect: { outcome: 'unknown', reason: 'spec.duration "0h" is not positive' } },
    { name: 'renewBefore is a number', resources: [cert({ renewBefore: 720 })], expect: { outcome: 'unknown', reason: 'spec.renewBefore 720 is not a Go duration' } },
    { name: 'isCA is a string', resources: [cert({ isCA: 'true', duration: '876000h' })], expect: { outcome: 'unknown', reason: 'spec.isCA "true" is not true or false' } },
    {
      name: 'renewBeforePercentage out of range',
      resources: [cert({ renewBeforePercentage: 100 })],
      expect: { outcome: 'unknown', reason: 'spec.renewBeforePercentage 100 is not a whole number between 1 and 99' },
    },
    {
      name: 'renewBefore and renewBeforePercentage together',
      resources: [cert({ renewBefore: '720h', renewBeforePercentage: 30 })],
      expect: { outcome: 'unknown', reason: 'spec.renewBefore and spec.renewBeforePercentage are both set; cert-manager accepts one' },
    },
    { name: 'renewal is not an object', resources: [cert({ renewal: 'Disabled' })], expect: { outcome: 'unknown', reason: 'spec.renewal is not an object' } },
    { name: 'an unknown renewal policy', resources: [cert({ renewal: { policy: 'Never' } })], expect: { outcome: 'unknown', reason: 'spec.renewal.policy "Never" is neither RenewBefore nor Disabled' } },
    {
      name: 'a listener duration that is not a Go duration',
      resources: [listener('external', { ports: [tlsPort({ duration: '3 months' })] })],
      expect: { outcome: 'unknown', reason: 'spec.ports[0].tls.certManagerCertificateSpec.duration "3 months" is not a Go duration' },
    },
  ]);
});
