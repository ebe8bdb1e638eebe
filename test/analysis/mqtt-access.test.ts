import fc from 'fast-check';
import { accessMatrix, isEverythingFilter, MqttAccessModel, planSecureBroker, readKubernetesText, resolveSecureBroker, type MqttClientProps, type MqttPrincipal, type SecureBrokerProps } from 'aio-secure';

/** A broker with one port per protection level, and one authorization with several rules. */
const MANIFESTS = `
apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata: {name: external, namespace: azure-iot-operations}
spec:
  serviceType: LoadBalancer
  ports:
    - {port: 8883, authenticationRef: authn, authorizationRef: authz}
    - {port: 8884, authenticationRef: authn}
    - {port: 1883, authorizationRef: authz}
    - {port: 8885, authenticationRef: authn, authorizationRef: missing}
    - {port: 8886, authenticationRef: authn, authorizationRef: deny-all}
---
apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerAuthorization
metadata: {name: deny-all, namespace: azure-iot-operations}
spec: {authorizationPolicies: {rules: []}}
---
apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerAuthorization
metadata: {name: authz, namespace: azure-iot-operations}
spec:
  authorizationPolicies:
    rules:
      - principals: {clientIds: [sensor-1, sensor-2]}
        brokerResources:
          - {method: Connect}
          - {method: Publish, topics: ["plant/{principal.clientId}/telemetry", "plant/+/status"]}
      - principals: {usernames: [gateway]}
        brokerResources:
          - {method: Connect, clientIds: [gw-1]}
          - {method: Subscribe, topics: ["plant/#", "$SYS/broker/uptime"]}
      - principals: {attributes: [{site: a, role: operator}]}
        brokerResources:
          - {method: connect}
          - {method: subscribe, topics: ["sites/{principal.attributes.site}/alarms/+", "#"]}
          - {method: publish, topics: ["sites/{principal.attributes.site}/commands"]}
`;

const model = MqttAccessModel.fromResources(readKubernetesText(MANIFESTS, 'm.yaml').resources);
const on = (port: number, principal: MqttPrincipal, action: 'connect' | 'publish' | 'subscribe', topic?: string) => {
  const [d] = model.decide({ principal, action, topic, port });
  return d;
};
const allowed = (port: number, principal: MqttPrincipal, action: 'connect' | 'publish' | 'subscribe', topic?: string) => on(port, principal, action, topic).allowed;

describe('MqttAccessModel: ports', () => {
  test('classifies each port by its protection', () => {
    expect(model.ports.map((p) => [p.port, p.protection])).toEqual([
      [8883, 'authorized'], [8884, 'authenticated-only'], [1883, 'open'], [8885, 'unknown-authorization'], [8886, 'authorized'],
    ]);
  });

  test('a port without authentication admits anyone and ignores its authorization', () => {
    const d = on(1883, {}, 'publish', 'anything/at/all');
    expect(d.allowed).toBe(true);
    expect(d.reason).toBe('port 1883 has no authentication, so its authorization authz is not applied and anyone may publish');
  });

  test('a port with authentication but no authorization lets every authenticated client do everything', () => {
    expect(on(8884, { clientId: 'nobody' }, 'subscribe', '#').reason).toBe('port 8884 has no authorization: every authenticated client may subscribe');
  });

  test('an authorization missing from the input gives no answer', () => {
    expect(on(8885, { clientId: 'sensor-1' }, 'connect')).toMatchObject({ allowed: undefined, reason: 'BrokerAuthorization missing is not among the resources' });
  });

  test('a policy with no rules denies everything', () => {
    expect(on(8886, { clientId: 'sensor-1' }, 'connect')).toMatchObject({ allowed: false, reason: 'no rule of deny-all lets this client connect' });
  });
});

describe('MqttAccessModel: principals and rules', () => {
  test('client ids, usernames and attribute sets match; unknown clients cannot connect', () => {
    expect(allowed(8883, { clientId: 'sensor-1' }, 'connect')).toBe(true);
    expect(allowed(8883, { username: 'gateway', clientId: 'gw-1' }, 'connect')).toBe(true);
    expect(allowed(8883, { attributes: { site: 'a', role: 'operator', extra: 'x' } }, 'connect')).toBe(true);
    expect(allowed(8883, { clientId: 'sensor-9' }, 'connect')).toBe(false);
  });

  test('every pair of an attribute set must match', () => {
    expect(allowed(8883, { attributes: { site: 'a' } }, 'connect')).toBe(false);
    expect(allowed(8883, { attributes: { site: 'b', role: 'operator' } }, 'connect')).toBe(false);
  });

  test('a Connect grant with client ids admits only those client ids', () => {
    expect(allowed(8883, { username: 'gateway', clientId: 'gw-2' }, 'connect')).toBe(false);
    expect(allowed(8883, { username: 'gateway' }, 'connect')).toBe(false);
  });

  test('publish and subscribe need a connect grant first', () => {
    expect(on(8883, { username: 'gateway', clientId: 'gw-2' }, 'subscribe', 'plant/x')).toMatchObject({ allowed: false, reason: 'no rule of authz lets this client connect' });
  });

  test('the grants of all matching rules add up', () => {
    const p = { clientId: 'gw-1', username: 'gateway' };
    expect(allowed(8883, p, 'subscribe', 'plant/line-1/telemetry')).toBe(true);
    expect(allowed(8883, p, 'publish', 'plant/line-1/telemetry')).toBe(false);
  });
});

describe('MqttAccessModel: topics', () => {
  const sensor = { clientId: 'sensor-1' };
  const gateway = { clientId: 'gw-1', username: 'gateway' };
  const operator = { attributes: { site: 'a', role: 'operator' } };

  test('{principal.clientId} stands for the client\'s own id', () => {
    expect(on(8883, sensor, 'publish', 'plant/sensor-1/telemetry')).toMatchObject({ allowed: true, grants: [{ authorization: 'authz', rule: 0, filter: 'plant/{principal.clientId}/telemetry' }] });
    expect(allowed(8883, sensor, 'publish', 'plant/sensor-2/telemetry')).toBe(false);
  });

  test('a substituted value is a literal level, never a wildcard', () => {
    const m = MqttAccessModel.fromResources(readKubernetesText(MANIFESTS.replace('[sensor-1, sensor-2]', '[sensor-1, "+"]'), 'm.yaml').resources);
    expect(m.decide({ principal: { clientId: '+' }, action: 'publish', topic: 'plant/sensor-1/telemetry', port: 8883 })[0].allowed).toBe(false);
    expect(m.decide({ principal: { clientId: '+' }, action: 'publish', topic: 'plant/+/telemetry', port: 8883 })[0].allowed).toBe(false);
  });

  test('{principal.attributes.<k>} needs the attribute; a missing one matches nothing', () => {
    expect(allowed(8883, operator, 'publish', 'sites/a/commands')).toBe(true);
    expect(allowed(8883, operator, 'publish', 'sites/b/commands')).toBe(false);
  });

  test('+ matches exactly one level, # the rest and the parent level', () => {
    expect(allowed(8883, sensor, 'publish', 'plant/anything/status')).toBe(true);
    expect(allowed(8883, sensor, 'publish', 'plant/a/b/status')).toBe(false);
    expect(allowed(8883, gateway, 'subscribe', 'plant')).toBe(true);
    expect(allowed(8883, gateway, 'subscribe', 'plant/a/b/c')).toBe(true);
    expect(allowed(8883, gateway, 'subscribe', 'plants/a')).toBe(false);
  });

  test('a subscription filter is allowed only when a grant covers all it can match', () => {
    expect(allowed(8883, gateway, 'subscribe', 'plant/+/telemetry')).toBe(true);
    expect(allowed(8883, gateway, 'subscribe', 'plant/#')).toBe(true);
    expect(allowed(8883, gateway, 'subscribe', '#')).toBe(false);
    expect(allowed(8883, operator, 'subscribe', 'sites/a/alarms/+')).toBe(true);
    expect(allowed(8883, operator, 'subscribe', 'sites/a/alarms/#')).toBe(true); // "#" granted too
  });

  test('$-topics are not matched by a filter that starts with a wildcard', () => {
    expect(allowed(8883, operator, 'subscribe', '$SYS/broker/uptime')).toBe(false);
    expect(allowed(8883, gateway, 'subscribe', '$SYS/broker/uptime')).toBe(true);
  });

  test('a shared subscription is authorized as its filter', () => {
    expect(allowed(8883, gateway, 'subscribe', '$share/historians/plant/+/telemetry')).toBe(true);
    expect(allowed(8883, sensor, 'subscribe', '$share/historians/plant/+/telemetry')).toBe(false);
  });

  test('publish asked with a filter means every topic it matches', () => {
    expect(allowed(8883, sensor, 'publish', 'plant/+/status')).toBe(true);
    expect(allowed(8883, sensor, 'publish', 'plant/#')).toBe(false);
  });

  test('the access matrix writes substitutions for each principal', () => {
    const [m] = accessMatrix(model, { port: 8883 });
    const row = (p: object) => m.rows.find((r) => JSON.stringify(r.principal) === JSON.stringify(p))!;
    const col = (f: string) => m.filters.indexOf(f);
    expect(row({ clientId: 'sensor-1' }).cells[col('plant/{principal.clientId}/telemetry')]).toEqual({ publish: true, subscribe: false });
    // The gateway's rule lets it connect only as gw-1, so its row is the gateway connected as gw-1.
    expect(row({ clientId: 'gw-1', username: 'gateway' }).cells[col('plant/#')]).toEqual({ publish: false, subscribe: true });
    expect(row({ attributes: { site: 'a', role: 'operator' } }).cells[col('sites/{principal.attributes.site}/alarms/+')]).toEqual({ publish: false, subscribe: true });
    expect(row({ clientId: 'sensor-1' }).cells[col('sites/{principal.attributes.site}/alarms/+')]).toEqual({ publish: false, subscribe: false });
  });

  test('publish and subscribe need a topic', () => {
    expect(() => model.decide({ principal: sensor, action: 'publish' })).toThrow('A publish query needs a topic.');
  });

  test('the matrix axes: named principals and granted filters', () => {
    expect(model.namedPrincipals()).toEqual([{ clientId: 'sensor-1' }, { clientId: 'sensor-2' }, { clientId: 'gw-1', username: 'gateway' }, { attributes: { site: 'a', role: 'operator' } }]);
    expect(model.grantedFilters('subscribe')).toEqual(['plant/#', '$SYS/broker/uptime', 'sites/{principal.attributes.site}/alarms/+', '#']);
  });
});

// An oracle independent of the simulator: MQTT filter matching by regular expression.
function oracleMatches(filter: string, topic: string): boolean {
  if (topic.startsWith('$') && /^[+#]/.test(filter)) return false;
  const levels = filter.split('/');
  const re = levels.map((l, i) => (l === '+' ? '[^/]*' : l === '#' ? (i === 0 ? '.*' : null) : l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  let source = '';
  re.forEach((r, i) => {
    if (r === null) source += '(?:/.*)?';
    else source += (i === 0 ? '' : '/') + r;
  });
  return new RegExp(`^${source}$`).test(topic);
}

describe('property: the generated authorization grants exactly the declared intent', () => {
  const word = fc.stringMatching(/^[a-z]{1,4}$/);
  const filterArb = fc.tuple(fc.array(fc.oneof(word, fc.constant('+')), { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([levels, hash]) => [...levels, ...(hash ? ['#'] : [])].join('/'))
    .filter((f) => !isEverythingFilter(f)); // SecureBroker rejects grants of every topic
  const topicArb = fc.array(word, { minLength: 1, maxLength: 4 }).map((l) => l.join('/'));
  const clientArb = fc.record({
    id: fc.stringMatching(/^c[0-9]{1,2}$/),
    publish: fc.array(filterArb, { maxLength: 3 }),
    subscribe: fc.array(filterArb, { maxLength: 3 }),
  });

  test('for random clients and topics, publish is allowed exactly when the client declared a covering filter', () => {
    fc.assert(fc.property(fc.uniqueArray(clientArb, { selector: (c) => c.id, minLength: 1, maxLength: 5 }), fc.array(topicArb, { minLength: 1, maxLength: 8 }), (clients, topics) => {
      const props: SecureBrokerProps = {
        issuer: { kind: 'ClusterIssuer', name: 'ca' },
        listeners: [{ name: 'external', serviceType: 'LoadBalancer', hostnames: ['mqtt.example'], ports: [{ port: 8883 }], authentication: { x509: { trustedClientCaConfigMap: 'ca' } } }],
        clients: clients.map((c): MqttClientProps => ({ name: c.id, usernames: [c.id], clientIds: [c.id], publish: c.publish, subscribe: c.subscribe })),
      };
      const m = MqttAccessModel.fromResources(planSecureBroker(resolveSecureBroker('site', props)));
      for (const c of clients) {
        const principal = { clientId: c.id, username: c.id };
        expect(m.decide({ principal, action: 'connect' })[0].allowed).toBe(true);
        for (const t of [...topics, ...c.publish.filter((f) => !/[+#]/.test(f))]) {
          expect(m.decide({ principal, action: 'publish', topic: t })[0].allowed).toBe(c.publish.some((f) => oracleMatches(f, t)));
          expect(m.decide({ principal, action: 'subscribe', topic: t })[0].allowed).toBe(c.subscribe.some((f) => oracleMatches(f, t)));
        }
        for (const f of c.subscribe) expect(m.decide({ principal, action: 'subscribe', topic: f })[0].allowed).toBe(true);
      }
      expect(m.decide({ principal: { clientId: 'stranger', username: 'stranger' }, action: 'connect' })[0].allowed).toBe(false);
      // A client that claims another's client id gets nothing: identity is the username.
      const [victim] = clients;
      expect(m.decide({ principal: { clientId: victim.id, username: 'stranger' }, action: 'connect' })[0].allowed).toBe(false);
      // A known identity cannot connect with a client id that is not its own.
      if (clients.length > 1) expect(m.decide({ principal: { clientId: clients[1].id, username: victim.id }, action: 'connect' })[0].allowed).toBe(false);
    }));
  });
});
