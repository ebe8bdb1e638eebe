import * as pulumi from '@pulumi/pulumi';
import type { Provider as KubernetesProvider } from '@pulumi/kubernetes/provider';
import {
  MANAGED_IDENTITY_DATAFLOW_DEFAULTS,
  managedIdentityDataflowIds,
  planManagedIdentityDataflow,
  resolveManagedIdentityDataflow,
  type DataflowIdentityProps,
  type ManagedIdentityDataflowProps,
  type ResolvedRoleAssignment,
} from '../model/managed-identity-dataflow';
import type { Waiver } from '../model/resource';
import type { Profile } from '../rules/types';
import { CheckedComponent } from './planned-component';

export type { ManagedIdentityDataflowProps } from '../model/managed-identity-dataflow';

const CONSTRUCT = 'ManagedIdentityDataflow';

/** The dataflow identity in Pulumi: the OIDC issuer usually comes from the connected cluster, as an input. */
export interface ManagedIdentityDataflowIdentityArgs extends Omit<DataflowIdentityProps, 'oidcIssuerUrl'> {
  /** The connected cluster's OIDC issuer URL (`oidcIssuerProfile.issuerUrl`), the federated credentials' issuer. */
  readonly oidcIssuerUrl: pulumi.Input<string>;
}

/**
 * Arguments of the Pulumi `ManagedIdentityDataflow`: the props of every backend (the identity's
 * OIDC issuer as an input), plus where the resources go and how the guidance is checked at
 * construction.
 */
export interface ManagedIdentityDataflowArgs extends Omit<ManagedIdentityDataflowProps, 'identity'> {
  readonly identity: ManagedIdentityDataflowIdentityArgs;
  /** Name of the AIO instance (`Microsoft.IoTOperations/instances`) the dataflows belong to. */
  readonly instanceName: pulumi.Input<string>;
  /** Resource group of the AIO instance, and of the identity. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Resource id of the custom location of the instance's Arc-enabled cluster. */
  readonly customLocationId: pulumi.Input<string>;
  /**
   * Provider of the cluster, for planned objects that live in Kubernetes rather than in ARM.
   * @default - none; the plan has no such objects today
   */
  readonly kubernetesProvider?: KubernetesProvider;
  /**
   * The reading of the guidance that construction enforces. (Named so because `profile` is the
   * DataflowProfile, as in every backend's props.)
   * @default 'production'
   */
  readonly guidanceProfile?: Profile;
  /**
   * Waivers for findings on this component's resources (each with a `target`).
   * @default []
   */
  readonly waivers?: readonly Waiver[];
}

/**
 * Dataflows from the local MQTT broker to Azure (and back) that authenticate with a dedicated
 * user-assigned managed identity (CL-1), as Azure resources: the identity, its federated
 * credential for `aio-dataflow` (and `adr-schema-registry` with `identity.schemaRegistry`), one
 * data-plane role assignment per entity and direction at the narrowest scope (the event hub, the
 * container, the Event Grid scope given), the DataflowProfile, the endpoints
 * (`UserAssignedManagedIdentity` with the identity's client and tenant ids, which come from the
 * identity itself) and the Dataflows, tamper-signal routes (AS-3) included. The same plan as the
 * cdk8s construct.
 *
 * It runs the guidance rules on the plan first: an unwaived error throws an `AioSecureError` with
 * code `UNWAIVED_FINDINGS`. What the plan cannot do is in `requirements` (the AIO instance's
 * identity assignment, the Azure Data Explorer Ingestor role, the Fabric workspace role).
 */
export class ManagedIdentityDataflow extends CheckedComponent {
  /** The Pulumi type token. */
  public static readonly TYPE = 'aio-secure:dataflow:ManagedIdentityDataflow';

  /** What the deployment needs that this component cannot do. */
  public readonly requirements: readonly string[];
  /** The data-plane roles the identity gets, with the scope of each. */
  public readonly roleAssignments: readonly ResolvedRoleAssignment[];
  /** The identity's resource id (for the AIO instance's `identity.userAssignedIdentities`). */
  public readonly identityId: pulumi.Output<string>;
  /** The identity's client id. */
  public readonly identityClientId: pulumi.Output<string>;
  /** The identity's principal id. */
  public readonly identityPrincipalId: pulumi.Output<string>;
  /** Name of the DataflowProfile. */
  public readonly profileName: string;
  /** Names of the endpoints: the local broker first, then the cloud endpoints. */
  public readonly endpointNames: readonly string[];
  /** Names of the Dataflows, tamper-signal routes included. */
  public readonly dataflowNames: readonly string[];

  constructor(name: string, args: ManagedIdentityDataflowArgs, opts?: pulumi.ComponentResourceOptions) {
    // Everything that can reject the args runs before the component is registered.
    const { instanceName, resourceGroupName, customLocationId, kubernetesProvider, guidanceProfile, waivers, identity, ...rest } = args;
    const oidcIssuerUrl = identity?.oidcIssuerUrl;
    // A literal issuer goes into the plan, where the rules see it; an output becomes the plan's parameter.
    const literalIssuer = typeof oidcIssuerUrl === 'string' ? oidcIssuerUrl : undefined;
    const props: ManagedIdentityDataflowProps = { ...rest, identity: identity && { ...identity, oidcIssuerUrl: literalIssuer } };
    const resolved = resolveManagedIdentityDataflow(name, props);
    super(ManagedIdentityDataflow.TYPE, name, args, opts, {
      resources: planManagedIdentityDataflow(resolved),
      context: {
        construct: CONSTRUCT,
        instanceName,
        resourceGroupName,
        customLocationId,
        kubernetesProvider,
        ...(literalIssuer === undefined && oidcIssuerUrl !== undefined ? { parameters: { [MANAGED_IDENTITY_DATAFLOW_DEFAULTS.oidcIssuerParameter]: oidcIssuerUrl } } : {}),
      },
      checks: { profile: guidanceProfile ?? 'production', waivers },
    });
    this.requirements = resolved.requirements;
    this.roleAssignments = resolved.roleAssignments;

    const identityChild = this.children.get(managedIdentityDataflowIds.identity(name))! as pulumi.CustomResource & Record<string, pulumi.Output<string>>;
    this.identityId = identityChild.id;
    this.identityClientId = identityChild.clientId;
    this.identityPrincipalId = identityChild.principalId;
    this.profileName = resolved.profileName;
    this.endpointNames = [resolved.localEndpoint.name, ...resolved.endpoints.map((e) => e.name)];
    this.dataflowNames = resolved.dataflows.map((f) => f.name);

    this.registerPlannedOutputs({
      identityId: this.identityId,
      identityClientId: this.identityClientId,
      identityPrincipalId: this.identityPrincipalId,
      profileName: this.profileName,
      endpointNames: this.endpointNames,
      dataflowNames: this.dataflowNames,
      requirements: this.requirements,
      resourceIds: this.childIds(),
    });
  }
}
