// Issue 14 item 1: one OX account belongs to exactly one directory object. Two DNs (different entryUUIDs) with
// the same username must never share an OX user: the second is parked with a message naming the login, both DNs
// and what to do, and a delete removes only the OX user the deleted object owns (decision 0200).
import { describe, expect, it } from 'vitest';
import { udmUser, useE2E, type E2E } from '../../helpers/e2e.js';
import { userByName, usersIn } from '../../helpers/ox-read.js';

const e2e = useE2E(2600);

interface Item {
  objectId: string | null;
  dn: string | null;
  status: string;
  error?: string;
}

async function tasks(t: E2E): Promise<Item[]> {
  const r = await t.run(['tasks', 'list', '--json']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Item[];
}

/** A second directory object with `login` as username: another DN, another entryUUID, another mail address. */
function twin(login: string, ctx: number, tag: string) {
  return udmUser(login, ctx, {
    mailPrimaryAddress: `${tag}@example.org`,
    'e-mail': [`${tag}@example.org`],
    displayName: `Twin ${tag}`,
    oxDisplayName: `Twin ${tag}`,
  });
}

const dnA = (login: string) => `uid=${login},cn=users,dc=example,dc=org`;
const dnB = (login: string) => `uid=${login},cn=other,dc=example,dc=org`;

describe('two directory objects with one login', () => {
  it("the second is parked and not given the first one's OX user; deleting it leaves that user alone", async () => {
    const { t, ids, ox } = await e2e.setup();
    const ctx = ids[0];
    t.queue('dup-a', 'users/user', dnA('dup.user'), twin('dup.user', ctx, 'first'));
    await t.runOk();
    const owned = await userByName(ox, ctx, 'dup.user');
    expect(owned?.email1).toBe('first@example.org');

    t.queue('dup-b', 'users/user', dnB('dup.user'), twin('dup.user', ctx, 'second'));
    const r = await t.run();
    expect(r.code).toBe(1);
    const parked = (await tasks(t)).find((i) => i.objectId === 'dup-b');
    expect(parked?.status).toBe('parked');
    expect(parked?.error).toContain('"dup.user"');
    expect(parked?.error).toContain(dnA('dup.user'));
    expect(parked?.error).toContain(dnB('dup.user'));
    expect(parked?.error).toMatch(/another username.*tasks retry dup-b/);
    // OX still holds the first object's data: the second did not take the account over.
    const after = await userByName(ox, ctx, 'dup.user');
    expect(after?.id).toBe(owned?.id);
    expect(after?.email1).toBe('first@example.org');

    // Deleting the parked one deletes nothing in OX; deleting the owner deletes its own user.
    t.queue('dup-b', 'users/user', dnB('dup.user'), null);
    await t.runOk();
    expect((await userByName(ox, ctx, 'dup.user'))?.id).toBe(owned?.id);
    t.queue('dup-a', 'users/user', dnA('dup.user'), null);
    await t.runOk();
    expect(await userByName(ox, ctx, 'dup.user')).toBeUndefined();
    ox.close();
  });

  it('in one pass, of two objects of a login (run concurrently) exactly one gets the OX user', async () => {
    const { t, ids, ox } = await e2e.setup();
    const ctx = ids[0];
    const logins = ['pair1', 'pair2', 'pair3', 'pair4', 'pair5', 'pair6'];
    for (const login of logins) {
      t.queue(`${login}-a`, 'users/user', dnA(login), twin(login, ctx, `${login}-a`));
      t.queue(`${login}-b`, 'users/user', dnB(login), twin(login, ctx, `${login}-b`));
    }
    const r = await t.run(['run', '--once'], { OX_CONNECTOR_CONCURRENCY: '8' });
    expect(r.stdout).toMatch(new RegExp(`failed=${logins.length} `));
    const items = await tasks(t);
    const users = await usersIn(ox, ctx);
    expect(users).toHaveLength(logins.length);
    for (const login of logins) {
      const loser = items.filter((i) => i.objectId?.startsWith(`${login}-`) && i.status === 'parked');
      expect(loser, login).toHaveLength(1);
      expect(loser[0].error).toContain(dnA(login));
      expect(loser[0].error).toContain(dnB(login));
      const winner = loser[0].objectId === `${login}-a` ? `${login}-b` : `${login}-a`;
      // The OX user carries the winner's data only: the parked one never changed it.
      expect((await userByName(ox, ctx, login))?.email1).toBe(`${winner}@example.org`);
    }
    ox.close();
  });

  it('once the first object is renamed away from the login, the second gets an OX user of its own', async () => {
    const { t, ids, ox } = await e2e.setup();
    const ctx = ids[0];
    t.queue('mv-a', 'users/user', dnA('taken'), twin('taken', ctx, 'taken-a'));
    await t.runOk();
    const first = await userByName(ox, ctx, 'taken');
    t.queue('mv-b', 'users/user', dnB('taken'), twin('taken', ctx, 'taken-b'));
    expect((await t.run()).code).toBe(1);

    // The parked object's file is still queued, so this pass may try it again, before or after the rename.
    t.queue('mv-a', 'users/user', dnA('taken.renamed'), twin('taken.renamed', ctx, 'taken-a'));
    await t.run();
    expect((await userByName(ox, ctx, 'taken.renamed'))?.id).toBe(first?.id);

    expect((await t.run(['tasks', 'retry', '--all'])).code).toBe(0);
    await t.runOk();
    const second = await userByName(ox, ctx, 'taken');
    expect(second?.email1).toBe('taken-b@example.org');
    expect(second?.id).not.toBe(first?.id);
    // And each delete removes its own OX user only.
    t.queue('mv-b', 'users/user', dnB('taken'), null);
    await t.runOk();
    expect(await userByName(ox, ctx, 'taken')).toBeUndefined();
    expect((await userByName(ox, ctx, 'taken.renamed'))?.id).toBe(first?.id);
    ox.close();
  });

  it('a legacy OX user that no directory object owns is still adopted', async () => {
    const { t, ids, ox } = await e2e.setup();
    const ctx = ids[0];
    // Made in OX by the first object, whose record is then dropped from the store as if never imported.
    t.queue('legacy', 'users/user', dnA('legacy.user'), twin('legacy.user', ctx, 'legacy'));
    await t.runOk();
    const legacy = await userByName(ox, ctx, 'legacy.user');
    expect((await t.run(['cache', 'remove', dnA('legacy.user')])).code).toBe(0);
    t.queue('adopter', 'users/user', dnB('legacy.user'), twin('legacy.user', ctx, 'adopter'));
    await t.runOk();
    const adopted = await userByName(ox, ctx, 'legacy.user');
    expect(adopted?.id).toBe(legacy?.id);
    expect(adopted?.email1).toBe('adopter@example.org');
    ox.close();
  });
});
