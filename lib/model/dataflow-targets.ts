/**
 * What a DataflowEndpoint connects to, read from its spec (= ARM `properties`), and the facts
 * about each cloud target that `ManagedIdentityDataflow` and the dataflow rules share: how a
 * managed identity authenticates to it, which data-plane role it needs, and what the narrowest
 * Azure RBAC scope for that role is.
 *
 * Sources: facts 5.1 (authentication methods per endpoint type, documented token scopes), the ARM
 * 2025-10-01 DataflowEndpoint types (host patterns), Microsoft Learn built-in roles (role ids, in
 * azure-roles.ts).
 */
import { AIO } from './aio';
import { BUILT_IN_ROLES, type BuiltInRole } from './azure-roles';
import { isJsonObject, type JsonObject } from './resource';

/** The cloud services a dataflow endpoint can reach with a managed identity. */
export type CloudTargetType = 'eventHubs' | 'eventGrid' | 'dataLake' | 'dataExplorer' | 'fabricOneLake';

/** The cloud target types, in a fixed order. */
export const CLOUD_TARGET_TYPES: readonly CloudTargetType[] = ['eventHubs', 'eventGrid', 'dataLake', 'dataExplorer', 'fabricOneLake'];

/** What an endpoint connects to. */
export type EndpointTarget =
  | { readonly kind: 'cloud'; readonly type: CloudTargetType; readonly settingsKey: string; readonly host?: string }
  /** AIO's own MQTT broker, inside the cluster. */
  | { readonly kind: 'local-broker'; readonly settingsKey: 'mqttSettings'; readonly host?: string }
  /** A Kafka or MQTT broker that is not an Azure service, local storage, OpenTelemetry. */
  | { readonly kind: 'other'; readonly settingsKey?: string; readonly host?: string };

/** The settings key of each endpoint type (ARM and CR spell it the same). */
export const SETTINGS_KEY: Readonly<Record<string, string>> = {
  dataexplorer: 'dataExplorerSettings',
  datalakestorage: 'dataLakeStorageSettings',
  fabriconelake: 'fabricOneLakeSettings',
  kafka: 'kafkaSettings',
  mqtt: 'mqttSettings',
  localstorage: 'localStorageSettings',
  opentelemetry: 'openTelemetrySettings',
};

const EVENT_HUBS_HOST = /^([a-z0-9-]+)\.servicebus\.windows\.net(:\d+)?$/i;
const EVENT_GRID_HOST = /\.eventgrid\.azure\.net(:\d+)?$/i;

/**
 * Classifies an endpoint by its spec. Throws (making a rule's outcome unknown) when the endpoint
 * type is missing or not a string.
 */
export function endpointTarget(spec: JsonObject): EndpointTarget {
  const type = spec.endpointType;
  if (typeof type !== 'string' || type === '') throw new Error('spec.endpointType is missing');
  const settingsKey = SETTINGS_KEY[type.toLowerCase()];
  const settings = settingsKey && isJsonObject(spec[settingsKey]) ? (spec[settingsKey] as JsonObject) : undefined;
  const host = typeof settings?.host === 'string' ? settings.host : undefined;
  switch (type.toLowerCase()) {
    case 'dataexplorer':
      return { kind: 'cloud', type: 'dataExplorer', settingsKey, host };
    case 'datalakestorage':
      return { kind: 'cloud', type: 'dataLake', settingsKey, host };
    case 'fabriconelake':
      return { kind: 'cloud', type: 'fabricOneLake', settingsKey, host };
    case 'kafka':
      return host && EVENT_HUBS_HOST.test(host) ? { kind: 'cloud', type: 'eventHubs', settingsKey, host } : { kind: 'other', settingsKey, host };
    case 'mqtt':
      if (host && EVENT_GRID_HOST.test(host)) return { kind: 'cloud', type: 'eventGrid', settingsKey, host };
      // The CRD's default host is the local broker.
      return host === undefined || isLocalBrokerHost(host) ? { kind: 'local-broker', settingsKey: 'mqttSettings', host } : { kind: 'other', settingsKey, host };
    default:
      return { kind: 'other', ...(settingsKey ? { settingsKey } : {}), host };
  }
}

/** True for AIO's internal broker service, however it is spelled (`aio-broker`, with namespace or FQDN). */
export function isLocalBrokerHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '').toLowerCase();
  const service = AIO.defaultListener.serviceName;
  return name === service || name.startsWith(`${service}.`) && name.endsWith('.svc.cluster.local') || new RegExp(`^${service}\\.[a-z0-9-]+(\\.svc)?$`).test(name);
}

/** The Event Hubs namespace in a Kafka host (`<ns>.servicebus.windows.net:9093`). */
export function eventHubsNamespaceOfHost(host: string): string | undefined {
  return EVENT_HUBS_HOST.exec(host)?.[1]?.toLowerCase();
}

/** The storage account in an ADLS Gen2 host (`https://<account>.blob.core.windows.net`). */
export function storageAccountOfHost(host: string): string | undefined {
  return /^(?:https:\/\/)?([a-z0-9]+)\.blob\.core\.windows\.net\/?$/i.exec(host)?.[1]?.toLowerCase();
}

/** The endpoint's `authentication` block, or undefined when it has none. */
export function authenticationOf(spec: JsonObject, target: EndpointTarget): JsonObject | undefined {
  if (!target.settingsKey) return undefined;
  const settings = spec[target.settingsKey];
  if (!isJsonObject(settings)) return undefined;
  return isJsonObject(settings.authentication) ? settings.authentication : undefined;
}

/** The documented token scope of each cloud target (facts 5.1); Event Hubs uses the namespace URL. */
export function defaultTokenScope(type: CloudTargetType, host: string): string | undefined {
  switch (type) {
    case 'eventGrid':
      return 'https://eventgrid.azure.net/.default';
    case 'dataLake':
    case 'fabricOneLake':
      return 'https://storage.azure.com/.default';
    case 'eventHubs': {
      const ns = eventHubsNamespaceOfHost(host);
      return ns ? `https://${ns}.servicebus.windows.net` : undefined;
    }
    case 'dataExplorer':
      // No documented default: the operator infers it.
      return undefined;
  }
}

/** Which way data crosses an endpoint in a dataflow. */
export type DataDirection = 'send' | 'receive';

/**
 * The Azure RBAC role a target needs for one direction, or undefined where the target's data
 * permissions are not Azure RBAC (Azure Data Explorer database roles, Fabric workspace roles).
 */
export function dataRoleFor(type: CloudTargetType, direction: DataDirection): BuiltInRole | undefined {
  switch (type) {
    case 'eventHubs':
      return direction === 'send' ? BUILT_IN_ROLES.eventHubsDataSender : BUILT_IN_ROLES.eventHubsDataReceiver;
    case 'eventGrid':
      return direction === 'send' ? BUILT_IN_ROLES.eventGridTopicSpacesPublisher : BUILT_IN_ROLES.eventGridTopicSpacesSubscriber;
    case 'dataLake':
      return BUILT_IN_ROLES.storageBlobDataContributor;
    case 'dataExplorer':
    case 'fabricOneLake':
      return undefined;
  }
}

/** Roles that grant data access to some cloud target (any direction). */
export const DATA_ROLES: readonly BuiltInRole[] = [
  BUILT_IN_ROLES.eventHubsDataSender,
  BUILT_IN_ROLES.eventHubsDataReceiver,
  BUILT_IN_ROLES.eventHubsDataOwner,
  BUILT_IN_ROLES.storageBlobDataContributor,
  BUILT_IN_ROLES.eventGridTopicSpacesPublisher,
  BUILT_IN_ROLES.eventGridTopicSpacesSubscriber,
];

/** The parts of an ARM resource id that the dataflow checks need. */
export interface ArmResourceId {
  readonly subscription: string;
  readonly resourceGroup?: string;
  /** `Microsoft.EventHub/namespaces/eventhubs`, lower-cased. */
  readonly type?: string;
  /** Names of the type's segments, in order (`[namespace, eventhub]`). */
  readonly names: readonly string[];
}

/**
 * Parses a subscription, resource group or resource id. Undefined when it is none of these (for
 * example a placeholder or an ARM expression).
 */
export function parseArmResourceId(id: string): ArmResourceId | undefined {
  const m = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+)(?:\/providers\/([^/]+)\/(.+))?)?\/?$/i.exec(id);
  if (!m) return undefined;
  const [, subscription, resourceGroup, provider, rest] = m;
  if (!provider) return { subscription, ...(resourceGroup ? { resourceGroup } : {}), names: [] };
  const parts = rest.split('/');
  if (parts.length % 2 !== 0 || parts.some((p) => p === '')) return undefined;
  const types: string[] = [];
  const names: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    types.push(parts[i]);
    names.push(parts[i + 1]);
  }
  return { subscription, resourceGroup, type: `${provider}/${types.join('/')}`.toLowerCase(), names };
}

/** The ARM type of each entity a data role can be narrowed to, and of its parent account. */
export const TARGET_SCOPE_TYPES = {
  eventHubs: { account: 'microsoft.eventhub/namespaces', entity: 'microsoft.eventhub/namespaces/eventhubs' },
  dataLake: { account: 'microsoft.storage/storageaccounts', entity: 'microsoft.storage/storageaccounts/blobservices/containers' },
  eventGrid: { account: 'microsoft.eventgrid/namespaces', entity: 'microsoft.eventgrid/namespaces/topicspaces' },
} as const;
