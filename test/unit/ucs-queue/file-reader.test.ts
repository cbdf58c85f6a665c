import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReusableFileReader } from '../../../src/sources/ucs-queue/file-reader.js';

describe('ReusableFileReader', () => {
  it('reads files of any size exactly, one after another with the same buffer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oxc-reader-'));
    const reader = new ReusableFileReader();
    // Empty, small, exactly the initial buffer, larger than it, multi-byte characters across a boundary, small again.
    const texts = ['', '{"a":1}', 'x'.repeat(64 * 1024), 'y'.repeat(200_000), `${'z'.repeat(65_535)}äöü€`, 'ok'];
    texts.forEach((text, i) => writeFileSync(join(dir, `${i}.json`), text));
    texts.forEach((text, i) => {
      const path = join(dir, `${i}.json`);
      expect(reader.readText(path)).toBe(readFileSync(path, 'utf8'));
      expect(reader.readText(path)).toBe(text);
    });
  });

  it('throws ENOENT for a file that is gone', () => {
    expect(() => new ReusableFileReader().readText(join(tmpdir(), 'oxc-no-such-file.json'))).toThrow(
      expect.objectContaining({ code: 'ENOENT' }),
    );
  });
});
