import { parseGoDuration } from '../../model/duration';
import { isJsonObject } from '../../model/resource';
import { CERTIFICATE_LIMITS } from '../../model/secure-broker';
import { defineRule, outcome, type RuleFinding } from '../types';
import { BROKER, sameEnum } from './common';

type Message = 'disabled' | 'longLivedInternalCerts' | 'internalKeyNotRotated' | 'persistenceUnencrypted';

/** CN-4: the broker encrypts traffic between its frontend and backend. */
export const brokerInternalEncryption = defineRule({
  name: 'broker-internal-encryption',
  guidance: ['CN-4', 'AS-2'],
  description:
    `The Broker keeps advanced.encryptInternalTraffic Enabled, with internal certificates that live at most ${CERTIFICATE_LIMITS.internalMaxHours}h and rotate their keys, and encrypts what it persists to disk.`,
  rationale:
    'Without internal encryption, messages cross the cluster network between broker pods in clear text, where any pod or node on the path can read them. ' +
    'The setting can only be chosen when the broker is deployed, so a wrong choice lasts until redeployment.',
  remediation:
    'Use SecureBroker, which sets encryptInternalTraffic Enabled with bounded internalCertificates; opting out needs allowUnencryptedInternalTraffic with a reason. ' +
    'By hand: advanced: { encryptInternalTraffic: Enabled, internalCerts: { duration: 240h, renewBefore: 80h, privateKey: { algorithm: Ec256, rotationPolicy: Always } } }.',
  severity: { development: 'error', production: 'error' },
  waivable: true,
  appliesTo: [BROKER],
  messages: {
    disabled: 'Broker {name} does not encrypt its internal traffic (encryptInternalTraffic {value}).',
    longLivedInternalCerts: `Broker {name} issues internal certificates for {duration}, longer than ${CERTIFICATE_LIMITS.internalMaxHours}h.`,
    internalKeyNotRotated: 'Broker {name} keeps the same internal private key across renewals (rotationPolicy {policy}).',
    persistenceUnencrypted: 'Broker {name} persists messages and state to disk unencrypted (persistence.encryption.mode {value}).',
  },
  check(broker) {
    const findings: RuleFinding<Message>[] = [];
    const data = { name: broker.name };
    const persistence = broker.spec.persistence;
    if (persistence !== undefined && persistence !== null) {
      if (!isJsonObject(persistence)) throw new Error('spec.persistence is not an object');
      const encryption = persistence.encryption;
      if (encryption !== undefined && encryption !== null && !isJsonObject(encryption)) throw new Error('spec.persistence.encryption is not an object');
      // Persistence encryption defaults to Enabled when the block is absent.
      if (isJsonObject(encryption) && sameEnum(encryption.mode, 'Disabled')) {
        findings.push({ messageId: 'persistenceUnencrypted', data: { ...data, value: String(encryption.mode) }, path: '/spec/persistence/encryption/mode' });
      }
    }
    const advanced = broker.spec.advanced;
    if (advanced === undefined || advanced === null) return outcome(findings); // the broker's default is Enabled
    if (!isJsonObject(advanced)) throw new Error('spec.advanced is not an object');
    const encrypt = advanced.encryptInternalTraffic;
    if (encrypt !== undefined && encrypt !== null && !sameEnum(encrypt, 'Enabled') && !sameEnum(encrypt, 'Disabled')) {
      throw new Error(`spec.advanced.encryptInternalTraffic ${JSON.stringify(encrypt)} is neither Enabled nor Disabled`);
    }
    if (sameEnum(encrypt, 'Disabled')) {
      findings.push({ messageId: 'disabled', data: { ...data, value: String(advanced.encryptInternalTraffic) }, path: '/spec/advanced/encryptInternalTraffic' });
    }
    const certs = advanced.internalCerts;
    if (certs !== undefined && certs !== null && !isJsonObject(certs)) throw new Error('spec.advanced.internalCerts is not an object');
    if (isJsonObject(certs)) {
      const seconds = parseGoDuration(certs.duration);
      if (seconds === undefined && certs.duration !== undefined) throw new Error(`internalCerts.duration ${JSON.stringify(certs.duration)} is not a Go duration`);
      if (seconds !== undefined && seconds > CERTIFICATE_LIMITS.internalMaxHours * 3600) {
        findings.push({ messageId: 'longLivedInternalCerts', data: { ...data, duration: String(certs.duration) }, path: '/spec/advanced/internalCerts/duration' });
      }
      const key = certs.privateKey;
      if (isJsonObject(key) && sameEnum(key.rotationPolicy, 'Never')) {
        findings.push({ messageId: 'internalKeyNotRotated', data: { ...data, policy: String(key.rotationPolicy) }, path: '/spec/advanced/internalCerts/privateKey/rotationPolicy' });
      }
    }
    return outcome(findings);
  },
});
