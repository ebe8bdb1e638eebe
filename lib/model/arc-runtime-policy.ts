/**
 * ArcRuntimePolicy (ED-1): controlled updates of the edge runtime.
 *
 * - The Arc extensions AIO runs on (AIO itself, the Secret Store, certificate management) pinned
 *   to one verified release (`AIO_RELEASE` in versions.ts): `autoUpgradeMinorVersion: false`, an
 *   explicit `version`, `releaseTrain: stable` (facts 4.1).
 * - The connected cluster's settings, as requirements, not as a resource. A
 *   `Microsoft.Kubernetes/connectedClusters` PUT needs `agentPublicKeyCertificate` (Required in
 *   the ARM type), which only `az connectedk8s connect` has; AIO's own templates treat the cluster
 *   as `existing` for that reason. And the pinned api-version (2024-01-01) has no
 *   `oidcIssuerProfile` or `securityProfile`. So ArcRuntimePolicy states what the cluster must
 *   have (auto-upgrade off in production, the desired agent version, OIDC issuer and workload
 *   identity) with the `az connectedk8s` command that sets it, and the rule
 *   `arc-agent-auto-upgrade-disabled` checks exported cluster resources.
 * - The AIO extension's configuration settings, merged from what other constructs contribute
 *   (OPC UA PKI from OpcUaTrust, observability from EdgeObservability); two contributions that
 *   set one key to different values are an error.
 *
 * Extensions are deployed at the connected cluster (`spec.scope`): its resource id when the
 * props give it, else the deployment parameter `connectedClusterId`.
 */
import { AIO } from './aio';
import { planAzureResource, referencePlaceholder } from './azure';
import { NO_VALUE, PropErrors } from './errors';
import type { JsonObject, Resource, ResourceReference, Waiver } from './resource';
import type { OptOut } from './secure-broker';
import { waiverProblem } from './waiver';
import { AIO_RELEASE, ARC_EXTENSION_TYPES } from './versions';
import type { GuidanceId } from '../guidance/catalogue';

const CONSTRUCT = 'ArcRuntimePolicy';

/** Which reading of the guidance applies. */
export type RuntimeProfile = 'development' | 'production';

/** The deployment parameter that names the connected cluster when no `clusterId` is given. */
export const CONNECTED_CLUSTER_PARAMETER = 'connectedClusterId';

const CLUSTER_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Kubernetes\/connectedClusters\/[^/]+$/i;
const VERSION = /^\d+\.\d+\.\d+$/;

/** Where cluster extensions go: the cluster's resource id, or a parameter reference to it. */
export interface ClusterScope {
  /** The value of `spec.scope`. */
  readonly value: string;
  /** The reference behind it, when the id is a deployment parameter. */
  readonly reference?: ResourceReference;
}

/**
 * The scope of an extension on the connected cluster: the literal id, or the `connectedClusterId`
 * parameter. Validates a given id.
 */
export function connectedClusterScope(err: PropErrors, clusterId: string | undefined, propPath = 'clusterId'): ClusterScope {
  if (clusterId === undefined) {
    const reference: ResourceReference = {
      pointer: '/spec/scope',
      parameter: CONNECTED_CLUSTER_PARAMETER,
      description: 'Resource id of the Arc-enabled cluster (Microsoft.Kubernetes/connectedClusters) the extensions are installed on.',
    };
    return { value: referencePlaceholder({ parameter: CONNECTED_CLUSTER_PARAMETER }), reference };
  }
  if (typeof clusterId !== 'string' || !CLUSTER_ID.test(clusterId)) {
    throw err.error('INVALID_PROP', propPath, 'is not a connected cluster resource id', clusterId,
      'Give /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Kubernetes/connectedClusters/<name>, or leave it out to take it as the deployment parameter connectedClusterId');
  }
  return { value: clusterId };
}

/** Configuration settings another construct needs on the AIO Arc extension. */
export interface ExtensionSettingsContribution {
  /** Who contributes them, for error messages (e.g. `OpcUaTrust "plant-a"`). */
  readonly source: string;
  /** Setting name -> value, as the extension takes them (strings). */
  readonly settings: Readonly<Record<string, string>>;
}

/** Versions of the pinned extensions. */
export interface ArcExtensionVersions {
  /** @default AIO_RELEASE.iotOperations */
  readonly iotOperations?: string;
  /** @default AIO_RELEASE.secretStore */
  readonly secretStore?: string;
  /** @default AIO_RELEASE.certManagement */
  readonly certManagement?: string;
}

/** Props of ArcRuntimePolicy. */
export interface ArcRuntimePolicyProps {
  /**
   * `production` requires Arc agent auto-upgrade off; `development` leaves the agents as they are.
   * @default 'production'
   */
  readonly profile?: RuntimeProfile;
  /**
   * Resource id of the connected cluster.
   * @default - the deployment parameter `connectedClusterId`
   */
  readonly clusterId?: string;
  /**
   * Arc agent version the cluster should run (`desiredAgentVersion`, `x.y.z`); upgrade with
   * `az connectedk8s upgrade --agent-version`.
   * @default - no desired version is required
   */
  readonly agentVersion?: string;
  /**
   * Extension versions, when a staging cluster has validated other ones.
   * @default - the versions of `AIO_RELEASE`
   */
  readonly versions?: ArcExtensionVersions;
  /**
   * Namespace AIO is installed in.
   * @default 'azure-iot-operations'
   */
  readonly namespace?: string;
  /**
   * Install the certificate management extension (cert-manager and trust-manager). Leave it out
   * when you run your own cert-manager (AIO installs it only for self-signed trust, facts 2.2).
   * @default true
   */
  readonly installCertManagement?: boolean;
  /**
   * AIO extension settings other constructs contribute (OpcUaTrust's `extensionSettings`,
   * EdgeObservability's `extensionSettings`).
   * @default []
   */
  readonly extensionSettings?: readonly ExtensionSettingsContribution[];
  /**
   * Production only: keep Arc agent auto-upgrade on. Recorded as a waiver of
   * `arc-agent-auto-upgrade-disabled`.
   * @default - auto-upgrade must be off
   */
  readonly allowAgentAutoUpgrade?: OptOut;
}

/** One setting the connected cluster must have; ArcRuntimePolicy cannot set it (see the module comment). */
export interface ConnectedClusterRequirement {
  /** JSON pointer into the cluster resource, e.g. `/properties/arcAgentProfile/agentAutoUpgrade`. */
  readonly setting: string;
  readonly value: string | boolean;
  readonly guidance: GuidanceId;
  /** Why it is needed. */
  readonly why: string;
  /** The command that sets it. */
  readonly command: string;
}

/** Resolved props. */
export interface ResolvedArcRuntimePolicy {
  readonly id: string;
  readonly profile: RuntimeProfile;
  readonly scope: ClusterScope;
  readonly namespace: string;
  readonly versions: Required<ArcExtensionVersions>;
  readonly installCertManagement: boolean;
  readonly agentVersion?: string;
  /** The AIO extension's settings after merging. */
  readonly configurationSettings: Readonly<Record<string, string>>;
  readonly requirements: readonly ConnectedClusterRequirement[];
  /** Waivers the opt-outs give; pass them to the checker (they name the connected cluster). */
  readonly waivers: readonly Waiver[];
}

/** Names of the extension resources (the AIO release templates' names). */
export const ARC_EXTENSION_NAMES = {
  iotOperations: 'azure-iot-operations',
  secretStore: 'azure-secret-store',
  certManagement: 'cert-manager',
} as const;

/** Validates the props and applies the defaults. */
export function resolveArcRuntimePolicy(id: string, props: ArcRuntimePolicyProps = {}): ResolvedArcRuntimePolicy {
  const err = new PropErrors(CONSTRUCT, id);
  const profile = props.profile ?? 'production';
  if (profile !== 'production' && profile !== 'development') {
    throw err.error('INVALID_PROP', 'profile', 'is not a profile', profile, 'Use "production" or "development"');
  }
  const scope = connectedClusterScope(err, props.clusterId);
  const versions = {
    iotOperations: props.versions?.iotOperations ?? AIO_RELEASE.iotOperations,
    secretStore: props.versions?.secretStore ?? AIO_RELEASE.secretStore,
    certManagement: props.versions?.certManagement ?? AIO_RELEASE.certManagement,
  };
  for (const [k, v] of Object.entries(versions)) {
    if (typeof v !== 'string' || !VERSION.test(v)) {
      throw err.error('INVALID_PROP', `versions.${k}`, 'is not a pinned version', v, 'Give an exact version x.y.z (no ranges, no "latest")', 'ED-1');
    }
  }
  if (props.agentVersion !== undefined && (typeof props.agentVersion !== 'string' || !VERSION.test(props.agentVersion))) {
    throw err.error('INVALID_PROP', 'agentVersion', 'is not an Arc agent version', props.agentVersion, 'Give the exact version x.y.z, as az connectedk8s upgrade --agent-version takes it', 'ED-1');
  }
  if (props.allowAgentAutoUpgrade !== undefined) {
    if (profile !== 'production') {
      throw err.error('INVALID_PROP', 'allowAgentAutoUpgrade', 'only applies to the production profile', NO_VALUE, 'Remove it: development does not turn auto-upgrade off');
    }
    const problem = waiverProblem(props.allowAgentAutoUpgrade);
    if (problem) {
      const [field, what, fix] = problem;
      throw err.error('INVALID_WAIVER', `allowAgentAutoUpgrade.${field}`, what, (props.allowAgentAutoUpgrade as unknown as Record<string, unknown>)?.[field], fix);
    }
  }
  const namespace = props.namespace ?? AIO.namespace;
  const configurationSettings = mergeExtensionSettings(err, namespace, props.extensionSettings ?? []);

  const requirements: ConnectedClusterRequirement[] = [];
  const clusterArgs = '-n <cluster> -g <resource-group>';
  if (profile === 'production' && !props.allowAgentAutoUpgrade) {
    requirements.push({
      setting: '/properties/arcAgentProfile/agentAutoUpgrade', value: 'Disabled', guidance: 'ED-1',
      why: 'Arc agents are upgraded when you have tested the new version on a staging cluster, not when Azure releases it.',
      command: `az connectedk8s update ${clusterArgs} --auto-upgrade false`,
    });
  }
  if (props.agentVersion) {
    requirements.push({
      setting: '/properties/arcAgentProfile/desiredAgentVersion', value: props.agentVersion, guidance: 'ED-1',
      why: 'The agent version validated on the staging cluster.',
      command: `az connectedk8s upgrade ${clusterArgs} --agent-version ${props.agentVersion}`,
    });
  }
  requirements.push(
    {
      setting: '/properties/oidcIssuerProfile/enabled', value: true, guidance: 'AS-1',
      why: 'Federated credentials of the secret sync and dataflow identities trust tokens from the cluster\'s OIDC issuer.',
      command: `az connectedk8s update ${clusterArgs} --enable-oidc-issuer --enable-workload-identity`,
    },
    {
      setting: '/properties/securityProfile/workloadIdentity/enabled', value: true, guidance: 'AS-1',
      why: 'Workload identity lets AIO service accounts use managed identities without secrets.',
      command: `az connectedk8s update ${clusterArgs} --enable-oidc-issuer --enable-workload-identity`,
    },
  );
  const waivers: Waiver[] = props.allowAgentAutoUpgrade
    ? [{
      rule: 'arc-agent-auto-upgrade-disabled',
      target: props.clusterId ? `connectedClusters/${props.clusterId.split('/').pop()}` : 'connectedClusters/*',
      reason: props.allowAgentAutoUpgrade.reason,
      owner: props.allowAgentAutoUpgrade.owner,
      expires: props.allowAgentAutoUpgrade.expires,
    }]
    : [];

  return {
    id, profile, scope, namespace, versions,
    installCertManagement: props.installCertManagement ?? true,
    ...(props.agentVersion ? { agentVersion: props.agentVersion } : {}),
    configurationSettings, requirements, waivers,
  };
}

/** The AIO extension settings that do not depend on other constructs (the release template's MQTT settings, facts 1). */
export function baseAioExtensionSettings(namespace: string): Record<string, string> {
  return {
    'connectors.values.mqttBroker.address': `mqtts://${AIO.defaultListener.serviceName}.${namespace}:${AIO.defaultListener.port}`,
    'connectors.values.mqttBroker.serviceAccountTokenAudience': AIO.internalAudience,
  };
}

/**
 * Merges contributed settings over the base ones. The same key with the same value is fine; the
 * same key with different values is an error naming both sources.
 */
export function mergeExtensionSettings(err: PropErrors, namespace: string, contributions: readonly ExtensionSettingsContribution[]): Record<string, string> {
  const merged = new Map<string, { value: string; source: string }>(
    Object.entries(baseAioExtensionSettings(namespace)).map(([k, v]) => [k, { value: v, source: CONSTRUCT }]),
  );
  if (!Array.isArray(contributions)) {
    throw err.error('INVALID_PROP', 'extensionSettings', 'is not a list', contributions, 'Give a list of { source, settings } records');
  }
  contributions.forEach((c, i) => {
    for (const [key, value] of Object.entries(c?.settings ?? {})) {
      const path = `extensionSettings[${i}].settings["${key}"]`;
      if (typeof value !== 'string') {
        throw err.error('INVALID_PROP', path, 'is not a string', value, 'Arc extension settings are strings: write "true", "2048"');
      }
      const before = merged.get(key);
      if (before && before.value !== value) {
        throw err.error('INVALID_PROP', path, `from ${c.source} conflicts with ${JSON.stringify(before.value)} from ${before.source}`, value,
          'Each setting takes one value: make the constructs agree, or leave the setting to one of them');
      }
      merged.set(key, { value, source: c.source });
    }
  });
  return Object.fromEntries([...merged].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, v.value]));
}

/** One pinned extension on the connected cluster. */
export function pinnedExtension(p: {
  id: string; name: string; extensionType: string; version: string; scope: ClusterScope;
  releaseNamespace?: string; identity?: boolean; configurationSettings?: Readonly<Record<string, string>>;
}): Resource {
  const properties: JsonObject = {
    extensionType: p.extensionType,
    autoUpgradeMinorVersion: false,
    releaseTrain: 'stable',
    version: p.version,
  };
  if (p.releaseNamespace) properties.scope = { cluster: { releaseNamespace: p.releaseNamespace } };
  if (p.configurationSettings && Object.keys(p.configurationSettings).length) properties.configurationSettings = { ...p.configurationSettings };
  return clusterExtension({ id: p.id, name: p.name, scope: p.scope, properties, identity: p.identity });
}

/** An extension on the connected cluster with the given properties. */
export function clusterExtension(p: { id: string; name: string; scope: ClusterScope; properties: JsonObject; identity?: boolean }): Resource {
  return planAzureResource({
    id: p.id,
    armType: 'Microsoft.KubernetesConfiguration/extensions',
    name: p.name,
    spec: {
      ...(p.identity ? { identity: { type: 'SystemAssigned' } } : {}),
      properties: p.properties,
      scope: p.scope.value,
    },
    ...(p.scope.reference ? { references: [p.scope.reference] } : {}),
  });
}

/** The pinned extensions: AIO, Secret Store and (unless left out) certificate management. */
export function planArcRuntimePolicy(r: ResolvedArcRuntimePolicy): Resource[] {
  const out: Resource[] = [
    pinnedExtension({
      id: `${r.id}/extension/iot-operations`, name: ARC_EXTENSION_NAMES.iotOperations, extensionType: ARC_EXTENSION_TYPES.iotOperations,
      version: r.versions.iotOperations, scope: r.scope, releaseNamespace: r.namespace, identity: true, configurationSettings: r.configurationSettings,
    }),
    pinnedExtension({
      id: `${r.id}/extension/secret-store`, name: ARC_EXTENSION_NAMES.secretStore, extensionType: ARC_EXTENSION_TYPES.secretStore,
      version: r.versions.secretStore, scope: r.scope, identity: true,
      // facts 2.1 (AIO 2510 enablement template).
      configurationSettings: { rotationPollIntervalInSeconds: '120', 'validatingAdmissionPolicies.applyPolicies': 'false' },
    }),
  ];
  if (r.installCertManagement) {
    out.push(pinnedExtension({
      id: `${r.id}/extension/cert-management`, name: ARC_EXTENSION_NAMES.certManagement, extensionType: ARC_EXTENSION_TYPES.certManagement,
      version: r.versions.certManagement, scope: r.scope, releaseNamespace: 'cert-manager',
    }));
  }
  return out;
}
