// The --state snapshot + journal (src/emulator/state-file.ts, state-journal.ts): what is journaled, replay on
// load, a torn last line, damage before good lines, the compaction crash window, and the master password.
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OxFault } from '../../../src/emulator/model/index.js';
import { openStateFile, type StateFile } from '../../../src/emulator/state-file.js';
import { oxUserData } from '../../helpers/ox-objects.js';

const MASTER = { login: 'oxadminmaster', password: 'master-secret' };
const ADMIN = { login: 'oxadmin', password: 'admin-secret' };
const CTX = { id: 10 };
const options = (masterPassword = MASTER.password) => ({
  masterAdmin: MASTER.login,
  masterPassword,
  uniqueDisplayNames: false,
});

function statePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'ox-emu-state-')), 'state.json');
}

function open(path: string, extra: { compactBytes?: number; masterPassword?: string } = {}): StateFile {
  return openStateFile({ path, compactBytes: extra.compactBytes, log: () => undefined }, options(extra.masterPassword));
}

function createContext(state: StateFile): void {
  state.journaled.handle('OXContextService', 'create', {
    ctx: { id: CTX.id, maxQuota: 1000 },
    admin_user: {
      name: ADMIN.login,
      password: ADMIN.password,
      display_name: 'Context Admin',
      given_name: 'Context',
      sur_name: 'Admin',
      primaryEmail: 'oxadmin@example.org',
      email1: 'oxadmin@example.org',
    },
    auth: MASTER,
  });
}

function createUser(state: StateFile, name: string): number {
  const user = state.journaled.handle('OXUserService', 'create', {
    ctx: CTX,
    usrdata: oxUserData(name),
    auth: ADMIN,
  }) as { id: number };
  return user.id;
}

function userId(state: StateFile, name: string): number | undefined {
  try {
    return (state.model.handle('OXUserService', 'getData', { ctx: CTX, user: { name }, auth: ADMIN }) as { id: number })
      .id;
  } catch (error) {
    if (error instanceof OxFault) return undefined;
    throw error;
  }
}

/** The journal's lines: the file up to the zeros it is grown ahead with. */
function journalData(path: string): string {
  const raw = readFileSync(path);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? raw.length : end).toString('utf8');
}

function writeAtDataEnd(path: string, text: string): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, text, journalData(path).length);
  closeSync(fd);
}

/** Every journaled call is on disk: what a kill -9 at this moment would leave. */
async function settled(state: StateFile): Promise<void> {
  await state.settled();
}

describe('emulator --state journal', () => {
  it('restores every answered call after a crash (no close), with the same ids', async () => {
    const path = statePath();
    const first = open(path);
    createContext(first);
    const ids = Object.fromEntries(['anna', 'bert', 'carl'].map((n) => [n, createUser(first, n)]));
    await settled(first);
    // No close(): the process "dies" here. The snapshot on disk predates every call above.
    const second = open(path);
    for (const [name, id] of Object.entries(ids)) expect(userId(second, name)).toBe(id);
    // The sequence continues where the first process stopped: the next user gets the next id.
    expect(createUser(second, 'dora')).toBe(Math.max(...Object.values(ids)) + 1);
    await second.close();
  });

  it('journals neither faults nor read-only calls', async () => {
    const path = statePath();
    const state = open(path);
    createContext(state);
    createUser(state, 'anna');
    await settled(state);
    const size = journalData(`${path}.journal`).length;
    expect(() => createUser(state, 'anna')).toThrow(OxFault); // login taken: a model fault
    state.journaled.handle('OXUserService', 'getData', { ctx: CTX, user: { name: 'anna' }, auth: ADMIN });
    state.journaled.handle('OXUserService', 'list', { ctx: CTX, search_pattern: '*', auth: ADMIN });
    expect(state.settled()).toBeUndefined();
    expect(journalData(`${path}.journal`).length).toBe(size);
    await state.close();
  });

  it('never writes the master password into the journal, and replays under another one', async () => {
    const path = statePath();
    const first = open(path);
    createContext(first);
    await settled(first);
    const journal = journalData(`${path}.journal`);
    expect(journal).toContain('"OXContextService","operation":"create"');
    expect(journal).not.toContain(MASTER.password);
    // Restarted with another master password: the context created under the old one is still replayed.
    const second = open(path, { masterPassword: 'another-secret' });
    expect(
      second.model.handle('OXContextService', 'exists', { ctx: CTX, auth: { ...MASTER, password: 'another-secret' } }),
    ).toBe(true);
    await second.close();
  });

  it('ignores a torn last line and keeps every line before it', async () => {
    const path = statePath();
    const first = open(path);
    createContext(first);
    createUser(first, 'anna');
    await settled(first);
    // A write cut short: part of a line where the data ends, the zeros grown ahead of it after.
    writeAtDataEnd(`${path}.journal`, '{"seq":3,"service":"OXUserService","operation":"cre');
    const second = open(path);
    expect(userId(second, 'anna')).toBe(3);
    await second.close();
  });

  it('refuses a journal damaged before intact lines, naming the file and the line', async () => {
    const path = statePath();
    const first = open(path);
    createContext(first);
    createUser(first, 'anna');
    await settled(first);
    const journal = readFileSync(`${path}.journal`, 'utf8').split('\n');
    journal[1] = journal[1].slice(0, 20);
    writeFileSync(`${path}.journal`, journal.join('\n'));
    expect(() => open(path)).toThrow(/state\.json\.journal: line 2 is damaged/);
  });

  it('applies no call twice when a crash fell between the new snapshot and the new journal', async () => {
    const path = statePath();
    const first = open(path);
    createContext(first);
    createUser(first, 'anna');
    await settled(first);
    const journalBeforeCompaction = `${path}.old-journal`;
    copyFileSync(`${path}.journal`, journalBeforeCompaction);
    await first.close(); // the snapshot now holds both calls, the journal is gone
    expect(existsSync(`${path}.journal`)).toBe(false);
    // The crash window: the new snapshot is in place, the old journal not yet replaced.
    copyFileSync(journalBeforeCompaction, `${path}.journal`);
    const second = open(path);
    expect(userId(second, 'anna')).toBe(3);
    // Replayed twice, 'anna' would have failed ("already exists") or the next id would have moved on.
    expect(createUser(second, 'bert')).toBe(4);
    await second.close();
  });

  it('refuses a journal that does not continue the snapshot', async () => {
    const path = statePath();
    const first = open(path);
    createContext(first);
    await first.close();
    const snapshot = JSON.parse(readFileSync(path, 'utf8')) as { journalSeq: number };
    expect(snapshot.journalSeq).toBe(1);
    const header = { format: 'ox-emulator-journal', version: 1, options: {} };
    const foreign = { seq: 5, service: 'OXContextService', operation: 'delete', args: {} };
    writeFileSync(`${path}.journal`, `${JSON.stringify(header)}\n${JSON.stringify(foreign)}\n`);
    expect(() => open(path)).toThrow(/call 5 \(OXContextService\.delete\) is not the next call after call 1/);
  });

  it('names the state file and what to do when it cannot be written', () => {
    const path = join(statePath(), 'missing-directory', 'state.json');
    expect(() => open(path)).toThrow(
      `Cannot write the emulator state file ${path} (ENOENT): give --state a file in an existing, writable directory.`,
    );
  });

  it('folds a growing journal into the snapshot while it runs, losing nothing', async () => {
    const path = statePath();
    const first = open(path, { compactBytes: 2000 });
    createContext(first);
    const ids: Record<string, number> = {};
    for (let i = 0; i < 30; i++) {
      ids[`user${i}`] = createUser(first, `user${i}`);
      if (i % 3 === 0) await settled(first);
    }
    await settled(first);
    // Compacted at least once: the snapshot names a later call than the first, the journal is small again.
    const snapshot = JSON.parse(readFileSync(path, 'utf8')) as { journalSeq: number };
    expect(snapshot.journalSeq).toBeGreaterThan(1);
    expect(journalData(`${path}.journal`).length).toBeLessThan(20_000);
    const second = open(path);
    for (const [name, id] of Object.entries(ids)) expect(userId(second, name)).toBe(id);
    await second.close();
  });
});
