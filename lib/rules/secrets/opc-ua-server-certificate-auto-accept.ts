import { defineRule, outcome, type RuleFinding } from '../types';
import { DEVICES, opcUaEndpointsOrNotApplicable, securityOf } from '../../model/opc-ua-trust';

/** CN-6: the connector never trusts an unknown OPC UA server certificate on its own. */
export const opcUaServerCertificateAutoAccept = defineRule({
  name: 'opc-ua-server-certificate-auto-accept',
  guidance: ['CN-6'],
  description: 'No OPC UA inbound endpoint of a device accepts untrusted server certificates automatically.',
  rationale:
    'With autoAcceptUntrustedServerCertificates the connector trusts whatever certificate the server (or anyone who answers in its place) presents, ' +
    'so the trust list no longer decides anything: a machine in the middle reads and changes process values under a valid-looking session. ' +
    'Microsoft documents the setting for the OPC PLC simulator and warns against it in production and pre-production.',
  remediation:
    'With OpcUaTrust the setting is always false; put the server\'s certificate (or its CA) in trustList. ' +
    'By hand, remove autoAcceptUntrustedServerCertificates from the endpoint\'s additionalConfiguration (it defaults to false), ' +
    'and add the server certificate to aio-opc-ua-broker-trust-list with az iot ops connector opcua trust add.',
  severity: { development: 'warning', production: 'error' },
  waivable: { development: true, production: false },
  appliesTo: DEVICES,
  messages: {
    autoAccept: 'Device {device} accepts any server certificate on OPC UA endpoint {endpoint} (autoAcceptUntrustedServerCertificates true).',
  },
  check(device) {
    const endpoints = opcUaEndpointsOrNotApplicable(device);
    if (!Array.isArray(endpoints)) return endpoints;
    const findings: RuleFinding<'autoAccept'>[] = [];
    for (const e of endpoints) {
      const v = securityOf(device, e)?.autoAcceptUntrustedServerCertificates;
      if (v === undefined || v === null || v === false) continue;
      if (v !== true) throw new Error(`endpoints.inbound.${e.name} autoAcceptUntrustedServerCertificates ${JSON.stringify(v)} is not a boolean`);
      findings.push({ messageId: 'autoAccept', data: { device: device.name, endpoint: e.name }, path: `${e.path}/additionalConfiguration` });
    }
    return outcome(findings);
  },
});
