import { AIO } from '../../model/aio';
import { defineRule, outcome, type RuleFinding } from '../types';
import { isAioDefaultPort, LISTENER, listenerPorts, stringField } from './common';

/** ED-4: AIO's own internal port has no authorization; say so, and what limits the risk. */
export const aioDefaultPortAuthorization = defineRule({
  name: 'aio-default-port-authorization',
  guidance: ['ED-4', 'CN-7'],
  description: `AIO's built-in port ${AIO.defaultListener.port} (listener "default") is reported when it has no authorization, at info severity.`,
  rationale:
    `AIO creates listener "default" with port ${AIO.defaultListener.port}, TLS and service account token authentication (audience ${AIO.internalAudience}) but no authorization, ` +
    'and Microsoft\'s docs say to leave it unchanged because AIO\'s own components use it. Any workload that obtains a token with that audience may use every topic. ' +
    'The port is only reachable inside the cluster; what keeps the risk small is who can reach it.',
  remediation:
    'Leave the listener as AIO made it; put your own clients on SecureBroker listeners with least-privilege authorization, and restrict which pods can reach ' +
    `port ${AIO.defaultListener.port} with network segmentation (CN-7).`,
  severity: { development: 'info', production: 'info' },
  waivable: true,
  appliesTo: [LISTENER],
  messages: {
    aioDefaultPort: `AIO's built-in port {port} of listener {listener} has no authorization; any workload with an ${AIO.internalAudience} token may use every topic. Restrict who can reach it (CN-7).`,
  },
  check(listener) {
    const ports = listenerPorts(listener).filter((p) => isAioDefaultPort(listener, p));
    if (ports.length === 0) return { status: 'not-applicable', reason: `not AIO's built-in listener port ${AIO.defaultListener.port}` };
    const findings: RuleFinding<'aioDefaultPort'>[] = ports
      .filter((p) => !stringField(p.port, 'authorizationRef'))
      .map((p) => ({ messageId: 'aioDefaultPort', data: { port: p.number, listener: listener.name }, path: p.path }));
    return outcome(findings);
  },
});
