/**
 * aio-secure for Pulumi: components that create secure Azure IoT Operations resources through
 * Azure Resource Manager (the production path), and the cluster objects around them (EdgePki's
 * cert-manager and trust-manager objects) through a Kubernetes provider, from the same plans as
 * the cdk8s constructs, checked against the guidance at construction. The CrossGuard policy pack
 * is `aio-secure/pulumi/policy`.
 *
 * AIO resources use the azure-native provider at the API version `versions.ts` pins
 * (`ARM.iotOperations`), through the typed classes in `iotoperations` (see there why not the SDK's
 * default-version classes).
 */
export * from './secure-broker';
export * from './edge-pki';
export * from './key-vault-secret-sync';
export * from './opc-ua-trust';
export * from './managed-identity-dataflow';
export * from './segmented-edge-network';
export * from './arc-runtime-policy';
export * from './edge-observability';
export * from './asset-access-control';
export * from './defender-protection';
export * from './signed-image-policy';
export * from './attested-controls';
export * from './guidance-checks';
export * from './render';
export * from './planned-component';
export * as iotoperations from './iot-operations';
