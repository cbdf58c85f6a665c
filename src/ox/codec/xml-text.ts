/**
 * Escaping of text for XML output, and decoding of the only entities XML itself defines. DTD-declared
 * entities are never expanded: documents with a DOCTYPE are refused before parsing (see decode.ts), and any
 * other `&name;` reference is an error.
 */
import { OxDecodeError } from '../errors.js';

const NEEDS_ESCAPE = /[&<>"'\r]/;
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
};
// Characters XML 1.0 cannot carry at all (control characters other than tab, LF, CR; lone surrogates; U+FFFE/F).
const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// One scan for the common case: no character that needs escaping or checking (surrogates included, so
// strings with astral characters take the careful path).
// eslint-disable-next-line no-control-regex
const PLAIN_TEXT_EXCEPT = /[&<>"'\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** True when `value` can be written as it is: nothing to escape, nothing XML cannot carry (one regex scan). */
export function isPlainText(value: string): boolean {
  return !PLAIN_TEXT_EXCEPT.test(value);
}

/** Escapes a text or attribute value. Throws for characters no XML 1.0 document can contain. */
export function escapeXml(value: string, what: string): string {
  if (!PLAIN_TEXT_EXCEPT.test(value)) return value;
  if (NOT_XML.test(value)) {
    throw new TypeError(`${what} contains a control character that XML cannot carry; remove it from the value`);
  }
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[&<>"'\r]/g, (c) => ESCAPES[c]);
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REFERENCE = /&([^;&\s]*);?/g;

/** Replaces the XML predefined entities and character references; anything else is refused. */
export function decodeEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(REFERENCE, (whole, ref: string) => {
    if (!whole.endsWith(';'))
      throw new OxDecodeError(`Invalid character reference "${whole}". Please correct SOAP request.`);
    if (ref in PREDEFINED) return PREDEFINED[ref];
    const code = ref.startsWith('#x')
      ? parseInt(ref.slice(2), 16)
      : ref.startsWith('#')
        ? parseInt(ref.slice(1), 10)
        : NaN;
    if (Number.isInteger(code) && code > 0 && code <= 0x10ffff) return String.fromCodePoint(code);
    throw new OxDecodeError(
      `Entity "${whole}" is not allowed (no DTD entities are expanded). Please correct SOAP request.`,
    );
  });
}
