/**
 * The SOAP document as fast-xml-parser's order-preserving nodes (the parser only tokenizes), with namespaces resolved
 * here: elements, their scopes, text content and xsi:nil. decode.ts walks these against the schema.
 *
 * Safety: any document with a DOCTYPE is refused before parsing, so no DTD is read and no declared entity
 * can be expanded; only the five predefined entities and character references are decoded (xml-text.ts).
 *
 * Speed (docs/decisions/0110): the parser is configured to do as little as possible (no value parsing, no entity
 * processing, no path strings), a namespace scope is created only where an element declares namespaces, and tag
 * names are split once.
 */
import { XMLParser } from 'fast-xml-parser';
import { NAMESPACES } from '../schema/index.js';
import { OxDecodeError } from '../errors.js';
import { decodeEntities } from './xml-text.js';

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
export type RawNode = Record<string, unknown>;
export type Attributes = Record<string, string>;
export type Scope = Record<string, string>;

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
export function tagOf(node: RawNode): string | undefined {
  for (const key in node) {
    if (key === ':@') continue;
    return key === '#text' || key === '#cdata' ? undefined : key;
  }
  return undefined;
}

/** The scope in force inside an element: the parent's, or a child scope if the element declares namespaces. */
export function scopeOf(attributes: Attributes | undefined, parentScope: Scope): Scope {
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

export function tagName(tag: string): TagName {
  let name = TAG_NAMES.get(tag);
  if (name === undefined) {
    const colon = tag.indexOf(':');
    name = { tag, prefix: colon < 0 ? '' : tag.slice(0, colon), local: colon < 0 ? tag : tag.slice(colon + 1) };
    if (TAG_NAMES.size < TAG_NAMES_LIMIT) TAG_NAMES.set(tag, name);
  }
  return name;
}

export function namespaceOf(name: TagName, scope: Scope): string {
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

export function isBlankText(node: RawNode): boolean {
  const text = node['#text'];
  return node['#cdata'] === undefined && (typeof text !== 'string' || text.trim() === '');
}

/** The child elements of an element; non-blank text between them is an error. */
export function childElements(el: XmlElement): XmlElement[] {
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

export function isNil(attributes: Attributes | undefined, scope: Scope): boolean {
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

export function textOf(local: string, children: RawNode[], scope: Scope): string {
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
