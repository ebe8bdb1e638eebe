import * as pulumi from '@pulumi/pulumi';
import {
  keyVaultSecretSyncIds,
  planKeyVaultSecretSync,
  resolveKeyVaultSecretSync,
  SECRET_STORE,
  type ClusterRequirement,
  type KeyVaultSecretSyncProps,
  type ResolvedSyncedSecret,
} from '../model/key-vault-secret-sync';
import type { Waiver } from '../model/resource';
import type { Profile } from '../rules/types';
import { CheckedComponent } from './planned-component';

export type { KeyVaultSecretSyncProps } from '../model/key-vault-secret-sync';

const CONSTRUCT = 'KeyVaultSecretSync';

/**
 * Arguments of the Pulumi `KeyVaultSecretSync`: the props of every backend (the OIDC issuer URL as
 * an input, since it usually comes from the connected cluster), plus where the resources go.
 */
export interface KeyVaultSecretSyncArgs extends Omit<KeyVaultSecretSyncProps, 'oidcIssuerUrl'> {
  /** Resource group of the vault, the identity and the secret-sync resources. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Resource id of the AIO instance's custom location (the SecretProviderClass and SecretSyncs live there). */
  readonly customLocationId: pulumi.Input<string>;
  /** The connected cluster's OIDC issuer URL (`oidcIssuerProfile.issuerUrl`), the federated credential's issuer. */
  readonly oidcIssuerUrl: pulumi.Input<string>;
  /**
   * The reading of the guidance enforced at construction.
   * @default 'production'
   */
  readonly profile?: Profile;
  /**
   * Waivers for findings on this component's resources (each with a `target`).
   * @default []
   */
  readonly waivers?: readonly Waiver[];
}

/**
 * Secrets kept in Azure Key Vault and synced to the edge by the Secret Store extension (AS-1), as
 * Azure resources: the vault (RBAC, purge protection, soft delete, restricted network access), a
 * dedicated user-assigned identity, its federated credential for `aio-ssc-sa`, Key Vault Secrets
 * User and Key Vault Reader on the vault, and the `Microsoft.SecretSyncController`
 * SecretProviderClass and SecretSyncs in the instance's custom location. The same plan as the
 * cdk8s construct, whose edge side is YAML instead.
 *
 * Give `defaultSecretProviderClassRef` to the AIO instance, and make sure the connected cluster
 * meets `clusterRequirements`.
 */
export class KeyVaultSecretSync extends CheckedComponent {
  /** The Pulumi type token. */
  public static readonly TYPE = 'aio-secure:secrets:KeyVaultSecretSync';

  /** The Secrets the extension writes, with their types and keys (never values). */
  public readonly secrets: readonly ResolvedSyncedSecret[];
  /** Name of the SecretProviderClass. */
  public readonly secretProviderClassName: string;
  /** Connected-cluster settings the sync depends on (OIDC issuer, workload identity). */
  public readonly clusterRequirements: readonly ClusterRequirement[];
  /** The identity's client id. */
  public readonly identityClientId: pulumi.Output<string>;
  /** The identity's principal id. */
  public readonly identityPrincipalId: pulumi.Output<string>;
  /** The vault's resource id. */
  public readonly vaultId: pulumi.Output<string>;
  /** For the AIO instance's `defaultSecretProviderClassRef` (ARM 2025-07-01-preview and later). */
  public readonly defaultSecretProviderClassRef: { readonly resourceId: pulumi.Output<string> };

  constructor(name: string, args: KeyVaultSecretSyncArgs, opts?: pulumi.ComponentResourceOptions) {
    const { resourceGroupName, customLocationId, oidcIssuerUrl, profile, waivers, ...props } = args;
    const resolved = resolveKeyVaultSecretSync(name, props);
    super(KeyVaultSecretSync.TYPE, name, args, opts, {
      resources: planKeyVaultSecretSync(resolved, { form: 'arm' }),
      context: {
        construct: CONSTRUCT,
        resourceGroupName,
        parameters: { [SECRET_STORE.oidcIssuerParameter]: oidcIssuerUrl, [SECRET_STORE.customLocationParameter]: customLocationId },
      },
      checks: { profile: profile ?? 'production', waivers },
    });
    this.secrets = resolved.secrets;
    this.secretProviderClassName = resolved.secretProviderClassName;
    this.clusterRequirements = resolved.clusterRequirements;

    const output = (id: string, attribute: string) => (this.children.get(id) as unknown as Record<string, pulumi.Output<string>>)[attribute];
    this.identityClientId = output(keyVaultSecretSyncIds.identity(name), 'clientId');
    this.identityPrincipalId = output(keyVaultSecretSyncIds.identity(name), 'principalId');
    this.vaultId = this.children.get(keyVaultSecretSyncIds.vault(name))!.id;
    this.defaultSecretProviderClassRef = { resourceId: this.children.get(keyVaultSecretSyncIds.secretProviderClass(name))!.id };

    this.registerPlannedOutputs({
      secretProviderClassName: this.secretProviderClassName,
      identityClientId: this.identityClientId,
      vaultId: this.vaultId,
      defaultSecretProviderClassRef: this.defaultSecretProviderClassRef,
      clusterRequirements: this.clusterRequirements,
    });
  }
}
