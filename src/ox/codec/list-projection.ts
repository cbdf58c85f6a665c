/**
 * A list answer cut down to the members the caller reads while it streams in (decision 0310; the list form of
 * decision 0115's projection).
 *
 * Why: OX lists users with every member of each User written out, nil or default, about 4.6 KB per user
 * (docs/reference/ox-soap-contract.md). `listAll` over 10,000 users is a 45 MB answer; held as one string and
 * parsed into fast-xml-parser's tree it took the reconcile process to ~700 MB, and 100,000 users would come
 * close to the longest string V8 can hold.
 *
 * How: the text is taken chunk by chunk. Everything before the first `return` item (envelope, Body, response
 * element) is kept as it is; each complete `return` item is handed to `projectReturn()`, which keeps only the
 * named children (or hands the item back whole when it is not the plain shape it understands); whatever follows
 * the last item is kept as it is. The result is much shorter documents of the same shape — head, up to 256
 * items, tail — each of which goes through the normal parse and schema decode (namespaces, types, faults, the
 * DOCTYPE refusal), so the parser's tree never holds more than 256 items either. A fault or any answer without
 * items passes through untouched, as one document. At any time only the unfinished item and the latest chunk
 * are held, besides the projected text.
 */
import { projectReturn, RETURN_START, tagEndAt } from './projection.js';

const LT = 0x3c; // <
const GT = 0x3e; // >
const SLASH = 0x2f; // /

/** Projected pieces are copied into one flat string per this many, so none keeps a whole chunk alive. */
const PIECES_PER_BLOCK = 256;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** True when `c` can follow a tag name: space, `/` or `>`. */
function endsName(c: number): boolean {
  return isSpace(c) || c === SLASH || c === GT;
}

export class ListProjection {
  /** Text received and not yet cut. */
  private pending = '';
  private state: 'head' | 'items' | 'tail' = 'head';
  /** The qualified name of the items (`return` or `prefix:return`), known once the first one starts. */
  private itemName = '';
  /** Everything before the first item. */
  private head = '';
  /** Projected items copied into flat strings, and the items since (which may be slices of a received chunk). */
  private readonly blocks: string[] = [];
  private pieces: string[] = [];

  constructor(private readonly only: readonly string[]) {}

  /** Characters of the answer held but not yet cut (for tests: at most one item and one chunk). */
  get heldChars(): number {
    return this.pending.length;
  }

  push(text: string): void {
    this.pending += text;
    if (this.state === 'head') this.findFirstItem();
    if (this.state === 'items') this.cutItems();
  }

  /** The whole answer has arrived. */
  end(): void {
    if (this.pieces.length > 0) this.blocks.push(this.pieces.join(''));
    this.pieces = [];
  }

  /**
   * The projected answer as documents to decode one after the other: head + a block of items + tail each. One
   * document when there are no items (a fault), one block, or items after a shape not cut (kept in the tail).
   */
  documents(): string[] {
    const tail = this.pending;
    if (this.state === 'head') return [tail];
    if (this.blocks.length <= 1 || RETURN_START.test(tail)) return [this.head + this.blocks.join('') + tail];
    return this.blocks.map((block) => this.head + block + tail);
  }

  private emit(piece: string): void {
    this.pieces.push(piece);
    if (this.pieces.length >= PIECES_PER_BLOCK) {
      this.blocks.push(this.pieces.join(''));
      this.pieces = [];
    }
  }

  private findFirstItem(): void {
    const found = RETURN_START.exec(this.pending);
    if (found === null) return;
    this.itemName = found[0].slice(1, -1);
    this.head = this.pending.slice(0, found.index);
    this.pending = this.pending.slice(found.index);
    this.state = 'items';
  }

  private cutItems(): void {
    const name = this.itemName;
    for (;;) {
      const text = this.pending;
      let lt = 0;
      while (lt < text.length && isSpace(text.charCodeAt(lt))) lt++;
      // Not yet enough text to tell whether another item starts here.
      if (text.length <= lt + 1 + name.length) return;
      if (
        text.charCodeAt(lt) !== LT ||
        !text.startsWith(name, lt + 1) ||
        !endsName(text.charCodeAt(lt + 1 + name.length))
      ) {
        // The end of the list (or a shape not cut here): the rest is kept as it comes.
        this.state = 'tail';
        return;
      }
      const gt = tagEndAt(text, lt);
      if (gt < 0) return;
      const selfClosed = text.charCodeAt(gt - 1) === SLASH;
      const end = selfClosed ? gt + 1 : this.itemEnd(text, gt + 1);
      if (end < 0) return;
      const item = text.slice(lt, end);
      // A nil item carries no members: kept as it is.
      this.emit(selfClosed ? item : projectReturn(item, this.only));
      this.pending = text.slice(end);
    }
  }

  /** End (exclusive) of the item's end tag at or after `from`; -1 when it has not arrived yet. */
  private itemEnd(text: string, from: number): number {
    const endTag = `</${this.itemName}`;
    for (let at = text.indexOf(endTag, from); at >= 0; at = text.indexOf(endTag, at + 1)) {
      const after = at + endTag.length;
      if (after >= text.length) return -1;
      const c = text.charCodeAt(after);
      if (c === GT) return after + 1;
      if (isSpace(c)) {
        const gt = text.indexOf('>', after);
        return gt < 0 ? -1 : gt + 1;
      }
    }
    return -1;
  }
}
