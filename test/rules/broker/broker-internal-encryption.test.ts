import { brokerInternalEncryption } from '../../../lib/rules/broker/broker-internal-encryption';
import { broker, ruleTable } from '../helpers';

const internalCerts = (duration: string, rotationPolicy = 'Always') => ({ duration, renewBefore: '80h', privateKey: { algorithm: 'Ec256', rotationPolicy } });

describe('broker-internal-encryption', () => {
  ruleTable(brokerInternalEncryption, [
    { name: 'no advanced block: the CRD default is Enabled', resources: [broker('default', { memoryProfile: 'Medium' })], expect: { outcome: 'valid' } },
    { name: 'persistence without an encryption block: encrypted by default', resources: [broker('default', { persistence: { maxSize: '10Gi' } })], expect: { outcome: 'valid' } },
    {
      name: 'persistence with encryption Disabled',
      resources: [broker('default', { persistence: { maxSize: '10Gi', encryption: { mode: 'Disabled' } } })],
      expect: { outcome: 'invalid', messageIds: ['persistenceUnencrypted'], messages: ['Broker default persists messages and state to disk unencrypted (persistence.encryption.mode Disabled).'], paths: ['/spec/persistence/encryption/mode'] },
    },
    { name: 'persistence is not an object', resources: [broker('default', { persistence: 'on' })], expect: { outcome: 'unknown', reason: 'spec.persistence is not an object' } },
    {
      name: 'Enabled with bounded, rotated internal certificates',
      resources: [broker('default', { advanced: { encryptInternalTraffic: 'Enabled', internalCerts: internalCerts('240h') } })],
      expect: { outcome: 'valid' },
    },
    {
      name: 'lower-camel enabled/always; exactly 720h is the limit, not over it',
      resources: [broker('default', { advanced: { encryptInternalTraffic: 'enabled', internalCerts: internalCerts('720h', 'always') } })],
      expect: { outcome: 'valid' },
    },
    {
      name: 'encryptInternalTraffic omitted inside advanced keeps the default',
      resources: [broker('default', { advanced: { internalCerts: internalCerts('1h30m') } })],
      expect: { outcome: 'valid' },
    },
    {
      name: 'Disabled',
      resources: [broker('default', { advanced: { encryptInternalTraffic: 'Disabled' } })],
      expect: {
        outcome: 'invalid',
        messageIds: ['disabled'],
        messages: ['Broker default does not encrypt its internal traffic (encryptInternalTraffic Disabled).'],
        paths: ['/spec/advanced/encryptInternalTraffic'],
      },
    },
    {
      name: 'lower-camel disabled',
      resources: [broker('default', { advanced: { encryptInternalTraffic: 'disabled' } })],
      expect: { outcome: 'invalid', messageIds: ['disabled'], messages: ['Broker default does not encrypt its internal traffic (encryptInternalTraffic disabled).'] },
    },
    {
      name: 'internal certificates for a year',
      resources: [broker('default', { advanced: { encryptInternalTraffic: 'Enabled', internalCerts: internalCerts('8760h') } })],
      expect: {
        outcome: 'invalid',
        messageIds: ['longLivedInternalCerts'],
        messages: ['Broker default issues internal certificates for 8760h, longer than 720h.'],
        paths: ['/spec/advanced/internalCerts/duration'],
      },
    },
    {
      name: 'just over the limit in mixed units',
      resources: [broker('default', { advanced: { internalCerts: internalCerts('720h1s') } })],
      expect: { outcome: 'invalid', messageIds: ['longLivedInternalCerts'] },
    },
    {
      name: 'lower-camel never keeps the internal key',
      resources: [broker('default', { advanced: { internalCerts: internalCerts('240h', 'never') } })],
      expect: {
        outcome: 'invalid',
        messageIds: ['internalKeyNotRotated'],
        messages: ['Broker default keeps the same internal private key across renewals (rotationPolicy never).'],
        paths: ['/spec/advanced/internalCerts/privateKey/rotationPolicy'],
      },
    },
    {
      name: 'all three at once, in rule order; the same in development',
      profile: 'development',
      resources: [broker('default', { advanced: { encryptInternalTraffic: 'Disabled', internalCerts: internalCerts('2000h', 'Never') } })],
      expect: { outcome: 'invalid', messageIds: ['disabled', 'longLivedInternalCerts', 'internalKeyNotRotated'] },
    },
    { name: 'advanced is not an object', resources: [broker('default', { advanced: 'secure' })], expect: { outcome: 'unknown', reason: 'spec.advanced is not an object' } },
    {
      name: 'a duration that is not a Go duration',
      resources: [broker('default', { advanced: { internalCerts: internalCerts('30d') } })],
      expect: { outcome: 'unknown', reason: 'internalCerts.duration "30d" is not a Go duration' },
    },
    {
      // `false` is not a value the CRD knows; reading it as "not Disabled" would be a pass.
      name: 'encryptInternalTraffic that is neither Enabled nor Disabled',
      resources: [broker('default', { advanced: { encryptInternalTraffic: false } })],
      expect: { outcome: 'unknown', reason: 'spec.advanced.encryptInternalTraffic false is neither Enabled nor Disabled' },
    },
    {
      name: 'internalCerts is not an object',
      resources: [broker('default', { advanced: { internalCerts: '8760h' } })],
      expect: { outcome: 'unknown', reason: 'spec.advanced.internalCerts is not an object' },
    },
  ]);
});
