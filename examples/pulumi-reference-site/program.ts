/**
 * The reference site as a Pulumi program: the same deployment of one plant as `../reference-site`
 * (shared props in `../reference-site/site.ts`), deployed through Azure Resource Manager (the AIO
 * resources, Key Vault, identities, role assignments, Arc extensions, devices) and a Kubernetes
 * provider (cert-manager and trust-manager objects, NetworkPolicies, the Kyverno policy, the
 * attestations). `index.ts` runs it; the tests run it under mocks.
 *
 * One difference from the cdk8s site: the plant CA's key pair and the device CA are not synced by
 * this program. On the ARM path, SecretSyncs are created in the AIO instance's custom location, so
 * their Secrets appear in the AIO namespace, while the CA ClusterIssuer and trust-manager read the
 * cert-manager namespace; the PKI team syncs `plant-a-ca-key-pair` and `plant-a-device-ca` there
 * (as the cdk8s site's `plant-a-pki-secrets` does with YAML).
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  ArcRuntimePolicy,
  AssetAccessControl,
  AttestedControls,
  DefenderProtection,
  EdgeObservability,
  EdgePki,
  KeyVaultSecretSync,
  ManagedIdentityDataflow,
  OpcUaTrust,
  SecureBroker,
  SegmentedEdgeNetwork,
  SignedImagePolicy,
} from 'aio-secure/pulumi';
import {
  ATTESTATIONS,
  DATAFLOWS,
  GRANTS,
  NETWORK,
  OPC_UA,
  OT_SECRETS,
  OT_SECRETS_ID,
  REFERENCE_BROKER,
  REFERENCE_BROKER_ID,
  REFERENCE_PKI,
  SITE,
  SITE_RESOURCES,
  VAULTS,
} from '../reference-site/site';

/** Where the site's AIO instance is, from the stack's configuration. */
export interface SiteConfig {
  /** Name of the AIO instance. */
  readonly instanceName: string;
  /** Resource group of the instance. */
  readonly resourceGroupName: string;
  /** Resource id of the custom location of the plant's Arc-enabled cluster. */
  readonly customLocationId: string;
  /** The connected cluster's OIDC issuer URL (`oidcIssuerProfile.issuerUrl`), for the federated credentials. */
  readonly oidcIssuerUrl: string;
}

const CUSTOM_LOCATION_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/[^/]+\/providers\/Microsoft\.ExtendedLocation\/customLocations\/[^/]+$/i;

const SETTINGS: Record<keyof SiteConfig, { what: string; example: string }> = {
  instanceName: { what: 'the name of the AIO instance', example: 'plant-a-aio' },
  resourceGroupName: { what: 'the resource group of the AIO instance', example: 'rg-plant-a' },
  customLocationId: {
    what: "the resource id of the custom location of the plant's Arc-enabled cluster",
    example: '/subscriptions/<subscription>/resourceGroups/rg-plant-a/providers/Microsoft.ExtendedLocation/customLocations/plant-a',
  },
  oidcIssuerUrl: {
    what: "the OIDC issuer URL of the plant's Arc-enabled cluster (az connectedk8s show --query oidcIssuerProfile.issuerUrl)",
    example: 'https://oidc.example/<tenant>/<cluster>/',
  },
};

/** Reads the site from the stack's configuration; a missing or malformed value names the setting and how to set it. */
export function readSiteConfig(config: pulumi.Config = new pulumi.Config()): SiteConfig {
  const read = (key: keyof SiteConfig): string => {
    const value = config.get(key);
    const { what, example } = SETTINGS[key];
    if (value === undefined || value.trim() === '') {
      throw new Error(`Pulumi config "${config.name}:${key}" is missing: ${what}. Set it with: pulumi config set ${key} ${example}`);
    }
    return value;
  };
  const site = {
    instanceName: read('instanceName'),
    resourceGroupName: read('resourceGroupName'),
    customLocationId: read('customLocationId'),
    oidcIssuerUrl: read('oidcIssuerUrl'),
  };
  if (!CUSTOM_LOCATION_ID.test(site.customLocationId)) {
    throw new Error(`Pulumi config "${config.name}:customLocationId" is not a custom location resource id (got "${site.customLocationId}"). ` +
      `Use the form ${SETTINGS.customLocationId.example}`);
  }
  if (!/^https:\/\/\S+$/.test(site.oidcIssuerUrl)) {
    throw new Error(`Pulumi config "${config.name}:oidcIssuerUrl" is not an https URL (got "${site.oidcIssuerUrl}"). Use the form ${SETTINGS.oidcIssuerUrl.example}`);
  }
  return site;
}

/** The components of the deployed site. */
export interface ReferenceSite {
  readonly pki: EdgePki;
  readonly broker: SecureBroker;
  readonly otSecrets: KeyVaultSecretSync;
  readonly opcUa: OpcUaTrust;
  readonly dataflows: ManagedIdentityDataflow;
  readonly network: SegmentedEdgeNetwork;
  readonly observability: EdgeObservability;
  readonly runtime: ArcRuntimePolicy;
  readonly defender: DefenderProtection;
  readonly access: AssetAccessControl;
  readonly images: SignedImagePolicy;
  readonly attestations: AttestedControls;
}

/**
 * The site, each component checked against the production guidance as it is constructed.
 * `kubernetesProvider` defaults to one for the ambient kubeconfig (the plant's cluster).
 */
export function referenceSite(site: SiteConfig, kubernetesProvider: k8s.Provider = new k8s.Provider('plant-a-edge')): ReferenceSite {
  const { instanceName, resourceGroupName, customLocationId, oidcIssuerUrl } = site;
  const subscriptionId = CUSTOM_LOCATION_ID.exec(customLocationId)![1];
  const clusterId = SITE_RESOURCES.connectedCluster;
  const azure = { resourceGroupName, subscriptionId };

  const pki = new EdgePki('pki', { ...REFERENCE_PKI, kubernetesProvider });
  const broker = new SecureBroker(REFERENCE_BROKER_ID, {
    ...REFERENCE_BROKER,
    instanceName, resourceGroupName, customLocationId,
    issuer: { kind: pki.issuer.kind as 'ClusterIssuer', name: pki.issuer.name },
    certificatePolicy: pki.certificatePolicy,
    profile: 'production',
  });

  const otSecrets = new KeyVaultSecretSync(OT_SECRETS_ID, { vault: VAULTS.ot, secrets: OT_SECRETS, resourceGroupName, customLocationId, oidcIssuerUrl });
  const opcUa = new OpcUaTrust(OPC_UA.id, {
    secretSync: otSecrets,
    trustList: OPC_UA.trustList,
    issuerList: OPC_UA.issuerList,
    clientCertificate: OPC_UA.clientCertificate,
    deviceRegistryNamespace: OPC_UA.deviceRegistryNamespace,
    devices: OPC_UA.devices,
    location: SITE.location,
    resourceGroupName,
    customLocationId,
  });

  const dataflows = new ManagedIdentityDataflow(DATAFLOWS.id, {
    identity: { name: DATAFLOWS.identityName, location: SITE.location, oidcIssuerUrl },
    localBroker: { trustBundle: pki.trustBundle },
    endpoints: DATAFLOWS.endpoints,
    dataflows: DATAFLOWS.dataflows,
    instanceName, resourceGroupName, customLocationId,
  });

  const network = new SegmentedEdgeNetwork('network', { ...NETWORK, kubernetesProvider });
  const observability = new EdgeObservability('observability', { namePrefix: 'plant-a', clusterId, ...azure, kubernetesProvider });
  const runtime = new ArcRuntimePolicy('runtime', { clusterId, extensionSettings: [opcUa.extensionSettings, observability.extensionSettings], ...azure });
  const defender = new DefenderProtection('defender', { clusterId, ...azure });
  const access = new AssetAccessControl('access', { grants: GRANTS, ...azure });
  const images = new SignedImagePolicy('images', { profile: 'production', kubernetesProvider });
  const attestations = new AttestedControls('attestations', { attestations: ATTESTATIONS, kubernetesProvider });
  return { pki, broker, otSecrets, opcUa, dataflows, network, observability, runtime, defender, access, images, attestations };
}
