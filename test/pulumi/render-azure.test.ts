/**
 * renderResources with Azure-only resources, references and AIO dataflow resources: the type
 * tokens and their api-versions, the SDK-shaped arguments with resolved references, dependencies
 * and parents, the render context's checks, and reading the stack back (CrossGuard's view) as the
 * plan.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { Provider as KubernetesProvider } from '@pulumi/kubernetes/provider';
import { planAzureResource, stableGuid, type Resource } from 'aio-secure';
import { ARM_PROVIDERS } from '../../lib/model/versions';
import {
  AZURE_NATIVE_KINDS,
  azureNativeApiVersion,
  azureNativeInputs,
  azureNativeToken,
  parseArmId,
} from '../../lib/pulumi/azure-native';
import { readStackResources, type PulumiResourceView } from '../../lib/pulumi/policy/read-stack';
import { checkRenderable, PLANNED_RESOURCES_OUTPUT, plannedResourceOutput, renderResources, type RenderContext } from '../../lib/pulumi/render';
import { azurePlan, DEPLOYMENT_PARAMETERS, IDS } from '../arm/azure-plan';
import { installAzureMocks, MOCK_SUBSCRIPTION, MOCK_TENANT } from './azure-support';
import { settled, type Registration } from './support';

const run = installAzureMocks();
beforeEach(() => run.reset());

const SITE = {
  instanceName: 'plant-a-aio',
  resourceGroupName: 'plant-a-rg',
  customLocationId: DEPLOYMENT_PARAMETERS.customLocationId,
};

/** A component that renders a plan and publishes it, as aio-secure's components do. */
class Site extends pulumi.ComponentResource {
  public readonly children: Map<string, pulumi.CustomResource>;
  constructor(name: string, plan: readonly Resource[], context: Omit<RenderContext, 'construct'>) {
    super('aio-secure:test:Site', name, {}, {});
    this.children = renderResources(this, name, plan, { construct: 'Site', ...context });
    this.registerOutputs({ [PLANNED_RESOURCES_OUTPUT]: plan.map((r) => plannedResourceOutput(r, this.children.get(r.id)!)) });
  }
}

async function deploy(plan: readonly Resource[] = azurePlan()): Promise<Site> {
  const site = new Site('plant-a', plan, { ...SITE, kubernetesProvider: new KubernetesProvider('k8s', {}), parameters: DEPLOYMENT_PARAMETERS });
  await settled([site, ...site.children.values()]);
  // Outputs that wait on other children (references) resolve a little later.
  await new Promise((resolve) => setTimeout(resolve, 50));
  return site;
}

const child = (name: string): Registration => {
  const r = run.registrations.find((x) => x.name === `plant-a-${name}`);
  if (!r) throw new Error(`no child plant-a-${name}; registered: ${run.registrations.map((x) => x.name).join(', ')}`);
  return r;
};
const shortUrn = (urn: string) => urn.split('::').pop();
const identityGuid = (attribute: string) => stableGuid('plant-a-secret-sync', attribute);
const vaultId = `/subscriptions/${MOCK_SUBSCRIPTION}/resourceGroups/plant-a-rg/providers/Microsoft.KeyVault/vaults/kv-plant-a`;
const clusterId = `/subscriptions/${MOCK_SUBSCRIPTION}/resourceGroups/plant-a-rg/providers/Microsoft.Kubernetes/connectedClusters/plant-a-k8s`;

describe('renderResources: Azure-only resources, references, dataflows', () => {
  test('every child has the type token of its pinned api-version, aliased to the SDK class', async () => {
    await deploy();
    // Registration order depends on when references resolve; compare by name.
    const registered = run.registrations.filter((r) => r.custom && !r.type.startsWith('pulumi:providers:')).map((r) => [r.name, r.type, r.aliasTypes] as const);
    expect([...registered].sort((a, b) => a[0].localeCompare(b[0]))).toEqual(([
      ['plant-a-identity', 'azure-native:managedidentity/v20230131:UserAssignedIdentity', ['azure-native:managedidentity:UserAssignedIdentity']],
      ['plant-a-cluster', 'azure-native:kubernetes/v20240101:ConnectedCluster', ['azure-native:kubernetes:ConnectedCluster']],
      ['plant-a-dataflow-profile', 'azure-native:iotoperations/v20251001:DataflowProfile', [
        'azure-native:iotoperations:DataflowProfile', 'azure-native:iotoperations/v20241101:DataflowProfile', 'azure-native:iotoperations/v20250401:DataflowProfile',
        'azure-native:iotoperations/v20260301:DataflowProfile', 'azure-native:iotoperations/v20260701:DataflowProfile',
      ]],
      ['plant-a-vault', 'azure-native:keyvault/v20241101:Vault', ['azure-native:keyvault:Vault']],
      ['plant-a-identity-credential', 'azure-native:managedidentity/v20230131:FederatedIdentityCredential', ['azure-native:managedidentity:FederatedIdentityCredential']],
      ['plant-a-cluster-secret-store', 'azure-native:kubernetesconfiguration/v20230501:Extension', ['azure-native:kubernetesconfiguration:Extension']],
      ['plant-a-secret-provider-class', 'azure-native:secretsynccontroller/v20240821preview:AzureKeyVaultSecretProviderClass',
        ['azure-native:secretsynccontroller:AzureKeyVaultSecretProviderClass']],
      ['plant-a-kubernetes-secret-provider-class', 'kubernetes:secrets-store.csi.x-k8s.io/v1:SecretProviderClass', []],
      ['plant-a-dataflow-endpoint', 'azure-native:iotoperations/v20251001:DataflowEndpoint', [
        'azure-native:iotoperations:DataflowEndpoint', 'azure-native:iotoperations/v20241101:DataflowEndpoint', 'azure-native:iotoperations/v20250401:DataflowEndpoint',
        'azure-native:iotoperations/v20260301:DataflowEndpoint', 'azure-native:iotoperations/v20260701:DataflowEndpoint',
      ]],
      ['plant-a-identity-vault-secrets-user', 'azure-native:authorization/v20220401:RoleAssignment', ['azure-native:authorization:RoleAssignment']],
      ['plant-a-cluster-secret-store-vault-reader', 'azure-native:authorization/v20220401:RoleAssignment', ['azure-native:authorization:RoleAssignment']],
      ['plant-a-dataflow', 'azure-native:iotoperations/v20251001:Dataflow', [
        'azure-native:iotoperations:Dataflow', 'azure-native:iotoperations/v20241101:Dataflow', 'azure-native:iotoperations/v20250401:Dataflow',
        'azure-native:iotoperations/v20260301:Dataflow', 'azure-native:iotoperations/v20260701:Dataflow',
      ]],
    ] as const).slice().sort((a, b) => a[0].localeCompare(b[0])));
  });

  test('arguments have the SDK\'s shape, with every reference resolved to the output it names', async () => {
    await deploy();
    expect(child('identity').inputs).toEqual({ resourceName: 'plant-a-secret-sync', resourceGroupName: 'plant-a-rg', location: 'westeurope', tags: { site: 'plant-a' } });
    expect(child('identity-credential').inputs).toEqual({
      resourceName: 'plant-a-secret-sync', federatedIdentityCredentialResourceName: 'aio-ssc-sa', resourceGroupName: 'plant-a-rg',
      issuer: DEPLOYMENT_PARAMETERS.oidcIssuerUrl, subject: 'system:serviceaccount:azure-iot-operations:aio-ssc-sa', audiences: ['api://AzureADTokenExchange'],
    });
    expect(child('vault').inputs).toEqual({
      vaultName: 'kv-plant-a', resourceGroupName: 'plant-a-rg', tags: { site: 'plant-a' },
      properties: {
        tenantId: MOCK_TENANT, sku: { family: 'A', name: 'standard' }, enableRbacAuthorization: true, enablePurgeProtection: true,
        softDeleteRetentionInDays: 90, publicNetworkAccess: 'Disabled', networkAcls: { bypass: 'None', defaultAction: 'Deny' },
      },
    });
    expect(child('identity-vault-secrets-user').inputs).toEqual({
      roleAssignmentName: stableGuid(IDS.vault, IDS.identity, '4633458b-17de-408a-b874-0445c86b69e6'),
      scope: vaultId,
      roleDefinitionId: `/subscriptions/${MOCK_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6`,
      principalId: identityGuid('principal'),
      principalType: 'ServicePrincipal',
      description: 'The secret sync identity reads secrets of the plant vault.',
    });
    expect(child('cluster-secret-store').inputs).toEqual({
      extensionName: 'azure-secret-store', clusterRp: 'Microsoft.Kubernetes', clusterResourceName: 'connectedClusters', clusterName: 'plant-a-k8s',
      resourceGroupName: 'plant-a-rg', identity: { type: 'SystemAssigned' }, extensionType: 'microsoft.azure.secretstore',
      autoUpgradeMinorVersion: false, releaseTrain: 'stable', version: '1.0.2', configurationSettings: { rotationPollIntervalInSeconds: '120' },
    });
    expect(child('cluster-secret-store-vault-reader').inputs).toMatchObject({
      scope: vaultId, principalId: stableGuid('azure-secret-store', 'system-assigned'),
      roleDefinitionId: `/subscriptions/${MOCK_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/21090545-7ca7-4776-b22c-e363652d74d2`,
    });
    expect(child('secret-provider-class').inputs).toEqual({
      azureKeyVaultSecretProviderClassName: 'plant-a-vault', resourceGroupName: 'plant-a-rg',
      extendedLocation: { name: DEPLOYMENT_PARAMETERS.customLocationId, type: 'CustomLocation' },
      clientId: identityGuid('client'), tenantId: MOCK_TENANT, keyvaultName: 'kv-plant-a',
      objects: 'array:\n  - |\n    objectName: mqtt-password\n    objectType: secret\n',
    });
    expect((child('kubernetes-secret-provider-class').inputs.spec as { parameters: unknown }).parameters).toEqual({
      clientID: identityGuid('client'), tenantId: MOCK_TENANT, keyvaultName: 'kv-plant-a', objects: 'array:\n  - |\n    objectName: mqtt-password\n    objectType: secret\n',
    });
    expect(child('dataflow-endpoint').inputs).toEqual({
      dataflowEndpointName: 'plant-adx', instanceName: 'plant-a-aio', resourceGroupName: 'plant-a-rg',
      extendedLocation: { name: DEPLOYMENT_PARAMETERS.customLocationId, type: 'CustomLocation' },
      properties: {
        endpointType: 'DataExplorer',
        dataExplorerSettings: {
          host: 'plant.westeurope.kusto.windows.net', database: 'telemetry',
          authentication: {
            method: 'UserAssignedManagedIdentity',
            userAssignedManagedIdentitySettings: { clientId: identityGuid('client'), tenantId: MOCK_TENANT, scope: 'https://api.kusto.windows.net/.default' },
          },
        },
      },
    });
    expect(child('dataflow').inputs).toMatchObject({ dataflowProfileName: 'plant-a', dataflowName: 'telemetry-to-adx', instanceName: 'plant-a-aio' });
  });

  test('the SDK\'s own defaults are not added: what reaches Azure is the plan', async () => {
    await deploy();
    // The SDK classes would add enableSoftDelete/publicNetworkAccess "enabled" (Vault),
    // principalType "User" (RoleAssignment) and releaseTrain "Stable" (Extension).
    expect(Object.keys(child('vault').inputs.properties as object)).not.toContain('enableSoftDelete');
    expect(child('cluster-secret-store').inputs.releaseTrain).toBe('stable');
  });

  test('every child has the component as parent and depends on what the plan says it needs', async () => {
    await deploy();
    const site = run.registrations.find((r) => r.type === 'aio-secure:test:Site')!;
    const children = run.registrations.filter((r) => r.custom && !r.type.startsWith('pulumi:providers:'));
    for (const r of children) expect(r.parent).toBe(site.urn);
    expect(Object.fromEntries(children.map((r) => [r.name, r.dependencies.map(shortUrn).sort()]))).toEqual({
      'plant-a-identity': [],
      'plant-a-cluster': [],
      'plant-a-dataflow-profile': [],
      'plant-a-vault': ['plant-a-identity'],
      'plant-a-identity-credential': ['plant-a-identity'],
      'plant-a-cluster-secret-store': ['plant-a-cluster'],
      'plant-a-secret-provider-class': ['plant-a-identity', 'plant-a-vault'],
      'plant-a-kubernetes-secret-provider-class': ['plant-a-identity'],
      'plant-a-dataflow-endpoint': ['plant-a-identity'],
      'plant-a-identity-vault-secrets-user': ['plant-a-identity', 'plant-a-vault'],
      'plant-a-cluster-secret-store-vault-reader': ['plant-a-cluster-secret-store', 'plant-a-vault'],
      'plant-a-dataflow': ['plant-a-dataflow-endpoint', 'plant-a-dataflow-profile'],
    });
  });

  test('reading the stack back (what CrossGuard shows the policies) gives the plan', async () => {
    await deploy();
    const views: PulumiResourceView[] = run.registrations.map((r) => ({ type: r.type, urn: r.urn!, name: r.name, props: r.custom ? r.inputs : run.outputs.get(r.urn!) ?? {} }));
    const byId = (a: Resource, b: Resource) => a.id.localeCompare(b.id);
    expect([...readStackResources(views).resources].sort(byId)).toEqual([...azurePlan()].sort(byId));
  });

  test('a reference the stack contradicts (a transformation widened a role assignment to the subscription) is read as the stack holds it', async () => {
    await deploy();
    const scopeOf = (r: Registration) => r.inputs.scope;
    const views: PulumiResourceView[] = run.registrations.map((r) => {
      const props = r.custom ? { ...r.inputs } : run.outputs.get(r.urn!) ?? {};
      if (r.custom && /RoleAssignment$/.test(r.type) && String(scopeOf(r)).includes('/vaults/')) props.scope = `/subscriptions/${MOCK_SUBSCRIPTION}`;
      return { type: r.type, urn: r.urn!, name: r.name, props };
    });
    const roles = readStackResources(views).resources.filter((r) => r.kind === 'roleAssignments' && r.spec.scope === `/subscriptions/${MOCK_SUBSCRIPTION}`);
    expect(roles.length).toBeGreaterThan(0);
    for (const r of roles) {
      expect(r.references?.some((x) => x.pointer === '/spec/scope')).toBeFalsy();
      // The principal, which the stack does not contradict, still follows the plan.
      expect(r.references?.some((x) => x.pointer === '/spec/properties/principalId')).toBe(true);
    }
  });

  test('without the component\'s outputs, resources are named by URN and references stay resolved values', async () => {
    await deploy();
    const views: PulumiResourceView[] = run.registrations.filter((r) => r.custom).map((r) => ({ type: r.type, urn: r.urn!, name: r.name, props: r.inputs }));
    const read = readStackResources(views).resources;
    const role = read.find((r) => r.kind === 'roleAssignments' && r.name === stableGuid(IDS.vault, IDS.identity, '4633458b-17de-408a-b874-0445c86b69e6'))!;
    expect(role).toMatchObject({ id: child('identity-vault-secrets-user').urn, group: 'Microsoft.Authorization', version: '2022-04-01', armType: 'Microsoft.Authorization/roleAssignments' });
    expect(role.spec).toEqual({
      scope: vaultId,
      properties: {
        roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6',
        principalId: identityGuid('principal'), principalType: 'ServicePrincipal', description: 'The secret sync identity reads secrets of the plant vault.',
      },
    });
    expect(role.references).toBeUndefined();
    // An Arc extension's cluster arguments become the cluster's id; the subscription is not in them.
    const extension = read.find((r) => r.kind === 'extensions')!;
    expect(extension.spec.scope).toBe('/subscriptions/(unknown until the deployment runs)/resourceGroups/plant-a-rg/providers/Microsoft.Kubernetes/connectedClusters/plant-a-k8s');
    expect(extension.unresolved).toEqual(['/spec/scope']);
  });
});

describe('the render context', () => {
  const azureOnly = () => azurePlan().filter((r) => r.armType && !r.armType.startsWith('Microsoft.IoTOperations'));

  test('Azure-only resources need the resource group, not the AIO instance or custom location', () => {
    expect(() => checkRenderable('plant-a', azureOnly(), { construct: 'Site', resourceGroupName: 'rg', parameters: DEPLOYMENT_PARAMETERS })).not.toThrow();
    expect(() => checkRenderable('plant-a', azureOnly(), { construct: 'Site', parameters: DEPLOYMENT_PARAMETERS })).toThrow(
      'Site "plant-a": resourceGroupName is missing. The plan has Azure resources (vaults/kv-plant-a, userAssignedIdentities/plant-a-secret-sync, ' +
      'federatedIdentityCredentials/aio-ssc-sa, and 3 more); pass the resource group they are created in');
  });

  test('role assignments and an extension of a cluster given by id need no resource group', () => {
    const [role] = azurePlan();
    const literal = planAzureResource({
      id: 'x/ext', armType: 'Microsoft.KubernetesConfiguration/extensions', name: 'ext',
      spec: { scope: clusterId, properties: { extensionType: 'microsoft.iotoperations' } },
    });
    const { references: _r, ...noRefs } = role;
    expect(() => checkRenderable('x', [{ ...noRefs, spec: { ...role.spec, scope: vaultId, properties: { roleDefinitionId: 'r', principalId: 'p' } } }, literal], { construct: 'Site' })).not.toThrow();
  });

  test('a parameter the plan references needs a value', () => {
    expect(() => checkRenderable('plant-a', azureOnly(), { construct: 'Site', resourceGroupName: 'rg', parameters: { customLocationId: 'cl' } })).toThrow(
      'Site "plant-a": parameters.oidcIssuerUrl is missing. federatedIdentityCredentials/aio-ssc-sa (plant-a/identity/credential) takes it at /spec/properties/issuer ' +
      '(OIDC issuer URL of the Arc-enabled cluster (az connectedk8s show --query oidcIssuerProfile.issuerUrl).); pass its value in the render context\'s parameters');
  });

  test('a reference to a resource that is neither planned nor rendered, or to an attribute it does not have, is an error', () => {
    const plan = azurePlan();
    const withoutIdentity = plan.filter((r) => r.id !== IDS.identity && r.id !== IDS.credential);
    expect(() => checkRenderable('plant-a', withoutIdentity, { construct: 'Site', ...SITE, kubernetesProvider: {} as KubernetesProvider, parameters: DEPLOYMENT_PARAMETERS })).toThrow(
      'Site "plant-a": roleAssignments/bb67a519-97c4-5ade-91e2-4d71529e1884 (plant-a/identity/vault-secrets-user) references the principalId of plant-a/identity at ' +
      '/spec/properties/principalId, which is neither in the plan nor in the render context\'s rendered resources. Render them together or pass the resource in rendered.');
    const wrong = plan.map((r) => (r.id === IDS.armSpc ? { ...r, references: [{ pointer: '/spec/properties/clientId', resource: IDS.vault, attribute: 'clientId' as const }] } : r));
    expect(() => checkRenderable('plant-a', wrong, { construct: 'Site', ...SITE, kubernetesProvider: {} as KubernetesProvider, parameters: DEPLOYMENT_PARAMETERS })).toThrow(
      'Site "plant-a": azureKeyVaultSecretProviderClasses/plant-a-vault (plant-a/secret-provider-class) references the clientId of plant-a/vault at /spec/properties/clientId, ' +
      'which vaults/kv-plant-a does not have. Reference one of: name, id.');
  });

  test('a reference to a resource another component rendered resolves to its output', async () => {
    const plan = azurePlan();
    const identity = new Site('shared', plan.filter((r) => r.id === IDS.identity), { resourceGroupName: 'plant-a-rg' });
    const rest = plan.filter((r) => [IDS.vaultRole, IDS.vault].includes(r.id as never));
    const site = new Site('plant-a', rest, { resourceGroupName: 'plant-a-rg', rendered: identity.children });
    await settled([identity, site, ...identity.children.values(), ...site.children.values()]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(child('identity-vault-secrets-user').inputs.principalId).toBe(identityGuid('principal'));
  });

  test('a Defender pricing without a scope needs the subscription; with one it is scoped there', async () => {
    const pricing = planAzureResource({ id: 'plant-a/containers', armType: 'Microsoft.Security/pricings', name: 'Containers', spec: { properties: { pricingTier: 'Standard' } } });
    expect(() => checkRenderable('plant-a', [pricing], { construct: 'Site' })).toThrow(
      'Site "plant-a": subscriptionId is missing. The plan has subscription-level resources without a scope (pricings/Containers); pass the subscription they are created in');
    const site = new Site('plant-a', [pricing], { subscriptionId: MOCK_SUBSCRIPTION });
    await settled([site, ...site.children.values()]);
    expect(child('containers')).toMatchObject({
      type: 'azure-native:security/v20240101:Pricing',
      inputs: { pricingName: 'Containers', scopeId: `/subscriptions/${MOCK_SUBSCRIPTION}`, pricingTier: 'Standard' },
    });
  });
});

describe('azure-native mapping', () => {
  const sdk = join(require.resolve('@pulumi/azure-native/package.json'), '..');
  const source = (module: string, resource: string) => {
    const file = join(sdk, module, `${resource[0].toLowerCase()}${resource.slice(1)}`);
    return { js: readFileSync(`${file}.js`, 'utf8'), dts: readFileSync(`${file}.d.ts`, 'utf8') };
  };

  test.each([...AZURE_NATIVE_KINDS.values()].map((k) => [k.armType, k] as const))('%s: the SDK serves the pinned version and takes every argument the renderer passes', (_type, k) => {
    const { js, dts } = source(k.module, k.resource);
    // The recorded default api-version is the SDK class's.
    expect(dts).toContain(`Uses Azure REST API version ${k.sdkApiVersion}.`);
    // The versioned token is one the provider serves: the SDK class lists it as an alias (or is it).
    const pinned = azureNativeApiVersion(k);
    if (pinned !== k.sdkApiVersion) expect(js).toContain(`{ type: "${azureNativeToken(k, pinned)}" }`);
    expect(js).toContain(`__pulumiType = '${azureNativeToken(k)}'`);
    // Every name, body and scope argument is an input of the SDK class.
    const args = [...k.nameArgs, ...k.body, ...(k.properties === 'nested' ? ['properties'] : []), ...(k.resourceGroup ? ['resourceGroupName'] : [])];
    if (k.scopeArg === 'cluster') args.push('clusterRp', 'clusterResourceName', 'clusterName', 'resourceGroupName');
    else if (k.scopeArg) args.push(k.scopeArg);
    for (const arg of args) expect(js).toContain(`resourceInputs["${arg}"] = args`);
  });

  test('the pinned api-versions are ARM_PROVIDERS\'', () => {
    expect([...AZURE_NATIVE_KINDS.values()].map((k) => azureNativeApiVersion(k))).toEqual([
      ARM_PROVIDERS['Microsoft.KeyVault'], ARM_PROVIDERS['Microsoft.KeyVault'], ARM_PROVIDERS['Microsoft.ManagedIdentity'], ARM_PROVIDERS['Microsoft.ManagedIdentity'],
      ARM_PROVIDERS['Microsoft.Authorization'], ARM_PROVIDERS['Microsoft.Kubernetes'], ARM_PROVIDERS['Microsoft.KubernetesConfiguration'],
      ARM_PROVIDERS['Microsoft.SecretSyncController'], ARM_PROVIDERS['Microsoft.SecretSyncController'], ARM_PROVIDERS['Microsoft.Insights'], ARM_PROVIDERS['Microsoft.Monitor'],
      ARM_PROVIDERS['Microsoft.Dashboard'], ARM_PROVIDERS['Microsoft.OperationalInsights'], ARM_PROVIDERS['Microsoft.DeviceRegistry'], ARM_PROVIDERS['Microsoft.DeviceRegistry'],
      ARM_PROVIDERS['Microsoft.DeviceRegistry'], ARM_PROVIDERS['Microsoft.Security'],
    ]);
  });

  test('an Arc extension scoped by a literal cluster id takes the cluster arguments from it', async () => {
    const k = AZURE_NATIVE_KINDS.get('microsoft.kubernetesconfiguration/extensions')!;
    const args = azureNativeInputs(k, ['ext'], { properties: { extensionType: 'x' } }, { scope: clusterId });
    const values = await Promise.all(['clusterRp', 'clusterResourceName', 'clusterName', 'resourceGroupName'].map((a) => new Promise((resolve) => (pulumi.output(args[a]) as pulumi.Output<unknown>).apply(resolve))));
    expect(values).toEqual(['Microsoft.Kubernetes', 'connectedClusters', 'plant-a-k8s', 'plant-a-rg']);
    expect(parseArmId('not-an-id')).toBeUndefined();
  });
});
