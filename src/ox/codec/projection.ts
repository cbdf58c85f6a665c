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

/** The first `return` start tag: `<return` or `<prefix:return`, followed by a space, `/` or `>`. */
export const RETURN_START = /<(?:[A-Za-z_][\w.-]*:)?return[\s/>]/;

/**
 * Forward-only scan over one document. Only native searches: the next quote of each kind is remembered, so a
 * document costs one pass however many tags it has (a tag like `<do:x xsi:nil="true"/>` is a few `indexOf`s).
 */
class Scanner {
  private nextDouble = -1;
  private nextSingle = -1;

  constructor(readonly xml: string) {}

  /** Index of the `>` that closes the tag opened at `lt`, skipping quoted attribute values; -1 if unclosed. */
  tagEnd(lt: number): number {
    const xml = this.xml;
    let from = lt + 1;
    for (;;) {
      const gt = xml.indexOf('>', from);
      if (gt < 0) return -1;
      if (this.nextDouble !== -2 && this.nextDouble < from) this.nextDouble = orNone(xml.indexOf('"', from));
      if (this.nextSingle !== -2 && this.nextSingle < from) this.nextSingle = orNone(xml.indexOf("'", from));
      const quote = Math.min(at(this.nextDouble), at(this.nextSingle));
      if (quote > gt) return gt;
      const closing = xml.indexOf(xml[quote], quote + 1);
      if (closing < 0) return -1;
      from = closing + 1;
    }
  }

  /** The qualified name of the start tag opened at `lt` and closed at `gt` (`prefix:local`). */
  nameAt(lt: number, gt: number): string {
    let stop = lt + 1;
    while (stop < gt) {
      const c = this.xml.charCodeAt(stop);
      if (c <= 0x20 || c === SLASH || c === GT) break;
      stop++;
    }
    return this.xml.slice(lt + 1, stop);
  }

  /** True when the end tag opened at `lt` and closed at `gt` is `</name>` (optionally with trailing space). */
  closes(lt: number, gt: number, name: string): boolean {
    return this.xml.startsWith(name, lt + 2) && isBlank(this.xml, lt + 2 + name.length, gt);
  }

  /**
   * End (exclusive) of the element named `name` whose start tag opens at `lt` and closes at `gt`, or -1 when the
   * text is not the plain shape this module handles (including an end tag at its level with another name).
   */
  elementEnd(lt: number, gt: number, name: string): number {
    const xml = this.xml;
    if (xml.charCodeAt(gt - 1) === SLASH) return gt + 1;
    let depth = 1;
    let from = gt + 1;
    for (;;) {
      const next = xml.indexOf('<', from);
      if (next < 0) return -1;
      const c = xml.charCodeAt(next + 1);
      if (c === BANG || c === QUESTION) return -1;
      const close = this.tagEnd(next);
      if (close < 0) return -1;
      if (c === SLASH) {
        if (--depth === 0) return this.closes(next, close, name) ? close + 1 : -1;
      } else if (xml.charCodeAt(close - 1) !== SLASH) depth++;
      from = close + 1;
    }
  }
}

/** Index of the `>` that closes the tag opened at `lt` (quoted attribute values skipped); -1 if unclosed. */
export function tagEndAt(xml: string, lt: number): number {
  return new Scanner(xml).tagEnd(lt);
}

/** -2 stands for "no such character in the rest of the document" (so it is not searched for again). */
function orNone(index: number): number {
  return index < 0 ? -2 : index;
}

function at(index: number): number {
  return index === -2 ? Number.MAX_SAFE_INTEGER : index;
}

/** True when `xml[from, to)` is only XML whitespace. */
function isBlank(xml: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = xml.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}

/**
 * `xml` with every direct child of the first `return` element dropped whose local name is not in `keep`;
 * `xml` itself when nothing can be dropped safely.
 */
export function projectReturn(xml: string, keep: readonly string[]): string {
  const found = RETURN_START.exec(xml);
  if (found === null) return xml;
  const scan = new Scanner(xml);
  const returnGt = scan.tagEnd(found.index);
  if (returnGt < 0 || xml.charCodeAt(returnGt - 1) === SLASH) return xml;
  const returnName = scan.nameAt(found.index, returnGt);

  const kept: string[] = [];
  let from = returnGt + 1;
  for (;;) {
    const lt = xml.indexOf('<', from);
    if (lt < 0 || !isBlank(xml, from, lt)) return xml;
    const c = xml.charCodeAt(lt + 1);
    if (c === BANG || c === QUESTION) return xml;
    const gt = scan.tagEnd(lt);
    if (gt < 0) return xml;
    if (c === SLASH) {
      // The end tag of `return`: everything from here on stays as it is.
      if (!scan.closes(lt, gt, returnName)) return xml;
      return lt === returnGt + 1 ? xml : xml.slice(0, returnGt + 1) + kept.join('') + xml.slice(lt);
    }
    const name = scan.nameAt(lt, gt);
    const end = scan.elementEnd(lt, gt, name);
    if (end < 0) return xml;
    if (keep.includes(name.slice(name.indexOf(':') + 1))) kept.push(xml.slice(lt, end));
    from = end;
  }
}
