import { LISTENER } from '../broker/common';
import { defineRule, outcome, type RuleFinding } from '../types';
import {
  AIO_DEFAULT_LISTENER_KEY,
  aioCertificateKey,
  automaticCertificatePorts,
  CERTIFICATE,
  certificateKey,
  issuingCa,
  readIssuerRef,
} from './common';

type Message = 'mixedFamily' | 'listenerMixedFamily';

/** AS-2: a chain uses one key family, EC or RSA, from the CA down to the leaf. */
export const certificateKeyFamily = defineRule({
  name: 'certificate-key-family',
  guidance: ['AS-2'],
  description:
    'Every Certificate and listener certificate issued by a CA issuer uses the key family (EC, RSA or Ed25519) of the CA Certificate behind that issuer.',
  rationale:
    'Microsoft\'s broker and authentication docs require every certificate in a chain to use the same key algorithm, EC or RSA. A chain that mixes them fails on clients and ' +
    'brokers that cannot verify one family\'s signature with the other\'s key, and leaves the chain as weak as its weakest family. ' +
    'cert-manager does not help: a Certificate without a key algorithm gets RSA, while AIO\'s listener certificates default to EC P-256.',
  remediation:
    'Issue the whole chain from EdgePki (certificate policy): one keyAlgorithm governs the CA and every certificate under it, and SecureBroker\'s certificates follow it. ' +
    'By hand: give the CA Certificate and every certificate it signs the same privateKey.algorithm (ECDSA on Certificates, Ec256/Ec384 on AIO certificate specs; or RSA throughout).',
  severity: { development: 'warning', production: 'error' },
  waivable: true,
  appliesTo: [CERTIFICATE, LISTENER],
  messages: {
    mixedFamily: 'Certificate {name} has an {family} key, but its issuer {issuer} signs with the {caFamily} key of CA Certificate {ca}.',
    listenerMixedFamily: 'Port {port} of listener {listener} requests an {family} key ({key}), but its issuer {issuer} signs with the {caFamily} key of CA Certificate {ca}.',
  },
  check(resource, { index }) {
    const findings: RuleFinding<Message>[] = [];
    const reasons: string[] = [];
    let compared = 0;

    if (resource.kind === LISTENER.kind) {
      const ports = automaticCertificatePorts(resource);
      if (ports.length === 0) return { status: 'not-applicable', reason: 'no port requests a certificate from cert-manager' };
      for (const p of ports) {
        const ref = readIssuerRef(p.spec.issuerRef, `${p.where}.issuerRef`);
        if (!ref) continue; // listener-automatic-certificates reports it
        const found = issuingCa(index, ref, resource.namespace);
        if (found.status === 'none') {
          reasons.push(found.reason);
          continue;
        }
        compared++;
        if (found.status === 'self-signed') continue;
        const key = aioCertificateKey(p.spec, p.where, AIO_DEFAULT_LISTENER_KEY)!;
        if (key.family !== found.key.family) {
          findings.push({
            messageId: 'listenerMixedFamily',
            data: { port: p.number, listener: resource.name, family: key.family, key: key.label, issuer: `${ref.kind} ${ref.name}`, caFamily: found.key.family, ca: found.ca.name },
            path: `${p.path}/privateKey/algorithm`,
          });
        }
      }
    } else {
      const ref = readIssuerRef(resource.spec.issuerRef, 'spec.issuerRef', 'Issuer');
      if (!ref) throw new Error('spec.issuerRef.name is missing');
      const found = issuingCa(index, ref, resource.namespace);
      if (found.status === 'none') {
        reasons.push(found.reason);
      } else if (found.status === 'self-signed') {
        compared++;
      } else {
        compared++;
        const key = certificateKey(resource);
        if (key.family !== found.key.family) {
          findings.push({
            messageId: 'mixedFamily',
            data: { name: resource.name, family: key.family, issuer: `${ref.kind} ${ref.name}`, caFamily: found.key.family, ca: found.ca.name },
            path: '/spec/privateKey/algorithm',
          });
        }
      }
    }
    if (compared === 0) return { status: 'not-applicable', reason: reasons[0] ?? 'no port names an issuer' };
    return outcome(findings);
  },
});
