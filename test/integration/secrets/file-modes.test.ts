// Issue 14 item 9: the state store holds users' {crypt} password hashes, so it and SQLite's -wal and -shm are
// readable by the connector's user only (0600) — created so under any umask, and repaired at start when an
// existing store is readable by others. The other files that carry secrets are checked here too.
import { spawn } from 'node:child_process';
import { chmodSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { contextDn, contextObject, E2E, udmUser, until, userDn, useE2E } from '../../helpers/e2e.js';
import { QueueWriter } from '../../../src/sources/ldap/queue-writer.js';

const MAIN = resolve(import.meta.dirname, '../../../dist/cli/main.js');
const STORE_FILES = ['ox-connector.db', 'ox-connector.db-wal', 'ox-connector.db-shm'];
const e2e = useE2E(1400);

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8).padStart(4, '0');

describe('file modes of what holds secrets', () => {
  it('a fresh data directory gets the store, its -wal and -shm as 0600 even under umask 000', async () => {
    const ctx = e2e.newContextId();
    const t = new E2E(e2e.emulator, { DEFAULT_CONTEXT: String(ctx) });
    t.queue(`ctx-${ctx}`, 'oxmail/oxcontext', contextDn(ctx), contextObject(ctx));
    t.queue('u-hash', 'users/user', userDn('hash'), udmUser('hash', ctx, { password: '{crypt}$6$salt$hash' }));
    // The long-running service, so -wal and -shm exist while it is looked at (a closed store removes them).
    const child = spawn(
      'sh',
      ['-c', 'umask 000; exec "$@"', 'sh', process.execPath, MAIN, 'run', '--data-dir', t.dataDir],
      {
        env: { PATH: process.env.PATH ?? '', ...t.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await until(() => t.queueFiles().length === 0, 'the queue to drain');
      await until(() => STORE_FILES.every((f) => readdirSync(t.dataDir).includes(f)), 'the store files');
      expect(Object.fromEntries(STORE_FILES.map((f) => [f, modeOf(join(t.dataDir, f))]))).toEqual({
        'ox-connector.db': '0600',
        'ox-connector.db-wal': '0600',
        'ox-connector.db-shm': '0600',
      });
      // The context admin's password: 0600 as well (it was already).
      expect(modeOf(join(t.dataDir, 'secrets', 'contexts.json'))).toBe('0600');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.on('close', r));
    }
    expect(out).not.toContain('other users could read it');
  });

  it('an existing store readable by others is made 0600 at start, and that is logged once', async () => {
    const { t } = await e2e.setup(1);
    const path = join(t.dataDir, 'ox-connector.db');
    // Another connection keeps -wal and -shm in place while the connector starts, as a crashed run would.
    const other = new Database(path);
    try {
      other.pragma('journal_mode = WAL');
      other.exec('CREATE TABLE IF NOT EXISTS probe (x); INSERT INTO probe VALUES (1)');
      for (const f of STORE_FILES) chmodSync(join(t.dataDir, f), 0o644);

      const r = await t.run();
      expect(r.code).toBe(0);
      for (const f of STORE_FILES) expect(modeOf(join(t.dataDir, f)), f).toBe('0600');
      const notices = r.stdout.split('\n').filter((l) => l.includes('other users could read it'));
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/WARNING .*password hashes.*ox-connector\.db, .*ox-connector\.db-wal, .*-shm.*0600/);

      // Repaired for good: the next start has nothing to say.
      expect((await t.run()).stdout).not.toContain('other users could read it');
    } finally {
      other.close();
    }
  });

  it("the LDAP source's queue files (a user's password hash) are 0600", () => {
    const { dataDir } = new E2E(e2e.emulator);
    const writer = new QueueWriter(dataDir);
    const old = process.umask(0);
    try {
      const name = writer.stage({
        id: 'u-1',
        dn: userDn('ldapuser'),
        udm_object_type: 'users/user',
        object: { username: 'ldapuser', password: '{crypt}$6$salt$hash' },
        options: null,
      });
      writer.publish(writer.syncStaged());
      expect(modeOf(join(dataDir, 'listener', name))).toBe('0600');
    } finally {
      process.umask(old);
    }
  });
});
