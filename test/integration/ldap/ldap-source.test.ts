// The LDAP source against a real slapd: initial load, every kind of change in persist mode, restarts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLdapSettings, startLdapSource, type LdapSource } from '../../../src/sources/ldap/index.js';
import { openStateDb, type StateDb } from '../../../src/state/database.js';
import { readQueue, type Slapd, startSlapd, waitFor } from './slapd-fixture.js';

const quiet = { info: () => {}, warning: () => {}, error: () => {} };

describe('LDAP source against slapd', () => {
  let slapd: Slapd;
  let dataDir: string;
  let db: StateDb;
  let source: LdapSource | undefined;

  const settings = () =>
    readLdapSettings({
      LDAP_URI: slapd.uri,
      LDAP_BASE: slapd.base,
      LDAP_BIND_DN: slapd.bindDn,
      LDAP_BIND_PASSWORD_FILE: slapd.passwordFile,
    });
  const start = (once = false) => {
    source = startLdapSource({ settings: settings(), db, dataDir, logger: quiet, once });
    return source;
  };
  const newRecords = (before: number) => readQueue(dataDir).slice(before);
  const byDn = (dn: string) => readQueue(dataDir).filter((record) => record.dn === dn);

  beforeAll(() => {
    slapd = startSlapd();
    dataDir = mkdtempSync(join(tmpdir(), 'ox-ldap-data-'));
    db = openStateDb(join(dataDir, 'ox-connector.db'));
  });

  afterAll(async () => {
    await source?.stop();
    db.close();
    slapd.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes every OX object of the directory on the initial load (--once)', async () => {
    await start(true).done;
    const records = readQueue(dataDir);
    const types = records.map((record) => `${record.udm_object_type} ${record.dn.split(',')[0]}`).sort();
    expect(types).toEqual([
      'groups/group cn=staff',
      'oxmail/accessprofile cn=premium',
      'oxmail/accessprofile cn=webmail',
      'oxmail/functional_account cn=support',
      'oxmail/oxcontext cn=10',
      'oxresources/oxresources cn=room1',
      'users/user uid=alice',
      'users/user uid=bob',
    ]);
    const bob = records.find((record) => record.dn.startsWith('uid=bob'))!;
    expect(bob.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(bob.options).toEqual(['default']);
    expect(bob.object).toMatchObject({
      username: 'bob',
      isOxUser: 'OK',
      oxAccess: 'premium',
      oxContext: '10',
      oxDisplayName: 'Bob Builder',
      title: 'Mr.',
    });
    const staff = records.find((record) => record.udm_object_type === 'groups/group')!;
    expect(staff.object).toMatchObject({
      name: 'staff',
      isOxGroup: 'OK',
      users: ['uid=alice,cn=users,dc=example,dc=org', 'uid=bob,cn=users,dc=example,dc=org'],
    });
    expect(staff.options).toEqual(['default', 'posix']);
  });

  it('emits nothing when restarted with the stored cookie and nothing changed', async () => {
    const before = readQueue(dataDir).length;
    await start(true).done;
    expect(newRecords(before)).toEqual([]);
  });

  it('turns each kind of live change into one queue file (refreshAndPersist)', async () => {
    const live = start();
    await live.refreshed;

    let before = readQueue(dataDir).length;
    slapd.modify('dn: uid=bob,cn=users,dc=example,dc=org\nchangetype: modify\nreplace: title\ntitle: Prof.\n');
    let [record] = await waitFor('attribute change', () => newRecords(before).length >= 1 && newRecords(before));
    expect(record.object).toMatchObject({ title: 'Prof.' });

    before = readQueue(dataDir).length;
    slapd.modify('dn: uid=bob,cn=users,dc=example,dc=org\nchangetype: modify\nreplace: isOxUser\nisOxUser: Not\n');
    [record] = await waitFor('isOxUser toggle', () => newRecords(before).length >= 1 && newRecords(before));
    expect(record.object).toMatchObject({ isOxUser: 'Not' });

    before = readQueue(dataDir).length;
    slapd.modify(
      'dn: uid=alice,cn=users,dc=example,dc=org\nchangetype: modify\nreplace: oxContextIDNum\noxContextIDNum: 11\n',
    );
    [record] = await waitFor('context change', () => newRecords(before).length >= 1 && newRecords(before));
    expect(record.object).toMatchObject({ oxContext: '11', username: 'alice' });

    before = readQueue(dataDir).length;
    const aliceId = record.id;
    slapd.modify('dn: uid=alice,cn=users,dc=example,dc=org\nchangetype: modrdn\nnewrdn: uid=alicia\ndeleteoldrdn: 1\n');
    // The user, and the group and functional account that name her by DN (no refint here).
    const renamed = await waitFor('rename', () => newRecords(before).length >= 3 && newRecords(before));
    expect(renamed[0]).toMatchObject({ id: aliceId, dn: 'uid=alicia,cn=users,dc=example,dc=org' });
    expect(renamed[0].object).toMatchObject({ username: 'alicia' });
    const group = renamed.find((r) => r.udm_object_type === 'groups/group')!;
    expect(group.object!.users).toContain('uid=alicia,cn=users,dc=example,dc=org');
    expect(renamed.find((r) => r.udm_object_type === 'oxmail/functional_account')!.object!.users).toEqual([
      'uid=alicia,cn=users,dc=example,dc=org',
    ]);

    before = readQueue(dataDir).length;
    slapd.modify(
      'dn: cn=staff,cn=groups,dc=example,dc=org\nchangetype: modify\ndelete: uniqueMember\nuniqueMember: uid=bob,cn=users,dc=example,dc=org\n',
    );
    [record] = await waitFor('membership change', () => newRecords(before).length >= 1 && newRecords(before));
    expect(record.object!.users).toEqual(['uid=alicia,cn=users,dc=example,dc=org']);

    before = readQueue(dataDir).length;
    slapd.modify('dn: cn=room1,cn=oxresources,cn=open-xchange,dc=example,dc=org\nchangetype: delete\n');
    [record] = await waitFor('delete', () => newRecords(before).length >= 1 && newRecords(before));
    expect(record).toMatchObject({
      dn: 'cn=room1,cn=oxresources,cn=open-xchange,dc=example,dc=org',
      udm_object_type: 'oxresources/oxresources',
      object: null,
      options: null,
    });

    before = readQueue(dataDir).length;
    slapd.modify(
      'dn: uid=carol,cn=users,dc=example,dc=org\nchangetype: add\nobjectClass: inetOrgPerson\nobjectClass: univentionMail\nobjectClass: oxUserObject\nuid: carol\ncn: Carol C\ngivenName: Carol\nsn: C\nmailPrimaryAddress: carol@example.org\n',
    );
    [record] = await waitFor('create', () => newRecords(before).length >= 1 && newRecords(before));
    expect(record.object).toMatchObject({ username: 'carol', isOxUser: 'OK', oxContext: '10' });
    await live.stop();
  });

  it('finds deletes made while the connector was down, after a slapd restart (present phase)', async () => {
    // Stopped connector: a delete and a modify, then slapd restarts and forgets its session log.
    slapd.modify('dn: uid=carol,cn=users,dc=example,dc=org\nchangetype: delete\n');
    slapd.modify('dn: uid=bob,cn=users,dc=example,dc=org\nchangetype: modify\nreplace: title\ntitle: Sir\n');
    slapd.stop();
    slapd.start();
    const before = readQueue(dataDir).length;
    const live = start();
    await live.refreshed;
    const records = newRecords(before);
    expect(
      records.map((r) => [r.dn.split(',')[0], r.object === null ? 'deleted' : (r.object.title as string)]),
    ).toEqual(
      expect.arrayContaining([
        ['uid=carol', 'deleted'],
        ['uid=bob', 'Sir'],
      ]),
    );
    expect(records).toHaveLength(2);

    // Still live after the restart: slapd goes away under a running connector and comes back.
    slapd.stop();
    slapd.start();
    const afterRestart = readQueue(dataDir).length;
    slapd.modify('dn: uid=bob,cn=users,dc=example,dc=org\nchangetype: modify\nreplace: title\ntitle: Lord\n');
    const [record] = await waitFor(
      'change after reconnect',
      () => newRecords(afterRestart).length >= 1 && newRecords(afterRestart),
      30_000,
    );
    expect(record.object).toMatchObject({ title: 'Lord' });
    expect(
      byDn('uid=bob,cn=users,dc=example,dc=org').filter((r) => (r.object?.title as string) === 'Lord'),
    ).toHaveLength(1);
    await live.stop();
  });
});
