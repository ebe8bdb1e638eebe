/**
 * Reads every manifest of the real-world corpus (third-party AIO YAML and JSON collected from
 * public repositories) and runs the rules over it. Nothing may throw, every file must yield objects,
 * problems, skipped documents or notes, and what each file yields is snapshotted, so a change of behaviour on real input is
 * reviewed like a code change.
 *
 * ARM templates (13 of the files) are read by the ARM reader.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkResources, readKubernetesFile, type CheckResult, type ReadResult } from 'aio-secure';
import { sharedReference } from '../support/shared';

const CORPUS = sharedReference('real-world');
const MANIFEST = /\.(ya?ml|json)$/i;
const SKIP = new Set(['sources.json', 'README.md']);
/** A fixed "now", so that waiver expiry in the corpus cannot change the snapshot over time. */
const NOW = new Date('2026-11-30T00:00:00Z');

function corpusFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const full = join(dir, e.name);
      if (e.isDirectory()) return corpusFiles(full);
      if (!e.isFile() || SKIP.has(e.name) || /^LICEN[CS]E/i.test(e.name) || !MANIFEST.test(e.name)) return [];
      return [full];
    });
}

interface FileSummary {
  objects: number;
  /** Documents skipped (not Kubernetes objects), by reason; absent when none. */
  skipped?: Record<string, number>;
  kinds: Record<string, number>;
  problems: string[];
  findingsByRule: Record<string, number>;
  unknownByRule: Record<string, number>;
}

function summarize(read: ReadResult, result: CheckResult): FileSummary {
  const count = (keys: string[]) => Object.fromEntries([...new Set(keys)].sort().map((k) => [k, keys.filter((x) => x === k).length]));
  return {
    objects: read.resources.length,
    ...(read.skipped ? { skipped: Object.fromEntries(read.skipped.map((x) => [x.reason, x.count])) } : {}),
    kinds: count(read.resources.map((r) => `${r.group ? `${r.group}/` : ''}${r.version} ${r.kind}`)),
    problems: read.problems.map((p) => `${p.line ? `line ${p.line}: ` : ''}${p.message}`),
    findingsByRule: count(result.findings.filter((f) => f.outcome === 'finding').map((f) => `${f.rule} (${f.severity})`)),
    unknownByRule: count(result.findings.filter((f) => f.outcome === 'unknown').map((f) => f.rule)),
  };
}

const files = corpusFiles(CORPUS);

describe('real-world corpus', () => {
  test('holds the files the corpus README lists (YAML and JSON)', () => {
    expect(files.length).toBeGreaterThanOrEqual(70);
  });

  test.each(files.map((f) => [relative(CORPUS, f)]))('%s', (name) => {
    const file = join(CORPUS, name);
    const read = readKubernetesFile(file);
    expect(read.resources.length + read.problems.length + (read.skipped?.length ?? 0) + (read.notes?.length ?? 0)).toBeGreaterThan(0);
    for (const p of read.problems) expect(p.file).toBe(file);
    const result = checkResources(read.resources, { now: NOW });
    expect(result.summary.resources).toBe(read.resources.length);
    expect(summarize(read, result)).toMatchSnapshot();
  });
});
