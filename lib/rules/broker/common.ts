import { AIO } from '../../model/aio';
import { isJsonObject, type JsonObject, type Resource } from '../../model/resource';
import { K8S } from '../../model/versions';
import type { KindSelector } from '../types';

const group = K8S.mqttBroker.group;

/** Kind selectors of the broker resources. */
export const BROKER: KindSelector = { group, kind: 'Broker' };
export const LISTENER: KindSelector = { group, kind: 'BrokerListener' };
export const AUTHENTICATION: KindSelector = { group, kind: 'BrokerAuthentication' };
export const AUTHORIZATION: KindSelector = { group, kind: 'BrokerAuthorization' };

/** One port of a listener with its index in `spec.ports`. */
export interface ListenerPort {
  readonly index: number;
  readonly port: JsonObject;
  /** The port number, or `?` when it is not a number. */
  readonly number: number | string;
  /** JSON pointer of the port inside the object. */
  readonly path: string;
}

/** The ports of a BrokerListener. Throws (making the outcome unknown) when they are malformed. */
export function listenerPorts(listener: Resource): ListenerPort[] {
  const ports = listener.spec.ports;
  if (!Array.isArray(ports)) throw new Error('spec.ports is not a list');
  return ports.map((port, index) => {
    if (!isJsonObject(port)) throw new Error(`spec.ports[${index}] is not an object`);
    return { index, port, number: typeof port.port === 'number' ? port.port : '?', path: `/spec/ports/${index}` };
  });
}

/**
 * A port's tls block, or undefined when it has none. Throws (making the outcome unknown) when it is
 * there but not an object, e.g. `tls: false`, which must not count as TLS.
 */
export function tlsOf(p: ListenerPort): JsonObject | undefined {
  const tls = p.port.tls;
  if (tls === undefined || tls === null) return undefined;
  if (!isJsonObject(tls)) throw new Error(`spec.ports[${p.index}].tls is not an object`);
  return tls;
}

/**
 * Whether a port serves TLS: false without a tls block, true with mode Automatic or Manual. Throws
 * (making the outcome unknown) for a tls block whose mode is missing or anything else, such as
 * `Disabled`: the broker's only modes are Automatic and Manual, so such a port may well be plaintext.
 */
export function servesTls(p: ListenerPort): boolean {
  const tls = tlsOf(p);
  if (!tls) return false;
  if (sameEnum(tls.mode, 'Automatic') || sameEnum(tls.mode, 'Manual')) return true;
  throw new Error(`spec.ports[${p.index}].tls.mode ${tls.mode === undefined ? 'is missing' : `${JSON.stringify(tls.mode)} is neither Automatic nor Manual`}`);
}

/** Enum values compared the way the CRDs accept them (`Automatic` and `automatic`). */
export function sameEnum(value: unknown, expected: string): boolean {
  return typeof value === 'string' && value.toLowerCase() === expected.toLowerCase();
}

/**
 * The listener's service type with the CRD's default (`ClusterIp`) applied. Throws (making the
 * outcome unknown) when it is not a string, rather than guessing that the service is internal.
 */
export function serviceTypeOf(listener: Resource): string {
  const t = listener.spec.serviceType;
  if (t === undefined || t === null) return 'ClusterIp';
  if (typeof t !== 'string') throw new Error(`spec.serviceType ${JSON.stringify(t)} is not a string`);
  return t;
}

/** True when a listener's service is reachable from outside the cluster. */
export function isExposed(listener: Resource): boolean {
  const t = serviceTypeOf(listener);
  return sameEnum(t, 'LoadBalancer') || sameEnum(t, 'NodePort');
}

/** True for AIO's built-in internal port: listener `default`, port 18883. */
export function isAioDefaultPort(listener: Resource, port: ListenerPort): boolean {
  // Only as AIO makes it: internal (ClusterIp) and authenticated by AIO's own BrokerAuthentication.
  // Exposed, or with other authentication, it is an ordinary port and gets no special treatment.
  return listener.name === AIO.defaultListener.name && port.number === AIO.defaultListener.port
    && sameEnum(serviceTypeOf(listener), 'ClusterIp') && port.port.authenticationRef === AIO.defaultAuthenticationName;
}

/** A non-empty string field, or undefined. */
export function stringField(o: JsonObject, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}
