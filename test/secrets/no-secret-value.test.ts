/**
 * AS-1: no secret value ever reaches synthesized output. Props only carry names of Key Vault
 * secrets; this feeds random declarations through every backend of KeyVaultSecretSync and scans
 * everything they emit (the plan, the YAML, the ARM template) for the values the vault would hold,
 * for PEM private keys and for long high-entropy strings. A value passed where a name belongs is
 * refused.
 */
import { Chart, Testing, Yaml } from 'cdk8s';
import fc from 'fast-check';
import { KeyVaultSecretSync } from '../../lib/cdk8s/key-vault-secret-sync';
import { renderArmTemplate } from '../../lib/arm/template';
import { planKeyVaultSecretSync, resolveKeyVaultSecretSync, type KeyVaultSecretSyncProps } from '../../lib/model/key-vault-secret-sync';
import { OpcUaTrust } from '../../lib/cdk8s/opc-ua-trust';
import type { Resource } from '../../lib/model/resource';
import { opcUaExtensionSettings, planOpcUaTrust, resolveOpcUaTrust } from '../../lib/model/opc-ua-trust';

const CLIENT = '11111111-2222-4333-8444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Shannon entropy in bits per character. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts.values()].reduce((h, n) => h - (n / s.length) * Math.log2(n / s.length), 0);
}

/** Long runs of token characters that look random (URLs and GUIDs, which are addresses and ids, are taken out first). */
export function highEntropyStrings(text: string): string[] {
  return (text.replace(/https?:\/\/[^\s"']+/g, '').replace(GUID, '').match(/[A-Za-z0-9+/=_-]{32,}/g) ?? []).filter((t) => entropy(t) > 4.2);
}

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/).filter((n) => !n.includes('--'));
/** What Key Vault would hold: passwords with symbols, or PEM private keys. */
const value = fc.oneof(
  fc.string({ minLength: 12, maxLength: 40 }).map((s) => `${s}!Aa9#`),
  fc.base64String({ minLength: 48, maxLength: 96 }).map((b) => `-----BEGIN PRIVATE KEY-----\n${b}\n-----END PRIVATE KEY-----\n`),
);
const declaration = fc.uniqueArray(fc.record({ secret: name, key: fc.constantFrom('password', 'tls.key', 'token', 'ca.crt', 'client.pem'), vaultSecret: name, value }), {
  minLength: 1, maxLength: 4, selector: (d) => d.secret,
});

function outputs(props: KeyVaultSecretSyncProps): string[] {
  const resolved = resolveKeyVaultSecretSync('site', props);
  const armPlan = planKeyVaultSecretSync(resolved, { form: 'arm' });
  const chart = new Chart(Testing.app(), 'c');
  const sync = new KeyVaultSecretSync(chart, 'site', { ...props, identity: { clientId: CLIENT }, tenantId: TENANT });
  return [JSON.stringify(armPlan), JSON.stringify(sync.resources), Yaml.stringify(...Testing.synth(chart)), JSON.stringify(renderArmTemplate(armPlan))];
}

describe('no secret value in any output', () => {
  test('random declarations: the output holds names only', () => {
    fc.assert(fc.property(name, declaration, (vault, decls) => {
      const props: KeyVaultSecretSyncProps = {
        vault: { name: `kv-${vault}`.slice(0, 24).replace(/-$/, 'x') },
        secrets: decls.map((d) => ({ name: d.secret, data: [{ key: d.key, vaultSecret: d.vaultSecret }] })),
      };
      for (const text of outputs(props)) {
        for (const d of decls) expect(text).not.toContain(d.value);
        expect(text).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
        expect(highEntropyStrings(text)).toEqual([]);
      }
    }), { numRuns: 40 });
  });

  test('OpcUaTrust: random files and credentials, names only in every output', () => {
    fc.assert(fc.property(declaration, fc.uniqueArray(fc.record({ stem: name, vaultSecret: name, value }), { minLength: 1, maxLength: 3, selector: (f) => f.stem }), (decls, files) => {
      const syncProps: KeyVaultSecretSyncProps = { vault: { name: 'kv-site' }, identity: { clientId: CLIENT }, tenantId: TENANT, secrets: decls.map((d) => ({ name: d.secret, data: [{ key: d.key, vaultSecret: d.vaultSecret }] })) };
      const resolved = resolveKeyVaultSecretSync('site', syncProps);
      const trustProps = (sync: { resources: readonly Resource[]; secrets: typeof resolved.secrets }) => ({
        secretSync: sync,
        trustList: files.map((f) => ({ file: `${f.stem}.der`, vaultSecret: f.vaultSecret })),
        clientCertificate: { certificate: { file: 'client.der', vaultSecret: files[0].vaultSecret }, privateKey: { file: 'client.pem', vaultSecret: files[0].vaultSecret }, subjectName: 'CN=aio', applicationUri: 'urn:site:aio' },
        deviceRegistryNamespace: 'site-devices',
        devices: [{ name: 'plc', endpoints: [{ name: 'opc-ua', address: 'opc.tcp://plc.site.example:4840', authentication: { method: 'UsernamePassword' as const, username: { secret: decls[0].secret, key: decls[0].key }, password: { secret: decls[0].secret, key: decls[0].key } } }] }],
      });
      const syncPlan = planKeyVaultSecretSync(resolved, { form: 'arm' });
      const armPlan = planOpcUaTrust(resolveOpcUaTrust('site-opc-ua', trustProps({ resources: syncPlan, secrets: resolved.secrets })));
      const chart = new Chart(Testing.app(), 'c');
      const sync = new KeyVaultSecretSync(chart, 'site', syncProps);
      const trust = new OpcUaTrust(chart, 'site-opc-ua', trustProps(sync));
      const texts = [JSON.stringify(armPlan), JSON.stringify(trust.resources), Yaml.stringify(...Testing.synth(chart)), JSON.stringify(renderArmTemplate([...syncPlan, ...armPlan])),
        JSON.stringify(opcUaExtensionSettings(resolveOpcUaTrust('site-opc-ua', trustProps(sync))))];
      for (const text of texts) {
        for (const v of [...decls.map((d) => d.value), ...files.map((f) => f.value)]) expect(text).not.toContain(v);
        expect(text).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
        expect(highEntropyStrings(text)).toEqual([]);
      }
    }), { numRuns: 30 });
  });

  test('a value where a Key Vault secret name belongs is refused', () => {
    fc.assert(fc.property(name, value, (secret, v) => {
      expect(() => resolveKeyVaultSecretSync('site', { vault: { name: 'kv-site' }, secrets: [{ name: secret, data: [{ key: 'password', vaultSecret: v }] }] }))
        .toThrow('secrets[0].data[0].vaultSecret is not a Key Vault secret name');
    }), { numRuns: 60 });
  });

  test('the scanner finds what it looks for', () => {
    expect(highEntropyStrings('x: "q8Zr2LmX0vT7bN4kW9sJ1eYc6pHu3dGa5fRi"')).toEqual(['q8Zr2LmX0vT7bN4kW9sJ1eYc6pHu3dGa5fRi']);
    expect(highEntropyStrings('id: 0c4f5d39-6d0e-5b8e-8f3a-7f2d1e4b6a21, name: plant-a-secret-sync-aio-ssc-sa')).toEqual([]);
  });
});
