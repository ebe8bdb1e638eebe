import { planAzureResource } from '../../../lib/model/azure';
import { opcUaTrustList } from '../../../lib/rules/secrets/opc-ua-trust-list';
import { ruleTable } from '../helpers';
import { secret } from './support';
import { armDevice, crDevice, opcUa, trustListSync } from './opc-ua-devices';

const armSync = planAzureResource({
  id: 'sync/trust', armType: 'Microsoft.SecretSyncController/secretSyncs', name: 'aio-opc-ua-broker-trust-list',
  spec: { extendedLocation: { name: 'cl', type: 'CustomLocation' }, properties: { secretProviderClassName: 'opc-ua-connector', serviceAccountName: 'aio-ssc-sa' } },
});

describe('opc-ua-trust-list', () => {
  ruleTable(opcUaTrustList, [
    { name: 'CR device, SecretSync', resources: [crDevice('plc', { 'opc-ua': opcUa() }), trustListSync()], expect: { outcome: 'valid' } },
    { name: 'ARM device, ARM SecretSync', resources: [armDevice('plc', { 'opc-ua': opcUa() }), armSync], expect: { outcome: 'valid' } },
    { name: 'no trustSettings: the connector\'s list, present as a Secret', resources: [crDevice('plc', { 'opc-ua': opcUa({ trustSettings: null }) }), secret('aio-opc-ua-broker-trust-list', { data: {} })], expect: { outcome: 'valid' } },
    {
      name: 'nothing provides the trust list',
      resources: [crDevice('plc', { 'opc-ua': opcUa() })],
      expect: { outcome: 'invalid', messageIds: ['missing'], messages: ['Device plc connects to OPC UA endpoint opc-ua, but its trust list aio-opc-ua-broker-trust-list is neither synced from Key Vault nor present in the deployment.'], paths: ['/spec/endpoints/inbound/opc-ua'] },
    },
    { name: 'another trust list than the one synced', resources: [armDevice('plc', { 'opc-ua': opcUa({ trustSettings: { trustList: 'line-1-trust/ca.crt' } }) }), armSync], expect: { outcome: 'invalid', messageIds: ['missing'] } },
    { name: 'in development', profile: 'development', resources: [armDevice('plc', { 'opc-ua': opcUa() })], expect: { outcome: 'invalid', messageIds: ['missing'] } },
    { name: 'a trust list that is not a string', resources: [crDevice('plc', { 'opc-ua': opcUa({ trustSettings: { trustList: 7 } }) }), trustListSync()], expect: { outcome: 'unknown', reason: 'trustSettings.trustList is not a string' } },
  ]);
});
