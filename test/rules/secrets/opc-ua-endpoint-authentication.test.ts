import { opcUaEndpointAuthentication } from '../../../lib/rules/secrets/opc-ua-endpoint-authentication';
import { ruleTable } from '../helpers';
import { armDevice, crDevice, opcUa } from './opc-ua-devices';

describe('opc-ua-endpoint-authentication', () => {
  ruleTable(opcUaEndpointAuthentication, [
    { name: 'ARM: a certificate', resources: [armDevice('plc', { 'opc-ua': opcUa() })], expect: { outcome: 'valid' } },
    { name: 'CR: username and password', resources: [crDevice('plc', { 'opc-ua': opcUa({ authentication: { method: 'UsernamePassword', usernamePasswordCredentials: { usernameSecretName: 'h/u', passwordSecretName: 'h/p' } } }) })], expect: { outcome: 'valid' } },
    {
      name: 'ARM: anonymous',
      resources: [armDevice('plc', { 'opc-ua': opcUa({ authentication: { method: 'Anonymous' } }) })],
      expect: { outcome: 'invalid', messageIds: ['anonymous'], messages: ['Device plc connects to OPC UA endpoint opc-ua anonymously (authentication.method Anonymous).'], paths: ['/spec/properties/endpoints/inbound/opc-ua/authentication'] },
    },
    {
      name: 'CR: no authentication object',
      resources: [crDevice('plc', { 'opc-ua': opcUa({ authentication: null }) })],
      expect: { outcome: 'invalid', messageIds: ['noAuthentication'], messages: ['Device plc has no authentication on OPC UA endpoint opc-ua, which makes it anonymous.'], paths: ['/spec/endpoints/inbound/opc-ua/authentication'] },
    },
    { name: 'a warning in development', profile: 'development', resources: [crDevice('plc', { a: opcUa({ authentication: { method: 'anonymous' } }) })], expect: { outcome: 'invalid', messageIds: ['anonymous'] } },
    { name: 'only ONVIF endpoints', resources: [crDevice('cam', { onvif: { address: 'http://cam', endpointType: 'Microsoft.Onvif', authentication: { method: 'Anonymous' } } })], expect: { outcome: 'not-applicable', reason: 'device cam has no OPC UA inbound endpoint' } },
    { name: 'an expression', resources: [armDevice('plc', { 'opc-ua': opcUa({ authentication: '[parameters(\'auth\')]' }) }, { unresolved: ['/spec/properties/endpoints/inbound/opc-ua/authentication'] })], expect: { outcome: 'unknown', reason: 'endpoints.inbound.opc-ua.authentication is only known at deployment' } },
    { name: 'inbound not a map', resources: [crDevice('plc', ['x'] as never)], expect: { outcome: 'unknown', reason: 'endpoints.inbound is not a map' } },
  ]);
});
