import type { Rule } from '../types';
import { dataflowEndpointManagedIdentity } from './dataflow-endpoint-managed-identity';
import { dataflowEndpointRequiresTls } from './dataflow-endpoint-requires-tls';
import { dataflowFederatedCredentialSubject } from './dataflow-federated-credential-subject';
import { dataflowIdentityDedicated } from './dataflow-identity-dedicated';
import { dataflowIdentityHoldsTargetRole } from './dataflow-identity-holds-target-role';
import { dataflowRoleLeastPrivilege } from './dataflow-role-least-privilege';
import { tamperSignalRouted } from './tamper-signal-routed';

/** Rules for dataflow endpoints, identities and tamper routes (CL-1, AS-3). */
export const DATAFLOW_RULES: readonly Rule[] = [
  dataflowEndpointManagedIdentity,
  dataflowEndpointRequiresTls,
  dataflowRoleLeastPrivilege,
  dataflowIdentityDedicated,
  dataflowFederatedCredentialSubject,
  dataflowIdentityHoldsTargetRole,
  tamperSignalRouted,
] as Rule[];
