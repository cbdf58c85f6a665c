// The error policy with a fake OX: transient vs permanent, dependants held, unrelated objects flowing,
// strict mode, a new change retrying a parked object, parked state surviving a restart, health JSON.
import { mkdirSync, mkdtempSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../../src/config/settings.js';
import { parkDelaySeconds } from '../../../src/engine/engine.js';
import { credentialsFor, Runner } from '../../../src/engine/runner.js';
import { currentError } from '../../../src/ops/health.js';
import { createLogger } from '../../../src/ops/log.js';
import { QueueWriter } from '../../helpers/queue-files.js';
import { FakeOx, FakeOxError } from '../../helpers/fake-ox.js';

let dir: string;
let ox: FakeOx;
let lines: string[];
let files: QueueWriter;
const rejectContexts = new Set<number>();

function queue(id: string, type: string, dn: string, object: Record<string, unknown> | null): string {
  return files.write(id, type, dn, object);
}

function runner(env: Record<string, string> = {}) {
  const settings = loadSettings(
    { OX_MASTER_PASSWORD: 'master-secret', DOMAINNAME: 'example.org', ...env },
    { dataDir: dir },
  );
  return new Runner({
    settings,
    log: createLogger('INFO', (l) => lines.push(l)),
    ox,
    credentials: credentialsFor(settings),
    probe: async () => true,
  });
}

async function withRunner<T>(env: Record<string, string>, f: (r: Runner) => Promise<T>): Promise<T> {
  const r = runner(env);
  try {
    return await f(r);
  } finally {
    r.close();
  }
}

const user = (name: string, ctx = '10', extra: Record<string, unknown> = {}) => ({
  username: name,
  firstname: 'Emil',
  lastname: 'X',
  mailPrimaryAddress: `${name}@example.org`,
  isOxUser: 'OK',
  oxAccess: 'premium',
  oxContext: ctx,
  ...extra,
});
const udn = (n: string) => `uid=${n},cn=users,dc=x`;
const names = (ctx: number) =>
  ox
    .usersIn(ctx)
    .map((u) => u.name as string)
    .filter((n) => !n.startsWith('oxadmin'));
const queued = () => readdirSync(join(dir, 'listener')).filter((f) => f.endsWith('.json'));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oxc-policy-'));
  mkdirSync(join(dir, 'listener'));
  files = new QueueWriter(join(dir, 'listener'));
  writeFileSync(join(dir, 'ModuleAccessDefinitions.properties'), 'premium=webmail,calendar\n');
  ox = new FakeOx();
  ox.beforeCall = (key, args) => {
    const id = (args.ctx as { id?: number } | undefined)?.id;
    if (key === 'OXContextService.create' && id !== undefined && rejectContexts.has(id))
      throw new FakeOxError('invalidData', `Context ${id} refused: invalid quota`);
  };
  rejectContexts.clear();
  lines = [];
});

describe('error policy', () => {
  it('back-off: exponential capped by OX_CONNECTOR_MAX_BACKOFF; strict mode 5 s × attempts', () => {
    expect([1, 2, 3, 4].map((n) => parkDelaySeconds(n, false, 1200))).toEqual([5, 10, 20, 40]);
    expect(parkDelaySeconds(30, false, 1200)).toBe(1200);
    expect(parkDelaySeconds(3, true, 1200)).toBe(15);
    expect(parkDelaySeconds(500, true, 1200)).toBe(1200);
    expect(parkDelaySeconds(9, false, 60)).toBe(60);
  });

  it('permanent failure parks the object, holds a group naming it, and the rest flows', async () => {
    queue('c10', 'oxmail/oxcontext', 'cn=context10,dc=x', { contextid: '10' });
    queue('bad', 'users/user', udn('bad'), user('bad', '10', { username: '' }));
    queue('good', 'users/user', udn('good'), user('good'));
    const g = queue('g1', 'groups/group', 'cn=g1,dc=x', { name: 'g1', isOxGroup: 'OK', users: [udn('BAD')] });
    await withRunner({}, async (r) => {
      const pass = await r.engine.pass(true);
      expect(pass.processed).toBe(2); // context + good
      expect(pass.failed).toBe(1);
      // The group is unknown to the registry or held: either way it has not run and stays queued.
      expect(queued()).toContain(g);
      const parked = r.store.allParked();
      expect(parked.map((p) => p.objectId)).toEqual(['bad']);
      expect(parked[0].error).toMatch(/users\/user uid=bad,cn=users,dc=x \(id bad\).*OX_USER_IDENTIFIER/);
      // Health stays unhealthy while something is parked, even after later successes reset the counter.
      const h = currentError(r.store);
      expect(h.errors).not.toBe('0');
      expect(typeof h.errors).toBe('string');
      expect(h.filename).toMatch(/listener\/.*\.json$/);
    });
    expect(names(10)).toContain('good');
  });

  it('users of a parked context are held, logged once, and flow when the context is fixed', async () => {
    rejectContexts.add(20);
    queue('c20', 'oxmail/oxcontext', 'cn=context20,dc=x', { contextid: '20' });
    queue('u20', 'users/user', udn('u20'), user('u20', '20'));
    queue('u10', 'users/user', udn('u10'), user('u10', '10'));
    queue('c10', 'oxmail/oxcontext', 'cn=context10,dc=x', { contextid: '10' });
    await withRunner({}, async (r) => {
      const first = await r.engine.pass(true);
      expect(first.failed).toBe(1);
      expect(r.engine.policy.allHeld().map((h) => h.objectId)).toEqual(['u20']);
      // Later passes (parked, not due): still held, no new log line per pass.
      await r.engine.pass(false);
      await r.engine.pass(false);
      expect(lines.filter((l) => l.includes('Holding back'))).toHaveLength(1);
      expect(r.engine.policy.allHeld()[0].reason).toMatch(/context 20 .*is parked/);
      // The administrator corrects the cause: a new change of the context is tried at once, its user follows.
      rejectContexts.delete(20);
      queue('c20', 'oxmail/oxcontext', 'cn=context20,dc=x', { contextid: '20' });
      const fixed = await r.engine.pass(false);
      expect(fixed.failed).toBe(0);
      expect(r.store.allParked()).toHaveLength(0);
      expect(r.engine.policy.allHeld()).toHaveLength(0);
    });
    expect(names(20)).toEqual(['u20']);
    expect(names(10)).toEqual(['u10']);
    expect(queued()).toHaveLength(0);
  });

  it('parked objects survive a restart and wait for their retry time', async () => {
    queue('c10', 'oxmail/oxcontext', 'cn=context10,dc=x', { contextid: '10' });
    queue('lost', 'users/user', udn('lost'), user('lost', '99'));
    await withRunner({}, (r) => r.runOnce());
    const calls = ox.calls.length;
    await withRunner({}, async (r) => {
      expect(r.store.allParked().map((p) => p.objectId)).toEqual(['lost']);
      const pass = await r.engine.pass(false);
      expect(pass.left).toBe(1);
      expect(pass.failed).toBe(0);
    });
    expect(ox.calls.length).toBe(calls);
  });

  it('transient failure: logged once per attempt however many objects wait; nothing parked', async () => {
    queue('c10', 'oxmail/oxcontext', 'cn=context10,dc=x', { contextid: '10' });
    await withRunner({}, (r) => r.runOnce());
    for (let i = 0; i < 40; i++) queue(`u${i}`, 'users/user', udn(`u${i}`), user(`u${i}`));
    ox.down = true;
    lines = [];
    await withRunner({}, async (r) => {
      const pass = await r.engine.pass(false);
      expect(pass.transientFailure).toBe(true);
      expect(pass.transientError?.unreachable).toBe(true);
      expect(r.store.allParked()).toHaveLength(0);
      expect(lines.filter((l) => l.includes('Error while processing'))).toHaveLength(1);
      expect(lines.filter((l) => l.includes('consecutive error'))).toHaveLength(1);
      expect(lines.length).toBeLessThan(15);
    });
    ox.down = false;
    await withRunner({}, (r) => r.runOnce());
    expect(names(10)).toHaveLength(40);
    expect(queued()).toHaveLength(0);
  });

  it('OX_CONNECTOR_STOP_ON_ERROR=true stops at the first faulty item and the queue waits behind it', async () => {
    queue('c10', 'oxmail/oxcontext', 'cn=context10,dc=x', { contextid: '10' });
    queue('a', 'users/user', udn('a'), user('a'));
    const bad = queue('bad', 'users/user', udn('bad'), user('bad', '99'));
    queue('z', 'users/user', udn('z'), user('z'));
    const env = { OX_CONNECTOR_STOP_ON_ERROR: 'true' };
    await withRunner(env, async (r) => {
      const s = await r.runOnce();
      expect(s.failed).toBe(1);
      expect(names(10)).toEqual(['a']);
      // Not due yet: nothing moves, not even unrelated objects.
      queue('c11', 'oxmail/oxcontext', 'cn=context11,dc=x', { contextid: '11' });
      const blocked = await r.engine.pass(false);
      expect(blocked.blockedUntil).toBeDefined();
      expect(blocked.processed).toBe(0);
    });
    // The administrator removes the faulty file (the manual's remedy): everything else goes through.
    unlinkSync(join(dir, 'listener', bad));
    await withRunner(env, async (r) => {
      const s = await r.runOnce();
      expect(s).toEqual({ processed: 2, failed: 0, left: 0 });
      expect(r.store.allParked()).toHaveLength(0);
      expect(currentError(r.store)).toEqual({ errors: '0' });
    });
    expect(names(10).sort()).toEqual(['a', 'z']);
  });

  it('default mode: the same faulty item does not stop later ones', async () => {
    queue('c10', 'oxmail/oxcontext', 'cn=context10,dc=x', { contextid: '10' });
    queue('bad', 'users/user', udn('bad'), user('bad', '99'));
    queue('z', 'users/user', udn('z'), user('z'));
    const s = await withRunner({}, (r) => r.runOnce());
    expect(s.failed).toBe(1);
    expect(names(10)).toEqual(['z']);
  });
});
