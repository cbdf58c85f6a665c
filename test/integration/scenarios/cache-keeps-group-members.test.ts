// Issue 14 item 2: a cache operation never costs a group a member, and the commands that change the store do
// not run beside a runner. End to end: users and groups in two contexts provisioned into the emulator, then
// `cache rebuild --delete` / `cache remove`, then later changes of the groups; every group keeps every member.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  E2E,
  functionalAccountDn,
  groupDn,
  udmFunctionalAccount,
  udmGroup,
  udmUser,
  until,
  userDn,
  useE2E,
  type ContextSetup,
} from '../../helpers/e2e.js';
import { accountsIn, groupNamed, members, oxUserId } from '../../helpers/ox-read.js';

const e2e = useE2E(1400);

/** 12 users over two contexts; group g<i> has a different mix of them, g3 only users of the second context. */
function directory(ids: number[]) {
  const users = Array.from({ length: 12 }, (_, i) => ({ name: `cm${ids[0]}u${i}`, ctx: ids[i % 2] }));
  const groups = [
    { name: `cm${ids[0]}g0`, users: users },
    { name: `cm${ids[0]}g1`, users: users.slice(0, 5) },
    { name: `cm${ids[0]}g2`, users: users.filter((_, i) => i % 3 === 0) },
    { name: `cm${ids[0]}g3`, users: users.filter((u) => u.ctx === ids[1]).slice(0, 3) },
  ];
  return { users, groups };
}

type Dir = ReturnType<typeof directory>;

function queueGroups(t: E2E, dir: Dir, extra: Record<string, unknown> = {}): void {
  for (const g of dir.groups)
    t.queue(
      `grp-${g.name}`,
      'groups/group',
      groupDn(g.name),
      udmGroup(
        g.name,
        g.users.map((u) => userDn(u.name)),
        extra,
      ),
    );
}

async function provisioned(): Promise<ContextSetup & { dir: Dir }> {
  const setup = await e2e.setup(2);
  const dir = directory(setup.ids);
  for (const u of dir.users) setup.t.queue(`usr-${u.name}`, 'users/user', userDn(u.name), udmUser(u.name, u.ctx));
  queueGroups(setup.t, dir);
  await setup.t.runOk();
  return { ...setup, dir };
}

/** Every group holds, in every context, exactly the OX ids of its directory members there. */
async function expectEveryMember({ ox, ids, dir }: ContextSetup & { dir: Dir }): Promise<void> {
  for (const g of dir.groups) {
    for (const ctx of ids) {
      const want = await Promise.all(g.users.filter((u) => u.ctx === ctx).map((u) => oxUserId(ox, ctx, u.name)));
      const group = await groupNamed(ox, ctx, g.name);
      expect(members(group), `members of ${g.name} in context ${ctx}`).toEqual(want.sort((a, b) => a - b));
    }
  }
}

describe('cache operations and groups', () => {
  it('cache rebuild --delete, then changes of every group: each keeps every member, in both contexts', async () => {
    const s = await provisioned();
    await expectEveryMember(s);
    // A functional account of three members (its secondary accounts are per member, like group memberships).
    const fa = `cm${s.ids[0]}fa`;
    const faUsers = s.dir.users.slice(0, 3).map((u) => userDn(u.name));
    s.t.queue(`fa-${fa}`, 'oxmail/functional_account', functionalAccountDn(fa), udmFunctionalAccount(fa, faUsers));
    await s.t.runOk();
    const faAccounts = async () =>
      (await Promise.all(s.ids.map((ctx) => accountsIn(s.ox, ctx))))
        .flat()
        .filter((a) => a.primaryAddress === `${fa}@example.org`);
    expect(await faAccounts()).toHaveLength(3);
    const r = await s.t.run(['cache', 'rebuild', '--delete']);
    expect(r.stdout).toBe('12 cached user id(s) removed.\n');
    expect(r.code).toBe(0);
    // Later changes, as the directory would send them: the account alone first, then every group.
    s.t.queue(
      `fa-${fa}`,
      'oxmail/functional_account',
      functionalAccountDn(fa),
      udmFunctionalAccount(fa, faUsers, { personal: 'Renamed' }),
    );
    await s.t.runOk();
    expect(await faAccounts()).toHaveLength(3);
    queueGroups(s.t, s.dir, { description: 'changed after the cache was cleared' });
    await s.t.runOk();
    await expectEveryMember(s);
    // The ids looked up were put back: a change of a user afterwards is a plain change, and still no loss.
    const u0 = s.dir.users[0];
    s.t.queue(`usr-${u0.name}`, 'users/user', userDn(u0.name), udmUser(u0.name, u0.ctx, { street: 'Elm' }));
    queueGroups(s.t, s.dir, { description: 'changed again' });
    await s.t.runOk();
    await expectEveryMember(s);
    s.ox.close();
  });

  it('cache remove of members, then group changes: the group keeps them until they come back, then follows the directory', async () => {
    const s = await provisioned();
    const [gone1, gone2] = [s.dir.users[1], s.dir.users[3]]; // members of g0 and g1 (both in the second context)
    for (const u of [gone1, gone2]) {
      const r = await s.t.run(['cache', 'remove', userDn(u.name)]);
      expect(r.code).toBe(0);
    }
    queueGroups(s.t, s.dir, { description: 'changed after cache remove' });
    await s.t.runOk();
    await expectEveryMember(s);
    // One of them changes in the directory: adopted by name again; the groups still hold both.
    s.t.queue(`usr-${gone1.name}`, 'users/user', userDn(gone1.name), udmUser(gone1.name, gone1.ctx, { street: 'Oak' }));
    await s.t.runOk();
    await expectEveryMember(s);
    // Both known again, a member taken out of a group in the directory leaves it in OX.
    s.t.queue(`usr-${gone2.name}`, 'users/user', userDn(gone2.name), udmUser(gone2.name, gone2.ctx, { street: 'Ash' }));
    const g1 = s.dir.groups[1];
    g1.users = g1.users.filter((u) => u !== gone1);
    queueGroups(s.t, s.dir);
    await s.t.runOk();
    await expectEveryMember(s);
    s.ox.close();
  });
});

// Decision 0205 refused these commands while a runner ran; since decision 0345 the runner carries them out between
// its batches (nothing of its own in flight), so they succeed and the groups still keep every member.
// check-sync-status --resync and import-legacy stay refused.
describe('commands that change the store, while a runner holds the data directory', () => {
  it('are carried out by the runner; groups keep every member; the rest are refused naming the PID; read-only commands work', async () => {
    const s = await provisioned();
    const runner = s.t.start(['run']);
    let out = '';
    runner.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    const u0 = userDn(s.dir.users[0].name);
    const db = new Database(join(s.t.dataDir, 'ox-connector.db'), { readonly: true });
    const cachedUserIds = () => db.prepare("SELECT count(*) AS n FROM ox_ids WHERE kind = 'user'").get();
    try {
      await until(() => out.includes('Watching'), 'the runner to start');
      // One object the runner parks (its context has no credentials), for `tasks show`.
      const parked = userDn('cm-parked');
      s.t.queue('usr-parked', 'users/user', parked, udmUser('cm-parked', 7));
      await until(
        async () => (await s.t.run(['tasks', 'list', '--status', 'parked'])).stdout.includes(parked),
        'it to be parked',
      );
      const readers = [['tasks', 'list'], ['tasks', 'show', parked], ['check-sync-status', '--dn', u0], ['status']];
      for (const args of readers) {
        const r = await s.t.run(args);
        expect(r.stderr, args.join(' ')).not.toMatch(/refused/);
        // status says unhealthy (exit 1) because of the parked object; the others succeed.
        expect(r.code, args.join(' ')).toBe(args[0] === 'status' ? 1 : 0);
      }
      expect((await s.t.run(['tasks', 'show', parked])).stdout).toMatch(/^parked/);
      // Still refused: they change the store in ways the runner does not carry out for them.
      for (const args of [
        ['check-sync-status', '--dn', u0, '--resync'],
        ['import-legacy', '--offline'],
      ]) {
        const r = await s.t.run(args);
        expect(r.code, args.join(' ')).toBe(1);
        expect(r.stderr, args.join(' ')).toContain(`ox-connector runner (PID ${runner.pid})`);
        expect(r.stderr, args.join(' ')).toMatch(/stop the connector first/);
      }
      expect(cachedUserIds()).toEqual({ n: 12 });
      // Carried out by the runner, with the output and exit code of a direct run.
      const forget = await s.t.run(['cache', 'rebuild', '--delete']);
      expect(forget.stdout).toBe('12 cached user id(s) removed.\n');
      expect(forget.code).toBe(0);
      expect(cachedUserIds()).toEqual({ n: 0 });
      // The protection of decision 0207 holds beside a runner too: group changes after the ids were forgotten.
      queueGroups(s.t, s.dir, { description: 'changed beside the runner' });
      await until(() => s.t.queueFiles().length === 1, 'the runner to provision the groups'); // the parked one stays
      await expectEveryMember(s);
      const rebuild = await s.t.run(['cache', 'rebuild']);
      expect(rebuild.stdout).toMatch(/^12 user\(s\) in 2 context\(s\) checked, \d+ id\(s\) updated, 0 not found/);
      expect(rebuild.code).toBe(0);
      expect(cachedUserIds()).toEqual({ n: 12 });
      const writers: [string[], RegExp][] = [
        [['tasks', 'retry', '--all'], /^Retrying 1 parked object\(s\) with the next pass\.\n$/],
        [['tasks', 'reprovision', u0], /^Object .* has been scheduled to be re-provisioned/],
        [['tasks', 'reprovision', '--all'], /^Queued \d+ object\(s\) for re-provisioning/],
        [['cache', 'remove', u0], /^Removing uid=/],
        [['tasks', 'skip', 'usr-parked', '--reason', 'test'], /^Discarded 1 queued change\(s\)/],
      ];
      for (const [args, stdout] of writers) {
        const r = await s.t.run(args);
        expect(r.stderr, args.join(' ')).not.toMatch(/refused/);
        expect(r.stdout, args.join(' ')).toMatch(stdout);
        expect(r.code, args.join(' ')).toBe(0);
      }
      queueGroups(s.t, s.dir, { description: 'changed again beside the runner' });
      await until(() => s.t.queueFiles().length === 0, 'the runner to drain the queue');
      await expectEveryMember(s);
    } finally {
      db.close();
      runner.kill('SIGTERM');
      await new Promise((r) => runner.on('close', r));
    }
    s.ox.close();
  });
});
