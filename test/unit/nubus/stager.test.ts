// The stager acknowledges after the SQLite commit and puts files in place in batches (decision 0340): a kill in
// between leaves recorded files that the next start renames into place exactly once, and a redelivery of such a
// message adds no second file.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openStateDb, type StateDb } from '../../../src/state/database.js';
import type { ProvisioningMessage } from '../../../src/sources/nubus/message.js';
import { MessageStager, PUBLISH_BATCH } from '../../../src/sources/nubus/stager.js';
import type { QueueRecord } from '../../../src/sources/ldap/queue-writer.js';

const message = (n: number): ProvisioningMessage => ({
  realm: 'udm',
  topic: 'users/user',
  body: { old: {}, new: { dn: `uid=u${n},dc=x`, properties: { univentionObjectIdentifier: `uoi-${n}` } } },
  sequence_number: n,
});
const record = (n: number): QueueRecord => ({
  id: `uoi-${n}`,
  dn: `uid=u${n},dc=x`,
  udm_object_type: 'users/user',
  object: { username: `u${n}` },
  options: ['default'],
});

describe('MessageStager', () => {
  let dir: string;
  let db: StateDb;
  const listener = () => readdirSync(join(dir, 'listener')).sort();
  const queued = () =>
    listener()
      .filter((name) => name.endsWith('.json'))
      .map((name) => (JSON.parse(readFileSync(join(dir, 'listener', name), 'utf8')) as { id: string }).id);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ox-nubus-stager-'));
    db = openStateDb(join(dir, 'state.db'));
  });
  afterEach(() => {
    vi.useRealTimers();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('puts files recorded before a kill in place once at the next start; their redelivery adds none', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }); // The killed process never publishes.
    const killed = new MessageStager(db, dir, 'sub');
    for (const n of [1, 2, 3]) expect(killed.stage(message(n), record(n)).outcome).toBe('staged');
    // Acknowledged from here on, yet not visible to the engine: the kill window of this decision.
    expect(queued()).toEqual([]);
    expect(listener().filter((name) => name.endsWith('.converting.tmp'))).toHaveLength(3);

    const restarted = new MessageStager(db, dir, 'sub');
    expect(restarted.recover()).toEqual({ published: 3, removed: 0 });
    expect(restarted.stage(message(3), record(3)).outcome).toBe('already-staged');
    expect(restarted.stage(message(4), record(4)).outcome).toBe('staged');
    await restarted.flush();
    expect(queued()).toEqual(['uoi-1', 'uoi-2', 'uoi-3', 'uoi-4']);
    expect(listener().filter((name) => name.endsWith('.converting.tmp'))).toEqual([]);
  });

  it('publishes a full batch without waiting, in staging order, and records it as published', async () => {
    const stager = new MessageStager(db, dir, 'sub');
    const count = PUBLISH_BATCH + 5;
    for (let n = 1; n <= count; n++) stager.stage(message(n), record(n));
    await stager.flush();
    expect(queued()).toEqual(Array.from({ length: count }, (_, i) => `uoi-${i + 1}`));
    expect(new MessageStager(db, dir, 'sub').recover()).toEqual({ published: 0, removed: 0 });
  });
});
