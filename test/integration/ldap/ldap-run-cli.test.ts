// `run --source ldap` as an administrator meets it first: a data directory that does not exist yet, bad LDAP
// settings, a slapd that is not there. Each must end with a clear message and leave no lock behind.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = resolve(import.meta.dirname, '../../../dist/cli/main.js');

describe.skipIf(!existsSync(CLI))('run --source ldap: start-up failures', () => {
  const root = mkdtempSync(join(tmpdir(), 'ox-ldap-cli-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const run = (dataDir: string, env: Record<string, string>) =>
    spawnSync(process.execPath, [CLI, 'run', '--source', 'ldap', '--once', '--data-dir', dataDir], {
      env: {
        PATH: process.env.PATH ?? '',
        OX_SOAP_SERVER: 'http://127.0.0.1:9',
        OX_MASTER_PASSWORD: 'not-used-here',
        ...env,
      },
      encoding: 'utf8',
      timeout: 30_000,
    });

  it('creates a missing data directory, refuses bad LDAP settings with exit 2 and releases the lock', () => {
    const dataDir = join(root, 'new', 'data');
    const result = run(dataDir, { LDAP_BASE: 'not a dn' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/LDAP_URI is not set/);
    expect(result.stderr).toMatch(/LDAP_BASE "not a dn" is not a DN/);
    expect(existsSync(dataDir)).toBe(true);
    expect(existsSync(join(dataDir, 'ox-connector.lock'))).toBe(false);
    expect(existsSync(join(dataDir, 'ldap-source.lock'))).toBe(false);
  });

  it('fails at once (exit 1) when slapd is unreachable, naming the URI, without printing the password', () => {
    const dataDir = join(root, 'unreachable');
    const passwordFile = join(root, 'pw');
    writeFileSync(passwordFile, 'Very-Secret-Bind-Password\n');
    const result = run(dataDir, {
      LDAP_URI: 'ldap://127.0.0.1:9',
      LDAP_BASE: 'dc=example,dc=org',
      LDAP_BIND_DN: 'cn=ox-connector,dc=example,dc=org',
      LDAP_BIND_PASSWORD_FILE: passwordFile,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cannot connect to LDAP server ldap:\/\/127\.0\.0\.1:9/);
    expect(result.stdout + result.stderr).not.toMatch(/Very-Secret-Bind-Password/);
    expect(existsSync(join(dataDir, 'ox-connector.lock'))).toBe(false);
    expect(existsSync(join(dataDir, 'ldap-source.lock'))).toBe(false);
  });
});
