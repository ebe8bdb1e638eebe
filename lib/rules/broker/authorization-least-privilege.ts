import { isEverythingFilter } from '../../model/mqtt-topic';
import { isJsonObject, type JsonObject } from '../../model/resource';
import { defineRule, outcome, type RuleFinding } from '../types';
import { AUTHORIZATION } from './common';

type Message = 'everythingGrant' | 'noPrincipals' | 'clientIdOnlyPrincipal';

/** ED-4: authorization rules grant named principals specific topics, never everything. */
export const authorizationLeastPrivilege = defineRule({
  name: 'authorization-least-privilege',
  guidance: ['ED-4'],
  description: 'No BrokerAuthorization rule grants a topic filter that matches every topic (#, +/#, ...), names no principal, or identifies clients by client id alone.',
  rationale:
    'A "#" grant lets a client read or write every topic, including other devices\' commands; one leaked credential then exposes the whole broker. ' +
    'A rule without principals matches no client or, if read loosely, every client; either way it does not express who may do what. ' +
    'The broker ORs a rule\'s principals, and a client picks its own MQTT client id, so a client id among the principals hands the grant to any authenticated client that claims that id.',
  remediation:
    'Declare SecureBroker clients with the exact topics each publishes and subscribes to; it generates one rule per client and rejects "#". ' +
    'By hand: replace "#" with the narrowest filters the client needs (e.g. "plant/line-1/+/telemetry"), identify clients by usernames (the X.509 CN) or attributes, ' +
    'and restrict their client ids with clientIds on the Connect resource instead of the principals.',
  severity: { development: 'error', production: 'error' },
  waivable: true,
  appliesTo: [AUTHORIZATION],
  messages: {
    everythingGrant: 'Rule {rule} of BrokerAuthorization {name} grants {method} on "{topic}", which matches every topic.',
    noPrincipals: 'Rule {rule} of BrokerAuthorization {name} names no principal (clientIds, usernames or attributes).',
    clientIdOnlyPrincipal: 'Rule {rule} of BrokerAuthorization {name} matches clients by client id ({clientIds}); a client chooses its own id, so any authenticated client can claim these grants.',
  },
  check(authz) {
    const policies = authz.spec.authorizationPolicies;
    if (!isJsonObject(policies)) throw new Error('spec.authorizationPolicies is not an object');
    const rules = policies.rules ?? [];
    if (!Array.isArray(rules)) throw new Error('spec.authorizationPolicies.rules is not a list');
    const findings: RuleFinding<Message>[] = [];
    rules.forEach((rule, i) => {
      if (!isJsonObject(rule)) throw new Error(`rule ${i} is not an object`);
      const path = `/spec/authorizationPolicies/rules/${i}`;
      if (!hasPrincipal(rule.principals)) findings.push({ messageId: 'noPrincipals', data: { rule: i, name: authz.name }, path: `${path}/principals` });
      else if (isJsonObject(rule.principals) && Array.isArray(rule.principals.clientIds) && rule.principals.clientIds.length > 0) {
        // Principals are ORed: a client id among them matches whoever connects with that id.
        findings.push({
          messageId: 'clientIdOnlyPrincipal',
          data: { rule: i, name: authz.name, clientIds: rule.principals.clientIds.map(String).join(', ') },
          path: `${path}/principals/clientIds`,
        });
      }
      const resources = rule.brokerResources ?? [];
      if (!Array.isArray(resources)) throw new Error(`rule ${i} brokerResources is not a list`);
      resources.forEach((res, j) => {
        if (!isJsonObject(res)) throw new Error(`rule ${i} brokerResources[${j}] is not an object`);
        const topics = res.topics ?? [];
        if (!Array.isArray(topics)) throw new Error(`rule ${i} brokerResources[${j}].topics is not a list`);
        topics.forEach((topic, k) => {
          if (typeof topic !== 'string') throw new Error(`rule ${i} brokerResources[${j}].topics[${k}] is not a string`);
          if (isEverythingFilter(topic)) {
            findings.push({
              messageId: 'everythingGrant',
              data: { rule: i, name: authz.name, method: String(res.method), topic },
              path: `${path}/brokerResources/${j}/topics/${k}`,
            });
          }
        });
      });
    });
    return outcome(findings);
  },
});

function hasPrincipal(p: unknown): boolean {
  if (!isJsonObject(p)) return false;
  const nonEmpty = (k: keyof JsonObject) => Array.isArray(p[k]) && (p[k] as unknown[]).length > 0;
  return nonEmpty('clientIds') || nonEmpty('usernames') || nonEmpty('attributes');
}
