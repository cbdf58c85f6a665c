/**
 * Cuts a SOAP answer down to the members of its `return` that the caller reads, before the parser sees it
 * (decision 0115).
 *
 * Why: fast-xml-parser's cost grows with every byte it reads (≈ 35 ns per byte here), and
 * `createByModuleAccess` answers with the full 137-member User (≈ 6 KB) although provisioning reads only its
 * id. Parsing the whole User was the connector's largest single cost per created user (decision 0190).
 *
 * This is not an XML parser. It relies on one rule of well-formed XML — a `<` outside comments, CDATA and
 * processing instructions always starts markup — to find where each direct child of `return` starts and ends,
 * and keeps the byte ranges of the children the caller names. The shortened document then goes through the
 * same fast-xml-parser parse and schema decode as any other answer, so namespaces, types, faults and the
 * DOCTYPE refusal apply to everything that is read. Whenever the text is not the plain shape expected (a
 * comment, CDATA or processing instruction inside `return`, text between its children, no `return`, an
 * unclosed tag), the text is handed back whole and decoded in full: the projection can only save work,
 * never change a result. Members that are not read are not checked for well-formedness.
 */

const GT = 0x3e; // >
const SLASH = 0x2f; // /
const BANG = 0x21; // !
const QUESTION = 0x3f; // ?
const QUOTE = 0x22; // "
const APOSTROPHE = 0x27; // '

/** The first `return` start tag: `<return` or `<prefix:return`, followed by a space, `/` or `>`. */
const RETURN_START = /<(?:[A-Za-z_][\w.-]*:)?return[\s/>]/;

/** Index of the `>` that closes the tag opened at `lt`, skipping quoted attribute values; -1 if unclosed. */
function tagEnd(xml: string, lt: number): number {
  for (let i = lt + 1; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (c === GT) return i;
    if (c === QUOTE || c === APOSTROPHE) {
      i = xml.indexOf(c === QUOTE ? '"' : "'", i + 1);
      if (i < 0) return -1;
    }
  }
  return -1;
}

/** The local name of the start tag opened at `lt` (prefix dropped). */
function localNameAt(xml: string, lt: number, gt: number): string {
  const qualified = qualifiedNameAt(xml, lt, gt);
  return qualified.slice(qualified.indexOf(':') + 1);
}

/** True when `xml[from, to)` is only XML whitespace. */
function isBlank(xml: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = xml.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}

/** The qualified name of the tag opened at `lt` (`prefix:local`, or `/prefix:local` for an end tag). */
function qualifiedNameAt(xml: string, lt: number, gt: number): string {
  let stop = lt + 1;
  while (stop < gt) {
    const c = xml.charCodeAt(stop);
    if (c <= 0x20 || (c === SLASH && stop > lt + 1) || c === GT) break;
    stop++;
  }
  return xml.slice(lt + 1, stop);
}

/**
 * End (exclusive) of the element whose start tag opens at `lt` and closes at `gt`, or -1 when the text is not
 * the plain shape this module handles (including an end tag at its level that does not match its name).
 */
function elementEnd(xml: string, lt: number, gt: number): number {
  if (xml.charCodeAt(gt - 1) === SLASH) return gt + 1;
  let depth = 1;
  let at = gt + 1;
  for (;;) {
    const next = xml.indexOf('<', at);
    if (next < 0) return -1;
    const c = xml.charCodeAt(next + 1);
    if (c === BANG || c === QUESTION) return -1;
    const close = tagEnd(xml, next);
    if (close < 0) return -1;
    if (c === SLASH) {
      if (--depth === 0) {
        return qualifiedNameAt(xml, next, close) === `/${qualifiedNameAt(xml, lt, gt)}` ? close + 1 : -1;
      }
    } else if (xml.charCodeAt(close - 1) !== SLASH) depth++;
    at = close + 1;
  }
}

/**
 * `xml` with every direct child of the first `return` element dropped whose local name is not in `keep`;
 * `xml` itself when nothing can be dropped safely.
 */
export function projectReturn(xml: string, keep: readonly string[]): string {
  const found = RETURN_START.exec(xml);
  if (found === null) return xml;
  const returnGt = tagEnd(xml, found.index);
  if (returnGt < 0 || xml.charCodeAt(returnGt - 1) === SLASH) return xml;

  const kept: string[] = [];
  let at = returnGt + 1;
  for (;;) {
    const lt = xml.indexOf('<', at);
    if (lt < 0 || !isBlank(xml, at, lt)) return xml;
    const c = xml.charCodeAt(lt + 1);
    if (c === SLASH) {
      // The end tag of `return`: everything from here on stays as it is.
      const endGt = tagEnd(xml, lt);
      if (endGt < 0 || qualifiedNameAt(xml, lt, endGt) !== `/${qualifiedNameAt(xml, found.index, returnGt)}`)
        return xml;
      return lt === returnGt + 1 ? xml : xml.slice(0, returnGt + 1) + kept.join('') + xml.slice(lt);
    }
    if (c === BANG || c === QUESTION) return xml;
    const gt = tagEnd(xml, lt);
    if (gt < 0) return xml;
    const end = elementEnd(xml, lt, gt);
    if (end < 0) return xml;
    if (keep.includes(localNameAt(xml, lt, gt))) kept.push(xml.slice(lt, end));
    at = end;
  }
}
