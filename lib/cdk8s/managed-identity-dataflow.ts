import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { isAzureOnly } from '../model/azure';
import {
  planManagedIdentityDataflow,
  resolveManagedIdentityDataflow,
  type ManagedIdentityDataflowProps,
} from '../model/managed-identity-dataflow';
import type { Resource } from '../model/resource';
import { GuidanceChecks } from './guidance-checks';
import { renderResources } from './render';

export type { ManagedIdentityDataflowProps } from '../model/managed-identity-dataflow';

/**
 * Dataflows to Azure with a dedicated user-assigned identity, as Kubernetes custom resources: a
 * DataflowProfile, the local broker endpoint (service account token, TLS with the trust bundle),
 * one endpoint per cloud target with `UserAssignedManagedIdentity`, and the Dataflows.
 *
 * The manifests carry the identity's ids, so `identity.clientId` and `identity.tenantId` are
 * required here (a clear error names the missing ones). The identity, its federated credential
 * and its role assignments are Azure resources, not YAML: `renderResources` keeps them on the
 * construct, where the synth-time guidance checks see them and `aio-secure synth --arm` writes
 * them into the ARM template; they are also in `azureResources`. `requirements` lists what
 * neither can do (the instance's identity assignment, ADX and Fabric permissions).
 */
export class ManagedIdentityDataflow extends Construct {
  /** Every planned resource, Azure and Kubernetes, as the rules and the other renderers see them. */
  public readonly resources: readonly Resource[];
  /** The planned Azure resources (identity, federated credentials, role assignments). */
  public readonly azureResources: readonly Resource[];
  /** The rendered custom resources. */
  public readonly apiObjects: readonly ApiObject[];
  /** What the deployment needs that this construct cannot do. */
  public readonly requirements: readonly string[];

  constructor(scope: Construct, id: string, props: ManagedIdentityDataflowProps) {
    super(scope, id);
    const resolved = resolveManagedIdentityDataflow(id, props, { requireIdentityIds: true });
    this.resources = planManagedIdentityDataflow(resolved);
    this.azureResources = this.resources.filter((r) => isAzureOnly(r));
    this.requirements = resolved.requirements;
    this.apiObjects = renderResources(this, id, this.resources);
    GuidanceChecks.of(this);
  }
}
