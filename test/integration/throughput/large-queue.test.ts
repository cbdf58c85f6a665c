// A queue larger than what the engine keeps in memory (decision 0120), through the CLI against the emulator:
// ordering across the whole queue (a group before its members, the context last), coalescing of an object
// whose files lie far apart, and the fewest-calls rules counted by `run --once --stats` (decision 0121).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { contextDn, contextObject, E2E, startTestEmulator, udmUser, userDn } from '../../helpers/e2e.js';
import { userByName, usersIn } from '../../helpers/ox-read.js';

const CTX = 3100;
/**
 * More than a thousand objects, none kept whole after indexing (OX_CONNECTOR_QUEUE_MEMORY_MB=0): every file is
 * read again when its turn comes (decision 0192; the default budget would keep this whole queue in memory).
 */
const USERS = 1100;
const groupDn = 'cn=everyone,cn=groups,dc=example,dc=org';
const names = Array.from({ length: USERS }, (_, i) => `bulk${i}`);
const group = (members: string[]) => ({
  name: 'everyone',
  users: members.map(userDn),
  isOxGroup: 'OK',
  description: '',
  nestedGroup: [],
});

let emu: RunningEmulator;
let t: E2E;
beforeAll(async () => {
  emu = await startTestEmulator();
  t = new E2E(emu, { DEFAULT_CONTEXT: String(CTX), OX_CONNECTOR_CONCURRENCY: '8', OX_CONNECTOR_QUEUE_MEMORY_MB: '0' });
});
afterAll(async () => {
  await emu.close();
});

/** `soap Service.op=n` lines of --stats, plus the total. */
function calls(stdout: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of stdout.matchAll(/^soap (\S+)=(\d+)$/gm)) out[m[1]] = Number(m[2]);
  return out;
}

async function runStats(): Promise<{ stdout: string; calls: Record<string, number> }> {
  const r = await t.run(['run', '--once', '--stats']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return { stdout: r.stdout, calls: calls(r.stdout) };
}

describe('a queue of more than a thousand objects', () => {
  it('is provisioned in dependency order with one call per object, whatever the file order', async () => {
    t.queue('unknown-1', 'groups/groups', groupDn, group(names)); // an unknown type: stays queued
    t.queue('grp-everyone', 'groups/group', groupDn, group(names));
    t.queue('u-0', 'users/user', userDn(names[0]), udmUser(names[0], CTX, { city: 'first' }));
    for (let i = 1; i < USERS; i++) t.queue(`u-${i}`, 'users/user', userDn(names[i]), udmUser(names[i], CTX));
    t.queue('u-0', 'users/user', userDn(names[0]), udmUser(names[0], CTX, { city: 'last' }));
    t.queue('ctx', 'oxmail/oxcontext', contextDn(CTX), contextObject(CTX));

    const r = await t.run(['run', '--once', '--stats']);
    // The unknown type stays queued (and is reported), everything else is done.
    expect(r.stdout).toMatch(new RegExp(`processed=${USERS + 3} failed=0 left=1`));
    const c = calls(r.stdout);
    expect(c['OXContextService.create']).toBe(1);
    expect(c['OXUserService.createByModuleAccess']).toBe(USERS);
    expect(c['OXGroupService.create']).toBe(1);
    expect(c.total).toBe(USERS + 2);
    expect(r.stdout).toMatch(/^peak_rss_kib=\d+$/m);
    expect(r.stdout).toMatch(/^wall_ms=\d+$/m);

    const ox = t.client();
    try {
      expect((await usersIn(ox, CTX)).length).toBe(USERS);
      expect((await userByName(ox, CTX, names[0]))?.city_business).toBe('last');
      const groups = (await ox.call('OXGroupService', 'listAll', { ctx: { id: CTX } })) as Record<string, unknown>[];
      const everyone = groups.find((g) => g.name === 'everyone');
      expect((everyone?.members as unknown[] | undefined)?.length).toBe(USERS);
    } finally {
      ox.close();
    }
  });

  it('costs nothing for re-deliveries, one call per changed user and one for a group change', async () => {
    for (let i = 0; i < USERS; i++)
      t.queue(`u-${i}`, 'users/user', userDn(names[i]), udmUser(names[i], CTX, i === 0 ? { city: 'last' } : {}));
    t.queue('grp-everyone', 'groups/group', groupDn, group(names));
    const noop = await runStats();
    expect(noop.stdout).toMatch(new RegExp(`processed=${USERS + 1} failed=0`));
    expect(noop.calls.total).toBe(0);

    for (let i = 0; i < 10; i++)
      t.queue(`u-${i}`, 'users/user', userDn(names[i]), udmUser(names[i], CTX, { city: `changed ${i}` }));
    // A member leaves the group: one call, however many members stay.
    t.queue('grp-everyone', 'groups/group', groupDn, group(names.slice(1)));
    const changed = await runStats();
    expect(changed.calls['OXUserService.change']).toBe(10);
    expect(changed.calls['OXGroupService.change']).toBe(1);
    expect(changed.calls.total).toBe(11);
  });
});
