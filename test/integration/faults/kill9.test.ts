// kill -9 at random points during a run of 2,000+ changes (users created, changed, renamed, moved between
// contexts, deleted; groups created and re-membered): each repetition queues the 2,084 changes in a fresh data
// directory with fresh contexts, kills the connector KILLS times at random points, lets a last run finish and
// checks that OX holds exactly the queue's last states: nothing lost, nothing duplicated, group memberships right
// in every context. OX_TEST_KILL_REPEATS repetitions (default 2, about 40 s, to keep the default suite short; the full check
// is OX_TEST_KILL_REPEATS=20); OX_TEST_KILL_SEED varies the kill points.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { startEmulator } from '../../../src/emulator/index.js';
import { contextDn, contextObject, E2E, MASTER_PASSWORD, runAndKill, udmUser, userDn } from '../../helpers/e2e.js';
import { expectUsersExactly, type ExpectedUser } from '../../helpers/ox-read.js';

const REPEATS = Number(process.env.OX_TEST_KILL_REPEATS ?? '2');
const KILLS = 3;
const N = 1100; // users; two waves + groups = 2,084 changes
const GROUPS = 10;

let emu: RunningEmulator;
beforeAll(async () => {
  // A little latency per call, so that a run of 2,000 changes is long enough to be killed many times.
  emu = await startEmulator({ port: 0, masterPassword: MASTER_PASSWORD, latencyMs: 2 });
});
afterAll(async () => {
  await emu.close();
});

const groupDn = (g: number) => `cn=killgroup${g},cn=groups,dc=example,dc=org`;

let seed = Number(process.env.OX_TEST_KILL_SEED ?? '4711');
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

it.each([...Array(REPEATS).keys()])(
  `repetition %i: kill -9 at random points during 2,000+ changes, end state equals the queue's last states`,
  { timeout: 120_000 },
  async (rep) => {
    const [A, B] = [950 + 2 * rep, 951 + 2 * rep];
    const t = new E2E(emu, { DEFAULT_CONTEXT: String(A) });
    t.queue('ctx-a', 'oxmail/oxcontext', contextDn(A), contextObject(A));
    t.queue('ctx-b', 'oxmail/oxcontext', contextDn(B), contextObject(B));
    const expected = new Map<string, ExpectedUser>();
    const nameOf = new Map<number, string>(); // user index → its final username
    for (let i = 0; i < N; i++) {
      t.queue(`k${i}`, 'users/user', userDn(`kill${i}`), udmUser(`kill${i}`, A, { city: 'v1' }));
      expected.set(`kill${i}`, { ctx: A, city: 'v1' });
      nameOf.set(i, `kill${i}`);
    }
    // Groups name users that are never renamed (i % 4 !== 1), so their member DNs stay valid.
    const members = (g: number, wave: number) =>
      [...Array(N).keys()].filter((i) => i % 4 !== 1 && i % GROUPS === g && (wave === 1 || i % 3 !== 0));
    for (let g = 0; g < GROUPS; g++) {
      t.queue(`g${g}`, 'groups/group', groupDn(g), {
        name: `killgroup${g}`,
        isOxGroup: 'OK',
        users: members(g, 1).map((i) => userDn(`kill${i}`)),
      });
    }
    for (let i = 0; i < N; i++) {
      const kind = i % 4;
      if (kind === 0) {
        t.queue(`k${i}`, 'users/user', userDn(`kill${i}`), udmUser(`kill${i}`, A, { city: 'v2' }));
        expected.set(`kill${i}`, { ctx: A, city: 'v2' });
      } else if (kind === 1) {
        const dn = userDn(`killren${i}`);
        t.queue(
          `k${i}`,
          'users/user',
          dn,
          udmUser(`killren${i}`, A, { city: 'v1', mailPrimaryAddress: `kill${i}@example.org` }),
        );
        expected.delete(`kill${i}`);
        expected.set(`killren${i}`, { ctx: A, city: 'v1' });
        nameOf.set(i, `killren${i}`);
      } else if (kind === 2) {
        t.queue(`k${i}`, 'users/user', userDn(`kill${i}`), udmUser(`kill${i}`, B, { city: 'moved' }));
        expected.set(`kill${i}`, { ctx: B, city: 'moved' });
      } else if (i % 8 === 3) {
        t.queue(`k${i}`, 'users/user', userDn(`kill${i}`), null);
        expected.set(`kill${i}`, null);
      }
    }
    for (let g = 0; g < GROUPS; g++) {
      t.queue(`g${g}`, 'groups/group', groupDn(g), {
        name: `killgroup${g}`,
        isOxGroup: 'OK',
        users: members(g, 2).map((i) => userDn(`kill${i}`)),
      });
    }

    const queued = () => t.queueFiles().length;
    const total = queued();
    expect(total).toBeGreaterThanOrEqual(2000);
    let interrupted = 0;
    for (let k = 0; k < KILLS && queued() > 0; k++) {
      const left = queued();
      // The kill lands anywhere between 10 % and 90 % of what is left (mid-batch, mid-commit, between phases).
      await runAndKill(t, Math.floor(left * (0.1 + 0.8 * rnd())));
      if (queued() > 0 && queued() < left) interrupted++;
      if (process.env.OX_TEST_KILL_DEBUG) console.log(`rep ${rep} kill ${k}: ${left} -> ${queued()}`);
    }
    // At least one kill must land in the middle of the work, or the repetition proves nothing.
    expect(interrupted).toBeGreaterThanOrEqual(1);
    const final = await t.run();
    expect(final.stdout).toMatch(/failed=0 left=0/);
    expect(final.code).toBe(0);

    const ox = t.client();
    const all = await expectUsersExactly(ox, [A, B], expected);

    // Groups: in each context exactly the members of the last state that live there; none where none do.
    const idOf = new Map(all.map((u) => [`${u.ctx}:${u.name as string}`, u.id as number]));
    for (let g = 0; g < GROUPS; g++) {
      for (const ctx of [A, B]) {
        const want = members(g, 2)
          .map((i) => idOf.get(`${ctx}:${nameOf.get(i)!}`))
          .filter((id): id is number => id !== undefined)
          .sort((a, b) => a - b);
        let got: number[] | undefined;
        try {
          const grp = (await ox.call('OXGroupService', 'getData', {
            ctx: { id: ctx },
            grp: { name: `killgroup${g}` },
          })) as {
            members?: number[];
          };
          got = [...(grp.members ?? [])].sort((a, b) => a - b);
        } catch (err) {
          if ((err as { kind?: string }).kind !== 'notFound') throw err;
        }
        if (want.length === 0) expect(got, `killgroup${g} in ${ctx}`).toBeUndefined();
        else expect(got, `killgroup${g} in ${ctx}`).toEqual(want);
      }
    }
    ox.close();
  },
);
