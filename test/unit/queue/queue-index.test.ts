// Bounded-memory queue handling (decision 0120): indexing drops attributes beyond the retained objects, and an
// object is read again when its turn comes — with the same ordering and coalescing as a queue held in memory.
import { mkdirSync, mkdtempSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../../src/config/settings.js';
import { credentialsFor, Runner } from '../../../src/engine/runner.js';
import type { ChangeRecord } from '../../../src/model/change.js';
import { createLogger } from '../../../src/ops/log.js';
import { coalesce, indexQueue, loadChange, UnloadedRecord, type QueueReader } from '../../../src/queue/queue-index.js';
import { UcsQueueDir } from '../../../src/sources/ucs-queue/queue-dir.js';
import { QueueWriter } from '../../helpers/queue-files.js';
import { FakeOx } from '../../helpers/fake-ox.js';

function memoryReader(items: [string, ChangeRecord | Error | undefined][]): QueueReader & { reads: string[] } {
  const byRef = new Map(items);
  const reads: string[] = [];
  return {
    reads,
    list: () => items.map(([ref]) => ref),
    read(ref) {
      reads.push(ref);
      const item = byRef.get(ref);
      if (item instanceof Error) throw item;
      return item;
    },
  };
}

const rec = (objectId: string, source: string, attributes: Record<string, unknown> | null): ChangeRecord => ({
  objectId,
  udmType: 'users/user',
  dn: `uid=${objectId},dc=x`,
  attributes,
  options: [],
  source,
});

describe('coalesce', () => {
  it('groups records in memory as the index does: first appearance, file order, the last record whole', () => {
    const changes = coalesce([rec('a', 'f1', { n: 1 }), rec('b', 'f2', { n: 2 }), rec('a', 'f3', { n: 3 })]);
    expect(changes.map((c) => [c.objectId, c.udmType, c.records.map((r) => r.source)])).toEqual([
      ['a', 'users/user', ['f1', 'f3']],
      ['b', 'users/user', ['f2']],
    ]);
    expect(changes.map((c) => [c.last.dn, c.last.attributes])).toEqual([
      ['uid=a,dc=x', { n: 3 }],
      ['uid=b,dc=x', { n: 2 }],
    ]);
  });
});

describe('indexQueue', () => {
  it('coalesces per object in order of first appearance, plans from the last record, keeps only `retain` records whole', () => {
    const reader = memoryReader([
      ['f1', rec('a', 'f1', { n: 1 })],
      ['f2', rec('b', 'f2', { n: 2 })],
      ['f3', new Error('Queue file f3 is not valid JSON; fix or remove it.')],
      ['f4', rec('a', 'f4', { n: 3 })],
      ['f5', undefined], // vanished between listing and reading
      ['f6', rec('c', 'f6', null)],
    ]);
    const index = indexQueue(reader, (r) => (r.attributes === null ? 'gone' : `n=${String(r.attributes.n)}`), 1);

    expect(index.records).toBe(4);
    expect(index.malformed).toEqual([{ file: 'f3', error: 'Queue file f3 is not valid JSON; fix or remove it.' }]);
    expect(index.changes.map((c) => [c.objectId, c.records.map((r) => r.source), c.plan])).toEqual([
      ['a', ['f1', 'f4'], 'n=3'],
      ['b', ['f2'], 'n=2'],
      ['c', ['f6'], 'gone'],
    ]);
    // "a" was the first object, so it is retained whole (its newest record); the others are references only.
    const [a, b, c] = index.changes;
    expect(a.last.attributes).toEqual({ n: 3 });
    expect(a.records[0]).toBeInstanceOf(UnloadedRecord);
    expect(b.last).toBeInstanceOf(UnloadedRecord);
    // An unloaded deletion must not look like a deletion: reading its attributes is an error, not null.
    expect(() => c.last.attributes).toThrow(/were used before the queue item was loaded/);
    // Nor is its DN kept (memory); the id and file are.
    expect(() => c.last.dn).toThrow(/DN of users\/user c \(f6\)/);
    expect([c.last.objectId, c.last.source]).toEqual(['c', 'f6']);
  });

  it('loadChange reads the last record again, leaves retained and stored-state changes alone', () => {
    const reader = memoryReader([
      ['f1', rec('a', 'f1', { n: 1 })],
      ['f2', rec('b', 'f2', { n: 2 })],
      ['f3', rec('b', 'f3', { n: 4 })],
    ]);
    const index = indexQueue(reader, () => 'users', 0);
    reader.reads.length = 0;
    const b = loadChange(reader, index.changes[1])!;
    expect(reader.reads).toEqual(['f3']);
    expect(b.last.attributes).toEqual({ n: 4 });
    expect(b.records.map((r) => r.source)).toEqual(['f2', 'f3']);
    expect(b.plan).toBe('users');
    // The indexed entry stays small: the loaded record lives only as long as the caller holds it.
    expect(index.changes[1].last).toBeInstanceOf(UnloadedRecord);

    const whole = { objectId: 'z', udmType: 'users/user', last: rec('z', 'requeue:z', {}), records: [] };
    expect(loadChange(reader, whole)).toBe(whole);
  });

  it('loadChange gives up on an item that vanished or was rewritten since indexing', () => {
    const items: [string, ChangeRecord | Error | undefined][] = [['f1', rec('a', 'f1', { n: 1 })]];
    const reader = memoryReader(items);
    const index = indexQueue(reader, () => 'users', 0);
    items[0][1] = undefined;
    const vanished = memoryReader(items);
    expect(loadChange(vanished, index.changes[0])).toBeUndefined();
    expect(loadChange(memoryReader([['f1', rec('other', 'f1', {})]]), index.changes[0])).toBeUndefined();
    expect(loadChange(memoryReader([['f1', new Error('broken')]]), index.changes[0])).toBeUndefined();
  });
});

describe('the retained byte budget (decision 0192)', () => {
  /** A reader that reports each item's size, as the queue directory does. */
  function sizedReader(items: [string, ChangeRecord, number][]): QueueReader & { reads: string[] } {
    const reads: string[] = [];
    let last = 0;
    return {
      reads,
      list: () => items.map(([ref]) => ref),
      read(ref) {
        reads.push(ref);
        const [, record, bytes] = items.find(([r]) => r === ref)!;
        last = bytes;
        return record;
      },
      lastReadBytes: () => last,
    };
  }

  it('keeps objects whole while their files fit the budget, then only references', () => {
    const reader = sizedReader([
      ['f1', rec('a', 'f1', { n: 1 }), 400],
      ['f2', rec('b', 'f2', { n: 2 }), 500],
      ['f3', rec('c', 'f3', { n: 3 }), 200], // 1,100 > 1,000: beyond the budget
      ['f4', rec('d', 'f4', { n: 4 }), 100], // still fits: later small files may be kept
    ]);
    const index = indexQueue(reader, () => 'users', { objects: Infinity, bytes: 1000 });
    const [a, b, c, d] = index.changes;
    expect(a.last.attributes).toEqual({ n: 1 });
    expect(b.last.attributes).toEqual({ n: 2 });
    expect(c.last).toBeInstanceOf(UnloadedRecord);
    expect(d.last.attributes).toEqual({ n: 4 });

    // Retained objects are not read again; the others are, once each.
    reader.reads.length = 0;
    const loaded = index.changes.map((ch) => loadChange(reader, ch)!.last.attributes);
    expect(loaded).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    expect(reader.reads).toEqual(['f3']);
  });

  it('counts every file of a retained object, and lets go of a record once it was handed out', () => {
    const reader = sizedReader([
      ['f1', rec('a', 'f1', { n: 1 }), 400],
      ['f2', rec('a', 'f2', { n: 2 }), 400],
      ['f3', rec('b', 'f3', { n: 3 }), 400], // 1,200 > 1,000 with both files of "a" counted
    ]);
    const index = indexQueue(reader, () => 'users', { objects: Infinity, bytes: 1000 });
    const [a, b] = index.changes;
    expect(a.last.attributes).toEqual({ n: 2 });
    expect(b.last).toBeInstanceOf(UnloadedRecord);

    reader.reads.length = 0;
    expect(loadChange(reader, a)!.last.attributes).toEqual({ n: 2 });
    expect(reader.reads).toEqual([]);
    // The index no longer holds the record: a second load (e.g. a parked object named, then retried) reads it.
    expect(a.last).toBeInstanceOf(UnloadedRecord);
    expect(loadChange(reader, a)!.last.attributes).toEqual({ n: 2 });
    expect(reader.reads).toEqual(['f2']);
  });

  it('counts a reader without sizes as 4 KB per item', () => {
    const reader = memoryReader([
      ['f1', rec('a', 'f1', { n: 1 })],
      ['f2', rec('b', 'f2', { n: 2 })],
    ]);
    const index = indexQueue(reader, () => 'users', { objects: Infinity, bytes: 6000 });
    expect(index.changes[0].last.attributes).toEqual({ n: 1 });
    expect(index.changes[1].last).toBeInstanceOf(UnloadedRecord);
  });

  it('the queue directory reports the byte size of the file it read last', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oxc-bytes-'));
    const q = new UcsQueueDir(dir);
    const body = JSON.stringify({ id: 'x', udm_object_type: 'users/user', dn: 'uid=ä,dc=x', object: {} });
    writeFileSync(join(q.dir, 'a.json'), body);
    expect(q.read(join(q.dir, 'a.json'))?.objectId).toBe('x');
    expect(q.lastReadBytes()).toBe(Buffer.byteLength(body));
  });
});

describe('engine over a queue larger than what it keeps in memory', () => {
  let dir: string;
  let ox: FakeOx;
  let lines: string[];

  let files: QueueWriter;
  const queue = (id: string, type: string, dn: string, object: Record<string, unknown> | null): string =>
    files.write(id, type, dn, object);
  const user = (name: string, extra: Record<string, unknown> = {}) => ({
    username: name,
    firstname: 'Emil',
    lastname: name[0].toUpperCase() + name.slice(1),
    mailPrimaryAddress: `${name}@example.org`,
    isOxUser: 'OK',
    oxAccess: 'premium',
    oxContext: '10',
    ...extra,
  });
  const context = (id: number) => ({ contextid: String(id), name: `context${id}` });
  const runOnce = async (retainedRecords: number) => {
    const settings = loadSettings(
      { OX_MASTER_PASSWORD: 'master-secret', DOMAINNAME: 'example.org', DEFAULT_CONTEXT: '10' },
      { dataDir: dir },
    );
    const r = new Runner({
      settings,
      log: createLogger('DEBUG', (l) => lines.push(l)),
      ox,
      credentials: credentialsFor(settings),
      retainedRecords,
    });
    try {
      return await r.runOnce();
    } finally {
      r.close();
    }
  };
  const left = () => readdirSync(join(dir, 'listener')).filter((f) => f.endsWith('.json'));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'oxc-batching-'));
    mkdirSync(join(dir, 'listener'));
    writeFileSync(join(dir, 'ModuleAccessDefinitions.properties'), 'premium=webmail,calendar,usm\nnone=\n');
    ox = new FakeOx();
    lines = [];
    files = new QueueWriter(join(dir, 'listener'));
  });

  it('creates a context queued after its users first; users wait for it instead of failing', async () => {
    for (let i = 0; i < 30; i++) queue(`u${i}`, 'users/user', `uid=p${i},dc=x`, user(`p${i}`));
    queue('c10', 'oxmail/oxcontext', 'cn=context10,dc=x', context(10));

    expect(await runOnce(1)).toEqual({ processed: 31, failed: 0, left: 0 });
    expect(ox.calls[0]).toBe('OXContextService.create');
    expect(ox.calls.slice(1)).toEqual(Array(30).fill('OXUserService.createByModuleAccess'));
    expect(ox.usersIn(10).map((u) => u.name)).toEqual(expect.arrayContaining(['p0', 'p29']));
    expect(left()).toEqual([]);
  });

  it('coalesces an object whose files lie far apart into one call with its newest state, in every memory budget', async () => {
    const states: Record<string, string>[] = [];
    for (const retained of [0, 3, 1000]) {
      ox = new FakeOx();
      dir = mkdtempSync(join(tmpdir(), 'oxc-batching-'));
      mkdirSync(join(dir, 'listener'));
      files = new QueueWriter(join(dir, 'listener'));
      writeFileSync(join(dir, 'ModuleAccessDefinitions.properties'), 'premium=webmail,calendar,usm\nnone=\n');
      queue('anna', 'users/user', 'uid=anna,dc=x', user('anna', { city: 'first' }));
      for (let i = 0; i < 20; i++) queue(`u${i}`, 'users/user', `uid=p${i},dc=x`, user(`p${i}`));
      queue('gone', 'users/user', 'uid=gone,dc=x', user('gone'));
      queue('anna', 'users/user', 'uid=anna,dc=x', user('anna', { city: 'second' }));
      queue('c10', 'oxmail/oxcontext', 'cn=context10,dc=x', context(10));
      queue('gone', 'users/user', 'uid=gone,dc=x', null);
      queue('anna', 'users/user', 'uid=anna,dc=x', user('anna', { city: 'last' }));

      expect(await runOnce(retained)).toEqual({ processed: 26, failed: 0, left: 0 });
      // One create per user that exists at the end; the deleted one never reaches OX.
      expect(ox.calls.filter((c) => c.startsWith('OXUserService')).length).toBe(21);
      expect(ox.calls.filter((c) => c !== 'OXUserService.createByModuleAccess')).toEqual(['OXContextService.create']);
      const anna = ox.usersIn(10).find((u) => u.name === 'anna')!;
      expect(anna.city_business).toBe('last');
      expect(ox.usersIn(10).some((u) => u.name === 'gone')).toBe(false);
      expect(left()).toEqual([]);
      states.push(
        Object.fromEntries(ox.usersIn(10).map((u) => [String(u.name), JSON.stringify({ ...u, password: 0 })])),
      );
    }
    expect(states[0]).toEqual(states[2]);
    expect(states[1]).toEqual(states[2]);
  });

  it('deletes contexts last even when the deletion is indexed before the users it contains', async () => {
    queue('c10', 'oxmail/oxcontext', 'cn=context10,dc=x', context(10));
    queue('c11', 'oxmail/oxcontext', 'cn=context11,dc=x', context(11));
    queue('u1', 'users/user', 'uid=anna,dc=x', user('anna', { oxContext: '11' }));
    expect((await runOnce(0)).failed).toBe(0);
    ox.calls = [];

    queue('c11', 'oxmail/oxcontext', 'cn=context11,dc=x', null);
    queue('u1', 'users/user', 'uid=anna,dc=x', user('anna', { oxContext: '10' }));
    expect(await runOnce(0)).toEqual({ processed: 2, failed: 0, left: 0 });
    // The user moved out of context 11 (copy, then delete there) before context 11 went away.
    expect(ox.calls.at(-1)).toBe('OXContextService.delete');
    expect(ox.calls).toContain('OXUserCopyService.copyUser');
    expect(ox.usersIn(10).map((u) => u.name)).toContain('anna');
    expect(ox.contexts.has(11)).toBe(false);
  });

  it('leaves a file removed after indexing to the next pass instead of provisioning a stale state', async () => {
    queue('c10', 'oxmail/oxcontext', 'cn=context10,dc=x', context(10));
    const name = queue('u1', 'users/user', 'uid=anna,dc=x', user('anna'));
    // Remove the user's file the moment the context is created, i.e. after the pass indexed the queue.
    ox.afterCall = (key) => {
      if (key === 'OXContextService.create') unlinkSync(join(dir, 'listener', name));
    };
    expect(await runOnce(0)).toEqual({ processed: 1, failed: 0, left: 0 });
    expect(ox.calls).toEqual(['OXContextService.create']);
  });
});
