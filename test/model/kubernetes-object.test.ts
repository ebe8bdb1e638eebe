import { stringify } from 'yaml';
import { readKubernetesText } from '../../lib/inputs/kubernetes-reader';
import { toKubernetesObject } from '../../lib/model/kubernetes-object';
import type { Resource } from '../../lib/model/resource';

const configMap: Resource = {
  id: 'obs/scrape-config',
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  name: 'ama-metrics-prometheus-config',
  namespace: 'kube-system',
  spec: { data: { 'prometheus-config': 'scrape_configs: []\n' } },
};

const policy: Resource = {
  id: 'net/deny',
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'NetworkPolicy',
  name: 'default-deny',
  namespace: 'l3',
  spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
};

describe('toKubernetesObject', () => {
  test('kinds without a spec get their content at the top level', () => {
    const obj = toKubernetesObject(configMap);
    expect(obj.spec).toBeUndefined();
    expect(obj.data).toEqual({ 'prometheus-config': 'scrape_configs: []\n' });
  });

  test('content may not replace apiVersion, kind or metadata (and with them the bookkeeping)', () => {
    expect(() => toKubernetesObject({ ...configMap, spec: { data: {}, metadata: { name: 'other' } } })).toThrow(
      'ConfigMap "ama-metrics-prometheus-config" (obs/scrape-config): its content has metadata, which a ConfigMap keeps at the top level for itself. Plan only its content (e.g. data).',
    );
  });

  test('other kinds keep it under spec', () => {
    expect(toKubernetesObject(policy).spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  test.each([configMap, policy])('reading the rendered object gives the plan back ($kind)', (r) => {
    const read = readKubernetesText(stringify(toKubernetesObject(r)), 'x.yaml');
    expect(read.problems).toEqual([]);
    const { source: _s, ...back } = read.resources[0];
    expect(back).toEqual(r);
  });
});
