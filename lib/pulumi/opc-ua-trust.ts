import * as pulumi from '@pulumi/pulumi';
import type { ExtensionSettingsContribution } from '../model/arc-runtime-policy';
import { SECRET_STORE } from '../model/key-vault-secret-sync';
import { opcUaExtensionSettings, opcUaExtensionWaivers, planOpcUaTrust, resolveOpcUaTrust, type OpcUaTrustProps } from '../model/opc-ua-trust';
import type { Resource, Waiver } from '../model/resource';
import { CheckedComponent } from './planned-component';

export type { OpcUaTrustProps } from '../model/opc-ua-trust';

const CONSTRUCT = 'OpcUaTrust';

/** What OpcUaTrust needs of the Pulumi `KeyVaultSecretSync`: its plan, its Secrets and its children. */
export interface PulumiSecretSyncSource {
  readonly resources: readonly Resource[];
  readonly secrets: OpcUaTrustProps['secretSync']['secrets'];
  /** The sync's Pulumi resources by logical id (the identity whose client id the OPC UA SecretProviderClass takes). */
  readonly children: ReadonlyMap<string, pulumi.CustomResource>;
}

/** Arguments of the Pulumi `OpcUaTrust`: the props of every backend, plus where the resources go. */
export interface OpcUaTrustArgs extends Omit<OpcUaTrustProps, 'secretSync'> {
  /** The Pulumi `KeyVaultSecretSync` whose vault holds the certificates. */
  readonly secretSync: PulumiSecretSyncSource;
  /** Resource group of the secret-sync resources and the devices. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Resource id of the AIO instance's custom location. */
  readonly customLocationId: pulumi.Input<string>;
  /**
   * Waivers for findings on this component's resources (each with a `target`).
   * @default []
   */
  readonly waivers?: readonly Waiver[];
}

/**
 * The connector for OPC UA trusts only known servers (CN-6): the `opc-ua-connector`
 * SecretProviderClass and the trust list, issuer list and client certificate SecretSyncs from Key
 * Vault (through the given KeyVaultSecretSync's vault and identity), and Azure Device Registry
 * devices whose OPC UA endpoints sign and encrypt, never auto-accept server certificates, use the
 * trust list and authenticate with synced credentials. Pass `extensionSettings` to
 * `ArcRuntimePolicy`, and `extensionWaivers` (present only with PKI opt-outs) to its waivers.
 */
export class OpcUaTrust extends CheckedComponent {
  /** The Pulumi type token. */
  public static readonly TYPE = 'aio-secure:secrets:OpcUaTrust';

  /** The AIO extension settings of the connector's PKI, for `ArcRuntimePolicy.extensionSettings`. */
  public readonly extensionSettings: ExtensionSettingsContribution;
  /** Waivers of `opc-ua-pki-strict` on the AIO extension that the PKI opt-outs stand for. */
  public readonly extensionWaivers: readonly Waiver[];

  constructor(name: string, args: OpcUaTrustArgs, opts?: pulumi.ComponentResourceOptions) {
    const { resourceGroupName, customLocationId, waivers, secretSync, ...props } = args;
    const resolved = resolveOpcUaTrust(name, { ...props, secretSync });
    const resources = planOpcUaTrust(resolved);
    // Checked with the sync's resources that the plan references (the identity whose client id the
    // SecretProviderClass takes), which the rules follow; the sync checks the rest of its plan itself.
    const referenced = new Set(resources.flatMap((r) => (r.references ?? []).flatMap((x) => ('resource' in x ? [x.resource] : []))));
    super(OpcUaTrust.TYPE, name, args, opts, {
      resources,
      context: {
        construct: CONSTRUCT,
        resourceGroupName,
        parameters: { [SECRET_STORE.customLocationParameter]: customLocationId },
        rendered: secretSync.children,
      },
      checks: { profile: resolved.profile, waivers },
      checked: [...secretSync.resources.filter((r) => referenced.has(r.id)), ...resources],
    });
    this.extensionSettings = opcUaExtensionSettings(resolved);
    this.extensionWaivers = opcUaExtensionWaivers(resolved);
    this.registerPlannedOutputs({ extensionSettings: this.extensionSettings });
  }
}
