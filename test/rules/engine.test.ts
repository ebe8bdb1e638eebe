import { checkResources, defineRule, isWaivable, RULES, SEVERITIES, type CheckResult, type Resource, type Waiver } from 'aio-secure';
import { exposedAnonymousPlaintextListener } from '../../lib/rules/broker/exposed-anonymous-plaintext-listener';
import { listenerRequiresAuthentication } from '../../lib/rules/broker/listener-requires-authentication';
import { listenerRequiresTls } from '../../lib/rules/broker/listener-requires-tls';
import { LISTENER } from '../../lib/rules/broker/common';
import { authorization, automaticTls, listener, narrowAuthorization, NS, x509Authentication } from './helpers';

const NOW = new Date('2025-06-01T12:00:00Z');
const REASON = 'Lab listener on isolated VLAN 12; carries no plant data';

/** A listener with one plaintext port: listener-requires-tls reports it once. */
const plain = (name = 'plain', extra: Partial<Resource> = {}): Resource => ({ ...listener(name, { ports: [{ port: 1883, authenticationRef: 'authn' }] }), ...extra });
const waiver = (over: Partial<Waiver> = {}): Waiver => ({ rule: 'listener-requires-tls', reason: REASON, owner: 'ot-platform', expires: '2025-12-31', ...over });
const tlsOnly = (resources: Resource[], waivers: Waiver[] = [], now = NOW) => checkResources(resources, { rules: [listenerRequiresTls], waivers, now });

/** Summary counts recomputed from the findings, to hold the summary to them. */
function recount(r: CheckResult) {
  const bySeverity = (pick: (f: CheckResult['findings'][number]) => boolean) =>
    Object.fromEntries(SEVERITIES.map((s) => [s, r.findings.filter((f) => f.severity === s && pick(f)).length]));
  return {
    total: bySeverity(() => true),
    unwaived: bySeverity((f) => !f.waived),
    waived: r.findings.filter((f) => f.waived).length,
    unknown: r.findings.filter((f) => f.outcome === 'unknown').length,
    unusedWaivers: r.unusedWaivers.length,
    waiverProblems: r.waiverProblems.length,
    passed: !r.findings.some((f) => f.severity === 'error' && !f.waived),
  };
}

describe('checkResources: a finding and what it carries', () => {
  test('names the rule, its guidance, the resource, the field and the message', () => {
    const r = tlsOnly([plain()]);
    expect(r.findings).toEqual([{
      rule: 'listener-requires-tls',
      guidance: ['CN-1'],
      severity: 'error',
      outcome: 'finding',
      messageId: 'noTls',
      message: 'Port 1883 of listener plain has no TLS.',
      resource: { id: `${NS}/BrokerListener/plain`, apiVersion: 'mqttbroker.iotoperations.azure.com/v1', kind: 'BrokerListener', name: 'plain', namespace: NS },
      path: '/spec/ports/0',
      waived: false,
    }]);
    expect(r.summary.passed).toBe(false);
  });

  test('the profile defaults to production', () => {
    const exposed = listener('x', { serviceType: 'LoadBalancer', ports: [{ port: 1883 }] });
    const r = checkResources([exposed], { rules: [exposedAnonymousPlaintextListener] });
    expect(r.summary.profile).toBe('production');
    expect(r.findings.map((f) => f.severity)).toEqual(['error']);
  });
});

describe('global waivers: target matching', () => {
  const custom = plain('plain', { id: 'site-a/broker/listener-plain' });
  test.each([
    ['Kind/name', 'BrokerListener/plain'],
    ['namespace/Kind/name', `${NS}/BrokerListener/plain`],
    ['the logical id', 'site-a/broker/listener-plain'],
    ['a glob over names', 'BrokerListener/*'],
    ['a glob inside a segment', `*/BrokerListener/pl*`],
    ['a glob over ids', 'site-a/*'],
    ['everything', '*'],
  ])('%s (%s) waives the finding', (_what, target) => {
    const w = waiver({ target });
    const r = tlsOnly([custom], [w]);
    expect(r.findings.map((f) => [f.messageId, f.waived])).toEqual([['noTls', true]]);
    expect(r.findings[0].waiver).toEqual({ ...w, expired: false });
    expect(r.findings[0].message).toBe('Port 1883 of listener plain has no TLS.');
    expect(r.summary).toMatchObject({ waived: 1, unwaived: { error: 0, warning: 0, info: 0 }, total: { error: 1, warning: 0, info: 0 }, passed: true, unusedWaivers: 0 });
    expect(r.unusedWaivers).toEqual([]);
    expect(r.waiverProblems).toEqual([]);
  });

  test.each([
    ['a prefix of the name (targets are anchored)', 'BrokerListener/pla'],
    ['a longer name', 'BrokerListener/plain-2'],
    ['a suffix of a name (anchored at the start too)', 'Listener/plain'],
    ['another kind', 'Broker/plain'],
    ['another namespace', 'other/BrokerListener/plain'],
    ['"." is literal, not a regex wildcard', 'BrokerListener.plain'],
    ['the reader-style id when the resource has another id', `${NS}/BrokerListener/plain-x`],
  ])('%s (%s) does not waive it, and the waiver is unused', (_what, target) => {
    const w = waiver({ target });
    const r = tlsOnly([custom], [w]);
    expect(r.findings.map((f) => [f.messageId, f.waived])).toEqual([['noTls', false]]);
    expect(r.findings[0]).not.toHaveProperty('waiver');
    expect(r.unusedWaivers).toEqual([w]);
    expect(r.summary).toMatchObject({ waived: 0, unusedWaivers: 1, passed: false });
  });

  test('a waiver covers only its own rule', () => {
    const r = checkResources([listener('open', { ports: [{ port: 1883 }] })], {
      rules: [listenerRequiresTls, listenerRequiresAuthentication],
      waivers: [waiver({ rule: 'listener-requires-authentication', target: 'BrokerListener/open' })],
      now: NOW,
    });
    expect(r.findings.map((f) => [f.rule, f.waived])).toEqual([['listener-requires-tls', false], ['listener-requires-authentication', true]]);
  });

  test('one glob waiver covers every resource it matches and is used once', () => {
    const w = waiver({ target: 'BrokerListener/line-*' });
    const r = tlsOnly([plain('line-1'), plain('line-2'), plain('office')], [w]);
    expect(r.findings.map((f) => [f.resource.name, f.waived])).toEqual([['line-1', true], ['line-2', true], ['office', false]]);
    expect(r.unusedWaivers).toEqual([]);
  });
});

describe('waivers attached to a resource', () => {
  test('cover that resource without a target, and no other', () => {
    const w = waiver();
    const r = tlsOnly([plain('lab', { waivers: [w] }), plain('prod')]);
    expect(r.findings.map((f) => [f.resource.name, f.waived])).toEqual([['lab', true], ['prod', false]]);
    expect(r.findings[0].waiver).toEqual({ ...w, expired: false });
    expect(r.unusedWaivers).toEqual([]);
  });

  test('are listed as unused when their rule finds nothing', () => {
    const w = waiver();
    const r = tlsOnly([listener('secure', { ports: [{ port: 8883, tls: automaticTls() }] }, { waivers: [w] })]);
    expect(r.findings).toEqual([]);
    expect(r.unusedWaivers).toEqual([w]);
    expect(r.summary.unusedWaivers).toBe(1);
  });

  test('problems name the resource they were attached to', () => {
    const r = tlsOnly([plain('lab', { waivers: [waiver({ reason: 'todo' })] })]);
    expect(r.waiverProblems).toEqual([{
      waiver: waiver({ reason: 'todo' }),
      problem: 'reason is not a substantive reason: Say why the risk is accepted and what limits it, in at least 20 characters',
      resource: { id: `${NS}/BrokerListener/lab`, apiVersion: 'mqttbroker.iotoperations.azure.com/v1', kind: 'BrokerListener', name: 'lab', namespace: NS },
    }]);
    expect(r.findings.map((f) => f.waived)).toEqual([false]);
  });
});

describe('waiver expiry', () => {
  test('an expired waiver does not waive; the finding keeps it, marked expired, and says so', () => {
    const w = waiver({ target: 'BrokerListener/plain', expires: '2025-05-31' });
    const r = tlsOnly([plain()], [w]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ waived: false, waiver: { ...w, expired: true } });
    expect(r.findings[0].message).toBe('Port 1883 of listener plain has no TLS. (waiver expired on 2025-05-31)');
    expect(r.summary).toMatchObject({ waived: 0, unwaived: { error: 1 }, passed: false });
    // It matched, so it is reported on the finding rather than as unused.
    expect(r.unusedWaivers).toEqual([]);
  });

  test('an expired waiver attached to the resource behaves the same', () => {
    const w = waiver({ expires: '2024-01-01' });
    const r = tlsOnly([plain('lab', { waivers: [w] })]);
    expect(r.findings[0]).toMatchObject({ waived: false, waiver: { expired: true }, message: 'Port 1883 of listener lab has no TLS. (waiver expired on 2024-01-01)' });
  });

  test('the expiry day itself still counts (end of day, UTC)', () => {
    const w = waiver({ target: '*', expires: '2025-12-31' });
    expect(tlsOnly([plain()], [w], new Date('2025-12-31T23:59:59Z')).findings[0].waived).toBe(true);
    expect(tlsOnly([plain()], [w], new Date('2026-01-01T00:00:00Z')).findings[0].waived).toBe(false);
  });

  test('a live waiver wins over an expired one for the same finding', () => {
    const old = waiver({ target: '*', expires: '2025-01-31' });
    const renewed = waiver({ target: 'BrokerListener/plain', expires: '2025-09-30' });
    const r = tlsOnly([plain()], [old, renewed]);
    expect(r.findings[0]).toMatchObject({ waived: true, waiver: { ...renewed, expired: false }, message: 'Port 1883 of listener plain has no TLS.' });
  });
});

describe('waivers that cannot be used', () => {
  test('a non-waivable rule: the waiver is a problem and the finding stays unwaived', () => {
    const exposed = listener('insecure', { serviceType: 'LoadBalancer', ports: [{ port: 1883 }] });
    const w = waiver({ rule: 'exposed-anonymous-plaintext-listener', target: 'BrokerListener/insecure' });
    const r = checkResources([exposed], { rules: [exposedAnonymousPlaintextListener], waivers: [w], now: NOW });
    expect(r.waiverProblems).toEqual([{ waiver: w, problem: 'rule "exposed-anonymous-plaintext-listener" cannot be waived' }]);
    expect(r.findings.map((f) => [f.messageId, f.waived, f.severity])).toEqual([['exposedAnonymousPlaintext', false, 'error']]);
    expect(r.findings[0]).not.toHaveProperty('waiver');
    expect(r.summary).toMatchObject({ waived: 0, waiverProblems: 1, unusedWaivers: 0, passed: false });
  });

  test('a non-waivable rule cannot be waived from the resource either', () => {
    const w = waiver({ rule: 'exposed-anonymous-plaintext-listener' });
    const exposed = listener('insecure', { serviceType: 'LoadBalancer', ports: [{ port: 1883 }] }, { waivers: [w] });
    const r = checkResources([exposed], { rules: [exposedAnonymousPlaintextListener], now: NOW });
    expect(r.waiverProblems.map((p) => [p.problem, p.resource?.name])).toEqual([['rule "exposed-anonymous-plaintext-listener" cannot be waived', 'insecure']]);
    expect(r.findings.map((f) => f.waived)).toEqual([false]);
  });

  test('a waiver with a misspelt or malformed path, from any source, is refused instead of covering the whole resource', () => {
    const misspelt = { ...waiver(), paht: '/spec/ports/0' } as unknown as Waiver;
    const r = checkResources([plain('p', { waivers: [misspelt] })], { rules: [listenerRequiresTls], now: NOW });
    expect(r.waiverProblems.map((p) => p.problem)).toEqual(['paht is not a waiver field: Use rule, target, path, reason, owner, expires']);
    expect(r.findings.map((f) => f.waived)).toEqual([false]);
    const malformed = checkResources([plain('p', { waivers: [waiver({ path: 'spec/ports/0' })] })], { rules: [listenerRequiresTls], now: NOW });
    expect(malformed.waiverProblems.map((p) => p.problem)).toEqual(['path is not a JSON pointer: Give a JSON pointer inside the object, e.g. "/spec/ports/1", or leave path out']);
    expect(malformed.findings.map((f) => f.waived)).toEqual([false]);
  });

  describe('a rule waivable in one profile only', () => {
    // Waivable in development, not in production: the shape of exposed-plaintext-listener.
    const labOnly = defineRule({
      name: 'test-lab-only',
      guidance: ['CN-1'],
      description: 'test rule',
      rationale: 'test rule',
      remediation: 'test rule',
      severity: { development: 'warning', production: 'error' },
      waivable: { development: true, production: false },
      appliesTo: [LISTENER],
      messages: { plain: 'plain {name}' },
      check: (r) => ({ status: 'findings', findings: [{ messageId: 'plain', data: { name: r.name } }] }),
    });
    const w = waiver({ rule: 'test-lab-only', target: 'BrokerListener/plain' });

    test('isWaivable reads a boolean and a per-profile record alike', () => {
      expect(isWaivable(labOnly, 'development')).toBe(true);
      expect(isWaivable(labOnly, 'production')).toBe(false);
      expect(isWaivable({ waivable: true }, 'production')).toBe(true);
      expect(isWaivable({ waivable: false }, 'development')).toBe(false);
    });

    test('development: the waiver is used', () => {
      const r = checkResources([plain()], { rules: [labOnly], profile: 'development', waivers: [w], now: NOW });
      expect(r.waiverProblems).toEqual([]);
      expect(r.findings.map((f) => [f.severity, f.waived])).toEqual([['warning', true]]);
      expect(r.unusedWaivers).toEqual([]);
    });

    test('production: the waiver is a problem that names the profile, and the finding stays', () => {
      const r = checkResources([plain()], { rules: [labOnly], profile: 'production', waivers: [w], now: NOW });
      expect(r.waiverProblems).toEqual([{ waiver: w, problem: 'rule "test-lab-only" cannot be waived in the production profile' }]);
      expect(r.findings.map((f) => [f.severity, f.waived])).toEqual([['error', false]]);
      expect(r.unusedWaivers).toEqual([]);
      expect(r.summary).toMatchObject({ waived: 0, waiverProblems: 1, passed: false });
    });

    test('production: attached to the resource, the same', () => {
      const { target: _t, ...attached } = w;
      const r = checkResources([plain('plain', { waivers: [attached] })], { rules: [labOnly], profile: 'production', now: NOW });
      expect(r.waiverProblems.map((p) => [p.problem, p.resource?.name])).toEqual([['rule "test-lab-only" cannot be waived in the production profile', 'plain']]);
      expect(r.findings.map((f) => f.waived)).toEqual([false]);
    });

    test('a waiver of a registered rule that this run leaves out is judged in the run\'s profile too', () => {
      const wx = waiver({ rule: 'exposed-plaintext-listener', target: 'BrokerListener/plain' });
      const prod = checkResources([plain()], { rules: [listenerRequiresTls], profile: 'production', waivers: [wx], now: NOW });
      expect(prod.waiverProblems.map((p) => p.problem)).toEqual(['rule "exposed-plaintext-listener" cannot be waived in the production profile']);
      const dev = checkResources([plain()], { rules: [listenerRequiresTls], profile: 'development', waivers: [wx], now: NOW });
      expect(dev.waiverProblems).toEqual([]);
      expect(dev.unusedWaivers).toEqual([wx]);
    });
  });

  test.each([
    ['a placeholder reason', { reason: 'todo' }, 'reason is not a substantive reason: Say why the risk is accepted and what limits it, in at least 20 characters'],
    ['a long placeholder reason', { reason: '--------------------' }, 'reason is not a substantive reason: Say why the risk is accepted and what limits it, in at least 20 characters'],
    ['a short reason', { reason: 'lab only' }, 'reason is not a substantive reason: Say why the risk is accepted and what limits it, in at least 20 characters'],
    ['no owner', { owner: ' ' }, 'owner is missing: Name the person or team that accepts the risk'],
    ['a date that does not exist', { expires: '2025-02-30' }, 'expires is not a date: Give the last day the waiver applies as YYYY-MM-DD'],
    ['a date in another format', { expires: '31/12/2025' }, 'expires is not a date: Give the last day the waiver applies as YYYY-MM-DD'],
    ['no target', { target: undefined }, 'target is missing: name the resources it covers, e.g. "BrokerListener/external"'],
    ['an empty target', { target: '' }, 'target is missing: name the resources it covers, e.g. "BrokerListener/external"'],
    ['an unknown rule', { rule: 'listener-requires-mtls' }, 'rule "listener-requires-mtls" does not exist'],
  ])('%s is a waiver problem and waives nothing', (_what, over, problem) => {
    const w = waiver({ target: 'BrokerListener/plain', ...over });
    const r = tlsOnly([plain()], [w]);
    expect(r.waiverProblems).toEqual([{ waiver: w, problem }]);
    expect(r.findings.map((f) => f.waived)).toEqual([false]);
    expect(r.unusedWaivers).toEqual([]);
    expect(r.summary).toMatchObject({ waiverProblems: 1, waived: 0, passed: false });
  });

  test('the same waiver with a substantive reason, an owner, a date and a target is fine', () => {
    expect(tlsOnly([plain()], [waiver({ target: 'BrokerListener/plain' })]).waiverProblems).toEqual([]);
  });

  test('a waiver naming an unknown rule is a problem even when all rules run', () => {
    const w = waiver({ rule: 'no-such-rule', target: '*' });
    const r = checkResources([plain()], { waivers: [w], now: NOW });
    expect(r.waiverProblems).toEqual([{ waiver: w, problem: 'rule "no-such-rule" does not exist' }]);
  });
});

describe('summary, order and outcomes of a mixed deployment', () => {
  // GIVEN, in development: AIO's default listener (info), an exposed anonymous plaintext listener
  // (errors and a warning; its missing authorization is waived), a Manual-certificate listener
  // (warning), a listener whose ports cannot be read (unknowns), a "#" grant (error, from the
  // last rule in the registry) and a compliant authentication and authorization.
  const resources = [
    listener('default', { serviceType: 'ClusterIp', ports: [{ port: 18883, tls: automaticTls(), authenticationRef: 'default' }] }),
    listener('insecure', { serviceType: 'LoadBalancer', ports: [{ port: 1883 }] }),
    listener('manual', { ports: [{ port: 8883, tls: { mode: 'Manual', manual: { secretRef: 'cert' } }, authenticationRef: 'authn', authorizationRef: 'authz' }] }),
    listener('broken', { ports: 'all of them' }),
    x509Authentication('authn'),
    narrowAuthorization('authz'),
    authorization('wide', { authorizationPolicies: { rules: [{ principals: { usernames: ['historian'] }, brokerResources: [{ method: 'Subscribe', topics: ['#'] }] }] } }),
  ];
  const waivers = [waiver({ rule: 'listener-requires-authorization', target: 'BrokerListener/insecure' }), waiver({ target: 'BrokerListener/nothing-here' })];
  // WHEN every rule runs
  const r = checkResources(resources, { profile: 'development', waivers, now: NOW });

  test('THEN the findings are these, errors first, then warnings, then info', () => {
    expect(r.findings.map((f) => [f.severity, f.rule, f.resource.name, f.messageId, f.waived])).toEqual([
      ['error', 'listener-requires-tls', 'insecure', 'noTls', false],
      ['error', 'listener-requires-tls', 'broken', 'unknown', false],
      ['error', 'listener-issuer-exists', 'broken', 'unknown', false],
      ['error', 'listener-requires-authentication', 'insecure', 'noAuthentication', false],
      ['error', 'listener-requires-authentication', 'broken', 'unknown', false],
      ['error', 'listener-requires-authorization', 'insecure', 'noAuthorization', true],
      ['error', 'listener-requires-authorization', 'broken', 'unknown', false],
      ['error', 'authorization-least-privilege', 'wide', 'everythingGrant', false],
      ['warning', 'exposed-anonymous-plaintext-listener', 'insecure', 'exposedAnonymousPlaintext', false],
      ['warning', 'listener-automatic-certificates', 'manual', 'manualCertificate', false],
      ['warning', 'listener-automatic-certificates', 'broken', 'unknown', false],
      ['warning', 'certificate-lifetime', 'broken', 'unknown', false],
      ['warning', 'certificate-key-strength', 'broken', 'unknown', false],
      ['warning', 'certificate-key-family', 'broken', 'unknown', false],
      ['info', 'aio-default-port-authorization', 'default', 'aioDefaultPort', false],
      ['info', 'aio-default-port-authorization', 'broken', 'unknown', false],
    ]);
    const ranks = r.findings.map((f) => SEVERITIES.indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  test('THEN the summary counts are these', () => {
    expect(r.summary).toEqual({
      profile: 'development',
      resources: 7,
      checked: 7,
      rules: RULES.length,
      total: { error: 8, warning: 6, info: 2 },
      unwaived: { error: 7, warning: 6, info: 2 },
      waived: 1,
      unknown: 9,
      unusedWaivers: 1,
      waiverProblems: 0,
      passed: false,
    });
    expect(r.unusedWaivers).toEqual([waivers[1]]);
  });

  test('THEN the summary agrees with the findings', () => {
    expect(r.summary).toMatchObject(recount(r));
  });

  test('THEN rules that did not apply say why', () => {
    expect(r.notApplicable.map((n) => [n.rule, n.resource.name, n.reason])).toEqual([
      ['exposed-anonymous-plaintext-listener', 'default', 'service type ClusterIp is only reachable inside the cluster'],
      ['exposed-anonymous-plaintext-listener', 'manual', 'service type ClusterIp is only reachable inside the cluster'],
      ['exposed-anonymous-plaintext-listener', 'broken', 'service type ClusterIp is only reachable inside the cluster'],
      ['exposed-plaintext-listener', 'default', 'service type ClusterIp is only reachable inside the cluster'],
      ['exposed-plaintext-listener', 'manual', 'service type ClusterIp is only reachable inside the cluster'],
      ['exposed-plaintext-listener', 'broken', 'service type ClusterIp is only reachable inside the cluster'],
      ['listener-issuer-exists', 'default', 'the input holds no cert-manager issuers; check the Kubernetes manifests together with these resources'],
      ['listener-issuer-exists', 'insecure', 'no port takes its certificate from a cert-manager issuer'],
      ['listener-issuer-exists', 'manual', 'no port takes its certificate from a cert-manager issuer'],
      ['certificate-lifetime', 'insecure', 'no port requests a certificate from cert-manager'],
      ['certificate-lifetime', 'manual', 'no port requests a certificate from cert-manager'],
      ['certificate-key-strength', 'insecure', 'no port requests a certificate from cert-manager'],
      ['certificate-key-strength', 'manual', 'no port requests a certificate from cert-manager'],
      ['certificate-key-family', 'default', 'issuer ClusterIssuer plant-ca is not among the checked manifests'],
      ['certificate-key-family', 'insecure', 'no port requests a certificate from cert-manager'],
      ['certificate-key-family', 'manual', 'no port requests a certificate from cert-manager'],
      ['custom-authentication-https', 'authn', 'no Custom authentication method'],
      ['aio-default-port-authorization', 'insecure', 'not AIO\'s built-in listener port 18883'],
      ['aio-default-port-authorization', 'manual', 'not AIO\'s built-in listener port 18883'],
    ]);
  });

  test('the same deployment in production: stricter severities, the summary still agrees', () => {
    const prod = checkResources(resources, { profile: 'production', waivers, now: NOW });
    expect(prod.findings.filter((f) => f.rule === 'exposed-anonymous-plaintext-listener').map((f) => f.severity)).toEqual(['error']);
    expect(prod.summary).toMatchObject(recount(prod));
    // 8 errors, 6 warnings become errors, and listener-customer-ca (off in development) cannot read the broken listener.
    expect(prod.summary.total).toEqual({ error: 15, warning: 0, info: 2 });
    expect(prod.findings.filter((f) => f.rule === 'listener-customer-ca').map((f) => [f.resource.name, f.outcome])).toEqual([['broken', 'unknown']]);
  });

  test('passed turns true when every error is waived, whatever the warnings', () => {
    const onlyWaivedError = checkResources([listener('insecure', { serviceType: 'LoadBalancer', ports: [{ port: 1883, authenticationRef: 'default' }] })], {
      profile: 'development',
      rules: [listenerRequiresTls],
      waivers: [waiver({ target: '*' })],
      now: NOW,
    });
    expect(onlyWaivedError.summary).toMatchObject({ total: { error: 1 }, unwaived: { error: 0 }, passed: true });
  });
});

describe('rules that cannot decide', () => {
  const base = {
    guidance: ['CN-1'] as const,
    description: 'test rule',
    rationale: 'test rule',
    remediation: 'test rule',
    severity: { development: 'warning', production: 'error' } as const,
    waivable: true,
    appliesTo: [LISTENER],
    messages: { bad: 'bad' },
  };

  test('a rule that throws yields outcome unknown with the error text, never a pass', () => {
    const throwing = defineRule({ ...base, name: 'test-throws', check: () => { throw new Error('issuer lookup failed'); } });
    const r = checkResources([plain()], { rules: [throwing], now: NOW });
    expect(r.findings).toEqual([expect.objectContaining({
      rule: 'test-throws',
      outcome: 'unknown',
      messageId: 'unknown',
      severity: 'error',
      message: 'Could not decide: rule test-throws failed on this object: issuer lookup failed',
      waived: false,
    })]);
    expect(r.summary).toMatchObject({ unknown: 1, passed: false });
  });

  test('a rule that throws something that is not an Error', () => {
    const throwing = defineRule({ ...base, name: 'test-throws', check: () => { throw 'plain string'; } });
    expect(checkResources([plain()], { rules: [throwing], profile: 'development' }).findings.map((f) => [f.outcome, f.severity, f.message]))
      .toEqual([['unknown', 'warning', 'Could not decide: rule test-throws failed on this object: plain string']]);
  });

  test('a rule that returns unknown keeps its reason', () => {
    const unsure = defineRule({ ...base, name: 'test-unsure', check: () => ({ status: 'unknown' as const, reason: 'the issuer is not among the checked manifests' }) });
    expect(checkResources([plain()], { rules: [unsure] }).findings.map((f) => [f.outcome, f.message]))
      .toEqual([['unknown', 'Could not decide: the issuer is not among the checked manifests']]);
  });

  test('a rule that only sees other kinds never runs on a listener', () => {
    const check = jest.fn(() => ({ status: 'compliant' as const }));
    const brokersOnly = defineRule({ ...base, name: 'test-brokers', appliesTo: [{ group: LISTENER.group, kind: 'Broker' }], check });
    const r = checkResources([plain()], { rules: [brokersOnly] });
    expect(check).not.toHaveBeenCalled();
    expect(r.summary.checked).toBe(0);
  });
});

describe('choosing rules', () => {
  const insecure = listener('insecure', { serviceType: 'LoadBalancer', ports: [{ port: 1883 }] });

  test('by default every registered rule runs', () => {
    const r = checkResources([insecure], { now: NOW });
    expect(r.summary.rules).toBe(RULES.length);
    expect(new Set(r.findings.map((f) => f.rule))).toEqual(new Set([
      'listener-requires-tls', 'exposed-anonymous-plaintext-listener', 'listener-requires-authentication', 'listener-requires-authorization',
    ]));
  });

  test('the rules option restricts the run to those rules', () => {
    const r = checkResources([insecure], { rules: [listenerRequiresTls], now: NOW });
    expect(r.summary.rules).toBe(1);
    expect(r.findings.map((f) => f.rule)).toEqual(['listener-requires-tls']);
    expect(r.notApplicable).toEqual([]);
  });

  test('severity off skips the rule: it is not even called', () => {
    const check = jest.fn(() => ({ status: 'findings' as const, findings: [{ messageId: 'bad' as const }] }));
    const prodOnly = defineRule({
      name: 'test-prod-only', guidance: ['CN-2'], description: 'x', rationale: 'x', remediation: 'x',
      severity: { development: 'off', production: 'error' }, waivable: true, appliesTo: [LISTENER], messages: { bad: 'bad {thing}' }, check,
    });
    const dev = checkResources([insecure], { rules: [prodOnly], profile: 'development' });
    expect(check).not.toHaveBeenCalled();
    expect(dev.findings).toEqual([]);
    expect(dev.summary.checked).toBe(0);
    const prod = checkResources([insecure], { rules: [prodOnly], profile: 'production' });
    expect(check).toHaveBeenCalledTimes(1);
    // A placeholder without data stays visible rather than silently vanishing.
    expect(prod.findings.map((f) => f.message)).toEqual(['bad {thing}']);
  });
});

describe('robustness', () => {
  test('a rule that reports a message it does not have is undecided, not a crash', () => {
    const broken = defineRule({
      name: 'test-broken-message', guidance: ['CN-1'], description: 'x', rationale: 'x', remediation: 'x',
      severity: { development: 'error', production: 'error' }, waivable: true, appliesTo: [LISTENER], messages: { known: 'known' },
      check: () => ({ status: 'findings', findings: [{ messageId: 'missing' as 'known' }] }),
    });
    const r = checkResources([plain()], { rules: [broken, listenerRequiresTls], now: NOW });
    expect(r.findings.map((f) => [f.rule, f.outcome, f.message])).toEqual([
      ['test-broken-message', 'unknown', 'Could not decide: rule test-broken-message failed on this object: rule test-broken-message has no message "missing"'],
      ['listener-requires-tls', 'finding', 'Port 1883 of listener plain has no TLS.'],
    ]);
  });

  test('a waiver may name a registered rule that this run leaves out: it is unused, not unknown', () => {
    const w = waiver({ rule: 'listener-requires-authorization', target: 'BrokerListener/plain' });
    const r = tlsOnly([plain()], [w]);
    expect(r.waiverProblems).toEqual([]);
    expect(r.unusedWaivers).toEqual([w]);
  });
});

describe('cross-resource references across namespaces', () => {
  const withRef = (namespace: string | undefined) => {
    const l = listener('l', { ports: [{ port: 8883, authenticationRef: 'authn', tls: automaticTls() }] });
    return namespace === undefined ? { ...l, namespace: undefined } : { ...l, namespace };
  };
  const authn = (namespace: string | undefined) => {
    const a = x509Authentication('authn');
    return namespace === undefined ? { ...a, namespace: undefined } : { ...a, namespace };
  };
  const found = (resources: Resource[]) =>
    checkResources(resources, { rules: [listenerRequiresAuthentication], now: NOW }).findings.map((f) => f.messageId);

  test('an authentication without a namespace (applied with -n) satisfies a namespaced listener', () => {
    expect(found([withRef(NS), authn(undefined)])).toEqual([]);
  });
  test('a listener without a namespace finds the one authentication of that name', () => {
    expect(found([withRef(undefined), authn(NS)])).toEqual([]);
  });
  test('an authentication in another namespace does not count', () => {
    expect(found([withRef(NS), authn('elsewhere')])).toEqual(['authenticationNotFound']);
  });
  test('a listener without a namespace is ambiguous when two namespaces hold that name', () => {
    expect(found([withRef(undefined), authn(NS), authn('elsewhere')])).toEqual(['authenticationNotFound']);
  });
});

describe('unresolved values', () => {
  test('a resource with values a reader could not resolve never passes: the rule is undecided', () => {
    const r = checkResources([{ ...listener('arm', { ports: [{ port: 8883, tls: automaticTls(), authenticationRef: 'authn' }] }), unresolved: ['/spec/ports/0/tls/mode', '/spec/serviceType'] }],
      { rules: [listenerRequiresTls], now: NOW });
    expect(r.findings.map((f) => [f.outcome, f.message])).toEqual([
      ['unknown', 'Could not decide: values at /spec/ports/0/tls/mode, /spec/serviceType are expressions that could not be resolved'],
    ]);
    expect(r.summary.passed).toBe(false);
  });

  test('findings on such a resource are still reported as findings', () => {
    const r = checkResources([{ ...plain(), unresolved: ['/spec/serviceName'] }], { rules: [listenerRequiresTls], now: NOW });
    expect(r.findings.map((f) => [f.outcome, f.messageId])).toEqual([['finding', 'noTls']]);
  });

  test('a not-applicable outcome on such a resource is undecided too', () => {
    const internal = { ...listener('arm', { serviceType: '[parameters(\'type\')]', ports: [{ port: 1883 }] }), unresolved: ['/spec/serviceType', '/a', '/b', '/c'] };
    const r = checkResources([internal], { rules: [exposedAnonymousPlaintextListener], now: NOW });
    expect(r.findings.map((f) => f.message)).toEqual(['Could not decide: values at /spec/serviceType, /a, /b, and 1 more are expressions that could not be resolved']);
  });
});

describe('waivers narrowed to a path, and undecided outcomes', () => {
  test('a waiver with a path covers findings at that pointer or below it, and nothing else', () => {
    const twoPlain = listener('two', { ports: [{ port: 1883, authenticationRef: 'authn' }, { port: 1884, authenticationRef: 'authn' }] });
    const r = tlsOnly([twoPlain], [waiver({ target: 'BrokerListener/two', path: '/spec/ports/1' })]);
    expect(r.findings.map((f) => [f.path, f.waived])).toEqual([['/spec/ports/0', false], ['/spec/ports/1', true]]);
    const prefix = tlsOnly([twoPlain], [waiver({ target: 'BrokerListener/two', path: '/spec/ports/1/tl' })]);
    expect(prefix.findings.map((f) => f.waived)).toEqual([false, false]);
  });

  test('no waiver covers a rule that could not decide', () => {
    const broken = listener('broken', { ports: 'not a list' as never });
    const r = tlsOnly([broken], [waiver({ target: 'BrokerListener/broken' })]);
    expect(r.findings.map((f) => [f.outcome, f.waived])).toEqual([['unknown', false]]);
    expect(r.unusedWaivers).toHaveLength(1);
  });
});
