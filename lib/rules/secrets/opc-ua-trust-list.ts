import { SECRET_SYNC_ARM_TYPES, SECRET_SYNC_K8S } from '../../model/key-vault-secret-sync';
import { defineRule, outcome, type RuleFinding } from '../types';
import { DEVICES, OPC_UA, opcUaEndpointsOrNotApplicable, unresolvedAt } from '../../model/opc-ua-trust';

const SOURCES = [
  { group: SECRET_SYNC_K8S.secretSync.group, kind: SECRET_SYNC_K8S.secretSync.kind },
  { group: 'Microsoft.SecretSyncController', kind: SECRET_SYNC_ARM_TYPES.secretSync.split('/')[1] },
  { group: '', kind: 'Secret' },
];

/** CN-6, AS-1: a device's OPC UA endpoints have a trust list to check servers against. */
export const opcUaTrustList = defineRule({
  name: 'opc-ua-trust-list',
  guidance: ['CN-6', 'AS-1'],
  description: 'Every device with OPC UA endpoints is deployed with the trust list its endpoints use, synced from Key Vault (a SecretSync) or present as a Secret.',
  rationale:
    'The connector trusts an OPC UA server only if its certificate, or its CA, is in the trust list (aio-opc-ua-broker-trust-list). ' +
    'Without one, secure connections fail, and the usual way out under time pressure is to auto-accept every server certificate, which trusts anyone. ' +
    'Kept in Key Vault and synced, the list has one reviewed home and rotates without touching the cluster.',
  remediation:
    'Use OpcUaTrust with trustList: [{ file, vaultSecret }]: it syncs aio-opc-ua-broker-trust-list from Key Vault and points every endpoint at it. ' +
    'By hand, run az iot ops connector opcua trust add, or deploy a SecretSync named as the endpoint\'s trustSettings.trustList.',
  severity: { development: 'warning', production: 'error' },
  waivable: true,
  appliesTo: DEVICES,
  messages: {
    missing: 'Device {device} connects to OPC UA endpoint {endpoint}, but its trust list {secret} is neither synced from Key Vault nor present in the deployment.',
  },
  check(device, { index }) {
    const endpoints = opcUaEndpointsOrNotApplicable(device);
    if (!Array.isArray(endpoints)) return endpoints;
    const findings: RuleFinding<'missing'>[] = [];
    for (const e of endpoints) {
      const pointer = `${e.path}/trustSettings/trustList`;
      if (unresolvedAt(device, pointer)) throw new Error(`endpoints.inbound.${e.name}.trustSettings.trustList is only known at deployment`);
      const settings = e.endpoint.trustSettings;
      const named = settings && typeof settings === 'object' && !Array.isArray(settings) ? settings.trustList : undefined;
      if (named !== undefined && named !== null && typeof named !== 'string') throw new Error(`endpoints.inbound.${e.name}.trustSettings.trustList is not a string`);
      // A reference may name a key of the Secret (`<secret>/<key>`); the Secret is what must exist.
      const secret = typeof named === 'string' && named !== '' ? named.split('/')[0] : OPC_UA.trustListSecret;
      const present = SOURCES.some((s) => index.ofKind(s.group, s.kind).some((r) => r.name === secret && (device.namespace === undefined || r.namespace === undefined || r.namespace === device.namespace)));
      if (!present) findings.push({ messageId: 'missing', data: { device: device.name, endpoint: e.name, secret }, path: e.path });
    }
    return outcome(findings);
  },
});
