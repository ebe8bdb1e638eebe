import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { Resource } from '../model/resource';
import { planSecureBroker, resolveSecureBroker, type SecureBrokerProps } from '../model/secure-broker';
import { GuidanceChecks } from './guidance-checks';
import { renderResources } from './render';

export type { SecureBrokerProps } from '../model/secure-broker';

/**
 * A secure AIO MQTT broker as Kubernetes custom resources: the Broker with encrypted internal
 * traffic, listeners whose every port has automatic TLS, authentication (X.509 or service account
 * tokens) and a least-privilege authorization generated from the declared clients.
 *
 * The objects are `mqttbroker.iotoperations.azure.com/v1` custom resources, the Kubernetes-manifest
 * path that Microsoft supports for development and testing; production deploys the same plan
 * through Azure Resource Manager.
 */
export class SecureBroker extends Construct {
  /** The planned resources, as the rules and the other renderers see them. */
  public readonly resources: readonly Resource[];
  /** The rendered objects. */
  public readonly apiObjects: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: SecureBrokerProps) {
    super(scope, id);
    this.resources = planSecureBroker(resolveSecureBroker(id, props));
    this.apiObjects = renderResources(this, id, this.resources);
    GuidanceChecks.of(this);
  }
}
