/**
 * aio-secure core: the guidance catalogue, the neutral model and planners, the rules, the readers
 * and the reports. It loads neither cdk8s nor Pulumi; the backends are `aio-secure/cdk8s` and
 * (later) `aio-secure/pulumi`.
 */
export * from './guidance/catalogue';
export * from './guidance/coverage';
export * from './model/resource';
export * from './model/errors';
export * from './model/versions';
export * from './model/aio';
export * from './model/kinds';
export * from './model/waiver';
export * from './model/duration';
export * from './model/mqtt-topic';
export * from './model/bookkeeping';
export * from './model/kubernetes-object';
export * from './model/arm';
export * from './model/secure-broker';
export * from './model/certificate-policy';
export * from './model/edge-pki';
export * from './model/azure';
export * from './model/azure-roles';
export * from './model/dependencies';
export * from './model/key-vault-secret-sync';
export * from './model/opc-ua-trust';
export * from './model/managed-identity-dataflow';
export * from './model/dataflow-targets';
export * from './model/segmented-edge-network';
export * from './model/firewall-allowlist';
export * from './model/arc-runtime-policy';
export * from './model/edge-observability';
export * from './model/asset-access-control';
export * from './model/defender-protection';
export * from './model/signed-image-policy';
export * from './model/attested-controls';
export * from './rules';
export * from './inputs';
export * from './arm';
export * from './report';
export * from './analysis';
