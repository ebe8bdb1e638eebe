/**
 * The presence rules of the attested controls (one per control) and the record rule. The rules use
 * the engine's clock (now); every date here is far from it (2020, 2099) so the table cannot rot.
 */
import { checkResources, type Resource } from 'aio-secure';
import * as attestedModel from '../../../lib/model/attested-controls';
import { planAttestedControls, resolveAttestedControls, type AttestableControl } from '../../../lib/model/attested-controls';
import { attestedFirmwareUpdates } from '../../../lib/rules/runtime/attested-firmware-updates';
import { attestedManufacturerGuidance } from '../../../lib/rules/runtime/attested-manufacturer-guidance';
import { attestedNetworkSensors } from '../../../lib/rules/runtime/attested-network-sensors';
import { attestedRecordValid } from '../../../lib/rules/runtime/attested-record-valid';
import { attestedTamperResistantHardware } from '../../../lib/rules/runtime/attested-tamper-resistant-hardware';
import { ruleTable, runRule } from '../helpers';
import { aioExtension, aioInstance, defaultBroker } from './support';
import { ALL_ATTESTED, ATTESTATION } from '../../support/attestations';

const configMap = (data: Record<string, unknown>, name = 'aio-secure-attestations'): Resource => ({
  id: `azure-iot-operations/ConfigMap/${name}`, group: '', version: 'v1', kind: 'ConfigMap', name, namespace: 'azure-iot-operations', spec: { data } as never,
});
const planned = (attestations: Parameters<typeof resolveAttestedControls>[1]['attestations']) => planAttestedControls(resolveAttestedControls('plant-a', { attestations }));
const without = (control: AttestableControl) => Object.fromEntries(Object.entries(ALL_ATTESTED).filter(([k]) => k !== control));
const otherConfigMap = () => configMap({ 'app.conf': 'x' }, 'line-settings');

const PRESENCE: [typeof attestedFirmwareUpdates, AttestableControl, string][] = [
  [attestedFirmwareUpdates, 'AS-4', 'Signed firmware updates'],
  [attestedTamperResistantHardware, 'AS-5', 'Tamper-resistant hardware deployment'],
  [attestedManufacturerGuidance, 'AS-6', "Manufacturer's security guidance"],
  [attestedNetworkSensors, 'OV-1-network-sensors', 'Defender for IoT network sensors'],
];

describe.each(PRESENCE)('%s', (rule, control, title) => {
  ruleTable(rule, [
    { name: 'every control attested', resources: planned(ALL_ATTESTED), expect: { outcome: 'valid' } },
    {
      name: 'the ConfigMap lacks the control',
      resources: planned(without(control)),
      expect: { outcome: 'invalid', messageIds: ['missing'], messages: [`ConfigMap aio-secure-attestations records no valid attestation of ${control} (${title}).`], paths: [`/spec/data/${control}`] },
    },
    {
      name: 'an AIO deployment with no attestations at all: one finding, on the AIO extension',
      resources: [defaultBroker(), aioExtension()],
      expect: { outcome: 'invalid', messageIds: ['missing'], messages: [`AIO extension azure-iot-operations records no valid attestation of ${control} (${title}).`] },
    },
    {
      name: 'an AIO Instance (YAML) deployment with no attestations: one finding, on the Instance',
      resources: [aioInstance()],
      expect: { outcome: 'invalid', messageIds: ['missing'], messages: [`Instance aio-instance records no valid attestation of ${control} (${title}).`] },
    },
    {
      name: 'the attestation expired',
      resources: [...planned({ ...ALL_ATTESTED, [control]: { ...ATTESTATION, attestedOn: '2019-01-01', expires: '2020-06-30' } })],
      expect: { outcome: 'invalid', messageIds: ['expired'], messages: [`The attestation of ${control} (${title}) by Plant A OT security team expired on 2020-06-30.`] },
    },
    { name: 'foreign manifests without AIO or attestations', resources: [otherConfigMap()], expect: { outcome: 'not-applicable', reason: 'not an attestations ConfigMap' } },
    { name: 'the data of the ConfigMap is not a map', resources: [configMap('broken' as never)], expect: { outcome: 'unknown', reason: 'data is not a map' } },
  ]);

  test('with the ConfigMap present, the AIO anchor is not checked again: one finding per control per deployment', () => {
    const result = runRule(rule, [aioExtension(), otherConfigMap(), ...planned(without(control))]);
    expect(result.findings.map((f) => `${f.resource.kind}/${f.resource.name} ${f.messageId}`)).toEqual(['ConfigMap/aio-secure-attestations missing']);
    expect(result.findings[0].guidance).toEqual([rule.guidance[0]]);
    expect(result.notApplicable.map((n) => n.reason)).toEqual(['not an attestations ConfigMap', 'attestations are checked on ConfigMap/aio-secure-attestations']);
  });

  test('broker settings alone (a GitOps folder, a SecureBroker chart) mark no AIO deployment: no finding', () => {
    const result = runRule(rule, [defaultBroker(), otherConfigMap()]);
    expect(result.findings).toEqual([]);
    expect(result.notApplicable.map((n) => n.reason)).toEqual(['not an attestations ConfigMap']);
  });

  test('development does not ask for attestations', () => {
    expect(runRule(rule, [aioExtension()], 'development').findings).toEqual([]);
  });
});

describe('attested-record-valid', () => {
  ruleTable(attestedRecordValid, [
    { name: 'records written by AttestedControls', resources: planned(ALL_ATTESTED), expect: { outcome: 'valid' } },
    {
      name: 'a record without evidence',
      resources: [configMap({ 'AS-4': 'attestedBy: Plant A OT\nattestedOn: "2026-01-01"\nexpires: "2099-01-01"\n' })],
      expect: { outcome: 'invalid', messageIds: ['invalid'], messages: ['The attestation of AS-4 in ConfigMap aio-secure-attestations: evidence is not an https:// link to the evidence.'], paths: ['/spec/data/AS-4'] },
    },
    {
      name: 'a record without attester, and one with a bad date',
      resources: [configMap({ 'AS-5': 'evidence: https://x.example/a\n', 'AS-6': 'attestedBy: a\nevidence: https://x.example/a\nattestedOn: yesterday\nexpires: "2099-01-01"\n' })],
      expect: { outcome: 'invalid', messageIds: ['invalid', 'invalid'], messages: [
        'The attestation of AS-5 in ConfigMap aio-secure-attestations: attestedBy names no attester.',
        'The attestation of AS-6 in ConfigMap aio-secure-attestations: attestedOn is not a date (YYYY-MM-DD).',
      ] },
    },
    {
      name: 'a key that is no control, and a record that is not YAML',
      resources: [configMap({ 'AS-3': 'attestedBy: a', 'AS-4': 'attestedBy: [' })],
      expect: { outcome: 'invalid', messageIds: ['unknownControl', 'unreadable'], messages: [
        'Key AS-3 of ConfigMap aio-secure-attestations is not an attestable control (AS-4, AS-5, AS-6, OV-1-network-sensors).',
        'The attestation of AS-4 in ConfigMap aio-secure-attestations cannot be read: data["AS-4"] is not YAML.',
      ] },
    },
    { name: 'another ConfigMap', resources: [otherConfigMap()], expect: { outcome: 'not-applicable', reason: 'not an attestations ConfigMap' } },
    { name: 'data is not a map', resources: [configMap(['AS-4'] as never)], expect: { outcome: 'unknown', reason: 'data is not a map' } },
  ]);
});

describe('the presence rules are linear in the size of the deployment', () => {
  afterEach(() => jest.restoreAllMocks());

  test('one check scans the ConfigMaps for attestations once, whatever the number of ConfigMaps and presence rules', () => {
    const scan = jest.spyOn(attestedModel, 'attestationsConfigMaps');
    const many = Array.from({ length: 300 }, (_, i) => configMap({ 'app.conf': 'x' }, `line-settings-${i}`));
    const result = checkResources([aioExtension(), ...many, ...planned(ALL_ATTESTED)], { rules: PRESENCE.map(([rule]) => rule), profile: 'production' });
    expect(result.findings).toEqual([]);
    // Every presence rule ran on every ConfigMap (300 foreign ones, the attestations, and the anchor) ...
    expect(result.notApplicable).toHaveLength(PRESENCE.length * 301);
    // ... but the deployment was scanned once, over all 301 ConfigMaps: 4 x 301 scans would be quadratic.
    expect(scan).toHaveBeenCalledTimes(1);
    expect(scan.mock.calls[0][0]).toHaveLength(301);
  });

  test('another check of another deployment scans again (the cache is per deployment)', () => {
    const scan = jest.spyOn(attestedModel, 'attestationsConfigMaps');
    runRule(attestedFirmwareUpdates, [aioExtension(), ...planned(ALL_ATTESTED)]);
    const second = runRule(attestedFirmwareUpdates, [aioExtension(), ...planned(without('AS-4'))]);
    expect(scan).toHaveBeenCalledTimes(2);
    expect(second.findings.map((f) => f.messageId)).toEqual(['missing']);
  });
});
