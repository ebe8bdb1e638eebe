import { opcUaServerCertificateAutoAccept } from '../../../lib/rules/secrets/opc-ua-server-certificate-auto-accept';
import { ruleTable } from '../helpers';
import { armDevice, config, crDevice, opcUa, STRICT } from './opc-ua-devices';

describe('opc-ua-server-certificate-auto-accept', () => {
  ruleTable(opcUaServerCertificateAutoAccept, [
    { name: 'false', resources: [armDevice('plc', { 'opc-ua': opcUa() })], expect: { outcome: 'valid' } },
    { name: 'left to its default', resources: [crDevice('plc', { 'opc-ua': opcUa({ additionalConfiguration: config({ securityMode: 'signAndEncrypt' }) }) })], expect: { outcome: 'valid' } },
    {
      name: 'true',
      resources: [crDevice('plc', { 'opc-ua': opcUa({ additionalConfiguration: config({ ...STRICT, autoAcceptUntrustedServerCertificates: true }) }) })],
      expect: { outcome: 'invalid', messageIds: ['autoAccept'], messages: ['Device plc accepts any server certificate on OPC UA endpoint opc-ua (autoAcceptUntrustedServerCertificates true).'], paths: ['/spec/endpoints/inbound/opc-ua/additionalConfiguration'] },
    },
    { name: 'ARM, in development', profile: 'development', resources: [armDevice('plc', { 'opc-ua': opcUa({ additionalConfiguration: config({ autoAcceptUntrustedServerCertificates: true }) }) })], expect: { outcome: 'invalid', messageIds: ['autoAccept'] } },
    { name: 'a string', resources: [crDevice('plc', { 'opc-ua': opcUa({ additionalConfiguration: config({ autoAcceptUntrustedServerCertificates: 'yes' }) }) })], expect: { outcome: 'unknown', reason: 'autoAcceptUntrustedServerCertificates "yes" is not a boolean' } },
    { name: 'an expression', resources: [armDevice('plc', { 'opc-ua': opcUa({ additionalConfiguration: '[parameters(\'c\')]' }) }, { unresolved: ['/spec/properties/endpoints/inbound/opc-ua/additionalConfiguration'] })], expect: { outcome: 'unknown', reason: 'additionalConfiguration is only known at deployment' } },
  ]);
});
