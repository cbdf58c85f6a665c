// The long-running `run`: picks up new queue files while running; refuses a second runner; bad settings exit 2.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { contextDn, contextObject, E2E, udmUser, until, userDn, useE2E } from '../../helpers/e2e.js';
import { userByName } from '../../helpers/ox-read.js';

const e2e = useE2E();

it('processes files that arrive while it runs, and a second runner is refused naming the PID', async () => {
  const t = new E2E(e2e.emulator, { DEFAULT_CONTEXT: '950' });
  const child = t.start(['run']);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  try {
    await until(() => out.includes('Watching'), 'the runner to start');
    const second = await t.run(['run', '--once']);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`PID ${child.pid}`);

    t.queue('ctx-950', 'oxmail/oxcontext', contextDn(950), contextObject(950));
    t.queue('u-live', 'users/user', userDn('live'), udmUser('live', 950));
    const ox = t.client();
    await until(() => t.queueFiles().length === 0, 'the queue to drain');
    expect(await userByName(ox, 950, 'live')).toBeDefined();
    ox.close();
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('close', r));
  }
  expect(existsSync(join(t.dataDir, 'ox-connector.lock'))).toBe(false);
});

it('invalid settings stop it with exit code 2 and one line per problem', async () => {
  const t = new E2E(e2e.emulator);
  const r = await t.run(['run', '--once'], { DEFAULT_CONTEXT: 'ten', OX_IMAP_SERVER: 'nonsense' });
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(2);
  expect(r.stderr).toMatch(/DEFAULT_CONTEXT=ten/);
  expect(r.stderr).toMatch(/OX_IMAP_SERVER=nonsense/);
});
