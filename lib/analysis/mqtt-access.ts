import { isJsonObject, type JsonObject, type JsonValue, type Resource } from '../model/resource';
import { K8S } from '../model/versions';
import { DeploymentIndex } from '../rules/deployment-index';

/**
 * The MQTT access simulator: from BrokerListeners, BrokerAuthentications and
 * BrokerAuthorizations (aio-secure's or anyone's), who may connect, publish and subscribe where.
 *
 * Semantics, as the AIO broker documents them:
 * - authorization is allow-only; a policy with no rules denies everything;
 * - a rule applies when any of its principals matches (a client id, a username, or an attribute
 *   set whose every pair the client has); the rules of a policy are a union;
 * - topic filters use MQTT matching (`+` one level, `#` the rest including the parent level), a
 *   filter starting with a wildcard does not match topics starting with `$`, and a shared
 *   subscription `$share/<group>/<filter>` is authorized as `<filter>`;
 * - `{principal.clientId}`, `{principal.username}` and `{principal.attributes.<k>}` stand for the
 *   client's own values, compared literally as one whole level (a client id of `+` is not a wildcard);
 * - a port without authenticationRef admits anyone, and then ignores its authorizationRef; a port
 *   with authentication but no authorization lets every authenticated client do everything.
 * Authentication itself (certificates, tokens) is assumed to succeed for the principal asked about.
 */

/** The client asked about: what the broker knows of it after authentication. */
export interface MqttPrincipal {
  readonly clientId?: string;
  /** Username; for X.509 clients the certificate's CN. */
  readonly username?: string;
  /** Attributes (X.509 `authorizationAttributes`, SAT `aio-broker-auth/<key>` annotations). */
  readonly attributes?: Readonly<Record<string, string>>;
}

/** What the client wants to do. */
export type MqttAction = 'connect' | 'publish' | 'subscribe';

/** How a listener port protects the broker. */
export type PortProtection =
  /** Authentication and an authorization policy. */
  | 'authorized'
  /** Authentication without authorization: every authenticated client may do everything. */
  | 'authenticated-only'
  /** No authentication: anyone may do everything (an authorizationRef is ignored). */
  | 'open'
  /** The referenced BrokerAuthorization is not among the resources: the answer is unknown. */
  | 'unknown-authorization';

/** One listener port and how it is protected. */
export interface PortAccess {
  readonly listener: string;
  readonly namespace?: string;
  readonly port: number;
  readonly authenticationRef?: string;
  readonly authorizationRef?: string;
  readonly protection: PortProtection;
}

/** Where a grant came from. */
export interface Grant {
  /** BrokerAuthorization name. */
  readonly authorization: string;
  /** Index of the rule in `authorizationPolicies.rules`. */
  readonly rule: number;
  /** The granted topic filter as written (publish and subscribe). */
  readonly filter?: string;
}

/** The answer for one port. */
export interface AccessDecision {
  readonly port: PortAccess;
  /** `true` allowed, `false` denied, `undefined` unknown (the authorization is not in the input). */
  readonly allowed: boolean | undefined;
  /** Why, in one sentence. */
  readonly reason: string;
  /** The grants that allow it (empty when denied or not decided by a policy). */
  readonly grants: readonly Grant[];
}

/** A question to the simulator. */
export interface AccessQuery {
  readonly principal: MqttPrincipal;
  readonly action: MqttAction;
  /** A topic name for publish; a topic filter for subscribe; unused for connect. */
  readonly topic?: string;
  /** Only ports of this listener. */
  readonly listener?: string;
  /** Only this port number. */
  readonly port?: number;
}

type Level = { readonly kind: 'literal'; readonly value: string } | { readonly kind: 'plus' } | { readonly kind: 'hash' } | { readonly kind: 'sub'; readonly key: string };

interface CompiledRule {
  readonly index: number;
  readonly clientIds: readonly string[];
  readonly usernames: readonly string[];
  readonly attributes: readonly Readonly<Record<string, string>>[];
  readonly connect: readonly { readonly clientIds: readonly string[] }[];
  readonly publish: readonly { readonly filter: string; readonly levels: readonly Level[] }[];
  readonly subscribe: readonly { readonly filter: string; readonly levels: readonly Level[] }[];
}

interface CompiledPolicy {
  readonly name: string;
  readonly rules: readonly CompiledRule[];
  /** Rules by the client ids and usernames they name, and the rules with attribute sets. */
  readonly byClientId: ReadonlyMap<string, readonly CompiledRule[]>;
  readonly byUsername: ReadonlyMap<string, readonly CompiledRule[]>;
  /** Rules with attribute sets, by one `key=value` pair of each set (every set needs all its pairs). */
  readonly byAttribute: ReadonlyMap<string, readonly CompiledRule[]>;
}

const group = K8S.mqttBroker.group;

/** A model of who may do what on a broker, built once and queried many times. */
export class MqttAccessModel {
  /** Builds the model from any mix of resources; other kinds are ignored. */
  public static fromResources(resources: readonly Resource[]): MqttAccessModel {
    return new MqttAccessModel(resources);
  }

  /** Every listener port, in input order. */
  public readonly ports: readonly PortAccess[];
  private readonly policies = new Map<string, CompiledPolicy>();

  private constructor(resources: readonly Resource[]) {
    const index = new DeploymentIndex(resources);
    for (const authz of index.ofKind(group, 'BrokerAuthorization')) {
      this.policies.set(policyKey(authz.name, authz.namespace), compilePolicy(authz));
    }
    const ports: PortAccess[] = [];
    for (const listener of index.ofKind(group, 'BrokerListener')) {
      const list = listener.spec.ports;
      if (!Array.isArray(list)) continue;
      for (const p of list) {
        if (!isJsonObject(p) || typeof p.port !== 'number') continue;
        const authenticationRef = nonEmpty(p.authenticationRef);
        const authorizationRef = nonEmpty(p.authorizationRef);
        let protection: PortProtection;
        if (!authenticationRef) protection = 'open';
        else if (!authorizationRef) protection = 'authenticated-only';
        else protection = this.policyFor(authorizationRef, listener.namespace) ? 'authorized' : 'unknown-authorization';
        ports.push({
          listener: listener.name,
          ...(listener.namespace ? { namespace: listener.namespace } : {}),
          port: p.port,
          ...(authenticationRef ? { authenticationRef } : {}),
          ...(authorizationRef ? { authorizationRef } : {}),
          protection,
        });
      }
    }
    this.ports = ports;
  }

  /** The decision on every matching port. */
  public decide(query: AccessQuery): AccessDecision[] {
    if ((query.action === 'publish' || query.action === 'subscribe') && (query.topic === undefined || query.topic === '')) {
      throw new Error(`A ${query.action} query needs a topic.`);
    }
    return this.ports
      .filter((p) => (query.listener === undefined || p.listener === query.listener) && (query.port === undefined || p.port === query.port))
      .map((port) => this.decideOnPort(port, query));
  }

  /** The names of the BrokerAuthorizations in the model. */
  public get authorizations(): string[] {
    return [...this.policies.values()].map((p) => p.name);
  }

  /**
   * Every principal the authorizations name, as one principal per client id, username and
   * attribute set: the rows of an access matrix.
   */
  public namedPrincipals(): MqttPrincipal[] {
    const seen = new Set<string>();
    const out: MqttPrincipal[] = [];
    const add = (p: MqttPrincipal) => {
      const k = JSON.stringify(p);
      if (!seen.has(k)) {
        seen.add(k);
        out.push(p);
      }
    };
    for (const policy of this.policies.values()) {
      for (const rule of policy.rules) {
        // Client ids only restrict Connect: a principal named by username or attributes connects
        // with a literal client id its rule allows, or it could not connect at all.
        const connectId = rule.connect.flatMap((c) => c.clientIds).find((id) => !/[*{}+#]/.test(id));
        const connecting = (p: MqttPrincipal): MqttPrincipal => (connectId !== undefined ? { clientId: connectId, ...p } : p);
        rule.clientIds.forEach((clientId) => add({ clientId }));
        rule.usernames.forEach((username) => add(connecting({ username })));
        rule.attributes.forEach((attributes) => add(connecting({ attributes })));
      }
    }
    return out;
  }

  /** Every topic filter the authorizations grant, for publish or subscribe: the matrix's columns. */
  public grantedFilters(action: 'publish' | 'subscribe'): string[] {
    const out = new Set<string>();
    for (const policy of this.policies.values()) {
      for (const rule of policy.rules) for (const g of rule[action]) out.add(g.filter);
    }
    return [...out];
  }

  private policyFor(ref: string, namespace: string | undefined): CompiledPolicy | undefined {
    return this.policies.get(policyKey(ref, namespace)) ?? this.policies.get(policyKey(ref, undefined))
      ?? (namespace === undefined ? [...this.policies.values()].find((p) => p.name === ref) : undefined);
  }

  private decideOnPort(port: PortAccess, q: AccessQuery): AccessDecision {
    switch (port.protection) {
      case 'open':
        return { port, allowed: true, grants: [], reason: port.authorizationRef
          ? `port ${port.port} has no authentication, so its authorization ${port.authorizationRef} is not applied and anyone may ${q.action}`
          : `port ${port.port} has no authentication: anyone may ${q.action}` };
      case 'authenticated-only':
        return { port, allowed: true, grants: [], reason: `port ${port.port} has no authorization: every authenticated client may ${q.action}` };
      case 'unknown-authorization':
        return { port, allowed: undefined, grants: [], reason: `BrokerAuthorization ${port.authorizationRef} is not among the resources` };
      case 'authorized':
        break;
    }
    const policy = this.policyFor(port.authorizationRef!, port.namespace)!;
    const matching = matchingRules(policy, q.principal);
    const connectGrants = matching
      .filter((r) => r.connect.some((c) => c.clientIds.length === 0 || (q.principal.clientId !== undefined && c.clientIds.includes(q.principal.clientId))))
      .map((r) => ({ authorization: policy.name, rule: r.index }));
    if (connectGrants.length === 0) {
      return { port, allowed: false, grants: [], reason: `no rule of ${policy.name} lets this client connect` };
    }
    if (q.action === 'connect') return { port, allowed: true, grants: connectGrants, reason: `rule ${connectGrants[0].rule} of ${policy.name} lets it connect` };

    const wanted = q.action === 'subscribe' ? stripShare(q.topic!) : q.topic!;
    const grants: Grant[] = [];
    for (const r of matching) {
      for (const g of r[q.action]) {
        const covered = q.action === 'publish' ? topicMatches(g.levels, wanted, q.principal) : filterCovers(g.levels, wanted, q.principal);
        if (covered) grants.push({ authorization: policy.name, rule: r.index, filter: g.filter });
      }
    }
    if (grants.length === 0) return { port, allowed: false, grants, reason: `no rule of ${policy.name} grants ${q.action} on "${q.topic}" to this client` };
    return { port, allowed: true, grants, reason: `rule ${grants[0].rule} of ${policy.name} grants ${q.action} on "${grants[0].filter}"` };
  }
}

function policyKey(name: string, namespace: string | undefined): string {
  return `${namespace ?? ''}/${name}`;
}

function nonEmpty(v: JsonValue | undefined): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function strings(v: JsonValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function compilePolicy(authz: Resource): CompiledPolicy {
  const policies = isJsonObject(authz.spec.authorizationPolicies) ? authz.spec.authorizationPolicies : {};
  const list = Array.isArray(policies.rules) ? policies.rules : [];
  const rules = compileRules(list);
  const byClientId = new Map<string, CompiledRule[]>();
  const byUsername = new Map<string, CompiledRule[]>();
  const add = (map: Map<string, CompiledRule[]>, key: string, rule: CompiledRule) => {
    const l = map.get(key);
    if (!l) map.set(key, [rule]);
    else if (l[l.length - 1] !== rule) l.push(rule);
  };
  const byAttribute = new Map<string, CompiledRule[]>();
  for (const r of rules) {
    r.clientIds.forEach((id) => add(byClientId, id, r));
    r.usernames.forEach((u) => add(byUsername, u, r));
    for (const set of r.attributes) {
      const first = Object.keys(set).sort()[0];
      if (first !== undefined) add(byAttribute, attributeKey(first, set[first]), r);
    }
  }
  return { name: authz.name, rules, byClientId, byUsername, byAttribute };
}

function attributeKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

function compileRules(rules: readonly JsonValue[]): CompiledRule[] {
  return rules.filter(isJsonObject).map((rule, index): CompiledRule => {
      const principals: JsonObject = isJsonObject(rule.principals) ? rule.principals : {};
      const resources = (Array.isArray(rule.brokerResources) ? rule.brokerResources : []).filter(isJsonObject);
      const of = (method: string) => resources.filter((r) => typeof r.method === 'string' && r.method.toLowerCase() === method);
      const filters = (method: string) => of(method).flatMap((r) => strings(r.topics)).map((filter) => ({ filter, levels: parseFilter(filter) }));
      return {
        index,
        clientIds: strings(principals.clientIds),
        usernames: strings(principals.usernames),
        attributes: (Array.isArray(principals.attributes) ? principals.attributes : []).filter(isJsonObject)
          .map((set) => Object.fromEntries(Object.entries(set).filter((e): e is [string, string] => typeof e[1] === 'string'))),
        connect: of('connect').map((r) => ({ clientIds: strings(r.clientIds) })),
        publish: filters('publish'),
        subscribe: filters('subscribe'),
      };
    });
}

/** The rules of a policy whose principals match, in rule order, found through the indexes. */
function matchingRules(policy: CompiledPolicy, p: MqttPrincipal): CompiledRule[] {
  const found = new Set<CompiledRule>([
    ...(p.clientId !== undefined ? policy.byClientId.get(p.clientId) ?? [] : []),
    ...(p.username !== undefined ? policy.byUsername.get(p.username) ?? [] : []),
    ...Object.entries(p.attributes ?? {})
      .flatMap(([k, v]) => policy.byAttribute.get(attributeKey(k, v)) ?? [])
      .filter((r) => principalMatches(r, p)),
  ]);
  return [...found].sort((a, b) => a.index - b.index);
}

function principalMatches(rule: CompiledRule, p: MqttPrincipal): boolean {
  if (p.clientId !== undefined && rule.clientIds.includes(p.clientId)) return true;
  if (p.username !== undefined && rule.usernames.includes(p.username)) return true;
  const attrs = p.attributes ?? {};
  return rule.attributes.some((set) => Object.keys(set).length > 0 && Object.entries(set).every(([k, v]) => attrs[k] === v));
}

const SUB = /^\{principal\.(clientId|username|attributes\.[A-Za-z0-9_.-]+)\}$/;

/** Splits a granted filter into levels; a substitution is only one when it is the whole level. */
export function parseFilter(filter: string): Level[] {
  return filter.split('/').map((l): Level => {
    if (l === '+') return { kind: 'plus' };
    if (l === '#') return { kind: 'hash' };
    const m = SUB.exec(l);
    return m ? { kind: 'sub', key: m[1] } : { kind: 'literal', value: l };
  });
}

function substitute(key: string, p: MqttPrincipal): string | undefined {
  if (key === 'clientId') return p.clientId;
  if (key === 'username') return p.username;
  return p.attributes?.[key.slice('attributes.'.length)];
}

/** `$share/<group>/<filter>` is authorized as `<filter>`. */
export function stripShare(filter: string): string {
  const m = /^\$share\/[^/]+\/(.*)$/.exec(filter);
  return m ? m[1] : filter;
}

/**
 * True when the granted filter matches the topic name (publish). Asked with a filter, it answers
 * whether the client may publish to every topic that filter matches.
 */
function topicMatches(granted: readonly Level[], topic: string, p: MqttPrincipal): boolean {
  return filterCovers(granted, topic, p);
}

/**
 * A granted filter written for a principal (`plant/{principal.clientId}/#` for client `s-1` is
 * `plant/s-1/#`), or undefined when the principal lacks a value it needs.
 */
export function instantiateFilter(filter: string, p: MqttPrincipal): string | undefined {
  const out: string[] = [];
  for (const level of parseFilter(filter)) {
    if (level.kind === 'sub') {
      const v = substitute(level.key, p);
      if (v === undefined) return undefined;
      out.push(v);
    } else out.push(level.kind === 'literal' ? level.value : level.kind === 'plus' ? '+' : '#');
  }
  return out.join('/');
}

/** One row of an access matrix. */
export interface AccessMatrixRow {
  readonly principal: MqttPrincipal;
  /** Per filter (same order as `filters`): may publish, may subscribe (`undefined`: unknown). */
  readonly cells: readonly { readonly publish: boolean | undefined; readonly subscribe: boolean | undefined }[];
}

/** Principals x topic filters on one port. */
export interface AccessMatrix {
  readonly port: PortAccess;
  readonly filters: readonly string[];
  readonly rows: readonly AccessMatrixRow[];
}

/**
 * The access matrix on each port: every named principal against every granted filter (filters
 * with substitutions are written for each principal before asking).
 */
export function accessMatrix(model: MqttAccessModel, options: { readonly port?: number; readonly listener?: string } = {}): AccessMatrix[] {
  const filters = [...new Set([...model.grantedFilters('publish'), ...model.grantedFilters('subscribe')])];
  const principals = model.namedPrincipals();
  return model.ports
    .filter((p) => (options.port === undefined || p.port === options.port) && (options.listener === undefined || p.listener === options.listener))
    .map((port) => ({
      port,
      filters,
      rows: principals.map((principal) => ({
        principal,
        cells: filters.map((f) => {
          const topic = instantiateFilter(f, principal);
          if (topic === undefined) return { publish: false, subscribe: false };
          const ask = (action: 'publish' | 'subscribe') =>
            model.decide({ principal, action, topic, port: port.port, listener: port.listener })[0]?.allowed;
          return { publish: ask('publish'), subscribe: ask('subscribe') };
        }),
      })),
    }));
}

/**
 * True when every topic the wanted filter can match is matched by the granted filter (for a topic
 * name: the granted filter matches it).
 */
function filterCovers(granted: readonly Level[], wanted: string, p: MqttPrincipal): boolean {
  const w = wanted.split('/');
  // MQTT: a filter starting with a wildcard does not match topics starting with "$".
  if (w[0].startsWith('$') && (granted[0]?.kind === 'plus' || granted[0]?.kind === 'hash')) return false;
  for (let i = 0; i < granted.length; i++) {
    const g = granted[i];
    if (g.kind === 'hash') return true; // matches the rest, and the parent level itself
    if (i >= w.length) return false;
    const level = w[i];
    if (level === '#') return false; // only "#" covers "#"
    if (g.kind === 'plus') continue; // one level: a literal or "+"
    if (level === '+') return false; // a literal cannot cover a wildcard level
    const value = g.kind === 'literal' ? g.value : substitute(g.key, p);
    if (value === undefined || value !== level) return false;
  }
  return w.length === granted.length;
}
