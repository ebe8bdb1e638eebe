import { planKeyVaultSecretSync, resolveKeyVaultSecretSync, type KeyVaultSecretSyncProps } from '../../lib/model/key-vault-secret-sync';
import type { OpcUaTrustProps } from '../../lib/model/opc-ua-trust';

export const CLIENT = '11111111-2222-4333-8444-555555555555';
export const TENANT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

/** The sync the OPC UA tests build on: it holds the historian's and the line-1 PLC's credentials. */
export const syncProps: KeyVaultSecretSyncProps = {
  vault: { name: 'kv-plant-a' },
  identity: { clientId: CLIENT },
  tenantId: TENANT,
  secrets: [
    { name: 'historian-credentials', data: [{ key: 'username', vaultSecret: 'historian-user' }, { key: 'password', vaultSecret: 'historian-password' }] },
    { name: 'line-1-user-cert', data: [{ key: 'user.pem', vaultSecret: 'line-1-user-pem' }, { key: 'user.key', vaultSecret: 'line-1-user-key' }] },
  ],
};

/** The sync's plan in the ARM form (Pulumi, ARM template) or the Kubernetes form (cdk8s YAML). */
export function syncOf(form: 'arm' | 'kubernetes', props: KeyVaultSecretSyncProps = syncProps) {
  const resolved = resolveKeyVaultSecretSync('plant-a-secrets', props);
  const resources = planKeyVaultSecretSync(resolved, form === 'arm' ? { form: 'arm' } : { form: 'kubernetes', clientId: CLIENT, tenantId: TENANT });
  return { resources, secrets: resolved.secrets };
}

/** OpcUaTrust props with every list, a client certificate and two devices. */
export function trustProps(form: 'arm' | 'kubernetes' = 'arm'): OpcUaTrustProps {
  return {
    secretSync: syncOf(form),
    trustList: [
      { file: 'line-1-plc.der', vaultSecret: 'line-1-plc-der' },
      { file: 'plant-ca.crt', vaultSecret: 'plant-ca-crt' },
      { file: 'plant-ca.crl', vaultSecret: 'plant-ca-crl' },
    ],
    issuerList: [
      { file: 'plant-ca.crt', vaultSecret: 'plant-ca-crt' },
      { file: 'plant-ca.crl', vaultSecret: 'plant-ca-crl' },
      { file: 'old-plant-ca.crt', vaultSecret: 'plant-ca-crt', version: 1 },
    ],
    clientCertificate: {
      certificate: { file: 'aio-opc-ua.der', vaultSecret: 'aio-opc-ua-der' },
      privateKey: { file: 'aio-opc-ua.pem', vaultSecret: 'aio-opc-ua-pem' },
      subjectName: 'CN=aio-opc-ua,O=Contoso',
      applicationUri: 'urn:contoso:plant-a:aio-opc-ua',
    },
    deviceRegistryNamespace: 'plant-a-devices',
    devices: [
      {
        name: 'line-1-plc', manufacturer: 'Contoso', model: 'PLC-9',
        endpoints: [{
          name: 'opc-ua', address: 'opc.tcp://line-1-plc.plant-a.example:4840',
          authentication: { method: 'Certificate', certificate: { secret: 'line-1-user-cert', key: 'user.pem' }, privateKey: { secret: 'line-1-user-cert', key: 'user.key' } },
        }],
      },
      {
        name: 'historian',
        endpoints: [{
          name: 'opc-ua', address: 'opc.tcp://historian.plant-a.example:4840/UA', securityPolicy: 'Aes256_Sha256_RsaPss',
          authentication: { method: 'UsernamePassword', username: { secret: 'historian-credentials', key: 'username' }, password: { secret: 'historian-credentials', key: 'password' } },
        }],
      },
    ],
  };
}

export const OPT_OUT = { reason: 'Lab simulator without user accounts, on an isolated test network', owner: 'ot-lab', expires: '2027-03-31' };
