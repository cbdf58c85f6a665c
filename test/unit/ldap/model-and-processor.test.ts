// Object model, DN normalisation, settings and the sync processor (present-phase diff, no duplicates).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeDn } from '../../../src/sources/ldap/dn.js';
import { buildObject, classify, type LdapEntry, type ModelContext } from '../../../src/sources/ldap/object-model.js';
import { SyncProcessor } from '../../../src/sources/ldap/processor.js';
import { QueueWriter, type StagedFile } from '../../../src/sources/ldap/queue-writer.js';
import { readLdapSettings } from '../../../src/sources/ldap/settings.js';
import { openStateDb, type StateDb } from '../../../src/state/database.js';

function entry(dn: string, attributes: Record<string, string[]>): LdapEntry {
  return {
    dn,
    attributes: new Map(Object.entries(attributes).map(([k, v]) => [k.toLowerCase(), v.map((x) => Buffer.from(x))])),
  };
}
const noContext: ModelContext = {
  defaultContext: '10',
  resolveDn: () => undefined,
  resolveUid: () => undefined,
  groupsOf: () => [],
};

describe('object model', () => {
  it('classifies by univentionObjectType first, then by object classes', () => {
    expect(classify(entry('cn=x', { objectClass: ['oxContext'], univentionObjectType: ['container/cn'] }))).toBeNull();
    expect(
      classify(entry('cn=x', { objectClass: ['organizationalRole'], univentionObjectType: ['groups/group'] })),
    ).toBe('groups/group');
    expect(classify(entry('cn=x', { objectClass: ['oxResourceObject'] }))).toBe('oxresources/oxresources');
    expect(classify(entry('uid=x', { objectClass: ['inetOrgPerson'], uid: ['x'] }))).toBe('users/user');
    expect(classify(entry('cn=x', { objectClass: ['inetOrgPerson'] }))).toBeNull();
  });

  it('applies UCS defaults inside the OX object class only', () => {
    const ox = buildObject(
      entry('uid=a', {
        objectClass: ['inetOrgPerson', 'oxUserObject'],
        uid: ['a'],
        givenName: ['A'],
        sn: ['B'],
        mailPrimaryAddress: ['A@X.org'],
      }),
      'users/user',
      noContext,
    );
    expect(ox).toMatchObject({
      isOxUser: 'OK',
      oxAccess: 'premium',
      oxContext: '10',
      oxDisplayName: 'A B',
      oxUserQuota: '-1',
      mailPrimaryAddress: 'a@x.org',
    });
    const plain = buildObject(
      entry('uid=p', { objectClass: ['inetOrgPerson'], uid: ['p'], sn: ['P'], telephoneNumber: ['1'] }),
      'users/user',
      noContext,
    );
    expect(plain).toMatchObject({ isOxUser: 'Not', oxAccess: 'premium', phone: ['1'] });
    expect(plain.oxContext).toBeUndefined();
  });

  it('splits members and resolves memberUid through the context', () => {
    const context: ModelContext = {
      ...noContext,
      resolveDn: (dn) => (dn === 'cn=sub,cn=groups' ? { dn, type: 'groups/group' } : undefined),
      resolveUid: (uid) => (uid === 'carol' ? 'uid=carol,cn=users' : undefined),
    };
    const group = buildObject(
      entry('cn=g', {
        objectClass: ['posixGroup'],
        cn: ['g'],
        uniqueMember: ['uid=a,cn=users', 'cn=sub,cn=groups'],
        memberUid: ['carol', 'ghost'],
      }),
      'groups/group',
      context,
    );
    expect(group).toMatchObject({
      name: 'g',
      users: ['uid=a,cn=users', 'uid=carol,cn=users'],
      nestedGroup: ['cn=sub,cn=groups'],
    });
    expect(group.isOxGroup).toBeUndefined();
  });

  it('normalises DNs for comparison only', () => {
    expect(normalizeDn('UID=Alice , cn=Users,DC=Example')).toBe('uid=alice,cn=users,dc=example');
    expect(normalizeDn('cn=a\\,b,dc=x')).toBe('cn=a\\,b,dc=x');
  });
});

describe('settings', () => {
  it('names every problem at once and never shows the password', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ldap-settings-'));
    writeFileSync(join(dir, 'pw'), 'hunter2\n');
    expect(() => readLdapSettings({ LDAP_URI: 'http://x', LDAP_FILTER: '(uid=a', LDAP_BIND_DN: 'cn=a' })).toThrow(
      /LDAP_URI "http:\/\/x"[\s\S]*LDAP_BASE is not set[\s\S]*LDAP_BIND_PASSWORD_FILE is not[\s\S]*LDAP_FILTER/,
    );
    const settings = readLdapSettings({
      LDAP_URI: 'ldaps://h',
      LDAP_BASE: 'dc=x',
      LDAP_BIND_DN: 'cn=a',
      LDAP_BIND_PASSWORD_FILE: join(dir, 'pw'),
      LDAP_FILTER: 'uid=a*',
    });
    expect(settings).toMatchObject({ bindPassword: 'hunter2', filter: '(uid=a*)', defaultContext: '10' });
    try {
      readLdapSettings({
        LDAP_URI: 'ldap://h',
        LDAP_BASE: 'nodn',
        LDAP_BIND_DN: 'cn=a',
        LDAP_BIND_PASSWORD_FILE: join(dir, 'pw'),
      });
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('sync processor', () => {
  let dir: string;
  let db: StateDb;
  let processor: SyncProcessor;
  const files = () =>
    readdirSync(join(dir, 'listener'))
      .filter((n) => n.endsWith('.json'))
      .sort()
      .map((n) => JSON.parse(readFileSync(join(dir, 'listener', n), 'utf8')));
  const user = (uid: string, title = 'x') =>
    entry(`uid=${uid},cn=users,dc=x`, {
      objectClass: ['inetOrgPerson', 'oxUserObject'],
      uid: [uid],
      sn: [uid],
      title: [title],
    });
  const U1 = '00000000-0000-0000-0000-000000000001';
  const U2 = '00000000-0000-0000-0000-000000000002';

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ldap-proc-'));
    db = openStateDb(join(dir, 'state.db'));
    processor = new SyncProcessor(db, new QueueWriter(dir), 'key', '10');
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('suppresses re-delivered unchanged entries and stores the cookie with the files', () => {
    processor.beginRefresh(false);
    processor.handleBatch([
      { kind: 'entry', state: 'add', uuid: U1, entry: user('a') },
      { kind: 'refreshDone', cookie: Buffer.from('c1') },
    ]);
    processor.handleBatch([{ kind: 'entry', state: 'modify', uuid: U1, entry: user('a'), cookie: Buffer.from('c2') }]);
    expect(files()).toHaveLength(1);
    expect(processor.storedCookie()?.toString()).toBe('c2');
    expect(new SyncProcessor(db, new QueueWriter(dir), 'other source', '10').storedCookie()).toBeUndefined();
  });

  it('deletes known entries that a present phase does not name', () => {
    processor.beginRefresh(false);
    processor.handleBatch([
      { kind: 'entry', state: 'add', uuid: U1, entry: user('a') },
      { kind: 'entry', state: 'add', uuid: U2, entry: user('b') },
      { kind: 'refreshDone', cookie: Buffer.from('c1') },
    ]);
    processor.beginRefresh(true);
    processor.handleBatch([
      { kind: 'uuids', refreshDeletes: false, uuids: [U1] },
      { kind: 'presentPhaseEnd' },
      { kind: 'refreshDone', cookie: Buffer.from('c2') },
    ]);
    const all = files();
    expect(all).toHaveLength(3);
    expect(all[2]).toEqual({
      dn: 'uid=b,cn=users,dc=x',
      id: U2,
      object: null,
      options: null,
      udm_object_type: 'users/user',
    });
  });

  it('keeps the cookie and shows no file when writing fails', () => {
    processor.beginRefresh(true);
    rmSync(join(dir, 'listener'), { recursive: true });
    expect(() =>
      processor.handleBatch([{ kind: 'entry', state: 'add', uuid: U1, entry: user('a'), cookie: Buffer.from('c9') }]),
    ).toThrow();
    expect(processor.storedCookie()).toBeUndefined();
  });

  // Decision 0046: the crash windows of a batch. "Crashing" = the writer throws where the process would die.
  class CrashBeforeRename extends QueueWriter {
    override publish(_files: StagedFile[]): void {
      throw new Error('killed after the commit, before the rename');
    }
  }
  const listed = () => readdirSync(join(dir, 'listener')).sort();

  it('publishes a committed batch exactly once after a crash between commit and rename', () => {
    const crashing = new SyncProcessor(db, new CrashBeforeRename(dir), 'key', '10');
    crashing.beginRefresh(true);
    expect(() =>
      crashing.handleBatch([{ kind: 'entry', state: 'add', uuid: U1, entry: user('a'), cookie: Buffer.from('c1') }]),
    ).toThrow(/killed/);
    expect(files()).toHaveLength(0);
    expect(listed().filter((n) => n.endsWith('.converting.tmp'))).toHaveLength(1);

    const restarted = new SyncProcessor(db, new QueueWriter(dir), 'key', '10');
    expect(restarted.recover()).toEqual({ published: 1, removed: 0 });
    expect(restarted.storedCookie()?.toString()).toBe('c1');
    // The server re-delivers nothing new (cookie committed); even a re-delivery of the same state stays silent.
    restarted.beginRefresh(true);
    restarted.handleBatch([{ kind: 'entry', state: 'add', uuid: U1, entry: user('a'), cookie: Buffer.from('c1') }]);
    expect(files()).toHaveLength(1);
    expect(listed().every((n) => n.endsWith('.json'))).toBe(true);
    expect(restarted.recover()).toEqual({ published: 0, removed: 0 });
  });

  it('removes temporary files of a batch that never committed, and writes the change once on re-delivery', () => {
    const writer = new QueueWriter(dir);
    writer.stage({ id: U1, dn: 'uid=a,cn=users,dc=x', udm_object_type: 'users/user', object: {}, options: [] });
    writeFileSync(join(dir, 'listener', 'unrelated.converting.tmp'), 'not ours'); // Other names are left alone.
    const restarted = new SyncProcessor(db, new QueueWriter(dir), 'key', '10');
    expect(restarted.recover()).toEqual({ published: 0, removed: 1 });
    restarted.beginRefresh(false);
    restarted.handleBatch([
      { kind: 'entry', state: 'add', uuid: U1, entry: user('a') },
      { kind: 'refreshDone', cookie: Buffer.from('c1') },
    ]);
    expect(files()).toHaveLength(1);
    expect(listed()).toContain('unrelated.converting.tmp');
    expect(listed().filter((n) => /^\d{4}.*\.converting\.tmp$/.test(n))).toEqual([]);
  });
});
