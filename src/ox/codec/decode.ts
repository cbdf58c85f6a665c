/**
 * Schema-driven XML decoder on top of fast-xml-parser (order-preserving mode). The parser only tokenizes;
 * namespaces are resolved here, values are typed from the schema, and — in strict mode (the emulator) —
 * unknown elements, wrong namespaces and missing required members are refused with OX's wording.
 *
 * Safety: any document with a DOCTYPE is refused before parsing, so no DTD is read and no declared entity
 * can be expanded; only the five predefined entities and character references are decoded (xml-text.ts).
 */
import { XMLParser } from 'fast-xml-parser';
import { NAMESPACES } from '../schema/index.js';
import { OxDecodeError } from '../errors.js';
import { decodeEntities } from './xml-text.js';
import {
  complexType,
  serviceMeta,
  operationMeta,
  type MemberMeta,
  type OperationMeta,
  type TypeMeta,
} from './metadata.js';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  cdataPropName: '#cdata',
  commentPropName: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** fast-xml-parser's order-preserving node: `{ tagName: children, ':@'?: attributes }` or a text node. */
type RawNode = Record<string, unknown>;
type Scope = Record<string, string>;

/** One element with its namespace resolved. */
export interface XmlElement {
  readonly local: string;
  readonly nsUri: string;
  readonly children: RawNode[];
  readonly attributes: Record<string, string> | undefined;
  readonly scope: Scope;
}

const ROOT_SCOPE: Scope = Object.freeze({ xml: 'http://www.w3.org/XML/1998/namespace' }) as Scope;

function elementOf(node: RawNode, parentScope: Scope): XmlElement | undefined {
  let tag: string | undefined;
  for (const key in node) {
    if (key !== ':@') {
      tag = key;
      break;
    }
  }
  if (tag === undefined || tag === '#text' || tag === '#cdata') return undefined;
  const attributes = node[':@'] as Record<string, string> | undefined;
  let scope = parentScope;
  if (attributes !== undefined) {
    for (const name in attributes) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (scope === parentScope) scope = Object.create(parentScope) as Scope;
        scope[name === 'xmlns' ? '' : name.slice(6)] = decodeEntities(attributes[name]);
      }
    }
  }
  const colon = tag.indexOf(':');
  const prefix = colon < 0 ? '' : tag.slice(0, colon);
  const nsUri = scope[prefix];
  if (nsUri === undefined && prefix !== '')
    throw new OxDecodeError(`Undeclared namespace prefix "${prefix}" on element "${tag}"`);
  return {
    local: colon < 0 ? tag : tag.slice(colon + 1),
    nsUri: nsUri ?? '',
    children: node[tag] as RawNode[],
    attributes,
    scope,
  };
}

/** The child elements of an element; non-blank text between them is an error. */
function childElements(el: XmlElement): XmlElement[] {
  const result: XmlElement[] = [];
  for (const node of el.children) {
    const child = elementOf(node, el.scope);
    if (child !== undefined) result.push(child);
    else if (
      typeof node['#cdata'] !== 'undefined' ||
      (typeof node['#text'] === 'string' && node['#text'].trim() !== '')
    ) {
      throw new OxDecodeError(`Unexpected text inside element "${el.local}". Please correct SOAP request.`);
    }
  }
  return result;
}

function isNil(el: XmlElement): boolean {
  const attrs = el.attributes;
  if (attrs === undefined) return false;
  for (const name in attrs) {
    const colon = name.indexOf(':');
    if (colon > 0 && name.slice(colon + 1) === 'nil' && el.scope[name.slice(0, colon)] === NAMESPACES.xsi) {
      const v = attrs[name].trim();
      return v === 'true' || v === '1';
    }
  }
  return false;
}

function textOf(el: XmlElement): string {
  let text = '';
  for (const node of el.children) {
    if (typeof node['#text'] === 'string') text += decodeEntities(node['#text']);
    else if (node['#cdata'] !== undefined) {
      for (const part of node['#cdata'] as RawNode[]) text += String(part['#text'] ?? '');
    } else if (elementOf(node, el.scope) !== undefined) {
      throw new OxDecodeError(
        `Element "${el.local}" must contain a simple value, not child elements. Please correct SOAP request.`,
      );
    }
  }
  return text;
}

function invalidValue(el: XmlElement, expected: string): OxDecodeError {
  return new OxDecodeError(
    `Invalid value in element "${el.local}": expected ${expected}. Please correct SOAP request.`,
  );
}

function simpleValue(member: MemberMeta, el: XmlElement): unknown {
  const raw = textOf(el);
  switch (member.simple) {
    case 'int':
    case 'long': {
      const t = raw.trim();
      if (!/^[+-]?\d+$/.test(t)) throw invalidValue(el, 'an integer');
      const n = Number(t);
      if (member.simple === 'int' && (n > 2147483647 || n < -2147483648)) throw invalidValue(el, 'a 32-bit integer');
      return n;
    }
    case 'boolean': {
      const t = raw.trim();
      if (t === 'true' || t === '1') return true;
      if (t === 'false' || t === '0') return false;
      throw invalidValue(el, 'true or false');
    }
    case 'date': {
      // OX writes the JVM's zone offset after the date (contract §3): 2016-04-18Z, 1980-05-02+02:00.
      const m = /^(\d{4}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?$/.exec(raw.trim());
      if (m === null) throw invalidValue(el, 'a date YYYY-MM-DD');
      return m[1];
    }
    case 'base64Binary':
      return raw.replace(/\s+/g, '');
    default:
      return raw;
  }
}

export interface DecodeOptions {
  /** Refuse unknown elements and wrong namespaces (emulator); otherwise skip them (client, for newer OX). */
  strict: boolean;
}

function unexpected(el: XmlElement): OxDecodeError {
  return new OxDecodeError(
    el.nsUri === ''
      ? `Unexpected element "${el.local}". Please remove that element from SOAP request.`
      : `Unexpected element "${el.local}" (URI=${el.nsUri}). Please remove that element from SOAP request.`,
  );
}

function memberValue(member: MemberMeta, el: XmlElement, options: DecodeOptions): unknown {
  if (isNil(el)) {
    if (!member.nillable && options.strict) throw invalidValue(el, 'a value (this element is not nillable)');
    return null;
  }
  if (member.simple !== undefined) return simpleValue(member, el);
  return decodeObject(complexType(member.typeKey as string), el, options);
}

/** Decodes the children of `el` as members of `type`. */
export function decodeObject(type: TypeMeta, el: XmlElement, options: DecodeOptions): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const child of childElements(el)) {
    const member = type.byName.get(child.local);
    if (member === undefined || (options.strict && child.nsUri !== member.nsUri)) {
      if (options.strict) throw unexpected(child);
      continue;
    }
    const value = memberValue(member, child, options);
    if (member.many) {
      const list = (result[member.name] as unknown[] | undefined) ?? (result[member.name] = []);
      // A nil item carries nothing: a list holds values only.
      if (value !== null) list.push(value);
    } else if (member.name in result) {
      if (options.strict)
        throw new OxDecodeError(
          `Element "${child.local}" may occur only once in "${el.local}". Please correct SOAP request.`,
        );
    } else {
      result[member.name] = value;
    }
  }
  for (const member of type.members) {
    if (member.required && !(member.name in result)) {
      if (options.strict)
        throw new OxDecodeError(
          `Missing mandatory element "${member.name}" in "${el.local}". Please correct SOAP request.`,
        );
    }
  }
  return result;
}

/** Parses a SOAP 1.1 envelope and returns the first element of its Body. */
export function parseBody(xml: string): XmlElement | undefined {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    throw new OxDecodeError('XML with a DOCTYPE or entity declarations is not accepted.');
  }
  let nodes: RawNode[];
  try {
    nodes = parser.parse(xml) as RawNode[];
  } catch (error) {
    throw new OxDecodeError(`Malformed XML: ${(error as Error).message}`);
  }
  let envelope: XmlElement | undefined;
  for (const node of nodes) {
    envelope = elementOf(node, ROOT_SCOPE);
    if (envelope !== undefined) break;
  }
  if (envelope === undefined || envelope.local !== 'Envelope' || envelope.nsUri !== NAMESPACES.soapenv) {
    throw new OxDecodeError(`Expected a SOAP 1.1 Envelope (namespace ${NAMESPACES.soapenv}).`);
  }
  const body = childElements(envelope).find((c) => c.local === 'Body' && c.nsUri === NAMESPACES.soapenv);
  if (body === undefined) throw new OxDecodeError('The SOAP Envelope has no Body.');
  return childElements(body)[0];
}

export interface DecodedRequest {
  operation: OperationMeta;
  args: Record<string, unknown>;
}

/** Strictly decodes a request for `service` (emulator side). Dispatch is by the Body child, as OX does. */
export function decodeRequest(service: string, xml: string): DecodedRequest {
  const svc = serviceMeta(service);
  if (svc === undefined) throw new OxDecodeError(`No such service ${service}.`);
  const first = parseBody(xml);
  if (first === undefined) throw new OxDecodeError('The SOAP Body is empty; expected an operation element.');
  const operation = svc.operations.get(first.local);
  if (operation === undefined || first.nsUri !== svc.nsUri) {
    throw new OxDecodeError(
      operation === undefined
        ? `Unexpected element "${first.local}" (URI=${first.nsUri}): ${service} has no such operation. Please remove that element from SOAP request.`
        : `Unexpected element "${first.local}" (URI=${first.nsUri}): operations of ${service} are in namespace ${svc.nsUri}.`,
    );
  }
  return { operation, args: decodeObject(operation.request, first, { strict: true }) };
}

export interface DecodedFault {
  faultCode: string;
  faultString: string;
  exceptionName: string | undefined;
}

export type DecodedResponse = { ok: true; value: unknown } | { ok: false; fault: DecodedFault };

function faultOf(el: XmlElement): DecodedFault {
  let faultCode = '';
  let faultString = '';
  let exceptionName: string | undefined;
  for (const child of childElements(el)) {
    if (child.local === 'faultcode') faultCode = textOf(child).trim();
    else if (child.local === 'faultstring') faultString = textOf(child);
    else if (child.local === 'detail') exceptionName = childElements(child)[0]?.local;
  }
  return { faultCode, faultString, exceptionName };
}

/** Leniently decodes a response to `service.operation` (client side): the `return` value or the fault. */
export function decodeResponse(service: string, operation: string, xml: string): DecodedResponse {
  const op = operationMeta(service, operation);
  if (op === undefined) throw new TypeError(`OX ${service} has no operation "${operation}"`);
  const first = parseBody(xml);
  if (first !== undefined && first.local === 'Fault' && first.nsUri === NAMESPACES.soapenv)
    return { ok: false, fault: faultOf(first) };
  if (op.response === undefined || op.responseType === undefined) return { ok: true, value: undefined };
  if (first === undefined || first.local !== `${operation}Response`) {
    throw new OxDecodeError(
      `Expected <${operation}Response> in the answer to ${service}.${operation}, got ${first ? `<${first.local}>` : 'an empty Body'}`,
    );
  }
  const holder = decodeObject(op.responseType, first, { strict: false });
  const value = holder.return;
  if (op.response.many) return { ok: true, value: value ?? [] };
  return { ok: true, value };
}

/** Decodes a standalone response/fault envelope without knowing the operation (fault detection only). */
export function decodeFaultOnly(xml: string): DecodedFault | undefined {
  const first = parseBody(xml);
  return first !== undefined && first.local === 'Fault' && first.nsUri === NAMESPACES.soapenv
    ? faultOf(first)
    : undefined;
}
