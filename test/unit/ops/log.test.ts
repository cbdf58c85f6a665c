import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createLogger, escapeControl, formatLine, printableJson, stdoutWriter } from '../../../src/ops/log.js';

/** A fresh log file's path in a directory of its own. */
const tempLogPath = () => join(mkdtempSync(join(tmpdir(), 'oxc-log-')), 'out.log');

describe('structured log lines', () => {
  it('has timestamp, padded level, request id, message and key=value data', () => {
    const line = formatLine(
      'INFO',
      'uuid-1',
      'Handling x.json',
      { dn: 'uid=a, dc=x', n: 3 },
      new Date('2025-01-02T03:04:05.678Z'),
    );
    expect(line).toBe('2025-01-02T03:04:05.678Z INFO     [uuid-1] Handling x.json\t| dn="uid=a, dc=x" n=3');
  });

  it('masks anything that looks like a secret and respects the level', () => {
    const lines: string[] = [];
    const log = createLogger('WARNING', (l) => lines.push(l));
    log.info('hidden');
    log.warning('shown', { adminpass: 'p4ss', password: 'p4ss', auth: { login: 'x', password: 'p4ss' } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('p4ss');
    expect(lines[0]).toContain('adminpass=***');
    log.child('obj').error('boom');
    expect(lines[1]).toMatch(/ERROR {4}\[obj\] boom$/);
  });

  it('keeps one line per message and leaves out undefined values', () => {
    const at = new Date('2025-01-02T03:04:05.678Z');
    expect(formatLine('ERROR', '-', 'two\nlines', { a: undefined, b: 'x' }, at)).toBe(
      '2025-01-02T03:04:05.678Z ERROR    [-] two ⏎ lines\t| b=x',
    );
    expect(formatLine('DEBUG', '-', 'plain', { a: undefined }, at)).toBe('2025-01-02T03:04:05.678Z DEBUG    [-] plain');
  });
});

describe('the default stdout writer (decision 0192)', () => {
  const script = `
    import { createLogger } from ${JSON.stringify(new URL('../../../src/ops/log.ts', import.meta.url).pathname)};
    const log = createLogger('INFO');
    log.info('first');
    console.log('plain 1');
    log.child('obj-1').info('second', { dn: 'uid=a,dc=x' });
    process.stdout.write('plain 2\\n');
    log.warning('third');
    process.exit(0);
  `;

  it.each([
    ['a file', 'file'],
    ['a pipe', 'pipe'],
  ])('keeps every line and their order with console output when stdout is %s', (_, kind) => {
    const out = tempLogPath();
    const fd = kind === 'file' ? openSync(out, 'w') : undefined;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', fd ?? 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    if (fd !== undefined) closeSync(fd);
    expect(r.stderr).toBe('');
    const text = fd !== undefined ? readFileSync(out, 'utf8') : r.stdout;
    const lines = text.trimEnd().split('\n');
    expect(lines.map((l) => l.replace(/^\d{4}-\d\d-\d\dT\S+ /, ''))).toEqual([
      'INFO     [-] first',
      'plain 1',
      'INFO     [obj-1] second\t| dn="uid=a,dc=x"',
      'plain 2',
      'WARNING  [-] third',
    ]);
  });
});

describe('the direct file writer', () => {
  it('finishes a line the kernel took only part of, multibyte characters included', () => {
    const out = tempLogPath();
    const fd = openSync(out, 'w');
    const calls: number[] = [];
    // At most 7 bytes per call, as a kernel may do on a nearly full disk or when a signal interrupts the write.
    const stingy = (f: number, data: string | Uint8Array) => {
      const bytes = Buffer.from(data).subarray(0, 7);
      calls.push(bytes.length);
      return writeSync(f, bytes);
    };
    const write = stdoutWriter(fd, stingy);
    write('Jürgen Müller ⏎ changed');
    write('second');
    closeSync(fd);
    expect(readFileSync(out, 'utf8')).toBe('Jürgen Müller ⏎ changed\nsecond\n');
    expect(calls.length).toBeGreaterThan(4);
  });

  it('hands the rest of a line to the stream when the file takes nothing more', () => {
    const out = tempLogPath();
    const fd = openSync(out, 'w');
    let budget = 5;
    const full = (f: number, data: string | Uint8Array) => {
      const bytes = Buffer.from(data).subarray(0, budget);
      budget = 0;
      return bytes.length === 0 ? 0 : writeSync(f, bytes);
    };
    const streamed: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      streamed.push(Buffer.from(chunk).toString('utf8'));
      return true;
    });
    try {
      const write = stdoutWriter(fd, full);
      write('hello world');
      write('next');
    } finally {
      spy.mockRestore();
      closeSync(fd);
    }
    expect(readFileSync(out, 'utf8')).toBe('hello');
    expect(streamed).toEqual([' world\n', 'next\n']);
  });
});

// Issue 14 item 11: lines are built from directory data; a control character in it never makes a line of its own.
describe('control characters from directory data (decision 0222)', () => {
  const at = new Date('2025-01-02T03:04:05.678Z');
  const forged = 'x\n2025-01-02T03:04:05.678Z ERROR    [-] forged';

  it('a newline in the request id, the message, a key or a value never starts a new line', () => {
    const lines = [
      formatLine('INFO', forged, 'Handling', undefined, at),
      formatLine('INFO', '-', `Handling ${forged}`, undefined, at),
      formatLine('INFO', '-', 'Handling', { dn: forged, [forged]: 1, list: [forged] }, at),
    ];
    for (const line of lines) {
      expect(line.split('\n')).toHaveLength(1);
      expect(line).not.toMatch(/\r|\u2028/);
    }
    expect(lines[0]).toBe(
      '2025-01-02T03:04:05.678Z INFO     [x\\n2025-01-02T03:04:05.678Z ERROR    [-] forged] Handling',
    );
  });

  it('escapes C0, DEL, C1, line separators and bidirectional overrides everywhere, and leaves text alone', () => {
    const nasty = 'a\r\u0000\u001b[31m\u007f\u009b\u2028\u202eb';
    const line = formatLine('INFO', nasty, nasty, { v: nasty, w: `${nasty}plain` }, at);
    // eslint-disable-next-line no-control-regex -- the point of the test
    expect(line).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u202e]/);
    expect(escapeControl(nasty)).toBe('a\\r\\u0000\\u001b[31m\\u007f\\u009b\\u2028\\u202eb');
    expect(escapeControl('uid=müller,dc=example € ✓')).toBe('uid=müller,dc=example € ✓');
  });

  it('printableJson stays valid JSON with the same values and no raw control character', () => {
    const value = { dn: 'a\u009b\u2028\u202e\n\u0001' };
    const text = printableJson(value, 2);
    // eslint-disable-next-line no-control-regex -- the point of the test
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u202e]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
