import { defineRule, outcome } from '../types';
import { CERTIFICATE, objectAt } from './common';

type Message = 'neverRotated' | 'rotationPolicyUnset';

/**
 * AS-2: a cert-manager Certificate gets a new private key at every renewal. Listener and internal
 * broker certificates are checked by listener-automatic-certificates and broker-internal-encryption.
 */
export const certificateRotation = defineRule({
  name: 'certificate-rotation',
  guidance: ['AS-2'],
  description: 'Every cert-manager Certificate sets privateKey.rotationPolicy Always, so each renewal brings a new private key.',
  rationale:
    'Renewing a certificate limits how long a stolen key stays useful only if renewal also replaces the key. With rotationPolicy Never, cert-manager reuses the key in the Secret for every renewal, ' +
    'so a key copied once keeps working for as long as the Certificate exists. cert-manager v1.18 changed the default from Never to Always; ' +
    'which one a cluster applies to a Certificate that does not say depends on its cert-manager version, which AIO\'s cert-manager extension does not publish.',
  remediation:
    'Let EdgePki (certificate policy) write the Certificates: it always sets rotationPolicy Always. By hand: privateKey: { rotationPolicy: Always } on every Certificate, even on a cluster whose cert-manager defaults to it.',
  severity: { development: 'warning', production: 'error' },
  waivable: true,
  appliesTo: [CERTIFICATE],
  messages: {
    neverRotated: 'Certificate {name} keeps the same private key across renewals (rotationPolicy Never).',
    rotationPolicyUnset:
      'Certificate {name} does not set privateKey.rotationPolicy: cert-manager before v1.18 then keeps the same key across renewals. Set it to Always.',
  },
  check(cert) {
    const key = objectAt(cert.spec, 'privateKey', 'spec.privateKey');
    const policy = key?.rotationPolicy;
    if (policy === undefined || policy === null) {
      return outcome<Message>([{ messageId: 'rotationPolicyUnset', data: { name: cert.name }, path: key ? '/spec/privateKey' : '/spec' }]);
    }
    // cert-manager's enum is case-sensitive: "always" is rejected by the API server, not applied.
    if (policy === 'Always') return { status: 'compliant' };
    if (policy === 'Never') return outcome<Message>([{ messageId: 'neverRotated', data: { name: cert.name }, path: '/spec/privateKey/rotationPolicy' }]);
    throw new Error(`spec.privateKey.rotationPolicy ${JSON.stringify(policy)} is neither Always nor Never`);
  },
});
