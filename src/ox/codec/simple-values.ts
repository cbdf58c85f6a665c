// Typing the text of simple-typed elements from the schema: integers in range, booleans, dates as OX writes them,
// base64 without whitespace. Errors use OX's wording ("Please correct SOAP request.").
import { OxDecodeError } from '../errors.js';
import type { MemberMeta } from './metadata.js';
import { textOf, type RawNode, type Scope } from './xml-tree.js';

/** The error for an element whose text is not a value of its declared type. */
export function invalidValue(local: string, expected: string): OxDecodeError {
  return new OxDecodeError(`Invalid value in element "${local}": expected ${expected}. Please correct SOAP request.`);
}

const INTEGER = /^[+-]?\d+$/;
const DATE = /^(\d{4}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?$/;

/** The text of an element of a simple schema type, typed as the member declares (int, long, boolean, date, …). */
export function simpleValue(member: MemberMeta, local: string, children: RawNode[], scope: Scope): unknown {
  const raw = textOf(local, children, scope);
  switch (member.simple) {
    case 'int':
    case 'long': {
      const t = raw.trim();
      if (!INTEGER.test(t)) throw invalidValue(local, 'an integer');
      const n = Number(t);
      if (member.simple === 'int' && (n > 2147483647 || n < -2147483648)) throw invalidValue(local, 'a 32-bit integer');
      if (!Number.isSafeInteger(n)) throw invalidValue(local, 'an integer within ±2^53');
      return n;
    }
    case 'boolean': {
      const t = raw.trim();
      if (t === 'true' || t === '1') return true;
      if (t === 'false' || t === '0') return false;
      throw invalidValue(local, 'true or false');
    }
    case 'date': {
      // OX writes the JVM's zone offset after the date (docs/reference/ox-soap-types.md): 2016-04-18Z,
      // 1980-05-02+02:00.
      const m = DATE.exec(raw.trim());
      if (m === null) throw invalidValue(local, 'a date YYYY-MM-DD');
      return m[1];
    }
    case 'base64Binary':
      return raw.replace(/\s+/g, '');
    default:
      return raw;
  }
}
