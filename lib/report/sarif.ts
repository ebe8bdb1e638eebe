import { SKIP_REASONS } from '../inputs/kubernetes-reader';
import type { CheckResult, Finding, FindingResource } from '../rules/engine';
import { isWaivable, ruleDocPath, type Rule, type Severity } from '../rules/types';
import type { ReportExtras } from './extras';
import { findingStatus, reportedRules } from './tally';
import { skippedCount, verdictOf, type InputSummary } from './verdict';

/**
 * Where the rule pages are published. SARIF requires `helpUri` to be an absolute URI; the pages
 * ship in the npm package (`docs/rules/<name>.md`), which a package CDN serves as they are.
 */
export const RULE_DOCS_BASE_URI = 'https://unpkg.com/aio-secure';

/** The base id that relative input paths are resolved against: the directory the check ran in. */
export const SARIF_SOURCE_ROOT = '%SRCROOT%';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** SARIF levels of the severities. */
const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { error: 'error', warning: 'warning', info: 'note' };

/** Ids of the notifications the run can raise (`tool.driver.notifications`). */
const NOTIFICATIONS = [
  { id: 'unreadable-input', text: 'An input could not be read, so it was not checked; the run is unusable.' },
  { id: 'input-note', text: 'Something worth knowing about an input that does not make it unusable.' },
  { id: 'skipped-documents', text: 'Documents that are not Kubernetes objects were skipped.' },
  { id: 'unusable-waiver', text: 'A waiver that could not be used (unknown rule, non-waivable rule, or invalid fields).' },
  { id: 'unused-waiver', text: 'A waiver that matched no finding.' },
] as const;
type NotificationId = typeof NOTIFICATIONS[number]['id'];

/**
 * The SARIF 2.1.0 report: one run whose driver lists the rules (help text, docs link, catalogue
 * IDs), one result per finding with physical (file and line) and logical (namespace, Kind/name,
 * logical id) locations. Waived findings carry an external, accepted suppression with the
 * waiver's reason as justification and its owner and expiry as properties. Findings a rule could
 * not decide are results of kind `open` (level `none`, as SARIF requires for a kind other than
 * `fail`) with `properties.outcome` `unknown`. Input problems, notes and skipped documents are
 * tool execution notifications; waivers that could not be used or matched nothing are
 * configuration notifications.
 */
export function renderSarif(result: CheckResult, input: InputSummary, extras: ReportExtras = {}): string {
  const profile = result.summary.profile;
  const rules = reportedRules(result);
  const ruleIndex = new Map(rules.map((r, i) => [r.name, i]));

  const logical = new LogicalLocations();
  const results = result.findings.map((f) => sarifResult(f, ruleIndex.get(f.rule)!, logical));

  const execution = [
    ...input.problems.map((p) => notification('unreadable-input', 'error', p.message, p)),
    ...(input.notes ?? []).map((p) => notification('input-note', 'note', p.message, p)),
    ...(input.skipped ?? []).map((s) => notification('skipped-documents', 'note', `${s.count} document(s) ${SKIP_REASONS[s.reason]}.`, s)),
  ];
  const configuration = [
    ...result.waiverProblems.map((p) => ({
      ...notification('unusable-waiver', 'warning', sentence(`Waiver for rule ${p.waiver.rule ?? '(none)'}${p.resource ? ` on ${p.resource.kind}/${p.resource.name}` : ''} not used: ${p.problem}`)),
      ...(p.waiver.rule !== undefined && ruleIndex.has(p.waiver.rule) ? { associatedRule: { id: p.waiver.rule, index: ruleIndex.get(p.waiver.rule)! } } : {}),
      properties: { waiver: p.waiver, ...(p.resource ? { resource: p.resource } : {}) },
    })),
    ...result.unusedWaivers.map((w) => ({
      ...notification('unused-waiver', 'note', `Waiver for rule ${w.rule}${w.target ? ` on ${w.target}` : ''} (owner ${w.owner}, expires ${w.expires}) matched no finding.`),
      ...(ruleIndex.has(w.rule) ? { associatedRule: { id: w.rule, index: ruleIndex.get(w.rule)! } } : {}),
      properties: { waiver: w },
    })),
  ];

  const s = result.summary;
  const verdict = verdictOf(result, input);
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'aio-secure',
          ...(extras.toolVersion ? { version: extras.toolVersion, semanticVersion: extras.toolVersion } : {}),
          informationUri: `${RULE_DOCS_BASE_URI}/README.md`,
          rules: rules.map((r) => ruleDescriptor(r, profile)),
          notifications: NOTIFICATIONS.map((n) => ({ id: n.id, shortDescription: { text: n.text } })),
        },
      },
      invocations: [{
        executionSuccessful: input.problems.length === 0,
        ...(extras.now ? { endTimeUtc: extras.now.toISOString() } : {}),
        toolExecutionNotifications: execution,
        toolConfigurationNotifications: configuration,
      }],
      originalUriBaseIds: { [SARIF_SOURCE_ROOT]: { description: { text: 'The directory aio-secure check ran in; relative input paths are relative to it.' } } },
      ...(logical.list.length ? { logicalLocations: logical.list } : {}),
      results,
      columnKind: 'utf16CodeUnits',
      properties: {
        profile,
        verdict,
        passed: verdict === 'pass',
        files: input.files,
        objects: input.objects,
        skipped: skippedCount(input),
        inputProblems: input.problems.length,
        resources: s.resources,
        checked: s.checked,
        rules: s.rules,
        total: s.total,
        unwaived: s.unwaived,
        waived: s.waived,
        unknown: s.unknown,
        unusedWaivers: s.unusedWaivers,
        waiverProblems: s.waiverProblems,
      },
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function ruleDescriptor(rule: Rule, profile: CheckResult['summary']['profile']) {
  const severity = rule.severity[profile];
  const docs = ruleDocPath(rule.name);
  const fix = rule.remediation ? sentence(rule.remediation) : '';
  return {
    id: rule.name,
    name: rule.name.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(''),
    shortDescription: { text: sentence(rule.description) },
    fullDescription: { text: sentence(rule.rationale || rule.description) },
    help: {
      text: `${fix ? `${fix} ` : ''}${isWaivable(rule, profile)
        ? `To accept the risk instead, waive rule ${rule.name} with a reason, an owner and an expiry.`
        : `No waiver can silence this rule in the ${profile} profile: fix it.`} See ${docs}.`,
      markdown: `${fix ? `**Fix:** ${fix}\n\n` : ''}Guidance: ${rule.guidance.join(', ')}. See [${docs}](${RULE_DOCS_BASE_URI}/${docs}).`,
    },
    helpUri: `${RULE_DOCS_BASE_URI}/${docs}`,
    defaultConfiguration: { enabled: severity !== 'off', level: severity === 'off' ? 'none' : LEVEL[severity] },
    properties: {
      guidance: rule.guidance,
      tags: ['security', 'azure-iot-operations', ...rule.guidance],
      severity: rule.severity,
      waivable: rule.waivable,
      docs,
    },
  };
}

function sarifResult(f: Finding, ruleIndex: number, logical: LogicalLocations) {
  const unknown = f.outcome === 'unknown';
  const physical = f.source ? physicalLocation(f.source.file, f.source.line) : undefined;
  const where = logical.of(f.resource);
  return {
    ruleId: f.rule,
    ruleIndex,
    // SARIF: a result of a kind other than `fail` has level `none`; the severity stays in the properties.
    kind: unknown ? 'open' : 'fail',
    level: unknown ? 'none' : LEVEL[f.severity],
    message: { text: sentence(f.message) },
    locations: [{ ...(physical ? { physicalLocation: physical } : {}), logicalLocations: [where] }],
    partialFingerprints: { 'aioSecureFinding/v1': [f.rule, f.resource.id, f.path ?? '', f.messageId].join('|') },
    ...(f.waived && f.waiver ? {
      suppressions: [{
        kind: 'external',
        status: 'accepted',
        justification: f.waiver.reason,
        properties: { owner: f.waiver.owner, expires: f.waiver.expires, ...(f.waiver.target ? { target: f.waiver.target } : {}), ...(f.waiver.path ? { path: f.waiver.path } : {}) },
      }],
    } : {}),
    properties: {
      severity: f.severity,
      outcome: f.outcome,
      status: findingStatus(f),
      guidance: f.guidance,
      messageId: f.messageId,
      ...(f.path ? { path: f.path } : {}),
      resource: f.resource,
      // An expired waiver no longer suppresses the finding; it is kept for the record.
      ...(f.waiver?.expired ? { expiredWaiver: { reason: f.waiver.reason, owner: f.waiver.owner, expires: f.waiver.expires } } : {}),
    },
  };
}

function notification(id: NotificationId, level: 'error' | 'warning' | 'note', text: string, at?: { file: string; line?: number }) {
  const physical = at ? physicalLocation(at.file, at.line) : undefined;
  return {
    descriptor: { id, index: NOTIFICATIONS.findIndex((n) => n.id === id) },
    level,
    message: { text: sentence(at && !physical ? `${at.file}${at.line ? `:${at.line}` : ''}: ${text}` : text) },
    ...(physical ? { locations: [{ physicalLocation: physical }] } : {}),
  };
}

/** A physical location in `file` (at `line` when known); undefined for standard input. */
function physicalLocation(file: string, line?: number) {
  const location = artifactLocation(file);
  if (!location) return undefined;
  return { artifactLocation: location, ...(line && line > 0 ? { region: { startLine: line } } : {}) };
}

/** Namespaces and resources as SARIF logical locations; a resource's parent is its namespace. */
class LogicalLocations {
  readonly list: { name: string; fullyQualifiedName: string; kind: string; parentIndex?: number; properties?: object }[] = [];
  private readonly index = new Map<string, number>();

  of(r: FindingResource) {
    const key = `resource\u0000${r.id}`;
    let i = this.index.get(key);
    if (i === undefined) {
      const parentIndex = r.namespace !== undefined ? this.namespace(r.namespace) : undefined;
      i = this.list.length;
      this.list.push({
        name: `${r.kind}/${r.name}`,
        fullyQualifiedName: r.id,
        kind: 'resource',
        ...(parentIndex !== undefined ? { parentIndex } : {}),
        properties: { apiVersion: r.apiVersion, kind: r.kind, name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}), logicalId: r.id },
      });
      this.index.set(key, i);
    }
    const l = this.list[i];
    return { index: i, name: l.name, fullyQualifiedName: l.fullyQualifiedName, kind: l.kind };
  }

  private namespace(ns: string): number {
    const key = `namespace\u0000${ns}`;
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.list.length;
      this.list.push({ name: ns, fullyQualifiedName: ns, kind: 'namespace' });
      this.index.set(key, i);
    }
    return i;
  }
}

/**
 * A file path as a SARIF artifact location: absolute paths become `file:` URIs, relative ones
 * stay relative to `%SRCROOT%`; every segment is percent-encoded. Standard input has none.
 */
export function artifactLocation(file: string): { uri: string; uriBaseId?: string } | undefined {
  if (file === '' || file === '<stdin>' || file === '-') return undefined;
  const path = file.replace(/\\/g, '/');
  const encode = (p: string) => p.split('/').map((seg) => encodeURIComponent(seg)).join('/');
  if (path.startsWith('/')) return { uri: `file://${encode(path)}` };
  const drive = /^([A-Za-z]):\//.exec(path);
  if (drive) return { uri: `file:///${drive[1]}:/${encode(path.slice(3))}` };
  return { uri: encode(path.replace(/^(\.\/)+/, '')), uriBaseId: SARIF_SOURCE_ROOT };
}

/** SARIF asks that messages be sentences: ends `text` with a full stop unless it has one. */
function sentence(text: string): string {
  const t = text.trimEnd();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

