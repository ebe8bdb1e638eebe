import { planAzureResource } from '../../../lib/model/azure';
import type { JsonObject, Resource } from '../../../lib/model/resource';
import { NS } from '../helpers';

/** An `additionalConfiguration` string with the given security object. */
export const config = (security: JsonObject | undefined): string => JSON.stringify(security === undefined ? {} : { security });
export const STRICT = { securityMode: 'signAndEncrypt', securityPolicy: 'http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256', autoAcceptUntrustedServerCertificates: false };
export const CERT = { method: 'Certificate', x509Credentials: { certificateSecretName: 'line-1-user-cert/user.pem' } };

/** An OPC UA endpoint, strict unless overridden. */
export const opcUa = (overrides: JsonObject = {}): JsonObject => ({
  address: 'opc.tcp://line-1-plc.plant-a.example:4840', endpointType: 'Microsoft.OpcUa', authentication: CERT,
  trustSettings: { trustList: 'aio-opc-ua-broker-trust-list' }, additionalConfiguration: config(STRICT), ...overrides,
});

/** A device in its ARM form. */
export const armDevice = (name: string, inbound: JsonObject, extra: Partial<Resource> = {}): Resource => ({
  ...planAzureResource({
    id: `device/${name}`, armType: 'Microsoft.DeviceRegistry/namespaces/devices', name, parentName: 'plant-a-devices',
    spec: { extendedLocation: { name: 'cl', type: 'CustomLocation' }, properties: { enabled: true, endpoints: { inbound } } },
  }),
  ...extra,
});

/** A device in its custom resource form, shaped as the Kubernetes reader shapes it. */
export const crDevice = (name: string, inbound: JsonObject): Resource => ({
  id: `${NS}/Device/${name}`, group: 'namespaces.deviceregistry.microsoft.com', version: 'v1', kind: 'Device', name, namespace: NS, spec: { endpoints: { inbound } },
});

/** The trust list synced by a SecretSync. */
export const trustListSync = (name = 'aio-opc-ua-broker-trust-list'): Resource => ({
  id: `${NS}/SecretSync/${name}`, group: 'secret-sync.x-k8s.io', version: 'v1alpha1', kind: 'SecretSync', name, namespace: NS,
  spec: { serviceAccountName: 'aio-ssc-sa', secretProviderClassName: 'opc-ua-connector', secretObject: { type: 'Opaque', data: [{ sourcePath: 'plc-der', targetKey: 'plc.der' }] } },
});
