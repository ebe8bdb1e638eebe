/**
 * renderArmTemplate with Azure-only resources, references and AIO dataflow resources: the
 * template's parameters, names, scopes, locations, reference expressions and dependsOn; the
 * round trip through the ARM reader; validation against the ARM type definitions of every Azure
 * kind (with negative controls); and the errors for plans a template cannot express.
 */
import { AZURE_KINDS, planAzureResource, readManifestText, renderArmTemplate, type JsonObject, type Resource } from 'aio-secure';
import { validateArmResource, validateArmTemplate, armTypes, placeholderOf, PLACEHOLDER } from '../support/arm-types-validator';
import { azurePlan, DEPLOYMENT_PARAMETERS, IDS } from './azure-plan';

/** Values a deployment passes. */
const PARAMETERS = { instanceName: 'aio-plant-a', customLocationName: 'plant-a-cl', customLocationResourceGroup: 'plant-a-rg', ...DEPLOYMENT_PARAMETERS };

const withoutSource = (rs: readonly Resource[]) => rs.map(({ source: _s, ...r }) => r);
const armPart = () => azurePlan().filter((r) => r.armType);

function read(template: unknown, parameters?: Record<string, string>) {
  const result = readManifestText(JSON.stringify(template), 'site.arm.json', parameters ? { arm: { parameters } } : undefined);
  expect(result.problems).toEqual([]);
  return result;
}

describe('renderArmTemplate: Azure-only resources', () => {
  test('snapshot', () => {
    expect(renderArmTemplate(azurePlan())).toMatchSnapshot();
  });

  test('parameters: the AIO ones (the plan has dataflows), location, and one per parameter reference', () => {
    const t = renderArmTemplate(azurePlan());
    expect(Object.entries(t.parameters).map(([k, p]) => [k, p.type, p.defaultValue, p.metadata.description])).toEqual([
      ['instanceName', 'string', undefined, expect.stringContaining('existing Azure IoT Operations instance')],
      ['customLocationName', 'string', undefined, 'Name of the custom location of the AIO instance.'],
      ['customLocationResourceGroup', 'string', '[resourceGroup().name]', expect.any(String)],
      ['location', 'string', '[resourceGroup().location]', 'Location of the Azure resources that do not name one. Defaults to the resource group\'s location.'],
      ['oidcIssuerUrl', 'string', undefined, 'OIDC issuer URL of the Arc-enabled cluster (az connectedk8s show --query oidcIssuerProfile.issuerUrl).'],
      ['customLocationId', 'string', undefined, 'Resource id of the custom location of the AIO instance.'],
    ]);
  });

  test('a plan without AIO resources has no AIO parameters; one where every located resource names its location has no location parameter', () => {
    const identity = azurePlan().find((r) => r.id === IDS.identity)!;
    expect(Object.keys(renderArmTemplate([identity]).parameters)).toEqual([]);
    const vault = azurePlan().find((r) => r.id === IDS.vault)!;
    const { references: _r, ...noRefs } = vault;
    expect(Object.keys(renderArmTemplate([{ ...noRefs, spec: { ...vault.spec, properties: { tenantId: PLACEHOLDER.guid, sku: { family: 'A', name: 'standard' } } } }]).parameters))
      .toEqual(['location']);
  });

  test('each resource: its type, pinned api-version, name (parent/own for children), scope and location', () => {
    const t = renderArmTemplate(azurePlan());
    expect(Object.entries(t.resources).map(([symbol, r]) => [symbol, r.type, r.apiVersion, r.name, r.scope, r.location])).toEqual([
      ['plant_a_identity_vault_secrets_user', 'Microsoft.Authorization/roleAssignments', '2022-04-01', 'bb67a519-97c4-5ade-91e2-4d71529e1884',
        "[resourceId('Microsoft.KeyVault/vaults', 'kv-plant-a')]", undefined],
      ['plant_a_vault', 'Microsoft.KeyVault/vaults', '2024-11-01', 'kv-plant-a', undefined, "[parameters('location')]"],
      ['plant_a_identity', 'Microsoft.ManagedIdentity/userAssignedIdentities', '2023-01-31', 'plant-a-secret-sync', undefined, 'westeurope'],
      ['plant_a_identity_credential', 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials', '2023-01-31', 'plant-a-secret-sync/aio-ssc-sa', undefined, undefined],
      ['plant_a_cluster', 'Microsoft.Kubernetes/connectedClusters', '2024-01-01', 'plant-a-k8s', undefined, "[parameters('location')]"],
      ['plant_a_cluster_secret_store', 'Microsoft.KubernetesConfiguration/extensions', '2023-05-01', 'azure-secret-store',
        "[resourceId('Microsoft.Kubernetes/connectedClusters', 'plant-a-k8s')]", undefined],
      ['plant_a_cluster_secret_store_vault_reader', 'Microsoft.Authorization/roleAssignments', '2022-04-01', 'a9674b91-6346-5bf5-b615-bded093ad480',
        "[resourceId('Microsoft.KeyVault/vaults', 'kv-plant-a')]", undefined],
      ['plant_a_secret_provider_class', 'Microsoft.SecretSyncController/azureKeyVaultSecretProviderClasses', '2024-08-21-preview', 'plant-a-vault', undefined, "[parameters('location')]"],
      ['plant_a_dataflow_profile', 'Microsoft.IoTOperations/instances/dataflowProfiles', '2025-10-01', "[format('{0}/{1}', parameters('instanceName'), 'plant-a')]", undefined, undefined],
      ['plant_a_dataflow_endpoint', 'Microsoft.IoTOperations/instances/dataflowEndpoints', '2025-10-01', "[format('{0}/{1}', parameters('instanceName'), 'plant-adx')]", undefined, undefined],
      ['plant_a_dataflow', 'Microsoft.IoTOperations/instances/dataflowProfiles/dataflows', '2025-10-01',
        "[format('{0}/{1}/{2}', parameters('instanceName'), 'plant-a', 'telemetry-to-adx')]", undefined, undefined],
    ]);
    // The Kubernetes SecretProviderClass stays YAML.
    expect(Object.values(t.resources).map((r) => r.type)).not.toContain('SecretProviderClass');
  });

  test('references become expressions: reference() of the symbol, resourceId(), the literal name, parameters()', () => {
    const r = renderArmTemplate(azurePlan()).resources;
    expect(r.plant_a_identity_vault_secrets_user.properties).toEqual({
      roleDefinitionId: "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')]",
      principalId: "[reference('plant_a_identity').principalId]",
      principalType: 'ServicePrincipal',
      description: 'The secret sync identity reads secrets of the plant vault.',
    });
    expect(r.plant_a_cluster_secret_store_vault_reader.properties!.principalId).toBe("[reference('plant_a_cluster_secret_store', '2023-05-01', 'full').identity.principalId]");
    expect(r.plant_a_vault.properties!.tenantId).toBe("[reference('plant_a_identity').tenantId]");
    expect(r.plant_a_identity_credential.properties!.issuer).toBe("[parameters('oidcIssuerUrl')]");
    expect(r.plant_a_secret_provider_class.extendedLocation).toEqual({ name: "[parameters('customLocationId')]", type: 'CustomLocation' });
    expect(r.plant_a_secret_provider_class.properties).toMatchObject({
      clientId: "[reference('plant_a_identity').clientId]", tenantId: "[reference('plant_a_identity').tenantId]", keyvaultName: 'kv-plant-a',
    });
    expect((r.plant_a_dataflow_endpoint.properties!.dataExplorerSettings as JsonObject).authentication).toEqual({
      method: 'UserAssignedManagedIdentity',
      userAssignedManagedIdentitySettings: {
        clientId: "[reference('plant_a_identity').clientId]", tenantId: "[reference('plant_a_identity').tenantId]", scope: 'https://api.kusto.windows.net/.default',
      },
    });
  });

  test('ids of child, extension and AIO resources', () => {
    const plan = azurePlan();
    const target = (id: string) => plan.find((r) => r.id === id)!;
    const pointing = (to: string): Resource => planAzureResource({
      id: `x/${to}`, armType: 'Microsoft.Authorization/roleAssignments', name: '11111111-1111-5111-8111-111111111111',
      spec: { scope: `ref(${to}).id`, properties: { roleDefinitionId: 'r', principalId: 'p' } }, references: [{ pointer: '/spec/scope', resource: to, attribute: 'id' }],
    });
    const scopeOf = (to: string) => Object.values(renderArmTemplate([...plan, pointing(to)]).resources).pop()!.scope;
    expect(target(IDS.credential) && scopeOf(IDS.credential)).toBe(
      "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials', 'plant-a-secret-sync', 'aio-ssc-sa')]");
    expect(scopeOf(IDS.extension)).toBe(
      "[extensionResourceId(resourceId('Microsoft.Kubernetes/connectedClusters', 'plant-a-k8s'), 'Microsoft.KubernetesConfiguration/extensions', 'azure-secret-store')]");
    expect(scopeOf(IDS.endpoint)).toBe("[resourceId('Microsoft.IoTOperations/instances/dataflowEndpoints', parameters('instanceName'), 'plant-adx')]");
  });

  test('dependsOn: parents, the planned resources that references and ...Ref fields name, within the template', () => {
    const t = renderArmTemplate(azurePlan());
    expect(Object.fromEntries(Object.entries(t.resources).map(([k, r]) => [k, r.dependsOn]))).toEqual({
      plant_a_identity_vault_secrets_user: ['plant_a_vault', 'plant_a_identity'],
      plant_a_vault: ['plant_a_identity'],
      plant_a_identity: undefined,
      plant_a_identity_credential: ['plant_a_identity'],
      plant_a_cluster: undefined,
      plant_a_cluster_secret_store: ['plant_a_cluster'],
      plant_a_cluster_secret_store_vault_reader: ['plant_a_vault', 'plant_a_cluster_secret_store'],
      plant_a_secret_provider_class: ['plant_a_identity', 'plant_a_vault'],
      plant_a_dataflow_profile: undefined,
      plant_a_dataflow_endpoint: ['plant_a_identity'],
      plant_a_dataflow: ['plant_a_dataflow_profile', 'plant_a_dataflow_endpoint'],
    });
  });

  test('bookkeeping keeps each resource\'s references', () => {
    const kept = renderArmTemplate(azurePlan()).metadata['aio-secure'].resources;
    expect(kept.plant_a_identity_credential).toEqual({
      id: IDS.credential,
      references: [{ pointer: '/spec/properties/issuer', parameter: 'oidcIssuerUrl', description: expect.stringContaining('OIDC issuer URL') }],
    });
    expect(kept.plant_a_identity).toEqual({ id: IDS.identity });
  });

  test('a spec string that looks like an expression is escaped in Azure-only resources too', () => {
    const identity = azurePlan().find((r) => r.id === IDS.identity)!;
    const odd = { ...identity, spec: { ...identity.spec, tags: { note: "[parameters('x')]" } } };
    expect(renderArmTemplate([odd]).resources.plant_a_identity.tags).toEqual({ note: "[[parameters('x')]" });
    expect(withoutSource(read(renderArmTemplate([odd])).resources)).toEqual([odd]);
  });

  test('errors: a reference outside the template, an attribute the type lacks, a parameter named like the template\'s own, a cycle', () => {
    const plan = azurePlan();
    const role = plan.find((r) => r.id === IDS.vaultRole)!;
    expect(() => renderArmTemplate([role])).toThrow(
      'renderArmTemplate: roleAssignments "bb67a519-97c4-5ade-91e2-4d71529e1884" (plant-a/identity/vault-secrets-user) references the id of plant-a/vault at /spec/scope, ' +
      'which is not an ARM resource of this template. Render the plan together with the resource it references.');
    const spc = plan.find((r) => r.id === IDS.armSpc)!;
    const wrong = { ...spc, references: [{ pointer: '/spec/properties/clientId', resource: IDS.vault, attribute: 'clientId' as const }] };
    expect(() => renderArmTemplate([...plan.filter((r) => r !== spc), wrong])).toThrow(
      'renderArmTemplate: azureKeyVaultSecretProviderClasses "plant-a-vault" (plant-a/secret-provider-class) references the clientId of plant-a/vault ' +
      '(Microsoft.KeyVault/vaults) at /spec/properties/clientId, which that type does not have. Reference one of: id, name.');
    const reserved = { ...spc, references: [{ pointer: '/spec/extendedLocation/name', parameter: 'location', description: 'x' }] };
    expect(() => renderArmTemplate([...plan.filter((r) => r !== spc), reserved])).toThrow(
      'renderArmTemplate: azureKeyVaultSecretProviderClasses "plant-a-vault" (plant-a/secret-provider-class) references the deployment parameter "location" at ' +
      '/spec/extendedLocation/name, a name the template uses itself (instanceName, customLocationName, customLocationResourceGroup, location). Name the parameter differently in the plan.');
    const identity = plan.find((r) => r.id === IDS.identity)!;
    const vault = plan.find((r) => r.id === IDS.vault)!;
    const cyclic = { ...identity, spec: { ...identity.spec, tags: { vault: `ref(${IDS.vault}).name` } }, references: [{ pointer: '/spec/tags/vault', resource: IDS.vault, attribute: 'name' as const }] };
    expect(() => renderArmTemplate([vault, cyclic])).toThrow(
      'renderArmTemplate: planned resources depend on each other in a cycle: plant-a/vault -> plant-a/identity -> plant-a/vault.');
    const cluster = plan.find((r) => r.id === IDS.cluster)!;
    const badPointer = { ...identity, references: [{ pointer: '/spec/properties/nothing/here', resource: IDS.cluster, attribute: 'id' as const }] };
    expect(() => renderArmTemplate([cluster, badPointer])).toThrow(
      'renderArmTemplate: userAssignedIdentities "plant-a-secret-sync" (plant-a/identity): reference pointer /spec/properties/nothing/here does not exist in the spec. Fix the planner\'s references.');
  });
});

describe('round trip: reading the template gives the plan\'s ARM resources', () => {
  test('every Azure kind of the test plan, its references and the AIO dataflow resources', () => {
    const back = withoutSource(read(renderArmTemplate(azurePlan())).resources);
    expect(back).toEqual(armPart());
    expect(back.find((r) => r.id === IDS.vaultRole)!.unresolved).toBeUndefined();
  });

  test('a parameter the deployment gives is read as its value, not as a reference', () => {
    const back = read(renderArmTemplate(azurePlan()), { oidcIssuerUrl: 'https://issuer.example/' }).resources;
    const credential = back.find((r) => r.id === IDS.credential)!;
    expect((credential.spec.properties as JsonObject).issuer).toBe('https://issuer.example/');
    expect(credential.references).toBeUndefined();
  });

  test('an expression someone changed is unresolved, not a reference', () => {
    const t = JSON.parse(JSON.stringify(renderArmTemplate(azurePlan())));
    t.resources.plant_a_identity_vault_secrets_user.properties.principalId = "[reference('someone_else').principalId]";
    const role = read(t).resources.find((r) => r.id === IDS.vaultRole)!;
    expect(role.references).toEqual([{ pointer: '/spec/scope', resource: IDS.vault, attribute: 'id' }]);
    expect(role.unresolved).toEqual(['/spec/properties/principalId']);
    expect((role.spec.properties as JsonObject).principalId).toBe("[reference('someone_else').principalId]");
  });

  test('a foreign template: Azure kinds are read as their kinds, reference expressions stay unresolved, the role definition is recognised', () => {
    const foreign = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: { location: { type: 'string', defaultValue: '[resourceGroup().location]' } },
      variables: { reader: '21090545-7ca7-4776-b22c-e363652d74d2' },
      resources: [
        { type: 'Microsoft.ManagedIdentity/userAssignedIdentities', apiVersion: '2023-01-31', name: 'id', location: "[parameters('location')]" },
        {
          type: 'Microsoft.Authorization/roleAssignments', apiVersion: '2022-04-01', name: "[guid('x')]",
          scope: "[format('Microsoft.KeyVault/vaults/{0}', 'kv')]",
          properties: {
            roleDefinitionId: "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', variables('reader'))]",
            principalId: "[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id')).principalId]",
          },
        },
      ],
    };
    const [identity, role] = withoutSource(read(foreign).resources);
    expect(identity).toEqual({
      id: 'Microsoft.ManagedIdentity/userAssignedIdentities/id', group: 'Microsoft.ManagedIdentity', version: '2023-01-31', kind: 'userAssignedIdentities',
      name: 'id', armType: 'Microsoft.ManagedIdentity/userAssignedIdentities', spec: {},
    });
    expect(role).toMatchObject({
      group: 'Microsoft.Authorization', kind: 'roleAssignments', armType: 'Microsoft.Authorization/roleAssignments',
      spec: {
        scope: 'Microsoft.KeyVault/vaults/kv',
        properties: {
          roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/21090545-7ca7-4776-b22c-e363652d74d2',
          principalId: "[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id')).principalId]",
        },
      },
      unresolved: ['/spec/properties/principalId', '/name'],
    });
    expect(role.references).toBeUndefined();
  });
});

describe('the rendered template validates against the ARM type definitions of every kind', () => {
  test('the test plan (Key Vault, identity, federated credential, role assignments, connected cluster, extension, secret sync, dataflows)', () => {
    expect(validateArmTemplate(renderArmTemplate(azurePlan()), { parameters: PARAMETERS })).toEqual([]);
  });

  test.each([...AZURE_KINDS.values()].map((k) => [k.armType, k] as const))('%s has type definitions at its pinned api-version', (_t, k) => {
    const version = armTypesVersion(k.group);
    const types = armTypes(k.group, version);
    expect(types.some((t) => t.$type === 'ResourceType' && String(t.name).toLowerCase() === `${k.armType}@${version}`.toLowerCase())).toBe(true);
  });

  test.each([
    ['Microsoft.Insights/diagnosticSettings', { scope: "[resourceId('Microsoft.KeyVault/vaults', 'kv')]", properties: { workspaceId: "[resourceId('Microsoft.OperationalInsights/workspaces', 'la')]", logs: [{ categoryGroup: 'audit', enabled: true }] } }],
    ['Microsoft.Monitor/accounts', { location: 'westeurope', tags: { site: 'a' } }],
    ['Microsoft.Dashboard/grafana', { location: 'westeurope', sku: { name: 'Standard' }, identity: { type: 'SystemAssigned' }, properties: { publicNetworkAccess: 'Disabled', apiKey: 'Disabled' } }],
    ['Microsoft.OperationalInsights/workspaces', { location: 'westeurope', properties: { sku: { name: 'PerGB2018' }, retentionInDays: 30, features: { disableLocalAuth: true } } }],
    ['Microsoft.Security/pricings', { properties: { pricingTier: 'Standard', extensions: [{ name: 'ContainerSensor', isEnabled: 'True' }] } }],
  ])('%s from the repository\'s fixtures validates', (armType, body) => {
    const k = AZURE_KINDS.get(armType.toLowerCase())!;
    const name = armType === 'Microsoft.Security/pricings' ? 'Containers' : 'plant-a-x1';
    expect(validateArmResource({ type: armType, apiVersion: armTypesVersion(k.group), name, ...body }, { parameters: PARAMETERS })).toEqual([]);
  });
});

describe('negative controls: the validator rejects what ARM would', () => {
  const rendered = () => JSON.parse(JSON.stringify(renderArmTemplate(azurePlan()))) as { resources: Record<string, JsonObject & { properties: JsonObject }> };

  test('a wrong field name, a literal that breaks a pattern, a reference that lands where the schema wants something else, an expression that is no reference', () => {
    const r = rendered().resources;
    const spc = r.plant_a_secret_provider_class;
    spc.properties.clientID = spc.properties.clientId;
    delete spc.properties.clientId;
    spc.properties.tenantId = 'not-a-guid';
    const vault = r.plant_a_vault;
    vault.properties.tenantId = "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'plant-a-secret-sync')]";
    const credential = r.plant_a_identity_credential;
    credential.properties.subject = "[concat('system:serviceaccount:', 'x')]";
    const errors = [spc, vault, credential].flatMap((x) => validateArmResource(x, { parameters: PARAMETERS }));
    // What ARM would put there: the identity's resource id, where the schema wants a tenant GUID.
    const ID = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/validation-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/plant-a-secret-sync';
    expect(errors).toEqual([
      'Microsoft.SecretSyncController/azureKeyVaultSecretProviderClasses plant-a-vault: /properties/tenantId must match pattern ^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$ (got "not-a-guid") [ARM types microsoft.secretsynccontroller@2024-08-21-preview]',
      'Microsoft.SecretSyncController/azureKeyVaultSecretProviderClasses plant-a-vault: /properties must not have property "clientID" [ARM types microsoft.secretsynccontroller@2024-08-21-preview]',
      'Microsoft.SecretSyncController/azureKeyVaultSecretProviderClasses plant-a-vault: /properties/clientId is required [ARM types microsoft.secretsynccontroller@2024-08-21-preview]',
      `Microsoft.KeyVault/vaults kv-plant-a: /properties/tenantId must be at most 36 characters (got "${ID}") [ARM types microsoft.keyvault@2024-11-01]`,
      `Microsoft.KeyVault/vaults kv-plant-a: /properties/tenantId must match pattern ^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$ (got "${ID}") [ARM types microsoft.keyvault@2024-11-01]`,
      'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials plant-a-secret-sync/aio-ssc-sa: /properties/subject is an ARM expression ' +
        "([concat('system:serviceaccount:', 'x')]); only literal values can be validated [ARM types microsoft.managedidentity@2023-01-31]",
    ]);
  });

  test('a parameter reference without a value cannot be validated', () => {
    const credential = rendered().resources.plant_a_identity_credential;
    expect(validateArmResource(credential, { parameters: { instanceName: 'aio-plant-a' } })).toEqual([
      'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials plant-a-secret-sync/aio-ssc-sa: /properties/issuer is an ARM expression ' +
        "([parameters('oidcIssuerUrl')]); only literal values can be validated [ARM types microsoft.managedidentity@2023-01-31]",
    ]);
  });

  test('types from the compact fixtures are closed and typed too (read-only, required, enum, unknown property)', () => {
    expect(validateArmResource({ type: 'Microsoft.Authorization/roleAssignments', apiVersion: '2022-04-01', name: 'bb67a519-97c4-5ade-91e2-4d71529e1884', properties: { principalId: 'p', principalType: 'Robot', scope: '/x', bogus: 1 } })).toEqual([
      'Microsoft.Authorization/roleAssignments bb67a519-97c4-5ade-91e2-4d71529e1884: /properties/scope is read-only [ARM types microsoft.authorization@2022-04-01]',
      'Microsoft.Authorization/roleAssignments bb67a519-97c4-5ade-91e2-4d71529e1884: /properties must not have property "bogus" [ARM types microsoft.authorization@2022-04-01]',
      'Microsoft.Authorization/roleAssignments bb67a519-97c4-5ade-91e2-4d71529e1884: /properties/roleDefinitionId is required [ARM types microsoft.authorization@2022-04-01]',
    ]);
    expect(validateArmResource({ type: 'Microsoft.Monitor/accounts', apiVersion: '2023-04-03', name: '-bad', location: 'x', properties: { publicNetworkAccess: 'Disabled' } })).toEqual([
      'Microsoft.Monitor/accounts -bad: /name[1] must match pattern ^(?!-)[a-zA-Z0-9-]+[^-]$ (got "-bad") (name of Microsoft.Monitor/accounts) [ARM types microsoft.monitor@2023-04-03]',
      'Microsoft.Monitor/accounts -bad: /properties/publicNetworkAccess is read-only [ARM types microsoft.monitor@2023-04-03]',
    ]);
    expect(validateArmResource({ type: 'Microsoft.Insights/diagnosticSettings', apiVersion: '2021-05-01-preview', name: 'd', properties: { logs: [{ enabled: 'yes', retentionPolicy: { enabled: true, days: -1 } }] } })).toEqual([
      'Microsoft.Insights/diagnosticSettings d: /properties/logs/0/enabled must be a boolean (got "yes") [ARM types microsoft.insights@2021-05-01-preview]',
      'Microsoft.Insights/diagnosticSettings d: /properties/logs/0/retentionPolicy/days must be >= 0 (got -1) [ARM types microsoft.insights@2021-05-01-preview]',
    ]);
  });

  test('placeholders: what each reference expression stands for', () => {
    expect(placeholderOf("[reference('x').clientId]", {})).toBe(PLACEHOLDER.guid);
    expect(placeholderOf("[reference('x', '2023-05-01', 'full').identity.principalId]", {})).toBe(PLACEHOLDER.guid);
    expect(placeholderOf("[reference('x', '2023-05-01', 'full').identity.clientId]", {})).toBeUndefined();
    expect(placeholderOf("[reference('x').properties.principalId]", {})).toBeUndefined();
    expect(placeholderOf("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'g')]", {}))
      .toBe('/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/g');
    expect(placeholderOf("[extensionResourceId(resourceId('Microsoft.Kubernetes/connectedClusters', 'c'), 'Microsoft.KubernetesConfiguration/extensions', 'e')]", {}))
      .toBe('/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/validation-rg/providers/Microsoft.Kubernetes/connectedClusters/c/providers/Microsoft.KubernetesConfiguration/extensions/e');
    expect(placeholderOf("[resourceId('Microsoft.IoTOperations/instances/dataflowEndpoints', parameters('instanceName'), 'e')]", { instanceName: 'aio' }))
      .toBe('/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/validation-rg/providers/Microsoft.IoTOperations/instances/aio/dataflowEndpoints/e');
    expect(placeholderOf("[resourceId('Microsoft.KeyVault/vaults', 'a', 'b')]", {})).toBeUndefined();
    expect(placeholderOf("[parameters('missing')]", {})).toBeUndefined();
  });
});

/** The api-version `ARM_PROVIDERS` pins for a provider (what the plan's resources carry). */
function armTypesVersion(group: string): string {
  const r = azurePlan().find((x) => x.group === group);
  if (r) return r.version;
  return planAzureResource({ id: 'v', armType: [...AZURE_KINDS.values()].find((k) => k.group === group)!.armType, name: 'v', parentName: 'p', spec: {} }).version;
}
