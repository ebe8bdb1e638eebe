import { isJsonObject } from '../../model/resource';
import { K8S } from '../../model/versions';
import { defineRule, outcome, type RuleFinding } from '../types';
import { isExposed, LISTENER, listenerPorts, sameEnum, stringField } from './common';

type Message = 'manualCertificate' | 'missingIssuer' | 'wrongIssuerGroup' | 'noSan' | 'keyNotRotated';

/** CN-5: TLS ports get their certificates from cert-manager, automatically renewed and rotated. */
export const listenerAutomaticCertificates = defineRule({
  name: 'listener-automatic-certificates',
  guidance: ['CN-5', 'AS-2'],
  description:
    'Every TLS port uses mode Automatic with a cert-manager issuerRef, subject alternative names on exposed listeners, and key rotation.',
  rationale:
    'Automatic mode lets cert-manager issue and renew the server certificate before it expires; a manual secret expires or leaks unnoticed. ' +
    'Clients outside the cluster can only verify the server if its certificate names the address they dial, and a key that never rotates outlives any compromise.',
  remediation:
    'Use SecureBroker, which sets mode Automatic with issuerRef (group cert-manager.io), SANs for the service and the listener\'s hostnames/ipAddresses, and privateKey.rotationPolicy Always. ' +
    'By hand: tls: { mode: Automatic, certManagerCertificateSpec: { issuerRef: { group: cert-manager.io, kind, name }, san: { dns: [...] }, privateKey: { algorithm: Ec256, rotationPolicy: Always } } }.',
  severity: { development: 'warning', production: 'error' },
  waivable: true,
  appliesTo: [LISTENER],
  messages: {
    manualCertificate: 'Port {port} of listener {listener} uses TLS mode {mode}; certificates are not renewed automatically.',
    missingIssuer: 'Port {port} of listener {listener} has no complete certManagerCertificateSpec.issuerRef (name and kind).',
    wrongIssuerGroup: 'Port {port} of listener {listener} names issuer group {group}; use cert-manager.io.',
    noSan: 'Port {port} of exposed listener {listener} has a certificate without subject alternative names, so external clients cannot verify it.',
    keyNotRotated: 'Port {port} of listener {listener} keeps the same private key across renewals (rotationPolicy {policy}).',
  },
  check(listener) {
    const findings: RuleFinding<Message>[] = [];
    for (const p of listenerPorts(listener)) {
      const tls = p.port.tls;
      if (tls === undefined || tls === null) continue; // listener-requires-tls reports it
      if (!isJsonObject(tls)) throw new Error(`spec.ports[${p.index}].tls is not an object`);
      const data = { port: p.number, listener: listener.name };
      if (!sameEnum(tls.mode, 'Automatic')) {
        findings.push({ messageId: 'manualCertificate', data: { ...data, mode: tls.mode === undefined ? '(none)' : String(tls.mode) }, path: `${p.path}/tls/mode` });
        continue;
      }
      const spec = tls.certManagerCertificateSpec;
      const issuer = isJsonObject(spec) ? spec.issuerRef : undefined;
      if (!isJsonObject(spec) || !isJsonObject(issuer) || !stringField(issuer, 'name') || !stringField(issuer, 'kind')) {
        findings.push({ messageId: 'missingIssuer', data, path: `${p.path}/tls` });
        continue;
      }
      const group = issuer.group;
      if (group !== undefined && group !== K8S.certManager.group) {
        findings.push({ messageId: 'wrongIssuerGroup', data: { ...data, group: String(group) }, path: `${p.path}/tls/certManagerCertificateSpec/issuerRef/group` });
      }
      for (const field of ['san', 'privateKey'] as const) {
        if (spec[field] !== undefined && spec[field] !== null && !isJsonObject(spec[field])) {
          throw new Error(`spec.ports[${p.index}].tls.certManagerCertificateSpec.${field} is not an object`);
        }
      }
      if (isExposed(listener)) {
        const san = spec.san;
        const count = isJsonObject(san)
          ? (Array.isArray(san.dns) ? san.dns.length : 0) + (Array.isArray(san.ip) ? san.ip.length : 0)
          : 0;
        if (count === 0) findings.push({ messageId: 'noSan', data, path: `${p.path}/tls/certManagerCertificateSpec` });
      }
      const key = spec.privateKey;
      if (isJsonObject(key) && sameEnum(key.rotationPolicy, 'Never')) {
        findings.push({ messageId: 'keyNotRotated', data: { ...data, policy: String(key.rotationPolicy) }, path: `${p.path}/tls/certManagerCertificateSpec/privateKey/rotationPolicy` });
      }
    }
    return outcome(findings);
  },
});
