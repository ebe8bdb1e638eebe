import { ARM_TYPES, K8S } from './versions';

/** How one AIO kind maps between its Kubernetes custom resource and its ARM resource. */
export interface AioKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** ARM resource type. */
  readonly armType: string;
  /** The parent's kind where ARM nests the resource. */
  readonly parentKind?: string;
  /**
   * The CR spec field that names the parent (`brokerRef`), where the CR has one. ARM nests
   * instead, so the plan keeps it out of `spec` and in `parent`.
   */
  readonly parentField?: string;
  /** The parent's name when the CR does not say (AIO has one broker, `default`). */
  readonly defaultParentName?: string;
}

const broker = K8S.mqttBroker;
const connectivity = K8S.connectivity;

/** The AIO kinds the model knows, keyed by `group/Kind`. */
export const AIO_KINDS: ReadonlyMap<string, AioKind> = new Map(
  [
    { ...broker, kind: 'Broker', armType: ARM_TYPES.broker },
    { ...broker, kind: 'BrokerListener', armType: ARM_TYPES.brokerListener, parentKind: 'Broker', parentField: 'brokerRef', defaultParentName: 'default' },
    { ...broker, kind: 'BrokerAuthentication', armType: ARM_TYPES.brokerAuthentication, parentKind: 'Broker', defaultParentName: 'default' },
    { ...broker, kind: 'BrokerAuthorization', armType: ARM_TYPES.brokerAuthorization, parentKind: 'Broker', defaultParentName: 'default' },
    { ...connectivity, kind: 'DataflowProfile', armType: ARM_TYPES.dataflowProfile },
    { ...connectivity, kind: 'Dataflow', armType: ARM_TYPES.dataflow, parentKind: 'DataflowProfile', parentField: 'profileRef', defaultParentName: 'default' },
    { ...connectivity, kind: 'DataflowEndpoint', armType: ARM_TYPES.dataflowEndpoint },
  ].map((k): [string, AioKind] => [`${k.group}/${k.kind}`, k]),
);

/** The AIO kind for a group and kind, if the model knows it. */
export function aioKind(group: string, kind: string): AioKind | undefined {
  return AIO_KINDS.get(`${group}/${kind}`);
}
