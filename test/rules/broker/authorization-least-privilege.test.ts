import type { JsonObject } from '../../../lib/model/resource';
import { authorizationLeastPrivilege } from '../../../lib/rules/broker/authorization-least-privilege';
import { authorization, narrowAuthorization, ruleTable } from '../helpers';

const withRules = (rules: JsonObject[]) => authorization('authz', { authorizationPolicies: { cache: 'Enabled', rules } });
const sensor = { usernames: ['line-1-sensor'] };

describe('authorization-least-privilege', () => {
  ruleTable(authorizationLeastPrivilege, [
    {
      name: 'client ids among the principals: any client claiming them gets the grants',
      resources: [withRules([{ principals: { clientIds: ['mes-bridge', 'historian'], usernames: ['gw'] }, brokerResources: [{ method: 'Connect' }, { method: 'Publish', topics: ['plant/commands'] }] }])],
      expect: {
        outcome: 'invalid',
        messageIds: ['clientIdOnlyPrincipal'],
        messages: ['Rule 0 of BrokerAuthorization authz matches clients by client id (mes-bridge, historian); a client chooses its own id, so any authenticated client can claim these grants.'],
        paths: ['/spec/authorizationPolicies/rules/0/principals/clientIds'],
      },
    },
    {
      name: 'client ids on the Connect resource restrict an identified principal: compliant',
      resources: [withRules([{ principals: { usernames: ['gw'] }, brokerResources: [{ method: 'Connect', clientIds: ['gw-1'] }, { method: 'Publish', topics: ['plant/gw/status'] }] }])],
      expect: { outcome: 'valid' },
    },
    { name: 'named principals, narrow topics', resources: [narrowAuthorization('authz')], expect: { outcome: 'valid' } },
    {
      name: 'wildcards that do not match every topic; usernames and attributes are principals',
      resources: [withRules([
        { principals: { usernames: ['historian'] }, brokerResources: [{ method: 'subscribe', topics: ['plant/+/telemetry/#', '+/status', 'plant/#'] }] },
        { principals: { attributes: [{ site: 'line-1' }] }, brokerResources: [{ method: 'Connect' }] },
      ])],
      expect: { outcome: 'valid' },
    },
    { name: 'no rules at all', resources: [withRules([])], expect: { outcome: 'valid' } },
    { name: 'rules: null (nullable in the CRD)', resources: [authorization('authz', { authorizationPolicies: { rules: null } })], expect: { outcome: 'valid' } },
    {
      name: 'a "#" grant',
      resources: [withRules([{ principals: sensor, brokerResources: [{ method: 'Connect' }, { method: 'Subscribe', topics: ['plant/line-1/cmd', '#'] }] }])],
      expect: {
        outcome: 'invalid',
        messageIds: ['everythingGrant'],
        messages: ['Rule 0 of BrokerAuthorization authz grants Subscribe on "#", which matches every topic.'],
        paths: ['/spec/authorizationPolicies/rules/0/brokerResources/1/topics/1'],
      },
    },
    {
      name: '"+/#" and "+/+/#" match every topic too',
      resources: [withRules([{ principals: sensor, brokerResources: [{ method: 'publish', topics: ['+/#'] }, { method: 'Subscribe', topics: ['+/+/#'] }] }])],
      expect: {
        outcome: 'invalid',
        messageIds: ['everythingGrant', 'everythingGrant'],
        messages: [
          'Rule 0 of BrokerAuthorization authz grants publish on "+/#", which matches every topic.',
          'Rule 0 of BrokerAuthorization authz grants Subscribe on "+/+/#", which matches every topic.',
        ],
      },
    },
    {
      name: 'empty principal lists name nobody',
      resources: [withRules([{ principals: { clientIds: [], usernames: [], attributes: [] }, brokerResources: [{ method: 'Connect' }] }])],
      expect: {
        outcome: 'invalid',
        messageIds: ['noPrincipals'],
        messages: ['Rule 0 of BrokerAuthorization authz names no principal (clientIds, usernames or attributes).'],
        paths: ['/spec/authorizationPolicies/rules/0/principals'],
      },
    },
    {
      name: 'a second rule with no principals and a "#" grant: principals first',
      resources: [withRules([
        { principals: sensor, brokerResources: [{ method: 'Connect' }] },
        { brokerResources: [{ method: 'Publish', topics: ['#'] }] },
      ])],
      expect: { outcome: 'invalid', messageIds: ['noPrincipals', 'everythingGrant'], paths: ['/spec/authorizationPolicies/rules/1/principals', '/spec/authorizationPolicies/rules/1/brokerResources/0/topics/0'] },
    },
    {
      name: 'the same in development',
      profile: 'development',
      resources: [withRules([{ principals: sensor, brokerResources: [{ method: 'Publish', topics: ['#'] }] }])],
      expect: { outcome: 'invalid', messageIds: ['everythingGrant'] },
    },
    { name: 'authorizationPolicies is missing', resources: [authorization('authz', {})], expect: { outcome: 'unknown', reason: 'spec.authorizationPolicies is not an object' } },
    {
      name: 'a topic is not a string',
      resources: [withRules([{ principals: sensor, brokerResources: [{ method: 'Subscribe', topics: [['#']] }] }])],
      expect: { outcome: 'unknown', reason: 'rule 0 brokerResources[0].topics[0] is not a string' },
    },
    { name: 'rules is not a list', resources: [authorization('authz', { authorizationPolicies: { rules: { principals: sensor } } })], expect: { outcome: 'unknown', reason: 'spec.authorizationPolicies.rules is not a list' } },
    { name: 'a rule is not an object', resources: [withRules(['allow-all' as never])], expect: { outcome: 'unknown', reason: 'rule 0 is not an object' } },
    { name: 'brokerResources is not a list', resources: [withRules([{ principals: sensor, brokerResources: { method: 'Publish' } }])], expect: { outcome: 'unknown', reason: 'rule 0 brokerResources is not a list' } },
    {
      // A lone string "#" is not a list; skipping it would pass the widest grant there is.
      name: 'topics is a string, not a list',
      resources: [withRules([{ principals: sensor, brokerResources: [{ method: 'Publish', topics: '#' }] }])],
      expect: { outcome: 'unknown', reason: 'rule 0 brokerResources[0].topics is not a list' },
    },
  ]);
});
