import type { JsonObject } from '../../model/resource';
import { LISTENER } from '../broker/common';
import { defineRule, outcome, type RuleFinding } from '../types';
import { automaticCertificatePorts, CERTIFICATE, CERTIFICATE_RULE_LIMITS as LIMITS, durationAt, objectAt } from './common';

type Message = 'leafTooLong' | 'caTooLong' | 'renewBeforeNotShorter' | 'renewalDisabled' | 'listenerTooLong' | 'listenerRenewBeforeNotShorter';

/** AS-2: certificates live briefly and renew before they expire. */
export const certificateLifetime = defineRule({
  name: 'certificate-lifetime',
  guidance: ['AS-2'],
  description:
    `cert-manager Certificates and listener certificates live at most ${LIMITS.leafMaxHours}h (CA certificates at most ${LIMITS.caMaxHours}h), ` +
    'renew before they expire, and keep renewal on.',
  rationale:
    'The broker has no revocation: a certificate whose key leaks stays valid until it expires, so a short lifetime is what limits the damage. ' +
    'cert-manager renews a certificate renewBefore ahead of its expiry; a renewBefore that is not shorter than the lifetime leaves no time in which the certificate is simply valid, ' +
    'and renewal policy Disabled lets the certificate expire and the service with it.',
  remediation:
    `Let EdgePki (certificate policy) and SecureBroker's certificates prop set the lifetimes: both stay within ${LIMITS.leafMaxHours}h for leaf certificates and renew after two thirds of the lifetime. ` +
    `By hand: duration at most ${LIMITS.leafMaxHours}h (${LIMITS.caMaxHours}h with isCA), renewBefore shorter than duration or unset (cert-manager then renews at two thirds), no renewal.policy Disabled.`,
  severity: { development: 'warning', production: 'error' },
  waivable: true,
  appliesTo: [CERTIFICATE, LISTENER],
  messages: {
    leafTooLong: 'Certificate {name} is valid for {duration}, longer than the {limit}h limit for leaf certificates.',
    caTooLong: 'CA Certificate {name} is valid for {duration}, longer than the {limit}h limit for CA certificates.',
    renewBeforeNotShorter: 'Certificate {name} renews {renewBefore} before expiry, which is not shorter than its lifetime {duration}.',
    renewalDisabled: 'Certificate {name} has renewal.policy Disabled, so cert-manager lets it expire.',
    listenerTooLong: 'Port {port} of listener {listener} requests certificates valid for {duration}, longer than the {limit}h limit.',
    listenerRenewBeforeNotShorter: 'Port {port} of listener {listener} renews its certificate {renewBefore} before expiry, which is not shorter than its lifetime {duration}.',
  },
  check(resource) {
    if (resource.kind === LISTENER.kind) {
      const ports = automaticCertificatePorts(resource);
      if (ports.length === 0) return { status: 'not-applicable', reason: 'no port requests a certificate from cert-manager' };
      const findings: RuleFinding<Message>[] = [];
      for (const p of ports) {
        const data = { port: p.number, listener: resource.name };
        const lifetime = lifetimeOf(p.spec, p.where);
        if (lifetime.seconds > LIMITS.leafMaxHours * 3600) {
          findings.push({ messageId: 'listenerTooLong', data: { ...data, duration: lifetime.duration, limit: LIMITS.leafMaxHours }, path: `${p.path}/duration` });
        }
        if (lifetime.renewBefore && lifetime.renewBefore.seconds >= lifetime.seconds) {
          findings.push({
            messageId: 'listenerRenewBeforeNotShorter',
            data: { ...data, renewBefore: lifetime.renewBefore.value, duration: lifetime.duration },
            path: `${p.path}/renewBefore`,
          });
        }
      }
      return outcome(findings);
    }

    const spec = resource.spec;
    const isCA = spec.isCA ?? false;
    if (typeof isCA !== 'boolean') throw new Error(`spec.isCA ${JSON.stringify(isCA)} is not true or false`);
    const percentage = spec.renewBeforePercentage;
    if (percentage !== undefined && percentage !== null) {
      if (typeof percentage !== 'number' || !Number.isInteger(percentage) || percentage <= 0 || percentage >= 100) {
        throw new Error(`spec.renewBeforePercentage ${JSON.stringify(percentage)} is not a whole number between 1 and 99`);
      }
      if (spec.renewBefore !== undefined && spec.renewBefore !== null) throw new Error('spec.renewBefore and spec.renewBeforePercentage are both set; cert-manager accepts one');
    }
    const findings: RuleFinding<Message>[] = [];
    const data = { name: resource.name };
    const lifetime = lifetimeOf(spec, 'spec');
    const limit = isCA ? LIMITS.caMaxHours : LIMITS.leafMaxHours;
    if (lifetime.seconds > limit * 3600) {
      findings.push({ messageId: isCA ? 'caTooLong' : 'leafTooLong', data: { ...data, duration: lifetime.duration, limit }, path: '/spec/duration' });
    }
    if (lifetime.renewBefore && lifetime.renewBefore.seconds >= lifetime.seconds) {
      findings.push({ messageId: 'renewBeforeNotShorter', data: { ...data, renewBefore: lifetime.renewBefore.value, duration: lifetime.duration }, path: '/spec/renewBefore' });
    }
    const renewal = objectAt(spec, 'renewal', 'spec.renewal');
    const policy = renewal?.policy;
    if (policy !== undefined && policy !== null && policy !== 'RenewBefore' && policy !== 'Disabled') {
      throw new Error(`spec.renewal.policy ${JSON.stringify(policy)} is neither RenewBefore nor Disabled`);
    }
    if (policy === 'Disabled') findings.push({ messageId: 'renewalDisabled', data, path: '/spec/renewal/policy' });
    return outcome(findings);
  },
});

interface Lifetime {
  readonly seconds: number;
  /** As written, or cert-manager's default. */
  readonly duration: string;
  readonly renewBefore?: { readonly seconds: number; readonly value: string };
}

/** `duration` (cert-manager's 90 days when unset) and `renewBefore` of a certificate spec. */
function lifetimeOf(spec: JsonObject, where: string): Lifetime {
  const seconds = durationAt(spec, 'duration', where);
  const renew = durationAt(spec, 'renewBefore', where);
  return {
    seconds: seconds ?? LIMITS.defaultDurationHours * 3600,
    duration: seconds === undefined ? `${LIMITS.defaultDurationHours}h (cert-manager's default)` : String(spec.duration),
    ...(renew === undefined ? {} : { renewBefore: { seconds: renew, value: String(spec.renewBefore) } }),
  };
}
