import { secretInManifest } from '../../../lib/rules/secrets/secret-in-manifest';
import { ruleTable } from '../helpers';
import { b64, secret } from './support';

const PEM_KEY = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIExampleOnlyNotARealKey\n-----END EC PRIVATE KEY-----\n';
const PEM_CERT = '-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJALRootCA\n-----END CERTIFICATE-----\n';

describe('secret-in-manifest', () => {
  ruleTable(secretInManifest, [
    { name: 'only a public CA certificate', resources: [secret('ca', { type: 'Opaque', data: { 'ca.crt': b64(PEM_CERT) } })], expect: { outcome: 'valid' } },
    { name: 'an empty Secret a Job fills in on the cluster', resources: [secret('trust-list', { data: {} })], expect: { outcome: 'valid' } },
    { name: 'non-sensitive settings', resources: [secret('settings', { stringData: { hostname: 'historian.plant-a.example', port: '4840', username: 'reader' } })], expect: { outcome: 'valid' } },
    {
      name: 'a PEM private key under any key name',
      resources: [secret('client', { data: { 'client.pem': b64(PEM_CERT + PEM_KEY) } })],
      expect: { outcome: 'invalid', messageIds: ['privateKey'], messages: ['Secret client holds a private key in client.pem.'], paths: ['/spec/data/client.pem'] },
    },
    {
      name: 'a kubernetes.io/tls Secret with its key',
      resources: [secret('server', { type: 'kubernetes.io/tls', data: { 'tls.crt': b64(PEM_CERT), 'tls.key': b64('opaque-bytes') } })],
      expect: { outcome: 'invalid', messageIds: ['privateKey'], paths: ['/spec/data/tls.key'] },
    },
    {
      name: 'a connection string with an embedded key (placeholders count)',
      resources: [secret('event-hub', { stringData: { connection: 'Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=<key-value>' } })],
      expect: { outcome: 'invalid', messageIds: ['credential'], messages: ['Secret event-hub holds a credential in connection.'], paths: ['/spec/stringData/connection'] },
    },
    {
      name: 'a password by its key name',
      resources: [secret('historian', { stringData: { username: 'reader', password: 'hunter2' } })],
      expect: { outcome: 'invalid', messageIds: ['credential'], paths: ['/spec/stringData/password'] },
    },
    {
      name: 'a credential type',
      resources: [secret('registry', { type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('{"auths":{}}') } })],
      expect: { outcome: 'invalid', messageIds: ['credentialType'], messages: ['Secret registry is of type kubernetes.io/dockerconfigjson, which holds credentials, and has data in .dockerconfigjson.'] },
    },
    { name: 'the same in development', profile: 'development', resources: [secret('h', { stringData: { token: 'abc' } })], expect: { outcome: 'invalid', messageIds: ['credential'] } },
    { name: 'data that is not base64', resources: [secret('bad', { data: { password: 'not base64!' } })], expect: { outcome: 'unknown', reason: 'data.password is not base64' } },
    { name: 'data that is not a map', resources: [secret('bad', { data: ['x'] })], expect: { outcome: 'unknown', reason: 'data is not a map' } },
  ]);
});
