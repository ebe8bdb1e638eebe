/**
 * The reference site: the whole secure Azure IoT Operations deployment of one plant, synthesized
 * with cdk8s and checked against the production guidance at synth. `npm start` runs it through
 * `aio-secure synth` (the Kubernetes YAML into dist/, the ARM templates of the Azure side into
 * dist-arm/) and then checks both folders with `aio-secure check --profile production`.
 *
 * Run on its own (`node build/examples/reference-site/main.js`) it writes the YAML only.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import {
  ArcRuntimePolicy,
  AssetAccessControl,
  AttestedControls,
  DefenderProtection,
  EdgeObservability,
  EdgePki,
  GuidanceChecks,
  KeyVaultSecretSync,
  ManagedIdentityDataflow,
  OpcUaTrust,
  SecureBroker,
  SegmentedEdgeNetwork,
  SignedImagePolicy,
  synthAtomically,
} from 'aio-secure/cdk8s';
import {
  ATTESTATIONS,
  CERT_MANAGER_NAMESPACE,
  DATAFLOWS,
  GRANTS,
  IDENTITY_CLIENT_IDS,
  NETWORK,
  OPC_UA,
  OT_SECRETS,
  OT_SECRETS_ID,
  PKI_SECRETS,
  PKI_SECRETS_ID,
  REFERENCE_BROKER,
  REFERENCE_BROKER_ID,
  REFERENCE_PKI,
  SITE,
  SITE_RESOURCES,
  VAULTS,
} from './site';

/** One plant: every aio-secure construct, wired to each other. */
export class ReferenceSite extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const clusterId = SITE_RESOURCES.connectedCluster;

    // AS-1: the PKI vault, synced into cert-manager's namespace (the CA key pair, the device CA).
    const pkiSecrets = new KeyVaultSecretSync(this, PKI_SECRETS_ID, {
      vault: VAULTS.pki,
      identity: { clientId: IDENTITY_CLIENT_IDS.pkiSecretSync },
      tenantId: SITE.tenantId,
      namespace: CERT_MANAGER_NAMESPACE,
      secrets: PKI_SECRETS,
    });
    // A SecretSync runs as a service account of its own namespace. `aio-ssc-sa` is the AIO
    // namespace's (facts 2.1); the CA key pair is synced into cert-manager's namespace (as
    // microsoft/edge-ai does, facts 3.2), so the site gives that namespace its own `aio-ssc-sa`,
    // whose tokens the PKI identity's federated credential
    // (`system:serviceaccount:cert-manager:aio-ssc-sa`) trusts. KeyVaultSecretSync does not plan it.
    new ApiObject(this, 'pki-secret-sync-service-account', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'aio-ssc-sa', namespace: CERT_MANAGER_NAMESPACE },
    });

    // CN-2: the plant's CA behind the issuer, its key pair from Key Vault.
    const pki = new EdgePki(this, 'pki', {
      ...REFERENCE_PKI,
      certManagerNamespace: CERT_MANAGER_NAMESPACE,
      caSecretName: pkiSecrets.secretName('plant-a-ca-key-pair'),
      clientCa: { ...REFERENCE_PKI.clientCa, source: { secret: { name: pkiSecrets.secretName('plant-a-device-ca'), key: 'ca.crt' } } },
    });

    // CN-1, ED-3, ED-4: the broker, its certificates from the plant's CA.
    new SecureBroker(this, REFERENCE_BROKER_ID, {
      ...REFERENCE_BROKER,
      issuer: { kind: pki.issuer.kind as 'ClusterIssuer', name: pki.issuer.name },
      certificatePolicy: pki.certificatePolicy,
    });

    // AS-1, CN-6: the OT vault in the AIO namespace; the connector for OPC UA trusts only known servers.
    const otSecrets = new KeyVaultSecretSync(this, OT_SECRETS_ID, {
      vault: VAULTS.ot,
      identity: { clientId: IDENTITY_CLIENT_IDS.otSecretSync },
      tenantId: SITE.tenantId,
      secrets: OT_SECRETS,
    });
    const opcUa = new OpcUaTrust(this, OPC_UA.id, {
      secretSync: otSecrets,
      trustList: OPC_UA.trustList,
      issuerList: OPC_UA.issuerList,
      clientCertificate: OPC_UA.clientCertificate,
      deviceRegistryNamespace: OPC_UA.deviceRegistryNamespace,
      devices: OPC_UA.devices,
      location: SITE.location,
    });

    // CL-1: dataflows to Event Hubs with a dedicated identity holding only Event Hubs Data Sender.
    new ManagedIdentityDataflow(this, DATAFLOWS.id, {
      identity: { name: DATAFLOWS.identityName, clientId: IDENTITY_CLIENT_IDS.dataflow, tenantId: SITE.tenantId, location: SITE.location },
      localBroker: { trustBundle: pki.trustBundle },
      endpoints: DATAFLOWS.endpoints,
      dataflows: DATAFLOWS.dataflows,
    });

    // CN-7: zones and conduits.
    new SegmentedEdgeNetwork(this, 'network', NETWORK);

    // CL-2, ED-1: observability first, then the pinned AIO runtime with the connector's and the collector's settings.
    const observability = new EdgeObservability(this, 'observability', { namePrefix: 'plant-a', clusterId });
    new ArcRuntimePolicy(this, 'runtime', { clusterId, extensionSettings: [opcUa.extensionSettings, observability.extensionSettings] });

    // OV-1: Defender for Containers and Azure Policy on the cluster.
    new DefenderProtection(this, 'defender', { clusterId });

    // CL-3: narrow, time-boxed access for people.
    new AssetAccessControl(this, 'access', { grants: GRANTS });

    // ED-2: only signed AIO images run.
    new SignedImagePolicy(this, 'images', { profile: 'production' });

    // AS-4, AS-5, AS-6, OV-1: the controls no manifest shows.
    new AttestedControls(this, 'attestations', { attestations: ATTESTATIONS });
  }
}

/** Builds the app; `outdir` defaults to cdk8s' `dist/`. */
export function buildApp(outdir?: string): App {
  const app = new App(outdir ? { outdir } : {});
  new GuidanceChecks(app, { profile: 'production' });
  new ReferenceSite(app, 'reference-site');
  return app;
}

if (require.main === module) {
  const files = synthAtomically(buildApp());
  process.stdout.write(`Synthesized ${files.length} file(s): ${files.join(', ')}\n`);
}
