import { App, Chart, Testing } from 'cdk8s';
import { readKubernetesText, type JsonObject } from 'aio-secure';
import { AttestedControls } from '../../lib/cdk8s/attested-controls';
import { attestationStatus } from '../../lib/model/attested-controls';
import { validateManifests } from '../support/schema-validator';
import { ALL_ATTESTED, ATTESTATION } from '../support/attestations';

function synth(props: ConstructorParameters<typeof AttestedControls>[2], app: App = Testing.app()) {
  const chart = new Chart(app, 'site');
  const controls = new AttestedControls(chart, 'attestations', props);
  return { chart, controls, objects: Testing.synth(chart) as JsonObject[] };
}

describe('AttestedControls (cdk8s)', () => {
  test('snapshot', () => {
    expect(synth({ attestations: ALL_ATTESTED }).objects).toMatchSnapshot();
  });

  test('one ConfigMap, data at the top level, valid against the Kubernetes OpenAPI', () => {
    const { objects, controls } = synth({ attestations: ALL_ATTESTED });
    expect(objects).toHaveLength(1);
    expect(objects[0]).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'aio-secure-attestations', namespace: 'azure-iot-operations', labels: { 'app.kubernetes.io/name': 'aio-secure-attestations' } } });
    expect((objects[0].data as JsonObject)['AS-4']).toBe(
      'attestedBy: "Plant A OT security team"\nattestedOn: "2026-10-01"\nexpires: "2099-12-31"\nevidence: "https://contoso.sharepoint.com/sites/ot-audit/plant-a-2026.pdf"\n',
    );
    expect(validateManifests(objects)).toEqual([]);
    expect(controls.apiObjects.map((o) => o.node.path)).toEqual(['site/attestations/attestations']);
  });

  test('the checker reads every control as attested from the synthesized YAML', () => {
    const { objects } = synth({ attestations: ALL_ATTESTED });
    const read = readKubernetesText(objects.map((o) => JSON.stringify(o)).join('\n---\n'), 'site.yaml');
    expect(attestationStatus(read.resources, new Date('2027-01-01')).map((r) => r.status)).toEqual(['attested', 'attested', 'attested', 'attested']);
  });

  test('a production chart with a control left out fails synth, naming the control', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'site');
    new AttestedControls(chart, 'attestations', { attestations: { 'AS-4': ATTESTATION, 'AS-5': ATTESTATION, 'AS-6': ATTESTATION } });
    expect(() => app.synth()).toThrow(/ConfigMap aio-secure-attestations records no valid attestation of OV-1-network-sensors \(Defender for IoT network sensors\)/);
  });

  test('bad props fail construction with the model error', () => {
    expect(() => synth({ attestations: { 'AS-4': { ...ATTESTATION, evidence: 'see wiki' } } })).toThrow(
      'AttestedControls "attestations": attestations["AS-4"].evidence is not an https:// link to the evidence (got "see wiki"). Link the evidence, e.g. "https://contoso.sharepoint.com/sites/ot-audit/plant-a-firmware.pdf"',
    );
  });
});
