// Minimal BER (X.690) encoding and decoding for the LDAPv3 subset this client speaks.
// Hand-written because no maintained npm BER library exposes IntermediateResponse or RFC 4533 controls
// (see docs/decisions/0040-own-ldap-client.md); it handles definite lengths only, as LDAP requires (RFC 4511 §5.1).

export const Tag = {
  boolean: 0x01,
  integer: 0x02,
  octetString: 0x04,
  enumerated: 0x0a,
  sequence: 0x30,
  set: 0x31,
} as const;

/** One decoded TLV: its tag byte and the bytes of its value. */
export interface Tlv {
  tag: number;
  value: Buffer;
}

export class BerError extends Error {
  override name = 'BerError';
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(value.length), value]);
}

export function constructed(tag: number, children: Buffer[]): Buffer {
  return tlv(tag, Buffer.concat(children));
}

export function sequence(children: Buffer[]): Buffer {
  return constructed(Tag.sequence, children);
}

export function octetString(value: string | Buffer, tag: number = Tag.octetString): Buffer {
  return tlv(tag, typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
}

export function boolean(value: boolean, tag: number = Tag.boolean): Buffer {
  return tlv(tag, Buffer.from([value ? 0xff : 0x00]));
}

/** Two's-complement minimal encoding (X.690 §8.3). */
export function integer(value: number, tag: number = Tag.integer): Buffer {
  if (!Number.isSafeInteger(value)) throw new BerError(`integer ${value} is out of range`);
  const bytes: number[] = [];
  let rest = value;
  do {
    bytes.unshift(rest & 0xff);
    rest = Math.floor(rest / 256);
  } while (rest !== 0 && rest !== -1);
  // Add a sign byte when the top bit disagrees with the sign.
  if (value >= 0 && (bytes[0] & 0x80) !== 0) bytes.unshift(0x00);
  if (value < 0 && (bytes[0] & 0x80) === 0) bytes.unshift(0xff);
  return tlv(tag, Buffer.from(bytes));
}

export function enumerated(value: number): Buffer {
  return integer(value, Tag.enumerated);
}

/**
 * Reads one TLV at `offset`. Returns null when `buffer` does not yet hold the whole element
 * (the caller waits for more bytes from the socket).
 */
export function readTlv(buffer: Buffer, offset = 0): { tlv: Tlv; next: number } | null {
  if (offset + 2 > buffer.length) return null;
  const tag = buffer[offset];
  if ((tag & 0x1f) === 0x1f) throw new BerError('multi-byte tags are not used by LDAP');
  let length = buffer[offset + 1];
  let cursor = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0) throw new BerError('indefinite lengths are not allowed in LDAP');
    if (count > 4) throw new BerError(`length of ${count} bytes is too large`);
    if (cursor + count > buffer.length) return null;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buffer[cursor + i];
    cursor += count;
  }
  if (cursor + length > buffer.length) return null;
  return { tlv: { tag, value: buffer.subarray(cursor, cursor + length) }, next: cursor + length };
}

/** Decodes a complete element; throws when bytes are missing or trail. */
export function decodeOne(buffer: Buffer): Tlv {
  const read = readTlv(buffer);
  if (!read) throw new BerError('truncated BER element');
  if (read.next !== buffer.length) throw new BerError('trailing bytes after BER element');
  return read.tlv;
}

/** The child elements of a constructed value. */
export function children(value: Buffer): Tlv[] {
  const out: Tlv[] = [];
  let offset = 0;
  while (offset < value.length) {
    const read = readTlv(value, offset);
    if (!read) throw new BerError('truncated element inside a constructed value');
    out.push(read.tlv);
    offset = read.next;
  }
  return out;
}

export function readInteger(value: Buffer): number {
  if (value.length === 0) throw new BerError('empty integer');
  if (value.length > 6) throw new BerError('integer too large');
  let unsigned = 0;
  for (const byte of value) unsigned = unsigned * 256 + byte;
  // Two's complement: a set top bit means the value is negative.
  const result = value[0] & 0x80 ? unsigned - 256 ** value.length : unsigned;
  return result;
}

export function readBoolean(value: Buffer): boolean {
  if (value.length !== 1) throw new BerError('boolean must be one byte');
  return value[0] !== 0;
}

export function readString(value: Buffer): string {
  return value.toString('utf8');
}
