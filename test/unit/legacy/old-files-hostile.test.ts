import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLegacyData } from '../../../src/sources/legacy/old-files.js';

// Issue 14 items 8 and 11 for the other reader of the listener directory: import-legacy's listener/old/*.json.
describe('import-legacy reads old files as the queue does (decisions 0220, 0221)', () => {
  it('a link is reported, not followed, and no byte of a bad file appears in the reasons', () => {
    const data = mkdtempSync(join(tmpdir(), 'oxc-legacy-'));
    const old = join(data, 'listener', 'old');
    mkdirSync(old, { recursive: true });
    const secret = join(data, 'shadow');
    writeFileSync(secret, 'root:$6$LEGACY-SECRET:19000::\n');
    symlinkSync(secret, join(old, 'linked.json'));
    symlinkSync('/dev/zero', join(old, 'zero.json'));
    writeFileSync(join(old, 'garbage.json'), 'root:$6$LEGACY-SECRET2:19000::\n');
    const { problems } = readLegacyData(data);
    const text = JSON.stringify(problems);
    expect(problems.map((p) => p.reason)).toEqual([
      expect.stringMatching(/^not valid JSON \(unexpected character at line 1, column 1\)/),
      expect.stringMatching(/linked\.json is a symbolic link/),
      expect.stringMatching(/zero\.json is a symbolic link/),
    ]);
    expect(text).not.toContain('SECRET');
  });
});
