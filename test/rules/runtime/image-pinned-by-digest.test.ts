import type { JsonObject, Resource } from 'aio-secure';
import { imagePinnedByDigest } from '../../../lib/rules/runtime/image-pinned-by-digest';
import { ruleTable, runRule } from '../helpers';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const workload = (group: string, version: string, kind: string, spec: JsonObject, name = 'line-1'): Resource => ({
  id: `plant/${kind}/${name}`, group, version, kind, name, namespace: 'plant', spec,
});
const podSpec = (...images: string[]): JsonObject => ({ containers: images.map((image, i) => ({ name: `c${i}`, image })) });
const pod = (...images: string[]) => workload('', 'v1', 'Pod', podSpec(...images));
const deployment = (...images: string[]) => workload('apps', 'v1', 'Deployment', { template: { spec: podSpec(...images) } });

describe('image-pinned-by-digest', () => {
  ruleTable(imagePinnedByDigest, [
    { name: 'a pod pinned by digest', resources: [pod(`contoso.azurecr.io/plant-a/line@${DIGEST}`)], expect: { outcome: 'valid' } },
    { name: 'tag and digest: the digest decides', resources: [deployment(`contoso.azurecr.io/plant-a/line:1.4@${DIGEST}`)], expect: { outcome: 'valid' } },
    {
      name: 'a deployment by tag',
      resources: [deployment('contoso.azurecr.io/plant-a/line:1.4')],
      expect: {
        outcome: 'invalid', messageIds: ['mutableTag'],
        messages: ['Container c0 of Deployment line-1 uses image contoso.azurecr.io/plant-a/line:1.4 by tag "1.4", which can be moved to other content.'],
        paths: ['/spec/template/spec/containers/0/image'],
      },
    },
    {
      name: 'no tag at all is latest',
      resources: [pod('nginx')],
      expect: { outcome: 'invalid', messageIds: ['implicitLatest'], messages: ['Container c0 of Pod line-1 uses image nginx without tag or digest, which means the moving tag "latest".'], paths: ['/spec/containers/0/image'] },
    },
    {
      name: 'init containers count too, and a registry port is not a tag',
      resources: [workload('', 'v1', 'Pod', { initContainers: [{ name: 'init', image: 'localhost:5000/tool' }], containers: [{ name: 'app', image: `localhost:5000/app@${DIGEST}` }] })],
      expect: { outcome: 'invalid', messageIds: ['implicitLatest'], paths: ['/spec/initContainers/0/image'] },
    },
    {
      name: 'a CronJob reads its job template',
      resources: [workload('batch', 'v1', 'CronJob', { schedule: '0 * * * *', jobTemplate: { spec: { template: { spec: podSpec('mcr.microsoft.com/azureiotoperations/aio-operator:1.2.112') } } } })],
      expect: { outcome: 'invalid', messageIds: ['mutableTag'], paths: ['/spec/jobTemplate/spec/template/spec/containers/0/image'] },
    },
    { name: 'StatefulSet, DaemonSet and Job by digest', resources: ['StatefulSet', 'DaemonSet'].map((k) => workload('apps', 'v1', k, { template: { spec: podSpec(`a.io/b@${DIGEST}`) } }, k.toLowerCase())).concat(workload('batch', 'v1', 'Job', { template: { spec: podSpec(`a.io/b@${DIGEST}`) } })), expect: { outcome: 'valid' } },
    { name: 'a template expression left in the image', resources: [pod('{{ .Values.image }}')], expect: { outcome: 'unknown', reason: 'spec.containers.0.image "{{ .Values.image }}" is not an image reference' } },
    { name: 'containers is not a list', resources: [workload('', 'v1', 'Pod', { containers: 'app' })], expect: { outcome: 'unknown', reason: 'spec.containers is not a list' } },
    { name: 'a deployment without a pod template', resources: [workload('apps', 'v1', 'Deployment', {})], expect: { outcome: 'unknown', reason: 'spec.template is not an object' } },
  ]);

  test('development does not run the rule: tags are fine in a lab', () => {
    expect(runRule(imagePinnedByDigest, [pod('nginx:latest')], 'development').findings).toEqual([]);
    expect(runRule(imagePinnedByDigest, [pod('nginx:latest')], 'production').findings).toHaveLength(1);
  });
});
