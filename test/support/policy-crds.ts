/**
 * Validates admission policies against the real Kyverno CRD (v1.19.0, `reference/schemas/k8s-crds/kyverno/`),
 * which test/support/schema-validator.ts does not load: the Kyverno CRDs are several megabytes, and
 * loading them there would slow down every test that validates anything. Only the ClusterPolicy
 * CRD is read, once per test file.
 *
 * As in schema-validator.ts, object nodes are closed the way the API server prunes a structural
 * schema (no undeclared fields unless `x-kubernetes-preserve-unknown-fields`), and CEL rules are not
 * enforced. `metadata` is checked for a name only; schema-validator.ts checks ObjectMeta for kinds it
 * knows.
 */
import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse as load } from 'yaml';
import { sharedReference } from './shared';

type JsonMap = { [key: string]: unknown };
const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

const FILES: Record<string, string> = { 'kyverno.io/ClusterPolicy': 'kyverno.io_clusterpolicies.yaml' };
const compiled = new Map<string, ValidateFunction>();
let ajv: Ajv | undefined;

/** Closes object nodes that declare properties and do not preserve unknown fields. */
function close(s: JsonMap, root: boolean): void {
  const props = isMap(s.properties) ? s.properties : undefined;
  if (s['x-kubernetes-preserve-unknown-fields'] !== true && s.additionalProperties === undefined && (s.type === 'object' || props)) {
    if (root && props) props.metadata ??= { type: 'object' };
    s.additionalProperties = false;
  }
  if (props) for (const [k, p] of Object.entries(props)) if (isMap(p) && !(root && k === 'metadata')) close(p, false);
  if (isMap(s.items)) close(s.items, false);
  if (isMap(s.additionalProperties)) close(s.additionalProperties, false);
}

function validatorFor(apiVersion: string, kind: string): ValidateFunction {
  const [group, version] = apiVersion.split('/');
  const key = `${apiVersion}/${kind}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  const file = FILES[`${group}/${kind}`];
  if (!file) throw new Error(`policy-crds: no CRD for ${apiVersion} ${kind}`);
  const crd = load(readFileSync(sharedReference('schemas', 'k8s-crds', 'kyverno', file), 'utf8')) as JsonMap;
  const versions = (crd.spec as JsonMap).versions as JsonMap[];
  const v = versions.find((x) => x.name === version && x.served !== false);
  if (!v) throw new Error(`policy-crds: ${kind} CRD does not serve ${version}`);
  const schema = (v.schema as JsonMap).openAPIV3Schema as JsonMap;
  close(schema, true);
  ajv ??= new Ajv({ strict: false, allErrors: true, allowUnionTypes: true });
  const fn = ajv.compile(schema);
  compiled.set(key, fn);
  return fn;
}

/** Errors of one policy object against its CRD, as `<Kind>/<name>: <path> <message>`; `[]` when valid. */
export function validatePolicy(obj: unknown): string[] {
  if (!isMap(obj) || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') throw new Error('validatePolicy: not a Kubernetes object');
  const name = isMap(obj.metadata) ? obj.metadata.name : undefined;
  const who = `${obj.kind}/${String(name)}`;
  const errors: string[] = [];
  if (typeof name !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) errors.push(`${who}: /metadata/name is not a DNS-1123 subdomain`);
  const validate = validatorFor(obj.apiVersion, obj.kind);
  if (!validate(obj)) {
    for (const e of validate.errors ?? []) {
      const extra = e.keyword === 'additionalProperties' ? `: "${(e.params as { additionalProperty: string }).additionalProperty}"` : '';
      errors.push(`${who}: ${e.instancePath || '/'} ${e.message}${extra}`);
    }
  }
  return errors;
}

/** A self-signed EC P-256 root made for these tests (CN=Contoso Release Signing Root, O=Contoso): a signer's public certificate. */
export const CONTOSO_SIGNER_PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIByDCCAW2gAwIBAgIUSEUmTgH+F8grV5T+7O61HDaCAfQwCgYIKoZIzj0EAwIw',
  'OTElMCMGA1UEAwwcQ29udG9zbyBSZWxlYXNlIFNpZ25pbmcgUm9vdDEQMA4GA1UE',
  'CgwHQ29udG9zbzAeFw0yNjExMjkwNzExMTlaFw0zNjExMjYwNzExMTlaMDkxJTAj',
  'BgNVBAMMHENvbnRvc28gUmVsZWFzZSBTaWduaW5nIFJvb3QxEDAOBgNVBAoMB0Nv',
  'bnRvc28wWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARLV7wZnHmIw3Q1a0zaavCA',
  '/TsSliY9Hs/570PHE71NchCvuEmu+NH5KsGkUaMmoXOtSHn94q0kilnmjzvKzGma',
  'o1MwUTAdBgNVHQ4EFgQUf6Fke9xCOBkHG/zjONxAgZBjsMowHwYDVR0jBBgwFoAU',
  'f6Fke9xCOBkHG/zjONxAgZBjsMowDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQD',
  'AgNJADBGAiEA+UW88lXxitn7xOXX+aUt6pu32Vpb8s7/efyPmg8ubNkCIQDrRbKi',
  'iggsLJzdC5TP0xl5m3biN3fDisG1maCoZEOgVw==',
  '-----END CERTIFICATE-----',
].join('\n') + '\n';
