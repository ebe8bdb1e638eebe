import type * as pulumi from '@pulumi/pulumi';
import { getMonitor } from '@pulumi/pulumi/runtime/settings';
import { stableGuid } from '../../lib/model/azure';
import { AZURE_NATIVE_KINDS, type AzureNativeKind } from '../../lib/pulumi/azure-native';
import { installMocks, type MockRun } from './support';

/** The subscription and tenant the mocked Azure gives its resources. */
export const MOCK_SUBSCRIPTION = '00000000-0000-0000-0000-00000000aaaa';
export const MOCK_TENANT = '00000000-0000-0000-0000-00000000bbbb';

const BY_TOKEN = new Map([...AZURE_NATIVE_KINDS.values()].map((k) => [`${k.module}:${k.resource}`, k]));

function kindOf(token: string): AzureNativeKind | undefined {
  const m = /^azure-native:([a-z]+)(?:\/v[0-9a-z]+)?:([A-Za-z]+)$/.exec(token);
  return m ? BY_TOKEN.get(`${m[1]}:${m[2]}`) : undefined;
}

/** The ARM id Azure would give an azure-native resource with these inputs. */
function armId(k: AzureNativeKind, inputs: Record<string, unknown>): string {
  const [provider, ...types] = k.armType.split('/');
  const path = types.map((t, i) => `${t}/${String(inputs[k.nameArgs[i]])}`).join('/');
  if (k.scopeArg === 'cluster') {
    const cluster = `/subscriptions/${MOCK_SUBSCRIPTION}/resourceGroups/${String(inputs.resourceGroupName)}/providers/${String(inputs.clusterRp)}/${String(inputs.clusterResourceName)}/${String(inputs.clusterName)}`;
    return `${cluster}/providers/${provider}/${path}`;
  }
  if (k.scopeArg) return `${String(inputs[k.scopeArg])}/providers/${provider}/${path}`;
  return `/subscriptions/${MOCK_SUBSCRIPTION}/resourceGroups/${String(inputs.resourceGroupName)}/providers/${provider}/${path}`;
}

/**
 * `installMocks` (which records every registration), with an Azure that answers like the real
 * one: azure-native resources get their ARM resource id, their `name`, a user-assigned identity
 * its principal, client and tenant ids, and a system-assigned identity its principal id, so that
 * references resolve to values a test can assert.
 */
export function installAzureMocks(): MockRun & { reset(): void } {
  const run = installMocks();
  const monitor = getMonitor() as unknown as { mocks: pulumi.runtime.Mocks };
  const base = monitor.mocks;
  monitor.mocks = {
    newResource(args: pulumi.runtime.MockResourceArgs) {
      const answer = base.newResource(args) as { id: string; state: Record<string, unknown> };
      const k = kindOf(args.type);
      if (!k) return answer;
      const own = String(args.inputs[k.nameArgs[k.nameArgs.length - 1]]);
      const state: Record<string, unknown> = { ...answer.state, name: own };
      if (k.resource === 'UserAssignedIdentity') {
        Object.assign(state, { principalId: stableGuid(own, 'principal'), clientId: stableGuid(own, 'client'), tenantId: MOCK_TENANT });
      }
      const identity = args.inputs.identity as { type?: string } | undefined;
      if (identity?.type === 'SystemAssigned') state.identity = { ...identity, principalId: stableGuid(own, 'system-assigned'), tenantId: MOCK_TENANT };
      return { id: armId(k, args.inputs), state };
    },
    call: (args) => base.call(args),
  };
  return run;
}
