import { isJsonObject, type JsonObject } from '../../model/resource';
import { defineRule, outcome, type RuleFinding } from '../types';
import { SECRET } from './common';

/** Key names that say the value is a credential or key material. */
const SENSITIVE_KEY = /(pass(word|wd)?|secret|token|credential|private|api[-_.]?key|access[-_.]?key|account[-_.]?key|connection[-_.]?string|^connection$|sas|(^|[-_.])key$|\.key$|\.pem$|\.pfx$|\.p12$|\.jks$|\.keystore$|^\.dockerconfigjson$|^\.dockercfg$|ssh-privatekey)/i;
/** Keys that hold public material only (certificates, CA bundles). */
const PUBLIC_KEY = /^(ca\.crt|tls\.crt|ca-bundle\.crt|ca\.pem|.*\.crt|.*\.cer)$/i;
/** A PEM private key of any kind. */
const PEM_PRIVATE_KEY = /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----/;
/** Connection strings with an embedded key or password. */
const EMBEDDED_CREDENTIAL = /(SharedAccessKey|AccountKey|SharedAccessSignature|Password|Pwd)\s*=/i;
/** Secret types that are credentials by definition. */
const CREDENTIAL_TYPES = new Set(['kubernetes.io/basic-auth', 'kubernetes.io/ssh-auth', 'kubernetes.io/dockerconfigjson', 'kubernetes.io/dockercfg', 'bootstrap.kubernetes.io/token']);

interface Entry {
  readonly key: string;
  readonly value: string;
  readonly path: string;
}

/** The decoded entries of `data` and `stringData`. Throws (unknown) on a value it cannot read. */
function entriesOf(spec: JsonObject): Entry[] {
  const out: Entry[] = [];
  for (const field of ['data', 'stringData'] as const) {
    const map = spec[field];
    if (map === undefined || map === null) continue;
    if (!isJsonObject(map)) throw new Error(`${field} is not a map`);
    for (const [key, raw] of Object.entries(map)) {
      if (raw === null || raw === '') continue;
      if (typeof raw !== 'string') throw new Error(`${field}.${key} is not a string`);
      let value = raw;
      if (field === 'data') {
        const compact = raw.replace(/\s+/g, '');
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) throw new Error(`data.${key} is not base64`);
        value = Buffer.from(compact, 'base64').toString('utf8');
      }
      out.push({ key, value, path: `/spec/${field}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}` });
    }
  }
  return out;
}

/** AS-1: no Secret in a manifest carries key material or credentials. */
export const secretInManifest = defineRule({
  name: 'secret-in-manifest',
  guidance: ['AS-1'],
  description: 'No Kubernetes Secret in a manifest carries a private key or a credential; they come from Key Vault through the Secret Store extension.',
  rationale:
    'A Secret written into a manifest lives in Git, in CI logs and in every copy of the repository, readable by anyone who can read the repository, and it is never rotated. ' +
    'Kept in Key Vault and synced by the Secret Store extension, the value has one home with access control, audit, soft delete and versions, and only the cluster gets it.',
  remediation:
    'Store the value in Key Vault and declare the Secret in KeyVaultSecretSync.secrets ({ name, type, data: [{ key, vaultSecret }] }); delete it from the manifest. ' +
    'Public certificates (ca.crt, tls.crt) are not flagged; a Secret that only holds them can stay, or move to a ConfigMap.',
  severity: { development: 'warning', production: 'error' },
  waivable: true,
  appliesTo: [SECRET],
  messages: {
    privateKey: 'Secret {secret} holds a private key in {key}.',
    credential: 'Secret {secret} holds a credential in {key}.',
    credentialType: 'Secret {secret} is of type {type}, which holds credentials, and has data in {key}.',
  },
  check(secret) {
    const entries = entriesOf(secret.spec);
    const type = typeof secret.spec.type === 'string' ? secret.spec.type : 'Opaque';
    const findings: RuleFinding<'privateKey' | 'credential' | 'credentialType'>[] = [];
    for (const e of entries) {
      const data = { secret: secret.name, key: e.key };
      if (PEM_PRIVATE_KEY.test(e.value) || (type === 'kubernetes.io/tls' && e.key === 'tls.key')) {
        findings.push({ messageId: 'privateKey', data, path: e.path });
      } else if (CREDENTIAL_TYPES.has(type)) {
        findings.push({ messageId: 'credentialType', data: { ...data, type }, path: e.path });
      } else if (EMBEDDED_CREDENTIAL.test(e.value) || (SENSITIVE_KEY.test(e.key) && !PUBLIC_KEY.test(e.key))) {
        findings.push({ messageId: 'credential', data, path: e.path });
      }
    }
    return outcome(findings);
  },
});
