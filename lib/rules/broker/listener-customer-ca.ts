import { AIO } from '../../model/aio';
import { isJsonObject } from '../../model/resource';
import { defineRule, outcome, type RuleFinding } from '../types';
import { LISTENER, listenerPorts } from './common';

/** CN-2: production listeners get certificates from the customer's CA, not the quickstart root. */
export const listenerCustomerCa = defineRule({
  name: 'listener-customer-ca',
  guidance: ['CN-2'],
  description: `In production, no listener port takes its certificate from AIO's quickstart issuer (${AIO.quickstartIssuerName}, or <namespace>-aio-certificate-issuer for an instance in another namespace).`,
  rationale:
    'The quickstart issuer signs with a self-signed root ("Not for Production") that no client outside the cluster can anchor to a managed trust chain, ' +
    'and whose key lives only in the cluster. Production needs a CA the organisation controls, rotates and can revoke.',
  remediation:
    'Point SecureBroker\'s issuer at your own CA\'s issuer (for example a ClusterIssuer backed by a CA key pair synced from Key Vault, or a Vault/ACME issuer), ' +
    'and deploy AIO with trustConfig.source CustomerManaged.',
  severity: { development: 'off', production: 'error' },
  waivable: true,
  appliesTo: [LISTENER],
  messages: {
    quickstartIssuer: 'Port {port} of listener {listener} takes its certificate from the quickstart issuer {issuer}.',
  },
  check(listener) {
    // AIO names the quickstart issuer after the instance namespace (<namespace>-aio-certificate-issuer).
    const quickstart = new Set([AIO.quickstartIssuerName, ...(listener.namespace ? [`${listener.namespace}-aio-certificate-issuer`] : [])]);
    const findings: RuleFinding<'quickstartIssuer'>[] = [];
    for (const p of listenerPorts(listener)) {
      const tls = p.port.tls;
      const spec = isJsonObject(tls) ? tls.certManagerCertificateSpec : undefined;
      const issuer = isJsonObject(spec) ? spec.issuerRef : undefined;
      if (isJsonObject(issuer) && typeof issuer.name === 'string' && quickstart.has(issuer.name)) {
        findings.push({
          messageId: 'quickstartIssuer',
          data: { port: p.number, listener: listener.name, issuer: issuer.name },
          path: `${p.path}/tls/certManagerCertificateSpec/issuerRef/name`,
        });
      }
    }
    return outcome(findings);
  },
});
