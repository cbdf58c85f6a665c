// Issue 7, end to end: a real slapd, `ox-connector run --source ldap` (built CLI) and the OX emulator over HTTP.
// Every kind of directory change must arrive in OX — read back over SOAP — while the connector runs, and the
// changes made while it is stopped (with slapd restarted in between) must arrive at the next start.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import type { OxClient } from '../../../src/ox/index.js';
import { E2E, startTestEmulator } from '../../helpers/e2e.js';
import { contextData, groupNamed, members, userByName, usersIn } from '../../helpers/ox-read.js';
import { eventually, type Slapd, startSlapd } from './slapd-fixture.js';

const CLI = resolve(import.meta.dirname, '../../../dist/cli/main.js');
const USERS = 'cn=users,dc=example,dc=org';

describe.skipIf(!existsSync(CLI))('OpenLDAP → connector → OX (emulator)', () => {
  let slapd: Slapd;
  let emu: RunningEmulator;
  let t: E2E;
  let ox: OxClient;
  let service: ChildProcess | undefined;
  let serviceLog = '';

  const ldapEnv = () => ({
    LDAP_URI: slapd.uri,
    LDAP_BASE: slapd.base,
    LDAP_BIND_DN: slapd.bindDn,
    LDAP_BIND_PASSWORD_FILE: slapd.passwordFile,
  });
  const startService = () => {
    serviceLog = '';
    service = spawn(process.execPath, [CLI, 'run', '--source', 'ldap', '--data-dir', t.dataDir], {
      env: { PATH: process.env.PATH ?? '', ...t.env, ...ldapEnv() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    service.stdout!.on('data', (d: Buffer) => (serviceLog += d.toString()));
    service.stderr!.on('data', (d: Buffer) => (serviceLog += d.toString()));
  };
  const stopService = async () => {
    if (!service || service.exitCode !== null || service.signalCode !== null) return;
    const exited = new Promise((r) => service!.once('exit', r));
    service.kill('SIGTERM');
    await exited;
  };
  const user = (ctx: number, name: string) => userByName(ox, ctx, name);
  const resourceNamed = async (ctx: number, name: string) =>
    (
      (await ox.call('OXResourceService', 'listAll', { ctx: { id: ctx } })) as Record<string, unknown>[] | undefined
    )?.find((r) => r.name === name);
  const accountsIn = async (ctx: number) =>
    ((await ox.call('OXSecondaryAccountService', 'list', { context: { id: ctx }, users: [], groups: [] })) as
      unknown[] | undefined) ?? [];
  const profiles = () => readFileSync(join(t.dataDir, 'ModuleAccessDefinitions.properties'), 'utf8');
  /** eventually(), with the running connector's output in the failure message. */
  const inOx = async <T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> => {
    try {
      return await eventually(what, probe);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- connector output ---\n${serviceLog.slice(-4000)}`);
    }
  };

  beforeAll(async () => {
    slapd = startSlapd(); // ldap/sample: context 10, profiles, alice + bob, group staff, an account, a resource.
    emu = await startTestEmulator();
    t = new E2E(emu, { DEFAULT_CONTEXT: '10' });
    ox = t.client();
  });
  afterAll(async () => {
    slapd?.destroy();
    await stopService();
    ox?.close();
    await emu?.close();
  });

  it('provisions the initial directory with run --source ldap --once', async () => {
    const result = await t.run(['run', '--source', 'ldap', '--once'], ldapEnv());
    expect(result.stdout, result.stderr).toMatch(/processed=\d+ failed=0/);
    expect(result.code).toBe(0);
    expect(await contextData(ox, 10)).toBeDefined();
    const alice = await user(10, 'alice');
    expect(alice).toMatchObject({ name: 'alice', email1: 'alice@example.org', display_name: 'Alice Example' });
    const bob = await user(10, 'bob');
    expect(bob).toMatchObject({ name: 'bob', title: 'Mr.', display_name: 'Bob Builder' }); // Defaults of 0042.
    const staff = await groupNamed(ox, 10, 'staff');
    expect(members(staff)).toEqual([alice!.id, bob!.id].sort((a, b) => (a as number) - (b as number)));
    // The other object types of ldap/sample: a resource, a functional account (alice), two access profiles.
    expect(await resourceNamed(10, 'room1')).toMatchObject({ displayname: 'Room 1', email: 'room1@example.org' });
    expect((await accountsIn(10)).length).toBeGreaterThanOrEqual(1);
    expect(profiles()).toMatch(/^webmail=collectemailaddresses,contacts,multiplemailaccounts,subscription,webmail$/m);
  });

  it('brings every kind of live change into OX while run --source ldap is running', async () => {
    startService();
    const bobId = (await user(10, 'bob'))!.id;
    const aliceId = (await user(10, 'alice'))!.id;

    // Attribute change.
    slapd.modify(`dn: uid=bob,${USERS}\nchangetype: modify\nreplace: title\ntitle: Prof.\n`);
    await inOx('title in OX', async () => (await user(10, 'bob'))?.title === 'Prof.');

    // Group membership change (on the group: memberOf changes are invisible to syncrepl).
    slapd.modify(
      `dn: cn=staff,cn=groups,dc=example,dc=org\nchangetype: modify\ndelete: uniqueMember\nuniqueMember: uid=bob,${USERS}\n`,
    );
    await inOx('bob out of staff', async () => {
      const m = members(await groupNamed(ox, 10, 'staff'));
      return m.length === 1 && m[0] === aliceId;
    });

    // isOxUser toggle: off removes the OX user, on brings it back.
    slapd.modify(`dn: uid=bob,${USERS}\nchangetype: modify\nreplace: isOxUser\nisOxUser: Not\n`);
    await inOx('bob removed from OX', async () => (await user(10, 'bob')) === undefined);
    slapd.modify(`dn: uid=bob,${USERS}\nchangetype: modify\nreplace: isOxUser\nisOxUser: OK\n`);
    const back = await inOx('bob back in OX', () => user(10, 'bob'));
    expect(back.id).not.toBe(bobId);
    expect(back.title).toBe('Prof.');

    // Context change: a new context entry, then alice moves there.
    slapd.modify(
      'dn: cn=11,cn=open-xchange,dc=example,dc=org\nchangetype: add\nobjectClass: oxContext\ncn: 11\noxContextIDNum: 11\n',
    );
    await inOx('context 11 in OX', () => contextData(ox, 11));
    slapd.modify(`dn: uid=alice,${USERS}\nchangetype: modify\nreplace: oxContextIDNum\noxContextIDNum: 11\n`);
    await inOx('alice in context 11', async () => (await user(11, 'alice')) !== undefined);
    await inOx('alice gone from context 10', async () => (await user(10, 'alice')) === undefined);

    // Rename (modrdn): same OX user, new login name.
    const moved = (await user(11, 'alice'))!;
    slapd.modify(`dn: uid=alice,${USERS}\nchangetype: modrdn\nnewrdn: uid=alicia\ndeleteoldrdn: 1\n`);
    const renamed = await inOx('alicia in OX', () => user(11, 'alicia'));
    expect(renamed.id).toBe(moved.id);
    expect(await user(11, 'alice')).toBeUndefined();

    // An access profile changes: the module-access file follows.
    slapd.modify(
      'dn: cn=webmail,cn=accessprofiles,cn=open-xchange,dc=example,dc=org\nchangetype: modify\nadd: oxRightCalendar\noxRightCalendar: TRUE\n',
    );
    await inOx('calendar in the webmail profile', async () =>
      /^webmail=calendar,collectemailaddresses,/m.test(profiles()),
    );

    // A resource is deleted.
    slapd.modify('dn: cn=room1,cn=oxresources,cn=open-xchange,dc=example,dc=org\nchangetype: delete\n');
    await inOx('room1 deleted in OX', async () => (await resourceNamed(10, 'room1')) === undefined);

    // Delete.
    slapd.modify(`dn: uid=bob,${USERS}\nchangetype: delete\n`);
    await inOx('bob deleted in OX', async () => (await user(10, 'bob')) === undefined);
    expect(serviceLog).not.toMatch(/ERROR|CRITICAL/);
  });

  it('catches up on changes made while it was stopped, across a slapd restart (present phase)', async () => {
    await stopService();
    slapd.modify(
      `dn: uid=carol,${USERS}\nchangetype: add\nobjectClass: inetOrgPerson\nobjectClass: univentionMail\nobjectClass: oxUserObject\nuid: carol\ncn: Carol C\ngivenName: Carol\nsn: C\nmailPrimaryAddress: carol@example.org\n`,
    );
    slapd.modify(`dn: uid=alicia,${USERS}\nchangetype: delete\n`);
    slapd.stop(); // slapd forgets its session log: the deletion can only be found by the present-phase diff.
    slapd.start();
    const result = await t.run(['run', '--source', 'ldap', '--once'], ldapEnv());
    expect(result.stdout, result.stderr).toMatch(/processed=\d+ failed=0/);
    expect(await user(10, 'carol')).toMatchObject({ name: 'carol', email1: 'carol@example.org' });
    expect(await user(11, 'alicia')).toBeUndefined();
  });

  it('loses nothing when run --source ldap is killed (SIGKILL) mid-stream and restarted', async () => {
    const person = (n: number) =>
      `dn: uid=k${n},${USERS}\nchangetype: add\nobjectClass: inetOrgPerson\nobjectClass: univentionMail\n` +
      `objectClass: oxUserObject\nuid: k${n}\ncn: K ${n}\ngivenName: K\nsn: Number${n}\nmailPrimaryAddress: k${n}@example.org\n`;
    startService();
    await inOx('carol still there after the restart', () => user(10, 'carol'));
    for (let n = 1; n <= 15; n++) slapd.modify(person(n));
    const exited = new Promise((r) => service!.once('exit', r));
    service!.kill('SIGKILL');
    await exited;
    for (let n = 16; n <= 30; n++) slapd.modify(person(n)); // While it is dead.
    startService();
    for (let n = 1; n <= 30; n++) await inOx(`k${n} in OX`, () => user(10, `k${n}`));
    const all = await usersIn(ox, 10);
    expect(all.filter((u) => /^k\d+$/.test(String(u.name)))).toHaveLength(30);
    await stopService();
    expect(serviceLog).not.toMatch(/ERROR|CRITICAL/);
  });
});
