// Deputy permissions (newer-versions §1): grant, change, revoke, deputies renamed/deleted/arriving late, OX without
// the service; a 10,000-member group (one OX call); a mixed batch of every object type in one queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import type { OxClient } from '../../../src/ox/index.js';
import {
  contextDn,
  contextObject,
  E2E,
  MASTER_PASSWORD,
  startTestEmulator,
  udmUser,
  userDn,
} from '../../helpers/e2e.js';
import { userByName } from '../../helpers/ox-read.js';
import { BASE, groupDn, groupNamed, members, ok, setupContexts, udmGroup, type Obj } from './harness.js';

let emu: RunningEmulator;
let nextCtx = 700;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.close();
});

const DEPUTY_ENV = { OX_ENABLE_DEPUTY_PERMISSIONS: 'true' };

async function deputiesOf(ox: OxClient, ctx: number, name: string): Promise<Obj[]> {
  const u = await userByName(ox, ctx, name);
  const list = (await ox.call('OXDeputyPermissionsService', 'list', {
    context: { id: ctx },
    user: u!.id as number,
  })) as Obj[] | undefined;
  return list ?? [];
}

describe('deputy permissions', () => {
  it('grant, change rights, deputy renamed, deputy deleted, revoke all', async () => {
    const ctx = nextCtx++;
    const { t, ox } = await setupContexts(emu, ctx, 1, DEPUTY_ENV);
    t.queue(
      'd-a',
      'users/user',
      userDn('boss'),
      udmUser('boss', ctx, {
        oxDeputyPermissionGivenTo: [
          [userDn('dep1'), '02400', '08444', '1'],
          [userDn('dep2'), '02440', '00000', '0'],
        ],
      }),
    );
    t.queue('d-1', 'users/user', userDn('dep1'), udmUser('dep1', ctx));
    t.queue('d-2', 'users/user', userDn('dep2'), udmUser('dep2', ctx));
    await ok(t);
    const dep1 = (await userByName(ox, ctx, 'dep1'))!.id;
    const dep2 = (await userByName(ox, ctx, 'dep2'))!.id;
    let grants = await deputiesOf(ox, ctx, 'boss');
    expect(grants.map((g) => g.userId).sort()).toEqual([dep1, dep2].sort());
    const g1 = grants.find((g) => g.userId === dep1)!;
    expect(g1.sendOnBehalfOf).toBe(true);
    expect(g1.modulePermissions).toEqual([
      {
        moduleId: 'mail',
        admin: false,
        folderPermission: 2,
        readPermission: 4,
        writePermission: 0,
        deletePermission: 0,
      },
      {
        moduleId: 'calendar',
        admin: false,
        folderPermission: 8,
        readPermission: 4,
        writePermission: 4,
        deletePermission: 4,
      },
    ]);
    // 00000 calendar is dropped by OX.
    expect((grants.find((g) => g.userId === dep2)!.modulePermissions as Obj[]).map((m) => m.moduleId)).toEqual([
      'mail',
    ]);

    // Unchanged list: no call. Changed rights of dep2: one update.
    t.queue(
      'd-a',
      'users/user',
      userDn('boss'),
      udmUser('boss', ctx, {
        description: 'x',
        oxDeputyPermissionGivenTo: [
          [userDn('dep1'), '02400', '08444', '1'],
          [userDn('dep2'), '08444', '08444', '0'],
        ],
      }),
    );
    let r = await t.run(['run', '--once', '--stats']);
    expect(r.stdout).toContain('soap OXDeputyPermissionsService.update=1');
    expect(r.stdout).toContain('soap total=1');

    // Deputy renamed (UDM rewrites the grantor's value later): nothing changes in OX.
    t.queue(
      'd-1',
      'users/user',
      userDn('dep1new'),
      udmUser('dep1new', ctx, { mailPrimaryAddress: 'dep1@example.org' }),
    );
    await ok(t);
    expect((await deputiesOf(ox, ctx, 'boss')).map((g) => g.userId).sort()).toEqual([dep1, dep2].sort());

    // Deputy deleted: OX drops its permission; the grantor's next change sends nothing for it.
    t.queue('d-2', 'users/user', userDn('dep2'), null);
    await ok(t);
    grants = await deputiesOf(ox, ctx, 'boss');
    expect(grants.map((g) => g.userId)).toEqual([dep1]);
    t.queue(
      'd-a',
      'users/user',
      userDn('boss'),
      udmUser('boss', ctx, {
        oxDeputyPermissionGivenTo: [[userDn('dep1new'), '02400', '08444', '1']],
      }),
    );
    r = await t.run(['run', '--once', '--stats']);
    expect(r.stdout).not.toContain('OXDeputyPermissionsService');

    // Revoke all.
    t.queue('d-a', 'users/user', userDn('boss'), udmUser('boss', ctx, { oxDeputyPermissionGivenTo: [] }));
    await ok(t);
    expect(await deputiesOf(ox, ctx, 'boss')).toEqual([]);
    ox.close();
  });

  it('a deputy provisioned after its grantor is granted when it arrives', async () => {
    const ctx = nextCtx++;
    const { t, ox } = await setupContexts(emu, ctx, 1, DEPUTY_ENV);
    t.queue(
      'l-a',
      'users/user',
      userDn('lateboss'),
      udmUser('lateboss', ctx, {
        oxDeputyPermissionGivenTo: [`${userDn('latedep')} |:$:| 02400 |:$:| 02400 |:$:| 0`],
      }),
    );
    await ok(t);
    expect(await deputiesOf(ox, ctx, 'lateboss')).toEqual([]);
    t.queue('l-d', 'users/user', userDn('latedep'), udmUser('latedep', ctx));
    await ok(t);
    const dep = (await userByName(ox, ctx, 'latedep'))!.id;
    expect((await deputiesOf(ox, ctx, 'lateboss')).map((g) => g.userId)).toEqual([dep]);
    ox.close();
  });

  it('OX without the service: said once, users are still provisioned', async () => {
    const old = await startEmulator({
      port: 0,
      masterPassword: MASTER_PASSWORD,
      disabledServices: ['OXDeputyPermissionsService'],
    });
    try {
      const t = new E2E(old, { DEFAULT_CONTEXT: '20', ...DEPUTY_ENV });
      t.queue('ctx', 'oxmail/oxcontext', contextDn(20), contextObject(20));
      for (const n of ['o1', 'o2', 'o3'])
        t.queue(
          `o-${n}`,
          'users/user',
          userDn(n),
          udmUser(n, 20, { oxDeputyPermissionGivenTo: [[userDn('o1'), '02400', '02400', '0']] }),
        );
      const r = await t.run();
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/processed=4 failed=0 left=0/);
      expect(r.stdout.match(/OX has no OXDeputyPermissionsService/g)).toHaveLength(1);
      const ox = t.client();
      expect(await userByName(ox, 20, 'o3')).toBeDefined();
      ox.close();
    } finally {
      await old.close();
    }
  });
});

describe('mixed batches', () => {
  it('every object type in one queue', async () => {
    const ctx = nextCtx++;
    const t = new E2E(emu, { DEFAULT_CONTEXT: String(ctx), ...DEPUTY_ENV });
    // Written in an unhelpful order on purpose: the phases sort it out.
    t.queue('mx-fa', 'oxmail/functional_account', `cn=mx,cn=functional_accounts,${BASE}`, {
      name: 'mx',
      mailPrimaryAddress: 'mx@example.org',
      users: [userDn('mx1')],
      groups: [],
    });
    t.queue('mx-g', 'groups/group', groupDn('mixed'), udmGroup('mixed', [userDn('mx1'), userDn('mx2')]));
    t.queue('mx-r', 'oxresources/oxresources', `cn=beamer,${BASE}`, {
      name: 'beamer',
      displayname: 'Beamer',
      description: 'b',
      resourceMailAddress: 'beamer@example.org',
      oxContext: String(ctx),
    });
    t.queue(
      'mx-1',
      'users/user',
      userDn('mx1'),
      udmUser('mx1', ctx, {
        oxAccess: 'mixprofile',
        oxDeputyPermissionGivenTo: [[userDn('mx2'), '02400', '02400', '1']],
      }),
    );
    t.queue('mx-2', 'users/user', userDn('mx2'), udmUser('mx2', ctx));
    t.queue('mx-p', 'oxmail/accessprofile', `cn=mixprofile,${BASE}`, {
      name: 'mixprofile',
      webmail: 'TRUE',
      calendar: 'TRUE',
    });
    t.queue('mx-c', 'oxmail/oxcontext', contextDn(ctx), contextObject(ctx));
    await ok(t);
    const ox = t.client();
    const mx1 = (await userByName(ox, ctx, 'mx1'))!.id as number;
    const mx2 = (await userByName(ox, ctx, 'mx2'))!.id as number;
    expect(members(await groupNamed(ox, ctx, 'mixed'))).toEqual([mx1, mx2].sort((a, b) => a - b));
    const accounts = (await ox.call('OXSecondaryAccountService', 'list', {
      context: { id: ctx },
      users: [],
      groups: [],
    })) as Obj[];
    expect(accounts.map((a) => a.userId)).toEqual([mx1]);
    expect(((await ox.call('OXResourceService', 'listAll', { ctx: { id: ctx } })) as Obj[]).map((r) => r.name)).toEqual(
      ['beamer'],
    );
    const access = (await ox.call('OXUserService', 'getModuleAccess', { ctx: { id: ctx }, user: { id: mx1 } })) as Obj;
    expect([access.webmail, access.calendar, access.contacts]).toEqual([true, true, false]);
    expect((await deputiesOf(ox, ctx, 'mx1')).map((g) => g.userId)).toEqual([mx2]);
    ox.close();
  });
});
