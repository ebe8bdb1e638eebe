import { authenticationX509OrSat } from '../../../lib/rules/broker/authentication-x509-or-sat';
import { authentication, ruleTable } from '../helpers';

const x509 = { method: 'X509', x509Settings: { trustedClientCaCert: 'client-ca' } };
const sat = (audiences: string[]) => ({ method: 'ServiceAccountToken', serviceAccountTokenSettings: { audiences } });
const custom = { method: 'Custom', customSettings: { endpoint: 'https://auth.plant.example' } };

describe('authentication-x509-or-sat', () => {
  ruleTable(authenticationX509OrSat, [
    { name: 'X509 only', resources: [authentication('authn', { authenticationMethods: [x509] })], expect: { outcome: 'valid' } },
    { name: 'X509 and service account tokens with an audience', resources: [authentication('authn', { authenticationMethods: [x509, sat(['plant-clients'])] })], expect: { outcome: 'valid' } },
    { name: 'AIO\'s built-in authentication (SAT, aio-internal)', resources: [authentication('default', { authenticationMethods: [sat(['aio-internal'])] })], expect: { outcome: 'valid' } },
    {
      name: 'an empty list of methods',
      resources: [authentication('authn', { authenticationMethods: [] })],
      expect: { outcome: 'invalid', messageIds: ['noMethods'], messages: ['BrokerAuthentication authn lists no authentication methods.'], paths: ['/spec/authenticationMethods'] },
    },
    { name: 'no methods at all', resources: [authentication('authn', {})], expect: { outcome: 'invalid', messageIds: ['noMethods'] } },
    {
      name: 'a Custom method after X509',
      resources: [authentication('authn', { authenticationMethods: [x509, custom] })],
      expect: {
        outcome: 'invalid',
        messageIds: ['customMethod'],
        messages: ['Method 1 of BrokerAuthentication authn is Custom; use X509 or ServiceAccountToken.'],
        paths: ['/spec/authenticationMethods/1/method'],
      },
    },
    {
      name: 'a method the guidance does not name',
      resources: [authentication('authn', { authenticationMethods: [{ method: 'UsernamePassword' }] })],
      expect: {
        outcome: 'invalid',
        messageIds: ['unknownMethod'],
        messages: ['Method 0 of BrokerAuthentication authn is UsernamePassword, which is neither X509 nor ServiceAccountToken.'],
      },
    },
    {
      name: 'service account tokens with an empty audience list',
      resources: [authentication('authn', { authenticationMethods: [sat([])] })],
      expect: {
        outcome: 'invalid',
        messageIds: ['noAudiences'],
        messages: ['Method 0 of BrokerAuthentication authn accepts service account tokens without naming any audience.'],
        paths: ['/spec/authenticationMethods/0'],
      },
    },
    {
      name: 'service account tokens without settings; each method on its own, in order',
      resources: [authentication('authn', { authenticationMethods: [{ method: 'ServiceAccountToken' }, custom, x509] })],
      expect: { outcome: 'invalid', messageIds: ['noAudiences', 'customMethod'] },
    },
    {
      name: 'the same in development',
      profile: 'development',
      resources: [authentication('authn', { authenticationMethods: [custom] })],
      expect: { outcome: 'invalid', messageIds: ['customMethod'] },
    },
    { name: 'authenticationMethods is not a list', resources: [authentication('authn', { authenticationMethods: x509 })], expect: { outcome: 'unknown', reason: 'spec.authenticationMethods is not a list' } },
    { name: 'a method is not an object', resources: [authentication('authn', { authenticationMethods: [x509, 'X509'] })], expect: { outcome: 'unknown', reason: 'spec.authenticationMethods[1] is not an object' } },
  ]);
});
