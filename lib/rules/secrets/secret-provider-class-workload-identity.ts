import { referenceAt } from '../../model/azure';
import { isJsonObject } from '../../model/resource';
import { defineRule, outcome, type RuleFinding } from '../types';
import { ARM_SECRET_PROVIDER_CLASS, IDENTITY, isArmForm, propertiesOf, SECRET_PROVIDER_CLASS } from './common';

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

type Message = 'noClientId' | 'podIdentity' | 'nodeIdentity';

/** AS-1: an Azure SecretProviderClass signs in with a workload identity (a user-assigned identity's client id). */
export const secretProviderClassWorkloadIdentity = defineRule({
  name: 'secret-provider-class-workload-identity',
  guidance: ['AS-1'],
  description: 'Every Azure Key Vault SecretProviderClass names the client id of the user-assigned identity it signs in with through workload identity.',
  rationale:
    'Without a client id the Key Vault provider falls back to other ways of signing in: the node\'s managed identity, which every pod on the node shares, or the retired pod identity. ' +
    'A workload identity federated with one service account is the only way that ties Key Vault access to the secret-sync controller alone.',
  remediation:
    'Use KeyVaultSecretSync: it creates a dedicated identity, federates it with aio-ssc-sa and writes its client id into the SecretProviderClass ' +
    '(ARM clientId, Kubernetes parameters.clientID; with cdk8s give identity.clientId and tenantId). By hand, set clientID to the user-assigned identity\'s client id and remove usePodIdentity and useVMManagedIdentity.',
  severity: { development: 'error', production: 'error' },
  waivable: true,
  appliesTo: [SECRET_PROVIDER_CLASS, ARM_SECRET_PROVIDER_CLASS],
  messages: {
    noClientId: 'SecretProviderClass {spc} has no workload identity client id ({field}).',
    podIdentity: 'SecretProviderClass {spc} signs in with the retired pod identity (usePodIdentity: "true").',
    nodeIdentity: 'SecretProviderClass {spc} signs in with the node\'s managed identity (useVMManagedIdentity: "true"), which every pod on the node shares.',
  },
  check(spc, { index }) {
    const findings: RuleFinding<Message>[] = [];
    if (isArmForm(spc, ARM_SECRET_PROVIDER_CLASS)) {
      const pointer = '/spec/properties/clientId';
      const ref = referenceAt(spc, pointer);
      if (ref) {
        if ('parameter' in ref) return outcome(findings); // a deployment parameter: the value is required by the ARM type
        const named = index.get(ref.resource);
        if (!named) throw new Error(`clientId references ${ref.resource}, which is not in the deployment`);
        if (!isArmForm(named, IDENTITY) || ref.attribute !== 'clientId') throw new Error(`clientId references ${ref.resource}.${ref.attribute}, which is not a user-assigned identity's client id`);
        return outcome(findings);
      }
      if (spc.unresolved?.includes(pointer)) throw new Error('spec.properties.clientId is only known at deployment');
      const clientId = propertiesOf(spc).clientId;
      if (clientId === undefined || clientId === null || clientId === '') {
        findings.push({ messageId: 'noClientId', data: { spc: spc.name, field: 'properties.clientId' }, path: '/spec/properties' });
      } else if (typeof clientId !== 'string' || !GUID.test(clientId)) {
        throw new Error(`spec.properties.clientId ${JSON.stringify(clientId)} is not a GUID`);
      }
      return outcome(findings);
    }

    if (typeof spc.spec.provider !== 'string') throw new Error('spec.provider is missing');
    if (spc.spec.provider.toLowerCase() !== 'azure') return { status: 'not-applicable', reason: `provider "${spc.spec.provider}" is not Azure Key Vault` };
    const params = spc.spec.parameters;
    if (params !== undefined && !isJsonObject(params)) throw new Error('spec.parameters is not a map');
    const p = params ?? {};
    const flag = (name: string) => typeof p[name] === 'string' && (p[name] as string).toLowerCase() === 'true';
    if (flag('usePodIdentity')) findings.push({ messageId: 'podIdentity', data: { spc: spc.name }, path: '/spec/parameters/usePodIdentity' });
    if (flag('useVMManagedIdentity')) findings.push({ messageId: 'nodeIdentity', data: { spc: spc.name }, path: '/spec/parameters/useVMManagedIdentity' });
    const clientId = p.clientID;
    if (clientId === undefined || clientId === null || clientId === '') {
      // With useVMManagedIdentity, userAssignedIdentityID picks the node identity: still not a workload identity.
      if (!flag('useVMManagedIdentity')) findings.push({ messageId: 'noClientId', data: { spc: spc.name, field: 'parameters.clientID' }, path: '/spec/parameters' });
    } else if (typeof clientId !== 'string' || !GUID.test(clientId)) {
      throw new Error(`spec.parameters.clientID ${JSON.stringify(clientId)} is not a GUID`);
    }
    return outcome(findings);
  },
});
