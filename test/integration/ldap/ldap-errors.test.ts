// What the LDAP source says when slapd refuses it: a wrong base, a wrong password, missing read access, a server
// that requires authentication. Each message names the base or account, what the server said, and the setting to
// check — never a bare "failed with result 32", never the password. A password file that group or others can read
// is a warning, not an error. Against a real slapd whose access rules are changed over cn=config.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLdapSettings, startLdapSource } from '../../../src/sources/ldap/index.js';
import { openStateDb } from '../../../src/state/database.js';
import { type Slapd, SLAPD_ROOT_PASSWORD, startSlapd } from './slapd-fixture.js';

describe('LDAP source error messages against slapd', () => {
  let slapd: Slapd;
  let root: string;
  let n = 0;

  beforeAll(() => {
    slapd = startSlapd({ sample: false });
    root = mkdtempSync(join(tmpdir(), 'ox-ldap-errors-'));
  });
  afterAll(() => {
    slapd.destroy();
    rmSync(root, { recursive: true, force: true });
  });

  /** One `--once` refresh with these settings; returns the error it ended with (if any) and what it logged. */
  async function once(env: Record<string, string>) {
    const dataDir = join(root, `data-${++n}`);
    const db = openStateDb(join(mkdtempSync(join(root, 'db-')), 'ox-connector.db'));
    const logged: string[] = [];
    const log = (line: string) => logged.push(line);
    try {
      const settings = readLdapSettings({ LDAP_URI: slapd.uri, LDAP_BASE: slapd.base, ...env });
      const source = startLdapSource({
        settings,
        db,
        dataDir,
        logger: { info: log, warning: log, error: log },
        once: true,
      });
      const error = await source.done.then(
        () => undefined,
        (e: Error) => e,
      );
      return { error, logged };
    } finally {
      db.close();
    }
  }
  const asAdmin = { LDAP_BIND_DN: '', LDAP_BIND_PASSWORD_FILE: '' };
  beforeAll(() => {
    asAdmin.LDAP_BIND_DN = slapd.bindDn;
    asAdmin.LDAP_BIND_PASSWORD_FILE = slapd.passwordFile;
  });
  const setAccess = (rules: string) =>
    slapd.modify(`dn: olcDatabase={1}mdb,cn=config\nchangetype: modify\nreplace: olcAccess\n${rules}\n`, {
      dn: 'cn=config',
      password: SLAPD_ROOT_PASSWORD,
    });

  it('names a base that does not exist, the nearest entry the server has, and LDAP_BASE', async () => {
    const { error } = await once({ ...asAdmin, LDAP_BASE: 'ou=nowhere,dc=example,dc=org' });
    expect(error?.message).toMatch(/^LDAP_BASE "ou=nowhere,dc=example,dc=org" does not exist on the server/);
    expect(error?.message).toContain('noSuchObject (LDAP result 32)');
    expect(error?.message).toContain('the nearest entry that exists is "dc=example,dc=org"');
    expect(error?.message).toContain('Check LDAP_BASE');
  });

  it('says a wrong password is one, names the password file, and does not print the password', async () => {
    const wrong = join(root, 'wrong-password');
    writeFileSync(wrong, 'Not-The-Right-Password-4711\n', { mode: 0o600 });
    const { error } = await once({ LDAP_BIND_DN: slapd.bindDn, LDAP_BIND_PASSWORD_FILE: wrong });
    expect(error?.message).toMatch(
      /^LDAP bind as "cn=admin,dc=example,dc=org" failed: invalidCredentials \(LDAP result 49\)/,
    );
    expect(error?.message).toContain('check LDAP_BIND_DN and the password in LDAP_BIND_PASSWORD_FILE');
    expect(error?.message).not.toContain('Not-The-Right-Password-4711');
  });

  it('says when the account may not read under the base (50) and when the server wants a bind (53)', async () => {
    try {
      setAccess(`olcAccess: to * by dn.exact=${slapd.bindDn} read by * disclose`);
      let { error } = await once({});
      expect(error?.message).toMatch(
        /^An anonymous connection \(no LDAP_BIND_DN\) may not read under LDAP_BASE "dc=example,dc=org": insufficientAccessRights \(LDAP result 50\)/,
      );
      expect(error?.message).toContain('Give it read access');

      setAccess('olcAccess: to * by * read\n-\nadd: olcRequires\nolcRequires: authc');
      ({ error } = await once({}));
      expect(error?.message).toContain(
        'unwillingToPerform (LDAP result 53), the server said "authentication required"',
      );
      expect(error?.message).toContain('set LDAP_BIND_DN and LDAP_BIND_PASSWORD_FILE');
    } finally {
      setAccess('olcAccess: to * by * read');
      try {
        setAccess('olcAccess: to * by * read\n-\ndelete: olcRequires');
      } catch {
        /* not added: the first check failed before */
      }
    }
  });

  it('warns about a password file that group or others can read, naming it and chmod 600, and still syncs', async () => {
    const open = join(root, 'open-password');
    writeFileSync(open, `${SLAPD_ROOT_PASSWORD}\n`);
    chmodSync(open, 0o644);
    const { error, logged } = await once({ LDAP_BIND_DN: slapd.bindDn, LDAP_BIND_PASSWORD_FILE: open });
    expect(error).toBeUndefined();
    const warning = logged.find((line) => line.includes('LDAP_BIND_PASSWORD_FILE'));
    expect(warning).toBe(
      `LDAP source: LDAP_BIND_PASSWORD_FILE ${open} has mode 0644, so group or others can read it: run chmod 600 ${open} (only the connector's user needs to read it)`,
    );
    expect(logged.join('\n')).not.toContain(SLAPD_ROOT_PASSWORD);

    const { logged: quiet } = await once(asAdmin); // the fixture's file is 0600: no warning
    expect(quiet.some((line) => line.includes('LDAP_BIND_PASSWORD_FILE'))).toBe(false);
  });
});
