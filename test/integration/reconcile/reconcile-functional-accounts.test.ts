// ox-connector reconcile compares functional accounts (kind functional_account): a secondary account deleted in OX
// directly is planned as a create and repaired by apply, an OX secondary account no directory object accounts for
// is an orphan deleted only with --delete-orphans, and a second dry run plans nothing.
import { describe, expect, it } from 'vitest';
import { functionalAccountDn, udmFunctionalAccount, udmUser, userDn, useE2E, type E2E } from '../../helpers/e2e.js';
import { accountsIn, oxUserId } from '../../helpers/ox-read.js';

const e2e = useE2E(1600);

async function reconcile(t: E2E, args: string[]) {
  const r = await t.run(['reconcile', '--json', ...args]);
  let plan: { actions: Record<string, unknown>[]; summary: Record<string, number> } | undefined;
  try {
    plan = JSON.parse(r.stdout) as typeof plan;
  } catch {
    plan = undefined;
  }
  return { ...r, plan };
}

const addresses = async (ox: Parameters<typeof accountsIn>[0], ctx: number) =>
  (await accountsIn(ox, ctx)).map((a) => `${String(a.primaryAddress)}:${String(a.userId)}`).sort();

describe('reconcile: functional accounts', () => {
  it('plans a secondary account deleted in OX as a create, repairs it, and keeps then deletes an orphan', async () => {
    const { t, ids, ox } = await e2e.setup();
    const ctx = ids[0];
    const c = { id: ctx };
    for (const name of ['fa1', 'fa2', 'fa3', 'fa4', 'fa5', 'fa6', 'fa7', 'fa8', 'fa9', 'fa10', 'fa11'])
      t.queue(`u-${name}`, 'users/user', userDn(name), udmUser(name, ctx));
    t.queue(
      'fa-desk',
      'oxmail/functional_account',
      functionalAccountDn('desk'),
      udmFunctionalAccount('desk', [userDn('fa1')]),
    );
    await t.runOk();
    const fa1 = await oxUserId(ox, ctx, 'fa1');
    const fa2 = await oxUserId(ox, ctx, 'fa2');
    expect(await addresses(ox, ctx)).toEqual([`desk@example.org:${fa1}`]);

    const clean = await reconcile(t, ['--dry-run']);
    expect(clean.plan?.actions).toEqual([]);
    expect(clean.code).toBe(0);

    // Drift made directly in OX: desk's account deleted, an account no directory object names created.
    await ox.call('OXSecondaryAccountService', 'delete', {
      primaryAddress: 'desk@example.org',
      context: c,
      users: [{ id: fa1 }],
      groups: [],
    });
    await ox.call('OXSecondaryAccountService', 'create', {
      accountDataOnCreate: {
        primaryAddress: 'stray@example.org',
        login: 'stray@example.org',
        name: 'Stray',
        password: 'not-used-4711',
        mailServer: 'localhost',
        transportServer: 'localhost',
      },
      context: c,
      users: [{ id: fa2 }],
      groups: [],
    });

    const expected = [
      {
        op: 'create',
        kind: 'functional_account',
        context: ctx,
        name: 'desk@example.org',
        dn: functionalAccountDn('desk'),
      },
      { op: 'delete', kind: 'functional_account', context: ctx, name: 'stray@example.org', orphan: true },
    ];
    const dry = await reconcile(t, ['--dry-run']);
    expect(dry.plan?.actions).toEqual(expected);
    expect(dry.code).toBe(1);

    const applied = await reconcile(t, []);
    expect(applied.stderr).not.toMatch(/ERROR/);
    expect(applied.code).toBe(0);
    expect(await addresses(ox, ctx)).toEqual([`desk@example.org:${fa1}`, `stray@example.org:${fa2}`]);

    const orphansOnly = await reconcile(t, ['--dry-run']);
    expect(orphansOnly.plan?.actions).toEqual([expected[1]]);

    const deleted = await reconcile(t, ['--delete-orphans']);
    expect(deleted.code).toBe(0);
    expect(await addresses(ox, ctx)).toEqual([`desk@example.org:${fa1}`]);

    const again = await reconcile(t, ['--dry-run']);
    expect(again.plan?.actions).toEqual([]);
    expect(again.code).toBe(0);
    ox.close();
  });
});
