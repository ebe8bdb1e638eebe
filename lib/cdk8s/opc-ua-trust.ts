import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { ExtensionSettingsContribution } from '../model/arc-runtime-policy';
import { isAzureOnly } from '../model/azure';
import { opcUaExtensionSettings, opcUaExtensionWaivers, planOpcUaTrust, resolveOpcUaTrust, type OpcUaTrustProps } from '../model/opc-ua-trust';
import type { Resource, Waiver } from '../model/resource';
import { GuidanceChecks } from './guidance-checks';
import { renderResources } from './render';

export type { OpcUaTrustProps } from '../model/opc-ua-trust';

/**
 * The connector for OPC UA trusts only known servers (CN-6), with its trust list, issuer list and
 * client certificate synced from Key Vault (AS-1).
 *
 * The YAML is a SecretProviderClass `opc-ua-connector` (the vault, `clientID` and `tenantID` of the
 * given `KeyVaultSecretSync`'s own) and the SecretSyncs `aio-opc-ua-broker-trust-list`,
 * `-issuer-list` and `-client-certificate`. The devices are Azure Device Registry resources, not
 * YAML: they are in `azureResources`, for the ARM template (`aio-secure synth --arm`). Pass
 * `extensionSettings` to `ArcRuntimePolicy`, and `extensionWaivers` (present only with PKI opt-outs)
 * to the deployment's check.
 */
export class OpcUaTrust extends Construct {
  /** The AIO extension settings of the connector's PKI, for `ArcRuntimePolicy.extensionSettings`. */
  public readonly extensionSettings: ExtensionSettingsContribution;
  /** Waivers of `opc-ua-pki-strict` on the AIO extension that the PKI opt-outs stand for. */
  public readonly extensionWaivers: readonly Waiver[];
  /** Every planned resource, as the rules see them. */
  public readonly resources: readonly Resource[];
  /** The devices (they go to the ARM template with `aio-secure synth --arm`). */
  public readonly azureResources: readonly Resource[];
  /** The rendered Kubernetes objects. */
  public readonly apiObjects: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: OpcUaTrustProps) {
    super(scope, id);
    const resolved = resolveOpcUaTrust(id, props);
    this.extensionSettings = opcUaExtensionSettings(resolved);
    this.extensionWaivers = opcUaExtensionWaivers(resolved);
    this.resources = planOpcUaTrust(resolved);
    this.azureResources = this.resources.filter(isAzureOnly);
    // Azure-only resources (the devices) are no YAML: renderResources keeps them for GuidanceChecks and `aio-secure synth --arm`.
    this.apiObjects = renderResources(this, id, this.resources);
    GuidanceChecks.of(this);
  }
}
