// docs/reference/original-connector.md scenarios 42–49 (resources) and 55–64 (functional accounts), plus functional
// accounts across contexts and member renames — end to end against the emulator.
import { describe, expect, it } from 'vitest';
import { placeholderSpans } from '../../../src/provisioning/functional-accounts/login.js';
import {
  functionalAccountDn,
  resourceDn,
  udmFunctionalAccount,
  udmResource,
  udmUser,
  userDn,
  useE2E,
} from '../../helpers/e2e.js';
import { accountsIn, oxUserId, resourceNamed } from '../../helpers/ox-read.js';

const e2e = useE2E(500);

/** A resource in context `ctx` (UDM fills oxContext with DEFAULT_CONTEXT when none is chosen). */
const roomIn = (name: string, ctx: number, extra: Record<string, unknown> = {}) =>
  udmResource(name, { oxContext: String(ctx), ...extra });

describe('resources', () => {
  it('42/43. created in the default context (UDM fills oxContext with it), and in a given context', async () => {
    const { t, ids, ox } = await e2e.setup(2);
    // Without oxContext in the record the original skips the resource (test/integration/conformance, decision 0150).
    t.queue('r42', 'oxresources/oxresources', resourceDn('room42'), roomIn('room42', ids[0]));
    t.queue('r43', 'oxresources/oxresources', resourceDn('room43'), roomIn('room43', ids[1]));
    await t.runOk();
    const r42 = await resourceNamed(ox, ids[0], 'room42');
    expect(r42).toMatchObject({ displayname: 'Room room42', description: 'The room42', email: 'room42@example.org' });
    expect(await resourceNamed(ox, ids[1], 'room43')).toMatchObject({ email: 'room43@example.org' });
    ox.close();
  });

  it('44/45/49. changes are reflected, an empty description clears it, delete removes it', async () => {
    const { t, ids, ox } = await e2e.setup();
    t.queue('r44', 'oxresources/oxresources', resourceDn('room44'), roomIn('room44', ids[0]));
    await t.runOk();
    const before = await resourceNamed(ox, ids[0], 'room44');
    t.queue(
      'r44',
      'oxresources/oxresources',
      resourceDn('room44'),
      roomIn('room44', ids[0], { description: 'new', displayname: 'Big', resourceMailAddress: 'big@example.org' }),
    );
    await t.runOk();
    expect(await resourceNamed(ox, ids[0], 'room44')).toMatchObject({
      id: before?.id,
      description: 'new',
      displayname: 'Big',
      email: 'big@example.org',
    });
    t.queue(
      'r44',
      'oxresources/oxresources',
      resourceDn('room44'),
      roomIn('room44', ids[0], { description: '', displayname: 'Big', resourceMailAddress: 'big@example.org' }),
    );
    await t.runOk();
    const cleared = await resourceNamed(ox, ids[0], 'room44');
    expect(cleared?.name).toBe('room44');
    expect([null, undefined, '']).toContain(cleared?.description);
    t.queue('r44', 'oxresources/oxresources', resourceDn('room44'), null);
    await t.runOk();
    expect(await resourceNamed(ox, ids[0], 'room44')).toBeUndefined();
    ox.close();
  });

  it('46. change description, then move context and display name → gone from the old, complete in the new', async () => {
    const { t, ids, ox } = await e2e.setup(2);
    t.queue('r46', 'oxresources/oxresources', resourceDn('room46'), roomIn('room46', ids[0]));
    await t.runOk();
    t.queue('r46', 'oxresources/oxresources', resourceDn('room46'), roomIn('room46', ids[0], { description: 'd2' }));
    await t.runOk();
    t.queue(
      'r46',
      'oxresources/oxresources',
      resourceDn('room46'),
      roomIn('room46', ids[1], { description: 'd2', displayname: 'Moved' }),
    );
    await t.runOk();
    expect(await resourceNamed(ox, ids[0], 'room46')).toBeUndefined();
    expect(await resourceNamed(ox, ids[1], 'room46')).toMatchObject({ description: 'd2', displayname: 'Moved' });
    ox.close();
  });

  it('an unchanged resource costs no SOAP call', async () => {
    const { t, ids, ox } = await e2e.setup();
    t.queue('r0', 'oxresources/oxresources', resourceDn('room0'), roomIn('room0', ids[0]));
    await t.runOk();
    t.queue('r0', 'oxresources/oxresources', resourceDn('room0'), roomIn('room0', ids[0], { resourceadmin: '2002' }));
    const r = await t.run(['run', '--once', '--stats']);
    expect(r.stdout).toContain('soap total=0');
    ox.close();
  });
});

describe('functional accounts', () => {
  it('55/56/57/58. one account per (account, member) in the member context, with the default login', async () => {
    const { t, ids, ox } = await e2e.setup();
    const ctx = ids[0];
    for (const n of ['f1', 'f2', 'f3', 'f4', 'f5']) t.queue(`u-${n}`, 'users/user', userDn(n), udmUser(n, ctx));
    t.queue(
      'fa55',
      'oxmail/functional_account',
      functionalAccountDn('fa55'),
      udmFunctionalAccount('fa55', [userDn('f1')]),
    );
    t.queue(
      'fa56',
      'oxmail/functional_account',
      functionalAccountDn('fa56'),
      udmFunctionalAccount('fa56', [userDn('f2'), userDn('f3')]),
    );
    t.queue(
      'fa57',
      'oxmail/functional_account',
      functionalAccountDn('fa57'),
      udmFunctionalAccount('fa57', [userDn('f1')]),
    );
    await t.runOk();
    const accounts = await accountsIn(ox, ctx);
    const of = (addr: string) => accounts.filter((a) => a.primaryAddress === addr);
    expect(of('fa55@example.org').map((a) => a.userId)).toEqual([await oxUserId(ox, ctx, 'f1')]);
    expect(of('fa55@example.org')[0]).toMatchObject({ login: 'fa55f1', name: 'fa55', personal: 'FA fa55' });
    expect(
      of('fa56@example.org')
        .map((a) => a.userId)
        .sort(),
    ).toEqual([await oxUserId(ox, ctx, 'f2'), await oxUserId(ox, ctx, 'f3')].sort());
    expect(of('fa57@example.org').map((a) => a.userId)).toEqual([await oxUserId(ox, ctx, 'f1')]);
    ox.close();
  });

  it('59/60/61. change users, empty users, delete; only changed pairs cost calls', async () => {
    const { t, ids, ox } = await e2e.setup();
    const ctx = ids[0];
    for (const n of ['h1', 'h2', 'h3']) t.queue(`u-${n}`, 'users/user', userDn(n), udmUser(n, ctx));
    t.queue(
      'fa59',
      'oxmail/functional_account',
      functionalAccountDn('fa59'),
      udmFunctionalAccount('fa59', [userDn('h1'), userDn('h2')]),
    );
    await t.runOk();
    // h1 → h3: one delete and one create; h2 untouched.
    t.queue(
      'fa59',
      'oxmail/functional_account',
      functionalAccountDn('fa59'),
      udmFunctionalAccount('fa59', [userDn('h2'), userDn('h3')]),
    );
    const r = await t.run(['run', '--once', '--stats']);
    expect(r.stdout).toContain('soap OXSecondaryAccountService.create=1');
    expect(r.stdout).toContain('soap OXSecondaryAccountService.delete=1');
    expect(r.stdout).toContain('soap total=2');
    expect((await accountsIn(ox, ctx)).map((a) => a.userId).sort()).toEqual(
      [await oxUserId(ox, ctx, 'h2'), await oxUserId(ox, ctx, 'h3')].sort(),
    );
    t.queue('fa59', 'oxmail/functional_account', functionalAccountDn('fa59'), udmFunctionalAccount('fa59', []));
    await t.runOk();
    expect(await accountsIn(ox, ctx)).toEqual([]);
    t.queue(
      'fa59',
      'oxmail/functional_account',
      functionalAccountDn('fa59'),
      udmFunctionalAccount('fa59', [userDn('h1')]),
    );
    await t.runOk();
    expect(await accountsIn(ox, ctx)).toHaveLength(1);
    t.queue('fa59', 'oxmail/functional_account', functionalAccountDn('fa59'), null);
    await t.runOk();
    expect(await accountsIn(ox, ctx)).toEqual([]);
    ox.close();
  });

  it('62/63. member deleted → no account; member renamed → same user, login follows the new name', async () => {
    const { t, ids, ox } = await e2e.setup();
    const ctx = ids[0];
    t.queue('u-k1', 'users/user', userDn('k1'), udmUser('k1', ctx));
    t.queue('u-k2', 'users/user', userDn('k2'), udmUser('k2', ctx));
    t.queue(
      'fa62',
      'oxmail/functional_account',
      functionalAccountDn('fa62'),
      udmFunctionalAccount('fa62', [userDn('k1')]),
    );
    t.queue(
      'fa63',
      'oxmail/functional_account',
      functionalAccountDn('fa63'),
      udmFunctionalAccount('fa63', [userDn('k2')]),
    );
    await t.runOk();
    const k2 = await oxUserId(ox, ctx, 'k2');
    t.queue('u-k1', 'users/user', userDn('k1'), null);
    // Rename: the user first; UDM then rewrites the account's member DN.
    t.queue('u-k2', 'users/user', userDn('k2new'), udmUser('k2new', ctx));
    await t.runOk();
    let accounts = await accountsIn(ox, ctx);
    expect(accounts.filter((a) => a.primaryAddress === 'fa62@example.org')).toEqual([]);
    expect(accounts.filter((a) => a.primaryAddress === 'fa63@example.org')).toMatchObject([
      { userId: k2, login: 'fa63k2new' },
    ]);
    t.queue(
      'fa63',
      'oxmail/functional_account',
      functionalAccountDn('fa63'),
      udmFunctionalAccount('fa63', [userDn('k2new')]),
    );
    await t.runOk();
    accounts = await accountsIn(ox, ctx);
    expect(accounts).toMatchObject([{ userId: k2, login: 'fa63k2new', primaryAddress: 'fa63@example.org' }]);
    ox.close();
  });

  it('members in three contexts, and a member moving context takes its account along', async () => {
    const { t, ids, ox } = await e2e.setup(3);
    ['m1', 'm2', 'm3'].forEach((n, i) => t.queue(`u-${n}`, 'users/user', userDn(n), udmUser(n, ids[i])));
    t.queue(
      'fam',
      'oxmail/functional_account',
      functionalAccountDn('fam'),
      udmFunctionalAccount('fam', ['m1', 'm2', 'm3'].map(userDn)),
    );
    await t.runOk();
    for (const [i, ctx] of ids.entries()) {
      expect((await accountsIn(ox, ctx)).map((a) => a.userId)).toEqual([await oxUserId(ox, ctx, `m${i + 1}`)]);
    }
    t.queue('u-m1', 'users/user', userDn('m1'), udmUser('m1', ids[1]));
    await t.runOk();
    expect(await accountsIn(ox, ids[0])).toEqual([]);
    expect((await accountsIn(ox, ids[1])).map((a) => a.userId).sort()).toEqual(
      [await oxUserId(ox, ids[1], 'm1'), await oxUserId(ox, ids[1], 'm2')].sort(),
    );
    ox.close();
  });

  it('login template: placeholders, and a clear error naming a missing placeholder', async () => {
    const { t, ids, ox } = await e2e.setup(1, {
      OX_FUNCTIONAL_ACCOUNT_LOGIN_TEMPLATE: '{{fa_email_address}}:{{username}}*{{entry_uuid}}',
    });
    t.queue('uid-p1', 'users/user', userDn('p1'), udmUser('p1', ids[0]));
    t.queue(
      'fap',
      'oxmail/functional_account',
      functionalAccountDn('fap'),
      udmFunctionalAccount('fap', [userDn('p1')]),
    );
    await t.runOk();
    expect((await accountsIn(ox, ids[0]))[0]?.login).toBe('fap@example.org:p1*uid-p1');
    const r = await t.run(['run', '--once'], { OX_FUNCTIONAL_ACCOUNT_LOGIN_TEMPLATE: '{{nosuchprop}}' });
    expect(r.code).toBe(0); // nothing queued: no error
    t.queue(
      'fap2',
      'oxmail/functional_account',
      functionalAccountDn('fap2'),
      udmFunctionalAccount('fap2', [userDn('p1')]),
    );
    const bad = await t.run(['run', '--once'], {
      OX_FUNCTIONAL_ACCOUNT_LOGIN_TEMPLATE: '{{fa_entry_uuid}}{{nosuchprop}}',
    });
    expect(bad.code).toBe(1);
    expect(bad.stdout + bad.stderr).toContain('placeholder {{nosuchprop}} has no value for member');
    ox.close();
  });

  it('64. placeholder spans in descending order', () => {
    expect(placeholderSpans('{{fa_entry_uuid}}')).toEqual([[0, 17]]);
    expect(placeholderSpans('{{entry_uuid}}{{fa_entry_uuid}}')).toEqual([
      [14, 31],
      [0, 14],
    ]);
    expect(placeholderSpans('{{fa_entry_uuid}}::::')).toEqual([[0, 17]]);
    expect(placeholderSpans('{{fa_entry_uuid}}:{{username}}+')).toEqual([
      [18, 30],
      [0, 17],
    ]);
    expect(placeholderSpans('.{{fa_entry_uuid}}')).toEqual([[1, 18]]);
    expect(placeholderSpans('{{fa_entry_uuid}}a')).toEqual([[0, 17]]);
    expect(placeholderSpans('fa_entry_uuid')).toEqual([]);
  });
});
