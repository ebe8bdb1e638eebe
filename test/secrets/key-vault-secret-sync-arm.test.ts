import { renderArmTemplate } from '../../lib/arm/template';
import { resolveReferences } from '../../lib/model/azure';
import type { Resource } from '../../lib/model/resource';
import { planKeyVaultSecretSync, resolveKeyVaultSecretSync } from '../../lib/model/key-vault-secret-sync';
import { validateArmTemplate } from '../support/arm-types-validator';
import { props } from '../model/key-vault-secret-sync-props';

describe('KeyVaultSecretSync as an ARM template', () => {
  const plan = planKeyVaultSecretSync(resolveKeyVaultSecretSync('plant-a', props), { form: 'arm' });
  const template = renderArmTemplate(plan) as unknown as { parameters: Record<string, unknown>; resources: Record<string, { type: string }> | { type: string }[] };

  test('has every planned resource, and takes the OIDC issuer and custom location as parameters', () => {
    const resources = Array.isArray(template.resources) ? template.resources : Object.values(template.resources);
    expect(resources.map((r) => r.type).sort()).toEqual(plan.map((r) => r.armType).sort());
    expect(Object.keys(template.parameters)).toEqual(expect.arrayContaining(['oidcIssuerUrl', 'customLocationId']));
  });

  // The ARM types validator checks literal values only, so the references take values as deployment would give them.
  // The shared reference has no Microsoft.Authorization types: role assignments are checked by the Pulumi mock tests and the model tests.
  test('validates against the ARM type definitions (all but the role assignments)', () => {
    const literal: Resource[] = plan.map(({ references: _r, ...r }) => ({
      ...r,
      spec: resolveReferences({ spec: r.spec, references: plan.find((p) => p.id === r.id)!.references }, (ref) =>
        'parameter' in ref ? (ref.parameter === 'oidcIssuerUrl' ? 'https://oidc.example.net/' : '/subscriptions/0/resourceGroups/rg/providers/Microsoft.ExtendedLocation/customLocations/cl')
          : ref.attribute === 'id' ? '/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-plant-a' : '11111111-2222-4333-8444-555555555555'),
    }));
    const rendered = renderArmTemplate(literal) as unknown as typeof template;
    const resources = Array.isArray(rendered.resources) ? rendered.resources : Object.values(rendered.resources);
    const checkable = { ...rendered, resources: resources.filter((r) => r.type !== 'Microsoft.Authorization/roleAssignments') };
    expect(checkable.resources).toHaveLength(plan.length - 2);
    expect(validateArmTemplate(checkable, { parameters: { oidcIssuerUrl: 'https://oidc.example.net/', customLocationId: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.ExtendedLocation/customLocations/cl' } })).toEqual([]);
  });
});
