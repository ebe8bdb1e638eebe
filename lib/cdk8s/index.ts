/**
 * aio-secure for cdk8s: constructs that synthesize secure Azure IoT Operations manifests and check
 * the whole app against the guidance at synth.
 */
export * from './secure-broker';
export * from './edge-pki';
export * from './guidance-checks';
export * from './render';
export * from './synth';
