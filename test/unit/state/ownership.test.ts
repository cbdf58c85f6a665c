// OxOwnership (decision 0200): who owns an OX object — the store for committed objects, a claim for a unit that is
// creating or adopting one in this process — so that two objects of one login never both adopt it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStateDb, type StateDb } from '../../../src/state/database.js';
import { nameKey } from '../../../src/state/ownership.js';
import { StateStore } from '../../../src/state/store.js';

let db: StateDb;
let store: StateStore;
beforeEach(() => {
  db = openStateDb(':memory:');
  store = new StateStore(db);
});
afterEach(() => db.close());

const a = { objectId: 'a', udmType: 'users/user', dn: 'uid=dup,cn=users,dc=x' };
const b = { objectId: 'b', udmType: 'users/user', dn: 'uid=dup,cn=other,dc=x' };

function commitOwner(owner: typeof a, oxId: number): void {
  store.commitChange({
    objectId: owner.objectId,
    object: { ...owner, attrs: {}, oxState: { oxId } },
    oxIds: [{ contextId: 10, kind: 'user', oxId, oxName: 'dup' }],
  });
}

describe('OxOwnership', () => {
  it('names the other stored owner of an OX id, never the asking object itself', () => {
    commitOwner(a, 7);
    expect(store.ownership.storedOwner(10, 'user', 7, 'b')).toEqual(a);
    expect(store.ownership.storedOwner(10, 'user', 7, 'a')).toBeUndefined();
    expect(store.ownership.storedOwner(11, 'user', 7, 'b')).toBeUndefined();
    expect(store.ownership.storedOwner(10, 'group', 7, 'b')).toBeUndefined();
  });

  it('gives a claimed name to its first claimant only, case-insensitively, until released or committed', () => {
    const key = nameKey('user', 10, 'Dup');
    expect(key).toBe(nameKey('user', 10, 'dup'));
    expect(store.ownership.claim(key, a)).toBeUndefined();
    expect(store.ownership.claim(key, a)).toBeUndefined();
    expect(store.ownership.claim(key, b)).toEqual(a);
    store.ownership.releaseClaim(key, 'b'); // not b's to release
    expect(store.ownership.claim(key, b)).toEqual(a);
    commitOwner(a, 7); // committed: the store answers from now on, the claim is gone
    expect(store.ownership.claim(key, b)).toBeUndefined();
    store.ownership.releaseClaim(key, 'b');
    expect(store.ownership.claim(key, a)).toBeUndefined();
  });

  it('lists the (context, user) pairs other functional-account objects hold under an address (decision 0240)', () => {
    const fa = (objectId: string, address: string, pairs: { contextId: number; userId: number }[]) =>
      store.commitChange({
        objectId,
        object: {
          objectId,
          udmType: 'oxmail/functional_account',
          dn: `cn=${objectId},dc=x`,
          attrs: {},
          oxState: { address, name: address, personal: null, pairs: pairs.map((p) => ({ ...p, login: 'l' })) },
        },
      });
    fa('fa-a', 'team@x', [
      { contextId: 10, userId: 3 },
      { contextId: 11, userId: 4 },
    ]);
    fa('fa-c', 'other@x', [{ contextId: 10, userId: 3 }]);
    commitOwner(a, 7);
    const owner = { objectId: 'fa-a', udmType: 'oxmail/functional_account', dn: 'cn=fa-a,dc=x' };
    expect(store.ownership.storedAddressHolders('team@x', 'fa-b')).toEqual([
      { ...owner, contextId: 10, userId: 3 },
      { ...owner, contextId: 11, userId: 4 },
    ]);
    expect(store.ownership.storedAddressHolders('team@x', 'fa-a')).toEqual([]);
    expect(store.ownership.storedAddressHolders('nobody@x', 'fa-b')).toEqual([]);
  });
});
