// RFC 4515 string filters → RFC 4511 Filter BER. Covers and/or/not, equality, presence, substrings,
// >=, <= and ~=; extensible matching is rejected with a clear message (no OX use case needs it).
import { constructed, octetString, sequence } from './ber.js';

export class FilterError extends Error {
  override name = 'FilterError';
}

export function encodeFilter(text: string): Buffer {
  const parser = new Parser(text.trim());
  const wrapped = parser.text.startsWith('(') ? parser.text : `(${parser.text})`;
  parser.text = wrapped;
  const encoded = parser.filter();
  if (parser.pos !== parser.text.length) parser.fail('unexpected text after the filter');
  return encoded;
}

/** Checks a filter for syntax only; returns an error message or null. */
export function filterSyntaxError(text: string): string | null {
  try {
    encodeFilter(text);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

class Parser {
  pos = 0;
  constructor(public text: string) {}

  fail(message: string): never {
    throw new FilterError(`LDAP filter "${this.text}" is invalid at position ${this.pos}: ${message}`);
  }

  expect(char: string): void {
    if (this.text[this.pos] !== char) this.fail(`expected "${char}"`);
    this.pos++;
  }

  filter(): Buffer {
    this.expect('(');
    const char = this.text[this.pos];
    let result: Buffer;
    if (char === '&' || char === '|') {
      this.pos++;
      const parts: Buffer[] = [];
      while (this.text[this.pos] === '(') parts.push(this.filter());
      if (parts.length === 0) this.fail(`"${char}" needs at least one filter`);
      result = constructed(char === '&' ? 0xa0 : 0xa1, parts);
    } else if (char === '!') {
      this.pos++;
      result = constructed(0xa2, [this.filter()]);
    } else {
      result = this.item();
    }
    this.expect(')');
    return result;
  }

  item(): Buffer {
    const match = /^([A-Za-z0-9][A-Za-z0-9;.-]*)(=|>=|<=|~=|:)/.exec(this.text.slice(this.pos));
    if (!match) this.fail('expected an attribute description followed by an operator');
    const [, attribute, operator] = match;
    if (operator === ':') this.fail('extensible matching is not supported');
    this.pos += match[0].length;
    const end = this.text.indexOf(')', this.pos);
    if (end < 0) this.fail('missing ")"');
    const raw = this.text.slice(this.pos, end);
    if (raw.includes('(')) this.fail('unescaped "(" in a value');
    this.pos = end;
    if (operator === '=' && raw === '*') return octetString(attribute, 0x87);
    if (operator === '=' && raw.includes('*')) return this.substrings(attribute, raw);
    const tag = { '=': 0xa3, '>=': 0xa5, '<=': 0xa6, '~=': 0xa8 }[operator] as number;
    return constructed(tag, [octetString(attribute), octetString(this.unescape(raw))]);
  }

  substrings(attribute: string, raw: string): Buffer {
    const pieces = raw.split('*');
    const parts: Buffer[] = [];
    pieces.forEach((piece, index) => {
      if (piece === '') return;
      const tag = index === 0 ? 0x80 : index === pieces.length - 1 ? 0x82 : 0x81;
      parts.push(octetString(this.unescape(piece), tag));
    });
    return constructed(0xa4, [octetString(attribute), sequence(parts)]);
  }

  unescape(raw: string): Buffer {
    const bytes: number[] = [];
    for (let i = 0; i < raw.length; i++) {
      if (raw[i] === '\\') {
        const hex = raw.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) this.fail(`bad escape "\\${hex}" (use \\XX hex pairs)`);
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else {
        bytes.push(...Buffer.from(raw[i], 'utf8'));
      }
    }
    return Buffer.from(bytes);
  }
}
