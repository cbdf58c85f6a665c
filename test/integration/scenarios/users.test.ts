// docs/reference/original-connector.md scenarios 10–27: users, end to end against the emulator.
import { describe, expect, it } from 'vitest';
import { MASTER_PASSWORD, udmUser, userDn, useE2E } from '../../helpers/e2e.js';
import { userByName, usersIn } from '../../helpers/ox-read.js';

const e2e = useE2E(200);

const empty = (v: unknown) => v === null || v === undefined || v === '';

describe('users', () => {
  it('10. isOxUser false → no OX user; 25. an unrelated change keeps it absent', async () => {
    const { t, ids, ox } = await e2e.setup();
    t.queue('u10', 'users/user', userDn('nonox'), udmUser('nonox', ids[0], { isOxUser: 'Not' }));
    await t.runOk();
    expect(await userByName(ox, ids[0], 'nonox')).toBeUndefined();
    t.queue(
      'u10',
      'users/user',
      userDn('nonox'),
      udmUser('nonox', ids[0], { isOxUser: 'Not', description: 'changed' }),
    );
    await t.runOk();
    expect(await userByName(ox, ids[0], 'nonox')).toBeUndefined();
    ox.close();
  });

  it('11. OX user in default context → name and email1; 12. rename keeps the id', async () => {
    const { t, ids, ox } = await e2e.setup();
    t.queue('u11', 'users/user', userDn('user11'), udmUser('user11', ids[0]));
    await t.runOk();
    const u = await userByName(ox, ids[0], 'user11');
    expect(u?.name).toBe('user11');
    expect(u?.email1).toBe('user11@example.org');
    t.queue(
      'u11',
      'users/user',
      userDn('user11b'),
      udmUser('user11b', ids[0], { mailPrimaryAddress: 'user11@example.org' }),
    );
    await t.runOk();
    const renamed = await userByName(ox, ids[0], 'user11b');
    expect(renamed?.id).toBe(u?.id);
    expect(await userByName(ox, ids[0], 'user11')).toBeUndefined();
    ox.close();
  });

  it('13. OX user in a new context; 14. lastname, primary address, commercial register change', async () => {
    const { t, ids, ox } = await e2e.setup(2);
    t.queue('u13', 'users/user', userDn('user13'), udmUser('user13', ids[1]));
    await t.runOk();
    expect((await userByName(ox, ids[1], 'user13'))?.email1).toBe('user13@example.org');
    t.queue(
      'u13',
      'users/user',
      userDn('user13'),
      udmUser('user13', ids[1], {
        lastname: 'Newname',
        mailPrimaryAddress: 'new13@example.org',
        oxCommercialRegister: 'HRB 1',
      }),
    );
    await t.runOk();
    const u = await userByName(ox, ids[1], 'user13');
    expect(u?.sur_name).toBe('Newname');
    expect(u?.email1).toBe('new13@example.org');
    expect(u?.primaryEmail).toBe('new13@example.org');
    expect(u?.commercial_register).toBe('HRB 1');
    ox.close();
  });

  it('15/16. attributes: set, clear, set again; many at once at creation', async () => {
    const { t, ids, ox } = await e2e.setup();
    const values: Record<string, [string, unknown]> = {
      oxBranches: ['branches', 'b'],
      city: ['city_business', 'Bremen'],
      organisation: ['company', 'Univention'],
      oxDepartment: ['department', 'IT'],
      oxEmail2: ['email2', 'e2@example.org'],
      employeeNumber: ['number_of_employee', '4711'],
      oxPosition: ['position', 'Engineer'],
      postcode: ['postal_code_business', '28359'],
      street: ['street_business', 'Mary-Somerville-Str. 1'],
      title: ['title', 'Dr.'],
      oxUserfield01: ['userfield01', 'f1'],
      oxUserfield20: ['userfield20', 'f20'],
      oxNote: ['note', 'a <note> & "quotes"'],
      mobileTelephoneNumber: ['cellular_telephone2', ['+49 170 1', '+49 170 2']],
      roomNumber: ['room_number', ['B 1.02']],
      phone: ['telephone_business1', ['+49 421 1', '+49 421 2']],
      homeTelephoneNumber: ['telephone_home1', ['+49 421 3']],
    };
    const attrs: Record<string, unknown> = {};
    for (const [udm, [, v]] of Object.entries(values)) attrs[udm] = v;
    t.queue('u15', 'users/user', userDn('user15'), udmUser('user15', ids[0], attrs));
    await t.runOk();
    let u = (await userByName(ox, ids[0], 'user15'))!;
    for (const [udm, [oxName, v]] of Object.entries(values)) expect(u[oxName], udm).toBe(Array.isArray(v) ? v[0] : v);
    expect(u.telephone_business2).toBe('+49 421 2');

    const cleared: Record<string, unknown> = {};
    for (const udm of Object.keys(values)) cleared[udm] = udm === 'roomNumber' || udm === 'phone' ? [] : null;
    t.queue('u15', 'users/user', userDn('user15'), udmUser('user15', ids[0], cleared));
    await t.runOk();
    u = (await userByName(ox, ids[0], 'user15'))!;
    for (const [udm, [oxName]] of Object.entries(values)) expect(empty(u[oxName]), `${udm} cleared`).toBe(true);

    t.queue('u15', 'users/user', userDn('user15'), udmUser('user15', ids[0], { city: 'Berlin' }));
    await t.runOk();
    expect((await userByName(ox, ids[0], 'user15'))?.city_business).toBe('Berlin');
    ox.close();
  });

  it('18. IMAP server from OX_IMAP_SERVER, then from mailHomeServer', async () => {
    const { t, ids, ox } = await e2e.setup();
    t.queue('u18', 'users/user', userDn('user18'), udmUser('user18', ids[0]));
    await t.runOk();
    expect((await userByName(ox, ids[0], 'user18'))?.imapServerString).toBe('imap://imap.example.org:143');
    t.queue('u18', 'users/user', userDn('user18'), udmUser('user18', ids[0], { mailHomeServer: 'mx.example.org' }));
    await t.runOk();
    expect((await userByName(ox, ids[0], 'user18'))?.imapServerString).toBe('imap://mx.example.org:143');
    ox.close();
  });

  it('19. delete → gone', async () => {
    const { t, ids, ox } = await e2e.setup();
    t.queue('u19', 'users/user', userDn('user19'), udmUser('user19', ids[0]));
    await t.runOk();
    expect(await userByName(ox, ids[0], 'user19')).toBeDefined();
    t.queue('u19', 'users/user', userDn('user19'), null);
    await t.runOk();
    expect(await userByName(ox, ids[0], 'user19')).toBeUndefined();
    ox.close();
  });

  it('20/24. isOxUser off → on (with context) → off', async () => {
    const { t, ids, ox } = await e2e.setup(2);
    t.queue(
      'u20',
      'users/user',
      userDn('user20'),
      udmUser('user20', ids[0], { isOxUser: 'Not', oxContext: undefined }),
    );
    await t.runOk();
    t.queue('u20', 'users/user', userDn('user20'), udmUser('user20', ids[1], { oxDisplayName: 'Shown 20' }));
    await t.runOk();
    const u = await userByName(ox, ids[1], 'user20');
    expect(u?.display_name).toBe('Shown 20');
    t.queue('u20', 'users/user', userDn('user20'), udmUser('user20', ids[1], { isOxUser: 'Not' }));
    await t.runOk();
    expect(await userByName(ox, ids[1], 'user20')).toBeUndefined();
    ox.close();
  });

  it('21. context moves A→B→C leave exactly one user, in the last context; emptied groups go', async () => {
    const { t, ids, ox } = await e2e.setup(3);
    const [a, b, c] = ids;
    t.queue('u21', 'users/user', userDn('user21'), udmUser('user21', a, { city: 'Kept' }));
    await t.runOk();
    const first = await userByName(ox, a, 'user21');
    // A group in A with only this user must disappear when the user leaves A.
    const grp = (await ox.call('OXGroupService', 'create', {
      ctx: { id: a },
      grp: { name: 'onlyme', displayname: 'onlyme', members: [first!.id as number] },
    })) as { id: number };
    t.queue('u21', 'users/user', userDn('user21'), udmUser('user21', b, { city: 'Kept' }));
    await t.runOk();
    expect(await userByName(ox, a, 'user21')).toBeUndefined();
    expect((await userByName(ox, b, 'user21'))?.city_business).toBe('Kept');
    await expect(ox.call('OXGroupService', 'getData', { ctx: { id: a }, grp: { id: grp.id } })).rejects.toMatchObject({
      kind: 'notFound',
    });
    t.queue('u21', 'users/user', userDn('user21'), udmUser('user21', c, { city: 'Kept' }));
    await t.runOk();
    expect(await userByName(ox, b, 'user21')).toBeUndefined();
    expect((await userByName(ox, c, 'user21'))?.city_business).toBe('Kept');
    ox.close();
  });

  it('22. legacy user of the same name in the target context: exactly one there, with our data', async () => {
    const { t, ids, ox } = await e2e.setup(2);
    const [ctx1, ctx2] = ids;
    await ox.call('OXUserService', 'create', {
      ctx: { id: ctx1 },
      usrdata: {
        name: 'user22',
        display_name: 'Leon',
        given_name: 'Leon',
        sur_name: 'Legacy',
        password: 'x',
        primaryEmail: 'legacy22@example.org',
        email1: 'legacy22@example.org',
      },
    });
    t.queue('u22', 'users/user', userDn('user22'), udmUser('user22', ctx2));
    await t.runOk();
    t.queue('u22', 'users/user', userDn('user22'), udmUser('user22', ctx1));
    await t.runOk();
    expect(await userByName(ox, ctx2, 'user22')).toBeUndefined();
    const inCtx1 = (await usersIn(ox, ctx1)).filter((u) => u.name === 'user22');
    expect(inCtx1).toHaveLength(1);
    expect(inCtx1[0].given_name).toBe('Emil');
    ox.close();
  });

  it('23. aliases follow primary and alternative addresses', async () => {
    const { t, ids, ox } = await e2e.setup();
    const alts = ['a1@example.org', 'a2@example.org', 'a3@example.org'];
    t.queue('u23', 'users/user', userDn('user23'), udmUser('user23', ids[0], { mailAlternativeAddress: alts }));
    await t.runOk();
    const sorted = (u: Record<string, unknown> | undefined) => [...((u?.aliases as string[]) ?? [])].sort();
    expect(sorted(await userByName(ox, ids[0], 'user23'))).toEqual(['user23@example.org', ...alts].sort());
    t.queue(
      'u23',
      'users/user',
      userDn('user23'),
      udmUser('user23', ids[0], { mailPrimaryAddress: 'p23@example.org', mailAlternativeAddress: [] }),
    );
    await t.runOk();
    expect(sorted(await userByName(ox, ids[0], 'user23'))).toEqual(['p23@example.org']);
    t.queue(
      'u23',
      'users/user',
      userDn('user23'),
      udmUser('user23', ids[0], { mailPrimaryAddress: 'p23@example.org', mailAlternativeAddress: ['x23@example.org'] }),
    );
    await t.runOk();
    expect(sorted(await userByName(ox, ids[0], 'user23'))).toEqual(['p23@example.org', 'x23@example.org']);
    ox.close();
  });

  it('26. non-OX user in default context switched on in a new context', async () => {
    const { t, ids, ox } = await e2e.setup(2);
    t.queue('u26', 'users/user', userDn('user26'), udmUser('user26', ids[0], { isOxUser: 'Not' }));
    await t.runOk();
    t.queue('u26', 'users/user', userDn('user26'), udmUser('user26', ids[1]));
    await t.runOk();
    expect(await userByName(ox, ids[0], 'user26')).toBeUndefined();
    expect(await userByName(ox, ids[1], 'user26')).toBeDefined();
    ox.close();
  });

  it('27. default sender follows a primary address change when it was the primary', async () => {
    const { t, ids, ox } = await e2e.setup();
    t.queue('u27', 'users/user', userDn('user27'), udmUser('user27', ids[0]));
    await t.runOk();
    expect((await userByName(ox, ids[0], 'user27'))?.defaultSenderAddress).toBe('user27@example.org');
    t.queue(
      'u27',
      'users/user',
      userDn('user27'),
      udmUser('user27', ids[0], {
        mailPrimaryAddress: 'new27@example.org',
        mailAlternativeAddress: ['user27@example.org'],
      }),
    );
    await t.runOk();
    const u = await userByName(ox, ids[0], 'user27');
    expect(u?.primaryEmail).toBe('new27@example.org');
    expect(u?.defaultSenderAddress).toBe('new27@example.org');
    ox.close();
  });

  it('the user’s own default sender is kept when the primary address stays', async () => {
    const { t, ids, ox } = await e2e.setup();
    t.queue(
      'u28',
      'users/user',
      userDn('user28'),
      udmUser('user28', ids[0], { mailAlternativeAddress: ['alt28@example.org'] }),
    );
    await t.runOk();
    const u = (await userByName(ox, ids[0], 'user28'))!;
    await ox.call('OXUserService', 'change', {
      ctx: { id: ids[0] },
      usrdata: { id: u.id as number, defaultSenderAddress: 'alt28@example.org' },
    });
    t.queue(
      'u28',
      'users/user',
      userDn('user28'),
      udmUser('user28', ids[0], { mailAlternativeAddress: ['alt28@example.org', 'more28@example.org'] }),
    );
    await t.runOk();
    expect((await userByName(ox, ids[0], 'user28'))?.defaultSenderAddress).toBe('alt28@example.org');
    ox.close();
  });

  it('language and time zone only at creation; module access from the profile; mailenabled from oxAccess', async () => {
    const { t, ids, ox } = await e2e.setup(1, { OX_LANGUAGE: 'en_US', LOCAL_TIMEZONE: 'Europe/London' });
    t.queue('u29', 'users/user', userDn('user29'), udmUser('user29', ids[0], { oxAccess: 'webmail' }));
    await t.runOk();
    let u = (await userByName(ox, ids[0], 'user29'))!;
    expect(u.language).toBe('en_US');
    expect(u.timezone).toBe('Europe/London');
    expect(u.mailenabled).toBe(true);
    let access = (await ox.call('OXUserService', 'getModuleAccess', {
      ctx: { id: ids[0] },
      user: { id: u.id as number },
    })) as Record<string, boolean>;
    expect(access.webmail).toBe(true);
    expect(access.calendar).toBe(false);
    await ox.call('OXUserService', 'change', {
      ctx: { id: ids[0] },
      usrdata: { id: u.id as number, language: 'de_DE' },
    });
    t.queue('u29', 'users/user', userDn('user29'), udmUser('user29', ids[0], { oxAccess: 'none' }));
    await t.runOk();
    u = (await userByName(ox, ids[0], 'user29'))!;
    expect(u.language).toBe('de_DE');
    expect(u.mailenabled).toBe(false);
    access = (await ox.call('OXUserService', 'getModuleAccess', {
      ctx: { id: ids[0] },
      user: { id: u.id as number },
    })) as Record<string, boolean>;
    expect(access.webmail).toBe(false);
    ox.close();
  });

  it('the context admin is never touched', async () => {
    const { t, ids, ox } = await e2e.setup(2);
    t.queue(
      'u30',
      'users/user',
      userDn('oxadmin-context' + ids[1]),
      udmUser('oxadmin-context' + ids[1], ids[1], { lastname: 'Hacked' }),
    );
    const r = await t.run();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Is context admin/);
    expect((await userByName(ox, ids[1], 'oxadmin-context' + ids[1]))?.sur_name).toBe('Admin');
    ox.close();
  });

  it('fewest calls: create 1, one-attribute change 1, no-op 0', async () => {
    const { t, ids, ox } = await e2e.setup();
    t.queue('u31', 'users/user', userDn('user31'), udmUser('user31', ids[0]));
    let r = await t.run(['run', '--once', '--stats']);
    expect(r.stdout).toMatch(/soap total=1\n/);
    t.queue('u31', 'users/user', userDn('user31'), udmUser('user31', ids[0], { city: 'Bremen' }));
    r = await t.run(['run', '--once', '--stats']);
    expect(r.stdout).toMatch(/soap OXUserService.change=1\n/);
    expect(r.stdout).toMatch(/soap total=1\n/);
    t.queue(
      'u31',
      'users/user',
      userDn('user31'),
      udmUser('user31', ids[0], { city: 'Bremen', description: 'not in OX' }),
    );
    r = await t.run(['run', '--once', '--stats']);
    expect(r.stdout).toMatch(/processed=1 failed=0 left=0/);
    expect(r.stdout).toMatch(/soap total=0\n/);
    ox.close();
  });

  it('bad inputs: each fails with a clear error naming the object, others still provisioned, no password in output', async () => {
    const { t, ids, ox } = await e2e.setup();
    t.queue('bad-date', 'users/user', userDn('baddate'), udmUser('baddate', ids[0], { birthday: '31.02.2001' }));
    t.queue('bad-ctx', 'users/user', userDn('nocreds'), udmUser('nocreds', 9999));
    t.queue('bad-id', 'users/user', userDn('noname'), udmUser('noname', ids[0], { username: '' }));
    t.queue('good', 'users/user', userDn('good'), udmUser('good', ids[0]));
    const r = await t.run();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/processed=1 failed=3 left=0/);
    expect(r.stdout).toMatch(/uid=baddate.*is not a date/);
    expect(r.stdout).toMatch(/uid=nocreds.*no admin credentials for context 9999/);
    expect(r.stdout).toMatch(/uid=noname.*OX_USER_IDENTIFIER is empty/);
    expect(r.stdout).toMatch(/This is consecutive error #3/);
    expect(await userByName(ox, ids[0], 'good')).toBeDefined();
    const all = r.stdout + r.stderr;
    expect(all).not.toContain(MASTER_PASSWORD);
    for (const c of Object.values(t.credentials())) expect(all).not.toContain(c.adminpass);
    ox.close();
  });
});
