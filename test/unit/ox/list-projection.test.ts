// A list answer read with `{ only }` is projected as it streams in: each `return` item cut down to the named
// members, so neither the whole text nor the parser's tree of every member of every item is ever held. Decoding
// the projected text must give exactly the named members of the full decode, wherever the chunks are cut.
import { describe, expect, it } from 'vitest';
import { codec } from '../../../src/ox/index.js';
import { ListProjection } from '../../../src/ox/codec/list-projection.js';

const { decodeResponse, encodeResponse, encodeFault } = codec;

function users(n: number): Record<string, unknown>[] {
  // As OX lists users: the id, every other member nil or a default (docs/reference/ox-users.md).
  return Array.from({ length: n }, (_, i) => ({ id: i + 3, contextadmin: false, imapPort: 143, smtpPort: 25 }));
}

function streamed(xml: string, only: readonly string[], chunk: number) {
  const projection = new ListProjection(only);
  let peak = 0;
  for (let i = 0; i < xml.length; i += chunk) {
    projection.push(xml.slice(i, i + chunk));
    peak = Math.max(peak, projection.heldChars);
  }
  projection.end();
  const documents = projection.documents();
  return { documents, text: documents.join(''), peak };
}

function value(xml: string): unknown[] {
  const result = decodeResponse('OXUserService', 'listAll', xml);
  if (!result.ok) throw new Error(`unexpected fault ${result.fault.faultString}`);
  return result.value as unknown[];
}

/** The items of every document, in order: what OxClient makes of them. */
function items(documents: string[]): unknown[] {
  return documents.flatMap(value);
}

describe('ListProjection', () => {
  const xml = encodeResponse('OXUserService', 'listAll', users(40));
  const full = value(xml) as Record<string, unknown>[];

  it('keeps only the named members of every item, wherever the text is cut', () => {
    const ids = full.map((u) => ({ id: u.id }));
    for (const chunk of [1, 7, 64, 1000, xml.length]) {
      const { documents, text } = streamed(xml, ['id'], chunk);
      expect(documents).toHaveLength(1);
      expect(items(documents)).toEqual(ids);
      expect(text.length).toBeLessThan(xml.length / 10);
    }
  });

  it('never holds more than one item and one chunk of the answer, and decodes in blocks', () => {
    const big = encodeResponse('OXUserService', 'listAll', users(2000));
    const item = big.length / 2000;
    const { documents, peak } = streamed(big, ['id'], 1024);
    expect(peak).toBeLessThan(item + 2 * 1024);
    // Decoded in documents of at most 256 items, so the parser's tree stays small too.
    expect(documents.map((d) => value(d).length)).toEqual([...Array<number>(7).fill(256), 2000 - 7 * 256]);
    expect(items(documents)).toEqual(value(big).map((u) => ({ id: (u as { id: number }).id })));
  });

  it('hands a fault back untouched', () => {
    const fault = encodeFault({ faultCode: 'soap:Server', faultString: 'No such context 99', serviceNs: 'tns' });
    expect(streamed(fault, ['id'], 16).text).toBe(fault);
  });

  it('hands back an empty list and a nil item as they came', () => {
    const empty = encodeResponse('OXUserService', 'listAll', []);
    expect(streamed(empty, ['id'], 5).text).toBe(empty);
    const nilItem = xml.replace('<tns:return>', '<tns:return xsi:nil="true"/><tns:return>');
    expect(nilItem).not.toBe(xml);
    const text = streamed(nilItem, ['id'], 9).text;
    expect(text).toContain('<tns:return xsi:nil="true"/><tns:return><do:id>3</do:id></tns:return>');
    expect(value(text)).toEqual(items(streamed(xml, ['id'], 9).documents));
  });
});
