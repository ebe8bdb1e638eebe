/**
 * Azure IoT Operations broker and dataflow resources at the ARM API version that `versions.ts` pins
 * (`ARM.iotOperations`, 2025-10-01: AIO's 2510 release), as typed Pulumi custom resources of the
 * azure-native provider.
 *
 * Why not `@pulumi/azure-native/iotoperations`: its classes are fixed at the SDK's default API
 * version (2024-11-01 in azure-native 3.x), which cannot express fields the plans need as they
 * grow (Broker `persistence`, X.509 `additionalValidation`, Instance
 * `defaultSecretProviderClassRef` are 2025-07-01-preview and later), and would deploy a different
 * API version than the ARM template output of the same plan. They also fill SDK defaults into
 * `properties`, so what reaches Azure would no longer be exactly the plan.
 *
 * Instead these classes register the versioned type tokens the provider serves,
 * `azure-native:iotoperations/v20251001:<Kind>`, which the SDK's own classes list as aliases. They
 * are the resources a locally generated SDK (`pulumi package add azure-native iotoperations
 * v20251001`) wraps: azure-native 3.x names that SDK's package `azure-native_iotoperations_v20251001`
 * and serves it from these same resource definitions of its full schema, so these classes give the
 * same resources without a generated package in every user's project. `properties` is the ARM
 * `properties` object of that API version, passed through as JSON. Each class aliases every other
 * iotoperations token of its kind, so moving `ARM.iotOperations` to another version updates
 * resources in place instead of replacing them.
 */
import * as pulumi from '@pulumi/pulumi';
import { getVersion } from '@pulumi/azure-native/utilities';
import type { JsonObject } from '../model/resource';
import { ARM, ARM_IOT_OPERATIONS_STABLE_VERSIONS, ARM_TYPES } from '../model/versions';

/** `2025-10-01` becomes `v20251001`, `2025-07-01-preview` becomes `v20250701preview`: azure-native's module suffix. */
export function azureNativeModuleVersion(apiVersion: string): string {
  return `v${apiVersion.replace(/-/g, '')}`;
}

/**
 * The azure-native type token of an iotoperations kind at an API version, e.g.
 * `azure-native:iotoperations/v20251001:BrokerListener`; without a version, the token of the SDK's
 * default-version class.
 */
export function iotOperationsToken(kind: string, apiVersion?: string): string {
  return apiVersion
    ? `azure-native:iotoperations/${azureNativeModuleVersion(apiVersion)}:${kind}`
    : `azure-native:iotoperations:${kind}`;
}

/** Where an AIO resource runs: the custom location of its Arc-enabled cluster. */
export interface ExtendedLocationArgs {
  /** Resource id of the custom location. */
  readonly name: pulumi.Input<string>;
  /** Always `CustomLocation` for AIO. */
  readonly type: pulumi.Input<'CustomLocation'>;
}

/** Arguments every AIO resource below an instance takes. */
export interface IotOperationsResourceArgs {
  /** The resource group of the AIO instance. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** The AIO instance's name. */
  readonly instanceName: pulumi.Input<string>;
  /** The custom location the instance runs in. */
  readonly extendedLocation: pulumi.Input<ExtendedLocationArgs>;
  /** The ARM `properties` object, as the API version of `ARM.iotOperations` defines it. */
  readonly properties: pulumi.Input<JsonObject>;
}

/** Arguments of `Broker`. */
export interface BrokerArgs extends IotOperationsResourceArgs {
  /** The broker's name; AIO has one, `default`. */
  readonly brokerName: pulumi.Input<string>;
}

/** Arguments of `BrokerListener`. */
export interface BrokerListenerArgs extends BrokerArgs {
  /** The listener's name. */
  readonly listenerName: pulumi.Input<string>;
}

/** Arguments of `BrokerAuthentication`. */
export interface BrokerAuthenticationArgs extends BrokerArgs {
  /** The authentication's name. */
  readonly authenticationName: pulumi.Input<string>;
}

/** Arguments of `BrokerAuthorization`. */
export interface BrokerAuthorizationArgs extends BrokerArgs {
  /** The authorization's name. */
  readonly authorizationName: pulumi.Input<string>;
}

/** Arguments of `DataflowProfile`. */
export interface DataflowProfileArgs extends IotOperationsResourceArgs {
  /** The dataflow profile's name. */
  readonly dataflowProfileName: pulumi.Input<string>;
}

/** Arguments of `Dataflow`. */
export interface DataflowArgs extends DataflowProfileArgs {
  /** The dataflow's name. */
  readonly dataflowName: pulumi.Input<string>;
}

/** Arguments of `DataflowEndpoint`. */
export interface DataflowEndpointArgs extends IotOperationsResourceArgs {
  /** The dataflow endpoint's name. */
  readonly dataflowEndpointName: pulumi.Input<string>;
}

/** The name arguments of each kind, outermost first, matching `armNameSegments` of a planned resource. */
export type NameArg =
  | 'brokerName' | 'listenerName' | 'authenticationName' | 'authorizationName'
  | 'dataflowProfileName' | 'dataflowName' | 'dataflowEndpointName';

/** The outputs every iotoperations resource has. */
export abstract class IotOperationsResource extends pulumi.CustomResource {
  // `declare`: the base constructor sets these outputs; a class field would reset them.
  /** The ARM resource name (the last segment). */
  declare public readonly name: pulumi.Output<string>;
  /** The ARM resource type. */
  declare public readonly type: pulumi.Output<string>;
  /** The ARM `properties`, as Azure returns them. */
  declare public readonly properties: pulumi.Output<JsonObject>;
  /** The custom location. */
  declare public readonly extendedLocation: pulumi.Output<{ name: string; type: string }>;
  /** Creation and modification metadata. */
  declare public readonly systemData: pulumi.Output<JsonObject>;
  /** The ARM API version the provider used. */
  declare public readonly azureApiVersion: pulumi.Output<string>;

  protected constructor(
    kind: string,
    name: string,
    args: IotOperationsResourceArgs & Partial<Record<NameArg, pulumi.Input<string>>>,
    nameArgs: readonly NameArg[],
    opts: pulumi.CustomResourceOptions = {},
  ) {
    const required = ['resourceGroupName', 'instanceName', 'extendedLocation', 'properties', ...nameArgs] as const;
    for (const key of required) {
      if ((args as unknown as Record<string, unknown>)?.[key] === undefined) {
        throw new Error(`${kind} "${name}": ${key} is missing. Pass it in the args.`);
      }
    }
    const inputs: pulumi.Inputs = {
      resourceGroupName: args.resourceGroupName,
      instanceName: args.instanceName,
      extendedLocation: args.extendedLocation,
      properties: args.properties,
      name: undefined,
      type: undefined,
      systemData: undefined,
      azureApiVersion: undefined,
    };
    for (const key of nameArgs) inputs[key] = args[key];
    const defaults: pulumi.CustomResourceOptions = { version: getVersion(), aliases: iotOperationsAliases(kind) };
    super(iotOperationsToken(kind, ARM.iotOperations), name, inputs, pulumi.mergeOptions(defaults, opts));
  }
}

/** The other tokens a kind has had: the SDK default and every other stable API version. */
function iotOperationsAliases(kind: string): pulumi.Alias[] {
  return [
    { type: iotOperationsToken(kind) },
    ...ARM_IOT_OPERATIONS_STABLE_VERSIONS.filter((v) => v !== ARM.iotOperations).map((v) => ({ type: iotOperationsToken(kind, v) })),
  ];
}

/** `Microsoft.IoTOperations/instances/brokers` at `ARM.iotOperations`. */
export class Broker extends IotOperationsResource {
  constructor(name: string, args: BrokerArgs, opts?: pulumi.CustomResourceOptions) {
    super('Broker', name, args, ['brokerName'], opts);
  }
}

/** `Microsoft.IoTOperations/instances/brokers/listeners` at `ARM.iotOperations`. */
export class BrokerListener extends IotOperationsResource {
  constructor(name: string, args: BrokerListenerArgs, opts?: pulumi.CustomResourceOptions) {
    super('BrokerListener', name, args, ['brokerName', 'listenerName'], opts);
  }
}

/** `Microsoft.IoTOperations/instances/brokers/authentications` at `ARM.iotOperations`. */
export class BrokerAuthentication extends IotOperationsResource {
  constructor(name: string, args: BrokerAuthenticationArgs, opts?: pulumi.CustomResourceOptions) {
    super('BrokerAuthentication', name, args, ['brokerName', 'authenticationName'], opts);
  }
}

/** `Microsoft.IoTOperations/instances/brokers/authorizations` at `ARM.iotOperations`. */
export class BrokerAuthorization extends IotOperationsResource {
  constructor(name: string, args: BrokerAuthorizationArgs, opts?: pulumi.CustomResourceOptions) {
    super('BrokerAuthorization', name, args, ['brokerName', 'authorizationName'], opts);
  }
}

/** `Microsoft.IoTOperations/instances/dataflowProfiles` at `ARM.iotOperations`. */
export class DataflowProfile extends IotOperationsResource {
  constructor(name: string, args: DataflowProfileArgs, opts?: pulumi.CustomResourceOptions) {
    super('DataflowProfile', name, args, ['dataflowProfileName'], opts);
  }
}

/** `Microsoft.IoTOperations/instances/dataflowProfiles/dataflows` at `ARM.iotOperations`. */
export class Dataflow extends IotOperationsResource {
  constructor(name: string, args: DataflowArgs, opts?: pulumi.CustomResourceOptions) {
    super('Dataflow', name, args, ['dataflowProfileName', 'dataflowName'], opts);
  }
}

/** `Microsoft.IoTOperations/instances/dataflowEndpoints` at `ARM.iotOperations`. */
export class DataflowEndpoint extends IotOperationsResource {
  constructor(name: string, args: DataflowEndpointArgs, opts?: pulumi.CustomResourceOptions) {
    super('DataflowEndpoint', name, args, ['dataflowEndpointName'], opts);
  }
}

/** How the renderer and the policy pack treat one ARM type. */
export interface IotOperationsKind {
  /** The kind, as in the Kubernetes custom resource and the type token. */
  readonly kind: string;
  /** The ARM resource type. */
  readonly armType: string;
  /** The arguments that name the resource, outermost first (`armNameSegments` order). */
  readonly nameArgs: readonly NameArg[];
  /** Creates the resource. */
  create(name: string, args: IotOperationsResourceArgs & Partial<Record<NameArg, pulumi.Input<string>>>, opts?: pulumi.CustomResourceOptions): IotOperationsResource;
}

/** The iotoperations kinds aio-secure renders, by ARM type. */
export const IOT_OPERATIONS_KINDS: ReadonlyMap<string, IotOperationsKind> = new Map(
  ([
    { kind: 'Broker', armType: ARM_TYPES.broker, nameArgs: ['brokerName'], create: (n, a, o) => new Broker(n, a as BrokerArgs, o) },
    {
      kind: 'BrokerListener', armType: ARM_TYPES.brokerListener, nameArgs: ['brokerName', 'listenerName'],
      create: (n, a, o) => new BrokerListener(n, a as BrokerListenerArgs, o),
    },
    {
      kind: 'BrokerAuthentication', armType: ARM_TYPES.brokerAuthentication, nameArgs: ['brokerName', 'authenticationName'],
      create: (n, a, o) => new BrokerAuthentication(n, a as BrokerAuthenticationArgs, o),
    },
    {
      kind: 'BrokerAuthorization', armType: ARM_TYPES.brokerAuthorization, nameArgs: ['brokerName', 'authorizationName'],
      create: (n, a, o) => new BrokerAuthorization(n, a as BrokerAuthorizationArgs, o),
    },
    {
      kind: 'DataflowProfile', armType: ARM_TYPES.dataflowProfile, nameArgs: ['dataflowProfileName'],
      create: (n, a, o) => new DataflowProfile(n, a as DataflowProfileArgs, o),
    },
    {
      kind: 'Dataflow', armType: ARM_TYPES.dataflow, nameArgs: ['dataflowProfileName', 'dataflowName'],
      create: (n, a, o) => new Dataflow(n, a as DataflowArgs, o),
    },
    {
      kind: 'DataflowEndpoint', armType: ARM_TYPES.dataflowEndpoint, nameArgs: ['dataflowEndpointName'],
      create: (n, a, o) => new DataflowEndpoint(n, a as DataflowEndpointArgs, o),
    },
  ] satisfies IotOperationsKind[]).map((k): [string, IotOperationsKind] => [k.armType, k]),
);
