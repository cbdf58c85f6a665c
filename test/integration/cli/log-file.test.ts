// Issue 17 item 5: `run` as a service logs to OX_CONNECTOR_LOG_FILE, reopens it on SIGHUP (logrotate moved it),
// writes a start line and a shutdown line, and OX_CONNECTOR_LOG_FORMAT=json writes one JSON object per line
// without passwords. Real processes: the built CLI and the emulator.
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MASTER_PASSWORD, udmUser, until, useE2E, userDn } from '../../helpers/e2e.js';

const env = useE2E(1700);
const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');

describe('the service log file', () => {
  it('starts a new file at the path on SIGHUP after a rename, with start and shutdown lines', async () => {
    const { t, ids } = await env.setup(1);
    const path = join(mkdtempSync(join(tmpdir(), 'oxc-logdir-')), 'ox-connector.log');
    const child = t.start(['run'], { OX_CONNECTOR_LOG_FILE: path });
    let stdout = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    try {
      await until(() => /ox-connector \S+ started/.test(read(path)), 'the start line in the log file');
      const start = read(path);
      expect(start).toMatch(
        /INFO {5}\[-\] ox-connector \S+ started\t\| version=\S+ data_dir=\S+ source=ucs mode=service concurrency=\d+ pid=\d+/,
      );
      expect(start).toContain(`data_dir=${t.dataDir}`);

      renameSync(path, `${path}.1`); // what logrotate does
      child.kill('SIGHUP');
      await until(() => read(path).includes('SIGHUP: log file reopened'), 'the reopened log file');
      t.queue('u-log-1', 'users/user', userDn('logger1'), udmUser('logger1', ids[0]!));
      await until(() => read(path).includes(userDn('logger1')), 'the new object logged in the new file');
      expect(read(`${path}.1`)).not.toContain(userDn('logger1'));
    } finally {
      child.kill('SIGTERM');
      await once(child, 'close');
    }
    expect(child.exitCode).toBe(0);
    const lines = read(path).trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/INFO {5}\[-\] ox-connector stopped\t\| reason=SIGTERM pid=\d+$/);
    expect(stdout).toBe(''); // everything went to the file
  });

  it('writes JSON lines without passwords with OX_CONNECTOR_LOG_FORMAT=json', async () => {
    const { t, ids } = await env.setup(1);
    const path = join(mkdtempSync(join(tmpdir(), 'oxc-logdir-')), 'ox-connector.log');
    t.queue('u-json-1', 'users/user', userDn('jsonuser'), udmUser('jsonuser', ids[0]!, { password: '{crypt}$6$hash' }));
    const r = await t.run(['run', '--once'], {
      OX_CONNECTOR_LOG_FILE: path,
      OX_CONNECTOR_LOG_FORMAT: 'json',
      OX_CONNECTOR_LOG_LEVEL: 'TRACE',
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = read(path);
    expect(text).not.toContain(MASTER_PASSWORD);
    expect(text).not.toContain('$6$hash');
    const records = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records[0]!.message).toBe(`Data directory ${t.dataDir} (from --data-dir)`);
    expect(records[1]).toMatchObject({
      level: 'INFO',
      request_id: '-',
      source: 'ucs',
      mode: 'once',
      data_dir: t.dataDir,
    });
    expect(records[1]!.message).toMatch(/^ox-connector \S+ started$/);
    expect(records.some((r) => JSON.stringify(r).includes(userDn('jsonuser')))).toBe(true);
    expect(records.at(-1)).toMatchObject({ message: 'ox-connector stopped', reason: 'run --once finished' });
  });

  it('refuses a log file it cannot open, with exit 2 and what to do', async () => {
    const { t } = await env.setup(1);
    const r = await t.run(['run', '--once'], { OX_CONNECTOR_LOG_FILE: '/nonexistent-dir/ox-connector.log' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/log file \/nonexistent-dir\/ox-connector\.log .*create its directory/);
  });
});
