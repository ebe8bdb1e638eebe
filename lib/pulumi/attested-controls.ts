import type * as pulumi from '@pulumi/pulumi';
import type { Provider as KubernetesProvider } from '@pulumi/kubernetes/provider';
import { planAttestedControls, resolveAttestedControls, type AttestedControlsProps } from '../model/attested-controls';
import { PlannedComponent } from './planned-component';

export type { AttestedControlsProps, AttestationProps, AttestableControl } from '../model/attested-controls';

const CONSTRUCT = 'AttestedControls';

/** Arguments of the Pulumi `AttestedControls`: the props of every backend, plus the cluster. */
export interface AttestedControlsArgs extends AttestedControlsProps {
  /** Provider of the cluster the attestations ConfigMap goes to. */
  readonly kubernetesProvider: KubernetesProvider;
}

/**
 * AS-4, AS-5, AS-6 and Defender for IoT's network sensors (OV-1): the attestations of physical and
 * process controls, as the same `aio-secure-attestations` ConfigMap the cdk8s twin writes, created
 * through the given Kubernetes provider so that the CrossGuard policy pack and `aio-secure check`
 * read it like the manifests. Attestations are records, not settings: construction does not fail
 * on a missing or expired one; the rules report it.
 */
export class AttestedControls extends PlannedComponent {
  /** The Pulumi type token. */
  public static readonly TYPE = 'aio-secure:attestation:AttestedControls';

  /** The ConfigMap's namespace. */
  public readonly namespace: string;

  constructor(name: string, args: AttestedControlsArgs, opts?: pulumi.ComponentResourceOptions) {
    const resolved = resolveAttestedControls(name, args);
    const { kubernetesProvider, ...inputs } = args;
    super(AttestedControls.TYPE, name, inputs, opts, { resources: planAttestedControls(resolved), context: { construct: CONSTRUCT, kubernetesProvider } });
    this.namespace = resolved.namespace;
    this.registerPlannedOutputs();
  }
}
