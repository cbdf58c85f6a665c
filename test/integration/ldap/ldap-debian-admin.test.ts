// Issue 7's check, automated: a slapd set up the way Debian's package sets it up (its own cn=config template,
// not our scripts/slapd/), prepared by running the README's "Preparing a Debian slapd" block as it is, filled by
// hand with ldapadd (standard + OX object classes only, no univentionObjectType, more entries than Debian's
// default size limit of 500), then provisioned into the emulator by the read-only service account — with
// changes made while the connector is stopped.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import type { OxClient } from '../../../src/ox/index.js';
import { E2E, startTestEmulator } from '../../helpers/e2e.js';
import { userByName, usersIn } from '../../helpers/ox-read.js';

const REPO = resolve(import.meta.dirname, '../../..');
const CLI = join(REPO, 'dist/cli/main.js');
const DEBIAN_TEMPLATE = '/usr/share/slapd/slapd.init.ldif';
const SUFFIX = 'dc=example,dc=org';
const ADMIN_PASSWORD = 'Admin-Secret-1';
const OX_USERS = 20;
const OTHER_PEOPLE = 500; // With them, more entries than Debian's olcSizeLimit 500: the limits must be lifted.

/** The README block between the ldap-admin-setup markers, without the code fence. */
function readmeAdminSteps(): string {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const block = /<!-- ldap-admin-setup:begin[^>]*-->\s*```sh\n([\s\S]*?)```\s*<!-- ldap-admin-setup:end -->/.exec(
    readme,
  );
  if (!block) throw new Error('README.md has no ldap-admin-setup block');
  return block[1];
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

function run(command: string, args: string[], input?: string): string {
  const result = spawnSync(command, args, { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

describe.skipIf(!existsSync(CLI) || !existsSync(DEBIAN_TEMPLATE))('a Debian slapd prepared by the README', () => {
  let dir: string;
  let uri: string;
  let ldapi: string;
  let emu: RunningEmulator;
  let t: E2E;
  let ox: OxClient;
  const secretFile = () => join(dir, 'etc-ox-connector', 'ldap.secret');
  const asAdmin = (ldif: string) =>
    run('ldapmodify', ['-x', '-H', uri, '-D', `cn=admin,${SUFFIX}`, '-w', ADMIN_PASSWORD], ldif);
  const ldapEnv = () => ({
    LDAP_URI: uri,
    LDAP_BASE: SUFFIX,
    LDAP_BIND_DN: `cn=ox-connector,${SUFFIX}`,
    LDAP_BIND_PASSWORD_FILE: secretFile(),
  });

  beforeAll(async () => {
    // What `dpkg-reconfigure slapd` does, in a temporary directory: the package's template, slapadd, base entry.
    dir = mkdtempSync(join(tmpdir(), 'ox-debian-slapd-'));
    mkdirSync(join(dir, 'slapd.d'));
    mkdirSync(join(dir, 'db'));
    mkdirSync(join(dir, 'run'));
    const uid = process.getuid?.() ?? 0;
    const gid = process.getgid?.() ?? 0;
    const config = readFileSync(DEBIAN_TEMPLATE, 'utf8')
      .replaceAll('@SUFFIX@', SUFFIX)
      .replaceAll('@PASSWORD@', run('slappasswd', ['-s', ADMIN_PASSWORD]).trim())
      .replaceAll('/var/run/slapd/', `${join(dir, 'run')}/`)
      .replaceAll('/var/lib/ldap', join(dir, 'db'))
      // Debian grants cn=config to root over ldapi; the test runner is that local administrator.
      .replaceAll('gidNumber=0+uidNumber=0', `gidNumber=${gid}+uidNumber=${uid}`);
    writeFileSync(join(dir, 'init.ldif'), config);
    run('/usr/sbin/slapadd', ['-F', join(dir, 'slapd.d'), '-b', 'cn=config', '-l', join(dir, 'init.ldif')]);
    writeFileSync(
      join(dir, 'base.ldif'),
      `dn: ${SUFFIX}\nobjectClass: top\nobjectClass: dcObject\nobjectClass: organization\no: example.org\ndc: example\n`,
    );
    run('/usr/sbin/slapadd', ['-F', join(dir, 'slapd.d'), '-b', SUFFIX, '-l', join(dir, 'base.ldif')]);
    const port = await freePort();
    uri = `ldap://127.0.0.1:${port}`;
    ldapi = `ldapi://${encodeURIComponent(join(dir, 'ldapi'))}`;
    run('/usr/sbin/slapd', ['-F', join(dir, 'slapd.d'), '-h', `${uri}/ ${ldapi}/`]);
    for (let i = 0; ; i++) {
      if (spawnSync('ldapsearch', ['-x', '-H', uri, '-s', 'base', '-b', '', '1.1']).status === 0) break;
      if (i > 100) throw new Error('the Debian-style slapd did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
    writeFileSync(join(dir, 'admin.pw'), ADMIN_PASSWORD); // No newline, as the README says.
    emu = await startTestEmulator();
    t = new E2E(emu, { DEFAULT_CONTEXT: '10' });
    ox = t.client();
  });
  afterAll(async () => {
    const pid = (() => {
      try {
        return Number(readFileSync(join(dir, 'run', 'slapd.pid'), 'utf8'));
      } catch {
        return 0;
      }
    })();
    if (pid > 0) process.kill(pid, 'SIGTERM');
    ox?.close();
    await emu?.close();
    await new Promise((r) => setTimeout(r, 200));
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the README steps as written', () => {
    execFileSync('bash', ['-c', readmeAdminSteps()], {
      env: {
        PATH: process.env.PATH,
        SUFFIX,
        LDAPI: ldapi,
        SCHEMA_DIR: join(REPO, 'ldap', 'schema'),
        ADMIN_PW_FILE: join(dir, 'admin.pw'),
        SECRET_FILE: secretFile(),
      },
      stdio: 'pipe',
    });
    expect(readFileSync(secretFile(), 'utf8')).toMatch(/^\S{20,}$/);
    const overlays = run('ldapsearch', [
      '-Q',
      '-LLL',
      '-Y',
      'EXTERNAL',
      '-H',
      ldapi,
      '-b',
      'cn=config',
      '(olcOverlay=*)',
      'olcOverlay',
    ]);
    expect(overlays).toMatch(/olcOverlay: \{0\}syncprov/);
  });

  it('provisions a directory built by hand with ldapadd, as the read-only service account', async () => {
    let ldif =
      `dn: ou=people,${SUFFIX}\nchangetype: add\nobjectClass: organizationalUnit\nou: people\n\n` +
      `dn: ou=groups,${SUFFIX}\nchangetype: add\nobjectClass: organizationalUnit\nou: groups\n\n` +
      `dn: ou=ox,${SUFFIX}\nchangetype: add\nobjectClass: organizationalUnit\nou: ox\n\n` +
      `dn: cn=context10,ou=ox,${SUFFIX}\nchangetype: add\nobjectClass: oxContext\ncn: context10\noxContextIDNum: 10\n\n`;
    for (let n = 1; n <= OX_USERS + OTHER_PEOPLE; n++) {
      const isOx = n <= OX_USERS;
      ldif +=
        `dn: uid=person${n},ou=people,${SUFFIX}\nchangetype: add\nobjectClass: inetOrgPerson\n` +
        (isOx
          ? `objectClass: univentionMail\nobjectClass: oxUserObject\nmailPrimaryAddress: person${n}@example.org\n`
          : '') +
        `uid: person${n}\ncn: Person ${n}\ngivenName: Person\nsn: Number${n}\n` +
        `userPassword: {SSHA}not-for-the-connector\n\n`;
    }
    ldif +=
      `dn: cn=team,ou=groups,${SUFFIX}\nchangetype: add\nobjectClass: groupOfNames\ncn: team\n` +
      `member: uid=person1,ou=people,${SUFFIX}\nmember: uid=person2,ou=people,${SUFFIX}\n`;
    asAdmin(ldif);

    const first = await t.run(['run', '--source', 'ldap', '--once'], ldapEnv());
    expect(first.stdout, first.stderr).toMatch(/processed=\d+ failed=0/);
    expect(first.code).toBe(0);
    // Every person was queued and processed (a size-limited search would have failed the refresh).
    expect(Number(/processed=(\d+)/.exec(first.stdout)![1])).toBeGreaterThanOrEqual(OX_USERS + OTHER_PEOPLE);
    expect(await usersIn(ox, 10)).toHaveLength(OX_USERS);
    expect(await userByName(ox, 10, 'person7')).toMatchObject({
      email1: 'person7@example.org',
      display_name: 'Person Number7',
    });
  });

  it('gives the service account read access only, and no passwords', () => {
    const password = readFileSync(secretFile(), 'utf8');
    const write = spawnSync('ldapmodify', ['-x', '-H', uri, '-D', `cn=ox-connector,${SUFFIX}`, '-w', password], {
      input: `dn: uid=person1,ou=people,${SUFFIX}\nchangetype: modify\nreplace: sn\nsn: Hacked\n`,
      encoding: 'utf8',
    });
    expect(write.status).toBe(50); // insufficientAccessRights
    const read = run('ldapsearch', [
      '-x',
      '-LLL',
      '-H',
      uri,
      '-D',
      `cn=ox-connector,${SUFFIX}`,
      '-w',
      password,
      '-b',
      `uid=person1,ou=people,${SUFFIX}`,
      '-s',
      'base',
      'userPassword',
      'sn',
      'entryUUID',
    ]);
    expect(read).toMatch(/^sn: Number1$/m);
    expect(read).toMatch(/^entryUUID: /m);
    expect(read).not.toMatch(/userPassword/);
  });

  it('catches up on changes made by hand while the connector was stopped', async () => {
    asAdmin(
      `dn: uid=person3,ou=people,${SUFFIX}\nchangetype: modify\nreplace: sn\nsn: Renamed\n\n` +
        `dn: uid=person4,ou=people,${SUFFIX}\nchangetype: delete\n\n` +
        `dn: uid=person5,ou=people,${SUFFIX}\nchangetype: modrdn\nnewrdn: uid=person5b\ndeleteoldrdn: 1\n`,
    );
    const result = await t.run(['run', '--source', 'ldap', '--once'], ldapEnv());
    expect(result.stdout, result.stderr).toMatch(/processed=\d+ failed=0/);
    expect(await userByName(ox, 10, 'person3')).toMatchObject({ sur_name: 'Renamed' });
    expect(await userByName(ox, 10, 'person4')).toBeUndefined();
    expect(await userByName(ox, 10, 'person5')).toBeUndefined();
    expect(await userByName(ox, 10, 'person5b')).toBeDefined();
    expect(await usersIn(ox, 10)).toHaveLength(OX_USERS - 1);
  });
});
