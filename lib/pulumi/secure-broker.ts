import type * as pulumi from '@pulumi/pulumi';
import type { Provider as KubernetesProvider } from '@pulumi/kubernetes/provider';
import type { Waiver } from '../model/resource';
import { planSecureBroker, resolveSecureBroker, type SecureBrokerProps } from '../model/secure-broker';
import type { Profile } from '../rules/types';
import { CheckedComponent } from './planned-component';

export type { SecureBrokerProps } from '../model/secure-broker';

const CONSTRUCT = 'SecureBroker';

/**
 * Arguments of the Pulumi `SecureBroker`: the props of every backend, plus where in Azure the
 * resources go and how the guidance is checked at construction.
 */
export interface SecureBrokerArgs extends SecureBrokerProps {
  /** Name of the AIO instance (`Microsoft.IoTOperations/instances`) the broker belongs to. */
  readonly instanceName: pulumi.Input<string>;
  /** Resource group of the AIO instance. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Resource id of the custom location of the instance's Arc-enabled cluster. */
  readonly customLocationId: pulumi.Input<string>;
  /**
   * Provider of the cluster, for planned objects that live in Kubernetes rather than in ARM.
   * @default - none; SecureBroker's plan has no such objects today
   */
  readonly kubernetesProvider?: KubernetesProvider;
  /**
   * The reading of the guidance that construction enforces.
   * @default 'production'
   */
  readonly profile?: Profile;
  /**
   * Waivers for findings on this broker's resources (each with a `target`). Opt-outs on the props
   * become waivers by themselves.
   * @default []
   */
  readonly waivers?: readonly Waiver[];
}

/**
 * A secure AIO MQTT broker in Azure Resource Manager, the production path: the Broker with
 * encrypted internal traffic, listeners whose every port has automatic TLS, authentication (X.509
 * or service account tokens) and a least-privilege authorization generated from the declared
 * clients.
 *
 * It plans exactly what the cdk8s `SecureBroker` plans and creates each planned resource as a
 * child (see `renderResources`), after running the guidance rules on the plan: an unwaived error
 * throws an `AioSecureError` with code `UNWAIVED_FINDINGS`, as cdk8s synth fails. Child names are
 * `<name>-<logical id>`; logical ids are API, so children keep their identity across releases.
 */
export class SecureBroker extends CheckedComponent {
  /** The Pulumi type token. */
  public static readonly TYPE = 'aio-secure:broker:SecureBroker';

  /** The broker's name (AIO has one, `default`). */
  public readonly brokerName: string;
  /** Names of the generated listeners. */
  public readonly listenerNames: readonly string[];
  /** Names of the generated BrokerAuthentications, one per listener. */
  public readonly authenticationNames: readonly string[];
  /** Name of the generated BrokerAuthorization. */
  public readonly authorizationName: string;

  constructor(name: string, args: SecureBrokerArgs, opts?: pulumi.ComponentResourceOptions) {
    // Everything that can reject the args runs before the component is registered.
    const resources = planSecureBroker(resolveSecureBroker(name, args));
    const { instanceName, resourceGroupName, customLocationId, kubernetesProvider } = args;
    super(SecureBroker.TYPE, name, args, opts, {
      resources,
      context: { construct: CONSTRUCT, instanceName, resourceGroupName, customLocationId, kubernetesProvider },
      checks: { profile: args.profile, waivers: args.waivers },
    });

    const namesOf = (kind: string) => resources.filter((r) => r.kind === kind).map((r) => r.name);
    this.brokerName = namesOf('Broker')[0];
    this.listenerNames = namesOf('BrokerListener');
    this.authenticationNames = namesOf('BrokerAuthentication');
    this.authorizationName = namesOf('BrokerAuthorization')[0];

    this.registerPlannedOutputs({
      brokerName: this.brokerName,
      listenerNames: this.listenerNames,
      authenticationNames: this.authenticationNames,
      authorizationName: this.authorizationName,
      resourceIds: this.childIds(),
    });
  }
}
