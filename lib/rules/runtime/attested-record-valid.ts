import { ATTESTABLE_CONTROLS, isAttestationsConfigMap, readAttestation } from '../../model/attested-controls';
import { isJsonObject } from '../../model/resource';
import { defineRule, outcome, type RuleFinding } from '../types';

const KNOWN = new Set<string>(ATTESTABLE_CONTROLS.map((c) => c.control));

/** AS-4, AS-5, AS-6, OV-1: every attestation record names its attester, its evidence and valid dates. */
export const attestedRecordValid = defineRule({
  name: 'attested-record-valid',
  guidance: ['AS-4', 'AS-5', 'AS-6', 'OV-1'],
  description: 'Every record of the aio-secure-attestations ConfigMap is a known control with an attester, an https evidence link and valid dates.',
  rationale:
    'An attestation an auditor cannot follow up is not evidence: without an attester nobody is accountable, without a link there is ' +
    'nothing to inspect, and without valid dates nobody can tell whether it still holds. A record under an unknown key attests nothing.',
  remediation:
    'Write records with AttestedControls, which refuses incomplete ones, or give each key (AS-4, AS-5, AS-6, OV-1-network-sensors) ' +
    'a YAML map with attestedBy, attestedOn and expires (YYYY-MM-DD) and evidence (an https:// link).',
  severity: { development: 'warning', production: 'error' },
  waivable: false,
  appliesTo: [{ group: '', kind: 'ConfigMap' }],
  messages: {
    unknownControl: 'Key {key} of ConfigMap {name} is not an attestable control ({known}).',
    unreadable: 'The attestation of {key} in ConfigMap {name} cannot be read: {problem}.',
    invalid: 'The attestation of {key} in ConfigMap {name}: {field} {problem}.',
  },
  check(r) {
    if (!isAttestationsConfigMap(r)) return { status: 'not-applicable', reason: 'not an attestations ConfigMap' };
    const data = r.spec.data ?? {};
    if (!isJsonObject(data)) throw new Error('data is not a map');
    const findings: RuleFinding<'unknownControl' | 'unreadable' | 'invalid'>[] = [];
    for (const key of Object.keys(data)) {
      const path = `/spec/data/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!KNOWN.has(key)) {
        findings.push({ messageId: 'unknownControl', data: { key, name: r.name, known: [...KNOWN].join(', ') }, path });
        continue;
      }
      const read = readAttestation(r, key);
      if (read.state === 'unreadable') findings.push({ messageId: 'unreadable', data: { key, name: r.name, problem: read.problem }, path });
      if (read.state === 'invalid') findings.push({ messageId: 'invalid', data: { key, name: r.name, field: read.field, problem: read.problem }, path });
    }
    return outcome(findings);
  },
});
