import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Yaml, type App } from 'cdk8s';

/**
 * Synthesizes an app so that its output folder is either fully replaced or left as it was: the
 * app is validated first (guidance checks included), the YAML is written to a sibling folder, and
 * that folder takes the output's place only once everything is written. Returns the files written.
 */
export function synthAtomically(app: App): string[] {
  // synthYaml() runs the same validation as synth() and throws before anything is written.
  app.synthYaml();
  const outdir = resolve(app.outdir);
  const staging = `${outdir}.staging-${process.pid}`;
  const previous = `${outdir}.previous-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const files: string[] = [];
  try {
    for (const chart of app.charts) {
      const name = `${chart.node.path.replace(/[^0-9a-zA-Z-_.]/g, '-') || 'chart'}.k8s.yaml`;
      writeFileSync(join(staging, name), Yaml.stringify(...Object.values(chart.toJson())));
      files.push(join(outdir, name));
    }
    mkdirSync(dirname(outdir), { recursive: true });
    rmSync(previous, { recursive: true, force: true });
    let moved = false;
    try {
      renameSync(outdir, previous);
      moved = true;
    } catch {
      // no previous output
    }
    renameSync(staging, outdir);
    if (moved) rmSync(previous, { recursive: true, force: true });
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  return files;
}
