import { OPC_UA_PKI_SETTINGS, unresolvedAt } from '../../model/opc-ua-trust';
import { isJsonObject } from '../../model/resource';
import { EXTENSION, isAioExtension } from '../runtime/common';
import { defineRule, outcome, type RuleFinding } from '../types';

type Message = 'weakKeySize' | 'sha1Accepted';

/** CN-6, AS-2: the connector for OPC UA refuses short keys and SHA-1 signatures. */
export const opcUaPkiStrict = defineRule({
  name: 'opc-ua-pki-strict',
  guidance: ['CN-6', 'AS-2'],
  description: 'The AIO extension keeps the OPC UA connector\'s PKI strict: minimumCertificateKeySize at least 2048 and rejectSha1SignedCertificates true.',
  rationale:
    'RSA keys under 2048 bits and SHA-1 signatures can be broken or forged with affordable effort: a server certificate that uses them can be impersonated, ' +
    'so a trust list that admits them trusts more than the servers it lists. The connector\'s defaults (2048, SHA-1 rejected) are strict; the rule reports settings that weaken them.',
  remediation:
    'With OpcUaTrust, keep pki.minimumCertificateKeySize at 2048 or more and pki.rejectSha1SignedCertificates true, and pass its extensionSettings to ArcRuntimePolicy. ' +
    'By hand, remove connectors.values.securityPki.minimumCertificateKeySize and ...rejectSha1SignedCertificates from the extension\'s configurationSettings, or set them to 2048 (or more) and true; ' +
    'reissue the server certificates that need weaker settings.',
  severity: { development: 'warning', production: 'error' },
  waivable: true,
  appliesTo: [EXTENSION],
  messages: {
    weakKeySize: 'The AIO extension {extension} lets the OPC UA connector accept keys of {size} bits (minimumCertificateKeySize under 2048).',
    sha1Accepted: 'The AIO extension {extension} lets the OPC UA connector accept SHA-1 signed certificates (rejectSha1SignedCertificates {value}).',
  },
  check(extension) {
    if (!isAioExtension(extension)) return { status: 'not-applicable', reason: 'not the AIO extension' };
    const base = '/spec/properties/configurationSettings';
    const props = isJsonObject(extension.spec.properties) ? extension.spec.properties : {};
    const settings = props.configurationSettings;
    if (settings === undefined || settings === null) return outcome([]);
    if (unresolvedAt(extension, base) && !isJsonObject(settings)) throw new Error('configurationSettings is only known at deployment');
    if (!isJsonObject(settings)) throw new Error('configurationSettings is not a map');
    const findings: RuleFinding<Message>[] = [];
    const read = (key: string): string | undefined => {
      const pointer = `${base}/${key}`;
      if (unresolvedAt(extension, pointer)) throw new Error(`configurationSettings["${key}"] is only known at deployment`);
      const v = settings[key];
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new Error(`configurationSettings["${key}"] is not a value`);
      return String(v).trim();
    };
    const size = read(OPC_UA_PKI_SETTINGS.minimumCertificateKeySize);
    if (size !== undefined) {
      if (!/^\d+$/.test(size)) throw new Error(`configurationSettings["${OPC_UA_PKI_SETTINGS.minimumCertificateKeySize}"] ${JSON.stringify(size)} is not a number of bits`);
      if (Number(size) < 2048) findings.push({ messageId: 'weakKeySize', data: { extension: extension.name, size }, path: base });
    }
    const sha1 = read(OPC_UA_PKI_SETTINGS.rejectSha1SignedCertificates);
    if (sha1 !== undefined) {
      const v = sha1.toLowerCase();
      if (v !== 'true' && v !== 'false') throw new Error(`configurationSettings["${OPC_UA_PKI_SETTINGS.rejectSha1SignedCertificates}"] ${JSON.stringify(sha1)} is not true or false`);
      if (v === 'false') findings.push({ messageId: 'sha1Accepted', data: { extension: extension.name, value: sha1 }, path: base });
    }
    return outcome(findings);
  },
});
