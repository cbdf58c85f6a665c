// StateStore on the per-object path (decisions 0161, 0192): a stored object reads back as it was written, and
// its row is rewritten exactly when its properties or its OX state differ.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStateDb, type StateDb } from '../../../src/state/database.js';
import { StateStore, type StoreChange } from '../../../src/state/store.js';

let db: StateDb;
let store: StateStore;
beforeEach(() => {
  db = openStateDb(':memory:');
  store = new StateStore(db);
});
afterEach(() => db.close());

const change = (attrs: Record<string, unknown>, oxState: Record<string, unknown> | null): StoreChange => ({
  objectId: 'a',
  object: { objectId: 'a', udmType: 'users/user', dn: 'uid=a,dc=x', attrs, oxState },
  oxIds: oxState ? [{ contextId: 10, kind: 'user', oxId: 5, oxName: 'a' }] : [],
});

/** SQLite's count of rows changed by the connection so far: grows exactly when something was written. */
const writes = (): number => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
const objectWrites = (): string =>
  (db.prepare("SELECT updated_at FROM objects WHERE object_id='a'").get() as { updated_at: string }).updated_at;

describe('StateStore', () => {
  it('gives a stored object back as written, to spreads, JSON and comparisons alike', () => {
    store.commitChanges([change({ username: 'a', groups: ['cn=g,dc=x'] }, { oxId: 5 })]);
    const stored = store.getObject('a')!;
    expect(stored.attrs).toEqual({ username: 'a', groups: ['cn=g,dc=x'] });
    expect({ ...stored }.attrs).toEqual({ username: 'a', groups: ['cn=g,dc=x'] });
    expect(JSON.parse(JSON.stringify(stored))).toEqual({
      objectId: 'a',
      udmType: 'users/user',
      dn: 'uid=a,dc=x',
      attrs: { username: 'a', groups: ['cn=g,dc=x'] },
      oxState: { oxId: 5 },
    });
    expect(stored).toEqual({
      objectId: 'a',
      udmType: 'users/user',
      dn: 'uid=a,dc=x',
      attrs: { username: 'a', groups: ['cn=g,dc=x'] },
      oxState: { oxId: 5 },
    });
    stored.attrs = { username: 'b' };
    expect(stored.attrs).toEqual({ username: 'b' });
  });

  it('rewrites the object row exactly when its properties or its OX state differ', () => {
    store.commitChanges([change({ username: 'a' }, null)]);
    const first = objectWrites();
    const before = writes();
    // Identical, including a null OX state: no object row written (the health row is).
    store.commitChanges([change({ username: 'a' }, null)]);
    expect(objectWrites()).toBe(first);
    const idle = writes() - before;

    const rewrites: [Record<string, unknown>, Record<string, unknown> | null][] = [
      [{ username: 'a', city: 'x' }, null], // properties differ
      [{ username: 'a', city: 'x' }, { oxId: 5 }], // null → state
      [{ username: 'a', city: 'x' }, { oxId: 6 }], // state differs
      [{ username: 'a', city: 'x' }, null], // state → null
    ];
    for (const [attrs, oxState] of rewrites) {
      const n = writes();
      store.commitChanges([change(attrs, oxState)]);
      expect(writes() - n).toBeGreaterThan(idle);
      expect(store.getObject('a')).toMatchObject({ attrs, oxState });
    }
  });
});
