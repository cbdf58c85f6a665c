// A queue longer than one pass takes (OX_CONNECTOR_PASS_MAX_FILES, decision 0338), through the CLI against the
// emulator: every change arrives, an object whose files lie in different passes ends in its last state, objects
// parked at the front of the queue neither stop the passes behind them nor are unparked by a partial pass.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { contextDn, contextObject, E2E, startTestEmulator, udmUser, userDn } from '../../helpers/e2e.js';
import { userByName, usersIn } from '../../helpers/ox-read.js';

const CTX = 3200;
const WINDOW = 5;
const GOOD = 20;
const BAD = 2 * WINDOW + 1;
const names = Array.from({ length: GOOD }, (_, i) => `win${i}`);
const groupDn = 'cn=windowed,cn=groups,dc=example,dc=org';

let emu: RunningEmulator;
let t: E2E;
beforeAll(async () => {
  emu = await startTestEmulator();
  t = new E2E(emu, {
    DEFAULT_CONTEXT: String(CTX),
    OX_CONNECTOR_CONCURRENCY: '4',
    OX_CONNECTOR_PASS_MAX_FILES: String(WINDOW),
  });
});
afterAll(async () => {
  await emu.close();
});

describe('a queue longer than one pass takes', () => {
  it('is provisioned pass after pass, behind more parked objects than a pass takes', async () => {
    t.queue('ctx', 'oxmail/oxcontext', contextDn(CTX), contextObject(CTX));
    // Parked for good (a context id that is not a number): more of them than one pass takes.
    for (let i = 0; i < BAD; i++) t.queue(`bad-${i}`, 'users/user', userDn(`bad${i}`), udmUser(`bad${i}`, 'ten'));
    t.queue('u-0', 'users/user', userDn(names[0]), udmUser(names[0], CTX, { city: 'first' }));
    for (let i = 1; i < GOOD; i++) t.queue(`u-${i}`, 'users/user', userDn(names[i]), udmUser(names[i], CTX));
    t.queue('grp', 'groups/group', groupDn, {
      name: 'windowed',
      users: names.map(userDn),
      isOxGroup: 'OK',
      description: '',
      nestedGroup: [],
    });
    t.queue('u-0', 'users/user', userDn(names[0]), udmUser(names[0], CTX, { city: 'last' }));

    const r = await t.run(['run', '--once']);
    const out = r.stdout + r.stderr;
    expect(out).toContain(`this pass takes the oldest ${WINDOW} (OX_CONNECTOR_PASS_MAX_FILES)`);

    const ox = t.client();
    try {
      expect((await usersIn(ox, CTX)).map((u) => u.name).sort()).toEqual(expect.arrayContaining([...names].sort()));
      expect((await userByName(ox, CTX, names[0]))?.city_business).toBe('last');
      const groups = (await ox.call('OXGroupService', 'listAll', { ctx: { id: CTX } })) as Record<string, unknown>[];
      const windowed = groups.find((g) => g.name === 'windowed');
      expect((windowed?.members as unknown[] | undefined)?.length).toBe(GOOD);
    } finally {
      ox.close();
    }
    // The parked objects stay parked (a pass over part of the queue does not settle them) and stay queued.
    const parked = await t.run(['tasks', 'list', '--status', 'parked', '--json']);
    const rows = JSON.parse(parked.stdout) as unknown[];
    expect(rows).toHaveLength(BAD);
    expect(t.queueFiles()).toHaveLength(BAD);
  });
});
