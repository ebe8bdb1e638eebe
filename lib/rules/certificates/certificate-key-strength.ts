import { BROKER, LISTENER } from '../broker/common';
import { defineRule, outcome, type RuleFinding } from '../types';
import {
  AIO_DEFAULT_LISTENER_KEY,
  aioCertificateKey,
  automaticCertificatePorts,
  CERTIFICATE,
  CERTIFICATE_RULE_LIMITS as LIMITS,
  certificateKey,
  objectAt,
  type CertificateKey,
} from './common';

type Message = 'weakRsa' | 'defaultRsa' | 'weakEc' | 'listenerWeakKey' | 'internalWeakKey';

/** AS-2 and CN-5: every certificate key is at least RSA 3072 or EC P-256. */
export const certificateKeyStrength = defineRule({
  name: 'certificate-key-strength',
  guidance: ['AS-2', 'CN-5'],
  description:
    `cert-manager Certificates, listener certificates and the broker's internal certificates use EC keys of at least P-256, Ed25519, or RSA keys of at least ${LIMITS.minRsaBits} bits.`,
  rationale:
    `RSA keys under ${LIMITS.minRsaBits} bits fall short of the 128-bit security that NIST SP 800-57 expects of keys used beyond 2030, and certificates issued today are trusted by devices that stay in plants for decades. ` +
    'cert-manager makes this easy to miss: a Certificate that names no key algorithm, or RSA without a size, gets an RSA 2048 key, and AIO offers Rsa2048 for listener and internal certificates. ' +
    'EC P-256 gives the same security as RSA 3072 with smaller keys and faster handshakes on constrained devices.',
  remediation:
    'Let EdgePki (certificate policy) choose the key: EC P-256 by default, P-384 or RSA 4096 on request. SecureBroker gives listener and internal certificates Ec256. ' +
    `By hand: privateKey: { algorithm: ECDSA, size: 256 } on a Certificate (or RSA with size 4096), and algorithm Ec256 or Ec384 on AIO certificate specs.`,
  severity: { development: 'warning', production: 'error' },
  waivable: true,
  appliesTo: [CERTIFICATE, LISTENER, BROKER],
  messages: {
    weakRsa: `Certificate {name} has an {key} key, weaker than RSA ${LIMITS.minRsaBits}.`,
    defaultRsa: `Certificate {name} leaves the key {missing} to cert-manager, which then issues an {key} key, weaker than RSA ${LIMITS.minRsaBits}.`,
    weakEc: `Certificate {name} has an EC key on a {size}-bit curve, weaker than P-${LIMITS.minEcBits}.`,
    listenerWeakKey: `Port {port} of listener {listener} requests a {key} key, weaker than RSA ${LIMITS.minRsaBits}.`,
    internalWeakKey: `Broker {name} issues its internal certificates with a {key} key, weaker than RSA ${LIMITS.minRsaBits}.`,
  },
  check(resource) {
    if (resource.kind === LISTENER.kind) {
      const ports = automaticCertificatePorts(resource);
      if (ports.length === 0) return { status: 'not-applicable', reason: 'no port requests a certificate from cert-manager' };
      const findings: RuleFinding<Message>[] = [];
      for (const p of ports) {
        const key = aioCertificateKey(p.spec, p.where, AIO_DEFAULT_LISTENER_KEY)!;
        if (isWeak(key)) {
          findings.push({ messageId: 'listenerWeakKey', data: { port: p.number, listener: resource.name, key: key.label }, path: `${p.path}/privateKey/algorithm` });
        }
      }
      return outcome(findings);
    }

    if (resource.kind === BROKER.kind) {
      const advanced = objectAt(resource.spec, 'advanced', 'spec.advanced');
      const certs = advanced && objectAt(advanced, 'internalCerts', 'spec.advanced.internalCerts');
      const key = certs && aioCertificateKey(certs, 'spec.advanced.internalCerts');
      if (!key) return { status: 'not-applicable', reason: 'the Broker sets no internal certificate key (advanced.internalCerts.privateKey); AIO chooses it' };
      return outcome<Message>(isWeak(key)
        ? [{ messageId: 'internalWeakKey', data: { name: resource.name, key: key.label }, path: '/spec/advanced/internalCerts/privateKey/algorithm' }]
        : []);
    }

    const key = certificateKey(resource);
    if (!isWeak(key)) return { status: 'compliant' };
    const data = { name: resource.name, key: key.label };
    const path = '/spec/privateKey';
    if (key.family === 'EC') return outcome<Message>([{ messageId: 'weakEc', data: { name: resource.name, size: key.size }, path: `${path}/size` }]);
    if (key.defaulted.length) {
      return outcome<Message>([{ messageId: 'defaultRsa', data: { ...data, missing: key.defaulted.join(' and ') }, path }]);
    }
    return outcome<Message>([{ messageId: 'weakRsa', data, path: `${path}/size` }]);
  },
});

function isWeak(key: CertificateKey): boolean {
  return (key.family === 'RSA' && key.size < LIMITS.minRsaBits) || (key.family === 'EC' && key.size < LIMITS.minEcBits);
}
