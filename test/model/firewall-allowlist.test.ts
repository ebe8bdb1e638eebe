import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planAzureResource, type Resource } from 'aio-secure';
import { allowlistCsv, allowlistJson, allowlistMarkdown, firewallAllowlist } from '../../lib/model/firewall-allowlist';

const endpoint = (name: string, spec: Resource['spec']): Resource => ({
  id: `azure-iot-operations/DataflowEndpoint/${name}`, group: 'connectivity.iotoperations.azure.com', version: 'v1', kind: 'DataflowEndpoint', name, namespace: 'azure-iot-operations', spec,
});

/** A site: a vault, a cluster with auto-upgrade off and Azure RBAC, Event Hubs and the local broker as dataflow endpoints, Defender. */
const SAMPLE: Resource[] = [
  planAzureResource({ id: 'site/vault', armType: 'Microsoft.KeyVault/vaults', name: 'kv-plant-a', spec: { properties: {} } }),
  planAzureResource({ id: 'site/cluster', armType: 'Microsoft.Kubernetes/connectedClusters', name: 'plant-a', spec: { properties: { arcAgentProfile: { agentAutoUpgrade: 'Disabled' }, aadProfile: { enableAzureRBAC: true } } } }),
  planAzureResource({ id: 'site/defender', armType: 'Microsoft.KubernetesConfiguration/extensions', name: 'defender', spec: { properties: { extensionType: 'microsoft.azuredefender.kubernetes' } } }),
  endpoint('event-hubs', { endpointType: 'Kafka', kafkaSettings: { host: 'plant-a-ns.servicebus.windows.net:9093' } }),
  endpoint('default', { endpointType: 'Mqtt', mqttSettings: { host: 'aio-broker.azure-iot-operations:18883' } }),
  endpoint('lake', { endpointType: 'DataLakeStorage', dataLakeStorageSettings: { host: 'https://plantalake.blob.core.windows.net' } }),
];

describe('firewallAllowlist', () => {
  const list = firewallAllowlist(SAMPLE, { region: 'westeurope' });
  const fqdns = list.entries.map((e) => `${e.fqdn}:${e.port}`);

  test('the Arc and AIO endpoints, region filled in, wildcards as documented', () => {
    for (const f of ['management.azure.com:443', 'westeurope.dp.kubernetesconfiguration.azure.com:443', 'westeurope.login.microsoft.com:443', '*.his.arc.azure.com:443', '*.servicebus.windows.net:443', '*.azurecr.io:443', '*.prod.microsoftmetrics.com:443']) {
      expect(fqdns).toContain(f);
    }
  });

  test('conditions follow the deployment', () => {
    expect(list.entries.find((e) => e.fqdn === 'kv-plant-a.vault.azure.net')).toEqual({ fqdn: 'kv-plant-a.vault.azure.net', port: 443, protocol: 'TCP', purpose: 'Key Vault: secrets synced to the edge (AS-1)', condition: 'Key Vault kv-plant-a in the deployment' });
    expect(fqdns).not.toContain('*.vault.azure.net:443'); // the vault is known by name
    expect(list.entries.find((e) => e.fqdn === 'graph.microsoft.com')?.condition).toBe('Azure RBAC enabled on plant-a');
    expect(fqdns).not.toContain('dl.k8s.io:443'); // auto-upgrade is off
    expect(list.entries.find((e) => e.fqdn === 'plant-a-ns.servicebus.windows.net')).toMatchObject({ port: 9093, condition: 'DataflowEndpoint event-hubs' });
    expect(list.entries.find((e) => e.fqdn === 'plantalake.blob.core.windows.net')).toMatchObject({ port: 443, condition: 'DataflowEndpoint lake' });
    expect(fqdns.some((f) => f.startsWith('aio-broker'))).toBe(false); // in-cluster
    expect(list.notes.some((n) => n.startsWith('Defender for Containers is in the deployment'))).toBe(true);
  });

  test('without a cluster or vault: the wildcard vault entry and notes for what cannot be decided', () => {
    const bare = firewallAllowlist([], { region: 'eastus' });
    expect(bare.entries.find((e) => e.fqdn === '*.vault.azure.net')?.condition).toBe('always');
    expect(bare.notes).toEqual([
      'graph.microsoft.com (443) is needed when Azure RBAC is used on the cluster; the input does not show a connected cluster with aadProfile.enableAzureRBAC.',
      'eastus.obo.arc.azure.com (8084) is needed for cluster connect; allow it if you use cluster connect.',
      'dl.k8s.io (443) is needed only while Arc agent auto-upgrade is on; the input has no connected cluster to tell.',
    ]);
  });

  test('a bad region throws', () => {
    expect(() => firewallAllowlist([], { region: 'West Europe' })).toThrow('firewallAllowlist: region "West Europe" is not an Azure region name such as "westeurope".');
  });

  test('renderers: CSV, JSON and Markdown carry the same entries', () => {
    const csv = allowlistCsv(list).trim().split('\n');
    expect(csv[0]).toBe('fqdn,port,protocol,purpose,condition');
    expect(csv).toHaveLength(list.entries.length + 1);
    expect(csv).toContain('*.servicebus.windows.net,443,TCP,Arc-enabled Kubernetes: cluster connect (WebSockets must be allowed),always');
    expect(JSON.parse(allowlistJson(list))).toEqual(list);
    expect(allowlistMarkdown(list).split('\n').filter((l) => l.startsWith('| `'))).toHaveLength(list.entries.length);
  });

  test('docs/firewall-allowlist.md shows the generated list of this sample (AIO_SECURE_WRITE_DOCS=1 rewrites it)', () => {
    const path = join(__dirname, '..', '..', 'docs', 'firewall-allowlist.md');
    const [before, rest] = readFileSync(path, 'utf8').split('<!-- generated: allowlist-example -->\n');
    const [generated, after] = (rest ?? '').split('<!-- end generated -->');
    if (process.env.AIO_SECURE_WRITE_DOCS === '1') writeFileSync(path, `${before}<!-- generated: allowlist-example -->\n${allowlistMarkdown(list)}<!-- end generated -->${after}`);
    else expect(generated).toBe(allowlistMarkdown(list));
  });
});
