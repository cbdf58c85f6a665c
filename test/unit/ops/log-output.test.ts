// Issue 17 item 5: the service's log file (reopened when logrotate moved it), JSON lines for log shippers, and the
// settings that choose them.
import { existsSync, mkdtempSync, readFileSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logOutputSettings } from '../../../src/config/log-settings.js';
import { SettingsError } from '../../../src/config/settings.js';
import { openLogFile } from '../../../src/ops/log-file.js';
import { createLogger, jsonLine } from '../../../src/ops/log.js';

const at = new Date('2025-01-02T03:04:05.678Z');
const tempDir = () => mkdtempSync(join(tmpdir(), 'oxc-logfile-'));

describe('JSON log lines (OX_CONNECTOR_LOG_FORMAT=json)', () => {
  it('is one JSON object per line with time, level, request id, message and the data', () => {
    const line = jsonLine('WARNING', 'uuid-1', 'Handling x.json', { dn: 'uid=a,dc=x', n: 3 }, at);
    expect(JSON.parse(line)).toEqual({
      time: '2025-01-02T03:04:05.678Z',
      level: 'WARNING',
      request_id: 'uuid-1',
      message: 'Handling x.json',
      dn: 'uid=a,dc=x',
      n: 3,
    });
  });

  it('never carries a password, at any depth, and keeps the fields the line is made of', () => {
    const lines: string[] = [];
    const log = createLogger('INFO', (l) => lines.push(l), '-', 'json');
    log.child('obj').error('refused', {
      adminpass: 'p4ss',
      password: 'p4ss',
      auth: { login: 'x', password: 'p4ss' },
      nested: { creds: [{ OX_MASTER_PASSWORD: 'p4ss' }] },
      message: 'forged',
      level: 'DEBUG',
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('p4ss');
    const parsed = JSON.parse(lines[0]!);
    expect(parsed).toMatchObject({ level: 'ERROR', request_id: 'obj', message: 'refused', password: '***' });
    expect(parsed.nested.creds[0].OX_MASTER_PASSWORD).toBe('***');
    expect(parsed['data.message']).toBe('forged');
    expect(parsed['data.level']).toBe('DEBUG');
  });

  it('stays one printable line whatever the directory data holds', () => {
    const line = jsonLine('INFO', 'a\nb', 'x\u2028y\n2025 ERROR forged', { dn: 'c\u202ed' }, at);
    expect(line.split('\n')).toHaveLength(1);
    expect(line).not.toMatch(/[\u2028\u202e]/);
    expect(JSON.parse(line).message).toBe('x\u2028y\n2025 ERROR forged');
  });
});

describe('the log file (OX_CONNECTOR_LOG_FILE)', () => {
  it('appends lines, and after a rename writes to a new file at the path once reopened', () => {
    const dir = tempDir();
    const path = join(dir, 'ox-connector.log');
    const file = openLogFile(path);
    file.write('one');
    renameSync(path, `${path}.1`);
    file.write('two'); // still the open file, as with any daemon until it is told
    file.reopen();
    file.write('three');
    file.close();
    expect(readFileSync(`${path}.1`, 'utf8')).toBe('one\ntwo\n');
    expect(readFileSync(path, 'utf8')).toBe('three\n');
    expect(statSync(path).mode & 0o777).toBe(0o640);
  });

  it('follows a rotation nobody signalled: the first write a second later goes to a new file at the path', () => {
    const path = join(tempDir(), 'ox-connector.log');
    let clock = 0;
    const file = openLogFile(path, { now: () => clock });
    file.write('one');
    renameSync(path, `${path}.1`);
    clock = 999;
    file.write('two'); // within the second: not checked yet
    clock = 2000;
    file.write('three');
    file.close();
    expect(readFileSync(`${path}.1`, 'utf8')).toBe('one\ntwo\n');
    expect(readFileSync(path, 'utf8')).toBe('three\n');
  });

  it('refuses a file it cannot open, naming it and what to do', () => {
    const path = join(tempDir(), 'missing-dir', 'ox-connector.log');
    expect(() => openLogFile(path)).toThrow(/ox-connector\.log.*(create|writable)/);
    expect(existsSync(path)).toBe(false);
  });
});

describe('log settings', () => {
  it('defaults to text on stdout', () => {
    expect(logOutputSettings({})).toEqual({ file: undefined, format: 'text' });
    expect(logOutputSettings({ OX_CONNECTOR_LOG_FILE: '', OX_CONNECTOR_LOG_FORMAT: '' })).toEqual({
      file: undefined,
      format: 'text',
    });
  });

  it('takes an absolute file and json or text in any case', () => {
    expect(logOutputSettings({ OX_CONNECTOR_LOG_FILE: '/var/log/x.log', OX_CONNECTOR_LOG_FORMAT: 'JSON' })).toEqual({
      file: '/var/log/x.log',
      format: 'json',
    });
  });

  it('refuses a relative file and an unknown format, naming the setting', () => {
    expect(() => logOutputSettings({ OX_CONNECTOR_LOG_FILE: 'x.log', OX_CONNECTOR_LOG_FORMAT: 'xml' })).toThrow(
      SettingsError,
    );
    try {
      logOutputSettings({ OX_CONNECTOR_LOG_FILE: 'x.log', OX_CONNECTOR_LOG_FORMAT: 'xml' });
    } catch (err) {
      const problems = (err as SettingsError).problems;
      expect(problems).toHaveLength(2);
      expect(problems[0]).toMatch(/OX_CONNECTOR_LOG_FILE=x\.log.*absolute/);
      expect(problems[1]).toMatch(/OX_CONNECTOR_LOG_FORMAT=xml.*text.*json/);
    }
  });
});
