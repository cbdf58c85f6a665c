// Starts a throwaway slapd for a test (scripts/slapd/start.sh), and offers ldapmodify and queue reading.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../../..');

export interface Slapd {
  uri: string;
  base: string;
  bindDn: string;
  passwordFile: string;
  dir: string;
  modify(ldif: string): void;
  stop(): void;
  start(): void;
  destroy(): void;
}

export function startSlapd(options: { sample?: boolean } = {}): Slapd {
  const dir = mkdtempSync(join(tmpdir(), 'ox-slapd-test-'));
  const output = execFileSync(join(REPO, 'scripts/slapd/start.sh'), [join(dir, 'slapd')], {
    env: { ...process.env, SAMPLE: options.sample === false ? '0' : '1', ROOTPW: 'test-secret' },
    encoding: 'utf8',
  });
  const values = Object.fromEntries(
    output
      .trim()
      .split('\n')
      .map((line) => line.split(/=(.*)/s).slice(0, 2)),
  );
  const passwordFile = join(dir, 'bind-password');
  writeFileSync(passwordFile, 'test-secret\n');
  const slapdDir = values.SLAPD_DIR as string;
  const uri = values.LDAP_URI as string;
  const slapd: Slapd = {
    uri,
    base: values.LDAP_BASE as string,
    bindDn: values.LDAP_BIND_DN as string,
    passwordFile,
    dir,
    modify(ldif) {
      const result = spawnSync('ldapmodify', ['-x', '-H', uri, '-D', slapd.bindDn, '-w', 'test-secret'], {
        input: ldif,
        encoding: 'utf8',
      });
      if (result.status !== 0) throw new Error(`ldapmodify failed: ${result.stderr}`);
    },
    stop() {
      execFileSync(join(REPO, 'scripts/slapd/stop.sh'), [slapdDir]);
    },
    start() {
      execFileSync('/usr/sbin/slapd', ['-F', join(slapdDir, 'slapd.d'), '-h', `${uri}/`]);
    },
    destroy() {
      slapd.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return slapd;
}

export interface QueuedRecord {
  file: string;
  id: string;
  dn: string;
  udm_object_type: string;
  object: Record<string, unknown> | null;
  options: string[] | null;
}

export function readQueue(dataDir: string): QueuedRecord[] {
  const directory = join(dataDir, 'listener');
  let names: string[] = [];
  try {
    names = readdirSync(directory)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
  return names.map((file) => ({ file, ...JSON.parse(readFileSync(join(directory, file), 'utf8')) }));
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
