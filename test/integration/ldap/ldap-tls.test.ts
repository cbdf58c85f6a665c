// StartTLS and LDAPS against a slapd with a throwaway CA (scripts/slapd/start.sh TLS=1). The CA is trusted the
// way an administrator does it: its PEM file in <data dir>/conf/ca-certificates/. A wrong CA must fail clearly.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLdapSettings, startLdapSource } from '../../../src/sources/ldap/index.js';
import { openStateDb } from '../../../src/state/database.js';
import { readQueue, type Slapd, startSlapd } from './slapd-fixture.js';

const quiet = { info: () => {}, warning: () => {}, error: () => {} };

describe('LDAP source over TLS', () => {
  let slapd: Slapd;
  const dirs: string[] = [];

  /** A data directory trusting `caFile`; runs one refresh and returns the queued DNs (or the error). */
  async function refreshOnce(env: Record<string, string>, caFile: string) {
    const dataDir = mkdtempSync(join(tmpdir(), 'ox-ldap-tls-'));
    dirs.push(dataDir);
    mkdirSync(join(dataDir, 'conf', 'ca-certificates'), { recursive: true });
    copyFileSync(caFile, join(dataDir, 'conf', 'ca-certificates', 'directory-ca.pem'));
    const db = openStateDb(join(dataDir, 'ox-connector.db'));
    try {
      const settings = readLdapSettings({
        LDAP_BASE: slapd.base,
        LDAP_BIND_DN: slapd.bindDn,
        LDAP_BIND_PASSWORD_FILE: slapd.passwordFile,
        ...env,
      });
      await startLdapSource({ settings, db, dataDir, logger: quiet, once: true }).done;
      return { dns: readQueue(dataDir).map((r) => r.dn), dataDir };
    } finally {
      db.close();
    }
  }

  /** The certificate names localhost (not 127.0.0.1), so StartTLS goes to the plain port by that name. */
  const startTlsUri = () => slapd.uri.replace('127.0.0.1', 'localhost');

  beforeAll(() => {
    slapd = startSlapd({ tls: true });
  });
  afterAll(() => {
    slapd.destroy();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('loads the directory over LDAPS (ldaps://localhost, name checked against the certificate)', async () => {
    expect(slapd.ldapsUri).toMatch(/^ldaps:\/\/localhost:\d+$/);
    const { dns } = await refreshOnce({ LDAP_URI: slapd.ldapsUri! }, slapd.caFile!);
    expect(dns).toContain('uid=alice,cn=users,dc=example,dc=org');
    expect(dns).toHaveLength(8);
  });

  it('loads the directory with StartTLS (LDAP_START_TLS=true)', async () => {
    const { dns } = await refreshOnce({ LDAP_URI: startTlsUri(), LDAP_START_TLS: 'true' }, slapd.caFile!);
    expect(dns).toContain('uid=bob,cn=users,dc=example,dc=org');
    expect(dns).toHaveLength(8);
  });

  /** A CA that did not sign the server's certificate. */
  function wrongCa(): string {
    const other = mkdtempSync(join(tmpdir(), 'ox-wrong-ca-'));
    dirs.push(other);
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=Some other CA',
        '-keyout',
        join(other, 'ca.key'),
        '-out',
        join(other, 'ca.pem'),
      ],
      { stdio: 'ignore' },
    );
    return join(other, 'ca.pem');
  }

  it('refuses a server whose certificate a wrong CA cannot verify, saying what to do', async () => {
    const wrong = wrongCa();
    await expect(refreshOnce({ LDAP_URI: slapd.ldapsUri! }, wrong)).rejects.toThrow(
      /ldaps:\/\/localhost:\d+ failed: the server certificate cannot be verified .*put the PEM file of the CA that signed it into .*conf\/ca-certificates\//,
    );
    await expect(refreshOnce({ LDAP_URI: startTlsUri(), LDAP_START_TLS: 'yes' }, wrong)).rejects.toThrow(
      /^StartTLS: TLS with ldap:\/\/localhost:\d+ failed: the server certificate cannot be verified/,
    );
  });

  it('verifies even with NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment (issue 14 item 10)', async () => {
    const wrong = wrongCa();
    const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    try {
      // Refused at the handshake, before the bind request (and its password) is sent.
      await expect(refreshOnce({ LDAP_URI: slapd.ldapsUri! }, wrong)).rejects.toThrow(
        /the server certificate cannot be verified .*put the PEM file of the CA that signed it into .*conf\/ca-certificates\//,
      );
      await expect(refreshOnce({ LDAP_URI: startTlsUri(), LDAP_START_TLS: 'true' }, wrong)).rejects.toThrow(
        /^StartTLS: TLS with ldap:\/\/localhost:\d+ failed: the server certificate cannot be verified/,
      );
    } finally {
      if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
    }
  });

  it('refuses a certificate that does not name the host in LDAP_URI', async () => {
    const port = new URL(slapd.ldapsUri!).port;
    // The certificate names only localhost; 127.0.0.1 is the same server under a name it does not carry.
    await expect(refreshOnce({ LDAP_URI: `ldaps://127.0.0.1:${port}` }, slapd.caFile!)).rejects.toThrow(
      /does not name this host.*use the host name the certificate was issued for in LDAP_URI/,
    );
  });
});
