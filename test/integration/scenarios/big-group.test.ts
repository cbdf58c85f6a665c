// A 10,000-member group: one OX call per change and one store query for its members (issue 4). In its own file
// so it runs in parallel with the other scenario files.
import { describe, expect, it } from 'vitest';
import { groupDn, udmGroup, udmUser, userDn, useE2E } from '../../helpers/e2e.js';
import { groupNamed, members } from '../../helpers/ox-read.js';

const e2e = useE2E(800);

describe('scale', () => {
  it('a 10,000-member group costs one OX call per change', async () => {
    const {
      t,
      ids: [ctx],
      ox,
    } = await e2e.setup();
    const names = Array.from({ length: 10_000 }, (_, i) => `big${i}`);
    for (const n of names)
      t.queue(`b-${n}`, 'users/user', userDn(n), udmUser(n, ctx, { oxAccess: 'none', groups: [] }));
    await t.runOk();
    t.queue('big', 'groups/group', groupDn('big'), udmGroup('big', names.map(userDn)));
    let r = await t.run(['run', '--once', '--stats']);
    expect(r.stdout).toContain('soap OXGroupService.create=1');
    expect(r.stdout).toContain('soap total=1');
    expect(members(await groupNamed(ox, ctx, 'big'))).toHaveLength(10_000);
    t.queue('big', 'groups/group', groupDn('big'), udmGroup('big', names.slice(1).map(userDn)));
    r = await t.run(['run', '--once', '--stats']);
    expect(r.stdout).toContain('soap OXGroupService.change=1');
    expect(r.stdout).toContain('soap total=1');
    expect(members(await groupNamed(ox, ctx, 'big'))).toHaveLength(9_999);
    ox.close();
  }, 120_000);
});
