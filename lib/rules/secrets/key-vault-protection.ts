import { defineRule, outcome, type RuleFinding } from '../types';
import { booleanAt, propertiesOf, VAULT } from './common';

type Message = 'noRbac' | 'noPurgeProtection' | 'noSoftDelete';

/** AS-1: the vault that holds the edge's secrets uses RBAC and cannot lose them to a purge. */
export const keyVaultProtection = defineRule({
  name: 'key-vault-protection',
  guidance: ['AS-1'],
  description: 'Every Key Vault uses Azure RBAC for data access and has soft delete and purge protection on.',
  rationale:
    'With access policies instead of RBAC, whoever may change the vault may grant themselves every secret, and the grants are invisible to Azure RBAC reviews. ' +
    'Without purge protection a deleted vault or secret can be destroyed at once, taking the edge\'s CA keys and credentials with it; soft delete is what makes a deletion recoverable at all.',
  remediation:
    'Let KeyVaultSecretSync create the vault (enableRbacAuthorization, enablePurgeProtection and enableSoftDelete are always on), or set the three properties to true on your vault. ' +
    'Purge protection cannot be turned off again once on; that is the point.',
  severity: { development: 'error', production: 'error' },
  waivable: true,
  appliesTo: [VAULT],
  messages: {
    noRbac: 'Key Vault {vault} authorizes data access with access policies, not Azure RBAC (enableRbacAuthorization is {value}).',
    noPurgeProtection: 'Key Vault {vault} has no purge protection (enablePurgeProtection is {value}).',
    noSoftDelete: 'Key Vault {vault} has soft delete turned off.',
  },
  check(vault) {
    const p = propertiesOf(vault);
    const findings: RuleFinding<Message>[] = [];
    const rbac = booleanAt(vault, p, 'enableRbacAuthorization');
    if (rbac !== true) findings.push({ messageId: 'noRbac', data: { vault: vault.name, value: String(rbac ?? 'not set') }, path: '/spec/properties/enableRbacAuthorization' });
    const purge = booleanAt(vault, p, 'enablePurgeProtection');
    if (purge !== true) findings.push({ messageId: 'noPurgeProtection', data: { vault: vault.name, value: String(purge ?? 'not set') }, path: '/spec/properties/enablePurgeProtection' });
    // Soft delete defaults to on for new vaults; only an explicit false turns it off.
    if (booleanAt(vault, p, 'enableSoftDelete') === false) findings.push({ messageId: 'noSoftDelete', data: { vault: vault.name }, path: '/spec/properties/enableSoftDelete' });
    return outcome(findings);
  },
});
