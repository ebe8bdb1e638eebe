/**
 * ManagedIdentityDataflow (CL-1, AS-3): dataflows from the local MQTT broker to Azure (and back)
 * that authenticate with a dedicated user-assigned managed identity holding only the data-plane
 * role each target needs, at the narrowest scope that works.
 *
 * What it plans:
 * - Azure: a user-assigned identity used for nothing else (never the secret-sync one); its
 *   federated credential for the dataflow service account (and the schema registry's, when
 *   asked); one role assignment per target entity and direction: Azure Event Hubs Data Sender or
 *   Receiver on the event hub (not the namespace), Storage Blob Data Contributor on the container
 *   (not the account), EventGrid TopicSpaces Publisher or Subscriber on the namespace or topic
 *   space given.
 * - AIO: a DataflowProfile, an endpoint for the local broker (service account token with the
 *   `aio-internal` audience, TLS with the trust bundle), one endpoint per cloud target with
 *   `UserAssignedManagedIdentity` and its client id, tenant id and documented token scope, and the
 *   Dataflows (pass-through or a simple filter/map), including tamper-signal routes (AS-3).
 *
 * What it cannot plan, and reports in `requirements` instead of pretending: the AIO instance's
 * identity assignment (the instance belongs to AIO's own deployment), the Azure Data Explorer
 * database Ingestor role (a Kusto database principal assignment, not Azure RBAC) and the Fabric
 * workspace role (a Fabric permission, not ARM).
 */
import { AIO } from './aio';
import { roleDefinitionPath, type BuiltInRole } from './azure-roles';
import { planAzureResource, referencePlaceholder, stableGuid } from './azure';
import {
  dataRoleFor,
  defaultTokenScope,
  parseArmResourceId,
  type CloudTargetType,
  type DataDirection,
} from './dataflow-targets';
import { NO_VALUE, PropErrors } from './errors';
import type { TrustBundleRef } from './edge-pki';
import { ARM_TYPES, K8S } from './versions';
import type { JsonObject, Resource, ResourceReference } from './resource';

const CONSTRUCT = 'ManagedIdentityDataflow';

/** The dedicated identity of the dataflows. */
export interface DataflowIdentityProps {
  /** Name of the user-assigned identity (3 to 128 characters). Not the secret-sync identity. */
  readonly name: string;
  /**
   * Azure region of the identity.
   * @default - the resource group's location
   */
  readonly location?: string;
  /**
   * The identity's client id, when it is known (the Kubernetes manifests need it).
   * @default - a reference to the planned identity's `clientId` (Pulumi and ARM)
   */
  readonly clientId?: string;
  /**
   * The identity's tenant id, when it is known (the Kubernetes manifests need it).
   * @default - a reference to the planned identity's `tenantId` (Pulumi and ARM)
   */
  readonly tenantId?: string;
  /**
   * The connected cluster's OIDC issuer URL (`oidcIssuerProfile.issuerUrl`).
   * @default - the deployment parameter `oidcIssuerUrl`
   */
  readonly oidcIssuerUrl?: string;
  /**
   * Also federate the schema registry's service account (`adr-schema-registry`), for dataflows
   * that use the schema registry.
   * @default false
   */
  readonly schemaRegistry?: boolean;
}

/** The local AIO MQTT broker, reached with a service account token over TLS. */
export interface LocalBrokerEndpointProps {
  /**
   * The trust bundle ConfigMap holding the CA of the broker's certificates: `EdgePki`'s
   * `trustBundle`, or its ConfigMap name.
   */
  readonly trustBundle: TrustBundleRef | string;
  /**
   * Name of the endpoint.
   * @default `<id>-local-broker`
   */
  readonly name?: string;
  /**
   * Broker host and port.
   * @default 'aio-broker.<namespace>:18883'
   */
  readonly host?: string;
}

interface CloudEndpointBase {
  /** Endpoint name (DNS-1123 label, 3 to 63 characters). */
  readonly name: string;
}

/** Azure Event Hubs through its Kafka interface. */
export interface EventHubsEndpointProps extends CloudEndpointBase {
  readonly type: 'eventHubs';
  /** ARM id of the Event Hubs namespace; roles are assigned on each event hub a dataflow uses. */
  readonly namespaceResourceId: string;
}

/** Azure Event Grid's MQTT broker. */
export interface EventGridEndpointProps extends CloudEndpointBase {
  readonly type: 'eventGrid';
  /** MQTT host and port, `<namespace>.<region>-1.ts.eventgrid.azure.net:8883`. */
  readonly host: string;
  /** ARM id of the Event Grid namespace or, narrower, of one of its topic spaces. */
  readonly scopeResourceId: string;
}

/** Azure Data Lake Storage Gen2. */
export interface DataLakeEndpointProps extends CloudEndpointBase {
  readonly type: 'dataLake';
  /** ARM id of the storage account; the role is assigned on each container a dataflow writes to. */
  readonly storageAccountResourceId: string;
}

/** Azure Data Explorer. */
export interface DataExplorerEndpointProps extends CloudEndpointBase {
  readonly type: 'dataExplorer';
  /** `https://<cluster>.<region>.kusto.windows.net`. */
  readonly host: string;
  /** The database the dataflows ingest into. */
  readonly database: string;
}

/** Microsoft Fabric OneLake. */
export interface FabricOneLakeEndpointProps extends CloudEndpointBase {
  readonly type: 'fabricOneLake';
  readonly workspaceName: string;
  readonly lakehouseName: string;
  /**
   * Where data lands in the lakehouse.
   * @default 'Tables'
   */
  readonly pathType?: 'Tables' | 'Files';
  /**
   * OneLake host.
   * @default 'https://onelake.dfs.fabric.microsoft.com'
   */
  readonly host?: string;
}

/** A cloud target. */
export type CloudEndpointProps =
  | EventHubsEndpointProps
  | EventGridEndpointProps
  | DataLakeEndpointProps
  | DataExplorerEndpointProps
  | FabricOneLakeEndpointProps;

/** A filter of a simple transformation. */
export interface DataflowFilterProps {
  readonly inputs: readonly string[];
  readonly expression: string;
}

/** A mapping of a simple transformation. */
export interface DataflowMapProps {
  readonly inputs: readonly string[];
  readonly output: string;
  readonly expression?: string;
}

/** One dataflow: a source, an optional simple transformation, a destination. */
export interface DataflowProps {
  /** Dataflow name (DNS-1123 label, 3 to 63 characters). */
  readonly name: string;
  readonly source: {
    /**
     * The source endpoint's name (the local broker or an Event Hubs / Event Grid endpoint).
     * @default - the local broker endpoint
     */
    readonly endpoint?: string;
    /** Topics (MQTT filters with `+`/`#` on the broker; event hub names on Event Hubs). */
    readonly dataSources: readonly string[];
    /** The Azure Device Registry asset the data comes from. */
    readonly assetRef?: string;
  };
  readonly destination: {
    /** The destination endpoint's name. */
    readonly endpoint: string;
    /** Topic, event hub, container or table. Event hubs and containers must be literal names. */
    readonly dataDestination: string;
  };
  /**
   * A simple transformation.
   * @default - pass-through
   */
  readonly transformation?: {
    readonly filter?: readonly DataflowFilterProps[];
    readonly map?: readonly DataflowMapProps[];
  };
}

/** AS-3: route an asset's tamper events or data points to an alert destination. */
export interface TamperSignalRouteProps {
  /** The asset's name (as in Azure Device Registry), recorded as the dataflow's `assetRef`. */
  readonly asset: string;
  /** MQTT topic (or filter) the asset's tamper events or data points are published to. */
  readonly topic: string;
  /** Where alerts go: an endpoint of this construct and its topic, event hub or table. */
  readonly destination: { readonly endpoint: string; readonly dataDestination: string };
}

/** Props of `ManagedIdentityDataflow`. */
export interface ManagedIdentityDataflowProps {
  /**
   * Namespace of the AIO instance.
   * @default 'azure-iot-operations'
   */
  readonly namespace?: string;
  /** The DataflowProfile. */
  readonly profile?: {
    /**
     * Profile name.
     * @default - the construct id
     */
    readonly name?: string;
    /**
     * Dataflow instances (1 to 20).
     * @default 1
     */
    readonly instanceCount?: number;
  };
  readonly identity: DataflowIdentityProps;
  readonly localBroker: LocalBrokerEndpointProps;
  readonly endpoints: readonly CloudEndpointProps[];
  readonly dataflows?: readonly DataflowProps[];
  /** Tamper-signal routes (AS-3), each planned as a dataflow named `<asset>-tamper`. */
  readonly tamperSignals?: readonly TamperSignalRouteProps[];
}

/** Options of `resolveManagedIdentityDataflow`. */
export interface ResolveOptions {
  /** Require literal `identity.clientId` and `identity.tenantId` (the Kubernetes manifest path). */
  readonly requireIdentityIds?: boolean;
}

/** An endpoint after validation, with its target's facts. */
export interface ResolvedCloudEndpoint {
  readonly props: CloudEndpointProps;
  readonly name: string;
  readonly type: CloudTargetType;
  readonly host: string;
  /** The documented token scope, where there is one. */
  readonly tokenScope?: string;
}

/** One data-plane role the identity needs. */
export interface ResolvedRoleAssignment {
  readonly endpoint: string;
  readonly direction: DataDirection;
  readonly role: BuiltInRole;
  /** The ARM id it is assigned on. */
  readonly scope: string;
}

/** `ManagedIdentityDataflow` props after validation and defaults. */
export interface ResolvedManagedIdentityDataflow {
  readonly id: string;
  readonly namespace: string;
  readonly profileName: string;
  readonly instanceCount: number;
  readonly identity: DataflowIdentityProps & { readonly schemaRegistry: boolean };
  readonly localEndpoint: { readonly name: string; readonly host: string; readonly trustBundle: string };
  readonly endpoints: readonly ResolvedCloudEndpoint[];
  readonly dataflows: readonly DataflowProps[];
  readonly roleAssignments: readonly ResolvedRoleAssignment[];
  /** What the deployment needs that the plan cannot do; also in the construct's output and docs. */
  readonly requirements: readonly string[];
}

/** Every default of `ManagedIdentityDataflow`, in one place. */
export const MANAGED_IDENTITY_DATAFLOW_DEFAULTS = {
  namespace: AIO.namespace,
  instanceCount: 1,
  localEndpointName: (id: string) => `${id}-local-broker`,
  localBrokerHost: (namespace: string) => `${AIO.defaultListener.serviceName}.${namespace}:${AIO.defaultListener.port}`,
  fabricHost: 'https://onelake.dfs.fabric.microsoft.com',
  fabricPathType: 'Tables' as const,
  /** Parameter of the OIDC issuer URL when `identity.oidcIssuerUrl` is not given. */
  oidcIssuerParameter: 'oidcIssuerUrl',
  federatedAudience: 'api://AzureADTokenExchange',
} as const;

/** The service accounts AIO's dataflows and schema registry run as (facts 5.1). */
export const DATAFLOW_SERVICE_ACCOUNTS = {
  dataflow: 'aio-dataflow',
  schemaRegistry: 'adr-schema-registry',
  /** The secret-sync service account: never federated on a dataflow identity. */
  secretSync: 'aio-ssc-sa',
} as const;

/**
 * The Azure Device Registry asset attribute (`spec.attributes` of the custom resource, ARM
 * `properties.attributes`; the same key in every form) by which an asset declares that it is
 * tamper-capable (AS-3): the names of its datasets or events that carry tamper signals, as one
 * comma-separated string (`"enclosure-open,case-tamper"`; a JSON array of names is read too).
 * The rule `tamper-signal-routed` checks that each of them is routed by a dataflow.
 */
export const TAMPER_SIGNALS_ATTRIBUTE = 'aio-secure/tamper-signals';

/**
 * Annotations of the planned identity that record the ids the props gave for it
 * (`identity.clientId`, `identity.tenantId`; the Kubernetes manifest path needs them). ARM keeps
 * them read-only, so they cannot be in the identity's spec; the annotations let the rules tie the
 * endpoints that carry these ids to the identity of the same deployment.
 */
export const IDENTITY_ID_ANNOTATIONS = {
  clientId: 'aio-secure/client-id',
  tenantId: 'aio-secure/tenant-id',
} as const;

/** The federated subject of a service account in a namespace. */
export function serviceAccountSubject(namespace: string, serviceAccount: string): string {
  return `system:serviceaccount:${namespace}:${serviceAccount}`;
}

/** Logical ids of the planned resources; they are API and never change. */
export const managedIdentityDataflowIds = {
  identity: (id: string) => `${id}/identity`,
  federatedCredential: (id: string, serviceAccount: string) => `${id}/identity/${serviceAccount}`,
  roleAssignment: (id: string, endpoint: string, direction: DataDirection, entity: string) => `${id}/role/${endpoint}/${direction}/${entity}`,
  profile: (id: string) => `${id}/profile`,
  endpoint: (id: string, name: string) => `${id}/endpoint/${name}`,
  dataflow: (id: string, name: string) => `${id}/dataflow/${name}`,
};

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IDENTITY_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$/;
const EVENT_HUB_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,254}$/;
const CONTAINER_NAME = /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/;
const EVENT_GRID_HOST = /^[a-z0-9-]+\.[a-z0-9-]+\.ts\.eventgrid\.azure\.net:\d+$/i;
const KUSTO_HOST = /^https:\/\/[a-z0-9-]+\.[a-z0-9-]+\.kusto\.windows\.net$/i;
const FABRIC_HOST = /^https:\/\/[a-z0-9.-]+\.fabric\.microsoft\.com$/i;
const TARGET_TYPES: readonly CloudTargetType[] = ['eventHubs', 'eventGrid', 'dataLake', 'dataExplorer', 'fabricOneLake'];

/** Validates `ManagedIdentityDataflow` props and applies every default. Throws for the first problem. */
export function resolveManagedIdentityDataflow(id: string, props: ManagedIdentityDataflowProps, options: ResolveOptions = {}): ResolvedManagedIdentityDataflow {
  const err = new PropErrors(CONSTRUCT, id);
  if (typeof id !== 'string' || !DNS_LABEL.test(id) || id.length < 3 || id.length > 40) {
    throw err.error('INVALID_PROP', 'id', 'is not a DNS-1123 label of 3 to 40 characters', id, 'Use lower-case letters, digits and "-", e.g. "plant-a-to-cloud"');
  }
  if (!props || typeof props !== 'object') throw err.error('MISSING_PROP', 'props', 'are missing', props, 'Pass identity, localBroker and endpoints');
  const namespace = props.namespace ?? MANAGED_IDENTITY_DATAFLOW_DEFAULTS.namespace;
  if (!DNS_LABEL.test(namespace)) throw err.error('INVALID_PROP', 'namespace', 'is not a valid namespace name', namespace, 'Use a DNS-1123 label such as "azure-iot-operations"');

  const profileName = props.profile?.name ?? id;
  checkName(err, 'profile.name', profileName);
  const instanceCount = props.profile?.instanceCount ?? MANAGED_IDENTITY_DATAFLOW_DEFAULTS.instanceCount;
  if (!Number.isInteger(instanceCount) || instanceCount < 1 || instanceCount > 20) {
    throw err.error('INVALID_PROP', 'profile.instanceCount', 'is not an integer from 1 to 20', instanceCount, 'AIO scales a dataflow profile to 1-20 instances');
  }

  const identity = resolveIdentity(err, props.identity, options);

  const lb = props.localBroker;
  if (!lb || typeof lb !== 'object') {
    throw err.error('MISSING_PROP', 'localBroker', 'is missing', lb, "Pass localBroker: { trustBundle: pki.trustBundle } so the dataflows trust the broker's certificate");
  }
  const trustBundle = typeof lb.trustBundle === 'string' ? lb.trustBundle : lb.trustBundle?.configMapName;
  if (typeof trustBundle !== 'string' || !DNS_LABEL.test(trustBundle)) {
    throw err.error('MISSING_PROP', 'localBroker.trustBundle', 'is not a trust bundle ConfigMap name', lb.trustBundle,
      "Pass EdgePki's trustBundle (or its configMapName); TLS to the broker needs the CA that signs its certificate");
  }
  const localEndpoint = {
    name: lb.name ?? MANAGED_IDENTITY_DATAFLOW_DEFAULTS.localEndpointName(id),
    host: lb.host ?? MANAGED_IDENTITY_DATAFLOW_DEFAULTS.localBrokerHost(namespace),
    trustBundle,
  };
  checkName(err, 'localBroker.name', localEndpoint.name);
  if (!/^[a-z0-9.-]+:\d{1,5}$/.test(localEndpoint.host)) {
    throw err.error('INVALID_PROP', 'localBroker.host', 'is not <host>:<port>', localEndpoint.host, `Use e.g. "${MANAGED_IDENTITY_DATAFLOW_DEFAULTS.localBrokerHost(namespace)}"`);
  }

  if (!Array.isArray(props.endpoints) || props.endpoints.length === 0) {
    throw err.error('MISSING_PROP', 'endpoints', 'is empty', props.endpoints, 'Declare at least one cloud endpoint, e.g. { type: "eventHubs", name: "telemetry-hub", namespaceResourceId: "/subscriptions/.../namespaces/plant-a" }');
  }
  const names = new Set<string>([localEndpoint.name]);
  const endpoints = props.endpoints.map((e, i) => {
    const r = resolveEndpoint(err, `endpoints[${i}]`, e);
    if (names.has(r.name)) throw err.error('DUPLICATE', `endpoints[${i}].name`, 'is used by another endpoint', r.name, 'Give every endpoint its own name');
    names.add(r.name);
    return r;
  });

  const tamperFlows: DataflowProps[] = (props.tamperSignals ?? []).map((t, i) => {
    const at = `tamperSignals[${i}]`;
    if (typeof t?.asset !== 'string' || t.asset === '') throw err.error('MISSING_PROP', `${at}.asset`, 'is missing', t?.asset, 'Name the asset whose tamper signals are routed');
    if (typeof t.topic !== 'string' || t.topic === '') throw err.error('MISSING_PROP', `${at}.topic`, 'is missing', t.topic, 'Give the MQTT topic the asset publishes its tamper events or data points to');
    return { name: `${t.asset}-tamper`, source: { dataSources: [t.topic], assetRef: t.asset }, destination: t.destination };
  });
  const dataflows = [...(props.dataflows ?? []), ...tamperFlows];
  if (dataflows.length === 0) throw err.error('MISSING_PROP', 'dataflows', 'is empty', props.dataflows, 'Declare at least one dataflow or tamper-signal route');

  const byName = new Map(endpoints.map((e) => [e.name, e]));
  const flowNames = new Set<string>();
  const roles = new Map<string, ResolvedRoleAssignment & { entity: string }>();
  const requirements: string[] = [
    `Assign the identity "${identity.name}" to the AIO instance (instance identity.userAssignedIdentities; ` +
      '`az iot ops identity assign --name <instance> --resource-group <group> --mi-user-assigned <identity resource id>`). ' +
      "The instance belongs to AIO's own deployment, so this plan does not change it; until it is assigned, the endpoints cannot get tokens.",
  ];
  if (identity.schemaRegistry) {
    requirements.push('Restart the schema registry pods (adr-schema-registry-0 and -1) after the identity is assigned, so they use its federated credential.');
  }

  dataflows.forEach((f, i) => {
    const fromTamper = i >= (props.dataflows ?? []).length;
    const at = fromTamper ? `tamperSignals[${i - (props.dataflows ?? []).length}]` : `dataflows[${i}]`;
    if (!f || typeof f !== 'object') throw err.error('INVALID_PROP', at, 'is not a dataflow', f, 'Give { name, source, destination }');
    checkName(err, fromTamper ? `${at}.asset` : `${at}.name`, f.name);
    if (flowNames.has(f.name)) throw err.error('DUPLICATE', `${at}.name`, 'is used by another dataflow', f.name, 'Give every dataflow its own name');
    flowNames.add(f.name);

    if (!fromTamper && (!Array.isArray(f.source?.dataSources) || f.source.dataSources.length === 0 || f.source.dataSources.some((s) => typeof s !== 'string' || s === ''))) {
      throw err.error('MISSING_PROP', `${at}.source.dataSources`, 'is empty', f.source?.dataSources, 'List the topics (or event hubs) to read');
    }
    const sourceName = f.source.endpoint ?? localEndpoint.name;
    const destName = f.destination?.endpoint;
    const destAt = fromTamper ? `${at}.destination` : `${at}.destination`;
    if (typeof destName !== 'string' || (!byName.has(destName) && destName !== localEndpoint.name)) {
      throw err.error('INVALID_PROP', `${destAt}.endpoint`, 'is not an endpoint of this construct', destName, `Use one of ${[localEndpoint.name, ...byName.keys()].map((n) => `"${n}"`).join(', ')}`);
    }
    if (sourceName !== localEndpoint.name && !byName.has(sourceName)) {
      throw err.error('INVALID_PROP', `${at}.source.endpoint`, 'is not an endpoint of this construct', sourceName, `Use one of ${[localEndpoint.name, ...byName.keys()].map((n) => `"${n}"`).join(', ')}`);
    }
    if (sourceName === destName) throw err.error('INVALID_PROP', `${destAt}.endpoint`, 'is the source endpoint too', destName, 'A dataflow moves data between two endpoints');
    if (typeof f.destination.dataDestination !== 'string' || f.destination.dataDestination === '') {
      throw err.error('MISSING_PROP', `${destAt}.dataDestination`, 'is missing', f.destination.dataDestination, 'Name the topic, event hub, container or table');
    }

    const source = byName.get(sourceName);
    if (source) {
      if (source.type !== 'eventHubs' && source.type !== 'eventGrid') {
        throw err.error('INVALID_PROP', `${at}.source.endpoint`, `is a ${source.type} endpoint, which cannot be a dataflow source`, sourceName, 'Read from the local broker, Event Hubs or Event Grid');
      }
      f.source.dataSources.forEach((s, j) => addRole(err, roles, id, source, 'receive', s, `${at}.source.dataSources[${j}]`));
    }
    const dest = byName.get(destName);
    if (dest) {
      addRole(err, roles, id, dest, 'send', f.destination.dataDestination, `${destAt}.dataDestination`);
      if (dest.type === 'dataExplorer') {
        const p = dest.props as DataExplorerEndpointProps;
        const req = `Give the identity "${identity.name}" the Ingestor role on database "${p.database}" of ${dest.host} ` +
          '(a Kusto database principal assignment, Microsoft.Kusto/clusters/databases/principalAssignments with role Ingestor and principalType App, ' +
          "or `.add database ['<database>'] ingestors ('aadapp=<client id>;<tenant id>')`). It is not an Azure RBAC role, so this plan does not create it.";
        if (!requirements.includes(req)) requirements.push(req);
      }
      if (dest.type === 'fabricOneLake') {
        const p = dest.props as FabricOneLakeEndpointProps;
        const req = `Give the identity "${identity.name}" the Contributor role in the Fabric workspace "${p.workspaceName}" (Manage access in Fabric). ` +
          'Fabric workspace roles are not Azure resources, so this plan does not create it.';
        if (!requirements.includes(req)) requirements.push(req);
      }
    }
  });

  return {
    id,
    namespace,
    profileName,
    instanceCount,
    identity,
    localEndpoint,
    endpoints,
    dataflows,
    roleAssignments: [...roles.values()],
    requirements,
  };
}

function checkName(err: PropErrors, path: string, name: unknown): void {
  if (typeof name !== 'string' || !DNS_LABEL.test(name) || name.length < 3 || name.length > 63) {
    throw err.error('INVALID_PROP', path, 'is not a DNS-1123 label of 3 to 63 characters', name, 'Use lower-case letters, digits and "-"');
  }
}

function resolveIdentity(err: PropErrors, identity: DataflowIdentityProps | undefined, options: ResolveOptions): ResolvedManagedIdentityDataflow['identity'] {
  if (!identity || typeof identity !== 'object') {
    throw err.error('MISSING_PROP', 'identity', 'is missing', identity, 'Pass identity: { name } for a dedicated user-assigned identity (never the secret-sync one)');
  }
  if (typeof identity.name !== 'string' || !IDENTITY_NAME.test(identity.name)) {
    throw err.error('INVALID_PROP', 'identity.name', 'is not a managed identity name of 3 to 128 letters, digits, "-" or "_"', identity.name, 'Use e.g. "plant-a-dataflow-identity"');
  }
  if (options.requireIdentityIds) {
    const missing = (['clientId', 'tenantId'] as const).filter((k) => identity[k] === undefined);
    if (missing.length) {
      throw err.error('MISSING_PROP', missing.map((k) => `identity.${k}`).join(' and '), `${missing.length > 1 ? 'are' : 'is'} missing`, NO_VALUE,
        `The Kubernetes manifests carry the identity's ids; pass ${missing.map((k) => `identity.${k}`).join(' and ')} ` +
        `(az identity show --name ${identity.name} --resource-group <group> --query "{clientId: clientId, tenantId: tenantId}"), ` +
        'or deploy through aio-secure/pulumi or the ARM template, which reference the planned identity');
    }
  }
  for (const k of ['clientId', 'tenantId'] as const) {
    const v = identity[k];
    if (v !== undefined && (typeof v !== 'string' || !GUID.test(v))) {
      throw err.error('INVALID_PROP', `identity.${k}`, 'is not a GUID', v, `Use the identity's ${k} as az identity show prints it`);
    }
  }
  if (identity.oidcIssuerUrl !== undefined && (typeof identity.oidcIssuerUrl !== 'string' || !/^https:\/\/\S+$/.test(identity.oidcIssuerUrl))) {
    throw err.error('INVALID_PROP', 'identity.oidcIssuerUrl', 'is not an https URL', identity.oidcIssuerUrl,
      'Use the connected cluster\'s oidcIssuerProfile.issuerUrl (az connectedk8s show --query oidcIssuerProfile.issuerUrl)');
  }
  return { ...identity, schemaRegistry: identity.schemaRegistry ?? false };
}

function resolveEndpoint(err: PropErrors, at: string, e: CloudEndpointProps): ResolvedCloudEndpoint {
  if (!e || typeof e !== 'object' || !TARGET_TYPES.includes(e.type)) {
    throw err.error('INVALID_PROP', `${at}.type`, 'is not a cloud target type', (e as { type?: unknown } | undefined)?.type, `Use one of ${TARGET_TYPES.map((t) => `"${t}"`).join(', ')}`);
  }
  checkName(err, `${at}.name`, e.name);
  let host: string;
  switch (e.type) {
    case 'eventHubs': {
      const ns = armId(err, `${at}.namespaceResourceId`, e.namespaceResourceId, 'microsoft.eventhub/namespaces', '/subscriptions/<sub>/resourceGroups/<group>/providers/Microsoft.EventHub/namespaces/<namespace>');
      host = `${ns.names[0].toLowerCase()}.servicebus.windows.net:9093`;
      break;
    }
    case 'eventGrid':
      if (typeof e.host !== 'string' || !EVENT_GRID_HOST.test(e.host)) {
        throw err.error('INVALID_PROP', `${at}.host`, 'is not an Event Grid MQTT host and port', e.host, 'Use "<namespace>.<region>-1.ts.eventgrid.azure.net:8883"');
      }
      host = e.host;
      armId(err, `${at}.scopeResourceId`, e.scopeResourceId, ['microsoft.eventgrid/namespaces', 'microsoft.eventgrid/namespaces/topicspaces'],
        '/subscriptions/<sub>/resourceGroups/<group>/providers/Microsoft.EventGrid/namespaces/<namespace>[/topicSpaces/<topic space>]');
      break;
    case 'dataLake': {
      const acct = armId(err, `${at}.storageAccountResourceId`, e.storageAccountResourceId, 'microsoft.storage/storageaccounts', '/subscriptions/<sub>/resourceGroups/<group>/providers/Microsoft.Storage/storageAccounts/<account>');
      host = `https://${acct.names[0].toLowerCase()}.blob.core.windows.net`;
      break;
    }
    case 'dataExplorer':
      if (typeof e.host !== 'string' || !KUSTO_HOST.test(e.host)) {
        throw err.error('INVALID_PROP', `${at}.host`, 'is not an Azure Data Explorer host', e.host, 'Use "https://<cluster>.<region>.kusto.windows.net"');
      }
      if (typeof e.database !== 'string' || e.database === '') throw err.error('MISSING_PROP', `${at}.database`, 'is missing', e.database, 'Name the database to ingest into');
      host = e.host;
      break;
    case 'fabricOneLake':
      host = e.host ?? MANAGED_IDENTITY_DATAFLOW_DEFAULTS.fabricHost;
      if (!FABRIC_HOST.test(host)) throw err.error('INVALID_PROP', `${at}.host`, 'is not a Fabric host', host, `Use "${MANAGED_IDENTITY_DATAFLOW_DEFAULTS.fabricHost}"`);
      for (const k of ['workspaceName', 'lakehouseName'] as const) {
        if (typeof e[k] !== 'string' || e[k] === '') throw err.error('MISSING_PROP', `${at}.${k}`, 'is missing', e[k], 'Name the Fabric workspace and lakehouse');
      }
      if (e.pathType !== undefined && e.pathType !== 'Tables' && e.pathType !== 'Files') {
        throw err.error('INVALID_PROP', `${at}.pathType`, 'is neither "Tables" nor "Files"', e.pathType, 'Use "Tables" or "Files"');
      }
      break;
  }
  const tokenScope = defaultTokenScope(e.type, host);
  return { props: e, name: e.name, type: e.type, host, ...(tokenScope ? { tokenScope } : {}) };
}

function armId(err: PropErrors, path: string, value: unknown, types: string | readonly string[], example: string) {
  const parsed = typeof value === 'string' ? parseArmResourceId(value) : undefined;
  const allowed = typeof types === 'string' ? [types] : types;
  if (!parsed || !parsed.type || !allowed.includes(parsed.type)) {
    throw err.error('INVALID_PROP', path, 'is not the ARM resource id it should be', value, `Use "${example}"`);
  }
  return parsed;
}

/** Adds the role one direction of one entity needs (none for ADX and Fabric, whose roles are not ARM). */
function addRole(
  err: PropErrors,
  roles: Map<string, ResolvedRoleAssignment & { entity: string }>,
  id: string,
  e: ResolvedCloudEndpoint,
  direction: DataDirection,
  entity: string,
  path: string,
): void {
  const role = dataRoleFor(e.type, direction);
  if (!role) return;
  let scope: string;
  let entityName: string;
  switch (e.type) {
    case 'eventHubs':
      if (!EVENT_HUB_NAME.test(entity)) {
        throw err.error('INVALID_PROP', path, 'is not a literal event hub name', entity,
          'Name the event hub; the identity gets its role on that event hub only, never on the whole namespace');
      }
      scope = `${trimSlash((e.props as EventHubsEndpointProps).namespaceResourceId)}/eventhubs/${entity}`;
      entityName = entity;
      break;
    case 'dataLake':
      if (!CONTAINER_NAME.test(entity)) {
        throw err.error('INVALID_PROP', path, 'is not a literal container name', entity,
          'Name the container (3-63 lower-case letters, digits, "-"); the identity gets its role on that container only, never on the whole account');
      }
      scope = `${trimSlash((e.props as DataLakeEndpointProps).storageAccountResourceId)}/blobServices/default/containers/${entity}`;
      entityName = entity;
      break;
    case 'eventGrid':
      scope = trimSlash((e.props as EventGridEndpointProps).scopeResourceId);
      entityName = scope.split('/').pop()!;
      break;
    default:
      return;
  }
  const key = `${e.name}\u0000${direction}\u0000${scope.toLowerCase()}`;
  if (!roles.has(key)) roles.set(key, { endpoint: e.name, direction, role, scope, entity: entityName });
  void id;
}

function trimSlash(s: string): string {
  return s.replace(/\/+$/, '');
}

/** The planned resources: the Azure side first, then the AIO resources. */
export function planManagedIdentityDataflow(r: ResolvedManagedIdentityDataflow): Resource[] {
  const identityId = managedIdentityDataflowIds.identity(r.id);
  const resources: Resource[] = [];

  const knownIds = Object.fromEntries((['clientId', 'tenantId'] as const).filter((k) => r.identity[k]).map((k) => [IDENTITY_ID_ANNOTATIONS[k], r.identity[k]!]));
  const identity = planAzureResource({
    id: identityId,
    armType: 'Microsoft.ManagedIdentity/userAssignedIdentities',
    name: r.identity.name,
    spec: { ...(r.identity.location ? { location: r.identity.location } : {}), tags: { 'aio-secure-purpose': 'dataflow' } },
  });
  resources.push(Object.keys(knownIds).length ? { ...identity, annotations: knownIds } : identity);

  const accounts = [DATAFLOW_SERVICE_ACCOUNTS.dataflow, ...(r.identity.schemaRegistry ? [DATAFLOW_SERVICE_ACCOUNTS.schemaRegistry] : [])];
  for (const sa of accounts) {
    const issuerRef: ResourceReference[] = r.identity.oidcIssuerUrl
      ? []
      : [{ pointer: '/spec/properties/issuer', parameter: MANAGED_IDENTITY_DATAFLOW_DEFAULTS.oidcIssuerParameter, description: "The connected cluster's OIDC issuer URL (oidcIssuerProfile.issuerUrl)" }];
    resources.push(planAzureResource({
      id: managedIdentityDataflowIds.federatedCredential(r.id, sa),
      armType: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials',
      name: sa,
      parentName: r.identity.name,
      spec: {
        properties: {
          issuer: r.identity.oidcIssuerUrl ?? referencePlaceholder({ parameter: MANAGED_IDENTITY_DATAFLOW_DEFAULTS.oidcIssuerParameter }),
          subject: serviceAccountSubject(r.namespace, sa),
          audiences: [MANAGED_IDENTITY_DATAFLOW_DEFAULTS.federatedAudience],
        },
      },
      references: issuerRef,
    }));
  }

  for (const a of r.roleAssignments) {
    const entity = a.scope.split('/').pop()!;
    resources.push(planAzureResource({
      id: managedIdentityDataflowIds.roleAssignment(r.id, a.endpoint, a.direction, entity),
      armType: 'Microsoft.Authorization/roleAssignments',
      name: stableGuid(a.scope.toLowerCase(), a.role.id, identityId),
      spec: {
        scope: a.scope,
        properties: {
          roleDefinitionId: roleDefinitionPath(a.role),
          principalId: referencePlaceholder({ resource: identityId, attribute: 'principalId' }),
          principalType: 'ServicePrincipal',
        },
      },
      references: [{ pointer: '/spec/properties/principalId', resource: identityId, attribute: 'principalId' }],
    }));
  }

  const aio = (kind: string, armType: string) => ({ group: K8S.connectivity.group, version: K8S.connectivity.version, kind, namespace: r.namespace, armType });

  resources.push({
    ...aio('DataflowProfile', ARM_TYPES.dataflowProfile),
    id: managedIdentityDataflowIds.profile(r.id),
    name: r.profileName,
    spec: { instanceCount: r.instanceCount },
  });

  resources.push({
    ...aio('DataflowEndpoint', ARM_TYPES.dataflowEndpoint),
    id: managedIdentityDataflowIds.endpoint(r.id, r.localEndpoint.name),
    name: r.localEndpoint.name,
    spec: {
      endpointType: 'Mqtt',
      mqttSettings: {
        host: r.localEndpoint.host,
        authentication: { method: 'ServiceAccountToken', serviceAccountTokenSettings: { audience: AIO.internalAudience } },
        tls: { mode: 'Enabled', trustedCaCertificateConfigMapRef: r.localEndpoint.trustBundle },
      },
    },
  });

  for (const e of r.endpoints) {
    const { spec, references } = endpointSpec(r, e, identityId);
    resources.push({
      ...aio('DataflowEndpoint', ARM_TYPES.dataflowEndpoint),
      id: managedIdentityDataflowIds.endpoint(r.id, e.name),
      name: e.name,
      spec,
      ...(references.length ? { references } : {}),
    });
  }

  for (const f of r.dataflows) {
    const operations: JsonObject[] = [{
      operationType: 'Source',
      sourceSettings: {
        endpointRef: f.source.endpoint ?? r.localEndpoint.name,
        dataSources: [...f.source.dataSources],
        ...(f.source.assetRef ? { assetRef: f.source.assetRef } : {}),
      },
    }];
    const t = f.transformation;
    if (t && ((t.filter?.length ?? 0) > 0 || (t.map?.length ?? 0) > 0)) {
      operations.push({
        operationType: 'BuiltInTransformation',
        builtInTransformationSettings: {
          ...(t.filter?.length ? { filter: t.filter.map((x) => ({ type: 'Filter', inputs: [...x.inputs], expression: x.expression })) } : {}),
          ...(t.map?.length ? { map: t.map.map((x) => ({ inputs: [...x.inputs], output: x.output, ...(x.expression ? { expression: x.expression } : {}) })) } : {}),
        },
      });
    }
    operations.push({ operationType: 'Destination', destinationSettings: { endpointRef: f.destination.endpoint, dataDestination: f.destination.dataDestination } });
    resources.push({
      ...aio('Dataflow', ARM_TYPES.dataflow),
      id: managedIdentityDataflowIds.dataflow(r.id, f.name),
      name: f.name,
      parent: { kind: 'DataflowProfile', name: r.profileName, namespace: r.namespace },
      spec: { mode: 'Enabled', operations },
    });
  }
  return resources;
}

const SETTINGS: Record<CloudTargetType, string> = {
  eventHubs: 'kafkaSettings',
  eventGrid: 'mqttSettings',
  dataLake: 'dataLakeStorageSettings',
  dataExplorer: 'dataExplorerSettings',
  fabricOneLake: 'fabricOneLakeSettings',
};

const ENDPOINT_TYPE: Record<CloudTargetType, string> = {
  eventHubs: 'Kafka',
  eventGrid: 'Mqtt',
  dataLake: 'DataLakeStorage',
  dataExplorer: 'DataExplorer',
  fabricOneLake: 'FabricOneLake',
};

function endpointSpec(r: ResolvedManagedIdentityDataflow, e: ResolvedCloudEndpoint, identityId: string): { spec: JsonObject; references: ResourceReference[] } {
  const key = SETTINGS[e.type];
  const base = `/spec/${key}/authentication/userAssignedManagedIdentitySettings`;
  const references: ResourceReference[] = [];
  const idValue = (attribute: 'clientId' | 'tenantId'): string => {
    const literal = r.identity[attribute];
    if (literal) return literal;
    references.push({ pointer: `${base}/${attribute}`, resource: identityId, attribute });
    return referencePlaceholder({ resource: identityId, attribute });
  };
  const authentication: JsonObject = {
    method: 'UserAssignedManagedIdentity',
    userAssignedManagedIdentitySettings: {
      clientId: idValue('clientId'),
      tenantId: idValue('tenantId'),
      ...(e.tokenScope ? { scope: e.tokenScope } : {}),
    },
  };
  let settings: JsonObject;
  switch (e.type) {
    case 'eventHubs':
      settings = { host: e.host, authentication, tls: { mode: 'Enabled' } };
      break;
    case 'eventGrid':
      settings = { host: e.host, authentication, tls: { mode: 'Enabled' } };
      break;
    case 'dataLake':
      settings = { host: e.host, authentication };
      break;
    case 'dataExplorer':
      settings = { host: e.host, database: (e.props as DataExplorerEndpointProps).database, authentication };
      break;
    case 'fabricOneLake': {
      const p = e.props as FabricOneLakeEndpointProps;
      settings = {
        host: e.host,
        names: { workspaceName: p.workspaceName, lakehouseName: p.lakehouseName },
        oneLakePathType: p.pathType ?? MANAGED_IDENTITY_DATAFLOW_DEFAULTS.fabricPathType,
        authentication,
      };
      break;
    }
  }
  return { spec: { endpointType: ENDPOINT_TYPE[e.type], [key]: settings }, references };
}
