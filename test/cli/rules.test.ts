import { EXIT } from '../../lib/cli/run';
import { RULES } from 'aio-secure';
import { runAioSecure } from './support';

describe('aio-secure rules', () => {
  test('lists every rule with severities, waivability and guidance IDs', async () => {
    const r = await runAioSecure(['rules']);
    expect(r.code).toBe(EXIT.ok);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^RULE\s+DEVELOPMENT\s+PRODUCTION\s+WAIVABLE\s+GUIDANCE$/);
    expect(lines.slice(1, RULES.length + 1).map((l) => l.split(/\s+/)[0])).toEqual(RULES.map((x) => x.name));
    expect(r.stdout).toMatch(/\nexposed-anonymous-plaintext-listener\s+warning\s+error\s+no\s+/);
    expect(r.stdout).toMatch(/\nexposed-plaintext-listener\s+\S+\s+error\s+in development only\s+/);
    expect(r.stdout.endsWith(`\n\n${RULES.length} rules. "aio-secure rules <rule>" explains one.\n`)).toBe(true);
  });

  test('--format json lists the same rules as data', async () => {
    const r = await runAioSecure(['rules', '--format', 'json']);
    const json = JSON.parse(r.stdout);
    expect(json.rules.map((x: { name: string }) => x.name)).toEqual(RULES.map((x) => x.name));
    expect(json.rules.find((x: { name: string }) => x.name === 'listener-requires-tls')).toEqual({
      name: 'listener-requires-tls',
      guidance: ['CN-1'],
      severity: { development: 'error', production: 'error' },
      waivable: { development: true, production: true },
      description: RULES.find((x) => x.name === 'listener-requires-tls')!.description,
      docs: 'docs/rules/listener-requires-tls.md',
    });
  });

  test('explains one rule: description, rationale, remediation, docs page', async () => {
    const rule = RULES.find((x) => x.name === 'listener-requires-tls')!;
    const r = await runAioSecure(['rules', rule.name]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout.startsWith('listener-requires-tls\n\nGuidance:    CN-1 ')).toBe(true);
    for (const part of [rule.description, rule.rationale, rule.remediation]) expect(r.stdout).toContain(part.split('\n')[0]);
    expect(r.stdout.endsWith('\nDocs: docs/rules/listener-requires-tls.md\n')).toBe(true);
    const json = JSON.parse((await runAioSecure(['rules', rule.name, '--format', 'json'])).stdout);
    expect(json).toMatchObject({ name: rule.name, rationale: rule.rationale, remediation: rule.remediation, appliesTo: ['mqttbroker.iotoperations.azure.com/BrokerListener'] });
    expect(json.guidanceLinks[0]).toMatchObject({ id: 'CN-1' });
  });

  test('an unknown rule: exit 2 with suggestions', async () => {
    const r = await runAioSecure(['rules', 'listener-tls']);
    expect(r.code).toBe(EXIT.unusable);
    expect(r.stderr).toMatch(/^aio-secure rules: no rule "listener-tls"\. Did you mean listener-requires-tls(, [a-z-]+)*\? Run "aio-secure rules" for the list\.\n$/);
  });

  test('every rule named in the list has a docs page path the docs test checks', async () => {
    const json = JSON.parse((await runAioSecure(['rules', '--format', 'json'])).stdout);
    for (const r of json.rules) expect(r.docs).toBe(`docs/rules/${r.name}.md`);
  });
});
