// docs/reference/original-connector.md scenarios 28–41 (groups), per-context splits over three contexts,
// OX_GROUP_IDENTIFIER, the reserved "users" group and members that arrive after their group — end to end against the
// emulator.
import { describe, expect, it } from 'vitest';
import { groupDn, udmGroup, udmUser, userDn, useE2E } from '../../helpers/e2e.js';
import { groupNamed, groupsIn, members, oxUserId } from '../../helpers/ox-read.js';

const e2e = useE2E(400);

describe('groups', () => {
  it('28/29/35. isOxGroup off → nothing; on → one group per member context with its members; off → gone', async () => {
    const { t, ids, ox } = await e2e.setup(2);
    const [a, b] = ids;
    t.queue('u29a', 'users/user', userDn('g29a'), udmUser('g29a', a));
    t.queue('u29b', 'users/user', userDn('g29b'), udmUser('g29b', b));
    t.queue('u29c', 'users/user', userDn('g29c'), udmUser('g29c', b));
    const users = [userDn('g29a'), userDn('g29b'), userDn('g29c')];
    t.queue('g29', 'groups/group', groupDn('grp29'), udmGroup('grp29', users, { isOxGroup: 'Not' }));
    await t.runOk();
    expect(await groupsIn(ox, a)).toEqual([]);
    expect(await groupsIn(ox, b)).toEqual([]);

    t.queue('g29', 'groups/group', groupDn('grp29'), udmGroup('grp29', users));
    await t.runOk();
    expect(members(await groupNamed(ox, a, 'grp29'))).toEqual([await oxUserId(ox, a, 'g29a')]);
    expect(members(await groupNamed(ox, b, 'grp29'))).toEqual(
      [await oxUserId(ox, b, 'g29b'), await oxUserId(ox, b, 'g29c')].sort((x, y) => x - y),
    );

    t.queue('g29', 'groups/group', groupDn('grp29'), udmGroup('grp29', users, { isOxGroup: 'Not' }));
    await t.runOk();
    expect(await groupsIn(ox, a)).toEqual([]);
    expect(await groupsIn(ox, b)).toEqual([]);
    ox.close();
  });

  it('30/31. one OX member in the default context; a non-OX member is left out', async () => {
    const { t, ids, ox } = await e2e.setup();
    t.queue('u30', 'users/user', userDn('g30'), udmUser('g30', ids[0]));
    t.queue('u31', 'users/user', userDn('g31'), udmUser('g31', ids[0], { isOxUser: 'Not' }));
    t.queue('g30', 'groups/group', groupDn('grp30'), udmGroup('grp30', [userDn('g30'), userDn('g31')]));
    await t.runOk();
    const g = await groupNamed(ox, ids[0], 'grp30');
    expect(g?.displayname).toBe('grp30');
    expect(members(g)).toEqual([await oxUserId(ox, ids[0], 'g30')]);
    ox.close();
  });

  it('32/33. members moving context: the group follows them, and leaves a context when its last member does', async () => {
    const { t, ids, ox } = await e2e.setup(2);
    const [a, b] = ids;
    t.queue('u32', 'users/user', userDn('g32'), udmUser('g32', a));
    t.queue('u32a', 'users/user', userDn('g32a'), udmUser('g32a', a));
    t.queue('u32b', 'users/user', userDn('g32b'), udmUser('g32b', b));
    t.queue(
      'g32',
      'groups/group',
      groupDn('grp32'),
      udmGroup('grp32', [userDn('g32'), userDn('g32a'), userDn('g32b')]),
    );
    await t.runOk();
    expect(members(await groupNamed(ox, a, 'grp32'))).toHaveLength(2);
    expect(members(await groupNamed(ox, b, 'grp32'))).toHaveLength(1);

    // Only the user's change is queued: the group is re-planned by the connector itself.
    t.queue('u32', 'users/user', userDn('g32'), udmUser('g32', b));
    await t.runOk();
    expect(members(await groupNamed(ox, a, 'grp32'))).toEqual([await oxUserId(ox, a, 'g32a')]);
    expect(members(await groupNamed(ox, b, 'grp32'))).toEqual(
      [await oxUserId(ox, b, 'g32'), await oxUserId(ox, b, 'g32b')].sort((x, y) => x - y),
    );

    t.queue('u32a', 'users/user', userDn('g32a'), udmUser('g32a', b));
    await t.runOk();
    expect(await groupNamed(ox, a, 'grp32')).toBeUndefined();
    expect(members(await groupNamed(ox, b, 'grp32'))).toHaveLength(3);
    ox.close();
  });

  it('34/36. rename keeps the OX id; created and renamed in one batch → only the new name', async () => {
    const { t, ids, ox } = await e2e.setup();
    t.queue('u34', 'users/user', userDn('g34'), udmUser('g34', ids[0]));
    t.queue('g34', 'groups/group', groupDn('grp34'), udmGroup('grp34', [userDn('g34')]));
    await t.runOk();
    const before = await groupNamed(ox, ids[0], 'grp34');
    t.queue('g34', 'groups/group', groupDn('grp34new'), udmGroup('grp34new', [userDn('g34')]));
    await t.runOk();
    const after = await groupNamed(ox, ids[0], 'grp34new');
    expect(after?.id).toBe(before?.id);
    expect(await groupNamed(ox, ids[0], 'grp34')).toBeUndefined();

    t.queue('g36', 'groups/group', groupDn('grp36'), udmGroup('grp36', [userDn('g34')]));
    t.queue('g36', 'groups/group', groupDn('grp36b'), udmGroup('grp36b', [userDn('g34')]));
    await t.runOk();
    expect(await groupNamed(ox, ids[0], 'grp36')).toBeUndefined();
    expect(members(await groupNamed(ox, ids[0], 'grp36b'))).toHaveLength(1);
    ox.close();
  });

  it('37. renaming a member keeps the member list (before and after UDM updates the group)', async () => {
    const { t, ids, ox } = await e2e.setup();
    t.queue('u37', 'users/user', userDn('g37'), udmUser('g37', ids[0]));
    t.queue('u37b', 'users/user', userDn('g37b'), udmUser('g37b', ids[0]));
    t.queue('g37', 'groups/group', groupDn('grp37'), udmGroup('grp37', [userDn('g37'), userDn('g37b')]));
    await t.runOk();
    const before = members(await groupNamed(ox, ids[0], 'grp37'));
    expect(before).toHaveLength(2);
    t.queue('u37', 'users/user', userDn('g37new'), udmUser('g37new', ids[0]));
    await t.runOk();
    expect(members(await groupNamed(ox, ids[0], 'grp37'))).toEqual(before);
    t.queue('g37', 'groups/group', groupDn('grp37'), udmGroup('grp37', [userDn('g37new'), userDn('g37b')]));
    await t.runOk();
    expect(members(await groupNamed(ox, ids[0], 'grp37'))).toEqual(before);
    ox.close();
  });

  it('38/40/41. deleting members: one left → 1 member; the last one → group gone', async () => {
    const { t, ids, ox } = await e2e.setup();
    t.queue('u38', 'users/user', userDn('g38'), udmUser('g38', ids[0]));
    t.queue('u38b', 'users/user', userDn('g38b'), udmUser('g38b', ids[0]));
    t.queue('g38', 'groups/group', groupDn('grp38'), udmGroup('grp38', [userDn('g38'), userDn('g38b')]));
    await t.runOk();
    t.queue('u38', 'users/user', userDn('g38'), null);
    await t.runOk();
    expect(members(await groupNamed(ox, ids[0], 'grp38'))).toEqual([await oxUserId(ox, ids[0], 'g38b')]);
    // UDM removes the member from the group as well; both arrive in one batch.
    t.queue('u38b', 'users/user', userDn('g38b'), null);
    t.queue('g38', 'groups/group', groupDn('grp38'), udmGroup('grp38', []));
    await t.runOk();
    expect(await groupNamed(ox, ids[0], 'grp38')).toBeUndefined();
    ox.close();
  });

  it('39. deleting the group removes it from every context', async () => {
    const { t, ids, ox } = await e2e.setup(2);
    t.queue('u39', 'users/user', userDn('g39'), udmUser('g39', ids[0]));
    t.queue('u39b', 'users/user', userDn('g39b'), udmUser('g39b', ids[1]));
    t.queue('g39', 'groups/group', groupDn('grp39'), udmGroup('grp39', [userDn('g39'), userDn('g39b')]));
    await t.runOk();
    expect(await groupNamed(ox, ids[0], 'grp39')).toBeDefined();
    expect(await groupNamed(ox, ids[1], 'grp39')).toBeDefined();
    t.queue('g39', 'groups/group', groupDn('grp39'), null);
    await t.runOk();
    expect(await groupNamed(ox, ids[0], 'grp39')).toBeUndefined();
    expect(await groupNamed(ox, ids[1], 'grp39')).toBeUndefined();
    ox.close();
  });

  it('splits over three contexts, follows members switched off and on, and removing a member from the group', async () => {
    const { t, ids, ox } = await e2e.setup(3);
    const names = ['s1', 's2', 's3', 's4', 's5', 's6'];
    names.forEach((n, i) => t.queue(`u-${n}`, 'users/user', userDn(n), udmUser(n, ids[i % 3])));
    t.queue('gs', 'groups/group', groupDn('split'), udmGroup('split', names.map(userDn)));
    await t.runOk();
    for (const ctx of ids) expect(members(await groupNamed(ox, ctx, 'split'))).toHaveLength(2);

    // s1 switched off for OX: its context keeps s4 only.
    t.queue('u-s1', 'users/user', userDn('s1'), udmUser('s1', ids[0], { isOxUser: 'Not' }));
    await t.runOk();
    expect(members(await groupNamed(ox, ids[0], 'split'))).toEqual([await oxUserId(ox, ids[0], 's4')]);
    // s1 back on: re-planned when it is created again.
    t.queue('u-s1', 'users/user', userDn('s1'), udmUser('s1', ids[0]));
    await t.runOk();
    expect(members(await groupNamed(ox, ids[0], 'split'))).toHaveLength(2);
    // Both members of the third context leave the group: it is removed there only.
    t.queue('gs', 'groups/group', groupDn('split'), udmGroup('split', ['s1', 's2', 's4', 's5'].map(userDn)));
    await t.runOk();
    expect(await groupNamed(ox, ids[2], 'split')).toBeUndefined();
    expect(members(await groupNamed(ox, ids[0], 'split'))).toHaveLength(2);
    expect(members(await groupNamed(ox, ids[1], 'split'))).toHaveLength(2);
    ox.close();
  });

  it('a member not provisioned yet is not dropped: the group picks it up when the user arrives', async () => {
    const { t, ids, ox } = await e2e.setup();
    t.queue('uw1', 'users/user', userDn('w1'), udmUser('w1', ids[0]));
    t.queue('gw', 'groups/group', groupDn('waiting'), udmGroup('waiting', [userDn('w1'), userDn('w2')]));
    await t.runOk();
    expect(members(await groupNamed(ox, ids[0], 'waiting'))).toHaveLength(1);
    // Only the user arrives; the group is not queued again.
    t.queue('uw2', 'users/user', userDn('w2'), udmUser('w2', ids[0]));
    await t.runOk();
    expect(members(await groupNamed(ox, ids[0], 'waiting'))).toEqual(
      [await oxUserId(ox, ids[0], 'w1'), await oxUserId(ox, ids[0], 'w2')].sort((a, b) => a - b),
    );
    ox.close();
  });

  it('OX_GROUP_IDENTIFIER: another property names the group; empty or multi-valued values are clear errors', async () => {
    const { t, ids, ox } = await e2e.setup(1, { OX_GROUP_IDENTIFIER: 'description' });
    t.queue('ui', 'users/user', userDn('gi'), udmUser('gi', ids[0]));
    t.queue('gi', 'groups/group', groupDn('ident'), udmGroup('ident', [userDn('gi')], { description: 'by-desc' }));
    await t.runOk();
    expect(await groupNamed(ox, ids[0], 'by-desc')).toBeDefined();

    t.queue('ge', 'groups/group', groupDn('empty'), udmGroup('empty', [userDn('gi')], { description: '' }));
    t.queue('gm', 'groups/group', groupDn('multi'), udmGroup('multi', [userDn('gi')], { description: ['a', 'b'] }));
    const r = await t.run();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/failed=2/);
    expect(r.stdout + r.stderr).toContain('OX_GROUP_IDENTIFIER=description names a property with 2 values');
    expect(r.stdout + r.stderr).toContain('the property description named by OX_GROUP_IDENTIFIER is empty');
    ox.close();
  });

  it('the group named "users" is never touched', async () => {
    const { t, ids, ox } = await e2e.setup();
    t.queue('uu', 'users/user', userDn('gu'), udmUser('gu', ids[0]));
    t.queue('gu', 'groups/group', groupDn('users'), udmGroup('users', [userDn('gu')]));
    await t.runOk();
    expect(await groupsIn(ox, ids[0])).toEqual([]);
    const all = (await ox.call('OXGroupService', 'listAll', { ctx: { id: ids[0] } })) as { id: number }[];
    expect(all.map((g) => g.id)).toEqual([1]);
    ox.close();
  });
});
