import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { planAttestedControls, resolveAttestedControls, type AttestedControlsProps } from '../model/attested-controls';
import type { Resource } from '../model/resource';
import { GuidanceChecks } from './guidance-checks';
import { renderResources } from './render';

export type { AttestedControlsProps, AttestationProps, AttestableControl } from '../model/attested-controls';

/**
 * AS-4, AS-5, AS-6 and Defender for IoT's network sensors (OV-1): the attestations of physical and
 * process controls, as the `aio-secure-attestations` ConfigMap that `aio-secure check` and the
 * reports read. A control left out is reported as missing in production.
 */
export class AttestedControls extends Construct {
  /** The ConfigMap's namespace. */
  public readonly namespace: string;
  /** The planned resources, as the rules and the other renderers see them. */
  public readonly resources: readonly Resource[];
  /** The rendered objects. */
  public readonly apiObjects: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: AttestedControlsProps) {
    super(scope, id);
    const resolved = resolveAttestedControls(id, props);
    this.namespace = resolved.namespace;
    this.resources = planAttestedControls(resolved);
    this.apiObjects = renderResources(this, id, this.resources);
    GuidanceChecks.of(this);
  }
}
