import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { toKubernetesObject } from 'aio-secure';
import { reach, REACH_USAGE } from '../../lib/cli/reach';
import { planSegmentedEdgeNetwork, resolveSegmentedEdgeNetwork } from '../../lib/model/segmented-edge-network';
import { SITE_NETWORK } from '../model/segmented-edge-network-props';

interface Run { code: number; stdout: string; stderr: string }

async function run(args: string[], stdin = ''): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await reach(args, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, readStdin: () => Buffer.from(stdin), isTty: false }, REACH_USAGE);
  return { code, stdout, stderr };
}

let dir: string;
let site: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aio-secure-reach-'));
  site = join(dir, 'site.yaml');
  const plan = planSegmentedEdgeNetwork(resolveSegmentedEdgeNetwork('site', SITE_NETWORK));
  const listener = {
    apiVersion: 'mqttbroker.iotoperations.azure.com/v1', kind: 'BrokerListener', metadata: { name: 'default', namespace: 'azure-iot-operations' },
    spec: { brokerRef: 'default', serviceName: 'aio-broker', serviceType: 'ClusterIp', ports: [{ port: 18883, authenticationRef: 'default', tls: { mode: 'Automatic' } }] },
  };
  const app = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'historian-export', namespace: 'plant-a-apps', labels: { app: 'historian-export' } }, spec: { containers: [{ name: 'c', image: 'x' }] } };
  writeFileSync(site, [...plan.map(toKubernetesObject), listener, app].map((o) => stringify(o)).join('---\n'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('aio-secure reach', () => {
  test('no query: the zone matrix and the declared conduits', async () => {
    const r = await run([site]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Zones: azure-iot-operations, level-3-site, level-2-cell-a (10.20.0.0/16), level-4-enterprise (172.16.0.0/12)\n');
    expect(r.stdout).toContain('  level-3-site -> azure-iot-operations: TCP 18883\n');
    expect(r.stdout).toContain('  level-4-enterprise -> azure-iot-operations: TCP 8883\n');
    expect(r.stdout).toContain('  level-3-site -> level-4-enterprise: TCP 443\n');
    expect(r.stdout).not.toContain('level-2-cell-a -> ');
    expect(r.stdout).toContain('  apps-to-broker: level-3-site -> azure-iot-operations\n');
  });

  test('--from/--to: isolated exits 0, reachable exits 1 with the paths', async () => {
    const isolated = await run([site, '--from', 'level-2-cell-a', '--to', 'level-3-site']);
    expect([isolated.code, isolated.stdout]).toEqual([0, 'ISOLATED level-2-cell-a -> level-3-site\n']);
    const reachable = await run([site, '--from', 'level-3-site', '--to', 'level-4-enterprise']);
    expect(reachable.code).toBe(1);
    expect(reachable.stdout).toBe('REACHABLE level-3-site -> level-4-enterprise\n  plant-a-apps/Pod/historian-export -> external:level-4-enterprise: TCP 443\n');
  });

  test('--broker: who reaches each listener port', async () => {
    const r = await run([site, '--broker']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('azure-iot-operations/default:18883 (TLS, ClusterIp)\n  plant-a-apps/Pod/historian-export (zone level-3-site)\n');
  });

  test('--format json gives the graph data shape', async () => {
    const r = await run([site, '--format', 'json']);
    const graph = JSON.parse(r.stdout);
    expect(Object.keys(graph)).toEqual(['zones', 'endpoints', 'zoneEdges', 'declaredConduits', 'problems']);
  });

  test('--external adds zones; stdin works', async () => {
    const yaml = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\nspec: {containers: [{name: c, image: x}]}\n';
    const r = await run(['-', '--external', 'cell=10.1.0.0/16', '--from', 'a', '--to', 'cell'], yaml);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('REACHABLE a -> cell\n  a/Pod/p -> external:cell: TCP *, UDP *, SCTP *\n');
  });

  test.each([
    [['--format', 'xml', 'x'], 'aio-secure reach: --format "xml" is not supported. Use text or json.\n'],
    [['x', '--from', 'a'], 'aio-secure reach: --from and --to go together.\n'],
    [['x', '--external', 'cell'], 'aio-secure reach: --external "cell" is not <zone>=<cidr>[,<cidr>...].\n'],
    [[], 'aio-secure reach: no input. Give files, directories or "-" for standard input.\n'],
  ])('usage errors exit 2: %j', async (args, message) => {
    const r = await run(args);
    expect([r.code, r.stderr]).toEqual([2, message]);
  });

  test('an unknown zone is a usage error naming the zones', async () => {
    const r = await run([site, '--from', 'level-9', '--to', 'level-3-site']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('aio-secure reach: zone "level-9" is not in the input; zones: azure-iot-operations, level-3-site, level-2-cell-a, level-4-enterprise\n');
  });

  test('an unreadable policy makes the answer incomplete: exit 2, the problem on stderr', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\nspec: {podSelector: {}, ingress: [{from: [{}]}]}\n');
    const r = await run([bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('aio-secure reach: a/NetworkPolicy/p: spec.ingress[0].from[0] names no peer (podSelector, namespaceSelector or ipBlock), which the API rejects\n');
  });

  test('a missing file is unusable input', async () => {
    const r = await run([join(dir, 'nope.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.yaml');
  });
});

describe('aio-secure allowlist (its own command; tested here until it has a test file)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { allowlist, ALLOWLIST_USAGE } = require('../../lib/cli/allowlist') as typeof import('../../lib/cli/allowlist');
  const runAllowlist = async (args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await allowlist(args, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, readStdin: () => Buffer.from(''), isTty: false }, ALLOWLIST_USAGE);
    return { code, stdout, stderr };
  };

  test('CSV by default, for the region given', async () => {
    const r = await runAllowlist([site, '--region', 'westeurope']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('fqdn,port,protocol,purpose,condition');
    expect(r.stdout).toContain('westeurope.dp.kubernetesconfiguration.azure.com,443,TCP,');
  });

  test('usage errors', async () => {
    expect(await runAllowlist([site])).toEqual({ code: 2, stdout: '', stderr: 'aio-secure allowlist: --region is required (the connected cluster\'s Azure region, e.g. westeurope).\n' });
    expect((await runAllowlist([site, '--region', 'x', '--format', 'pdf'])).stderr).toBe('aio-secure allowlist: --format "pdf" is not supported. Use csv, json or markdown.\n');
  });
});
