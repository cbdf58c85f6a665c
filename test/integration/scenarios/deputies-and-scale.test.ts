// Deputy permissions (docs/reference/ox-deputy-permissions.md): grant, change, revoke, deputies
// renamed/deleted/arriving late, OX without the service; a 10,000-member group (one OX call); a mixed batch of every
// object type in one queue.
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../../src/emulator/index.js';
import {
  BASE,
  contextDn,
  contextObject,
  E2E,
  groupDn,
  MASTER_PASSWORD,
  udmGroup,
  udmUser,
  userDn,
  useE2E,
} from '../../helpers/e2e.js';
import {
  accountsIn,
  deputiesOf,
  groupNamed,
  members,
  oxUserId,
  resourcesIn,
  userByName,
} from '../../helpers/ox-read.js';

type Obj = Record<string, unknown>;

const e2e = useE2E(700);

const DEPUTY_ENV = { OX_ENABLE_DEPUTY_PERMISSIONS: 'true' };

describe('deputy permissions', () => {
  it('grant, change rights, deputy renamed, deputy deleted, revoke all', async () => {
    const {
      t,
      ids: [ctx],
      ox,
    } = await e2e.setup(1, DEPUTY_ENV);
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
    await t.runOk();
    const dep1 = await oxUserId(ox, ctx, 'dep1');
    const dep2 = await oxUserId(ox, ctx, 'dep2');
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
    await t.runOk();
    expect((await deputiesOf(ox, ctx, 'boss')).map((g) => g.userId).sort()).toEqual([dep1, dep2].sort());

    // Deputy deleted: OX drops its permission; the grantor's next change sends nothing for it.
    t.queue('d-2', 'users/user', userDn('dep2'), null);
    await t.runOk();
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
    await t.runOk();
    expect(await deputiesOf(ox, ctx, 'boss')).toEqual([]);
    ox.close();
  });

  it('a deputy provisioned after its grantor is granted when it arrives', async () => {
    const {
      t,
      ids: [ctx],
      ox,
    } = await e2e.setup(1, DEPUTY_ENV);
    t.queue(
      'l-a',
      'users/user',
      userDn('lateboss'),
      udmUser('lateboss', ctx, {
        oxDeputyPermissionGivenTo: [`${userDn('latedep')} |:$:| 02400 |:$:| 02400 |:$:| 0`],
      }),
    );
    await t.runOk();
    expect(await deputiesOf(ox, ctx, 'lateboss')).toEqual([]);
    t.queue('l-d', 'users/user', userDn('latedep'), udmUser('latedep', ctx));
    await t.runOk();
    const dep = await oxUserId(ox, ctx, 'latedep');
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
    const ctx = e2e.newContextId();
    const t = new E2E(e2e.emulator, { DEFAULT_CONTEXT: String(ctx), ...DEPUTY_ENV });
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
    await t.runOk();
    const ox = t.client();
    const mx1 = await oxUserId(ox, ctx, 'mx1');
    const mx2 = await oxUserId(ox, ctx, 'mx2');
    expect(members(await groupNamed(ox, ctx, 'mixed'))).toEqual([mx1, mx2].sort((a, b) => a - b));
    expect((await accountsIn(ox, ctx)).map((a) => a.userId)).toEqual([mx1]);
    expect((await resourcesIn(ox, ctx)).map((r) => r.name)).toEqual(['beamer']);
    const access = (await ox.call('OXUserService', 'getModuleAccess', { ctx: { id: ctx }, user: { id: mx1 } })) as Obj;
    expect([access.webmail, access.calendar, access.contacts]).toEqual([true, true, false]);
    expect((await deputiesOf(ox, ctx, 'mx1')).map((g) => g.userId)).toEqual([mx2]);
    ox.close();
  });
});
