// Issue 14 item 1 for functional accounts: a functional account's mail address belongs, in each context, to one
// directory object. A second object of the same address (another DN, another entryUUID) is parked before any OX
// call, with a message naming the address, both DNs and what to do; deleting it removes nothing of the first
// one's secondary accounts; two of them in one concurrent pass never both get the address (decision 0240).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStateDb } from '../../../src/state/database.js';
import {
  BASE,
  functionalAccountDn,
  udmFunctionalAccount,
  udmUser,
  userDn,
  useE2E,
  type E2E,
} from '../../helpers/e2e.js';
import { accountsIn, oxUserId } from '../../helpers/ox-read.js';

const e2e = useE2E(2900);
const FA = 'oxmail/functional_account';

interface Item {
  objectId: string | null;
  status: string;
  error?: string;
}

async function tasks(t: E2E): Promise<Item[]> {
  const r = await t.run(['tasks', 'list', '--json']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Item[];
}

async function parkedError(t: E2E, objectId: string): Promise<string | undefined> {
  const item = (await tasks(t)).find((i) => i.objectId === objectId);
  expect(item?.status, `${objectId} parked`).toBe('parked');
  return item?.error;
}

/** A second functional-account object with `address`: another DN, another entryUUID, its own name. */
const twinDn = (name: string) => `cn=${name},cn=elsewhere,${BASE}`;
function twin(name: string, address: string, users: string[]) {
  return udmFunctionalAccount(name, users, { mailPrimaryAddress: address, personal: `Twin ${name}` });
}

async function accountsOf(ox: Parameters<typeof accountsIn>[0], ctx: number, address: string) {
  return (await accountsIn(ox, ctx)).filter((a) => a.primaryAddress === address);
}

describe('one functional-account address, one directory object', () => {
  it("a second object of the address is parked and never replaces the first one's account; deleting it keeps it", async () => {
    const { t, ids, ox } = await e2e.setup();
    const ctx = ids[0];
    t.queue('u-m1', 'users/user', userDn('m1'), udmUser('m1', ctx));
    t.queue('fa-a', FA, functionalAccountDn('shared'), udmFunctionalAccount('shared', [userDn('m1')]));
    await t.runOk();
    const m1 = await oxUserId(ox, ctx, 'm1');
    const before = await accountsOf(ox, ctx, 'shared@example.org');
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ userId: m1, name: 'shared', personal: 'FA shared' });

    // Same address, same member: OX would answer "duplicate mail account" and the old code replaced the pair.
    t.queue('fa-b', FA, twinDn('twin'), twin('twin', 'shared@example.org', [userDn('m1')]));
    expect((await t.run()).code).toBe(1);
    const error = await parkedError(t, 'fa-b');
    expect(error).toContain('shared@example.org');
    expect(error).toContain(functionalAccountDn('shared'));
    expect(error).toContain(twinDn('twin'));
    expect(error).toContain('mailPrimaryAddress');
    expect(error).toContain('ox-connector tasks retry fa-b');
    expect(await accountsOf(ox, ctx, 'shared@example.org')).toEqual(before);

    // Deleting the parked twin removes nothing; deleting the owner removes its account.
    t.queue('fa-b', FA, twinDn('twin'), null);
    await t.runOk();
    expect(await accountsOf(ox, ctx, 'shared@example.org')).toEqual(before);
    t.queue('fa-a', FA, functionalAccountDn('shared'), null);
    await t.runOk();
    expect(await accountsOf(ox, ctx, 'shared@example.org')).toEqual([]);
    ox.close();
  });

  it('other members or an address changed into a taken one are parked too; once freed, a retry provisions them', async () => {
    const { t, ids, ox } = await e2e.setup();
    const ctx = ids[0];
    for (const n of ['n1', 'n2', 'n3']) t.queue(`u-${n}`, 'users/user', userDn(n), udmUser(n, ctx));
    t.queue('fa-a', FA, functionalAccountDn('team'), udmFunctionalAccount('team', [userDn('n1')]));
    t.queue('fa-c', FA, functionalAccountDn('other'), udmFunctionalAccount('other', [userDn('n3')]));
    await t.runOk();
    const [n1, n2, n3] = [await oxUserId(ox, ctx, 'n1'), await oxUserId(ox, ctx, 'n2'), await oxUserId(ox, ctx, 'n3')];

    t.queue('fa-b', FA, twinDn('team2'), twin('team2', 'team@example.org', [userDn('n2')]));
    t.queue('fa-c', FA, functionalAccountDn('other'), twin('other', 'team@example.org', [userDn('n3')]));
    expect((await t.run()).code).toBe(1);
    expect(await parkedError(t, 'fa-b')).toContain(functionalAccountDn('team'));
    expect(await parkedError(t, 'fa-c')).toContain(functionalAccountDn('team'));
    expect((await accountsOf(ox, ctx, 'team@example.org')).map((a) => a.userId)).toEqual([n1]);
    // fa-c was parked before any OX call: its account under the old address is still there.
    expect((await accountsOf(ox, ctx, 'other@example.org')).map((a) => a.userId)).toEqual([n3]);

    // The owner moves to another address; the retried twin gets the address, and each delete removes its own.
    t.queue('fa-a', FA, functionalAccountDn('team'), twin('team', 'moved@example.org', [userDn('n1')]));
    await t.run();
    t.queue('fa-c', FA, functionalAccountDn('other'), udmFunctionalAccount('other', [userDn('n3')]));
    await t.run();
    expect((await t.run(['tasks', 'retry', '--all'])).code).toBe(0);
    await t.runOk();
    expect((await accountsOf(ox, ctx, 'team@example.org')).map((a) => a.userId)).toEqual([n2]);
    expect((await accountsOf(ox, ctx, 'moved@example.org')).map((a) => a.userId)).toEqual([n1]);
    t.queue('fa-b', FA, twinDn('team2'), null);
    await t.runOk();
    expect(await accountsOf(ox, ctx, 'team@example.org')).toEqual([]);
    expect((await accountsOf(ox, ctx, 'moved@example.org')).map((a) => a.userId)).toEqual([n1]);
    expect((await accountsOf(ox, ctx, 'other@example.org')).map((a) => a.userId)).toEqual([n3]);
    ox.close();
  });

  it('in one pass, of two objects of an address (run concurrently) exactly one gets it', async () => {
    const { t, ids, ox } = await e2e.setup();
    const ctx = ids[0];
    t.queue('u-p', 'users/user', userDn('p'), udmUser('p', ctx));
    await t.runOk();
    const names = ['pair1', 'pair2', 'pair3', 'pair4', 'pair5', 'pair6'];
    for (const name of names) {
      const address = `${name}@example.org`;
      t.queue(`${name}-a`, FA, functionalAccountDn(name), twin(`${name}-a`, address, [userDn('p')]));
      t.queue(`${name}-b`, FA, twinDn(name), twin(`${name}-b`, address, [userDn('p')]));
    }
    const r = await t.run(['run', '--once'], { OX_CONNECTOR_CONCURRENCY: '8' });
    expect(r.stdout).toMatch(new RegExp(`failed=${names.length} `));
    const items = await tasks(t);
    for (const name of names) {
      const loser = items.filter((i) => i.objectId?.startsWith(`${name}-`) && i.status === 'parked');
      expect(loser, name).toHaveLength(1);
      expect(loser[0].error).toContain(`${name}@example.org`);
      expect(loser[0].error).toContain(functionalAccountDn(name));
      expect(loser[0].error).toContain(twinDn(name));
      const winner = loser[0].objectId === `${name}-a` ? `${name}-b` : `${name}-a`;
      // The account carries the winner's data only: the parked one never replaced it.
      const accounts = await accountsOf(ox, ctx, `${name}@example.org`);
      expect(accounts.map((a) => a.name)).toEqual([winner]);
    }
    ox.close();
  });

  it('a store written before the rule gives one pair to two objects: deleting one leaves the pair to the other', async () => {
    const { t, ids, ox } = await e2e.setup();
    const ctx = ids[0];
    t.queue('u-l1', 'users/user', userDn('l1'), udmUser('l1', ctx));
    t.queue('fa-a', FA, functionalAccountDn('old'), udmFunctionalAccount('old', [userDn('l1')]));
    await t.runOk();
    const before = await accountsOf(ox, ctx, 'old@example.org');
    expect(before).toHaveLength(1);
    // What the old code stored after the twin "replaced" the pair: both objects record it.
    const db = openStateDb(join(t.dataDir, 'ox-connector.db'));
    db.prepare(
      `INSERT INTO objects (object_id, udm_type, dn, dn_norm, attrs, ox_state, updated_at)
       SELECT 'fa-b', udm_type, ?, lower(?), attrs, ox_state, updated_at FROM objects WHERE object_id = 'fa-a'`,
    ).run(twinDn('old'), twinDn('old'));
    db.close();

    t.queue('fa-b', FA, twinDn('old'), null);
    const log = await t.runOk();
    expect(await accountsOf(ox, ctx, 'old@example.org')).toEqual(before);
    expect(log).toContain(`Not removing functional account old@example.org`);
    expect(log).toContain(functionalAccountDn('old'));
    t.queue('fa-a', FA, functionalAccountDn('old'), null);
    await t.runOk();
    expect(await accountsOf(ox, ctx, 'old@example.org')).toEqual([]);
    ox.close();
  });
});
