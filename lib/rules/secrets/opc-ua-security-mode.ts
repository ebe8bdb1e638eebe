import { defineRule, outcome, type RuleFinding } from '../types';
import { DEVICES, OPC_UA, opcUaEndpointsOrNotApplicable, securityOf } from '../../model/opc-ua-trust';

type Message = 'modeNone' | 'signOnly' | 'modeNotSet' | 'weakPolicy';

/** Policies that sign with SHA-1 or not at all (OPC UA deprecated Basic128Rsa15 and Basic256). */
const WEAK_POLICIES = new Set(['none', 'basic128rsa15', 'basic256']);

/** CN-1, CN-6: OPC UA messages are signed and encrypted, with a policy without SHA-1. */
export const opcUaSecurityMode = defineRule({
  name: 'opc-ua-security-mode',
  guidance: ['CN-1', 'CN-6'],
  description: 'Every OPC UA inbound endpoint of a device uses the SignAndEncrypt security mode and a security policy without SHA-1.',
  rationale:
    'With security mode None the connector neither proves the server is the one it trusts nor protects what it reads and writes: anyone on the path can read or change process values. ' +
    'Sign alone leaves the values readable on the wire. Basic128Rsa15 and Basic256 sign with SHA-1, which OPC UA has deprecated. ' +
    'Left unset, the mode is whatever the connector picks from what the server offers, which a server (or someone in between) can make None.',
  remediation:
    'With OpcUaTrust, every endpoint is written with security.securityMode signAndEncrypt and a policy of securityPolicy (Basic256Sha256 by default). ' +
    'By hand, set "security": { "securityMode": "signAndEncrypt", "securityPolicy": "http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256" } in the endpoint\'s additionalConfiguration.',
  severity: { development: 'warning', production: 'error' },
  waivable: true,
  appliesTo: DEVICES,
  messages: {
    modeNone: 'Device {device} talks to OPC UA endpoint {endpoint} with security mode None: nothing is signed or encrypted.',
    signOnly: 'Device {device} talks to OPC UA endpoint {endpoint} with security mode {mode}: messages are signed but not encrypted.',
    modeNotSet: 'Device {device} does not set a security mode on OPC UA endpoint {endpoint}; the server\'s offer decides it.',
    weakPolicy: 'Device {device} uses security policy {policy} on OPC UA endpoint {endpoint}.',
  },
  check(device) {
    const endpoints = opcUaEndpointsOrNotApplicable(device);
    if (!Array.isArray(endpoints)) return endpoints;
    const findings: RuleFinding<Message>[] = [];
    for (const e of endpoints) {
      const path = `${e.path}/additionalConfiguration`;
      const data = { device: device.name, endpoint: e.name };
      const security = securityOf(device, e) ?? {};
      const mode = security.securityMode;
      if (mode !== undefined && mode !== null && typeof mode !== 'string') throw new Error(`endpoints.inbound.${e.name} securityMode is not a string`);
      const m = typeof mode === 'string' ? mode.toLowerCase() : undefined;
      if (m === undefined) findings.push({ messageId: 'modeNotSet', data, path });
      else if (m === 'none') findings.push({ messageId: 'modeNone', data, path });
      else if (m === 'sign') findings.push({ messageId: 'signOnly', data: { ...data, mode: String(mode) }, path });
      else if (m !== 'signandencrypt') throw new Error(`endpoints.inbound.${e.name} securityMode ${JSON.stringify(mode)} is not a security mode`);
      const policy = security.securityPolicy;
      if (policy !== undefined && policy !== null) {
        if (typeof policy !== 'string') throw new Error(`endpoints.inbound.${e.name} securityPolicy is not a string`);
        const name = policy.startsWith(OPC_UA.securityPolicyPrefix) ? policy.slice(OPC_UA.securityPolicyPrefix.length) : policy;
        if (WEAK_POLICIES.has(name.toLowerCase())) findings.push({ messageId: 'weakPolicy', data: { ...data, policy: name }, path });
      }
    }
    return outcome(findings);
  },
});
