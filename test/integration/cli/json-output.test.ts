// Issue 17 item 7 (decision 0303): every command that reports something prints one JSON document with --json,
// including the run --once summary, whose shape the README documents.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { udmUser, useE2E, userDn } from '../../helpers/e2e.js';

const e2e = useE2E(180);

/** stdout must be exactly one JSON document. */
function json(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('--json', () => {
  it('run --once prints its summary (and --stats) as one JSON document', async () => {
    const { t, ids } = await e2e.setup(1);
    t.queue('j-1', 'users/user', userDn('j1'), udmUser('j1', ids[0]!));
    t.queue('j-2', 'users/user', userDn('j2'), udmUser('j2', 9999)); // no such context: parked
    const r = await t.run(['run', '--once', '--json']);
    expect(r.code).toBe(1);
    expect(json(r.stdout)).toEqual({ processed: 1, failed: 1, left: 0 }); // stdout: the summary alone
    expect(r.stderr).toMatch(/INFO .*Successfully processed 1 files during this run/); // the log: on stderr

    t.queue('j-3', 'users/user', userDn('j3'), udmUser('j3', ids[0]!));
    const s = await t.run(['run', '--once', '--json', '--stats']);
    const withStats = json(s.stdout);
    expect(withStats).toMatchObject({ processed: 1, left: 0 });
    const stats = withStats.stats as { soapCalls: Record<string, number>; soapTotal: number; peakRssKib: number };
    expect(Object.keys(stats.soapCalls).filter((op) => op.startsWith('OXUserService.'))).not.toEqual([]);
    expect(stats.soapTotal).toBe(Object.values(stats.soapCalls).reduce((a, b) => a + b, 0));
    expect(stats.peakRssKib).toBeGreaterThan(0);
  });

  it('the administrator commands print one JSON document', async () => {
    const { t, ids } = await e2e.setup(1);
    t.queue('k-1', 'users/user', userDn('k1'), udmUser('k1', ids[0]!));
    t.queue('k-2', 'users/user', userDn('k2'), udmUser('k2', 9998));
    await t.run();
    const ok = async (args: string[], code = 0) => {
      const r = await t.run([...args, '--json']);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
      return json(r.stdout);
    };
    expect(await ok(['status'], 1)).toMatchObject({ errors: '1' });
    expect(await ok(['status', '--verbose'], 1)).toHaveProperty('parked');
    expect(await ok(['tasks', 'retry', '--all'])).toEqual({
      retried: 1,
      message: 'Retrying 1 parked object(s) with the next pass.',
    });
    expect(await ok(['tasks', 'retry', 'k-2'])).toMatchObject({ retried: 1, objectId: 'k-2' });
    expect(await ok(['tasks', 'skip', 'k-2', '--reason', 'test'])).toMatchObject({ discarded: 1, objectId: 'k-2' });
    expect(await ok(['tasks', 'reprovision', userDn('k1')])).toMatchObject({ queued: 1, dn: userDn('k1') });
    expect(await ok(['tasks', 'reprovision', '--all'])).toMatchObject({ queued: 2 }); // the context and k1
    expect(await ok(['cache', 'rebuild'])).toEqual({
      contexts: 1,
      checked: 1,
      updated: 0,
      missing: 0,
      skippedContexts: [],
    });
    expect(await ok(['cache', 'rebuild', '--delete'])).toEqual({ removed: 1 });
    expect(await ok(['cache', 'remove', userDn('k1')])).toEqual({ dn: userDn('k1'), removed: true });
    expect(await ok(['cache', 'remove', userDn('k1')], 1)).toEqual({ dn: userDn('k1'), removed: false });
    expect(await ok(['check-sync-status', '--dn', userDn('nobody')], 1)).toHaveProperty('consistent', false);
    expect(await ok(['import-legacy', '--offline', '--dry-run'])).toHaveProperty('dryRun', true);
    expect(await ok(['install-compat'])).toHaveProperty('unchanged');
    expect(await ok(['attribute-mapping', 'dump'])).toHaveProperty('userfield01');
    expect(await ok(['attribute-mapping', 'restore-default'])).toHaveProperty('file');
    expect(await ok(['attribute-mapping', 'modify', '--set', 'userfield01', 'description'])).toHaveProperty('file');
    expect(await ok(['tasks', 'list'])).toBeInstanceOf(Array);
  });

  it('emulator --json prints its address when ready', async () => {
    const child = spawn(
      process.execPath,
      [resolve(import.meta.dirname, '../../../dist/cli/main.js'), 'emulator', '--port', '0', '--json'],
      {
        env: { PATH: process.env.PATH ?? '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const line = await new Promise<string>((done) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) done(out.split('\n')[0]!);
      });
      child.on('close', () => done(out)); // it did not start: the assertions below say so
    });
    child.kill('SIGTERM');
    const ready = json(line);
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webservices$/);
    expect(ready.generatedMasterPassword).toMatch(/^[\w-]{16}$/);
  });
});
