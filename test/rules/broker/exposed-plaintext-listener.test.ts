import { checkResources, type Waiver } from 'aio-secure';
import { exposedPlaintextListener } from '../../../lib/rules/broker/exposed-plaintext-listener';
import { automaticTls, listener, ruleTable, runRule } from '../helpers';

const NOW = new Date('2026-12-01T00:00:00Z');
const plaintextWithAuthn = (serviceType?: string) =>
  listener('lab', { ...(serviceType ? { serviceType } : {}), ports: [{ port: 1883, authenticationRef: 'sat-authn' }] });

describe('exposed-plaintext-listener', () => {
  ruleTable(exposedPlaintextListener, [
    {
      name: 'exposed port with TLS',
      resources: [listener('external', { serviceType: 'LoadBalancer', ports: [{ port: 8883, tls: automaticTls(), authenticationRef: 'authn' }] })],
      expect: { outcome: 'valid' },
    },
    {
      name: 'exposed anonymous plaintext port (exposed-anonymous-plaintext-listener reports it, in every profile)',
      resources: [listener('insecure', { serviceType: 'LoadBalancer', ports: [{ port: 1883 }] })],
      expect: { outcome: 'valid' },
    },
    {
      name: 'LoadBalancer port with authentication but no TLS',
      resources: [plaintextWithAuthn('LoadBalancer')],
      expect: {
        outcome: 'invalid',
        messageIds: ['exposedPlaintext'],
        messages: ["Port 1883 of LoadBalancer listener lab is reachable from outside the cluster without TLS: its clients' credentials and messages cross the network in clear text."],
        paths: ['/spec/ports/0'],
      },
    },
    {
      name: 'nodePort (the lower-camel value the CRD accepts), each port on its own',
      resources: [listener('np', {
        serviceType: 'nodePort',
        ports: [{ port: 8883, tls: automaticTls(), authenticationRef: 'authn' }, { port: 1883, nodePort: 31883, authenticationRef: 'authn' }, { port: 1884, authenticationRef: '' }],
      })],
      expect: { outcome: 'invalid', messageIds: ['exposedPlaintext'], paths: ['/spec/ports/1'] },
    },
    {
      name: 'a warning in development',
      profile: 'development',
      resources: [plaintextWithAuthn('NodePort')],
      expect: { outcome: 'invalid', messageIds: ['exposedPlaintext'] },
    },
    {
      name: 'no serviceType: the CRD default ClusterIp is internal',
      resources: [plaintextWithAuthn()],
      expect: { outcome: 'not-applicable', reason: 'service type ClusterIp is only reachable inside the cluster' },
    },
    { name: 'ports is not a list', resources: [listener('broken', { serviceType: 'LoadBalancer', ports: {} })], expect: { outcome: 'unknown', reason: 'spec.ports is not a list' } },
    {
      name: 'serviceType is not a string',
      resources: [listener('broken', { serviceType: 3, ports: [{ port: 1883, authenticationRef: 'authn' }] })],
      expect: { outcome: 'unknown', reason: 'spec.serviceType 3 is not a string' },
    },
    {
      name: 'tls: "enabled" is not a TLS block, and not a pass',
      resources: [listener('broken', { serviceType: 'LoadBalancer', ports: [{ port: 1883, authenticationRef: 'authn', tls: 'enabled' }] })],
      expect: { outcome: 'unknown', reason: 'spec.ports[0].tls is not an object' },
    },
  ]);

  describe('waivable in development, not in production', () => {
    const waiver: Waiver = {
      rule: 'exposed-plaintext-listener',
      target: 'BrokerListener/lab',
      reason: 'Bench rig on an isolated network; controllers under test have no TLS stack yet',
      owner: 'ot-lab',
      expires: '2027-03-31',
    };

    test('declares it per profile', () => {
      expect(exposedPlaintextListener.waivable).toEqual({ development: true, production: false });
    });

    test('development: the waiver covers the warning and the check passes', () => {
      const r = checkResources([plaintextWithAuthn('LoadBalancer')], { rules: [exposedPlaintextListener], profile: 'development', waivers: [waiver], now: NOW });
      expect(r.waiverProblems).toEqual([]);
      expect(r.findings.map((f) => [f.severity, f.waived])).toEqual([['warning', true]]);
      expect(r.summary).toMatchObject({ waived: 1, passed: true });
    });

    test('production: the same waiver is a problem naming the profile, and the error stays', () => {
      const r = checkResources([plaintextWithAuthn('LoadBalancer')], { rules: [exposedPlaintextListener], profile: 'production', waivers: [waiver], now: NOW });
      expect(r.waiverProblems).toEqual([{ waiver, problem: 'rule "exposed-plaintext-listener" cannot be waived in the production profile' }]);
      expect(r.findings.map((f) => [f.severity, f.waived])).toEqual([['error', false]]);
      expect(r.summary).toMatchObject({ waived: 0, waiverProblems: 1, passed: false });
    });

    test('production: a waiver travelling with the resource (as from an opt-out) is refused too', () => {
      const { target: _t, ...attached } = waiver;
      const lab = listener('lab', { serviceType: 'NodePort', ports: [{ port: 1883, authenticationRef: 'sat-authn' }] }, { waivers: [attached] });
      const r = checkResources([lab], { rules: [exposedPlaintextListener], profile: 'production', now: NOW });
      expect(r.waiverProblems.map((p) => [p.problem, p.resource?.name])).toEqual([['rule "exposed-plaintext-listener" cannot be waived in the production profile', 'lab']]);
      expect(r.findings.map((f) => f.waived)).toEqual([false]);
    });

    test('severities: warning in development, error in production', () => {
      expect(runRule(exposedPlaintextListener, [plaintextWithAuthn('LoadBalancer')], 'development').findings.map((f) => f.severity)).toEqual(['warning']);
      expect(runRule(exposedPlaintextListener, [plaintextWithAuthn('LoadBalancer')], 'production').findings.map((f) => f.severity)).toEqual(['error']);
    });
  });
});
