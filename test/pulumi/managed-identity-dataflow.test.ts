import * as pulumi from '@pulumi/pulumi';
import { BUILT_IN_ROLES } from '../../lib/model/azure-roles';
import { ManagedIdentityDataflow, type ManagedIdentityDataflowArgs } from '../../lib/pulumi/managed-identity-dataflow';
import { EG_NS, EH_NS, PROPS, STORAGE } from '../model/managed-identity-dataflow-props';

/** Every registration the mocked engine saw: type token, name and inputs. */
const seen: { type: string; name: string; inputs: Record<string, unknown> }[] = [];
const PRINCIPAL = '99999999-1111-4222-8333-444444444444';
const CLIENT = '11111111-2222-4333-8444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';
const RG = `/subscriptions/${SUBSCRIPTION}/resourceGroups/plant-a`;
const ISSUER = 'https://oidc.plant-a.example/issuer/';

/** The id the mocked engine gives a child. */
const mockId = (name: string) => `${RG}/providers/mock/${name}`;

void pulumi.runtime.setMocks({
  newResource(args) {
    seen.push({ type: args.type, name: args.name, inputs: args.inputs });
    // Identities get the ids Azure would give them.
    const identity = /UserAssignedIdentity$/.test(args.type) ? { principalId: PRINCIPAL, clientId: CLIENT, tenantId: TENANT } : {};
    return { id: mockId(args.name), state: { ...args.inputs, ...identity } };
  },
  call(args) {
    throw new Error(`unexpected provider call ${args.token}`);
  },
}, 'project', 'test', false);

/** The props of the model tests (a dataflow to each cloud target, one back, a tamper route), with the issuer as an output. */
const ARGS: ManagedIdentityDataflowArgs = {
  ...PROPS,
  identity: { ...PROPS.identity, oidcIssuerUrl: pulumi.output(ISSUER) },
  instanceName: 'aio-plant-a',
  resourceGroupName: 'plant-a',
  customLocationId: `${RG}/providers/Microsoft.ExtendedLocation/customLocations/plant-a-cl`,
};

const output = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply((v) => { resolve(v); return v; }));

async function build(args: ManagedIdentityDataflowArgs = ARGS): Promise<ManagedIdentityDataflow> {
  seen.length = 0;
  const c = new ManagedIdentityDataflow('plant-a-flows', args);
  await Promise.all([...c.children.values()].map((x) => output(x.urn)));
  await new Promise((r) => setImmediate(r));
  return c;
}

const inputsOf = (pattern: RegExp) => seen.filter((r) => pattern.test(r.type)).map((r) => r.inputs);
const roleId = (id: string) => `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${id}`;

describe('ManagedIdentityDataflow (Pulumi)', () => {
  test('registers the component under its type token and one child per planned resource, named after the logical ids', async () => {
    const c = await build();
    expect(ManagedIdentityDataflow.TYPE).toBe('aio-secure:dataflow:ManagedIdentityDataflow');
    expect(seen[0].type).toBe('aio-secure:dataflow:ManagedIdentityDataflow');
    expect(c.children.size).toBe(c.resources.length);
    expect(seen.length).toBe(c.resources.length + 1);
    expect(seen.map((r) => r.name)).toEqual(expect.arrayContaining([
      'plant-a-flows-identity',
      'plant-a-flows-identity-aio-dataflow',
      'plant-a-flows-role-telemetry-hubs-send-line-1',
      'plant-a-flows-profile',
      'plant-a-flows-endpoint-telemetry-hubs',
      'plant-a-flows-dataflow-press-7-tamper',
    ]));
  });

  test('the identity: a user-assigned identity of its own, in the resource group, tagged for dataflows', async () => {
    const c = await build();
    const identities = inputsOf(/:UserAssignedIdentity$/);
    expect(identities).toEqual([{ resourceName: 'plant-a-dataflow-identity', resourceGroupName: 'plant-a', tags: { 'aio-secure-purpose': 'dataflow' } }]);
    expect(await output(c.identityClientId)).toBe(CLIENT);
    expect(await output(c.identityPrincipalId)).toBe(PRINCIPAL);
    expect(await output(c.identityId)).toBe(mockId('plant-a-flows-identity'));
  });

  test('the federated credential: cluster issuer (from the input), aio-dataflow subject, token exchange audience, on the identity', async () => {
    await build();
    expect(inputsOf(/FederatedIdentityCredential$/)).toEqual([{
      resourceName: 'plant-a-dataflow-identity',
      federatedIdentityCredentialResourceName: 'aio-dataflow',
      resourceGroupName: 'plant-a',
      issuer: ISSUER,
      subject: 'system:serviceaccount:azure-iot-operations:aio-dataflow',
      audiences: ['api://AzureADTokenExchange'],
    }]);
  });

  test('with schemaRegistry, a second credential for adr-schema-registry', async () => {
    await build({ ...ARGS, identity: { ...ARGS.identity, schemaRegistry: true } });
    expect(inputsOf(/FederatedIdentityCredential$/).map((f) => [f.federatedIdentityCredentialResourceName, f.subject])).toEqual([
      ['aio-dataflow', 'system:serviceaccount:azure-iot-operations:aio-dataflow'],
      ['adr-schema-registry', 'system:serviceaccount:azure-iot-operations:adr-schema-registry'],
    ]);
  });

  test('role definition ids and scopes per target type: the entity, never the namespace or account; none for ADX and Fabric', async () => {
    const c = await build();
    const roles = inputsOf(/:RoleAssignment$/).map((r) => ({ scope: r.scope, roleDefinitionId: r.roleDefinitionId, principalId: r.principalId, principalType: r.principalType }));
    const expected = [
      // Event Hubs: Data Sender on each event hub written to, Data Receiver on each read from.
      { scope: `${EH_NS}/eventhubs/line-1`, roleDefinitionId: roleId(BUILT_IN_ROLES.eventHubsDataSender.id) },
      // Event Grid: TopicSpaces Publisher on the topic space given.
      { scope: `${EG_NS}/topicSpaces/plant-a`, roleDefinitionId: roleId(BUILT_IN_ROLES.eventGridTopicSpacesPublisher.id) },
      // ADLS Gen2: Storage Blob Data Contributor on the container.
      { scope: `${STORAGE}/blobServices/default/containers/line-1-archive`, roleDefinitionId: roleId(BUILT_IN_ROLES.storageBlobDataContributor.id) },
      { scope: `${EH_NS}/eventhubs/setpoints`, roleDefinitionId: roleId(BUILT_IN_ROLES.eventHubsDataReceiver.id) },
      { scope: `${EH_NS}/eventhubs/tamper-alerts`, roleDefinitionId: roleId(BUILT_IN_ROLES.eventHubsDataSender.id) },
    ].map((r) => ({ ...r, principalId: PRINCIPAL, principalType: 'ServicePrincipal' }));
    expect(roles).toEqual(expected);
    expect(c.roleAssignments.map((r) => [r.endpoint, r.direction, r.role.name])).toEqual([
      ['telemetry-hubs', 'send', 'Azure Event Hubs Data Sender'],
      ['plant-grid', 'send', 'EventGrid TopicSpaces Publisher'],
      ['plant-lake', 'send', 'Storage Blob Data Contributor'],
      ['telemetry-hubs', 'receive', 'Azure Event Hubs Data Receiver'],
      ['telemetry-hubs', 'send', 'Azure Event Hubs Data Sender'],
    ]);
    // ADX and Fabric permissions are not Azure RBAC: requirements, not role assignments.
    expect(c.requirements.filter((r) => /Ingestor role on database "telemetry"|Contributor role in the Fabric workspace "plant-a"/.test(r))).toHaveLength(2);
  });

  test('every cloud endpoint uses the identity\'s client and tenant ids (outputs of the identity) and the documented scope', async () => {
    await build();
    const endpoints = seen.filter((r) => /:DataflowEndpoint$/.test(r.type));
    const auth = (name: string) => {
      const e = endpoints.find((x) => x.inputs.dataflowEndpointName === name)!;
      const props = e.inputs.properties as Record<string, Record<string, unknown>>;
      const key = Object.keys(props).find((k) => k.endsWith('Settings'))!;
      return props[key].authentication;
    };
    const uami = (scope?: string) => ({
      method: 'UserAssignedManagedIdentity',
      userAssignedManagedIdentitySettings: { clientId: CLIENT, tenantId: TENANT, ...(scope ? { scope } : {}) },
    });
    expect(auth('telemetry-hubs')).toEqual(uami('https://plant-a-hubs.servicebus.windows.net'));
    expect(auth('plant-grid')).toEqual(uami('https://eventgrid.azure.net/.default'));
    expect(auth('plant-lake')).toEqual(uami('https://storage.azure.com/.default'));
    expect(auth('plant-adx')).toEqual(uami());
    expect(auth('plant-fabric')).toEqual(uami('https://storage.azure.com/.default'));
    expect(auth('plant-a-flows-local-broker')).toEqual({ method: 'ServiceAccountToken', serviceAccountTokenSettings: { audience: 'aio-internal' } });
    for (const e of endpoints) {
      expect(e.inputs).toMatchObject({ instanceName: 'aio-plant-a', resourceGroupName: 'plant-a', extendedLocation: { name: ARGS.customLocationId, type: 'CustomLocation' } });
    }
  });

  test('the dataflows sit in the profile; the tamper route reads the asset\'s topic into the alert destination', async () => {
    const c = await build();
    expect(c.profileName).toBe('plant-a-flows');
    expect(inputsOf(/:DataflowProfile$/)).toEqual([expect.objectContaining({ dataflowProfileName: 'plant-a-flows', properties: { instanceCount: 1 } })]);
    const tamper = inputsOf(/:Dataflow$/).find((d) => d.dataflowName === 'press-7-tamper')!;
    expect(tamper).toMatchObject({
      dataflowProfileName: 'plant-a-flows',
      properties: {
        mode: 'Enabled',
        operations: [
          { operationType: 'Source', sourceSettings: { endpointRef: 'plant-a-flows-local-broker', dataSources: ['plant-a/line-1/press-7/tamper'], assetRef: 'press-7' } },
          { operationType: 'Destination', destinationSettings: { endpointRef: 'telemetry-hubs', dataDestination: 'tamper-alerts' } },
        ],
      },
    });
    expect(c.dataflowNames).toEqual(['to-hubs', 'to-grid', 'to-lake', 'to-adx', 'to-fabric', 'from-hubs', 'press-7-tamper']);
  });

  test('a literal issuer goes into the plan itself, so no parameter is needed', async () => {
    const c = await build({ ...ARGS, identity: { ...ARGS.identity, oidcIssuerUrl: ISSUER } });
    expect(inputsOf(/FederatedIdentityCredential$/)[0].issuer).toBe(ISSUER);
    const fic = c.resources.find((r) => r.kind === 'federatedIdentityCredentials')!;
    expect(fic.references ?? []).toEqual([]);
  });

  test('the construction-time checks pass; requirements name what the plan cannot do', async () => {
    const c = await build();
    expect(c.checks.findings).toEqual([]);
    expect(c.requirements[0]).toMatch(/^Assign the identity "plant-a-dataflow-identity" to the AIO instance/);
  });

  test('bad props throw before anything is registered, with the model\'s message', () => {
    seen.length = 0;
    expect(() => new ManagedIdentityDataflow('plant-a-flows', { ...ARGS, endpoints: [] })).toThrow(
      'ManagedIdentityDataflow "plant-a-flows": endpoints is empty (got []).',
    );
    expect(seen).toEqual([]);
  });

  test('a missing issuer is refused by name, before anything is registered', () => {
    seen.length = 0;
    const { oidcIssuerUrl: _drop, ...identity } = ARGS.identity;
    expect(() => new ManagedIdentityDataflow('plant-a-flows', { ...ARGS, identity: identity as ManagedIdentityDataflowArgs['identity'] })).toThrow(
      /^ManagedIdentityDataflow "plant-a-flows": parameters\.oidcIssuerUrl is missing/,
    );
    expect(seen).toEqual([]);
  });
});
