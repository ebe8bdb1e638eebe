/**
 * aio-secure for cdk8s: constructs that synthesize secure Azure IoT Operations manifests and check
 * the whole app against the guidance at synth.
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
export * from './synth';
