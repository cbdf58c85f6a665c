/**
 * Schema-driven XML decoder on top of fast-xml-parser (order-preserving mode). The parser only tokenizes;
 * namespaces are resolved here, values are typed from the schema, and — in strict mode (the emulator) —
 * unknown elements, wrong namespaces and missing required members are refused with OX's wording.
 *
 * Safety: any document with a DOCTYPE is refused before parsing, so no DTD is read and no declared entity
 * can be expanded; only the five predefined entities and character references are decoded (xml-text.ts).
 *
 * Speed (docs/decisions/0110): the parse dominates, so the parser is configured to do as little as possible
 * (no value parsing, no entity processing, no path strings), and the walk below allocates nothing per element
 * beyond the decoded values: it reads fast-xml-parser's nodes directly, creates a namespace scope only where
 * an element declares namespaces, and looks members up in the precompiled per-type maps.
 */
import { XMLParser } from 'fast-xml-parser';
import { NAMESPACES } from '../schema/index.js';
import { OxDecodeError } from '../errors.js';
import { decodeEntities } from './xml-text.js';
import { projectReturn } from './projection.js';
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
  // Hand callbacks the path matcher instead of building a path string for every element (~10% of a parse).
  jPath: false,
});

/** fast-xml-parser's order-preserving node: `{ tagName: children, ':@'?: attributes }` or a text node. */
type RawNode = Record<string, unknown>;
type Attributes = Record<string, string>;
type Scope = Record<string, string>;

/** One element with its namespace resolved. */
export interface XmlElement {
  readonly local: string;
  readonly nsUri: string;
  readonly children: RawNode[];
  readonly attributes: Attributes | undefined;
  readonly scope: Scope;
}

const ROOT_SCOPE: Scope = Object.freeze({ xml: 'http://www.w3.org/XML/1998/namespace' }) as Scope;

/** The tag of a node (its only key besides ':@'), or undefined for text/CDATA nodes. */
function tagOf(node: RawNode): string | undefined {
  for (const key in node) {
    if (key === ':@') continue;
    return key === '#text' || key === '#cdata' ? undefined : key;
  }
  return undefined;
}

/** The scope in force inside an element: the parent's, or a child scope if the element declares namespaces. */
function scopeOf(attributes: Attributes | undefined, parentScope: Scope): Scope {
  let scope = parentScope;
  if (attributes !== undefined) {
    for (const name in attributes) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (scope === parentScope) scope = Object.create(parentScope) as Scope;
        scope[name === 'xmlns' ? '' : name.slice(6)] = decodeEntities(attributes[name]);
      }
    }
  }
  return scope;
}

/** A tag split into prefix and local name. */
interface TagName {
  readonly tag: string;
  readonly prefix: string;
  readonly local: string;
}

// Documents repeat the same few hundred tags; splitting each once (and reusing the same strings, whose hashes
// V8 then keeps) makes the member and namespace lookups cheap. Bounded, so hostile input cannot grow it.
const TAG_NAMES = new Map<string, TagName>();
const TAG_NAMES_LIMIT = 4096;

function tagName(tag: string): TagName {
  let name = TAG_NAMES.get(tag);
  if (name === undefined) {
    const colon = tag.indexOf(':');
    name = { tag, prefix: colon < 0 ? '' : tag.slice(0, colon), local: colon < 0 ? tag : tag.slice(colon + 1) };
    if (TAG_NAMES.size < TAG_NAMES_LIMIT) TAG_NAMES.set(tag, name);
  }
  return name;
}

function namespaceOf(name: TagName, scope: Scope): string {
  const nsUri = scope[name.prefix];
  if (nsUri === undefined && name.prefix !== '')
    throw new OxDecodeError(`Undeclared namespace prefix "${name.prefix}" on element "${name.tag}"`);
  return nsUri ?? '';
}

function elementOf(node: RawNode, parentScope: Scope): XmlElement | undefined {
  const tag = tagOf(node);
  if (tag === undefined) return undefined;
  const attributes = node[':@'] as Attributes | undefined;
  const scope = scopeOf(attributes, parentScope);
  const name = tagName(tag);
  return {
    local: name.local,
    nsUri: namespaceOf(name, scope),
    children: node[tag] as RawNode[],
    attributes,
    scope,
  };
}

function isBlankText(node: RawNode): boolean {
  const text = node['#text'];
  return node['#cdata'] === undefined && (typeof text !== 'string' || text.trim() === '');
}

/** The child elements of an element; non-blank text between them is an error. */
function childElements(el: XmlElement): XmlElement[] {
  const result: XmlElement[] = [];
  for (const node of el.children) {
    const child = elementOf(node, el.scope);
    if (child !== undefined) result.push(child);
    else if (!isBlankText(node)) {
      throw new OxDecodeError(`Unexpected text inside element "${el.local}". Please correct SOAP request.`);
    }
  }
  return result;
}

function isNil(attributes: Attributes | undefined, scope: Scope): boolean {
  if (attributes === undefined) return false;
  for (const name in attributes) {
    // Most elements of a reply are nil: test the name without cutting strings, and take the prefix from the
    // bounded cache of split names.
    if (!name.endsWith(':nil') || name.length < 5) continue;
    const split = tagName(name);
    if (split.local === 'nil' && scope[split.prefix] === NAMESPACES.xsi) {
      const v = attributes[name].trim();
      return v === 'true' || v === '1';
    }
  }
  return false;
}

function textOf(local: string, children: RawNode[], scope: Scope): string {
  // The common case: one text node.
  if (children.length === 1 && typeof children[0]['#text'] === 'string') return decodeEntities(children[0]['#text']);
  let text = '';
  for (const node of children) {
    if (typeof node['#text'] === 'string') text += decodeEntities(node['#text']);
    else if (node['#cdata'] !== undefined) {
      for (const part of node['#cdata'] as RawNode[]) text += String(part['#text'] ?? '');
    } else if (elementOf(node, scope) !== undefined) {
      throw new OxDecodeError(
        `Element "${local}" must contain a simple value, not child elements. Please correct SOAP request.`,
      );
    }
  }
  return text;
}

function invalidValue(local: string, expected: string): OxDecodeError {
  return new OxDecodeError(`Invalid value in element "${local}": expected ${expected}. Please correct SOAP request.`);
}

const INTEGER = /^[+-]?\d+$/;
const DATE = /^(\d{4}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?$/;

function simpleValue(member: MemberMeta, local: string, children: RawNode[], scope: Scope): unknown {
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

export interface DecodeOptions {
  /** Refuse unknown elements and wrong namespaces (emulator); otherwise skip them (client, for newer OX). */
  strict: boolean;
}

function unexpected(local: string, nsUri: string): OxDecodeError {
  return new OxDecodeError(
    nsUri === ''
      ? `Unexpected element "${local}". Please remove that element from SOAP request.`
      : `Unexpected element "${local}" (URI=${nsUri}). Please remove that element from SOAP request.`,
  );
}

/** Decodes the child nodes of an element named `parentLocal` as the members of `type`. */
function decodeMembers(
  type: TypeMeta,
  parentLocal: string,
  children: RawNode[],
  parentScope: Scope,
  options: DecodeOptions,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (let i = 0; i < children.length; i++) {
    const node = children[i];
    const tag = tagOf(node);
    if (tag === undefined) {
      if (!isBlankText(node))
        throw new OxDecodeError(`Unexpected text inside element "${parentLocal}". Please correct SOAP request.`);
      continue;
    }
    const attributes = node[':@'] as Attributes | undefined;
    const scope = attributes === undefined ? parentScope : scopeOf(attributes, parentScope);
    const name = tagName(tag);
    const local = name.local;
    const member = type.byName.get(local);
    if (member === undefined) {
      if (options.strict) throw unexpected(local, namespaceOf(name, scope));
      continue;
    }
    if (namespaceOf(name, scope) !== member.nsUri) {
      if (options.strict) throw unexpected(local, namespaceOf(name, scope));
      continue;
    }
    let value: unknown;
    if (isNil(attributes, scope)) {
      if (!member.nillable && options.strict) throw invalidValue(local, 'a value (this element is not nillable)');
      value = null;
    } else if (member.simple !== undefined) {
      value = simpleValue(member, local, node[tag] as RawNode[], scope);
    } else {
      value = decodeMembers(complexType(member.typeKey as string), local, node[tag] as RawNode[], scope, options);
    }
    if (member.many) {
      const list = (result[member.name] as unknown[] | undefined) ?? (result[member.name] = []);
      // A nil item carries nothing: a list holds values only.
      if (value !== null) list.push(value);
    } else if (member.name in result) {
      if (options.strict)
        throw new OxDecodeError(
          `Element "${local}" may occur only once in "${parentLocal}". Please correct SOAP request.`,
        );
    } else {
      result[member.name] = value;
    }
  }
  if (options.strict) {
    for (const member of type.members) {
      if (member.required && !(member.name in result))
        throw new OxDecodeError(
          `Missing mandatory element "${member.name}" in "${parentLocal}". Please correct SOAP request.`,
        );
    }
  }
  return result;
}

/** Decodes the children of `el` as members of `type`. */
export function decodeObject(type: TypeMeta, el: XmlElement, options: DecodeOptions): Record<string, unknown> {
  return decodeMembers(type, el.local, el.children, el.scope, options);
}

const DECLARATIONS = /<!(?:DOCTYPE|ENTITY)/i;

/** Parses a SOAP 1.1 envelope and returns the first element of its Body. */
export function parseBody(xml: string): XmlElement | undefined {
  // `<!` starts every declaration; most documents have none, and a plain substring search is cheaper than the
  // case-insensitive regex over the whole text.
  if (xml.includes('<!') && DECLARATIONS.test(xml)) {
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
    if (child.local === 'faultcode') faultCode = textOf(child.local, child.children, child.scope).trim();
    else if (child.local === 'faultstring') faultString = textOf(child.local, child.children, child.scope);
    else if (child.local === 'detail') exceptionName = childElements(child)[0]?.local;
  }
  return { faultCode, faultString, exceptionName };
}

/**
 * Leniently decodes a response to `service.operation` (client side): the `return` value or the fault.
 * With `only`, a single `return` object is decoded with just those members (the rest is not parsed at all,
 * projection.ts); a list response or one without a `return` object is decoded in full.
 */
export function decodeResponse(
  service: string,
  operation: string,
  xml: string,
  only?: readonly string[],
): DecodedResponse {
  const op = operationMeta(service, operation);
  if (op === undefined) throw new TypeError(`OX ${service} has no operation "${operation}"`);
  const projectable =
    only !== undefined && op.response !== undefined && op.response.simple === undefined && !op.response.many;
  const first = parseBody(projectable ? projectReturn(xml, only) : xml);
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
