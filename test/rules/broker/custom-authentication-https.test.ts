import { checkResources, type Waiver } from 'aio-secure';
import { customAuthenticationHttps } from '../../../lib/rules/broker/custom-authentication-https';
import { authentication, ruleTable } from '../helpers';

const custom = (customSettings: unknown) => ({ method: 'Custom', customSettings: customSettings as never });
const authn = (...methods: unknown[]) => authentication('hmi-authn', { authenticationMethods: methods as never });
const x509 = { method: 'X509', x509Settings: { trustedClientCaCert: 'client-ca' } };

describe('custom-authentication-https', () => {
  ruleTable(customAuthenticationHttps, [
    {
      name: 'https endpoint with a CA ConfigMap',
      resources: [authn(x509, custom({ endpoint: 'https://auth.plant.example:8443/check', caCertConfigMap: 'auth-server-ca' }))],
      expect: { outcome: 'valid' },
    },
    {
      name: 'the scheme in upper case is still https',
      resources: [authn(custom({ endpoint: 'HTTPS://auth.plant.example', caCertConfigMap: 'auth-server-ca' }))],
      expect: { outcome: 'valid' },
    },
    {
      name: 'the method name in lower case, as the CRD accepts',
      resources: [authn({ method: 'custom', customSettings: { endpoint: 'http://auth.plant.example', caCertConfigMap: 'auth-server-ca' } })],
      expect: { outcome: 'invalid', messageIds: ['notHttps'] },
    },
    {
      name: 'plain http',
      resources: [authn(x509, custom({ endpoint: 'http://auth.plant.example', caCertConfigMap: 'auth-server-ca' }))],
      expect: {
        outcome: 'invalid',
        messageIds: ['notHttps'],
        messages: ['Method 1 of BrokerAuthentication hmi-authn sends client credentials to http://auth.plant.example, which is not an https:// URL.'],
        paths: ['/spec/authenticationMethods/1/customSettings/endpoint'],
      },
    },
    {
      name: 'https without a CA ConfigMap',
      resources: [authn(custom({ endpoint: 'https://auth.plant.example' }))],
      expect: {
        outcome: 'invalid',
        messageIds: ['noCaCertConfigMap'],
        messages: ['Method 0 of BrokerAuthentication hmi-authn calls https://auth.plant.example without a caCertConfigMap, so the broker cannot verify the server it hands client credentials to.'],
        paths: ['/spec/authenticationMethods/0/customSettings'],
      },
    },
    {
      name: 'an empty caCertConfigMap is none',
      resources: [authn(custom({ endpoint: 'https://auth.plant.example', caCertConfigMap: '' }))],
      expect: { outcome: 'invalid', messageIds: ['noCaCertConfigMap'] },
    },
    {
      name: 'neither, and no settings at all: both, per method',
      resources: [authn(custom({ endpoint: 'http://auth.plant.example' }), { method: 'Custom' })],
      expect: {
        outcome: 'invalid',
        messageIds: ['notHttps', 'noCaCertConfigMap', 'notHttps', 'noCaCertConfigMap'],
        messages: [
          'Method 0 of BrokerAuthentication hmi-authn sends client credentials to http://auth.plant.example, which is not an https:// URL.',
          'Method 0 of BrokerAuthentication hmi-authn calls http://auth.plant.example without a caCertConfigMap, so the broker cannot verify the server it hands client credentials to.',
          'Method 1 of BrokerAuthentication hmi-authn sends client credentials to (no endpoint), which is not an https:// URL.',
          'Method 1 of BrokerAuthentication hmi-authn calls (no endpoint) without a caCertConfigMap, so the broker cannot verify the server it hands client credentials to.',
        ],
      },
    },
    {
      name: 'endpoints that only look like https',
      resources: [authn(
        custom({ endpoint: 'https:auth.plant.example', caCertConfigMap: 'ca' }),
        custom({ endpoint: 'https://', caCertConfigMap: 'ca' }),
        custom({ endpoint: ' https://auth.plant.example', caCertConfigMap: 'ca' }),
        custom({ endpoint: 'ftp://auth.plant.example', caCertConfigMap: 'ca' }),
      )],
      expect: { outcome: 'invalid', messageIds: ['notHttps', 'notHttps', 'notHttps', 'notHttps'] },
    },
    {
      name: 'the same in development',
      profile: 'development',
      resources: [authn(custom({ endpoint: 'http://auth.plant.example', caCertConfigMap: 'ca' }))],
      expect: { outcome: 'invalid', messageIds: ['notHttps'] },
    },
    {
      name: 'no Custom method',
      resources: [authn(x509, { method: 'ServiceAccountToken', serviceAccountTokenSettings: { audiences: ['apps'] } })],
      expect: { outcome: 'not-applicable', reason: 'no Custom authentication method' },
    },
    { name: 'methods is not a list', resources: [authentication('broken', { authenticationMethods: 'Custom' })], expect: { outcome: 'unknown', reason: 'spec.authenticationMethods is not a list' } },
    { name: 'a method is not an object', resources: [authn(x509, 'Custom')], expect: { outcome: 'unknown', reason: 'spec.authenticationMethods[1] is not an object' } },
    {
      name: 'customSettings is not an object',
      resources: [authn({ method: 'Custom', customSettings: 'https://auth.plant.example' })],
      expect: { outcome: 'unknown', reason: 'spec.authenticationMethods[0].customSettings is not an object' },
    },
    {
      name: 'endpoint is not a string',
      resources: [authn(custom({ endpoint: { url: 'https://auth.plant.example' }, caCertConfigMap: 'ca' }))],
      expect: { outcome: 'unknown', reason: 'spec.authenticationMethods[0].customSettings.endpoint {"url":"https://auth.plant.example"} is not a string' },
    },
    {
      name: 'caCertConfigMap is not a string',
      resources: [authn(custom({ endpoint: 'https://auth.plant.example', caCertConfigMap: true }))],
      expect: { outcome: 'unknown', reason: 'spec.authenticationMethods[0].customSettings.caCertConfigMap true is not a string' },
    },
  ]);

  test('no profile accepts a waiver', () => {
    expect(customAuthenticationHttps.waivable).toBe(false);
    const waiver: Waiver = { rule: 'custom-authentication-https', target: '*', reason: 'The auth server is on the same isolated switch', owner: 'ot', expires: '2027-03-31' };
    for (const profile of ['development', 'production'] as const) {
      const r = checkResources([authn(custom({ endpoint: 'http://auth.plant.example' }))], { rules: [customAuthenticationHttps], profile, waivers: [waiver], now: new Date('2026-12-01') });
      expect(r.waiverProblems.map((p) => p.problem)).toEqual(['rule "custom-authentication-https" cannot be waived']);
      expect(r.findings.every((f) => !f.waived && f.severity === 'error')).toBe(true);
    }
  });
});
