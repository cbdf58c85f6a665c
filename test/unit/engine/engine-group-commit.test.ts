import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../../../src/model/change.js';
import { Engine, type ChangeSource } from '../../../src/engine/engine.js';
import { createLogger } from '../../../src/ops/log.js';
import { HandlerRegistry } from '../../../src/provisioning/registry.js';
import { PermanentError, type ObjectHandler, type ProvisioningEnv } from '../../../src/provisioning/types.js';
import { openStateDb, type StateDb } from '../../../src/state/database.js';
import { StateStore } from '../../../src/state/store.js';

// The engine with group commit (decision 0161), with a handler that needs no OX: what is committed when, and
// what the health record says after a failure among successes.

const TYPE = 'test/thing';
let db: StateDb;
let store: StateStore;
let lines: string[];

beforeEach(() => {
  db = openStateDb(':memory:');
  store = new StateStore(db);
  lines = [];
});
afterEach(() => db.close());

const handler: ObjectHandler = {
  udmType: TYPE,
  phase: () => 'users',
  async provision({ change }) {
    await new Promise((resolve) => setTimeout(resolve, 1)); // in flight together with others
    if (change.attributes?.fail) throw new PermanentError(`OX refused ${change.dn}`);
    return {
      objectId: change.objectId,
      object: {
        objectId: change.objectId,
        udmType: change.udmType,
        dn: change.dn,
        attrs: change.attributes!,
        oxState: null,
      },
    };
  },
};

function source(ids: string[], fail: string[] = []): ChangeSource & { acked: string[]; storedWhenAcked: boolean[] } {
  const records = new Map<string, ChangeRecord>(
    ids.map((id) => [
      `${id}.json`,
      {
        objectId: id,
        udmType: TYPE,
        dn: `cn=${id},dc=x`,
        attributes: fail.includes(id) ? { fail: true } : { n: id },
        options: [],
        source: `${id}.json`,
      },
    ]),
  );
  const acked: string[] = [];
  const storedWhenAcked: boolean[] = [];
  return {
    acked,
    storedWhenAcked,
    list: () => [...records.keys()],
    read: (ref) => records.get(ref),
    acknowledge: (record) => {
      acked.push(record.objectId);
      storedWhenAcked.push(store.getObject(record.objectId) !== undefined);
      records.delete(record.source);
    },
  };
}

function engine(src: ChangeSource, concurrency: number, groupCommitObjects: number): Engine {
  return new Engine({
    registry: new HandlerRegistry().register(handler),
    store,
    source: src,
    log: createLogger('INFO', (l) => lines.push(l)),
    concurrency,
    stopOnError: false,
    maxBackoffSeconds: 300,
    groupCommitObjects,
    env: {} as Omit<ProvisioningEnv, 'requeue' | 'log'>,
  });
}

describe('engine with group commit', () => {
  it('removes every queue file only after its object was committed, whatever the batch size', async () => {
    const ids = Array.from({ length: 23 }, (_, i) => `o${String(i).padStart(2, '0')}`);
    for (const batch of [1, 4, 64]) {
      const src = source(ids);
      const result = await engine(src, 5, batch).pass();
      expect(result).toMatchObject({ processed: 23, failed: 0, left: 0 });
      expect([...src.acked].sort()).toEqual(ids);
      expect(src.storedWhenAcked.every(Boolean)).toBe(true);
    }
  });

  it('stores the successes confirmed before a failure first, so the health record ends with the failure', async () => {
    const src = source(['a', 'b', 'c'], ['c']);
    const result = await engine(src, 1, 64).pass();
    expect(result).toMatchObject({ processed: 2, failed: 1 });
    expect(store.getObject('a')).toBeDefined();
    expect(store.getObject('b')).toBeDefined();
    const health = store.health();
    expect(health.errors).toBe('1');
    expect(health.filename).toBe('c.json');
    expect(health.message).toContain('OX refused cn=c,dc=x');
    expect(store.getParked('c')?.source).toBe('c.json');
    expect(src.acked).toEqual(['a', 'b']);
    expect(lines.some((l) => l.includes('This is consecutive error #1'))).toBe(true);
  });
});
