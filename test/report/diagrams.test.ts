import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { REFERENCE_BROKER, REFERENCE_BROKER_ID } from '../../examples/reference-site/site';
import { toKubernetesObject } from '../../lib/model/kubernetes-object';
import { planSecureBroker, resolveSecureBroker } from '../../lib/model/secure-broker';
import { planSegmentedEdgeNetwork, resolveSegmentedEdgeNetwork } from '../../lib/model/segmented-edge-network';
import { analysesForReport } from '../../lib/report/diagrams';
import { runAioSecure } from '../cli/support';
import { SITE_NETWORK } from '../model/segmented-edge-network-props';

const NOW = new Date('2026-06-01T00:00:00Z');
const network = planSegmentedEdgeNetwork(resolveSegmentedEdgeNetwork('site', SITE_NETWORK));
const broker = planSecureBroker(resolveSecureBroker(REFERENCE_BROKER_ID, {
  ...REFERENCE_BROKER,
  issuer: { kind: 'ClusterIssuer', name: 'azure-iot-operations-customer-ca-issuer' },
}));

describe('analysesForReport', () => {
  test('draws the zones and conduits the policies allow, marking declared conduits', () => {
    const { diagrams } = analysesForReport(network, NOW);
    const zones = diagrams!.zones!;
    expect(zones.zones.length).toBeGreaterThan(1);
    expect(zones.conduits.length).toBeGreaterThan(0);
    expect(zones.conduits.every((c) => c.from !== c.to)).toBe(true);
    expect(zones.conduits.some((c) => c.declared)).toBe(true);
    for (const c of zones.conduits) {
      expect(zones.zones.map((z) => z.id)).toEqual(expect.arrayContaining([c.from, c.to]));
    }
  });

  test("draws the broker's access matrix: a row per principal, a cell per granted filter", () => {
    const matrix = analysesForReport(broker, NOW).diagrams!.mqttAccess!;
    expect(matrix.topics.length).toBeGreaterThan(0);
    expect(matrix.rows.length).toBeGreaterThan(0);
    for (const row of matrix.rows) expect(row.cells).toHaveLength(matrix.topics.length);
    expect(matrix.rows.some((r) => r.cells.some((c) => c !== null && c.length > 0))).toBe(true);
  });

  test('draws nothing from manifests without policies or authorizations, and still lists the attested controls', () => {
    const extras = analysesForReport([], NOW);
    expect(extras.diagrams).toBeUndefined();
    expect(extras.attestations!.map((a) => a.status)).toEqual(extras.attestations!.map(() => 'missing'));
    expect(extras.attestations!.length).toBeGreaterThan(0);
  });
});

describe('aio-secure check --format html', () => {
  test('the HTML report of a deployment with policies and authorizations has both diagrams', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aio-secure-html-'));
    try {
      writeFileSync(join(dir, 'site.yaml'), [...network, ...broker].map((r) => stringify(toKubernetesObject(r))).join('---\n'));
      const out = join(dir, 'report.html');
      const run = await runAioSecure(['check', join(dir, 'site.yaml'), '--format', `html=${out}`, '--format', 'json']);
      expect(run.stderr).toBe('');
      const html = readFileSync(out, 'utf8');
      expect(html).toContain('<svg');
      expect(html).toContain('id="attestations"');
      expect(html).toMatch(/access matrix/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
