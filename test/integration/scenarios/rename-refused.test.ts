// Issue 14 item 16: an OX with USERNAME_CHANGEABLE=false refuses login renames. The emulator behaves so with
// `ox-connector emulator --no-allow-login-name-change`; the parked object's message names that OX setting and
// what to do, and the OX user stays as it was.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { MASTER_PASSWORD, setupContexts, udmUser, userDn } from '../../helpers/e2e.js';
import { userByName } from '../../helpers/ox-read.js';

const MAIN = resolve(import.meta.dirname, '../../../dist/cli/main.js');
let emulator: ChildProcess;
let url = '';

beforeAll(async () => {
  emulator = spawn(
    process.execPath,
    [MAIN, 'emulator', '--port', '0', '--master-password', MASTER_PASSWORD, '--no-allow-login-name-change'],
    { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  url = await new Promise<string>((done, fail) => {
    let out = '';
    emulator.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) done(m[1]);
    });
    emulator.on('exit', (code) => fail(new Error(`emulator exited with ${code}: ${out}`)));
  });
});

afterAll(() => {
  emulator?.kill('SIGTERM');
});

describe('OX refuses login renames (USERNAME_CHANGEABLE=false)', () => {
  it('parks the user with a message that names the OX setting and what to do', async () => {
    const { t, ids, ox } = await setupContexts({ url } as RunningEmulator, 2700, 1);
    const ctx = ids[0];
    t.queue('ren', 'users/user', userDn('before'), udmUser('before', ctx));
    await t.runOk();
    const user = await userByName(ox, ctx, 'before');

    t.queue('ren', 'users/user', userDn('after'), udmUser('after', ctx, { mailPrimaryAddress: 'before@example.org' }));
    const r = await t.run();
    expect(r.code).toBe(1);
    const list = await t.run(['tasks', 'list', '--json']);
    const item = (JSON.parse(list.stdout) as { objectId: string; status: string; error?: string }[]).find(
      (i) => i.objectId === 'ren',
    );
    expect(item?.status).toBe('parked');
    expect(item?.error).toContain('Changing username is disabled!');
    expect(item?.error).toContain('USERNAME_CHANGEABLE');
    expect(item?.error).toContain('"before"');
    expect(item?.error).toMatch(/set USERNAME_CHANGEABLE=true.*or give the user its old username.*tasks retry ren/);
    expect((await userByName(ox, ctx, 'before'))?.id).toBe(user?.id);
    ox.close();
  });
});
