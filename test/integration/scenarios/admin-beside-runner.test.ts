// Issue 19 item 2 (decision 0345): `tasks retry` and `cache rebuild` issued while a runner provisions a queue are
// handed to the runner, which carries them out between its batches; the command prints the result itself. A
// request left by a runner killed with SIGKILL is carried out once (by the next runner, or by the command when
// no runner holds the directory); without a runner the command runs directly, as before.
import Database from 'better-sqlite3';
import { createServer, type Server, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { contextDn, contextObject, udmUser, until, userDn, useE2E, type E2E } from '../../helpers/e2e.js';
import { userByName } from '../../helpers/ox-read.js';

const e2e = useE2E(1900);

function watched(child: ChildProcess): { text: () => string } {
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { text: () => out };
}

async function stopped(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise((done) => child.on('close', done));
  child.kill(signal);
  await closed;
}

function queueUsers(t: E2E, prefix: string, ctx: number, n: number): void {
  for (let i = 0; i < n; i++)
    t.queue(`${prefix}${i}`, 'users/user', userDn(`${prefix}${i}`), udmUser(`${prefix}${i}`, ctx));
}

const retryLines = (t: E2E) =>
  readFileSync(join(t.dataDir, 'ox-connector-tasks.log'), 'utf8')
    .split('\n')
    .filter((l) => /\bretry\b/.test(l));

describe('store-changing commands while a runner provisions', () => {
  it('tasks retry and cache rebuild are carried out by the busy runner; the retried user is provisioned', async () => {
    const { t, ids, ox } = await e2e.setup(1);
    const late = e2e.newContextId(); // not there yet: its user is parked until the context exists
    t.queue('parked-user', 'users/user', userDn(`late${late}`), udmUser(`late${late}`, late));
    queueUsers(t, `busy${ids[0]}a`, ids[0], 40);
    const runner = t.start(['run'], { OX_CONNECTOR_CONCURRENCY: '1' });
    const out = watched(runner);
    try {
      await until(
        async () => (await t.run(['tasks', 'list', '--status', 'parked'])).stdout.includes(`late${late}`),
        'the user of the missing context to be parked',
      );
      // The context comes; the parked user waits for an administrator (a refused change is not retried on a timer).
      t.queue(`ctx-${late}`, 'oxmail/oxcontext', contextDn(late), contextObject(late));
      queueUsers(t, `busy${ids[0]}b`, ids[0], 150);
      const retry = await t.run(['tasks', 'retry', 'parked-user']);
      expect(retry.stderr).not.toMatch(/refused/);
      expect(retry.stdout).toMatch(/^Retrying users\/user uid=late\d+/);
      expect(retry.code).toBe(0);
      const rebuild = await t.run(['cache', 'rebuild', '--json']);
      expect(rebuild.stderr).not.toMatch(/refused/);
      expect(JSON.parse(rebuild.stdout)).toMatchObject({ contexts: expect.any(Number), missing: 0 });
      expect(rebuild.code).toBe(0);
      await until(() => t.queueFiles().length === 0, 'the runner to drain the queue');
      await until(async () => (await userByName(ox, late, `late${late}`)) !== undefined, 'the retried user in OX');
      expect(retryLines(t)).toHaveLength(1);
      expect((await t.run(['tasks', 'list', '--json'])).stdout.trim()).toBe('[]');
      expect(out.text()).toMatch(/carried out ox-connector tasks retry/);
    } finally {
      await stopped(runner);
      ox.close();
    }
  });

  it('a request left by a runner killed with SIGKILL is carried out exactly once', async () => {
    const { t, ids, ox } = await e2e.setup(1);
    // An OX that takes the call and never answers: the runner is stuck with an object in flight, so the request
    // stays pending until the runner is killed.
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => sockets.push(s));
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    const port = (silent.address() as { port: number }).port;
    queueUsers(t, `stuck${ids[0]}`, ids[0], 3);
    const stuck = t.start(['run'], { OX_SOAP_SERVER: `http://127.0.0.1:${port}`, OX_CONNECTOR_CONCURRENCY: '1' });
    const stuckOut = watched(stuck);
    let second: ChildProcess | undefined;
    try {
      await until(() => sockets.length > 0, 'the runner to call OX');
      const command = t.start(['tasks', 'retry', '--all', '--wait-seconds', '120']);
      const commandOut = watched(command);
      const result = new Promise<number | null>((done) => command.on('close', done));
      await until(() => commandOut.text().includes('waiting for'), 'the command to hand its request over');
      await stopped(stuck, 'SIGKILL');
      expect(stuckOut.text()).not.toMatch(/carried out/);
      // The service manager starts the connector again (with a working OX).
      second = t.start(['run']);
      expect(await result).toBe(0);
      expect(commandOut.text()).toMatch(/Retrying 0 parked object\(s\) with the next pass\./);
      expect(retryLines(t)).toHaveLength(1);
      await until(() => t.queueFiles().length === 0, 'the second runner to drain the queue');
    } finally {
      if (second) await stopped(second);
      await stopped(stuck, 'SIGKILL');
      for (const s of sockets) s.destroy();
      silent.close();
      ox.close();
    }
  });

  it('without a runner the command runs directly and leaves no request behind', async () => {
    const { t, ids, ox } = await e2e.setup(1);
    queueUsers(t, `direct${ids[0]}`, ids[0], 2);
    await t.runOk();
    const r = await t.run(['tasks', 'retry', '--all']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Retrying 0 parked object(s) with the next pass.\n');
    expect(r.stderr).not.toMatch(/waiting for/);
    const rebuild = await t.run(['cache', 'rebuild']);
    expect(rebuild.code).toBe(0);
    expect(rebuild.stdout).toMatch(/^2 user\(s\) in 1 context\(s\) checked, 0 id\(s\) updated, 0 not found in OX/);
    const db = new Database(join(t.dataDir, 'ox-connector.db'), { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM admin_requests').get()).toEqual({ n: 0 });
    db.close();
    ox.close();
  });
});
