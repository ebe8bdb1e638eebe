import { checkResources, type Resource } from 'aio-secure';
import { BUILT_IN_ROLES, roleDefinitionPath } from '../../lib/model/azure-roles';
import {
  managedIdentityDataflowIds as ids,
  planManagedIdentityDataflow,
  resolveManagedIdentityDataflow,
  type ManagedIdentityDataflowProps,
} from '../../lib/model/managed-identity-dataflow';
import { DATAFLOW_RULES } from '../../lib/rules/dataflow';
import { EG_NS, EH_NS, PROPS, STORAGE } from './managed-identity-dataflow-props';

const ID = 'plant-a-flows';
const plan = (props: ManagedIdentityDataflowProps = PROPS) => planManagedIdentityDataflow(resolveManagedIdentityDataflow(ID, props));
const byId = (resources: Resource[], id: string) => resources.find((r) => r.id === id)!;

/** Replaces one planned resource's spec (a hand edit of the plan, as a user might make). */
function edit(resources: Resource[], id: string, change: (r: Resource) => Resource): Resource[] {
  return resources.map((r) => (r.id === id ? change(structuredClone(r)) : r));
}

describe('ManagedIdentityDataflow plan', () => {
  test('snapshot', () => {
    expect(plan()).toMatchSnapshot();
  });

  test('a dataflow to each cloud target checks clean with every rule, in both profiles', () => {
    for (const profile of ['development', 'production'] as const) {
      const result = checkResources(plan(), { profile });
      expect(result.findings.map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
    }
  });

  test('the dataflow rules looked at the Azure side too (role assignments, credentials, endpoints)', () => {
    const result = checkResources(plan(), { rules: DATAFLOW_RULES });
    const skipped = new Set(result.notApplicable.map((n) => `${n.rule} ${n.resource.id}`));
    for (const r of plan().filter((x) => x.kind === 'roleAssignments')) expect(skipped.has(`dataflow-role-least-privilege ${r.id}`)).toBe(false);
    expect(skipped.has(`dataflow-identity-holds-target-role ${ids.endpoint(ID, 'plant-lake')}`)).toBe(false);
    expect(skipped.has(`dataflow-federated-credential-subject ${ids.federatedCredential(ID, 'aio-dataflow')}`)).toBe(false);
  });

  test('role definitions and scopes per target: the event hub, the container, the topic space', () => {
    const roles = plan().filter((r) => r.kind === 'roleAssignments').map((r) => [(r.spec.properties as { roleDefinitionId: string }).roleDefinitionId, r.spec.scope]);
    expect(roles).toEqual([
      [roleDefinitionPath(BUILT_IN_ROLES.eventHubsDataSender), `${EH_NS}/eventhubs/line-1`],
      [roleDefinitionPath(BUILT_IN_ROLES.eventGridTopicSpacesPublisher), `${EG_NS}/topicSpaces/plant-a`],
      [roleDefinitionPath(BUILT_IN_ROLES.storageBlobDataContributor), `${STORAGE}/blobServices/default/containers/line-1-archive`],
      [roleDefinitionPath(BUILT_IN_ROLES.eventHubsDataReceiver), `${EH_NS}/eventhubs/setpoints`],
      [roleDefinitionPath(BUILT_IN_ROLES.eventHubsDataSender), `${EH_NS}/eventhubs/tamper-alerts`],
    ]);
  });

  test('the federated credential trusts the dataflow service account, with the OIDC issuer as a parameter', () => {
    const fic = byId(plan(), ids.federatedCredential(ID, 'aio-dataflow'));
    expect(fic.spec).toEqual({ properties: { issuer: 'parameter(oidcIssuerUrl)', subject: 'system:serviceaccount:azure-iot-operations:aio-dataflow', audiences: ['api://AzureADTokenExchange'] } });
    expect(fic.references).toEqual([{ pointer: '/spec/properties/issuer', parameter: 'oidcIssuerUrl', description: "The connected cluster's OIDC issuer URL (oidcIssuerProfile.issuerUrl)" }]);
    const withRegistry = plan({ ...PROPS, identity: { ...PROPS.identity, schemaRegistry: true, oidcIssuerUrl: 'https://oidc.example/x' } });
    expect(byId(withRegistry, ids.federatedCredential(ID, 'adr-schema-registry')).spec.properties).toMatchObject({ subject: 'system:serviceaccount:azure-iot-operations:adr-schema-registry', issuer: 'https://oidc.example/x' });
  });

  test('ADX and Fabric permissions and the instance assignment are requirements, not pretend resources', () => {
    const r = resolveManagedIdentityDataflow(ID, PROPS);
    expect(r.requirements).toHaveLength(3);
    expect(r.requirements[1]).toContain('Ingestor role on database "telemetry"');
    expect(r.requirements[2]).toContain('Contributor role in the Fabric workspace "plant-a"');
    expect(plan().some((x) => /kusto|fabric/i.test(x.armType ?? '') && x.group !== 'connectivity.iotoperations.azure.com')).toBe(false);
  });

  describe('each insecure variant produces exactly its finding', () => {
    const hubs = ids.endpoint(ID, 'telemetry-hubs');
    const auth = (r: Resource) => (r.spec.kafkaSettings as { authentication: Record<string, unknown> }).authentication;
    const variants: [string, (p: Resource[]) => Resource[], string][] = [
      ['system-assigned identity', (p) => edit(p, hubs, (r) => { const a = auth(r); a.method = 'SystemAssignedManagedIdentity'; return r; }), 'dataflow-endpoint-managed-identity'],
      ['SASL', (p) => edit(p, hubs, (r) => { const a = auth(r); a.method = 'Sasl'; a.saslSettings = { saslType: 'Plain', secretRef: 'cs' }; return r; }), 'dataflow-endpoint-managed-identity'],
      ['TLS off to the local broker', (p) => edit(p, ids.endpoint(ID, 'plant-a-flows-local-broker'), (r) => { (r.spec.mqttSettings as Record<string, unknown>).tls = { mode: 'Disabled' }; return r; }), 'dataflow-endpoint-requires-tls'],
      ['Contributor instead of Data Sender', (p) => edit(p, `${ID}/role/telemetry-hubs/send/line-1`, (r) => { (r.spec.properties as Record<string, unknown>).roleDefinitionId = roleDefinitionPath(BUILT_IN_ROLES.contributor); return r; }), 'dataflow-identity-holds-target-role dataflow-role-least-privilege'],
      ['Data Sender on the namespace', (p) => edit(p, `${ID}/role/telemetry-hubs/send/line-1`, (r) => ({ ...r, spec: { ...r.spec, scope: EH_NS } })), 'dataflow-role-least-privilege'],
      ['a federated credential for another workload', (p) => edit(p, ids.federatedCredential(ID, 'aio-dataflow'), (r) => { (r.spec.properties as Record<string, unknown>).subject = 'system:serviceaccount:default:builder'; return r; }), 'dataflow-federated-credential-subject'],
      ['no role on the container', (p) => p.filter((r) => r.id !== `${ID}/role/plant-lake/send/line-1-archive`), 'dataflow-identity-holds-target-role'],
    ];
    test.each(variants)('%s', (_name, mutate, rules) => {
      const result = checkResources(mutate(plan()), { rules: DATAFLOW_RULES });
      expect([...new Set(result.findings.map((f) => f.rule))].sort().join(' ')).toBe(rules);
      expect(result.findings.every((f) => f.outcome === 'finding')).toBe(true);
    });
  });

  describe('bad props give exact messages', () => {
    const cases: [string, ManagedIdentityDataflowProps, string][] = [
      ['a dynamic event hub', { ...PROPS, dataflows: [{ name: 'dyn', source: { dataSources: ['a/#'] }, destination: { endpoint: 'telemetry-hubs', dataDestination: '$topic' } }], tamperSignals: [] },
        'ManagedIdentityDataflow "plant-a-flows": dataflows[0].destination.dataDestination is not a literal event hub name (got "$topic"). Name the event hub; the identity gets its role on that event hub only, never on the whole namespace'],
      ['a namespace id for a storage account', { ...PROPS, endpoints: [{ type: 'dataLake', name: 'lake', storageAccountResourceId: EH_NS }], dataflows: [], tamperSignals: [] },
        `ManagedIdentityDataflow "plant-a-flows": endpoints[0].storageAccountResourceId is not the ARM resource id it should be (got "${EH_NS}"). Use "/subscriptions/<sub>/resourceGroups/<group>/providers/Microsoft.Storage/storageAccounts/<account>"`],
      ['an unknown endpoint', { ...PROPS, dataflows: [{ name: 'lost', source: { dataSources: ['a'] }, destination: { endpoint: 'nowhere', dataDestination: 'x' } }], tamperSignals: [] },
        'ManagedIdentityDataflow "plant-a-flows": dataflows[0].destination.endpoint is not an endpoint of this construct (got "nowhere"). Use one of "plant-a-flows-local-broker", "telemetry-hubs", "plant-grid", "plant-lake", "plant-adx", "plant-fabric"'],
      ['no trust bundle', { ...PROPS, localBroker: { trustBundle: '' } },
        'ManagedIdentityDataflow "plant-a-flows": localBroker.trustBundle is not a trust bundle ConfigMap name (got ""). Pass EdgePki\'s trustBundle (or its configMapName); TLS to the broker needs the CA that signs its certificate'],
      ['Data Lake as a source', { ...PROPS, dataflows: [{ name: 'back', source: { endpoint: 'plant-lake', dataSources: ['x'] }, destination: { endpoint: 'plant-a-flows-local-broker', dataDestination: 'y' } }], tamperSignals: [] },
        'ManagedIdentityDataflow "plant-a-flows": dataflows[0].source.endpoint is a dataLake endpoint, which cannot be a dataflow source (got "plant-lake"). Read from the local broker, Event Hubs or Event Grid'],
      ['instance count', { ...PROPS, profile: { instanceCount: 21 } },
        'ManagedIdentityDataflow "plant-a-flows": profile.instanceCount is not an integer from 1 to 20 (got 21). AIO scales a dataflow profile to 1-20 instances'],
    ];
    test.each(cases)('%s', (_n, props, message) => {
      expect(() => resolveManagedIdentityDataflow(ID, props)).toThrow(message);
    });
  });
});
