import { Provider as KubernetesProvider } from '@pulumi/kubernetes/provider';
import type { JsonObject } from 'aio-secure';
import { AttestedControls } from '../../lib/pulumi/attested-controls';
import { PLANNED_RESOURCES_OUTPUT } from '../../lib/pulumi/render';
import { planAttestedControls, resolveAttestedControls } from '../../lib/model/attested-controls';
import { validateManifests } from '../support/schema-validator';
import { ALL_ATTESTED, ATTESTATION } from '../support/attestations';
import { installMocks, settled } from './support';

const run = installMocks();
beforeEach(() => run.reset());

const children = () => run.registrations.filter((r) => r.custom && !r.type.startsWith('pulumi:providers:'));

describe('AttestedControls (Pulumi)', () => {
  test('one core/v1 ConfigMap through the provider, under the component, with its data at the top level', async () => {
    const provider = new KubernetesProvider('cluster', {});
    const controls = new AttestedControls('site', { attestations: ALL_ATTESTED, kubernetesProvider: provider });
    await settled([provider, controls, ...controls.children.values()]);
    expect(AttestedControls.TYPE).toBe('aio-secure:attestation:AttestedControls');
    const component = run.registrations.find((r) => r.type === AttestedControls.TYPE)!;
    // The type token is render.ts's business (it gives core kinds `kubernetes:v1:<Kind>`); what matters here is the object.
    expect(children().map((c) => [c.name, c.parent])).toEqual([['site-attestations', component.urn]]);
    const inputs = children()[0].inputs as JsonObject;
    expect([inputs.apiVersion, inputs.kind]).toEqual(['v1', 'ConfigMap']);
    expect(inputs.spec).toBeUndefined();
    expect(Object.keys(inputs.data as JsonObject)).toEqual(['AS-4', 'AS-5', 'AS-6', 'OV-1-network-sensors']);
    expect(validateManifests([inputs])).toEqual([]);
    expect(controls.resources).toEqual(planAttestedControls(resolveAttestedControls('site', { attestations: ALL_ATTESTED })));
    const outputs = run.outputs.get(component.urn!)!;
    expect((outputs[PLANNED_RESOURCES_OUTPUT] as { id: string }[]).map((p) => p.id)).toEqual(['site/attestations']);
  });

  test('bad props throw before anything is registered', () => {
    const provider = new KubernetesProvider('cluster-bad', {});
    run.reset();
    expect(() => new AttestedControls('site', { attestations: { 'AS-5': { ...ATTESTATION, attestedBy: '' } }, kubernetesProvider: provider })).toThrow(
      'AttestedControls "site": attestations["AS-5"].attestedBy names no attester (got ""). Name the person or team that attests the control',
    );
    expect(run.registrations.filter((r) => r.type === AttestedControls.TYPE)).toEqual([]);
  });
});
