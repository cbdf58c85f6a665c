// The long-running `run`: picks up new queue files while running; refuses a second runner; bad settings exit 2.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { contextDn, contextObject, E2E, startTestEmulator, udmUser, userDn } from '../../helpers/e2e.js';
import { userByName } from '../../helpers/ox-read.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.close();
});

const MAIN = resolve(import.meta.dirname, '../../../dist/cli/main.js');

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

it('processes files that arrive while it runs, and a second runner is refused naming the PID', async () => {
  const t = new E2E(emu, { DEFAULT_CONTEXT: '950' });
  const child = spawn(process.execPath, [MAIN, 'run', '--data-dir', t.dataDir], {
    env: { PATH: process.env.PATH ?? '', ...t.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  try {
    await until(() => out.includes('Watching'), 'the runner to start');
    const second = await t.run(['run', '--once']);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`PID ${child.pid}`);

    t.queue('ctx-950', 'oxmail/oxcontext', contextDn(950), contextObject(950));
    t.queue('u-live', 'users/user', userDn('live'), udmUser('live', 950));
    const ox = t.client();
    await until(
      async () => readdirSync(join(t.dataDir, 'listener')).filter((f) => f.endsWith('.json')).length === 0,
      'the queue to drain',
    );
    expect(await userByName(ox, 950, 'live')).toBeDefined();
    ox.close();
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('close', r));
  }
  expect(existsSync(join(t.dataDir, 'ox-connector.lock'))).toBe(false);
});

it('invalid settings stop it with exit code 2 and one line per problem', async () => {
  const t = new E2E(emu);
  const r = await t.run(['run', '--once'], { DEFAULT_CONTEXT: 'ten', OX_IMAP_SERVER: 'nonsense' });
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(2);
  expect(r.stderr).toMatch(/DEFAULT_CONTEXT=ten/);
  expect(r.stderr).toMatch(/OX_IMAP_SERVER=nonsense/);
});
