// Issue 17 item 5: <data dir>/ox-connector-tasks.log is bounded: past its limit the file moves to
// ox-connector-tasks.log.1 (replacing the older one) and a new one starts, so the audit trail of the last actions
// is always there and the data directory does not fill up.
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendBoundedLog } from '../../../src/admin/task-log.js';

describe('the tasks audit log', () => {
  it('moves the file to .1 once the next line would pass the limit, and keeps one older file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'oxc-tasklog-')), 'ox-connector-tasks.log');
    const line = (n: number) => `line ${n} ${'x'.repeat(40)}\n`; // 48 bytes
    for (let n = 1; n <= 5; n++) appendBoundedLog(path, line(n), 100);
    // 1+2 fit (96 bytes); 3 starts a new file; 4 fits beside it; 5 moves 3+4 to .1 (dropping 1+2).
    expect(readFileSync(path, 'utf8')).toBe(line(5));
    expect(readFileSync(`${path}.1`, 'utf8')).toBe(line(3) + line(4));
    expect(statSync(path).mode & 0o777).toBe(0o640);
  });

  it('writes a line longer than the limit rather than losing it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'oxc-tasklog-')), 'ox-connector-tasks.log');
    appendBoundedLog(path, 'y'.repeat(300) + '\n', 100);
    expect(readFileSync(path, 'utf8')).toHaveLength(301);
    expect(existsSync(`${path}.1`)).toBe(false);
  });
});
