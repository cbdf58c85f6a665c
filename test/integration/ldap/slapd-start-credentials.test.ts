// scripts/slapd/start.sh prints what it takes to use the throwaway slapd (issue 14, smaller items): URI, base,
// admin DN, password (and a 0600 password file), and the LDAP_* lines for the connector, which the connector's
// own settings reader accepts and which bind to the running server.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readLdapSettings } from '../../../src/sources/ldap/settings.js';

const REPO = join(import.meta.dirname, '../../..');
const ROOTPW = 'throwaway-pw';
let dir: string | undefined;

afterEach(() => {
  if (dir === undefined) return;
  execFileSync(join(REPO, 'scripts/slapd/stop.sh'), [join(dir, 's')]);
  rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The `export …` line of the printed usage, as the environment it sets. */
function exportedVariables(output: string): Record<string, string> {
  const line = output.split('\n').find((l) => l.startsWith('#   export '));
  expect(line, 'a "#   export LDAP_…" usage line').toBeDefined();
  return Object.fromEntries(
    line!
      .slice('#   export '.length)
      .split(' ')
      .map((pair) => pair.split(/=(.*)/s).slice(0, 2)),
  );
}

describe.skipIf(!existsSync('/usr/sbin/slapd'))('scripts/slapd/start.sh', () => {
  it('prints URI, base, admin DN and password, and how to give them to the connector', () => {
    dir = mkdtempSync(join(tmpdir(), 'ox-slapd-creds-'));
    const output = execFileSync(join(REPO, 'scripts/slapd/start.sh'), [join(dir, 's')], {
      env: { ...process.env, ROOTPW, SAMPLE: '0', TLS: '0' },
      encoding: 'utf8',
    });
    const values = Object.fromEntries(
      output
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => l.split(/=(.*)/s).slice(0, 2)),
    );
    // The lines tests and scripts already parse stay as they were.
    expect(values.LDAP_URI).toMatch(/^ldap:\/\/127\.0\.0\.1:\d+$/);
    expect(values.LDAP_BASE).toBe('dc=example,dc=org');
    expect(values.LDAP_BIND_DN).toBe('cn=admin,dc=example,dc=org');
    expect(values.SLAPD_DIR).toBe(join(dir, 's'));
    expect(values.SLAPD_PID).toMatch(/^\d+$/);
    // The credentials: the password itself, and a file only its owner can read.
    expect(values.SLAPD_ROOT_PASSWORD).toBe(ROOTPW);
    expect(readFileSync(values.LDAP_BIND_PASSWORD_FILE, 'utf8')).toBe(ROOTPW);
    expect(statSync(values.LDAP_BIND_PASSWORD_FILE).mode & 0o077).toBe(0);
    expect(output).toContain(`password ${ROOTPW}`);

    // The printed LDAP_* variables are what the connector reads, and they bind to this server.
    const env = exportedVariables(output);
    const settings = readLdapSettings(env);
    expect(settings).toMatchObject({
      uri: values.LDAP_URI,
      base: values.LDAP_BASE,
      bindDn: values.LDAP_BIND_DN,
      bindPassword: ROOTPW,
    });
    let whoami = spawnSync('true', { encoding: 'utf8' });
    for (let attempt = 0; attempt < 100; attempt++) {
      whoami = spawnSync(
        'ldapwhoami',
        ['-x', '-H', env.LDAP_URI, '-D', env.LDAP_BIND_DN, '-y', env.LDAP_BIND_PASSWORD_FILE],
        { encoding: 'utf8' },
      );
      if (whoami.status !== 255) break; // 255: slapd not accepting connections yet
      spawnSync('sleep', ['0.1']);
    }
    expect(whoami.stdout).toContain(`dn:${values.LDAP_BIND_DN}`);
  });
});
