// Issue 14 item 7: a parked object that receives a later change is tried once with that change, and after that
// only on its back-off — not once a second by the long-running `run`, each time with an ERROR line and a SOAP call.
// The real emulator as an HTTP server, the built CLI as `run` (without --once) for a bounded time.
import { expect, it } from 'vitest';
import { udmUser, useE2E, userDn } from '../../helpers/e2e.js';

const e2e = useE2E(1400);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

it(
  'a parked user with a later change is retried once for that change, then waits for its back-off',
  { timeout: 90_000 },
  async () => {
    const { t, ids } = await e2e.setup(1);
    // OX refuses the address (InvalidDataException): a permanent failure, so the user is parked.
    const bad = (city: string) => udmUser('parkme', ids[0], { mailPrimaryAddress: 'parkme@@example.org', city });
    // Every create OX receives for this login, however the connector spells the operation.
    const model = e2e.emulator.model;
    const handle = model.handle.bind(model);
    let creates = 0;
    model.handle = (service, operation, args) => {
      const data = (args.usrdata ?? args.user) as { name?: string } | undefined;
      if (service === 'OXUserService' && operation.startsWith('create') && data?.name === 'parkme') creates += 1;
      return handle(service, operation, args);
    };

    t.queue('parkme', 'users/user', userDn('parkme'), bad('Berlin'));
    let log = '';
    const child = t.start(['run']);
    child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    const errors = () =>
      log.split('\n').filter((l) => l.includes('ERROR') && l.includes('Error while processing')).length;
    try {
      await until(() => errors() >= 1 && /Parked users\/user/.test(log), 'the first failure to park the user');

      // A later change that does not fix it: tried once, because it might have.
      t.queue('parkme', 'users/user', userDn('parkme'), bad('Hamburg'));
      const before = creates;
      await until(() => creates > before && errors() >= 2, 'the later change to be tried');

      // Watch the service for a few seconds: the parked back-off (10 s after the second failure) is not over, so
      // nothing more is tried. Before the fix it was tried about once a second, each time logged as an ERROR.
      const callsAfterChange = creates;
      const errorsAfterChange = errors();
      await sleep(4000);
      expect(creates - callsAfterChange).toBeLessThanOrEqual(1);
      expect(errors() - errorsAfterChange).toBeLessThanOrEqual(1);
      expect(t.queueFiles()).toHaveLength(2); // both changes wait with the parked object
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('close', r));
      model.handle = handle;
    }
  },
);

it(
  'a user parked for a permanent failure is not tried again on a timer, only by tasks retry or a later change',
  { timeout: 90_000 },
  async () => {
    const { t, ids } = await e2e.setup(1);
    const model = e2e.emulator.model;
    const handle = model.handle.bind(model);
    let creates = 0;
    model.handle = (service, operation, args) => {
      const data = (args.usrdata ?? args.user) as { name?: string } | undefined;
      if (service === 'OXUserService' && operation.startsWith('create') && data?.name === 'refused') creates += 1;
      return handle(service, operation, args);
    };
    t.queue(
      'refused',
      'users/user',
      userDn('refused'),
      udmUser('refused', ids[0], { mailPrimaryAddress: 'refused@@example.org' }),
    );
    let log = '';
    // A one-second cap on back-offs: before the fix the parked user was tried again every second.
    const child = t.start(['run'], { OX_CONNECTOR_MAX_BACKOFF: '1' });
    child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    try {
      await until(() => /Parked users\/user/.test(log), 'the user to be parked');
      expect(log).toContain('tried again when the directory changes it');
      const parkedAfter = creates;
      await sleep(4000);
      expect(creates).toBe(parkedAfter); // OX refused this data; nothing asked to try it again
      expect(t.queueFiles()).toHaveLength(1);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('close', r));
      model.handle = handle;
    }
    // The administrator's retry still tries it (and OX still refuses it).
    const retry = await t.run(['tasks', 'retry', 'refused']);
    expect(retry.code).toBe(0);
    const once = await t.run(['run', '--once']);
    expect(once.code).toBe(1);
    expect(once.stdout).toContain('OX said: Invalid email address: refused@@example.org');
  },
);
