/**
 * Schema-driven XML encoder. One generic walk over the precompiled type metadata writes every member in
 * propOrder; there is no per-operation XML anywhere (docs/decisions/0003 says why this is not XMLBuilder).
 * Tags are precompiled per member (metadata.ts), every text value goes through escapeXml.
 *
 * Requests and responses differ in what an unset member means, exactly as between a client and JAXB:
 * - request: `undefined` = not sent (OX: unchanged), `null` = `xsi:nil` (also unchanged,
 * docs/reference/ox-soap-contract.md);
 * - response: JAXB writes every nillable single member that is null as `xsi:nil`, so `undefined` and `null`
 *   both become `<x xsi:nil="true"/>`; non-nillable unset members and empty lists write nothing.
 */
import { NAMESPACES, type NamespaceKey } from '../schema/index.js';
import { escapeXml, isPlainText } from './xml-text.js';
import {
  complexType,
  FAULTS,
  operationMeta,
  REQUEST_DEFAULT_NS,
  type MemberMeta,
  type OperationMeta,
  type TypeMeta,
} from './metadata.js';

/** The envelope opening per service namespace, declaring every namespace an OX message can use. */
function envelopeOpen(serviceNs: NamespaceKey, defaultNs = ''): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope${defaultNs} xmlns:soap="${NAMESPACES.soapenv}" xmlns:xsi="${NAMESPACES.xsi}"` +
    ` xmlns:tns="${NAMESPACES[serviceNs]}" xmlns:do="${NAMESPACES.do}" xmlns:rmido="${NAMESPACES.rmido}"` +
    ` xmlns:exc="${NAMESPACES.exc}" xmlns:rmi="${NAMESPACES.rmi}"><soap:Body>`
  );
}
const ENVELOPE_OPEN = { tns: envelopeOpen('tns'), copy: envelopeOpen('copy') } as Record<NamespaceKey, string>;
// Requests also declare the data-object namespace as the default, so its members go unprefixed (metadata.ts
// requestTags). Not responses: a fault's faultcode/faultstring/detail are unqualified elements.
const REQUEST_DEFAULT = ` xmlns="${NAMESPACES[REQUEST_DEFAULT_NS]}"`;
const REQUEST_ENVELOPE_OPEN = {
  tns: envelopeOpen('tns', REQUEST_DEFAULT),
  copy: envelopeOpen('copy', REQUEST_DEFAULT),
} as Record<NamespaceKey, string>;
const ENVELOPE_CLOSE = '</soap:Body></soap:Envelope>';

const enum Mode {
  Request,
  Response,
}

/**
 * Where a value sits, for error messages only: the string is built when something is wrong, never per value
 * (a reply has ~140 members; a closure or a path string for each was a measurable share of the encode).
 */
function where(parent: () => string, member: MemberMeta, index: number, top: boolean): string {
  const base = top ? `${parent()} ${member.name}` : `${parent()}.${member.name}`;
  return index < 0 ? base : `${base}[${index}]`;
}

function simpleText(member: MemberMeta, value: unknown, parent: () => string, index: number, top: boolean): string {
  switch (member.simple) {
    case 'string':
    case 'base64Binary':
      if (typeof value !== 'string') break;
      return isPlainText(value) ? value : escapeXml(value, where(parent, member, index, top));
    case 'int':
    case 'long':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) break;
      return String(value);
    case 'boolean':
      if (typeof value !== 'boolean') break;
      return value ? 'true' : 'false';
    case 'date':
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) break;
      return value;
    case 'anyType':
      break;
  }
  throw new TypeError(
    `${where(parent, member, index, top)} must be ${describeSimple(member)}, got ${JSON.stringify(value)}`,
  );
}

function describeSimple(member: MemberMeta): string {
  switch (member.simple) {
    case 'int':
    case 'long':
      return 'an integer';
    case 'boolean':
      return 'true or false';
    case 'date':
      return 'a date YYYY-MM-DD';
    default:
      return 'a string';
  }
}

/**
 * One element for `value` of `member` (item `index` of a list, or -1), inside the object at `parent`; `top` for
 * the `return` of a response, whose path reads "Service.op return". Empty content is written as `<do:x/>`: the
 * same XML as `<do:x></do:x>`, and a reader's parser does less for it (a User carries ~70 empty strings).
 */
function element(
  member: MemberMeta,
  value: unknown,
  mode: Mode,
  parent: () => string,
  index: number,
  top = false,
): string {
  const tags = mode === Mode.Request ? member.requestTags : member;
  if (value === null || value === undefined) {
    // Non-nillable members have no way to say nil: JAXB omits them, so do we.
    return member.nillable ? tags.nilTag : '';
  }
  const inner =
    member.simple !== undefined
      ? simpleText(member, value, parent, index, top)
      : members(complexType(member.typeKey as string), value, mode, () => where(parent, member, index, top));
  return inner === '' ? tags.emptyTag : tags.open + inner + tags.close;
}

/** The members of one object in propOrder. `path` is only evaluated to word an error. */
function members(type: TypeMeta, value: unknown, mode: Mode, path: () => string): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${path()} must be an object (OX type ${type.xmlName})`);
  }
  const record = value as Record<string, unknown>;
  let known = 0;
  let out = '';
  for (const member of type.members) {
    const v = record[member.name];
    if (v !== undefined) known++;
    if (member.many) {
      if (v === undefined || v === null) continue;
      if (!Array.isArray(v)) out += element(member, v, mode, path, 0);
      else for (let i = 0; i < v.length; i++) out += element(member, v[i], mode, path, i);
    } else if (v !== undefined || mode === Mode.Response) {
      out += element(member, v, mode, path, -1);
    }
  }
  // Every defined key must be a member: a misspelt field must not vanish silently.
  if (known !== countDefined(record)) {
    for (const key in record) {
      if (record[key] !== undefined && !type.byName.has(key))
        throw new TypeError(
          `${path()} has no member "${key}" (OX type ${type.xmlName}); remove it or check the spelling`,
        );
    }
  }
  return out;
}

function countDefined(record: Record<string, unknown>): number {
  let n = 0;
  for (const key in record) if (record[key] !== undefined) n++;
  return n;
}

function requireOperation(service: string, operation: string): OperationMeta {
  const op = operationMeta(service, operation);
  if (op === undefined) throw new TypeError(`OX ${service} has no operation "${operation}"`);
  return op;
}

/** A request envelope for `service.operation` with the given arguments (keyed by request child name). */
export function encodeRequest(service: string, operation: string, args: object): string {
  const op = requireOperation(service, operation);
  const body = members(op.request, args, Mode.Request, () => `${service}.${operation}`);
  return `${REQUEST_ENVELOPE_OPEN[op.request.ns]}<tns:${operation}>${body}</tns:${operation}>${ENVELOPE_CLOSE}`;
}

/** A success response: `<opResponse>` with the `return` value(s), or an empty Body for bare operations. */
export function encodeResponse(service: string, operation: string, value: unknown): string {
  const op = requireOperation(service, operation);
  if (op.response === undefined) return ENVELOPE_OPEN[op.request.ns] + ENVELOPE_CLOSE;
  const ret = op.response;
  const parent = () => `${service}.${operation}`;
  let body = '';
  if (ret.many) {
    const list = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
    for (let i = 0; i < list.length; i++) body += element(ret, list[i], Mode.Response, parent, i, true);
  } else if (value !== undefined) {
    body = element(ret, value, Mode.Response, parent, -1, true);
  }
  return `${ENVELOPE_OPEN[op.request.ns]}<tns:${operation}Response>${body}</tns:${operation}Response>${ENVELOPE_CLOSE}`;
}

export interface FaultSpec {
  /** e.g. 'soap:Server' or 'soap:Client'. */
  faultCode: string;
  faultString: string;
  /** An OX exception name from the schema (adds OX's detail element), or undefined for no detail. */
  exceptionName?: string;
  /** Namespace of the fault wrapper elements: the service's (tns or copy). */
  serviceNs: NamespaceKey;
}

/**
 * A SOAP 1.1 fault shaped like OX's (docs/reference/ox-faults.md):
 * detail = <tns:X><tns:X><tns:Exception xsi:nil="true"/>[own members]</tns:X></tns:X>.
 */
export function encodeFault(fault: FaultSpec): string {
  let out =
    `${ENVELOPE_OPEN[fault.serviceNs] ?? envelopeOpen(fault.serviceNs)}<soap:Fault><faultcode>` +
    `${escapeXml(fault.faultCode, 'faultcode')}</faultcode><faultstring>` +
    `${escapeXml(fault.faultString, 'faultstring')}</faultstring>`;
  const meta = fault.exceptionName === undefined ? undefined : FAULTS.get(fault.exceptionName);
  if (meta !== undefined) {
    out += `<detail><tns:${meta.name}><tns:${meta.name}><tns:Exception xsi:nil="true"/>`;
    for (const member of meta.members) {
      // OX fills RemoteException's own `message` with the exception message (docs/reference/ox-faults.md);
      // InvalidDataException's `objectname` is normally null, so it stays nil.
      if (meta.name === 'RemoteException' && member.name === 'message')
        out += member.open + escapeXml(fault.faultString, 'faultstring') + member.close;
      else out += member.nilTag;
    }
    out += `</tns:${meta.name}></tns:${meta.name}></detail>`;
  }
  return `${out}</soap:Fault>${ENVELOPE_CLOSE}`;
}
