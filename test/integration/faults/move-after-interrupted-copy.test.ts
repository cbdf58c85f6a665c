// Found by the soak (issue 19): a user moved to another context whose first attempt was cut off after OX had made
// the copy (the copy lands under the old login; the old user's delete then failed, e.g. OX stopped), and who was
// renamed before the retry. The retry's copyUser answers "already exists" — the copy from the interrupted attempt,
// under the OLD login — and the connector created the user again under the new login next to it: a stray OX user
// that no directory object accounts for. The retry must adopt the interrupted copy and rename it. When the
// interrupted attempt had renamed the copy already, copying again made a second copy under the old login that could
// not take the new one: a stray user and a parked object. And when the attempt had got as far as deleting the
// original, the retry's copyUser found no source ("No such user") and the object parked for good.
import { describe, expect, it } from 'vitest';
import { udmUser, userDn, useE2E } from '../../helpers/e2e.js';
import { oxUserId, usersIn } from '../../helpers/ox-read.js';

const e2e = useE2E(1900);

describe('a context move retried after an interrupted copy', () => {
  it('adopts the copy left under the old login instead of creating a second user', async () => {
    const { t, ids, ox } = await e2e.setup(2);
    const [from, to] = ids;
    t.queue('u-ann', 'users/user', userDn('ann'), udmUser('ann', from));
    await t.runOk();
    // The interrupted attempt: OX copied the user into the new context (under its old login), and then the
    // connector stopped before it deleted the original or stored anything.
    const copy = (await ox.call('OXUserCopyService', 'copyUser', {
      user: { id: await oxUserId(ox, from, 'ann') },
      src: { id: from },
      dest: { id: to },
    })) as { id: number };
    expect(typeof copy.id).toBe('number');

    // Meanwhile the directory renamed the user: the retry moves ann → anna.
    t.queue('u-ann', 'users/user', userDn('anna'), udmUser('anna', to));
    await t.runOk();

    expect((await usersIn(ox, from)).map((u) => u.name)).toEqual([]);
    const moved = await usersIn(ox, to);
    expect(moved.map((u) => u.name)).toEqual(['anna']);
    expect(moved[0].id).toBe(copy.id); // the interrupted copy, adopted
    expect(moved[0].email1).toBe('anna@example.org');
    const again = await t.run(['reconcile', '--dry-run']);
    expect(again.code, again.stdout).toBe(0);
  });

  it('adopts a copy the interrupted attempt had renamed already', async () => {
    const { t, ids, ox } = await e2e.setup(2);
    const [from, to] = ids;
    t.queue('u-bea', 'users/user', userDn('bea'), udmUser('bea', from));
    await t.runOk();
    const copy = (await ox.call('OXUserCopyService', 'copyUser', {
      user: { id: await oxUserId(ox, from, 'bea') },
      src: { id: from },
      dest: { id: to },
    })) as { id: number };
    // The attempt got as far as renaming the copy (login and addresses) before it stopped.
    const mail = 'beate@example.org';
    await ox.call('OXUserService', 'change', {
      ctx: { id: to },
      usrdata: {
        id: copy.id,
        name: 'beate',
        primaryEmail: mail,
        email1: mail,
        aliases: [mail],
        defaultSenderAddress: mail,
      },
    } as never);

    t.queue('u-bea', 'users/user', userDn('beate'), udmUser('beate', to));
    await t.runOk();

    expect((await usersIn(ox, from)).map((u) => u.name)).toEqual([]);
    const moved = await usersIn(ox, to);
    expect(moved.map((u) => u.name)).toEqual(['beate']);
    expect(moved[0].id).toBe(copy.id);
    const again = await t.run(['reconcile', '--dry-run']);
    expect(again.code, again.stdout).toBe(0);
  });

  it('finishes a move whose interrupted attempt had deleted the original already', async () => {
    const { t, ids, ox } = await e2e.setup(2);
    const [from, to] = ids;
    t.queue('u-cem', 'users/user', userDn('cem'), udmUser('cem', from));
    await t.runOk();
    const original = await oxUserId(ox, from, 'cem');
    const copy = (await ox.call('OXUserCopyService', 'copyUser', {
      user: { id: original },
      src: { id: from },
      dest: { id: to },
    })) as { id: number };
    // Copied and the original deleted; killed before the store took note.
    await ox.call('OXUserService', 'delete', { ctx: { id: from }, user: { id: original } } as never);

    t.queue('u-cem', 'users/user', userDn('cem'), udmUser('cem', to, { city: 'Kiel' }));
    await t.runOk();

    expect((await usersIn(ox, from)).map((u) => u.name)).toEqual([]);
    const moved = await usersIn(ox, to);
    expect(moved.map((u) => u.name)).toEqual(['cem']);
    expect(moved[0].id).toBe(copy.id);
    expect(moved[0].city_business).toBe('Kiel');
    const again = await t.run(['reconcile', '--dry-run']);
    expect(again.code, again.stdout).toBe(0);
  });
});
