/**
 * The neutral description of one deployable object. Constructs plan `Resource`s; renderers turn
 * them into cdk8s objects, Pulumi resources or ARM templates; readers turn foreign manifests back
 * into them; rules and analyses only ever see `Resource`s.
 */

/** A JSON value, as it appears in a spec. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** A reference to another resource by kind and name (for example a listener's parent broker). */
export interface ResourceRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** A waiver of one rule for one resource, with a reason, an owner and an expiry. */
export interface Waiver {
  /** The rule's kebab-case name, e.g. `listener-requires-tls`. */
  readonly rule: string;
  /**
   * What the waiver covers: `Kind/name`, `namespace/Kind/name` or a logical id; `*` globs are
   * allowed. Omitted on waivers attached to a resource, which cover that resource.
   */
  readonly target?: string;
  /**
   * Narrows the waiver to findings at this JSON pointer or below it (e.g. `/spec/ports/1` for one
   * port). Without it the waiver covers every finding of the rule on the target.
   */
  readonly path?: string;
  /** Why the risk is accepted; must be substantive (at least 20 characters, not a placeholder). */
  readonly reason: string;
  /** Who accepted the risk (a person or team). */
  readonly owner: string;
  /** The last day the waiver applies, as `YYYY-MM-DD`. */
  readonly expires: string;
}

/** Where a resource was read from, for reports. */
export interface SourceLocation {
  /** File path as given, or `<stdin>`. */
  readonly file: string;
  /** Zero-based index of the YAML document in the file. */
  readonly document?: number;
  /** One-based line where the object starts. */
  readonly line?: number;
  /** JSON pointer of the object inside its document (for `kind: List` items). */
  readonly pointer?: string;
}

/** One planned or read object. */
export interface Resource {
  /**
   * Stable logical id. For planned resources it is part of the API (cdk8s construct ids and Pulumi
   * names derive from it); for read resources it is the one recorded at render time, or
   * `namespace/Kind/name` (`Kind/name` for cluster-scoped objects).
   */
  readonly id: string;
  /** API group; empty for the Kubernetes core group. */
  readonly group: string;
  /** API version within the group, e.g. `v1`. */
  readonly version: string;
  /** Kind, e.g. `BrokerListener`. */
  readonly kind: string;
  /** Object name. */
  readonly name: string;
  /** Kubernetes namespace, for namespaced objects. */
  readonly namespace?: string;
  /** Parent resource where ARM nests this one (a listener's broker). */
  readonly parent?: ResourceRef;
  /** ARM resource type where the object exists in Azure Resource Manager. */
  readonly armType?: string;
  /** Kubernetes labels. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Kubernetes annotations (aio-secure's own bookkeeping annotations are not kept here). */
  readonly annotations?: Readonly<Record<string, string>>;
  /** The object's spec, which for AIO resources is the ARM `properties` object. */
  readonly spec: JsonObject;
  /** Waivers that travel with the resource (for example from an explicit opt-out). */
  readonly waivers?: readonly Waiver[];
  /** Where a reader found it. Planned resources have none. */
  readonly source?: SourceLocation;
  /**
   * JSON pointers (within the object, e.g. `/spec/ports/0/tls`) of values a reader could not
   * resolve, such as ARM template expressions that depend on deployment-time values. The rules
   * engine never lets such a resource pass: a rule that finds nothing on it reports `unknown`.
   */
  readonly unresolved?: readonly string[];
  /**
   * Values of the spec that are not known when planning: another planned resource's attribute
   * (an identity's `principalId`, a vault's resource `id`) or a deployment parameter (the
   * connected cluster's OIDC issuer URL). The spec holds a readable placeholder at each pointer
   * (`referencePlaceholder`); renderers replace it (ARM: `reference(...)`/`resourceId(...)`/
   * `parameters(...)` expressions; Pulumi: the child's output or an input), rules follow it to the
   * resource it names. See `lib/model/azure.ts`.
   */
  readonly references?: readonly ResourceReference[];
}

/** An attribute of a planned resource that other resources can use before it exists. */
export type ReferenceAttribute = 'id' | 'name' | 'principalId' | 'clientId' | 'tenantId';

/**
 * One value of a spec that is known only at deployment: either an attribute of another planned
 * resource, or a named deployment parameter (an ARM template parameter, a Pulumi input).
 */
export type ResourceReference =
  | {
      /** JSON pointer within the resource, e.g. `/spec/properties/principalId`. */
      readonly pointer: string;
      /** Logical id of the planned resource whose attribute it is. */
      readonly resource: string;
      readonly attribute: ReferenceAttribute;
      /**
       * With attribute `id` only: the id of a child of that resource which is not planned (a Key
       * Vault secret, whose value aio-secure never holds): `<id>/<type>/<name>`, e.g. `{ type:
       * 'secrets', name: 'plant-a-ca-crt' }`. See `referencePlaceholder` in lib/model/azure.ts.
       */
      readonly child?: { readonly type: string; readonly name: string };
    }
  | {
      readonly pointer: string;
      /** Name of the deployment parameter, e.g. `oidcIssuerUrl`. */
      readonly parameter: string;
      /** What the parameter is, for the ARM template and for error messages. */
      readonly description: string;
    };

/** `group/version`, or `version` for the core group. */
export function apiVersionOf(r: Pick<Resource, 'group' | 'version'>): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** `Kind/name` or `Kind/namespace/name`: how reports and waivers name a resource. */
export function displayName(r: Pick<Resource, 'kind' | 'name' | 'namespace'>): string {
  return r.namespace ? `${r.kind}/${r.namespace}/${r.name}` : `${r.kind}/${r.name}`;
}

/** True when `value` is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
