/**
 * Schema-driven XML decoder: walks the parsed document (xml-tree.ts) against the schema's precompiled per-type
 * member maps, types simple values (simple-values.ts) and — in strict mode (the emulator) — refuses unknown
 * elements, wrong namespaces and missing required members with OX's wording.
 *
 * Speed (docs/decisions/0110): the parse dominates, so the walk allocates nothing per element beyond the decoded
 * values: it reads fast-xml-parser's nodes directly and looks members up in the precompiled per-type maps.
 */
import { NAMESPACES } from '../schema/index.js';
import { OxDecodeError } from '../errors.js';
import { projectReturn } from './projection.js';
import { complexType, serviceMeta, operationMeta, type OperationMeta, type TypeMeta } from './metadata.js';
import { invalidValue, simpleValue } from './simple-values.js';
import {
  childElements,
  isBlankText,
  isNil,
  namespaceOf,
  parseBody,
  scopeOf,
  tagName,
  tagOf,
  textOf,
  type Attributes,
  type RawNode,
  type Scope,
  type XmlElement,
} from './xml-tree.js';

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
