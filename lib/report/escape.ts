/**
 * Escaping for the text-based reports. Manifests are hostile input: every name, message and
 * waiver reason that reaches a report passes through one of these.
 */

/**
 * Characters XML 1.0 does not allow at all (C0 controls other than tab, LF, CR; lone surrogates;
 * U+FFFE and U+FFFF). HTML parsers also choke on them, so both get the same treatment.
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text for XML element content or attribute values (both quotes escaped); disallowed characters become `\u{..}`. */
export function escapeXml(text: string): string {
  return escapeMarkup(text, '&apos;');
}

/** Text for HTML element content or quoted attribute values. */
export function escapeHtml(text: string): string {
  return escapeMarkup(text, '&#39;');
}

/** Disallowed characters as `\u{..}`, then `&`, `<`, `>` and `"` as entities and `'` as `apostrophe`. */
function escapeMarkup(text: string, apostrophe: string): string {
  return text
    .replace(NOT_XML, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, apostrophe);
}

/**
 * Text for a Markdown table cell or paragraph: Markdown punctuation is backslash-escaped, HTML
 * is neutralised with entities, and line breaks become spaces (a table row is one line).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes
 * doubled. A field that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`,
 * a tab or a carriage return) is prefixed with `'` so it stays text.
 */
export function csvField(value: string | number | undefined): string {
  let s = value === undefined ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
