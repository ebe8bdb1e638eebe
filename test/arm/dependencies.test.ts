/**
 * dependenciesOf and creationOrder (lib/model/dependencies.ts), which the ARM template's
 * dependsOn and the Pulumi children's dependsOn and creation order share.
 */
import * as fc from 'fast-check';
import { planSecureBroker, resolveSecureBroker, type Resource } from 'aio-secure';
import { creationOrder, DependencyCycleError, dependenciesOf } from '../../lib/model/dependencies';
import { azurePlan, IDS } from './azure-plan';

const cm = (id: string, spec: Resource['spec'] = {}, extra: Partial<Resource> = {}): Resource =>
  ({ id, group: '', version: 'v1', kind: 'ConfigMap', name: id.split('/').pop()!, namespace: 'ns', spec, ...extra });

describe('dependenciesOf', () => {
  test('the test plan: parents, references and dataflow refs', () => {
    const deps = dependenciesOf(azurePlan());
    expect(Object.fromEntries(deps)).toEqual({
      [IDS.vaultRole]: [IDS.vault, IDS.identity],
      [IDS.vault]: [IDS.identity],
      [IDS.identity]: [],
      [IDS.credential]: [IDS.identity],
      [IDS.cluster]: [],
      [IDS.extension]: [IDS.cluster],
      [IDS.extensionRole]: [IDS.vault, IDS.extension],
      [IDS.armSpc]: [IDS.identity, IDS.vault],
      [IDS.k8sSpc]: [IDS.identity],
      [IDS.profile]: [],
      [IDS.endpoint]: [IDS.identity],
      [IDS.dataflow]: [IDS.profile, IDS.endpoint],
    });
  });

  test('a listener needs its broker and the authentication and authorization its ports name, of its own broker', () => {
    const plan = planSecureBroker(resolveSecureBroker('plant-a', {
      issuer: { kind: 'ClusterIssuer', name: 'ca' },
      listeners: [{ name: 'external', serviceType: 'LoadBalancer', hostnames: ['mqtt.plant.example'], ports: [{ port: 8883 }], authentication: { serviceAccountToken: { audiences: ['apps'] } } }],
      clients: [{ name: 'app', attributes: [{ app: 'a' }], publish: ['t'] }],
    }));
    const deps = dependenciesOf(plan);
    expect(deps.get('plant-a/listener/external')).toEqual(['plant-a/broker', 'plant-a/authentication/external', 'plant-a/authorization']);
    // An authentication of the same name under another broker is not the one the port means.
    const listener = plan.find((r) => r.kind === 'BrokerListener')!;
    const foreign = { ...plan.find((r) => r.kind === 'BrokerAuthentication')!, id: 'other/authn', parent: { kind: 'Broker', name: 'other' } };
    expect(dependenciesOf([listener, foreign]).get(listener.id)).toEqual([]);
  });

  test('other ...Ref fields name planned resources that are not Azure-only; references outside the plan are ignored', () => {
    const identity = azurePlan().find((r) => r.id === IDS.identity)!;
    const a = cm('x/a', { thingRef: 'b', other: 'plant-a-secret-sync', nameRef: 'plant-a-secret-sync' }, { references: [{ pointer: '/spec/other', resource: 'elsewhere/x', attribute: 'name' }] });
    const b = cm('x/b');
    expect(dependenciesOf([a, b, identity]).get('x/a')).toEqual(['x/b']);
  });
});

/** A plan of ConfigMaps, in `order`, whose `references` form the given edges. */
function planOf(edges: readonly [number, number][], order: readonly number[]): Resource[] {
  const refs = (i: number) => edges.filter(([from]) => from === i).map(([, to], k) => ({ pointer: `/spec/r${k}`, resource: `p/${to}`, attribute: 'name' as const }));
  return order.map((i) => cm(`p/${i}`, Object.fromEntries(refs(i).map((_, k) => [`r${k}`, 'x'])), refs(i).length ? { references: refs(i) } : {}));
}

/** An edge from a later resource to an earlier one (so the graph is acyclic). */
const edge = (n: number) => fc.integer({ min: 1, max: n - 1 }).chain((a) => fc.tuple(fc.constant(a), fc.integer({ min: 0, max: a - 1 })));
const dag = fc.integer({ min: 2, max: 12 }).chain((n) => fc.tuple(
  fc.constant(n),
  fc.uniqueArray(edge(n), { maxLength: 30, selector: ([a, b]) => `${a}>${b}` }),
  fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
));

describe('creationOrder', () => {
  test('property: every resource comes after what it depends on, and each resource once', () => {
    fc.assert(fc.property(dag, ([, edges, order]) => {
      const plan = planOf(edges, order);
      const ordered = creationOrder(plan, 'test').map((r) => r.id);
      expect([...ordered].sort()).toEqual(plan.map((r) => r.id).sort());
      for (const [from, to] of edges) expect(ordered.indexOf(`p/${to}`)).toBeLessThan(ordered.indexOf(`p/${from}`));
    }), { numRuns: 100 });
  });

  test('property: without dependencies the plan order stays', () => {
    fc.assert(fc.property(dag, ([, , order]) => {
      const plan = planOf([], order);
      expect(creationOrder(plan, 'test')).toEqual(plan);
    }), { numRuns: 50 });
  });

  test('property: a back edge is reported as a cycle that exists in the plan', () => {
    fc.assert(fc.property(dag.filter(([, edges]) => edges.length > 0), ([, edges, order]) => {
      const [from, to] = edges[0];
      const plan = planOf([...edges, [to, from]], order);
      let error: unknown;
      try {
        creationOrder(plan, 'test');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DependencyCycleError);
      const cycle = (error as DependencyCycleError).cycle;
      expect(cycle[0]).toBe(cycle[cycle.length - 1]);
      const deps = dependenciesOf(plan);
      for (let i = 0; i + 1 < cycle.length; i++) expect(deps.get(cycle[i])).toContain(cycle[i + 1]);
      expect((error as Error).message).toBe(`test: planned resources depend on each other in a cycle: ${cycle.join(' -> ')}.`);
    }), { numRuns: 100 });
  });
});
