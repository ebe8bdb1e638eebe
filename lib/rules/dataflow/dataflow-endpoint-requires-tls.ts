import { endpointTarget } from '../../model/dataflow-targets';
import { isJsonObject } from '../../model/resource';
import { defineRule, outcome, type RuleFinding } from '../types';
import { ENDPOINT, lower } from './common';

/** Endpoint types whose settings carry a `tls` block; the others always use HTTPS or no network. */
const TLS_SETTINGS = new Set(['kafkaSettings', 'mqttSettings', 'openTelemetrySettings']);

/** CN-1: no dataflow endpoint turns TLS off. */
export const dataflowEndpointRequiresTls = defineRule({
  name: 'dataflow-endpoint-requires-tls',
  guidance: ['CN-1'],
  description: 'No dataflow endpoint has tls.mode Disabled.',
  rationale:
    'A dataflow endpoint without TLS sends its credentials (a service account token, a SASL password) and every message in clear text, and cannot tell the real broker from an impostor. Inside the cluster that is still every pod on the path; outside it is the plant network and beyond.',
  remediation:
    "Let ManagedIdentityDataflow generate the endpoint (TLS is always on, with the trust bundle for the local broker), or set tls: { mode: Enabled, trustedCaCertificateConfigMapRef: <trust bundle> }.",
  severity: { development: 'error', production: 'error' },
  waivable: true,
  appliesTo: [ENDPOINT],
  messages: {
    tlsDisabled: 'Endpoint {endpoint} connects to {host} with TLS disabled.',
  },
  check(endpoint) {
    const target = endpointTarget(endpoint.spec);
    if (!target.settingsKey || !TLS_SETTINGS.has(target.settingsKey)) {
      return { status: 'not-applicable', reason: 'the endpoint type has no TLS setting (HTTPS services, local storage)' };
    }
    const settings = endpoint.spec[target.settingsKey];
    if (!isJsonObject(settings)) throw new Error(`spec.${target.settingsKey} is missing`);
    const tls = settings.tls;
    // Both CRDs default tls.mode to Enabled.
    if (tls === undefined || tls === null) return { status: 'compliant' };
    if (!isJsonObject(tls)) throw new Error(`spec.${target.settingsKey}.tls is not an object`);
    const mode = lower(tls.mode);
    const findings: RuleFinding<'tlsDisabled'>[] = [];
    if (mode === 'disabled') {
      findings.push({ messageId: 'tlsDisabled', data: { endpoint: endpoint.name, host: target.host ?? '(default host)' }, path: `/spec/${target.settingsKey}/tls/mode` });
    } else if (mode !== undefined && mode !== 'enabled') {
      throw new Error(`spec.${target.settingsKey}.tls.mode ${JSON.stringify(tls.mode)} is neither Enabled nor Disabled`);
    }
    return outcome(findings);
  },
});
