import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_WORKLOAD_OPTIONS,
  DirectoryWorkload,
  QueueDirectoryWriter,
  QueueFileNamer,
  serializeQueueFile,
  type DirectorySize,
  type QueueRecord,
  type UdmObject,
} from '../../../bench/workload/index.js';

const SMALL: DirectorySize = {
  users: 120,
  groups: 12,
  membersPerGroup: 10,
  resources: 7,
  functionalAccounts: 5,
  membersPerFunctionalAccount: 3,
};

const obj = (r: QueueRecord) => r.object as UdmObject;
const ofType = (records: QueueRecord[], type: string) => records.filter((r) => r.udm_object_type === type);

describe('workload generator', () => {
  it('is deterministic for a seed and differs for another seed', () => {
    const a = new DirectoryWorkload(DEFAULT_WORKLOAD_OPTIONS, SMALL);
    const b = new DirectoryWorkload(DEFAULT_WORKLOAD_OPTIONS, SMALL);
    const c = new DirectoryWorkload({ ...DEFAULT_WORKLOAD_OPTIONS, seed: 7 }, SMALL);
    const dump = (w: DirectoryWorkload) =>
      [...w.initialLoad(), ...w.attributeChanges(50), ...w.redeliveries(20)].map(serializeQueueFile).join('\n');
    const first = dump(a);
    expect(dump(b)).toBe(first);
    expect(dump(c)).not.toBe(first);
  });

  it('produces the requested population in creation order', () => {
    const records = new DirectoryWorkload(DEFAULT_WORKLOAD_OPTIONS, SMALL).initialLoad();
    expect(records.map((r) => r.udm_object_type).filter((t, i, all) => all.indexOf(t) === i)).toEqual([
      'oxmail/oxcontext',
      'oxmail/accessprofile',
      'users/user',
      'groups/group',
      'oxresources/oxresources',
      'oxmail/functional_account',
    ]);
    expect(ofType(records, 'users/user')).toHaveLength(120);
    expect(ofType(records, 'groups/group')).toHaveLength(12);
    expect(ofType(records, 'oxresources/oxresources')).toHaveLength(7);
    expect(ofType(records, 'oxmail/functional_account')).toHaveLength(5);
    expect(ofType(records, 'oxmail/accessprofile').map((r) => obj(r).name)).toEqual([
      'none',
      'webmail',
      'webmail_drive',
      'pim',
      'pim_drive',
      'groupware',
      'premium',
    ]);
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
  });

  it('writes files exactly like the UCS listener converter (sorted keys, indent 4, \\u escapes)', () => {
    const w = new DirectoryWorkload(DEFAULT_WORKLOAD_OPTIONS, SMALL);
    for (const record of w.initialLoad()) {
      const text = serializeQueueFile(record);
      expect([...text].every((ch) => ch.charCodeAt(0) < 0x80)).toBe(true);
      expect(JSON.parse(text)).toEqual(record);
      expect(Object.keys(JSON.parse(text))).toEqual(['dn', 'id', 'object', 'options', 'udm_object_type']);
      const keys = Object.keys(JSON.parse(text).object);
      expect(keys).toEqual([...keys].sort());
      expect(text.split('\n')[1]).toBe(`    "dn": ${JSON.stringify(record.dn)},`);
    }
    const umlaut: QueueRecord = { ...w.context, object: { name: 'Lüneburg ß €' } };
    expect(serializeQueueFile(umlaut)).toContain('"name": "L\\u00fcneburg \\u00df \\u20ac"');
  });

  it('keeps users, groups, resources and functional accounts consistent with each other', () => {
    const records = new DirectoryWorkload(DEFAULT_WORKLOAD_OPTIONS, SMALL).initialLoad();
    const users = ofType(records, 'users/user');
    const userDns = new Set(users.map((u) => u.dn));
    for (const key of ['username', 'oxDisplayName', 'mailPrimaryAddress']) {
      expect(new Set(users.map((u) => obj(u)[key])).size).toBe(users.length);
    }
    for (const u of users) {
      expect(u.dn).toBe(`uid=${obj(u).username},cn=users,dc=example,dc=org`);
      expect(obj(u).mailPrimaryAddress).toMatch(/^[a-z0-9.-]+@example\.org$/);
      expect(obj(u)).toMatchObject({ isOxUser: 'OK', oxContext: '10', disabled: '0' });
      expect(u.options).toEqual(['default']);
    }
    for (const g of ofType(records, 'groups/group')) {
      const members = obj(g).users as string[];
      expect(members).toHaveLength(10);
      for (const dn of members) {
        expect(userDns.has(dn)).toBe(true);
        const member = users.find((u) => u.dn === dn)!;
        expect(obj(member).groups).toContain(g.dn);
      }
    }
    const uidNumbers = new Set(users.map((u) => obj(u).uidNumber));
    for (const r of ofType(records, 'oxresources/oxresources')) {
      expect(uidNumbers.has(obj(r).resourceadmin)).toBe(true);
      expect(obj(r).name).toMatch(/^[a-zA-Z0-9. ]+$/);
    }
    for (const f of ofType(records, 'oxmail/functional_account')) {
      expect(obj(f).groups).toEqual([]);
      expect((obj(f).users as string[]).every((dn) => userDns.has(dn))).toBe(true);
    }
  });

  it('changes exactly one attribute of distinct users, and re-delivers the current state unchanged', () => {
    const w = new DirectoryWorkload(DEFAULT_WORKLOAD_OPTIONS, SMALL);
    const before = new Map(w.initialLoad().map((r) => [r.id, r]));
    const changes = w.attributeChanges(100);
    expect(new Set(changes.map((c) => c.id)).size).toBe(100);
    for (const change of changes) {
      const old = obj(before.get(change.id)!);
      const now = obj(change);
      const keys = new Set([...Object.keys(old), ...Object.keys(now)]);
      const differing = [...keys].filter((k) => JSON.stringify(old[k]) !== JSON.stringify(now[k]));
      expect(differing).toHaveLength(1);
    }
    const latest = new Map(changes.map((c) => [c.id, c]));
    const again = w.redeliveries(120);
    expect(again).toHaveLength(120);
    for (const r of again) expect(r).toEqual(latest.get(r.id) ?? before.get(r.id));
  });
});

describe('queue file names and writer', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('names files in the listener timestamp format, strictly increasing across second boundaries', () => {
    const namer = new QueueFileNamer(new Date(Date.UTC(2024, 11, 31, 23, 59, 59, 999)), 400);
    const names = Array.from({ length: 5 }, () => namer.next());
    expect(names[0]).toBe('2024-12-31-23-59-59-999000.json');
    expect(names[3]).toBe('2025-01-01-00-00-00-000200.json');
    expect([...names].sort()).toEqual(names);
    for (const name of names) expect(name).toMatch(/^\d{4}(-\d{2}){5}-\d{6}\.json$/);
  });

  it('writes one file per record, in order, with no temporary files left', () => {
    dir = mkdtempSync(join(tmpdir(), 'workload-'));
    const w = new DirectoryWorkload(DEFAULT_WORKLOAD_OPTIONS, SMALL);
    const records = w.initialLoad();
    const writer = new QueueDirectoryWriter(join(dir, 'listener'));
    expect(writer.writeAll(records)).toBe(records.length);
    const files = readdirSync(join(dir, 'listener')).sort();
    expect(files).toHaveLength(records.length);
    expect(files.every((f) => f.endsWith('.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'listener', files[0]), 'utf8'))).toEqual(records[0]);
    expect(JSON.parse(readFileSync(join(dir, 'listener', files.at(-1)!), 'utf8'))).toEqual(records.at(-1));
  });
});
