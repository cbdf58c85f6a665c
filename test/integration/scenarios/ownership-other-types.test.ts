// Issue 14 item 1 for every type the connector adopts by name (groups, resources) or by id (contexts): a second
// directory object of the same name is parked instead of taking the first one's OX object over, and deleting it
// leaves that object alone (decision 0200).
import { describe, expect, it } from 'vitest';
import {
  BASE,
  contextObject,
  groupDn,
  resourceDn,
  udmGroup,
  udmResource,
  udmUser,
  userDn,
  useE2E,
  type E2E,
} from '../../helpers/e2e.js';
import { contextData, groupNamed, members, oxUserId, resourceNamed } from '../../helpers/ox-read.js';

const e2e = useE2E(2800);

async function parkedError(t: E2E, objectId: string): Promise<string | undefined> {
  const r = await t.run(['tasks', 'list', '--json']);
  const items = JSON.parse(r.stdout) as { objectId: string; status: string; error?: string }[];
  const item = items.find((i) => i.objectId === objectId);
  expect(item?.status, `${objectId} parked`).toBe('parked');
  return item?.error;
}

describe('one OX object, one directory object', () => {
  it('groups: a second group object of the same name is parked; deleting it keeps the group', async () => {
    const { t, ids, ox } = await e2e.setup();
    const ctx = ids[0];
    t.queue('m1', 'users/user', userDn('member1'), udmUser('member1', ctx, { groups: [] }));
    t.queue('m2', 'users/user', userDn('member2'), udmUser('member2', ctx, { groups: [] }));
    t.queue('g-a', 'groups/group', groupDn('team'), udmGroup('team', [userDn('member1')]));
    await t.runOk();
    const m1 = await oxUserId(ox, ctx, 'member1');
    const group = await groupNamed(ox, ctx, 'team');

    const twinDn = `cn=team,cn=elsewhere,${BASE}`;
    t.queue('g-b', 'groups/group', twinDn, udmGroup('team', [userDn('member2')]));
    expect((await t.run()).code).toBe(1);
    const error = await parkedError(t, 'g-b');
    expect(error).toContain('OX group "team"');
    expect(error).toContain(groupDn('team'));
    expect(error).toContain(twinDn);
    expect(members(await groupNamed(ox, ctx, 'team'))).toEqual([m1]);

    t.queue('g-b', 'groups/group', twinDn, null);
    await t.run();
    const kept = await groupNamed(ox, ctx, 'team');
    expect(kept?.id).toBe(group?.id);
    expect(members(kept)).toEqual([m1]);
    ox.close();
  });

  it('resources: a second resource object of the same name is parked; deleting it keeps the resource', async () => {
    const { t, ids, ox } = await e2e.setup();
    const ctx = ids[0];
    t.queue('r-a', 'oxresources/oxresources', resourceDn('room'), udmResource('room', { oxContext: String(ctx) }));
    await t.runOk();
    const room = await resourceNamed(ox, ctx, 'room');

    const twinDn = `cn=room,cn=elsewhere,${BASE}`;
    t.queue(
      'r-b',
      'oxresources/oxresources',
      twinDn,
      udmResource('room', { oxContext: String(ctx), description: 'the twin', resourceMailAddress: 'twin@example.org' }),
    );
    expect((await t.run()).code).toBe(1);
    const error = await parkedError(t, 'r-b');
    expect(error).toContain('OX resource "room"');
    expect(error).toContain(resourceDn('room'));
    expect(error).toContain(twinDn);
    expect((await resourceNamed(ox, ctx, 'room'))?.description).toBe('The room');

    t.queue('r-b', 'oxresources/oxresources', twinDn, null);
    await t.run();
    expect((await resourceNamed(ox, ctx, 'room'))?.id).toBe(room?.id);
    ox.close();
  });

  it('contexts: a second context object of the same contextid is parked; deleting it keeps the context', async () => {
    const { t, ids, ox } = await e2e.setup();
    const ctx = ids[0];
    t.queue('u1', 'users/user', userDn('inside'), udmUser('inside', ctx));
    await t.runOk();

    const twinDn = `cn=twin${ctx},cn=open-xchange,${BASE}`;
    t.queue('c-twin', 'oxmail/oxcontext', twinDn, { ...contextObject(ctx, 500), name: 'twin' });
    expect((await t.run()).code).toBe(1);
    const error = await parkedError(t, 'c-twin');
    expect(error).toContain(`OX context "${ctx}"`);
    expect(error).toContain(twinDn);
    expect(error).toContain(`cn=context${ctx},cn=open-xchange`);
    expect((await contextData(ox, ctx))?.name).toBe(`context${ctx}`);

    t.queue('c-twin', 'oxmail/oxcontext', twinDn, null);
    await t.run();
    expect(await contextData(ox, ctx)).toBeDefined();
    expect(await oxUserId(ox, ctx, 'inside')).toBeGreaterThan(0);
    ox.close();
  });
});
