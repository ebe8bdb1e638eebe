import { opcUaSecurityMode } from '../../../lib/rules/secrets/opc-ua-security-mode';
import { ruleTable } from '../helpers';
import { armDevice, config, crDevice, opcUa, STRICT } from './opc-ua-devices';

const P = 'http://opcfoundation.org/UA/SecurityPolicy#';

describe('opc-ua-security-mode', () => {
  ruleTable(opcUaSecurityMode, [
    { name: 'ARM: signAndEncrypt, Basic256Sha256', resources: [armDevice('plc', { 'opc-ua': opcUa() })], expect: { outcome: 'valid' } },
    { name: 'CR: SignAndEncrypt in another case, no policy', resources: [crDevice('plc', { 'opc-ua': opcUa({ additionalConfiguration: config({ securityMode: 'SignAndEncrypt' }) }) })], expect: { outcome: 'valid' } },
    {
      name: 'mode none',
      resources: [crDevice('plc', { 'opc-ua': opcUa({ additionalConfiguration: config({ ...STRICT, securityMode: 'none', securityPolicy: `${P}None` }) }) })],
      expect: {
        outcome: 'invalid', messageIds: ['modeNone', 'weakPolicy'],
        messages: ['Device plc talks to OPC UA endpoint opc-ua with security mode None: nothing is signed or encrypted.', 'Device plc uses security policy None on OPC UA endpoint opc-ua.'],
        paths: ['/spec/endpoints/inbound/opc-ua/additionalConfiguration', '/spec/endpoints/inbound/opc-ua/additionalConfiguration'],
      },
    },
    { name: 'sign only', resources: [armDevice('plc', { 'opc-ua': opcUa({ additionalConfiguration: config({ ...STRICT, securityMode: 'sign' }) }) })], expect: { outcome: 'invalid', messageIds: ['signOnly'], messages: ['Device plc talks to OPC UA endpoint opc-ua with security mode sign: messages are signed but not encrypted.'] } },
    { name: 'no configuration', resources: [armDevice('plc', { 'opc-ua': opcUa({ additionalConfiguration: null }) })], expect: { outcome: 'invalid', messageIds: ['modeNotSet'], messages: ['Device plc does not set a security mode on OPC UA endpoint opc-ua; the server\'s offer decides it.'] } },
    { name: 'a SHA-1 policy, in development', profile: 'development', resources: [crDevice('plc', { 'opc-ua': opcUa({ additionalConfiguration: config({ ...STRICT, securityPolicy: `${P}Basic256` }) }) })], expect: { outcome: 'invalid', messageIds: ['weakPolicy'] } },
    { name: 'configuration that is not JSON', resources: [crDevice('plc', { 'opc-ua': opcUa({ additionalConfiguration: '{security:' }) })], expect: { outcome: 'unknown', reason: 'endpoints.inbound.opc-ua.additionalConfiguration is not valid JSON' } },
    { name: 'an unknown mode', resources: [crDevice('plc', { 'opc-ua': opcUa({ additionalConfiguration: config({ securityMode: 'encrypt' }) }) })], expect: { outcome: 'unknown', reason: 'securityMode "encrypt" is not a security mode' } },
  ]);
});
