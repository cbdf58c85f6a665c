import { describe, expect, it } from 'vitest';
import { describeJsonError, firstJsonFault } from '../../../src/sources/ucs-queue/json-error.js';
import { parseQueueFile } from '../../../src/sources/ucs-queue/queue-file.js';

// Issue 14 item 11: a bad queue file is named with a position, never quoted (decision 0221).
describe('JSON errors without the content', () => {
  it.each([
    ['root:$6$abcdefgh', 0],
    ['{"a": 1,}', 8],
    ['{"a" 1}', 5],
    ['[1, 2 3]', 6],
    ['{"a": tru}', 9],
    ['{"a": "x\ty"}', 8],
    ['{"a": "\\q"}', 8],
    ['{"a": 01}', 7],
    ['{"a": 1} x', 9],
    ['{"a": -}', 7],
    ['\u00a0{}', 0],
    ['{"a": [}', 7],
  ])('%j fails at offset %i', (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(firstJsonFault(text)).toBe(offset);
  });

  it.each(['', '{', '{"a": "abc', '{"a": [1, 2', '{"a": nu', '{"a"'])('%j ends too early', (text) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(firstJsonFault(text)).toBe(text.length);
    expect(describeJsonError(text)).toBe('it ends in the middle of a value');
  });

  it('accepts what JSON.parse accepts, deep nesting and long strings included', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "\\u00fc\\n"], "b": {}} ', '"x"', '0']) {
      expect(firstJsonFault(text)).toBe(-1);
    }
    expect(firstJsonFault('['.repeat(100_000) + ']'.repeat(100_000))).toBe(-1);
    const photo = `{"jpegPhoto": "${'A'.repeat(6_000_000)}"`;
    expect(firstJsonFault(photo)).toBe(photo.length);
  });

  it('names line and column, and the queue file error carries no byte of the file', () => {
    const text = '{\n    "dn": "uid=a",\n    "id": root:SECRET\n}';
    expect(describeJsonError(text)).toBe('unexpected character at line 3, column 11');
    let message = '';
    try {
      parseQueueFile('root:SECRET-HASH:19000::', '/q/1.json');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(
      'Queue file /q/1.json is not valid JSON (unexpected character at line 1, column 1); fix or remove it.',
    );
  });
});
