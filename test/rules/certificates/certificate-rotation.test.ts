import { certificateRotation } from '../../../lib/rules/certificates/certificate-rotation';
import { certificate, certificateSpec, ruleTable } from '../helpers';

const cert = (privateKey?: unknown) =>
  certificate('gateway', certificateSpec({ secretName: 'gateway-tls', issuerRef: { kind: 'ClusterIssuer', name: 'plant-ca' } }, privateKey));

describe('certificate-rotation', () => {
  ruleTable(certificateRotation, [
    { name: 'rotationPolicy Always', resources: [cert({ algorithm: 'ECDSA', rotationPolicy: 'Always' })], expect: { outcome: 'valid' } },
    {
      name: 'rotationPolicy Never',
      resources: [cert({ algorithm: 'ECDSA', rotationPolicy: 'Never' })],
      expect: {
        outcome: 'invalid',
        messageIds: ['neverRotated'],
        messages: ['Certificate gateway keeps the same private key across renewals (rotationPolicy Never).'],
        paths: ['/spec/privateKey/rotationPolicy'],
      },
    },
    {
      // cert-manager v1.18 made Always the default; older versions (and AIO's extension does not say which it bundles) keep Never.
      name: 'no rotationPolicy: the default depends on the cert-manager version',
      resources: [cert({ algorithm: 'ECDSA', size: 256 })],
      expect: {
        outcome: 'invalid',
        messageIds: ['rotationPolicyUnset'],
        messages: ['Certificate gateway does not set privateKey.rotationPolicy: cert-manager before v1.18 then keeps the same key across renewals. Set it to Always.'],
        paths: ['/spec/privateKey'],
      },
    },
    { name: 'no privateKey at all', resources: [cert()], expect: { outcome: 'invalid', messageIds: ['rotationPolicyUnset'], paths: ['/spec'] } },
    { name: 'a warning in development', profile: 'development', resources: [cert({ rotationPolicy: 'Never' })], expect: { outcome: 'invalid', messageIds: ['neverRotated'] } },
    { name: 'privateKey is not an object', resources: [cert('ECDSA')], expect: { outcome: 'unknown', reason: 'spec.privateKey is not an object' } },
    {
      // The cert-manager API server rejects it, so nothing would rotate; never a pass.
      name: 'lower-case always is not cert-manager\'s enum',
      resources: [cert({ rotationPolicy: 'always' })],
      expect: { outcome: 'unknown', reason: 'spec.privateKey.rotationPolicy "always" is neither Always nor Never' },
    },
  ]);
});
