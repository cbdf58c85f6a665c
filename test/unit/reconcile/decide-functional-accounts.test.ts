// reconcile's functional-account adapter: OX's secondary accounts of an address compared with the directory through
// the functional-account planner — the differing fields named, users the directory no longer names carried as OX
// users to delete, and an address no directory object wants an orphan.
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../../src/config/settings.js';
import type { Account } from '../../../src/ox/types.js';
import { accountActions, type AccountsInContext } from '../../../src/reconcile/decide-functional-accounts.js';
import type { DirectoryObject } from '../../../src/reconcile/directory-object.js';

const CTX = 10;
const aliceDn = 'uid=alice,cn=users,dc=example,dc=org';
const desk: DirectoryObject = {
  objectId: 'fa-desk',
  udmType: 'oxmail/functional_account',
  dn: 'cn=desk,cn=functional_accounts,dc=example,dc=org',
  attrs: { name: 'Desk', mailPrimaryAddress: 'desk@example.org', users: [aliceDn] },
};
const alice: DirectoryObject = { objectId: 'u-alice', udmType: 'users/user', dn: aliceDn, attrs: { uid: 'alice' } };
const objects = new Map([desk, alice].map((o) => [o.objectId, o]));

function input(read: Account[]): AccountsInContext {
  return {
    contextId: CTX,
    accounts: [{ objectId: desk.objectId, dn: desk.dn, address: 'desk@example.org' }],
    source: { objects: () => objects.values(), get: (id) => objects.get(id) },
    settings: { functionalAccountLoginTemplate: '{{uid}}-desk' } as Settings,
    usersByDn: new Map([[aliceDn, { objectId: 'u-alice', dn: aliceDn, contextId: CTX, name: 'alice' }]]),
    oxUserIds: new Map([
      ['alice', 3],
      ['bob', 4],
    ]),
    read,
  };
}

const account = (userId: number, extra: Partial<Account> = {}): Account => ({
  userId,
  primaryAddress: 'desk@example.org',
  login: 'alice-desk',
  name: 'Desk',
  ...extra,
});

describe('accountActions', () => {
  it('counts an account OX holds as the directory says as unchanged', () => {
    expect(accountActions(input([account(3)]))).toEqual({ actions: [], unchanged: 1 });
  });

  it('names the fields OX holds differently, and the users the directory does not name', () => {
    const { actions } = accountActions(input([account(3, { name: 'Old', login: 'old' }), account(4)]));
    expect(actions).toEqual([
      {
        op: 'change',
        kind: 'functional_account',
        context: CTX,
        name: 'desk@example.org',
        dn: desk.dn,
        fields: ['login', 'name', 'users'],
        objectId: 'fa-desk',
        oxUserIds: [4],
      },
    ]);
  });

  it('plans an address no directory object wants as an orphan of its OX users', () => {
    const { actions } = accountActions(input([account(3), account(4, { primaryAddress: 'Stray@example.org' })]));
    expect(actions).toEqual([
      {
        op: 'delete',
        kind: 'functional_account',
        context: CTX,
        name: 'stray@example.org',
        orphan: true,
        oxUserIds: [4],
      },
    ]);
  });
});
