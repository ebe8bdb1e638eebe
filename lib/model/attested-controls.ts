/**
 * Attested controls (AS-4, AS-5, AS-6, and Defender for IoT's network sensors under OV-1): physical
 * and process controls that no manifest can show. A deployment records, per control, who attests
 * it, when, until when, and where the evidence is, so that a report lists each as attested,
 * expired or missing next to what the manifests prove.
 *
 * Representation: one Kubernetes ConfigMap, `aio-secure-attestations` in the AIO namespace (label
 * `app.kubernetes.io/name: aio-secure-attestations`), with one key per control holding a small YAML
 * record. It travels with the manifests, applies to any cluster without a custom resource
 * definition, and `aio-secure check` reads it like any other object. The Pulumi backend creates the
 * same ConfigMap through the Kubernetes provider.
 */
import { parse } from 'yaml';
import { guidance, type GuidanceId } from '../guidance/catalogue';
import { AIO } from './aio';
import { NO_VALUE, PropErrors } from './errors';
import { isJsonObject, type JsonObject, type Resource } from './resource';
import { parseExpiry } from './waiver';

const CONSTRUCT = 'AttestedControls';

/** The controls a deployment attests, by the key their record has in the ConfigMap. */
export type AttestableControl = 'AS-4' | 'AS-5' | 'AS-6' | 'OV-1-network-sensors';

/** One attestable control: its key, its catalogue ID and its title. */
export interface AttestableControlEntry {
  readonly control: AttestableControl;
  readonly guidance: GuidanceId;
  readonly title: string;
}

/** The attestable controls, in report order. The AS titles are the catalogue's. */
export const ATTESTABLE_CONTROLS: readonly AttestableControlEntry[] = [
  { control: 'AS-4', guidance: 'AS-4', title: guidance('AS-4').title },
  { control: 'AS-5', guidance: 'AS-5', title: guidance('AS-5').title },
  { control: 'AS-6', guidance: 'AS-6', title: guidance('AS-6').title },
  // Defender for IoT's OT network sensors are appliances: nothing on the cluster configures them (facts 5.4).
  { control: 'OV-1-network-sensors', guidance: 'OV-1', title: 'Defender for IoT network sensors' },
];

/** The ConfigMap that carries the attestations. */
export const ATTESTATIONS = {
  configMapName: 'aio-secure-attestations',
  /** The label that marks an attestations ConfigMap (the name alone marks it too). */
  label: { key: 'app.kubernetes.io/name', value: 'aio-secure-attestations' },
} as const;

/** One attestation. */
export interface AttestationProps {
  /** Who attests the control: a person or team, as an auditor would ask for them. */
  readonly attestedBy: string;
  /** The day the control was attested, `YYYY-MM-DD`. */
  readonly attestedOn: string;
  /** The last day the attestation holds, `YYYY-MM-DD`; after it the control counts as expired. */
  readonly expires: string;
  /** An `https://` link to the evidence (audit report, inspection record, vendor guidance checklist). */
  readonly evidence: string;
  /**
   * What is attested, in one or two sentences.
   * @default - none
   */
  readonly statement?: string;
}

/** Props of `AttestedControls`. */
export interface AttestedControlsProps {
  /**
   * Namespace of the ConfigMap.
   * @default 'azure-iot-operations'
   */
  readonly namespace?: string;
  /** The attestations, by control. A control left out is reported as missing. */
  readonly attestations: Readonly<Partial<Record<AttestableControl, AttestationProps>>>;
}

/** `AttestedControlsProps` after validation. */
export interface ResolvedAttestedControls {
  readonly id: string;
  readonly namespace: string;
  readonly attestations: Readonly<Partial<Record<AttestableControl, AttestationProps>>>;
}

/** Logical ids of the resources an `AttestedControls` plans; they are API and never change. */
export const attestedControlsIds = {
  configMap: (id: string) => `${id}/attestations`,
};

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const KNOWN = new Set<string>(ATTESTABLE_CONTROLS.map((c) => c.control));

/**
 * What is wrong with one attestation record, as `[field, problem]`, or undefined when it is well
 * formed. Expiry against today is not judged here.
 */
export function attestationProblem(a: Partial<Record<keyof AttestationProps, unknown>>): [field: keyof AttestationProps, problem: string] | undefined {
  if (typeof a.attestedBy !== 'string' || a.attestedBy.trim() === '') return ['attestedBy', 'names no attester'];
  if (typeof a.evidence !== 'string' || !isHttpsUrl(a.evidence)) return ['evidence', 'is not an https:// link to the evidence'];
  for (const f of ['attestedOn', 'expires'] as const) {
    if (typeof a[f] !== 'string' || !parseExpiry(a[f] as string)) return [f, 'is not a date (YYYY-MM-DD)'];
  }
  if ((a.expires as string) < (a.attestedOn as string)) return ['expires', 'is before attestedOn'];
  if (a.statement !== undefined && typeof a.statement !== 'string') return ['statement', 'is not text'];
  return undefined;
}

function isHttpsUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' && u.hostname !== '';
  } catch {
    return false;
  }
}

/** Validates `AttestedControlsProps`. Throws `AioSecureError` for the first problem found. */
export function resolveAttestedControls(id: string, props: AttestedControlsProps): ResolvedAttestedControls {
  const err = new PropErrors(CONSTRUCT, id);
  if (typeof id !== 'string' || !DNS_LABEL.test(id) || id.length > 63) {
    throw err.error('INVALID_PROP', 'id', 'is not a DNS-1123 label', id, 'Use lower-case letters, digits and "-", e.g. "plant-a-attestations"');
  }
  if (!props || typeof props !== 'object' || !isJsonObject(props.attestations as unknown)) {
    throw err.error('MISSING_PROP', 'attestations', 'are missing', NO_VALUE, 'Give { attestations: { "AS-4": { attestedBy, attestedOn, expires, evidence }, ... } }');
  }
  const namespace = props.namespace ?? AIO.namespace;
  if (typeof namespace !== 'string' || !DNS_LABEL.test(namespace) || namespace.length > 63) {
    throw err.error('INVALID_PROP', 'namespace', 'is not a valid namespace', namespace, 'Use a DNS-1123 label, e.g. "azure-iot-operations"');
  }
  for (const [control, a] of Object.entries(props.attestations)) {
    if (!KNOWN.has(control)) {
      throw err.error('INVALID_PROP', `attestations["${control}"]`, 'is not an attestable control', control,
        `Use one of ${ATTESTABLE_CONTROLS.map((c) => `"${c.control}"`).join(', ')}`);
    }
    const entry = ATTESTABLE_CONTROLS.find((c) => c.control === control)!;
    if (!a || typeof a !== 'object') {
      throw err.error('INVALID_PROP', `attestations["${control}"]`, 'is not an attestation', a, 'Give { attestedBy, attestedOn, expires, evidence }', entry.guidance);
    }
    const problem = attestationProblem(a);
    if (problem) {
      const [field, what] = problem;
      const fix = {
        attestedBy: 'Name the person or team that attests the control',
        evidence: 'Link the evidence, e.g. "https://contoso.sharepoint.com/sites/ot-audit/plant-a-firmware.pdf"',
        attestedOn: 'Give the day as YYYY-MM-DD',
        expires: 'Give the last day the attestation holds, YYYY-MM-DD, on or after attestedOn',
        statement: 'Give one or two sentences of text',
      }[field];
      throw err.error('INVALID_PROP', `attestations["${control}"].${field}`, what, a[field], fix, entry.guidance);
    }
  }
  return { id, namespace, attestations: { ...props.attestations } };
}

/** The YAML record of one attestation, as the ConfigMap holds it. */
export function attestationRecord(a: AttestationProps): string {
  const ordered: Record<string, string> = { attestedBy: a.attestedBy, attestedOn: a.attestedOn, expires: a.expires, evidence: a.evidence };
  if (a.statement !== undefined) ordered.statement = a.statement;
  // Dates are quoted so that no YAML reader takes them for timestamps.
  return Object.entries(ordered).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n') + '\n';
}

/** Plans the attestations ConfigMap: one key per attested control, in catalogue order. */
export function planAttestedControls(r: ResolvedAttestedControls): Resource[] {
  const data: JsonObject = {};
  for (const c of ATTESTABLE_CONTROLS) {
    const a = r.attestations[c.control];
    if (a) data[c.control] = attestationRecord(a);
  }
  return [{
    id: attestedControlsIds.configMap(r.id),
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    name: ATTESTATIONS.configMapName,
    namespace: r.namespace,
    labels: { [ATTESTATIONS.label.key]: ATTESTATIONS.label.value, 'app.kubernetes.io/part-of': 'aio-secure' },
    spec: { data },
  }];
}

// ---------------------------------------------------------------------------------------------
// Reading attestations back, for the rules and the reports.

/** True when the resource is an attestations ConfigMap (by name or by label). */
export function isAttestationsConfigMap(r: Resource): boolean {
  return r.group === '' && r.kind === 'ConfigMap'
    && (r.name === ATTESTATIONS.configMapName || r.labels?.[ATTESTATIONS.label.key] === ATTESTATIONS.label.value);
}

/** One record read from a ConfigMap. */
export type ReadAttestation =
  | { readonly state: 'absent' }
  | { readonly state: 'unreadable'; readonly problem: string }
  | { readonly state: 'invalid'; readonly record: Partial<Record<keyof AttestationProps, unknown>>; readonly field: keyof AttestationProps; readonly problem: string }
  | { readonly state: 'valid'; readonly record: AttestationProps };

/** Reads the record of one control from an attestations ConfigMap. */
export function readAttestation(configMap: Resource, control: string): ReadAttestation {
  const data = configMap.spec.data;
  if (data === undefined) return { state: 'absent' };
  if (!isJsonObject(data)) return { state: 'unreadable', problem: 'data is not a map' };
  const text = data[control];
  if (text === undefined) return { state: 'absent' };
  if (typeof text !== 'string') return { state: 'unreadable', problem: `data["${control}"] is not text` };
  let value: unknown;
  try {
    value = parse(text);
  } catch {
    return { state: 'unreadable', problem: `data["${control}"] is not YAML` };
  }
  if (!isJsonObject(value as never)) return { state: 'unreadable', problem: `data["${control}"] is not a YAML map` };
  const record = value as Partial<Record<keyof AttestationProps, unknown>>;
  const problem = attestationProblem(record);
  if (problem) return { state: 'invalid', record, field: problem[0], problem: problem[1] };
  return { state: 'valid', record: record as unknown as AttestationProps };
}

/** One row of the report's attested-controls table. */
export interface AttestationRow {
  control: string;
  guidance: GuidanceId;
  title: string;
  status: 'attested' | 'expired' | 'missing';
  attestedBy?: string;
  attestedOn?: string;
  expires?: string;
  evidence?: string;
}

/**
 * One row per attestable control, in catalogue order: `attested` with its record, `expired` when
 * the record's last day has passed at `now`, `missing` when no attestations ConfigMap holds a
 * well-formed record for it. With several attestations ConfigMaps, the first one that has a
 * well-formed record for a control is used.
 */
export function attestationStatus(resources: readonly Resource[], now: Date = new Date()): AttestationRow[] {
  const maps = resources.filter(isAttestationsConfigMap);
  return ATTESTABLE_CONTROLS.map((c) => {
    const base = { control: c.control, guidance: c.guidance, title: c.title };
    for (const m of maps) {
      const read = readAttestation(m, c.control);
      if (read.state !== 'valid') continue;
      const a = read.record;
      const expired = parseExpiry(a.expires)!.getTime() < now.getTime();
      return { ...base, status: expired ? 'expired' : 'attested', attestedBy: a.attestedBy, attestedOn: a.attestedOn, expires: a.expires, evidence: a.evidence };
    }
    return { ...base, status: 'missing' };
  });
}

/** What the presence rule of one control concludes on one resource. */
export type AttestedControlOutcome =
  | { readonly status: 'not-applicable'; readonly reason: string }
  | { readonly status: 'findings'; readonly findings: readonly { messageId: 'missing' | 'expired'; data: Record<string, string>; path?: string }[] };

/**
 * The attestations ConfigMaps among `configMaps`, in order. The presence rules call it once per
 * deployment (the rules cache its answer by deployment index), never once per object checked.
 */
export function attestationsConfigMaps(configMaps: readonly Resource[]): Resource[] {
  return configMaps.filter(isAttestationsConfigMap);
}

/** What the presence rules need to know about a deployment, computed once per deployment. */
export interface AttestationScope {
  /** The deployment's attestations ConfigMaps (`attestationsConfigMaps`). */
  readonly maps: readonly Resource[];
  /** The deployment's AIO anchor, if it has one. */
  readonly anchor?: Resource;
  /** How messages name the anchor, e.g. `AIO extension azure-iot-operations`. @default `<kind> <name>` */
  readonly anchorLabel?: string;
}

/**
 * The check behind the `attested-*` presence rules, one per control. It reports on the
 * attestations ConfigMap when the deployment has one (findings at `/spec/data/<control>`), else on
 * the deployment's AIO anchor (`anchor`), and on nothing else: manifests without AIO and without
 * attestations get no finding. Constant time for every object but the one it reports on.
 */
export function checkAttestedControl(
  control: AttestableControl,
  r: Resource,
  scope: AttestationScope,
  now: Date,
): AttestedControlOutcome {
  const entry = ATTESTABLE_CONTROLS.find((c) => c.control === control)!;
  const maps = scope.maps;
  const target = maps[0] ?? scope.anchor;
  if (r !== target) {
    if (r.kind === 'ConfigMap' && r.group === '' && !isAttestationsConfigMap(r)) return { status: 'not-applicable', reason: 'not an attestations ConfigMap' };
    return { status: 'not-applicable', reason: target ? `attestations are checked on ${target.kind}/${target.name}` : 'not an AIO deployment marker' };
  }
  // A ConfigMap whose data cannot be read leaves the question open: never a pass, never a guess.
  if (maps.length && maps[0].spec.data !== undefined && !isJsonObject(maps[0].spec.data)) throw new Error('data is not a map');
  const row = attestationStatus(maps, now).find((x) => x.control === control)!;
  const data = { control, title: entry.title, where: maps.length ? `ConfigMap ${maps[0].name}` : scope.anchorLabel ?? `${r.kind} ${r.name}` };
  const path = maps.length ? `/spec/data/${control}` : undefined;
  if (row.status === 'attested') return { status: 'findings', findings: [] };
  if (row.status === 'expired') {
    return { status: 'findings', findings: [{ messageId: 'expired', data: { ...data, attestedBy: row.attestedBy!, expires: row.expires! }, ...(path ? { path } : {}) }] };
  }
  return { status: 'findings', findings: [{ messageId: 'missing', data, ...(path ? { path } : {}) }] };
}
