// LDAPv3 messages (RFC 4511) as plain data: encoders for the requests this client sends and a decoder for
// every response it may receive. No I/O here, so all of it is unit-tested with byte fixtures.
import {
  BerError,
  boolean,
  children,
  constructed,
  decodeOne,
  enumerated,
  integer,
  octetString,
  readBoolean,
  readInteger,
  readString,
  sequence,
  tlv,
  Tag,
  type Tlv,
} from './ber.js';
import { encodeFilter } from './filter.js';

export const Op = {
  bindRequest: 0x60,
  bindResponse: 0x61,
  unbindRequest: 0x42,
  searchRequest: 0x63,
  searchResultEntry: 0x64,
  searchResultDone: 0x65,
  searchResultReference: 0x73,
  abandonRequest: 0x50,
  extendedRequest: 0x77,
  extendedResponse: 0x78,
  intermediateResponse: 0x79,
} as const;

export const ResultCode = { success: 0, syncRefreshRequired: 4096 } as const;
export const START_TLS_OID = '1.3.6.1.4.1.1466.20037';
export const NOTICE_OF_DISCONNECTION_OID = '1.3.6.1.4.1.1466.20036';

export interface Control {
  type: string;
  critical: boolean;
  value?: Buffer;
}

export interface LdapResult {
  resultCode: number;
  matchedDN: string;
  diagnosticMessage: string;
}

export interface Attribute {
  type: string;
  values: Buffer[];
}

export type ProtocolOp =
  | { kind: 'bindResponse'; result: LdapResult }
  | { kind: 'searchResultEntry'; dn: string; attributes: Attribute[] }
  | { kind: 'searchResultReference'; uris: string[] }
  | { kind: 'searchResultDone'; result: LdapResult }
  | { kind: 'extendedResponse'; result: LdapResult; name?: string; value?: Buffer }
  | { kind: 'intermediateResponse'; name?: string; value?: Buffer }
  | { kind: 'other'; tag: number };

export interface LdapMessage {
  messageId: number;
  op: ProtocolOp;
  controls: Control[];
}

export type SearchScope = 'base' | 'one' | 'sub';

export interface SearchRequest {
  base: string;
  scope: SearchScope;
  filter: string;
  attributes: string[];
  sizeLimit?: number;
  timeLimit?: number;
}

function encodeControl(control: Control): Buffer {
  const parts = [octetString(control.type)];
  if (control.critical) parts.push(boolean(true));
  if (control.value) parts.push(octetString(control.value));
  return sequence(parts);
}

export function encodeMessage(messageId: number, op: Buffer, controls: Control[] = []): Buffer {
  const parts = [integer(messageId), op];
  if (controls.length > 0) parts.push(constructed(0xa0, controls.map(encodeControl)));
  return sequence(parts);
}

export function bindRequest(dn: string, password: string): Buffer {
  return constructed(Op.bindRequest, [integer(3), octetString(dn), octetString(password, 0x80)]);
}

export function unbindRequest(): Buffer {
  return tlv(Op.unbindRequest, Buffer.alloc(0));
}

export function abandonRequest(messageId: number): Buffer {
  return integer(messageId, Op.abandonRequest);
}

export function extendedRequest(oid: string, value?: Buffer): Buffer {
  const parts = [octetString(oid, 0x80)];
  if (value) parts.push(octetString(value, 0x81));
  return constructed(Op.extendedRequest, parts);
}

export function searchRequest(request: SearchRequest): Buffer {
  const scope = { base: 0, one: 1, sub: 2 }[request.scope];
  return constructed(Op.searchRequest, [
    octetString(request.base),
    enumerated(scope),
    enumerated(0), // neverDerefAliases
    integer(request.sizeLimit ?? 0),
    integer(request.timeLimit ?? 0),
    boolean(false),
    encodeFilter(request.filter),
    sequence(request.attributes.map((name) => octetString(name))),
  ]);
}

function decodeResult(parts: Tlv[]): LdapResult {
  if (parts.length < 3 || parts[0].tag !== Tag.enumerated) throw new BerError('malformed LDAPResult');
  return {
    resultCode: readInteger(parts[0].value),
    matchedDN: readString(parts[1].value),
    diagnosticMessage: readString(parts[2].value),
  };
}

function decodeControls(element: Tlv | undefined): Control[] {
  if (!element || element.tag !== 0xa0) return [];
  return children(element.value).map((control) => {
    const parts = children(control.value);
    const result: Control = { type: readString(parts[0].value), critical: false };
    for (const part of parts.slice(1)) {
      if (part.tag === Tag.boolean) result.critical = readBoolean(part.value);
      else if (part.tag === Tag.octetString) result.value = part.value;
    }
    return result;
  });
}

function decodeOp(element: Tlv): ProtocolOp {
  switch (element.tag) {
    case Op.bindResponse:
      return { kind: 'bindResponse', result: decodeResult(children(element.value)) };
    case Op.searchResultDone:
      return { kind: 'searchResultDone', result: decodeResult(children(element.value)) };
    case Op.searchResultEntry: {
      const [name, attributeList] = children(element.value);
      const attributes = children(attributeList.value).map((attribute) => {
        const [type, values] = children(attribute.value);
        return { type: readString(type.value), values: children(values.value).map((value) => value.value) };
      });
      return { kind: 'searchResultEntry', dn: readString(name.value), attributes };
    }
    case Op.searchResultReference:
      return { kind: 'searchResultReference', uris: children(element.value).map((uri) => readString(uri.value)) };
    case Op.extendedResponse: {
      const parts = children(element.value);
      const op: ProtocolOp = { kind: 'extendedResponse', result: decodeResult(parts) };
      for (const part of parts.slice(3)) {
        if (part.tag === 0x8a) op.name = readString(part.value);
        if (part.tag === 0x8b) op.value = part.value;
      }
      return op;
    }
    case Op.intermediateResponse: {
      const op: ProtocolOp = { kind: 'intermediateResponse' };
      for (const part of children(element.value)) {
        if (part.tag === 0x80) op.name = readString(part.value);
        if (part.tag === 0x81) op.value = part.value;
      }
      return op;
    }
    default:
      return { kind: 'other', tag: element.tag };
  }
}

/** Decodes one complete LDAPMessage (as framed by readTlv). */
export function decodeMessage(bytes: Buffer): LdapMessage {
  const message = decodeOne(bytes);
  if (message.tag !== Tag.sequence)
    throw new BerError(`LDAPMessage must be a SEQUENCE, got tag 0x${message.tag.toString(16)}`);
  const [id, op, controls] = children(message.value);
  if (!id || id.tag !== Tag.integer || !op) throw new BerError('LDAPMessage lacks messageID or protocolOp');
  return { messageId: readInteger(id.value), op: decodeOp(op), controls: decodeControls(controls) };
}
