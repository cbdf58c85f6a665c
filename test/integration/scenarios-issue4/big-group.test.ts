// A 10,000-member group: one OX call per change and one store query for its members (issue 4). In its own file
// so it runs in parallel with the other scenario files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { startTestEmulator, udmUser, userDn } from '../../helpers/e2e.js';
import { groupDn, groupNamed, members, ok, setupContexts, udmGroup } from './harness.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.close();
});

describe('scale', () => {
  it('a 10,000-member group costs one OX call per change', async () => {
    const ctx = 800;
    const { t, ox } = await setupContexts(emu, ctx, 1);
    const names = Array.from({ length: 10_000 }, (_, i) => `big${i}`);
    for (const n of names)
      t.queue(`b-${n}`, 'users/user', userDn(n), udmUser(n, ctx, { oxAccess: 'none', groups: [] }));
    await ok(t);
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
