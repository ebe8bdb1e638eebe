import { Chart, Testing } from 'cdk8s';
import { toKubernetesObject } from 'aio-secure';
import { SegmentedEdgeNetwork } from '../../lib/cdk8s/segmented-edge-network';
import { planSegmentedEdgeNetwork, resolveSegmentedEdgeNetwork } from '../../lib/model/segmented-edge-network';
import { SITE_NETWORK } from '../model/segmented-edge-network-props';
import { validateManifests } from '../support/schema-validator';

describe('cdk8s SegmentedEdgeNetwork', () => {
  const chart = new Chart(Testing.app(), 'site-chart');
  const net = new SegmentedEdgeNetwork(chart, 'site', SITE_NETWORK);
  const synthesized = Testing.synth(chart);

  test('synthesizes exactly the plan (the plan is the source of truth)', () => {
    expect(synthesized).toEqual(planSegmentedEdgeNetwork(resolveSegmentedEdgeNetwork('site', SITE_NETWORK)).map(toKubernetesObject));
    expect(net.resources).toHaveLength(synthesized.length);
  });

  test('every object validates against the Kubernetes 1.31 OpenAPI', () => {
    expect(validateManifests(synthesized)).toEqual([]);
  });

  test('exposes the declared design for diagrams', () => {
    expect(net.design.conduits.map((c) => c.name)).toEqual(['apps-to-broker', 'opc-ua', 'enterprise-mqtt', 'historian']);
  });

  test('bad props throw at construction with the construct\'s message', () => {
    expect(() => new SegmentedEdgeNetwork(new Chart(Testing.app(), 'c'), 'site', { ...SITE_NETWORK, zones: [] }))
      .toThrow('SegmentedEdgeNetwork "site": zones is empty (got []). Declare at least one zone, e.g. { name: "level-3", purdueLevel: "3" }');
  });
});
