import { aioDefaultPortAuthorization } from './broker/aio-default-port-authorization';
import { authenticationX509OrSat } from './broker/authentication-x509-or-sat';
import { authorizationLeastPrivilege } from './broker/authorization-least-privilege';
import { brokerInternalEncryption } from './broker/broker-internal-encryption';
import { customAuthenticationHttps } from './broker/custom-authentication-https';
import { exposedAnonymousPlaintextListener } from './broker/exposed-anonymous-plaintext-listener';
import { exposedPlaintextListener } from './broker/exposed-plaintext-listener';
import { listenerAutomaticCertificates } from './broker/listener-automatic-certificates';
import { listenerCustomerCa } from './broker/listener-customer-ca';
import { listenerIssuerExists } from './broker/listener-issuer-exists';
import { listenerRequiresAuthentication } from './broker/listener-requires-authentication';
import { listenerRequiresAuthorization } from './broker/listener-requires-authorization';
import { listenerRequiresTls } from './broker/listener-requires-tls';
import { certificateKeyFamily } from './certificates/certificate-key-family';
import { certificateKeyStrength } from './certificates/certificate-key-strength';
import { certificateLifetime } from './certificates/certificate-lifetime';
import { certificateRotation } from './certificates/certificate-rotation';
import { DATAFLOW_RULES } from './dataflow';
import { NETWORK_RULES } from './network';
import { RUNTIME_RULES } from './runtime';
import { SECRETS_RULES } from './secrets';
import type { Rule } from './types';

/**
 * Every rule, in one list. A test checks that it matches the files under lib/rules/<area>/ and
 * that each rule has its docs page.
 */
export const RULES: readonly Rule[] = [
  listenerRequiresTls,
  exposedAnonymousPlaintextListener,
  exposedPlaintextListener,
  listenerAutomaticCertificates,
  listenerIssuerExists,
  listenerCustomerCa,
  brokerInternalEncryption,
  certificateLifetime,
  certificateKeyStrength,
  certificateRotation,
  certificateKeyFamily,
  listenerRequiresAuthentication,
  authenticationX509OrSat,
  customAuthenticationHttps,
  listenerRequiresAuthorization,
  aioDefaultPortAuthorization,
  authorizationLeastPrivilege,
  ...SECRETS_RULES,
  ...DATAFLOW_RULES,
  ...NETWORK_RULES,
  ...RUNTIME_RULES,
] as Rule[];

const BY_NAME = new Map(RULES.map((r) => [r.name, r]));

/** The registered rule with that name, if any. */
export function findRule(name: string): Rule | undefined {
  return BY_NAME.get(name);
}
