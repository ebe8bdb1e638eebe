/**
 * The firewall / proxy allowlist (CN-3): the outbound endpoints a deployment needs, with port,
 * purpose and the condition that requires each, derived from what the deployment uses. Endpoint
 * names are those of Microsoft's lists (facts file section 3.3: Arc-enabled Kubernetes network
 * requirements, and the AIO additions in deploy-iot-ops/overview-deploy.md), wildcards kept as
 * documented. All outbound TCP unless noted.
 */
import { AIO } from './aio';
import { isJsonObject, type JsonObject, type Resource } from './resource';

/** One endpoint to allow outbound. */
export interface AllowlistEntry {
  /** FQDN, wildcards as Microsoft documents them (`*.his.arc.azure.com`). */
  readonly fqdn: string;
  readonly port: number;
  readonly protocol: 'TCP';
  /** What uses it. */
  readonly purpose: string;
  /** Why this deployment needs it: `always`, or the resource or setting that requires it. */
  readonly condition: string;
}

/** The allowlist, and what the input left open. */
export interface FirewallAllowlist {
  readonly region: string;
  readonly entries: readonly AllowlistEntry[];
  /** Things the deployment uses whose endpoints aio-secure does not know; check them by hand. */
  readonly notes: readonly string[];
}

/** Options of `firewallAllowlist`. */
export interface FirewallAllowlistOptions {
  /** The Azure region of the connected cluster, e.g. `westeurope`. */
  readonly region: string;
}

const ARC = 'Arc-enabled Kubernetes';

/** Builds the allowlist for the resources of one deployment. Throws for a region that is not a region name. */
export function firewallAllowlist(resources: readonly Resource[], options: FirewallAllowlistOptions): FirewallAllowlist {
  const region = options.region;
  if (typeof region !== 'string' || !/^[a-z][a-z0-9]*$/.test(region)) {
    throw new Error(`firewallAllowlist: region ${JSON.stringify(region)} is not an Azure region name such as "westeurope".`);
  }
  const entries: AllowlistEntry[] = [];
  const notes: string[] = [];
  const add = (fqdn: string, purpose: string, condition: string, port = 443) => entries.push({ fqdn, port, protocol: 'TCP', purpose, condition });

  // Arc-enabled Kubernetes: always.
  add('management.azure.com', `${ARC}: Azure Resource Manager`, 'always');
  add(`${region}.dp.kubernetesconfiguration.azure.com`, `${ARC}: configuration data plane`, 'always');
  add('login.microsoftonline.com', `${ARC}: Microsoft Entra ID tokens`, 'always');
  add(`${region}.login.microsoft.com`, `${ARC}: Microsoft Entra ID tokens`, 'always');
  add('login.windows.net', `${ARC}: Microsoft Entra ID tokens`, 'always');
  add('mcr.microsoft.com', `${ARC}: agent and AIO container images`, 'always');
  add('*.data.mcr.microsoft.com', `${ARC}: container image layers`, 'always');
  add('gbl.his.arc.azure.com', `${ARC}: managed identity certificates`, 'always');
  add('*.his.arc.azure.com', `${ARC}: managed identity certificates`, 'always');
  add('k8connecthelm.azureedge.net', `${ARC}: agent Helm charts`, 'always');
  add('guestnotificationservice.azure.com', `${ARC}: cluster connect and custom locations`, 'always');
  add('*.guestnotificationservice.azure.com', `${ARC}: cluster connect and custom locations`, 'always');
  add('sts.windows.net', `${ARC}: cluster connect and custom locations`, 'always');
  add('k8sconnectcsp.azureedge.net', `${ARC}: cluster connect`, 'always');
  add('*.servicebus.windows.net', `${ARC}: cluster connect (WebSockets must be allowed)`, 'always');
  add('*.arc.azure.net', `${ARC}: Azure portal views of the cluster`, 'always');

  const clusters = resources.filter((r) => r.group === 'Microsoft.Kubernetes' && r.kind === 'connectedClusters');
  const props = (r: Resource) => (isJsonObject(r.spec.properties) ? r.spec.properties : {});
  const azureRbac = clusters.filter((c) => isJsonObject(props(c).aadProfile) && (props(c).aadProfile as JsonObject).enableAzureRBAC === true);
  if (azureRbac.length) add('graph.microsoft.com', `${ARC}: Azure RBAC on the cluster`, `Azure RBAC enabled on ${azureRbac.map((c) => c.name).join(', ')}`);
  else notes.push('graph.microsoft.com (443) is needed when Azure RBAC is used on the cluster; the input does not show a connected cluster with aadProfile.enableAzureRBAC.');
  notes.push(`${region}.obo.arc.azure.com (8084) is needed for cluster connect; allow it if you use cluster connect.`);
  const autoUpgrade = clusters.filter((c) => {
    const profile = props(c).arcAgentProfile;
    return !(isJsonObject(profile) && profile.agentAutoUpgrade === 'Disabled');
  });
  if (!clusters.length) notes.push('dl.k8s.io (443) is needed only while Arc agent auto-upgrade is on; the input has no connected cluster to tell.');
  else if (autoUpgrade.length) add('dl.k8s.io', `${ARC}: agent auto-upgrade`, `agent auto-upgrade is not Disabled on ${autoUpgrade.map((c) => c.name).join(', ')}`);

  // AIO.
  const aio = 'Azure IoT Operations';
  add('graph.windows.net', `${aio}: Azure CLI endpoint list`, 'always');
  add('*.azurecr.io', `${aio}: container registries`, 'always');
  add('*.blob.core.windows.net', `${aio}: Azure CLI endpoint list; schema registry storage (<account>.blob.core.windows.net)`, 'always');
  add('*.prod.microsoftmetrics.com', `${aio}: usage telemetry (global.prod.microsoftmetrics.com is enough where only that is used)`, 'always');

  // Key Vault and secret sync.
  const vaults = resources.filter((r) => r.group === 'Microsoft.KeyVault' && r.kind === 'vaults');
  const secretSync = resources.filter((r) => (r.group === 'Microsoft.SecretSyncController') || (r.group === 'secret-sync.x-k8s.io' && r.kind === 'SecretSync') || (r.group === 'secrets-store.csi.x-k8s.io' && r.kind === 'SecretProviderClass'));
  for (const v of vaults) add(`${v.name}.vault.azure.net`, 'Key Vault: secrets synced to the edge (AS-1)', `Key Vault ${v.name} in the deployment`);
  if (!vaults.length) {
    add('*.vault.azure.net', `${aio}: Azure CLI endpoint list; Key Vault secret sync`, secretSync.length ? `secret sync in the deployment (${secretSync.map((r) => r.name).slice(0, 3).join(', ')})` : 'always');
  }

  // Dataflow endpoints and registries: their hosts.
  for (const r of resources) {
    if (r.kind === 'DataflowEndpoint') {
      for (const [settings, what, port] of [
        ['kafkaSettings', 'Kafka / Event Hubs', 9093], ['mqttSettings', 'MQTT (e.g. Event Grid)', 8883], ['dataLakeStorageSettings', 'ADLS Gen2', 443],
        ['fabricOneLakeSettings', 'Fabric OneLake', 443], ['dataExplorerSettings', 'Azure Data Explorer', 443], ['openTelemetrySettings', 'OpenTelemetry', 443],
      ] as const) {
        const s = r.spec[settings];
        if (!isJsonObject(s) || typeof s.host !== 'string') continue;
        const host = parseHost(s.host, port);
        if (!host || isInCluster(host.name)) continue;
        add(host.name, `Dataflow destination (${what})`, `DataflowEndpoint ${r.name}`, host.port);
      }
    }
    if (r.kind === 'RegistryEndpoint' && typeof r.spec.host === 'string') {
      const host = parseHost(r.spec.host, 443);
      if (host && !isInCluster(host.name)) add(host.name, 'Container registry for AIO artifacts', `RegistryEndpoint ${r.name}`, host.port);
    }
  }

  // Defender and monitoring: present, but their endpoints are not in the facts aio-secure keeps.
  const extensions = resources.filter((r) => r.group === 'Microsoft.KubernetesConfiguration' && r.kind === 'extensions');
  const extensionType = (r: Resource) => String(props(r).extensionType ?? '').toLowerCase();
  const defender = extensions.filter((e) => extensionType(e) === 'microsoft.azuredefender.kubernetes');
  if (defender.length || resources.some((r) => r.group === 'Microsoft.Security' && r.kind === 'pricings')) {
    notes.push('Defender for Containers is in the deployment: add the Defender sensor\'s endpoints from Microsoft\'s Defender for Containers network requirements (not part of this list).');
  }
  const monitoring = extensions.filter((e) => extensionType(e).startsWith('microsoft.azuremonitor'));
  if (monitoring.length) {
    notes.push(`Azure Monitor extensions are in the deployment (${monitoring.map((e) => e.name).join(', ')}): add their endpoints from Azure Monitor's network requirements (not part of this list).`);
  }

  // One entry per FQDN and port; the first condition wins, later ones are appended.
  const merged = new Map<string, AllowlistEntry>();
  for (const e of entries) {
    const key = `${e.fqdn}:${e.port}`;
    const prev = merged.get(key);
    merged.set(key, prev ? { ...prev, condition: prev.condition === 'always' ? 'always' : `${prev.condition}; ${e.condition}` } : e);
  }
  return { region, entries: [...merged.values()], notes };
}

function parseHost(value: string, defaultPort: number): { name: string; port: number } | undefined {
  const m = /^(?:[a-z]+:\/\/)?([^/:]+)(?::(\d+))?/i.exec(value.trim());
  if (!m) return undefined;
  return { name: m[1].toLowerCase(), port: m[2] ? Number(m[2]) : defaultPort };
}

function isInCluster(host: string): boolean {
  return !host.includes('.') || /\.svc(\.cluster\.local)?$/.test(host) || host.startsWith(`${AIO.defaultListener.serviceName}.`) || /\.(azure-iot-operations)$/.test(host);
}

/** CSV with a header row; fields quoted where needed. */
export function allowlistCsv(a: FirewallAllowlist): string {
  const q = (s: string | number) => (/[",\n]/.test(String(s)) ? `"${String(s).replace(/"/g, '""')}"` : String(s));
  return ['fqdn,port,protocol,purpose,condition', ...a.entries.map((e) => [e.fqdn, e.port, e.protocol, e.purpose, e.condition].map(q).join(','))].join('\n') + '\n';
}

/** JSON, pretty-printed. */
export function allowlistJson(a: FirewallAllowlist): string {
  return `${JSON.stringify(a, null, 2)}\n`;
}

/** A Markdown table, then the notes. */
export function allowlistMarkdown(a: FirewallAllowlist): string {
  const cell = (s: string | number) => String(s).replace(/\|/g, '\\|');
  const lines = [
    `| FQDN | Port | Purpose | Condition |`,
    '|---|---|---|---|',
    ...a.entries.map((e) => `| \`${cell(e.fqdn)}\` | ${e.port}/${e.protocol} | ${cell(e.purpose)} | ${cell(e.condition)} |`),
  ];
  if (a.notes.length) lines.push('', ...a.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}
