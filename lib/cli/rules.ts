/**
 * `aio-secure rules [<name>] [--format text|json]`: lists the rules (name, severity per profile,
 * whether a waiver can silence it, guidance IDs) or explains one (description, rationale,
 * remediation, docs page).
 */
import { parseArgs } from 'node:util';
import { guidance } from '../guidance/catalogue';
import { RULES } from '../rules/registry';
import { isWaivable, PROFILES, waivableText, type Rule } from '../rules/types';
import { EXIT, usageError, type CliIo } from './io';

/** Usage of `aio-secure rules`. */
export const RULES_USAGE = `Usage: aio-secure rules [<rule>] [--format text|json]

Without a rule: lists every rule with its severity per profile (development, production; "off"
does not run), whether a waiver can silence it, and the guidance IDs it checks.
With a rule: explains it (what a compliant deployment has, why it matters, how to fix a finding)
and names its docs page.
`;

/** Where a rule's docs page is, relative to the package root. */
export function ruleDocsPath(rule: Pick<Rule, 'name'>): string {
  return `docs/rules/${rule.name}.md`;
}


/** The JSON form of one rule. */
function ruleJson(rule: Rule, full: boolean) {
  return {
    name: rule.name,
    guidance: [...rule.guidance],
    severity: { ...rule.severity },
    waivable: Object.fromEntries(PROFILES.map((p) => [p, isWaivable(rule, p)])),
    description: rule.description,
    ...(full
      ? {
        rationale: rule.rationale,
        remediation: rule.remediation,
        appliesTo: rule.appliesTo.map((s) => (s.group ? `${s.group}/${s.kind}` : s.kind)),
        guidanceLinks: rule.guidance.map((id) => ({ id, title: guidance(id).title, url: guidance(id).url })),
      }
      : {}),
    docs: ruleDocsPath(rule),
  };
}

/** Runs `aio-secure rules`. */
export function rules(argv: readonly string[], io: CliIo, registry: readonly Rule[] = RULES): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { format: { type: 'string', default: 'text' }, help: { type: 'boolean', default: false } },
    });
  } catch (e) {
    return usageError(io, 'rules', `${(e as Error).message}. Run "aio-secure rules --help" for usage.`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(RULES_USAGE);
    return EXIT.ok;
  }
  if (values.format !== 'text' && values.format !== 'json') return usageError(io, 'rules', `--format "${values.format}" is not supported. Use text or json.`);
  if (positionals.length > 1) return usageError(io, 'rules', `explains one rule at a time (got ${positionals.length}). Run "aio-secure rules <rule>".`);

  if (positionals.length === 1) {
    const name = positionals[0];
    const rule = registry.find((r) => r.name === name);
    if (!rule) {
      const close = registry.filter((r) => r.name.includes(name) || name.includes(r.name) || sharedWords(r.name, name) >= 2).map((r) => r.name);
      return usageError(io, 'rules', `no rule "${name}". ${close.length ? `Did you mean ${close.slice(0, 3).join(', ')}? ` : ''}Run "aio-secure rules" for the list.`);
    }
    if (values.format === 'json') {
      io.stdout(`${JSON.stringify(ruleJson(rule, true), null, 2)}\n`);
      return EXIT.ok;
    }
    const lines = [
      rule.name,
      '',
      `Guidance:    ${rule.guidance.map((id) => `${id} ${guidance(id).title}`).join('; ')}`,
      `Severity:    ${PROFILES.map((p) => `${p} ${rule.severity[p]}`).join(', ')}`,
      `Waivable:    ${waivableText(rule)}`,
      `Applies to:  ${rule.appliesTo.map((s) => (s.group ? `${s.group}/${s.kind}` : s.kind)).join(', ')}`,
      '',
      'What a compliant deployment has:',
      indent(rule.description),
      '',
      'Why it matters:',
      indent(rule.rationale),
      '',
      'How to fix a finding:',
      indent(rule.remediation),
      '',
      `Docs: ${ruleDocsPath(rule)}`,
    ];
    io.stdout(`${lines.join('\n')}\n`);
    return EXIT.ok;
  }

  if (values.format === 'json') {
    io.stdout(`${JSON.stringify({ rules: registry.map((r) => ruleJson(r, false)) }, null, 2)}\n`);
    return EXIT.ok;
  }
  const header = ['RULE', 'DEVELOPMENT', 'PRODUCTION', 'WAIVABLE', 'GUIDANCE'];
  const rows = registry.map((r) => [r.name, r.severity.development, r.severity.production, waivableText(r), r.guidance.join(', ')]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  io.stdout(`${[line(header), ...rows.map(line)].join('\n')}\n\n${registry.length} rules. "aio-secure rules <rule>" explains one.\n`);
  return EXIT.ok;
}

function indent(text: string): string {
  return text.split('\n').map((l) => `  ${l}`).join('\n');
}

function sharedWords(a: string, b: string): number {
  const words = new Set(a.split('-'));
  return b.split('-').filter((w) => words.has(w)).length;
}
