import { Provider as KubernetesProvider } from '@pulumi/kubernetes/provider';
import { toKubernetesObject } from 'aio-secure';
import { PLANNED_RESOURCES_OUTPUT } from '../../lib/pulumi/render';
import { SegmentedEdgeNetwork } from '../../lib/pulumi/segmented-edge-network';
import { planSegmentedEdgeNetwork, resolveSegmentedEdgeNetwork } from '../../lib/model/segmented-edge-network';
import { SITE_NETWORK } from '../model/segmented-edge-network-props';
import { installMocks, settled } from './support';

const run = installMocks();
beforeEach(() => run.reset());

describe('Pulumi SegmentedEdgeNetwork', () => {
  test('renders the same plan as Kubernetes objects through the given provider, under the component', async () => {
    const provider = new KubernetesProvider('cluster', {});
    const net = new SegmentedEdgeNetwork('site', { ...SITE_NETWORK, kubernetesProvider: provider });
    await settled([provider, net, ...net.children.values()]);
    const plan = planSegmentedEdgeNetwork(resolveSegmentedEdgeNetwork('site', SITE_NETWORK));
    const children = run.registrations.filter((r) => r.custom && !r.type.startsWith('pulumi:providers:'));
    const nameOf = (id: string) => `site-${id.slice('site/'.length).replace(/\//g, '-')}`;
    // Registrations arrive asynchronously: compare by child name.
    expect(children.map((c) => [c.name, c.type]).sort()).toEqual(plan.map((r) => [nameOf(r.id), `kubernetes:${r.group ? `${r.group}/` : ''}${r.version}:${r.kind}`]).sort());
    for (const c of children) {
      const planned = plan.find((r) => nameOf(r.id) === c.name)!;
      const { apiVersion, kind, metadata, ...rest } = toKubernetesObject(planned) as Record<string, unknown>;
      expect(c.inputs).toMatchObject({ apiVersion, kind, metadata, ...rest });
      expect(c.parent).toBe('urn:pulumi:test::project::aio-secure:network:SegmentedEdgeNetwork::site');
      expect(c.provider).toContain('cluster');
    }
    expect(SegmentedEdgeNetwork.TYPE).toBe('aio-secure:network:SegmentedEdgeNetwork');
    const outputs = run.outputs.get('urn:pulumi:test::project::aio-secure:network:SegmentedEdgeNetwork::site')!;
    expect((outputs[PLANNED_RESOURCES_OUTPUT] as unknown[]).length).toBe(plan.length);
  });

  test('bad props throw before anything is registered', () => {
    const provider = new KubernetesProvider('cluster2', {});
    expect(() => new SegmentedEdgeNetwork('site', { ...SITE_NETWORK, aio: { kubernetesApiCidrs: [] }, kubernetesProvider: provider }))
      .toThrow('SegmentedEdgeNetwork "site": aio.kubernetesApiCidrs is empty (got []).');
    expect(run.registrations.some((r) => r.type === SegmentedEdgeNetwork.TYPE)).toBe(false);
  });
});
