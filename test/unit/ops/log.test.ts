import { describe, expect, it } from 'vitest';
import { createLogger, formatLine } from '../../../src/ops/log.js';

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
