// check-sync-status asks the object's planner what provisioning would do (a dry run): drift made in OX over SOAP
// shows as the planned operations, with the OX field names, and nothing is sent to OX.
import { expect, it } from 'vitest';
import {
  contextDn,
  contextObject,
  E2E,
  groupDn,
  resourceDn,
  udmGroup,
  udmResource,
  udmUser,
  userDn,
  useE2E,
} from '../../helpers/e2e.js';
import { groupNamed, oxUserId, resourceNamed, userByName } from '../../helpers/ox-read.js';

const CTX = 626;
const e2e = useE2E();

interface Report {
  consistent: boolean;
  differences: string[];
  plan: { op: string; type: string; context: number; name?: string; fields?: string[] }[];
}

it('plans a change with the drifted fields for a user, a group and a resource, and a create for a lost user', async () => {
  const t = new E2E(e2e.emulator, { DEFAULT_CONTEXT: String(CTX) });
  t.queue('ctx', 'oxmail/oxcontext', contextDn(CTX), contextObject(CTX));
  for (const u of ['pl1', 'pl2']) t.queue(u, 'users/user', userDn(u), udmUser(u, CTX));
  t.queue('grp', 'groups/group', groupDn('plgroup'), udmGroup('plgroup', [userDn('pl1'), userDn('pl2')]));
  t.queue('res', 'oxresources/oxresources', resourceDn('plroom'), udmResource('plroom', { oxContext: String(CTX) }));
  expect((await t.run()).code).toBe(0);

  for (const dn of [userDn('pl1'), groupDn('plgroup'), resourceDn('plroom'), contextDn(CTX)]) {
    const r = await t.run(['check-sync-status', '--dn', dn, '--json']);
    expect(JSON.parse(r.stdout), dn).toMatchObject({ consistent: true, plan: [] });
    expect(r.code).toBe(0);
  }

  const ox = t.client();
  const pl1 = await userByName(ox, CTX, 'pl1');
  await ox.call('OXUserService', 'change', {
    ctx: { id: CTX },
    usrdata: { id: pl1!.id as number, sur_name: 'Drifted', given_name: 'Hand' },
  });
  const group = await groupNamed(ox, CTX, 'plgroup');
  const pl2 = await oxUserId(ox, CTX, 'pl2');
  await ox.call('OXGroupService', 'change', {
    ctx: { id: CTX },
    grp: { id: group!.id as number, members: [pl1!.id as number] },
  });
  const room = await resourceNamed(ox, CTX, 'plroom');
  await ox.call('OXResourceService', 'change', {
    ctx: { id: CTX },
    res: { id: room!.id as number, description: 'Changed in OX' },
  });
  await ox.call('OXUserService', 'delete', { ctx: { id: CTX }, user: { id: pl2 } });

  let r = await t.run(['check-sync-status', '--dn', userDn('pl1'), '--json']);
  expect(r.code).toBe(1);
  let report = JSON.parse(r.stdout) as Report;
  expect(report.consistent).toBe(false);
  expect(report.plan).toEqual([
    { op: 'change', type: 'user', context: CTX, name: 'pl1', fields: ['given_name', 'sur_name'] },
  ]);
  r = await t.run(['check-sync-status', '--dn', userDn('pl1')]);
  expect(r.stdout).toMatch(/would do: change user pl1 in context 626: given_name, sur_name/);

  r = await t.run(['check-sync-status', '--dn', userDn('pl2'), '--json']);
  report = JSON.parse(r.stdout) as Report;
  expect(report.plan).toEqual([{ op: 'create', type: 'user', context: CTX, name: 'pl2' }]);

  r = await t.run(['check-sync-status', '--dn', groupDn('plgroup'), '--json']);
  report = JSON.parse(r.stdout) as Report;
  expect(report.plan).toEqual([{ op: 'change', type: 'group', context: CTX, name: 'plgroup', fields: ['members'] }]);

  r = await t.run(['check-sync-status', '--dn', resourceDn('plroom'), '--json']);
  report = JSON.parse(r.stdout) as Report;
  expect(report.plan).toEqual([
    { op: 'change', type: 'resource', context: CTX, name: 'plroom', fields: ['description'] },
  ]);

  // A dry run: OX still holds the drift.
  expect((await userByName(ox, CTX, 'pl1'))?.sur_name).toBe('Drifted');
  expect((await resourceNamed(ox, CTX, 'plroom'))?.description).toBe('Changed in OX');
  ox.close();
});
