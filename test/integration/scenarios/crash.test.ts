// Kill -9 the connector at random points during a run of a few hundred changes, rerun, and check that OX ends
// exactly where the queue says: nothing lost, nothing duplicated.
import { expect, it } from 'vitest';
import { contextDn, contextObject, E2E, runAndKill, udmUser, userDn, useE2E } from '../../helpers/e2e.js';
import { expectUsersExactly, type ExpectedUser } from '../../helpers/ox-read.js';

const e2e = useE2E();

it('survives kill -9 at random points: end state equals the queue’s last states', async () => {
  const [a, b] = [900, 901];
  const t = new E2E(e2e.emulator, { DEFAULT_CONTEXT: String(a) });
  t.queue('ctx-a', 'oxmail/oxcontext', contextDn(a), contextObject(a));
  t.queue('ctx-b', 'oxmail/oxcontext', contextDn(b), contextObject(b));
  const expected = new Map<string, ExpectedUser>();
  const N = 160;
  for (let i = 0; i < N; i++) {
    t.queue(`u${i}`, 'users/user', userDn(`crash${i}`), udmUser(`crash${i}`, a, { city: 'v1' }));
    expected.set(`crash${i}`, { ctx: a, city: 'v1' });
  }
  // Second wave: changes, renames, context moves and deletions of the same objects (300+ changes in total).
  for (let i = 0; i < N; i++) {
    const kind = i % 4;
    if (kind === 0) {
      t.queue(`u${i}`, 'users/user', userDn(`crash${i}`), udmUser(`crash${i}`, a, { city: 'v2' }));
      expected.set(`crash${i}`, { ctx: a, city: 'v2' });
    } else if (kind === 1) {
      t.queue(
        `u${i}`,
        'users/user',
        userDn(`renamed${i}`),
        udmUser(`renamed${i}`, a, { city: 'v1', mailPrimaryAddress: `crash${i}@example.org` }),
      );
      expected.delete(`crash${i}`);
      expected.set(`renamed${i}`, { ctx: a, city: 'v1' });
    } else if (kind === 2) {
      t.queue(`u${i}`, 'users/user', userDn(`crash${i}`), udmUser(`crash${i}`, b, { city: 'moved' }));
      expected.set(`crash${i}`, { ctx: b, city: 'moved' });
    } else if (i % 8 === 3) {
      t.queue(`u${i}`, 'users/user', userDn(`crash${i}`), null);
      expected.set(`crash${i}`, null);
    }
  }

  // Kill at random points of the remaining work; the store and OX must stay consistent after each.
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const queued = () => t.queueFiles().length;
  const before = queued();
  let interrupted = 0;
  for (let k = 0; k < 6; k++) {
    const left = queued();
    await runAndKill(t, Math.floor(left * (0.1 + 0.8 * rnd())));
    if (queued() > 0 && queued() < left) interrupted++;
  }
  // At least one kill must have hit in the middle of the work, or the test proves nothing.
  expect(interrupted).toBeGreaterThan(0);
  expect(before).toBeGreaterThan(300);
  const final = await t.run();
  expect(final.stdout).toMatch(/failed=0 left=0/);
  expect(final.code).toBe(0);

  const ox = t.client();
  await expectUsersExactly(ox, [a, b], expected);
  ox.close();
});
