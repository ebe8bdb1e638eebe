import { readKubernetesText, toKubernetesObject, type Resource } from 'aio-secure';
import {
  ATTESTABLE_CONTROLS,
  attestationStatus,
  planAttestedControls,
  resolveAttestedControls,
  type AttestedControlsProps,
} from '../../lib/model/attested-controls';
import { validateManifests } from '../support/schema-validator';
import { ALL_ATTESTED, ATTESTATION } from '../support/attestations';

const plan = (props: AttestedControlsProps) => planAttestedControls(resolveAttestedControls('plant-a', props));
const NOW = new Date('2027-01-15T00:00:00Z');

describe('planAttestedControls', () => {
  test('snapshot', () => {
    expect(plan({ attestations: { 'AS-4': { ...ATTESTATION, statement: 'Firmware images are signed by the vendor and checked by the device bootloader.' }, 'AS-6': ATTESTATION } })).toMatchSnapshot();
  });

  test('the controls are AS-4, AS-5, AS-6 with the catalogue titles, and the Defender for IoT sensors under OV-1', () => {
    expect(ATTESTABLE_CONTROLS).toEqual([
      { control: 'AS-4', guidance: 'AS-4', title: 'Signed firmware updates' },
      { control: 'AS-5', guidance: 'AS-5', title: 'Tamper-resistant hardware deployment' },
      { control: 'AS-6', guidance: 'AS-6', title: "Manufacturer's security guidance" },
      { control: 'OV-1-network-sensors', guidance: 'OV-1', title: 'Defender for IoT network sensors' },
    ]);
  });

  test('renders a plain core/v1 ConfigMap (no CRD needed) that validates against the Kubernetes OpenAPI', () => {
    const objects = plan({ attestations: ALL_ATTESTED }).map(toKubernetesObject);
    expect(objects[0]).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'aio-secure-attestations', namespace: 'azure-iot-operations' } });
    expect(objects[0].spec).toBeUndefined();
    expect(Object.keys(objects[0].data as object)).toEqual(['AS-4', 'AS-5', 'AS-6', 'OV-1-network-sensors']);
    expect(validateManifests(objects)).toEqual([]);
  });

  test('reading the rendered YAML back gives the plan, and the status rows', () => {
    const planned = plan({ attestations: { 'AS-4': ATTESTATION, 'AS-5': { ...ATTESTATION, expires: '2026-12-31' } } });
    const read = readKubernetesText(planned.map((r) => JSON.stringify(toKubernetesObject(r))).join('\n---\n'), 'a.yaml');
    expect(read.resources.map(({ source: _s, ...r }) => r as Resource)).toEqual(planned);
    expect(attestationStatus(read.resources, NOW)).toEqual([
      { control: 'AS-4', guidance: 'AS-4', title: 'Signed firmware updates', status: 'attested', ...ATTESTATION },
      { control: 'AS-5', guidance: 'AS-5', title: 'Tamper-resistant hardware deployment', status: 'expired', ...ATTESTATION, expires: '2026-12-31' },
      { control: 'AS-6', guidance: 'AS-6', title: "Manufacturer's security guidance", status: 'missing' },
      { control: 'OV-1-network-sensors', guidance: 'OV-1', title: 'Defender for IoT network sensors', status: 'missing' },
    ]);
  });

  test('attestationStatus without any attestations: every control missing; the last day still counts', () => {
    expect(attestationStatus([], NOW).map((r) => r.status)).toEqual(['missing', 'missing', 'missing', 'missing']);
    const onLastDay = plan({ attestations: { 'AS-4': { ...ATTESTATION, expires: '2027-01-15' } } });
    expect(attestationStatus(onLastDay, NOW)[0].status).toBe('attested');
  });

  test('a malformed record in a hand-written ConfigMap counts as missing', () => {
    const read = readKubernetesText('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aio-secure-attestations\ndata:\n  AS-4: "attestedBy: me"\n', 'a.yaml');
    expect(attestationStatus(read.resources, NOW)[0].status).toBe('missing');
  });
});

describe('resolveAttestedControls errors', () => {
  const cases: [string, unknown, string][] = [
    ['no attestations', {}, 'AttestedControls "plant-a": attestations are missing. Give { attestations: { "AS-4": { attestedBy, attestedOn, expires, evidence }, ... } }'],
    ['unknown control', { attestations: { 'AS-3': ATTESTATION } }, 'AttestedControls "plant-a": attestations["AS-3"] is not an attestable control (got "AS-3"). Use one of "AS-4", "AS-5", "AS-6", "OV-1-network-sensors"'],
    ['no attester', { attestations: { 'AS-4': { ...ATTESTATION, attestedBy: ' ' } } }, 'AttestedControls "plant-a": attestations["AS-4"].attestedBy names no attester (got " "). Name the person or team that attests the control'],
    ['evidence over http', { attestations: { 'AS-5': { ...ATTESTATION, evidence: 'http://intranet/report' } } }, 'AttestedControls "plant-a": attestations["AS-5"].evidence is not an https:// link to the evidence (got "http://intranet/report"). Link the evidence, e.g. "https://contoso.sharepoint.com/sites/ot-audit/plant-a-firmware.pdf"'],
    ['bad date', { attestations: { 'AS-6': { ...ATTESTATION, attestedOn: '2026-02-30' } } }, 'AttestedControls "plant-a": attestations["AS-6"].attestedOn is not a date (YYYY-MM-DD) (got "2026-02-30"). Give the day as YYYY-MM-DD'],
    ['expires before attested', { attestations: { 'OV-1-network-sensors': { ...ATTESTATION, expires: '2025-01-01' } } }, 'AttestedControls "plant-a": attestations["OV-1-network-sensors"].expires is before attestedOn (got "2025-01-01"). Give the last day the attestation holds, YYYY-MM-DD, on or after attestedOn'],
    ['bad namespace', { namespace: 'AIO', attestations: {} }, 'AttestedControls "plant-a": namespace is not a valid namespace (got "AIO"). Use a DNS-1123 label, e.g. "azure-iot-operations"'],
  ];
  test.each(cases)('%s', (_n, props, message) => {
    let error: Error | undefined;
    try {
      resolveAttestedControls('plant-a', props as AttestedControlsProps);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toBe(message);
  });

  test('defaults: the AIO namespace', () => {
    expect(resolveAttestedControls('plant-a', { attestations: {} }).namespace).toBe('azure-iot-operations');
  });
});
