/**
 * MQTT topic filter rules (MQTT 3.1.1 section 4.7 and MQTT 5 section 4.7), plus the AIO broker's
 * authorization substitutions such as `{principal.clientId}`.
 */

const SUBSTITUTION = /\{([^{}]*)\}/g;
const KNOWN_SUBSTITUTION = /^principal\.(clientId|username|attributes\.[A-Za-z0-9_.-]+)$/;
const MAX_TOPIC_BYTES = 65535;

/**
 * Checks a topic filter as the broker's authorization rules take it. Returns what is wrong, or
 * `undefined` when the filter is valid.
 */
export function topicFilterProblem(filter: string): string | undefined {
  if (filter.length === 0) return 'is empty; a topic filter needs at least one character';
  if (Buffer.byteLength(filter, 'utf8') > MAX_TOPIC_BYTES) return `is longer than ${MAX_TOPIC_BYTES} bytes`;
  if (filter.includes('\u0000')) return 'contains the null character U+0000';
  const levels = filter.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    if (level.includes('#')) {
      if (level !== '#') return `has "#" inside level ${i + 1} ("${level}"); "#" must stand alone in its level`;
      if (i !== levels.length - 1) return `has "#" at level ${i + 1} of ${levels.length}; "#" is only allowed as the last level`;
    }
    if (level.includes('+') && level !== '+') {
      return `has "+" inside level ${i + 1} ("${level}"); "+" must stand alone in its level`;
    }
    for (const m of level.matchAll(SUBSTITUTION)) {
      if (!KNOWN_SUBSTITUTION.test(m[1])) {
        return `has an unknown substitution "{${m[1]}}"; use {principal.clientId}, {principal.username} or {principal.attributes.<name>}`;
      }
      // The broker only substitutes a token that is a whole level ("clients/{principal.clientId}/#").
      if (m[0] !== level) return `has the substitution "${m[0]}" inside level ${i + 1} ("${level}"); a substitution must be the whole level`;
    }
    const stripped = level.replace(SUBSTITUTION, '');
    if (stripped.includes('{') || stripped.includes('}')) return `has an unbalanced brace in level ${i + 1} ("${level}")`;
  }
  return undefined;
}

/**
 * True when a filter matches every topic it could (only wildcards, ending in `#`): `#`, `+/#`,
 * `+/+/#`, also as a shared subscription (`$share/g/#`). Such a grant is not least privilege.
 */
export function isEverythingFilter(filter: string): boolean {
  // A shared subscription ($share/<group>/<filter>) grants what its filter grants.
  const shared = /^\$share\/[^/]+\/(.*)$/.exec(filter);
  const levels = (shared ? shared[1] : filter).split('/');
  return levels[levels.length - 1] === '#' && levels.every((l) => l === '+' || l === '#');
}
