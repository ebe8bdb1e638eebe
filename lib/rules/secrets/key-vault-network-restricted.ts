import { referenceAt } from '../../model/azure';
import { isJsonObject } from '../../model/resource';
import { defineRule, outcome } from '../types';
import { propertiesOf, VAULT } from './common';

/** AS-1: the vault is not open to every network. */
export const keyVaultNetworkRestricted = defineRule({
  name: 'key-vault-network-restricted',
  guidance: ['AS-1'],
  description: 'Every Key Vault either refuses public network access or denies it by default and allows listed IP ranges only.',
  rationale:
    'A vault open to the internet can be attacked with any stolen or phished credential from anywhere. ' +
    'Edge sites reach Key Vault from known egress addresses (or through a private endpoint), so nothing else needs to reach it.',
  remediation:
    'With KeyVaultSecretSync, public access is off unless you list the sites\' egress ranges in vault.network.allowedIpRanges. ' +
    'By hand, set publicNetworkAccess: Disabled, or networkAcls: { defaultAction: Deny, ipRules: [...] }.',
  severity: { development: 'warning', production: 'error' },
  waivable: true,
  appliesTo: [VAULT],
  messages: {
    open: 'Key Vault {vault} accepts traffic from every network (publicNetworkAccess {access}, networkAcls.defaultAction {action}).',
  },
  check(vault) {
    const p = propertiesOf(vault);
    for (const f of ['publicNetworkAccess', 'networkAcls', 'networkAcls/defaultAction']) {
      const pointer = `/spec/properties/${f}`;
      if (vault.unresolved?.includes(pointer) || referenceAt(vault, pointer)) throw new Error(`spec.properties.${f.replace('/', '.')} is only known at deployment`);
    }
    const access = p.publicNetworkAccess;
    if (access !== undefined && access !== null && typeof access !== 'string') throw new Error('spec.properties.publicNetworkAccess is not a string');
    if (typeof access === 'string' && access.toLowerCase() === 'disabled') return outcome([]);
    const acls = p.networkAcls;
    if (acls !== undefined && acls !== null && !isJsonObject(acls)) throw new Error('spec.properties.networkAcls is not an object');
    const action = isJsonObject(acls) ? acls.defaultAction : undefined;
    if (action !== undefined && action !== null && typeof action !== 'string') throw new Error('spec.properties.networkAcls.defaultAction is not a string');
    // Without networkAcls the vault allows every network (defaultAction Allow).
    if (typeof action === 'string' && action.toLowerCase() === 'deny') return outcome([]);
    return outcome([{
      messageId: 'open',
      data: { vault: vault.name, access: typeof access === 'string' ? access : 'not set', action: typeof action === 'string' ? action : 'not set' },
      path: '/spec/properties',
    }]);
  },
});
