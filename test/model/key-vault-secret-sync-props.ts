import type { KeyVaultSecretSyncProps } from '../../lib/model/key-vault-secret-sync';

/** Props shared by the KeyVaultSecretSync tests of every backend. */
export const props: KeyVaultSecretSyncProps = {
  vault: { name: 'kv-plant-a', network: { allowedIpRanges: ['203.0.113.0/24'] } },
  secrets: [
    { name: 'plant-a-ca', type: 'kubernetes.io/tls', data: [{ key: 'tls.crt', vaultSecret: 'plant-a-ca-crt' }, { key: 'tls.key', vaultSecret: 'plant-a-ca-key' }, { key: 'ca.crt', vaultSecret: 'plant-a-ca-crt' }] },
    { name: 'historian-password', data: [{ key: 'password', vaultSecret: 'historian-password' }, { key: 'previous', vaultSecret: 'historian-password', version: 1 }] },
  ],
};
