import { checkResources, type Resource } from 'aio-secure';
import { renderArmTemplate } from '../../lib/arm/template';
import { resolveArcRuntimePolicy } from '../../lib/model/arc-runtime-policy';
import { resolveReferences } from '../../lib/model/azure';
import {
  opcUaExtensionSettings,
  opcUaExtensionWaivers,
  planOpcUaTrust,
  resolveOpcUaTrust,
  type OpcUaTrustProps,
} from '../../lib/model/opc-ua-trust';
import { SECRETS_RULES } from '../../lib/rules/secrets';
import { validateArmTemplate } from '../support/arm-types-validator';
import { CLIENT, OPT_OUT, syncOf, TENANT, trustProps } from './opc-ua-trust-props';

const CUSTOM_LOCATION = '/subscriptions/0/resourceGroups/rg/providers/Microsoft.ExtendedLocation/customLocations/cl';
const plan = (p: OpcUaTrustProps = trustProps()) => planOpcUaTrust(resolveOpcUaTrust('plant-a-opc-ua', p));
const endpointsOf = (device: Resource) => (device.spec.properties as { endpoints: { inbound: Record<string, Record<string, unknown>> } }).endpoints.inbound;

describe('OpcUaTrust plan (ARM form)', () => {
  const resources = plan();

  test('snapshot', () => {
    expect(resources).toMatchSnapshot();
  });

  test('a SecretProviderClass opc-ua-connector on the sync\'s vault and identity, and the three SecretSyncs, Opaque, as aio-ssc-sa', () => {
    expect(resources.map((r) => `${r.armType} ${r.name}`)).toEqual([
      'Microsoft.SecretSyncController/azureKeyVaultSecretProviderClasses opc-ua-connector',
      'Microsoft.SecretSyncController/secretSyncs aio-opc-ua-broker-trust-list',
      'Microsoft.SecretSyncController/secretSyncs aio-opc-ua-broker-issuer-list',
      'Microsoft.SecretSyncController/secretSyncs aio-opc-ua-broker-client-certificate',
      'Microsoft.DeviceRegistry/namespaces/devices line-1-plc',
      'Microsoft.DeviceRegistry/namespaces/devices historian',
    ]);
    const spc = resources[0];
    expect(spc.spec.properties).toMatchObject({ keyvaultName: 'kv-plant-a', clientId: 'ref(plant-a-secrets/identity).clientId', tenantId: TENANT });
    expect(spc.references).toEqual(expect.arrayContaining([{ pointer: '/spec/properties/clientId', resource: 'plant-a-secrets/identity', attribute: 'clientId' }]));
    // The old CA stays trusted while it rotates out: two versions of plant-ca-crt.
    expect((spc.spec.properties as { objects: string }).objects).toContain('objectName: plant-ca-crt\n    objectType: secret\n    objectVersionHistory: 2');
    for (const sync of resources.slice(1, 4)) {
      expect(sync.spec.properties).toMatchObject({ secretProviderClassName: 'opc-ua-connector', serviceAccountName: 'aio-ssc-sa', kubernetesSecretType: 'Opaque' });
    }
    expect((resources[1].spec.properties as { objectSecretMapping: unknown }).objectSecretMapping).toEqual([
      { sourcePath: 'line-1-plc-der', targetKey: 'line-1-plc.der' },
      { sourcePath: 'plant-ca-crt', targetKey: 'plant-ca.crt' },
      { sourcePath: 'plant-ca-crl', targetKey: 'plant-ca.crl' },
    ]);
    expect((resources[2].spec.properties as { objectSecretMapping: unknown }).objectSecretMapping).toContainEqual({ sourcePath: 'plant-ca-crt/1', targetKey: 'old-plant-ca.crt' });
  });

  test('every endpoint signs and encrypts, never auto-accepts, uses the trust list, and authenticates from synced Secrets', () => {
    const devices = resources.filter((r) => r.kind === 'devices');
    const all = devices.flatMap((d) => Object.values(endpointsOf(d)));
    expect(all).toHaveLength(2);
    for (const e of all) {
      expect(e.endpointType).toBe('Microsoft.OpcUa');
      expect(e.trustSettings).toEqual({ trustList: 'aio-opc-ua-broker-trust-list' });
      const security = (JSON.parse(e.additionalConfiguration as string) as { security: Record<string, unknown> }).security;
      expect(security.securityMode).toBe('signAndEncrypt');
      expect(security.autoAcceptUntrustedServerCertificates).toBe(false);
      expect(security.securityPolicy).toMatch(/^http:\/\/opcfoundation\.org\/UA\/SecurityPolicy#(Basic256Sha256|Aes256_Sha256_RsaPss)$/);
      expect((e.authentication as { method: string }).method).not.toBe('Anonymous');
    }
    expect(endpointsOf(devices[0])['opc-ua'].authentication).toEqual({
      method: 'Certificate', x509Credentials: { certificateSecretName: 'line-1-user-cert/user.pem', keySecretName: 'line-1-user-cert/user.key' },
    });
    expect(endpointsOf(devices[1])['opc-ua'].authentication).toEqual({
      method: 'UsernamePassword', usernamePasswordCredentials: { usernameSecretName: 'historian-credentials/username', passwordSecretName: 'historian-credentials/password' },
    });
    expect(devices[0].parent).toEqual({ kind: 'namespaces', name: 'plant-a-devices' });
    expect(devices[0].spec.extendedLocation).toEqual({ name: 'parameter(customLocationId)', type: 'CustomLocation' });
  });

  test('passes every secrets and OPC UA rule with the sync, in production', () => {
    const sync = syncOf('arm');
    const result = checkResources([...sync.resources, ...resources], { rules: SECRETS_RULES, profile: 'production' });
    expect(result.findings).toEqual([]);
    expect(result.summary.checked).toBeGreaterThan(0);
  });

  test('the ARM template validates against the ADR and secret-sync types (references given deployment values)', () => {
    const sync = syncOf('arm').resources.filter((r) => r.armType !== 'Microsoft.Authorization/roleAssignments');
    const literal = [...sync, ...resources].map(({ references, ...r }) => ({
      ...r,
      spec: resolveReferences({ spec: r.spec, references }, (ref) =>
        'parameter' in ref ? (ref.parameter === 'oidcIssuerUrl' ? 'https://oidc.example.net/' : CUSTOM_LOCATION) : CLIENT),
    }));
    const template = renderArmTemplate(literal);
    expect(validateArmTemplate(template, { parameters: { oidcIssuerUrl: 'https://oidc.example.net/', customLocationId: CUSTOM_LOCATION } })).toEqual([]);
  });
});

describe('OpcUaTrust plan (Kubernetes form)', () => {
  test('the SecretProviderClass copies the sync\'s clientID, tenantID and vault, with the OPC UA objects', () => {
    const resources = plan(trustProps('kubernetes'));
    expect(resources.filter((r) => !r.armType).map((r) => `${r.kind}/${r.namespace}/${r.name}`)).toEqual([
      'SecretProviderClass/azure-iot-operations/opc-ua-connector',
      'SecretSync/azure-iot-operations/aio-opc-ua-broker-trust-list',
      'SecretSync/azure-iot-operations/aio-opc-ua-broker-issuer-list',
      'SecretSync/azure-iot-operations/aio-opc-ua-broker-client-certificate',
    ]);
    expect(resources[0].spec.parameters).toMatchObject({ clientID: CLIENT, tenantID: TENANT, keyvaultName: 'kv-plant-a' });
    expect(resources[1].spec).toMatchObject({ serviceAccountName: 'aio-ssc-sa', secretProviderClassName: 'opc-ua-connector', secretObject: { type: 'Opaque' } });
  });
});

describe('extension settings', () => {
  test('strict by default, with the client certificate settings the CLI sets', () => {
    const r = resolveOpcUaTrust('plant-a-opc-ua', trustProps());
    expect(opcUaExtensionSettings(r)).toEqual({
      source: 'OpcUaTrust "plant-a-opc-ua"',
      settings: {
        'connectors.values.securityPki.minimumCertificateKeySize': '2048',
        'connectors.values.securityPki.rejectSha1SignedCertificates': 'true',
        'connectors.values.securityPki.applicationCert': 'aio-opc-ua-broker-client-certificate',
        'connectors.values.securityPki.subjectName': 'CN=aio-opc-ua,O=Contoso',
        'connectors.values.securityPki.applicationUri': 'urn:contoso:plant-a:aio-opc-ua',
      },
    });
    expect(opcUaExtensionWaivers(r)).toEqual([]);
  });

  test('ArcRuntimePolicy takes them onto the AIO extension', () => {
    const r = resolveOpcUaTrust('plant-a-opc-ua', trustProps());
    const policy = resolveArcRuntimePolicy('site', { extensionSettings: [opcUaExtensionSettings(r)] });
    expect(policy.configurationSettings).toMatchObject({ 'connectors.values.securityPki.minimumCertificateKeySize': '2048', 'connectors.values.securityPki.rejectSha1SignedCertificates': 'true' });
  });

  test('weaker settings only with named opt-outs, which become waivers of opc-ua-pki-strict on the AIO extension', () => {
    const r = resolveOpcUaTrust('plant-a-opc-ua', { ...trustProps(), pki: { minimumCertificateKeySize: 1024, allowWeakKeySize: OPT_OUT, rejectSha1SignedCertificates: false, allowSha1Signatures: OPT_OUT } });
    expect(opcUaExtensionSettings(r).settings).toMatchObject({ 'connectors.values.securityPki.minimumCertificateKeySize': '1024', 'connectors.values.securityPki.rejectSha1SignedCertificates': 'false' });
    expect(opcUaExtensionWaivers(r)).toEqual([
      { rule: 'opc-ua-pki-strict', target: 'extensions/azure-iot-operations', path: '/spec/properties/configurationSettings', reason: `pki.allowWeakKeySize: ${OPT_OUT.reason}`, owner: 'ot-lab', expires: '2027-03-31' },
      { rule: 'opc-ua-pki-strict', target: 'extensions/azure-iot-operations', path: '/spec/properties/configurationSettings', reason: `pki.allowSha1Signatures: ${OPT_OUT.reason}`, owner: 'ot-lab', expires: '2027-03-31' },
    ]);
  });
});

describe('anonymous endpoints', () => {
  const anonymous = (profile: 'development' | 'production'): OpcUaTrustProps => ({
    ...trustProps(), profile,
    devices: [{ name: 'simulator', endpoints: [{ name: 'opc-ua', address: 'opc.tcp://opc-plc.lab.example:50000', authentication: { method: 'Anonymous', optOut: OPT_OUT } }] }],
  });

  test('in development, through the opt-out: a waiver of opc-ua-endpoint-authentication at the endpoint', () => {
    const planned = plan(anonymous('development'));
    const device = planned.find((r) => r.kind === 'devices')!;
    expect(endpointsOf(device)['opc-ua'].authentication).toEqual({ method: 'Anonymous' });
    expect(device.waivers).toEqual([{
      rule: 'opc-ua-endpoint-authentication', path: '/spec/properties/endpoints/inbound/opc-ua/authentication',
      reason: `endpoints "opc-ua" authentication.optOut: ${OPT_OUT.reason}`, owner: 'ot-lab', expires: '2027-03-31',
    }]);
    const dev = checkResources([...syncOf('arm').resources, ...planned], { rules: SECRETS_RULES, profile: 'development', now: new Date('2026-12-01') });
    expect(dev.findings.map((f) => [f.rule, f.waived])).toEqual([['opc-ua-endpoint-authentication', true]]);
    // The same device in a production check: the waiver does not count.
    const prod = checkResources([...syncOf('arm').resources, ...planned], { rules: SECRETS_RULES, profile: 'production', now: new Date('2026-12-01') });
    expect(prod.findings.map((f) => [f.rule, f.waived])).toEqual([['opc-ua-endpoint-authentication', false]]);
  });

  test('refused in production', () => {
    expect(() => resolveOpcUaTrust('plant-a-opc-ua', anonymous('production'))).toThrow(
      'OpcUaTrust "plant-a-opc-ua": devices[0].endpoints[0].authentication.method is Anonymous in the production profile (got "Anonymous"). Use a certificate or a username and password from Key Vault; anonymous endpoints are for profile: "development" only');
  });
});

describe('bad props give exact errors', () => {
  const base = trustProps();
  const device = base.devices![1];
  const endpoint = device.endpoints[0];
  const withEndpoint = (e: object): OpcUaTrustProps => ({ ...base, devices: [{ ...device, endpoints: [{ ...endpoint, ...e } as never] }] });
  test.each<[string, OpcUaTrustProps, string]>([
    ['no trust list', { ...base, trustList: [] }, 'OpcUaTrust "plant-a-opc-ua": trustList is empty (got []). List the OPC UA servers\' certificates (or their CA\'s) the connector may trust, e.g. [{ file: "line-1-plc.der", vaultSecret: "line-1-plc-der" }]'],
    ['a trust list file that is not a certificate', { ...base, trustList: [{ file: 'server.pfx', vaultSecret: 'server' }] },
      'OpcUaTrust "plant-a-opc-ua": trustList[0].file is not a certificate or CRL file (got "server.pfx"). Name it <name>.der or <name>.crt (certificates) or <name>.crl (revocation lists), as the connector reads them'],
    ['a certificate where a Key Vault secret name belongs', { ...base, trustList: [{ file: 'a.der', vaultSecret: '-----BEGIN CERTIFICATE-----' }] },
      'OpcUaTrust "plant-a-opc-ua": trustList[0].vaultSecret is not a Key Vault secret name (got "-----BEGIN CERTIFICATE-----"). Use 1-127 letters, digits and "-", the name under which the file is stored in Key Vault (never the file itself)'],
    ['a CRL without its issuer', { ...base, issuerList: [{ file: 'ca.crl', vaultSecret: 'ca-crl' }] },
      'OpcUaTrust "plant-a-opc-ua": issuerList[0].file is a CRL without its issuer certificate (got "ca.crl"). Add ca.der or ca.crt to the issuer list'],
    ['a weak key size without opt-out', { ...base, pki: { minimumCertificateKeySize: 1024 } },
      'OpcUaTrust "plant-a-opc-ua": pki.minimumCertificateKeySize is below 2048 bits (got 1024). Keep 2048 or more, or set pki.allowWeakKeySize: { reason, owner, expires } for a server that cannot be upgraded yet'],
    ['SHA-1 without opt-out', { ...base, pki: { rejectSha1SignedCertificates: false } },
      'OpcUaTrust "plant-a-opc-ua": pki.rejectSha1SignedCertificates accepts SHA-1 signed certificates (got false). Leave it out (true), or set pki.allowSha1Signatures: { reason, owner, expires } for a server whose certificate cannot be reissued yet'],
    ['an opt-out without a reason', { ...base, pki: { rejectSha1SignedCertificates: false, allowSha1Signatures: { ...OPT_OUT, reason: 'tbd' } } },
      'OpcUaTrust "plant-a-opc-ua": pki.allowSha1Signatures.reason is not a substantive reason (got "tbd"). Say why the risk is accepted and what limits it, in at least 20 characters'],
    ['a SHA-1 security policy', withEndpoint({ securityPolicy: 'Basic256' }),
      'OpcUaTrust "plant-a-opc-ua": devices[0].endpoints[0].securityPolicy is not a security policy without SHA-1 (got "Basic256"). Use one of: Basic256Sha256, Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss'],
    ['anonymous without an opt-out', withEndpoint({ authentication: { method: 'Anonymous' } }),
      'OpcUaTrust "plant-a-opc-ua": devices[0].endpoints[0].authentication.method is Anonymous without an opt-out (got "Anonymous"). Use a certificate or a username and password from Key Vault, or, in development only, give optOut: { reason, owner, expires }'],
    ['a password Secret that is not synced', withEndpoint({ authentication: { method: 'UsernamePassword', username: { secret: 'historian-credentials', key: 'username' }, password: { secret: 'historian-password', key: 'password' } } }),
      'OpcUaTrust "plant-a-opc-ua": devices[0].endpoints[0].authentication.password.secret is not synced from Key Vault (got "historian-password"). Declare it in the KeyVaultSecretSync\'s secrets (synced: historian-credentials, line-1-user-cert, aio-opc-ua-broker-client-certificate)'],
    ['a key the synced Secret does not have', withEndpoint({ authentication: { method: 'UsernamePassword', username: { secret: 'historian-credentials', key: 'user' }, password: { secret: 'historian-credentials', key: 'password' } } }),
      'OpcUaTrust "plant-a-opc-ua": devices[0].endpoints[0].authentication.username.key is not a key of the synced Secret "historian-credentials" (got "user"). Use one of: username, password'],
    ['an address that is not opc.tcp', withEndpoint({ address: 'http://historian:4840' }),
      'OpcUaTrust "plant-a-opc-ua": devices[0].endpoints[0].address is not an OPC UA address (got "http://historian:4840"). Use opc.tcp://<host>:<port>[/<path>], e.g. "opc.tcp://line-1-plc.plant-a.example:4840"'],
    ['devices without a namespace', { ...base, deviceRegistryNamespace: undefined },
      'OpcUaTrust "plant-a-opc-ua": deviceRegistryNamespace is missing. Give the name of the Azure Device Registry namespace of the AIO instance (3-64 lower-case letters, digits and "-")'],
    ['no sync', { ...base, secretSync: undefined as never }, 'OpcUaTrust "plant-a-opc-ua": secretSync is missing. Pass the KeyVaultSecretSync whose vault holds the OPC UA certificates'],
  ])('%s', (_name, props, message) => {
    expect(() => resolveOpcUaTrust('plant-a-opc-ua', props)).toThrow(message);
  });

  test('defaults: production, no issuer list or client certificate unless given, no devices', () => {
    const r = resolveOpcUaTrust('plant-a-opc-ua', { secretSync: syncOf('arm'), trustList: [{ file: 'plc.der', vaultSecret: 'plc-der' }] });
    expect(r.profile).toBe('production');
    expect(r.secrets.map((s) => s.name)).toEqual(['aio-opc-ua-broker-trust-list']);
    expect(r.pki).toEqual({ minimumCertificateKeySize: 2048, rejectSha1SignedCertificates: true });
    expect(r.devices).toEqual([]);
  });
});
