import type { Waiver } from './resource';

/** The shortest reason a waiver may give. */
export const MIN_WAIVER_REASON_LENGTH = 20;

const PLACEHOLDER_REASONS = /^(todo|tbd|n\/?a|none|fixme|because|temp(orary)?|test(ing)?|wip|ok|ignore|later|\.+|-+)$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD` as the end of that day, UTC; undefined when it is not a real date. */
export function parseExpiry(expires: string): Date | undefined {
  const m = ISO_DATE.exec(expires);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d, 23, 59, 59, 999));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return date;
}

/** The fields of a waiver; any other key is an error (a misspelt `path` must not widen a waiver). */
export const WAIVER_FIELDS = ['rule', 'target', 'path', 'reason', 'owner', 'expires'] as const;

/** True for a JSON pointer below the root (`/spec/ports/1`). */
export function isJsonPointer(s: string): boolean {
  return /^(\/([^~/]|~[01])*)+$/.test(s);
}

/**
 * What is wrong with a waiver as the rules engine receives it (from a waivers file, props or an
 * annotation alike): an unknown field (a misspelt `path` must not widen it), a malformed path, or
 * one of `waiverProblem`'s. `[field, problem, fix]`, or undefined when it is well formed.
 */
export function waiverShapeProblem(w: Partial<Waiver>): [field: string, problem: string, fix: string] | undefined {
  const unknown = Object.keys(w).find((k) => !(WAIVER_FIELDS as readonly string[]).includes(k));
  if (unknown !== undefined) return [unknown, 'is not a waiver field', `Use ${WAIVER_FIELDS.join(', ')}`];
  if (w.path !== undefined && (typeof w.path !== 'string' || !isJsonPointer(w.path))) {
    return ['path', 'is not a JSON pointer', 'Give a JSON pointer inside the object, e.g. "/spec/ports/1", or leave path out'];
  }
  return waiverProblem(w);
}

/**
 * What is wrong with the accountable fields of a waiver or an opt-out (reason, owner, expiry; not
 * whether it has expired), as `[field, problem, fix]`, or undefined when they are well formed.
 */
export function waiverProblem(w: Partial<Waiver>): [field: keyof Waiver, problem: string, fix: string] | undefined {
  const reason = typeof w.reason === 'string' ? w.reason.trim() : '';
  if (reason.length < MIN_WAIVER_REASON_LENGTH || PLACEHOLDER_REASONS.test(reason)) {
    return ['reason', 'is not a substantive reason', `Say why the risk is accepted and what limits it, in at least ${MIN_WAIVER_REASON_LENGTH} characters`];
  }
  if (typeof w.owner !== 'string' || w.owner.trim() === '') {
    return ['owner', 'is missing', 'Name the person or team that accepts the risk'];
  }
  if (typeof w.expires !== 'string' || !parseExpiry(w.expires)) {
    return ['expires', 'is not a date', 'Give the last day the waiver applies as YYYY-MM-DD'];
  }
  return undefined;
}

/** True when the waiver's expiry day has passed at `now`. */
export function isExpired(w: Waiver, now: Date): boolean {
  const expiry = parseExpiry(w.expires);
  return expiry === undefined || expiry.getTime() < now.getTime();
}
