/**
 * Every registered rule has a docs page whose examples really are what they claim: the
 * non-compliant one trips the rule, the compliant one passes it (and every other rule), both are
 * valid (against the real AIO CRDs, or the ARM type definitions), and the waiver it shows waives
 * the non-compliant example. The rule index is generated, so a stale index fails here.
 *
 * Example blocks. A page marks its examples with a line `<!-- example: non-compliant -->`,
 * `<!-- example: compliant -->` or `<!-- example: waiver -->`, followed on the next line by a
 * fenced block. The non-compliant and the compliant block have the same language, one of:
 *
 * - ```yaml: Kubernetes manifests (one or more documents), read with `readKubernetesText` and
 *   validated against the real CRDs and the derived schemas (`validateManifests`).
 * - ```json: one ARM deployment template (`$schema` ...deploymentTemplate.json#, `contentVersion`,
 *   `resources`), for rules about Azure-only resources (role assignments, federated credentials,
 *   vaults, ...), which have no Kubernetes form. It is read with the ARM reader
 *   (`tryReadArmText`), exactly as `aio-secure check` reads a template, and each resource whose
 *   provider and api-version have an ARM type graph (`test/support/arm-types-validator.ts`) is
 *   validated against it. Inside `properties` the validator takes literals, template parameters
 *   (with the values below) and the reference expressions `renderArmTemplate` writes
 *   (`[reference('<symbol>').principalId]`, `[subscriptionResourceId(...)]`, ...); any other
 *   expression there is reported, so write literal values. A provider the docs use without a
 *   type graph must be listed in `ARM_PROVIDERS_WITHOUT_TYPES` below, so that nothing goes
 *   unvalidated silently.
 *   To tie resources together (a role assignment's `principalId` to the identity it names, an
 *   endpoint's `clientId`), write the template as `renderArmTemplate` (and `aio-secure synth
 *   --arm`) writes it: the reader turns the expressions it lists in `metadata["aio-secure"]` back
 *   into references that the rules follow. Template parameters the examples use need a
 *   `defaultValue`, except `instanceName` and `customLocationName`, which get `DOC_PARAMETERS`.
 *
 * The waiver block is TypeScript (```ts) with one `rule: '...'`, `target: '...'`, `reason: '...'`,
 * `owner: '...'` and `expires: '...'` line each.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  checkResources,
  guidance,
  isWaivable,
  PROFILES,
  armInputKind,
  readKubernetesText,
  ruleDocPath,
  tryReadArmText,
  RULES,
  type Resource,
  type Rule,
  type Waiver,
} from 'aio-secure';
import { COVERAGE_MARKERS, replaceBetweenMarkers, rulesIndexMarkdown, waivableText } from '../../scripts/docs';
import { coverageMarkdown } from '../../lib/guidance/coverage';
import { validateManifests } from '../support/schema-validator';
import { ARM_TEMPLATE } from '../../lib/model/versions';
import { armTypes, validateArmResource } from '../support/arm-types-validator';

const ROOT = join(__dirname, '..', '..');
const DOCS = join(ROOT, 'docs', 'rules');
const RULES_DIR = join(ROOT, 'lib', 'rules');

/** Waivers in the docs expire in 2027; judge them at a fixed moment so the test does not rot. */
const NOW = new Date('2026-12-01T00:00:00Z');

/** The headings every page has, in this order. */
const SECTIONS = ['## Why', '## Non-compliant example', '## Compliant example', '## How to fix', '## How to waive'];

/** The languages an example may be written in (see the module comment). */
const EXAMPLE_LANGUAGES = ['yaml', 'json'] as const;

/**
 * Resource providers whose ARM type graphs are not in the reference data yet, so the resources of
 * JSON examples with these types are read and checked but not validated. Remove a provider once
 * its graph is added; a provider that is not listed and has no graph fails the validation test.
 */
const ARM_PROVIDERS_WITHOUT_TYPES = new Set<string>([]);

/** Values of the template parameters AIO resources are named with, when a JSON example has no default. */
const DOC_PARAMETERS: Readonly<Record<string, string>> = { instanceName: 'aio-docs', customLocationName: 'aio-docs-cl' };

interface Block {
  readonly lang: string;
  readonly body: string;
  /** One-based line of the opening fence. */
  readonly line: number;
}

/**
 * One example: the fenced block after its marker, and any further blocks that follow it with only
 * blank lines between (a deployment whose Defender plan is a subscription template beside its
 * resource-group template, YAML beside its ARM template). `lang`, `body` and `line` are the first
 * block's.
 */
interface Example extends Block {
  readonly kind: string;
  readonly blocks: readonly Block[];
}

/**
 * The fenced blocks of a page that follow an `<!-- example: <kind> -->` line. A marker that is not
 * immediately followed by a fence is an error, so a misplaced marker cannot hide an example.
 */
function examplesOf(page: string): Example[] {
  const lines = page.split('\n');
  const out: Example[] = [];
  const blockAt = (i: number): [Block, number] | undefined => {
    const fence = /^```(\w+)$/.exec(lines[i] ?? '');
    if (!fence) return undefined;
    const end = lines.findIndex((l, j) => j > i && l === '```');
    if (end < 0) throw new Error(`line ${i + 1}: fenced block is not closed`);
    return [{ lang: fence[1], body: lines.slice(i + 1, end).join('\n'), line: i + 1 }, end];
  };
  lines.forEach((line, i) => {
    const m = /^<!-- example: ([\w-]+) -->$/.exec(line.trim());
    if (!m) return;
    const first = blockAt(i + 1);
    if (!first) throw new Error(`line ${i + 1}: marker "${line.trim()}" is not followed by a fenced block on the next line`);
    const blocks = [first[0]];
    for (let end = first[1]; ;) {
      let next = end + 1;
      while (next < lines.length && lines[next].trim() === '') next++;
      const more = blockAt(next);
      if (!more) break;
      blocks.push(more[0]);
      end = more[1];
    }
    out.push({ kind: m[1], ...blocks[0], blocks });
  });
  return out;
}

function pageOf(rule: Rule): string {
  return readFileSync(join(ROOT, ruleDocPath(rule.name)), 'utf8');
}

function only(examples: Example[], kind: string): Example {
  const found = examples.filter((e) => e.kind === kind);
  if (found.length !== 1) throw new Error(`expected exactly one "${kind}" example, found ${found.length}`);
  return found[0];
}

function read(rule: Rule, example: Example): Resource[] {
  return example.blocks.flatMap((b) => readBlock(rule, b));
}

function readBlock(rule: Rule, example: Block): Resource[] {
  const file = `${ruleDocPath(rule.name)}:${example.line}`;
  if (example.lang === 'json') {
    // Strict JSON, and a deployment template rather than any other ARM input.
    const kind = armInputKind(JSON.parse(example.body) as unknown);
    if (kind !== 'template') {
      throw new Error(`${file}: a json example must be one ARM deployment template ` +
        `({ "$schema": "${ARM_TEMPLATE.schema}", "contentVersion": "1.0.0.0", "resources": [...] }); the ARM reader takes it for ${kind ? `${kind} input` : 'no ARM input'}`);
    }
    const result = tryReadArmText(example.body, file);
    if (!result) throw new Error(`${file}: the ARM reader does not take the example for ARM input`);
    expect(result.problems).toEqual([]);
    expect(result.resources.length).toBeGreaterThan(0);
    return result.resources;
  }
  const { resources, problems } = readKubernetesText(example.body, file);
  expect(problems).toEqual([]);
  expect(resources.length).toBeGreaterThan(0);
  return resources;
}

/** Whether the ARM type graph of a provider at an api-version is available to the validator. */
function hasArmTypes(provider: string, apiVersion: string): boolean {
  try {
    armTypes(provider, apiVersion);
    return true;
  } catch {
    return false;
  }
}

/**
 * Validates the resources of a JSON example's template against the ARM types (see the module
 * comment). Returns the errors, and the types of the resources it could not validate.
 */
function validateArmExample(body: string): { errors: string[]; unvalidated: string[] } {
  const template = JSON.parse(body) as { parameters?: Record<string, { defaultValue?: unknown }>; resources?: unknown };
  const parameters: Record<string, string> = { ...DOC_PARAMETERS };
  for (const [name, p] of Object.entries(template.parameters ?? {})) {
    if (typeof p?.defaultValue === 'string' && !p.defaultValue.startsWith('[')) parameters[name] = p.defaultValue;
  }
  const list = Array.isArray(template.resources) ? template.resources : Object.values(template.resources ?? {});
  const errors: string[] = [];
  const unvalidated: string[] = [];
  for (const r of list as Record<string, unknown>[]) {
    if (r.existing === true) continue;
    const type = String(r.type);
    const provider = type.split('/')[0];
    if (!hasArmTypes(provider, String(r.apiVersion))) {
      unvalidated.push(`${type}@${String(r.apiVersion)}`);
      continue;
    }
    errors.push(...validateArmResource(r, { parameters }));
  }
  return { errors, unvalidated };
}

function objectsOf(yaml: string): unknown[] {
  return parseAllDocuments(yaml).map((d) => d.toJS() as unknown).filter((v) => v !== null && v !== undefined);
}

/** The waiver shown in a page's `<!-- example: waiver -->` TypeScript block. */
function waiverOf(example: Example): Waiver {
  const field = (name: string) => {
    const m = new RegExp(`^\\s*${name}: '([^']*)',?$`, 'm').exec(example.body);
    if (!m) throw new Error(`the waiver example has no ${name}: '...' line`);
    return m[1];
  };
  return { rule: field('rule'), target: field('target'), reason: field('reason'), owner: field('owner'), expires: field('expires') };
}

describe.each(RULES.map((r) => [r.name, r] as const))('docs/rules/%s.md', (name, rule) => {
  const path = join(ROOT, ruleDocPath(name));

  test('exists', () => {
    expect(existsSync(path)).toBe(true);
  });

  test('has the rule name as title, its description, and the sections in order', () => {
    const page = pageOf(rule);
    expect(page.split('\n')[0]).toBe(`# ${name}`);
    expect(page).toContain(`\n${rule.description}\n`);
    const at = SECTIONS.map((s) => page.indexOf(`\n${s}\n`));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  test('its table links every catalogue ID to Microsoft Learn and states severity and waivability as the rule does', () => {
    const page = pageOf(rule);
    for (const id of rule.guidance) {
      expect(page).toContain(id);
      expect(page).toContain(`[${id}](${guidance(id).url})`);
    }
    const row = /^\| Guidance \| (.*) \|$/m.exec(page)?.[1] ?? '';
    expect([...row.matchAll(/\[([A-Z]{2}-\d)\]/g)].map((m) => m[1])).toEqual([...rule.guidance]);
    expect(page).toContain(`| Severity | \`${rule.severity.development}\` in development, \`${rule.severity.production}\` in production |`);
    expect(page).toContain(`| Waivable | ${waivableText(rule)} |`);
  });

  test('has exactly one non-compliant and one compliant example, both YAML or both ARM template JSON', () => {
    const examples = examplesOf(pageOf(rule)).filter((e) => e.kind !== 'waiver');
    expect(examples.map((e) => e.kind)).toEqual(['non-compliant', 'compliant']);
    expect(EXAMPLE_LANGUAGES).toContain(examples[0].lang);
    expect(examples[1].lang).toBe(examples[0].lang);
  });

  test('the non-compliant example gives at least one finding of the rule, and no unknown', () => {
    const resources = read(rule, only(examplesOf(pageOf(rule)), 'non-compliant'));
    const result = checkResources(resources, { rules: [rule], profile: 'production' });
    expect(result.findings.filter((f) => f.outcome === 'unknown')).toEqual([]);
    const findings = result.findings.filter((f) => f.rule === name && f.outcome === 'finding');
    expect(findings.length).toBeGreaterThan(0);
  });

  test('the compliant example gives no finding and no unknown', () => {
    const resources = read(rule, only(examplesOf(pageOf(rule)), 'compliant'));
    const result = checkResources(resources, { rules: [rule], profile: 'production' });
    expect(result.findings).toEqual([]);
    expect(result.summary.unknown).toBe(0);
    // The rule must have looked at something, or the example proves nothing.
    const applies = resources.filter((r) => rule.appliesTo.some((s) => s.group === r.group && s.kind === r.kind));
    expect(applies.length).toBeGreaterThan(0);
  });

  test('the compliant example passes every rule in both profiles', () => {
    const resources = read(rule, only(examplesOf(pageOf(rule)), 'compliant'));
    // A page's compliant example shows one control, not a whole deployment: other controls'
    // deployment-level rules would fire on its AIO anchor. Each runs on its own page.
    const rules = RULES.filter((r) => !r.deploymentLevel || r.name === rule.name);
    for (const profile of ['development', 'production'] as const) {
      const result = checkResources(resources, { profile, rules });
      expect(result.findings.map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
    }
  });

  test('both examples are valid: YAML against the real AIO CRDs and the derived schemas, JSON against the ARM types', () => {
    const examples = examplesOf(pageOf(rule)).filter((e) => e.kind !== 'waiver');
    for (const e of examples.flatMap((x) => x.blocks)) {
      if (e.lang === 'json') {
        const { errors, unvalidated } = validateArmExample(e.body);
        expect(errors).toEqual([]);
        // A type without a graph is only acceptable when its provider is known to have none yet.
        expect(unvalidated.filter((t) => !ARM_PROVIDERS_WITHOUT_TYPES.has(t.split('/')[0].toLowerCase()))).toEqual([]);
      } else {
        expect(validateManifests(objectsOf(e.body))).toEqual([]);
      }
    }
  });

  const waivableIn = PROFILES.filter((p) => isWaivable(rule, p));
  const refusedIn = PROFILES.filter((p) => !isWaivable(rule, p));

  if (waivableIn.length) {
    // Where the rule is off, the example has no finding to waive.
    const shown = waivableIn.filter((p) => rule.severity[p] !== 'off');
    test.each(shown)('its waiver example waives every finding of the non-compliant example in the %s profile', (profile) => {
      const examples = examplesOf(pageOf(rule));
      const waiver = waiverOf(only(examples, 'waiver'));
      expect(waiver.rule).toBe(name);
      const resources = read(rule, only(examples, 'non-compliant'));
      const result = checkResources(resources, { rules: [rule], profile, waivers: [waiver], now: NOW });
      expect(result.waiverProblems).toEqual([]);
      expect(result.unusedWaivers).toEqual([]);
      expect(result.findings.length).toBeGreaterThan(0);
      expect(result.findings.every((f) => f.waived)).toBe(true);
    });
  } else {
    test('says it cannot be waived and shows no waiver', () => {
      const page = pageOf(rule);
      expect(page).toContain('It cannot be waived.');
      expect(examplesOf(page).filter((e) => e.kind === 'waiver')).toEqual([]);
    });
  }

  if (refusedIn.length) {
    test.each(refusedIn)('the engine rejects a waiver in the %s profile, and the page says so', (profile) => {
      const page = pageOf(rule);
      // A rule waivable somewhere names the profiles that refuse it.
      const where = waivableIn.length ? ` in the ${profile} profile` : '';
      if (where) expect(page).toContain(`It cannot be waived${where}.`);
      const resources = read(rule, only(examplesOf(page), 'non-compliant'));
      const waiver: Waiver = {
        rule: name, target: '*', reason: 'A lab that nobody outside the team can reach', owner: 'lab-team', expires: '2027-03-31',
      };
      const result = checkResources(resources, { rules: [rule], profile, waivers: [waiver], now: NOW });
      expect(result.waiverProblems.map((p) => p.problem)).toEqual([`rule "${name}" cannot be waived${where}`]);
      expect(result.findings.length).toBeGreaterThan(0);
      expect(result.findings.some((f) => f.waived)).toBe(false);
    });
  }
});

describe('JSON examples: the ARM validation step fails when it should', () => {
  const template = (resource: Record<string, unknown>) => JSON.stringify({ $schema: ARM_TEMPLATE.schema, contentVersion: '1.0.0.0', resources: [resource] });
  const identity = { type: 'Microsoft.ManagedIdentity/userAssignedIdentities', apiVersion: '2023-01-31', name: 'plant-a-dataflow-identity', location: 'westeurope' };

  test('a valid identity passes, and is validated', () => {
    expect(validateArmExample(template(identity))).toEqual({ errors: [], unvalidated: [] });
  });

  test('an unknown property and a bad federated credential are reported', () => {
    expect(validateArmExample(template({ ...identity, colour: 'blue' })).errors).toEqual([
      'Microsoft.ManagedIdentity/userAssignedIdentities plant-a-dataflow-identity: /colour is not a property of Microsoft.ManagedIdentity/userAssignedIdentities [ARM types microsoft.managedidentity@2023-01-31]',
    ]);
    const fic = {
      type: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials', apiVersion: '2023-01-31', name: 'plant-a-dataflow-identity/aio-dataflow',
      properties: { issuer: 'https://oidc.example/', audiences: ['api://AzureADTokenExchange'] },
    };
    expect(validateArmExample(template(fic)).errors).toEqual([
      'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials plant-a-dataflow-identity/aio-dataflow: /properties/subject is required [ARM types microsoft.managedidentity@2023-01-31]',
    ]);
  });

  test('a template parameter takes its default value; an expression nothing can evaluate is reported, not passed', () => {
    const fic = (issuer: string) => ({
      type: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials', apiVersion: '2023-01-31', name: 'plant-a-dataflow-identity/aio-dataflow',
      properties: { issuer, subject: 'system:serviceaccount:azure-iot-operations:aio-dataflow', audiences: ['api://AzureADTokenExchange'] },
    });
    const withParameter = JSON.stringify({
      $schema: ARM_TEMPLATE.schema, contentVersion: '1.0.0.0',
      parameters: { oidcIssuerUrl: { type: 'string', defaultValue: 'https://oidc.example/' } },
      resources: [fic("[parameters('oidcIssuerUrl')]")],
    });
    expect(validateArmExample(withParameter)).toEqual({ errors: [], unvalidated: [] });
    const errors = validateArmExample(template(fic("[reference('elsewhere').issuer]"))).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("/properties/issuer is an ARM expression ([reference('elsewhere').issuer])");
  });

  test('a provider without a type graph is named, not passed', () => {
    const pricing = { type: 'Microsoft.Nowhere/widgets', apiVersion: '2024-01-01', name: 'w' };
    expect(validateArmExample(template(pricing))).toEqual({ errors: [], unvalidated: ['Microsoft.Nowhere/widgets@2024-01-01'] });
  });
});

describe('the registry matches lib/rules/<area>/', () => {
  const files = readdirSync(RULES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(RULES_DIR, d.name)).filter((f) => f.endsWith('.ts') && f !== 'common.ts' && f !== 'index.ts').map((f) => join(RULES_DIR, d.name, f)));

  const isRule = (v: unknown): v is Rule =>
    typeof v === 'object' && v !== null && typeof (v as Rule).name === 'string' && typeof (v as Rule).check === 'function';

  test('there are rule files', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  test.each(files.map((f) => [basename(f, '.ts'), f]))('%s.ts exports exactly one rule, named after the file, that is registered', (file, full) => {
    const exported = Object.values(require(full) as Record<string, unknown>).filter(isRule);
    expect(exported.map((r) => r.name)).toEqual([file]);
    expect(RULES).toContain(exported[0]);
  });

  test('every registered rule lives in the file named after it', () => {
    const names = files.map((f) => basename(f, '.ts')).sort();
    expect(RULES.map((r) => r.name).sort()).toEqual(names);
  });

  test('rule names are unique', () => {
    expect(new Set(RULES.map((r) => r.name)).size).toBe(RULES.length);
  });
});

describe('docs/rules/', () => {
  test('README.md is the generated index (run npm run docs after changing a rule)', () => {
    expect(readFileSync(join(DOCS, 'README.md'), 'utf8')).toBe(rulesIndexMarkdown());
  });

  test('the index links every rule page in registry order', () => {
    const links = [...rulesIndexMarkdown().matchAll(/^\| \[([a-z0-9-]+)\]\(\1\.md\) \|/gm)].map((m) => m[1]);
    expect(links).toEqual(RULES.map((r) => r.name));
  });

  test('holds no page for a rule that is not registered', () => {
    const pages = readdirSync(DOCS).filter((f) => f !== 'README.md').sort();
    expect(pages).toEqual(RULES.map((r) => `${r.name}.md`).sort());
  });
});

describe('README coverage table', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const hasMarkers = readme.includes(COVERAGE_MARKERS.start) && readme.includes(COVERAGE_MARKERS.end);

  // Skipped (and visible as skipped) until README.md has the markers.
  (hasMarkers ? test : test.skip)('is the generated one (run npm run docs)', () => {
    expect(replaceBetweenMarkers(readme, COVERAGE_MARKERS.start, COVERAGE_MARKERS.end, coverageMarkdown())).toBe(readme);
  });
});

describe('replaceBetweenMarkers', () => {
  const S = '<!-- s -->';
  const E = '<!-- e -->';

  test('replaces what lies between the marker lines and keeps the markers and the rest', () => {
    const text = `# Title\n\n${S}\nold\nlines\n${E}\n\nafter\n`;
    expect(replaceBetweenMarkers(text, S, E, 'new\n')).toBe(`# Title\n\n${S}\nnew\n${E}\n\nafter\n`);
  });

  test('fills empty markers and is idempotent', () => {
    const once = replaceBetweenMarkers(`${S}\n${E}\n`, S, E, '| a |');
    expect(once).toBe(`${S}\n| a |\n${E}\n`);
    expect(replaceBetweenMarkers(once, S, E, '| a |')).toBe(once);
  });

  test('refuses a missing, repeated or misordered marker, naming it', () => {
    expect(() => replaceBetweenMarkers(`${S}\nx\n`, S, E, 'y')).toThrow(`marker "${E}" not found`);
    expect(() => replaceBetweenMarkers(`${S}\n${S}\n${E}\n`, S, E, 'y')).toThrow(`marker "${S}" appears more than once`);
    expect(() => replaceBetweenMarkers(`${E}\n${S}\n`, S, E, 'y')).toThrow(`marker "${E}" comes before "${S}"`);
    expect(() => replaceBetweenMarkers(`${S} ${E}\n`, S, E, 'y')).toThrow('on the same line');
  });
});
