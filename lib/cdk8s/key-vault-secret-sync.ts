import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { isAzureOnly } from '../model/azure';
import {
  kubernetesEdgeForm,
  planKeyVaultSecretSync,
  resolveKeyVaultSecretSync,
  type ClusterRequirement,
  type KeyVaultSecretSyncProps,
  type ResolvedSyncedSecret,
} from '../model/key-vault-secret-sync';
import type { Resource } from '../model/resource';
import { GuidanceChecks } from './guidance-checks';
import { renderResources } from './render';

export type { KeyVaultSecretSyncProps } from '../model/key-vault-secret-sync';

/**
 * Secrets kept in Azure Key Vault and synced to the cluster by the Secret Store extension (AS-1).
 *
 * The edge side is YAML: a `secrets-store.csi.x-k8s.io/v1` SecretProviderClass (with the
 * identity's `clientID` and `tenantID`, which must be given as `identity.clientId` and `tenantId`)
 * and one `secret-sync.x-k8s.io/v1alpha1` SecretSync per Kubernetes Secret. The Azure side (the
 * vault, the dedicated identity, its federated credential for `aio-ssc-sa`, and Key Vault Secrets
 * User and Key Vault Reader on the vault) is not YAML: it is in `azureResources` and goes to the
 * ARM template (`aio-secure synth --arm`). Deploy that first, then give the identity's client id.
 */
export class KeyVaultSecretSync extends Construct {
  /** The Secrets the extension writes, with their types and keys (never values). */
  public readonly secrets: readonly ResolvedSyncedSecret[];
  /** Name of the SecretProviderClass. */
  public readonly secretProviderClassName: string;
  /** Name of the dedicated user-assigned identity. */
  public readonly identityName: string;
  /** Name of the Key Vault. */
  public readonly vaultName: string;
  /** Connected-cluster settings the sync depends on (OIDC issuer, workload identity). */
  public readonly clusterRequirements: readonly ClusterRequirement[];
  /** Every planned resource, Azure and Kubernetes, as the rules see them. */
  public readonly resources: readonly Resource[];
  /** The Azure-only resources (they go to the ARM template with `aio-secure synth --arm`). */
  public readonly azureResources: readonly Resource[];
  /** The rendered Kubernetes objects. */
  public readonly apiObjects: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: KeyVaultSecretSyncProps) {
    super(scope, id);
    const resolved = resolveKeyVaultSecretSync(id, props);
    this.secrets = resolved.secrets;
    this.secretProviderClassName = resolved.secretProviderClassName;
    this.identityName = resolved.identityName;
    this.vaultName = resolved.vault.name;
    this.clusterRequirements = resolved.clusterRequirements;
    this.resources = planKeyVaultSecretSync(resolved, kubernetesEdgeForm(resolved));
    this.azureResources = this.resources.filter(isAzureOnly);
    // Azure-only resources are no YAML: renderResources keeps them for GuidanceChecks and `aio-secure synth --arm`.
    this.apiObjects = renderResources(this, id, this.resources);
    GuidanceChecks.of(this);
  }

  /** The name of the synced Secret declared as `name`; throws for one that is not declared. */
  public secretName(name: string): string {
    if (!this.secrets.some((s) => s.name === name)) throw new Error(`KeyVaultSecretSync "${this.node.id}": no synced Secret "${name}"; declared: ${this.secrets.map((s) => s.name).join(', ')}`);
    return name;
  }
}
