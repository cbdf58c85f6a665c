import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../../../src/model/change.js';
import { GroupCommit, type ConfirmedChange } from '../../../src/engine/group-commit.js';
import { openStateDb, type StateDb } from '../../../src/state/database.js';
import { StateStore, type StoreChange } from '../../../src/state/store.js';

let db: StateDb;
let store: StateStore;

beforeEach(() => {
  db = openStateDb(':memory:');
  store = new StateStore(db);
});
afterEach(() => db.close());

function record(id: string, file = `${id}.json`): ChangeRecord {
  return { objectId: id, udmType: 'users/user', dn: `uid=${id},dc=x`, attributes: {}, options: [], source: file };
}

function userChange(id: string, attrs: Record<string, unknown> = { username: id }, oxId = 5): StoreChange {
  return {
    objectId: id,
    object: { objectId: id, udmType: 'users/user', dn: `uid=${id},dc=x`, attrs, oxState: { oxId, contextId: 10 } },
    oxIds: [{ contextId: 10, kind: 'user', oxId, oxName: id }],
    memberRefs: [],
  };
}

/** Rows SQLite changed on this connection so far (inserts, updates, deletes). */
function rowsWritten(): number {
  return (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
}

describe('group commit', () => {
  it('stores nothing and removes no file before the flush; afterwards hooks see the stored rows, files go in order', () => {
    const events: string[] = [];
    const commits = new GroupCommit({
      store,
      acknowledge: (r) => events.push(`ack ${r.source} stored=${store.getObject(r.objectId) !== undefined}`),
      failed: () => events.push('failed'),
      maxObjects: 10,
      maxAgeMs: 60_000,
    });
    for (const id of ['a', 'b', 'c']) {
      const change = userChange(id);
      change.afterCommit = () => events.push(`hook ${id} stored=${store.getObject(id) !== undefined}`);
      commits.add({ change, records: [record(id)] });
    }
    expect(commits.size).toBe(3);
    expect(store.getObject('a')).toBeUndefined();
    expect(events).toEqual([]);

    commits.flush();
    expect(commits.size).toBe(0);
    expect(events).toEqual([
      'hook a stored=true',
      'ack a.json stored=true',
      'hook b stored=true',
      'ack b.json stored=true',
      'hook c stored=true',
      'ack c.json stored=true',
    ]);
    expect(store.oxIdsOf('c')).toEqual([{ objectId: 'c', contextId: 10, kind: 'user', oxId: 5, oxName: 'c' }]);
  });

  it('commits by itself once the batch is full', () => {
    const acked: string[] = [];
    const commits = new GroupCommit({
      store,
      acknowledge: (r) => acked.push(r.objectId),
      failed: () => undefined,
      maxObjects: 2,
      maxAgeMs: 60_000,
    });
    commits.add({ change: userChange('a'), records: [record('a')] });
    expect(acked).toEqual([]);
    commits.add({ change: userChange('b'), records: [record('b')] });
    expect(acked).toEqual(['a', 'b']);
    expect(store.getObject('b')?.dn).toBe('uid=b,dc=x');
  });

  it('a change the store cannot take fails alone; the others of its batch are stored and acknowledged', () => {
    const acked: string[] = [];
    const failed: string[] = [];
    const commits = new GroupCommit({
      store,
      acknowledge: (r) => acked.push(r.objectId),
      failed: (entry, error) => failed.push(`${entry.change.objectId}: ${(error as Error).name}`),
      maxObjects: 10,
    });
    commits.add({ change: userChange('a'), records: [record('a')] });
    // A BigInt cannot be serialised: writing this object throws inside the transaction.
    commits.add({ change: userChange('bad', { n: 1n }), records: [record('bad')] });
    commits.add({ change: userChange('c'), records: [record('c')] });
    commits.flush();
    expect(failed).toEqual(['bad: TypeError']);
    expect(acked).toEqual(['a', 'c']);
    expect(store.getObject('a')).toBeDefined();
    expect(store.getObject('bad')).toBeUndefined();
    expect(store.getObject('c')).toBeDefined();
  });

  it('runs the entry hook after the commit (e.g. closing a full re-provisioning request)', () => {
    const seen: boolean[] = [];
    const commits = new GroupCommit<ConfirmedChange>({ store, acknowledge: () => undefined, failed: () => undefined });
    commits.add({ change: userChange('a'), records: [], afterCommit: () => seen.push(!!store.getObject('a')) });
    commits.flush();
    expect(seen).toEqual([true]);
  });
});

describe('store commits write only what differs', () => {
  it('a re-delivered identical state writes one health row per batch and leaves the object row alone', () => {
    store.commitChanges([userChange('a'), userChange('b')]);
    const updatedAt = (
      db.prepare("SELECT updated_at FROM objects WHERE object_id = 'a'").get() as { updated_at: string }
    ).updated_at;
    const before = rowsWritten();
    store.commitChanges([userChange('a'), userChange('b')]);
    expect(rowsWritten() - before).toBe(1); // last_success_at
    expect(
      (db.prepare("SELECT updated_at FROM objects WHERE object_id = 'a'").get() as { updated_at: string }).updated_at,
    ).toBe(updatedAt);
  });

  it('a changed attribute or OX id is written', () => {
    store.commitChanges([userChange('a')]);
    store.commitChanges([userChange('a', { username: 'a', title: 'Dr.' }, 7)]);
    expect(store.getObject('a')?.attrs).toEqual({ username: 'a', title: 'Dr.' });
    expect(store.oxIdsOf('a').map((r) => r.oxId)).toEqual([7]);
  });

  it('a success after a failure resets the error count and forgets the failing file; the object is no longer parked', () => {
    store.recordFailure('x.json', 'OX said no');
    store.park({
      objectId: 'a',
      udmType: 'users/user',
      dn: 'uid=a,dc=x',
      source: 'x.json',
      error: 'OX said no',
      transient: false,
      nextRetryAt: new Date(),
    });
    store.commitChanges([userChange('a')]);
    const health = store.health();
    expect(health.errors).toBe('0');
    expect(health.message).toBeUndefined();
    expect(health.filename).toBeUndefined();
    expect(health.last_success_object).toBe('uid=a,dc=x');
    expect(store.getParked('a')).toBeUndefined();
  });

  it('member references of an unchanged group are not rewritten; changed ones are', () => {
    const group = (members: string[]): StoreChange => ({
      objectId: 'g',
      object: { objectId: 'g', udmType: 'groups/group', dn: 'cn=g,dc=x', attrs: { users: members }, oxState: null },
      memberRefs: members,
    });
    store.commitChanges([group(['uid=a,dc=x', 'uid=b,dc=x'])]);
    const before = rowsWritten();
    store.commitChanges(
      [group(['UID=A,dc=x', 'uid=b,dc=x'])].map((g) => ({ ...g, object: group(['uid=a,dc=x', 'uid=b,dc=x']).object })),
    );
    expect(rowsWritten() - before).toBe(1);
    store.commitChanges([group(['uid=a,dc=x', 'uid=c,dc=x'])]);
    const refs = db.prepare("SELECT ref_dn_norm FROM member_refs WHERE owner_id = 'g' ORDER BY 1").all();
    expect(refs).toEqual([{ ref_dn_norm: 'uid=a,dc=x' }, { ref_dn_norm: 'uid=c,dc=x' }]);
  });

  it('reads one attribute of the objects named by DN without their whole state (JSON types kept)', () => {
    const g = (id: string, dn: string, attrs: Record<string, unknown>): StoreChange => ({
      objectId: id,
      object: { objectId: id, udmType: 'groups/group', dn, attrs, oxState: null },
    });
    store.commitChanges([
      g('a', 'cn=A,dc=x', { isOxGroup: 'OK' }),
      g('b', 'cn=b,dc=x', { isOxGroup: true }),
      g('c', 'cn=c,dc=x', { users: [] }),
      g('d', 'cn=d,dc=x', { 'odd.key"': ['x'] }),
    ]);
    const found = store.attributeByDns(['cn=a, dc=x', 'CN=B,DC=X', 'cn=c,dc=x', 'cn=unknown,dc=x'], 'isOxGroup');
    expect([...found.entries()]).toEqual([
      ['cn=a,dc=x', { objectId: 'a', udmType: 'groups/group', value: 'OK' }],
      ['cn=b,dc=x', { objectId: 'b', udmType: 'groups/group', value: true }],
      ['cn=c,dc=x', { objectId: 'c', udmType: 'groups/group', value: undefined }],
    ]);
    expect(store.attributeByDns(['cn=d,dc=x'], 'odd.key"').get('cn=d,dc=x')?.value).toEqual(['x']);
  });
});
