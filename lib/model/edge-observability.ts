/**
 * EdgeObservability (CL-2): the observability resources Microsoft says to deploy before AIO
 * (facts 5.2, configure-observability-monitoring/howto-configure-observability).
 *
 * Azure side (ARM / Pulumi):
 * - an Azure Monitor workspace (`Microsoft.Monitor/accounts`), a Log Analytics workspace
 *   (`Microsoft.OperationalInsights/workspaces`) and Azure Managed Grafana
 *   (`Microsoft.Dashboard/grafana`) linked to the Monitor workspace;
 * - the Arc extensions `azuremonitor-metrics` (managed Prometheus, settings
 *   `azure-monitor-workspace-resource-id` and `grafana-resource-id`) and `azuremonitor-containers`
 *   (Container Insights, setting `logAnalyticsWorkspaceResourceID`) on the connected cluster.
 *
 * Edge side:
 * - the ConfigMap `ama-metrics-prometheus-config` in `kube-system`, which makes managed Prometheus
 *   scrape the AIO OpenTelemetry collector and the AIO pods annotated `prometheus.io/scrape`;
 * - the OpenTelemetry collector itself is a Helm release Microsoft documents
 *   (`open-telemetry/opentelemetry-collector`, release `aio-observability`); aio-secure gives its
 *   values (`collectorHelmValues`) instead of re-implementing the chart's Deployment, whose image
 *   and version the chart decides;
 * - the AIO extension settings that point AIO at the collector (`extensionSettings`, a
 *   contribution for ArcRuntimePolicy).
 */
import { AIO } from './aio';
import { planAzureResource } from './azure';
import { type ClusterScope, clusterExtension, connectedClusterScope, type ExtensionSettingsContribution } from './arc-runtime-policy';
import { PropErrors } from './errors';
import type { JsonObject, Resource, ResourceReference } from './resource';
import { ARC_EXTENSION_TYPES } from './versions';

const CONSTRUCT = 'EdgeObservability';

/** Names and ports of the OpenTelemetry collector AIO expects (facts 5.2). */
export const OTEL_COLLECTOR = {
  helmRelease: 'aio-observability',
  helmChart: 'open-telemetry/opentelemetry-collector',
  fullname: 'aio-otel-collector',
  otlpGrpcPort: 4317,
  otlpHttpPort: 4318,
  prometheusPort: 8889,
  memoryLimiter: { limitPercentage: 80, spikeLimitPercentage: 10, checkInterval: '60s' },
} as const;

/** Names of the Azure Monitor extensions and the scrape ConfigMap (facts 5.2). */
export const OBSERVABILITY_NAMES = {
  metricsExtension: 'azuremonitor-metrics',
  containersExtension: 'azuremonitor-containers',
  prometheusConfigMap: 'ama-metrics-prometheus-config',
  prometheusConfigNamespace: 'kube-system',
} as const;

/** Props of EdgeObservability. */
export interface EdgeObservabilityProps {
  /**
   * Prefix of the Azure resource names (`<prefix>-amw`, `<prefix>-law`, `<prefix>-grafana`):
   * a letter, then letters, digits or hyphens, at most 15 characters (Grafana names are limited
   * to 23).
   * @default - the construct id
   */
  readonly namePrefix?: string;
  /**
   * Resource id of the connected cluster.
   * @default - the deployment parameter `connectedClusterId`
   */
  readonly clusterId?: string;
  /**
   * Namespace AIO runs in.
   * @default 'azure-iot-operations'
   */
  readonly namespace?: string;
  /**
   * Days Log Analytics keeps logs.
   * @default 30
   */
  readonly logRetentionDays?: number;
}

/** Resolved props. */
export interface ResolvedEdgeObservability {
  readonly id: string;
  readonly namePrefix: string;
  readonly scope: ClusterScope;
  readonly namespace: string;
  readonly logRetentionDays: number;
}

const PREFIX = /^[a-zA-Z][a-zA-Z0-9-]{0,14}$/;

/** Validates the props and applies the defaults. */
export function resolveEdgeObservability(id: string, props: EdgeObservabilityProps = {}): ResolvedEdgeObservability {
  const err = new PropErrors(CONSTRUCT, id);
  const namePrefix = props.namePrefix ?? id;
  if (typeof namePrefix !== 'string' || !PREFIX.test(namePrefix) || namePrefix.endsWith('-')) {
    throw err.error('INVALID_PROP', props.namePrefix === undefined ? 'namePrefix (from the id)' : 'namePrefix', 'is not a usable name prefix', namePrefix,
      'Give a letter followed by letters, digits or hyphens, at most 15 characters, not ending in a hyphen', 'CL-2');
  }
  const days = props.logRetentionDays ?? 30;
  // Log Analytics retention range on the PerGB2018 SKU.
  if (!Number.isInteger(days) || days < 30 || days > 730) {
    throw err.error('INVALID_PROP', 'logRetentionDays', 'is out of range', days, 'Use a whole number of days from 30 to 730', 'CL-2');
  }
  return { id, namePrefix, scope: connectedClusterScope(err, props.clusterId), namespace: props.namespace ?? AIO.namespace, logRetentionDays: days };
}

/** Logical ids of the planned Azure resources, for references from other constructs. */
export function observabilityIds(id: string) {
  return {
    monitorWorkspace: `${id}/monitor-workspace`,
    logAnalyticsWorkspace: `${id}/log-analytics`,
    grafana: `${id}/grafana`,
    metricsExtension: `${id}/extension/metrics`,
    containersExtension: `${id}/extension/containers`,
    prometheusConfig: `${id}/prometheus-config`,
  };
}

/** The collector's address inside the cluster, as AIO and Prometheus reach it. */
export function collectorHost(namespace: string): string {
  return `${OTEL_COLLECTOR.fullname}.${namespace}.svc.cluster.local`;
}

/** The AIO extension settings that send AIO metrics to the collector (facts 5.2 item 6). */
export function observabilityExtensionSettings(r: ResolvedEdgeObservability): ExtensionSettingsContribution {
  return {
    source: `${CONSTRUCT} "${r.id}"`,
    settings: {
      'observability.metrics.enabled': 'true',
      'observability.metrics.openTelemetryCollectorAddress': `${collectorHost(r.namespace)}:${OTEL_COLLECTOR.otlpGrpcPort}`,
    },
  };
}

/** Values for the `aio-observability` Helm release of the OpenTelemetry collector chart. */
export function collectorHelmValues(): JsonObject {
  const m = OTEL_COLLECTOR.memoryLimiter;
  return {
    mode: 'deployment',
    fullnameOverride: OTEL_COLLECTOR.fullname,
    config: {
      receivers: { otlp: { protocols: { grpc: { endpoint: `:${OTEL_COLLECTOR.otlpGrpcPort}` }, http: { endpoint: `:${OTEL_COLLECTOR.otlpHttpPort}` } } } },
      processors: {
        memory_limiter: { limit_percentage: m.limitPercentage, spike_limit_percentage: m.spikeLimitPercentage, check_interval: m.checkInterval },
        batch: {},
      },
      exporters: { prometheus: { endpoint: `:${OTEL_COLLECTOR.prometheusPort}`, resource_to_telemetry_conversion: { enabled: true } } },
      service: { pipelines: { metrics: { receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['prometheus'] } } },
    },
    ports: {
      metrics: { enabled: true, containerPort: OTEL_COLLECTOR.prometheusPort, servicePort: OTEL_COLLECTOR.prometheusPort, protocol: 'TCP' },
    },
  };
}

/** The Prometheus scrape configuration managed Prometheus reads from `ama-metrics-prometheus-config`. */
export function prometheusScrapeConfig(namespace: string): string {
  return [
    'scrape_configs:',
    '  - job_name: aio-otel-collector',
    '    scrape_interval: 1m',
    '    static_configs:',
    '      - targets:',
    `          - ${collectorHost(namespace)}:${OTEL_COLLECTOR.prometheusPort}`,
    '  - job_name: aio-annotated-pods',
    '    scrape_interval: 1m',
    '    kubernetes_sd_configs:',
    '      - role: pod',
    '        namespaces:',
    `          names: [${namespace}]`,
    '    relabel_configs:',
    '      - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]',
    '        action: keep',
    '        regex: "true"',
    '',
  ].join('\n');
}

/** The Azure resources, the two extensions and the scrape ConfigMap. */
export function planEdgeObservability(r: ResolvedEdgeObservability): Resource[] {
  const ids = observabilityIds(r.id);
  const idRef = (pointer: string, resource: string): ResourceReference => ({ pointer, resource, attribute: 'id' });
  const placeholder = (resource: string) => `ref(${resource}).id`;
  const scopeRefs = r.scope.reference ? [r.scope.reference] : [];

  // No publicNetworkAccess: Microsoft.Monitor/accounts@2023-04-03 (the pinned api-version; its
  // type graph is in test/fixtures/arm-bicep-types/microsoft.monitor) declares it read-only, so ARM
  // rejects a body that sets it. The workspace's network access is not configurable here; the
  // construct docs say so.
  const monitor = planAzureResource({ id: ids.monitorWorkspace, armType: 'Microsoft.Monitor/accounts', name: `${r.namePrefix}-amw`, spec: { properties: {} } });
  // properties.sku.name and properties.retentionInDays: Microsoft.OperationalInsights/workspaces
  // 2023-09-01 (Pulumi azure-native operationalinsights.Workspace docs, REST API 2023-09-01).
  // Grafana's grafanaIntegrations.azureMonitorWorkspaceIntegrations[].azureMonitorWorkspaceResourceId
  // and the required sku.name: the Microsoft.Dashboard 2023-09-01 type graph (test/fixtures/arm-bicep-types).
  const logs = planAzureResource({
    id: ids.logAnalyticsWorkspace, armType: 'Microsoft.OperationalInsights/workspaces', name: `${r.namePrefix}-law`,
    spec: { properties: { sku: { name: 'PerGB2018' }, retentionInDays: r.logRetentionDays } },
  });
  const grafanaPointer = '/spec/properties/grafanaIntegrations/azureMonitorWorkspaceIntegrations/0/azureMonitorWorkspaceResourceId';
  const grafana = planAzureResource({
    id: ids.grafana, armType: 'Microsoft.Dashboard/grafana', name: `${r.namePrefix}-grafana`,
    spec: {
      sku: { name: 'Standard' },
      identity: { type: 'SystemAssigned' },
      properties: { grafanaIntegrations: { azureMonitorWorkspaceIntegrations: [{ azureMonitorWorkspaceResourceId: placeholder(ids.monitorWorkspace) }] } },
    },
    references: [idRef(grafanaPointer, ids.monitorWorkspace)],
  });

  const metrics = clusterExtension({
    id: ids.metricsExtension, name: OBSERVABILITY_NAMES.metricsExtension, scope: r.scope, identity: true,
    properties: {
      extensionType: ARC_EXTENSION_TYPES.monitorMetrics,
      autoUpgradeMinorVersion: true,
      configurationSettings: {
        'azure-monitor-workspace-resource-id': placeholder(ids.monitorWorkspace),
        'grafana-resource-id': placeholder(ids.grafana),
      },
    },
  });
  const containers = clusterExtension({
    id: ids.containersExtension, name: OBSERVABILITY_NAMES.containersExtension, scope: r.scope, identity: true,
    properties: {
      extensionType: ARC_EXTENSION_TYPES.containerInsights,
      autoUpgradeMinorVersion: true,
      configurationSettings: { logAnalyticsWorkspaceResourceID: placeholder(ids.logAnalyticsWorkspace) },
    },
  });
  const settings = '/spec/properties/configurationSettings';
  const withRefs = (res: Resource, refs: ResourceReference[]): Resource => ({ ...res, references: [...scopeRefs, ...refs] });

  const scrape: Resource = {
    id: ids.prometheusConfig,
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    name: OBSERVABILITY_NAMES.prometheusConfigMap,
    namespace: OBSERVABILITY_NAMES.prometheusConfigNamespace,
    spec: { data: { 'prometheus-config': prometheusScrapeConfig(r.namespace) } },
  };

  return [
    monitor,
    logs,
    grafana,
    withRefs(metrics, [
      idRef(`${settings}/azure-monitor-workspace-resource-id`, ids.monitorWorkspace),
      idRef(`${settings}/grafana-resource-id`, ids.grafana),
    ]),
    withRefs(containers, [idRef(`${settings}/logAnalyticsWorkspaceResourceID`, ids.logAnalyticsWorkspace)]),
    scrape,
  ];
}
