// A throwaway slapd for tests and benchmarks (wraps scripts/slapd/start.sh): start, stop, restart, ldapmodify.
// Lives here, not under test/, because bench/ uses it too. Needs Debian's slapd and ldap-utils.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../..');
export const SLAPD_ROOT_PASSWORD = 'test-secret';

export interface SlapdOptions {
  /** Load ldap/sample/*.ldif (default true). */
  sample?: boolean;
  /** Also listen on ldaps:// and offer StartTLS, with a self-signed CA made by openssl. */
  tls?: boolean;
}

export interface Slapd {
  /** ldap://127.0.0.1:<port> */
  uri: string;
  /** ldaps://localhost:<port> when started with tls. */
  ldapsUri?: string;
  /** The CA that signed the server certificate (PEM file) when started with tls. */
  caFile?: string;
  base: string;
  bindDn: string;
  passwordFile: string;
  dir: string;
  /** ldapmodify as the root DN (or as `as`); throws with ldapmodify's message when it fails. */
  modify(ldif: string, as?: { dn: string; password: string }): void;
  stop(): void;
  /** Starts slapd again on the same ports and returns once it answers. */
  start(): void;
  destroy(): void;
}

function parseOutput(output: string): Record<string, string> {
  return Object.fromEntries(
    output
      .trim()
      .split('\n')
      .map((line) => line.split(/=(.*)/s).slice(0, 2)),
  );
}

/** Polls with ldapsearch until slapd answers (slapd daemonises before it accepts connections). */
function waitUntilAnswering(uri: string): void {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const probe = spawnSync('ldapsearch', ['-x', '-H', uri, '-s', 'base', '-b', '', '-LLL', '1.1'], {
      encoding: 'utf8',
      timeout: 5_000,
    });
    if (probe.status === 0) return;
    if (Date.now() > deadline) throw new Error(`slapd at ${uri} does not answer: ${probe.stderr}`);
    spawnSync('sleep', ['0.05']);
  }
}

export function startSlapd(options: SlapdOptions = {}): Slapd {
  const dir = mkdtempSync(join(tmpdir(), 'ox-slapd-test-'));
  const output = execFileSync(join(REPO, 'scripts/slapd/start.sh'), [join(dir, 'slapd')], {
    env: {
      ...process.env,
      SAMPLE: options.sample === false ? '0' : '1',
      TLS: options.tls ? '1' : '0',
      ROOTPW: SLAPD_ROOT_PASSWORD,
    },
    encoding: 'utf8',
  });
  const values = parseOutput(output);
  const passwordFile = join(dir, 'bind-password');
  writeFileSync(passwordFile, `${SLAPD_ROOT_PASSWORD}\n`, { mode: 0o600 });
  const slapdDir = values.SLAPD_DIR;
  const uri = values.LDAP_URI;
  const listen = [`${uri}/`, ...(values.LDAPS_URI ? [`${values.LDAPS_URI}/`] : [])].join(' ');
  const slapd: Slapd = {
    uri,
    ldapsUri: values.LDAPS_URI,
    caFile: values.CA_FILE,
    base: values.LDAP_BASE,
    bindDn: values.LDAP_BIND_DN,
    passwordFile,
    dir,
    modify(ldif, as) {
      const who = as ?? { dn: slapd.bindDn, password: SLAPD_ROOT_PASSWORD };
      const result = spawnSync('ldapmodify', ['-x', '-H', uri, '-D', who.dn, '-w', who.password], {
        input: ldif,
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      });
      if (result.status !== 0) throw new Error(`ldapmodify failed: ${result.stderr}`);
    },
    stop() {
      execFileSync(join(REPO, 'scripts/slapd/stop.sh'), [slapdDir]);
    },
    start() {
      execFileSync('/usr/sbin/slapd', ['-F', join(slapdDir, 'slapd.d'), '-h', listen]);
      waitUntilAnswering(uri);
    },
    destroy() {
      slapd.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  waitUntilAnswering(uri);
  return slapd;
}
