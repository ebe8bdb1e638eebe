/**
 * `npm run docs`: regenerates docs/rules/README.md and the guidance coverage table in README.md.
 * The content comes from scripts/docs.ts; this file only reads and writes.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coverageMarkdown } from '../lib/guidance/coverage';
import { COVERAGE_MARKERS, replaceBetweenMarkers, rulesIndexMarkdown } from './docs';

const root = join(__dirname, '..');

const indexFile = join(root, 'docs', 'rules', 'README.md');
writeFileSync(indexFile, rulesIndexMarkdown());
process.stdout.write(`wrote ${indexFile}\n`);

const readme = join(root, 'README.md');
const text = existsSync(readme) ? readFileSync(readme, 'utf8') : undefined;
if (text === undefined || !text.includes(COVERAGE_MARKERS.start) || !text.includes(COVERAGE_MARKERS.end)) {
  process.stderr.write(
    `warning: ${readme} has no "${COVERAGE_MARKERS.start}" and "${COVERAGE_MARKERS.end}" lines; ` +
      'left it unchanged. Add both markers where the coverage table belongs and run npm run docs again.\n',
  );
} else {
  const updated = replaceBetweenMarkers(text, COVERAGE_MARKERS.start, COVERAGE_MARKERS.end, coverageMarkdown());
  if (updated !== text) writeFileSync(readme, updated);
  process.stdout.write(`${updated === text ? 'unchanged' : 'updated'} coverage table in ${readme}\n`);
}
