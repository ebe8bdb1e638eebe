import { checkResources, K8S, type CheckResult, type JsonObject, type Profile, type Resource, type Rule, type Severity, type Waiver } from 'aio-secure';

/** Namespace of a default AIO deployment; the resources below live there unless told otherwise. */
export const NS = 'azure-iot-operations';

/** Options of the resource builders. */
export interface ResourceOptions {
  /** @default NS */
  readonly namespace?: string;
  /** @default `<namespace>/<Kind>/<name>`, the id the Kubernetes reader gives */
  readonly id?: string;
  readonly waivers?: readonly Waiver[];
}

/** A `mqttbroker.iotoperations.azure.com/v1` resource, shaped the way the Kubernetes reader shapes it. */
export function brokerResource(kind: string, name: string, spec: JsonObject, options: ResourceOptions = {}): Resource {
  const namespace = options.namespace ?? NS;
  return {
    id: options.id ?? `${namespace}/${kind}/${name}`,
    group: K8S.mqttBroker.group,
    version: K8S.mqttBroker.version,
    kind,
    name,
    namespace,
    ...(kind === 'Broker' ? {} : { parent: { kind: 'Broker', name: 'default', namespace } }),
    spec,
    ...(options.waivers ? { waivers: options.waivers } : {}),
  };
}

export const broker = (name: string, spec: JsonObject, o?: ResourceOptions) => brokerResource('Broker', name, spec, o);
export const listener = (name: string, spec: JsonObject, o?: ResourceOptions) => brokerResource('BrokerListener', name, spec, o);
export const authentication = (name: string, spec: JsonObject, o?: ResourceOptions) => brokerResource('BrokerAuthentication', name, spec, o);
export const authorization = (name: string, spec: JsonObject, o?: ResourceOptions) => brokerResource('BrokerAuthorization', name, spec, o);

/** A `cert-manager.io/v1` resource, shaped the way the Kubernetes reader shapes it. */
export function certManagerResource(kind: string, name: string, spec: JsonObject, options: ResourceOptions & { readonly clusterScoped?: boolean } = {}): Resource {
  const namespace = options.clusterScoped ? undefined : options.namespace ?? NS;
  return {
    id: options.id ?? (namespace ? `${namespace}/${kind}/${name}` : `${kind}/${name}`),
    group: K8S.certManager.group,
    version: K8S.certManager.version,
    kind,
    name,
    ...(namespace ? { namespace } : {}),
    spec,
    ...(options.waivers ? { waivers: options.waivers } : {}),
  };
}

export const certificate = (name: string, spec: JsonObject, o?: ResourceOptions) => certManagerResource('Certificate', name, spec, o);
export const issuer = (name: string, spec: JsonObject, o?: ResourceOptions) => certManagerResource('Issuer', name, spec, o);
export const clusterIssuer = (name: string, spec: JsonObject, o?: ResourceOptions) => certManagerResource('ClusterIssuer', name, spec, { ...o, clusterScoped: true });

/** A Certificate spec with `privateKey` set when one is given (undefined leaves it out, as cert-manager's defaults apply). */
export function certificateSpec(spec: JsonObject, privateKey?: unknown): JsonObject {
  return privateKey === undefined ? spec : { ...spec, privateKey: privateKey as JsonObject };
}

/** A ClusterIssuer of type CA that signs with the key pair in `secretName` (in cert-manager's namespace). */
export const caClusterIssuer = (name = 'plant-ca', secretName = 'plant-ca-key-pair') => clusterIssuer(name, { ca: { secretName } });

/** A cert-manager TLS block as SecureBroker writes it. */
export function automaticTls(overrides: JsonObject = {}): JsonObject {
  return {
    mode: 'Automatic',
    certManagerCertificateSpec: {
      issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'plant-ca' },
      san: { dns: ['mqtt.plant.example'], ip: [] },
      privateKey: { algorithm: 'Ec256', rotationPolicy: 'Always' },
      ...overrides,
    },
  };
}

/** A BrokerAuthentication that passes authentication-x509-or-sat. */
export const x509Authentication = (name = 'authn', o?: ResourceOptions) =>
  authentication(name, { authenticationMethods: [{ method: 'X509', x509Settings: { trustedClientCaCert: 'client-ca' } }] }, o);

/** A BrokerAuthorization that passes authorization-least-privilege. */
export const narrowAuthorization = (name = 'authz', o?: ResourceOptions) =>
  authorization(name, {
    authorizationPolicies: {
      rules: [{
        principals: { usernames: ['line-1-sensor'] },
        brokerResources: [{ method: 'Connect' }, { method: 'Publish', topics: ['plant/line-1/telemetry'] }],
      }],
    },
  }, o);

/** How a case expects the rule to end. */
export type Expectation =
  | { readonly outcome: 'valid' }
  | {
    readonly outcome: 'invalid';
    /** Message ids of the rule's findings, in report order. */
    readonly messageIds: readonly string[];
    /** Full messages, when the case pins them. */
    readonly messages?: readonly string[];
    /** JSON pointers of the findings, when the case pins them. */
    readonly paths?: readonly string[];
  }
  | { readonly outcome: 'not-applicable'; readonly reason: string }
  | { readonly outcome: 'unknown'; /** Text the reason must contain. */ readonly reason: string };

/** One row of a rule's table. */
export interface RuleCase {
  readonly name: string;
  /** The whole deployment: the resources under test and whatever they reference. */
  readonly resources: readonly Resource[];
  /** @default 'production' */
  readonly profile?: Profile;
  readonly expect: Expectation;
}

/** What an internal placeholder or an unresolved ARM expression looks like in a message. */
export const LEAKED_PLACEHOLDER = /\b(ref|parameter)\(|\[\w+\(/;

/** Runs one rule, alone, over a deployment. */
export function runRule(rule: Rule, resources: readonly Resource[], profile: Profile = 'production'): CheckResult {
  return checkResources(resources, { rules: [rule], profile });
}

/**
 * Generates one test per case, plus a test that the invalid cases between them produce every
 * message the rule has (so a new message cannot go untested).
 */
export function ruleTable(rule: Rule, cases: readonly RuleCase[]): void {
  const expectedSeverity = (profile: Profile) => rule.severity[profile] as Severity;

  test.each(cases.map((c) => [`${c.expect.outcome}: ${c.name}`, c] as const))('%s', (_title, c) => {
    const profile = c.profile ?? 'production';
    const result = runRule(rule, c.resources, profile);
    const own = result.notApplicable.filter((n) => n.rule === rule.name);
    // No internal placeholder (`ref(<id>).principalId`, `parameter(x)`) or raw ARM expression
    // (`[parameters('x')]`) reaches a user, in a finding or in the reason of an unknown.
    for (const f of result.findings) expect(f.message).not.toMatch(LEAKED_PLACEHOLDER);
    const e = c.expect;
    switch (e.outcome) {
      case 'valid':
        // Compliant means: the rule ran on something, found nothing, and did not bow out.
        expect(result.summary.checked).toBeGreaterThan(0);
        expect(result.findings).toEqual([]);
        expect(own).toEqual([]);
        break;
      case 'invalid':
        expect(result.findings.map((f) => f.messageId)).toEqual(e.messageIds);
        for (const f of result.findings) {
          expect(f).toMatchObject({ rule: rule.name, outcome: 'finding', severity: expectedSeverity(profile), waived: false, guidance: rule.guidance });
          expect(f.message).not.toMatch(/\{\w+\}/); // every placeholder was filled
        }
        if (e.messages) expect(result.findings.map((f) => f.message)).toEqual(e.messages);
        if (e.paths) expect(result.findings.map((f) => f.path)).toEqual(e.paths);
        expect(own).toEqual([]);
        break;
      case 'not-applicable':
        expect(result.findings).toEqual([]);
        expect(own.map((n) => n.reason)).toEqual([e.reason]);
        break;
      case 'unknown':
        // A rule that cannot decide is never a pass: it is a finding at the rule's severity.
        expect(result.findings).toHaveLength(1);
        expect(result.findings[0]).toMatchObject({ rule: rule.name, outcome: 'unknown', messageId: 'unknown', severity: expectedSeverity(profile), waived: false });
        expect(result.findings[0].message).toContain(`Could not decide: rule ${rule.name} failed on this object: `);
        expect(result.findings[0].message).toContain(e.reason);
        expect(result.summary.unknown).toBe(1);
        expect(own).toEqual([]);
        break;
    }
  });

  test('the invalid cases produce every message of the rule', () => {
    const seen = new Set(cases.flatMap((c) => (c.expect.outcome === 'invalid' ? c.expect.messageIds : [])));
    expect([...seen].sort()).toEqual(Object.keys(rule.messages).sort());
  });

  test('the table has valid, invalid and unknown cases and pins at least one full message', () => {
    const outcomes = new Set(cases.map((c) => c.expect.outcome));
    for (const o of ['valid', 'invalid', 'unknown'] as const) expect(outcomes.has(o)).toBe(true);
    expect(cases.some((c) => c.expect.outcome === 'invalid' && c.expect.messages?.length)).toBe(true);
  });
}
