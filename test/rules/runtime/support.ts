/** Builders of the Azure-only resources the runtime rules read, shaped as planAzureResource and the ARM reader shape them. */
import { planAzureResource, type JsonObject, type Resource } from 'aio-secure';
import { broker } from '../helpers';

export const CLUSTER_ID = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/plant-a/providers/Microsoft.Kubernetes/connectedClusters/plant-a-edge';

export function extension(name: string, properties: JsonObject): Resource {
  return planAzureResource({ id: `ext/${name}`, armType: 'Microsoft.KubernetesConfiguration/extensions', name, spec: { properties, scope: CLUSTER_ID } });
}

export function cluster(properties: JsonObject, name = 'plant-a-edge'): Resource {
  return planAzureResource({ id: `cluster/${name}`, armType: 'Microsoft.Kubernetes/connectedClusters', name, spec: { properties } });
}

export function roleAssignment(name: string, properties: JsonObject, scope?: string): Resource {
  return planAzureResource({ id: `ra/${name}`, armType: 'Microsoft.Authorization/roleAssignments', name, spec: { ...(scope ? { scope } : {}), properties } });
}

export const pricing = (tier = 'Standard', name = 'Containers') =>
  planAzureResource({ id: `pricing/${name}`, armType: 'Microsoft.Security/pricings', name, spec: { properties: { pricingTier: tier } } });

export const aioExtension = (settings: JsonObject = { 'observability.metrics.enabled': 'true' }, version = '1.3.137') =>
  extension('azure-iot-operations', { extensionType: 'microsoft.iotoperations', autoUpgradeMinorVersion: false, releaseTrain: 'stable', version, configurationSettings: settings });
export const metricsExtension = () => extension('azuremonitor-metrics', { extensionType: 'Microsoft.AzureMonitor.Containers.Metrics' });
export const containersExtension = () => extension('azuremonitor-containers', { extensionType: 'Microsoft.AzureMonitor.Containers' });
export const defenderExtension = () => extension('microsoft.azuredefender.kubernetes', { extensionType: 'microsoft.azuredefender.kubernetes' });
export const policyExtension = () => extension('azurepolicy', { extensionType: 'Microsoft.PolicyInsights' });
/** Broker settings alone: a component's configuration, which marks no AIO deployment. */
export const defaultBroker = () => broker('default', { memoryProfile: 'Medium' });
/** The AIO Instance custom resource (`iotoperations.azure.com/v1` Instance, facts 0), shaped as the Kubernetes reader shapes it. */
export const aioInstance = (name = 'aio-instance'): Resource => ({
  id: `azure-iot-operations/Instance/${name}`, group: 'iotoperations.azure.com', version: 'v1', kind: 'Instance', name, namespace: 'azure-iot-operations', spec: {},
});
