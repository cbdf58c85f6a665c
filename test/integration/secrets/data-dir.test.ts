// Issue 14 item 13: without --data-dir or OX_CONNECTOR_DATA_DIR a command used to create and use the UCS app's
// path on any machine. Now that default holds only where it exists; elsewhere every command refuses, naming both
// ways to choose. An unwritable data directory is named with the user the connector runs as.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UCS_DATA_DIR } from '../../../src/config/data-dir.js';

const MAIN = resolve(import.meta.dirname, '../../../dist/cli/main.js');
const UCS_ROOT = '/var/lib/univention-appcenter';
const NOBODY = 65534;

/** The built CLI with only PATH and `env`: no OX_CONNECTOR_DATA_DIR from the developer's shell. */
function cli(args: string[], env: Record<string, string> = {}, asNobody = false) {
  const command = asNobody
    ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, MAIN, ...args]
    : [process.execPath, MAIN, ...args];
  const r = spawnSync(command[0]!, command.slice(1), {
    env: { PATH: process.env.PATH ?? '', OX_SOAP_SERVER: 'http://127.0.0.1:1', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

const hasSetpriv = (() => {
  try {
    execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']);
    return process.getuid?.() === 0;
  } catch {
    return false;
  }
})();

/**
 * The tests that run the CLI as nobody need it to reach the checkout: a clone inside `mktemp -d` (as CI makes
 * it) sits in a 0700 directory. Each ancestor of the checkout gets the others' search bit (enter, not list) for
 * the duration of this file, and its mode back afterwards.
 */
const REPO = resolve(import.meta.dirname, '../../..');
const restoredModes: [string, number][] = [];
function letOthersReachCheckout(): void {
  for (let dir = REPO; ; dir = dirname(dir)) {
    const mode = statSync(dir).mode & 0o7777;
    if ((mode & 0o001) === 0) {
      chmodSync(dir, mode | 0o001);
      restoredModes.push([dir, mode]);
    }
    if (dirname(dir) === dir) break;
  }
}
if (hasSetpriv) letOthersReachCheckout();
afterAll(() => {
  for (const [dir, mode] of restoredModes) chmodSync(dir, mode);
});

const dirs: string[] = [];
/** A temporary directory others may enter (mkdtemp makes it 0700), so an unprivileged user reaches inside. */
function openTemp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oxc-datadir-'));
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('choosing the data directory', () => {
  // On a UCS host with the app the default is right; the refusal can only be seen elsewhere.
  it.skipIf(existsSync(UCS_DATA_DIR))(
    'every command that takes --data-dir refuses without one, names both ways, and creates nothing',
    () => {
      const ucsRootBefore = existsSync(UCS_ROOT);
      const commands = [
        ['run', '--once'],
        ['run'],
        ['status'],
        ['tasks', 'list'],
        ['cache', 'rebuild'],
        ['check-sync-status', '--dn', 'uid=x,dc=example,dc=org'],
        ['import-legacy', '--from', tmpdir()],
        ['attribute-mapping', 'dump'],
        ['install-compat'],
        ['ldap-sync', '--once'],
      ];
      for (const args of commands) {
        const r = cli(args, { LDAP_URI: 'ldap://127.0.0.1:1', LDAP_BASE: 'dc=example,dc=org' });
        expect(r.code, `${args.join(' ')}: ${r.out}`).not.toBe(0);
        expect(r.out, args.join(' ')).toContain('pass --data-dir DIR or set OX_CONNECTOR_DATA_DIR=DIR');
        expect(r.out, args.join(' ')).toContain(`${UCS_DATA_DIR} does not exist`);
      }
      expect(cli(['run', '--once']).code).toBe(2); // a configuration error, as for bad settings
      expect(existsSync(UCS_ROOT)).toBe(ucsRootBefore);
    },
  );

  it('the first log line of run names the directory and where the choice came from', () => {
    const dir = join(openTemp(), 'data');
    const fromEnv = cli(['run', '--once'], { OX_CONNECTOR_DATA_DIR: dir });
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.out.split('\n')[0]).toMatch(
      new RegExp(`INFO .*Data directory ${dir} \\(from OX_CONNECTOR_DATA_DIR\\)$`),
    );
    const fromOption = cli(['run', '--once', '--data-dir', dir], { OX_CONNECTOR_DATA_DIR: '/nonexistent' });
    expect(fromOption.out.split('\n')[0]).toMatch(new RegExp(`Data directory ${dir} \\(from --data-dir\\)$`));
  });
});

describe('a data directory the connector cannot write', () => {
  it.skipIf(!hasSetpriv)('names the directory and the user it runs as, not a raw EACCES', () => {
    const parent = openTemp(); // owned by root, 0755: nobody may enter but not write
    const existing = join(parent, 'data');
    mkdirSync(existing, { mode: 0o755 });
    const missing = join(parent, 'new', 'data');

    for (const [dir, what] of [
      [existing, 'create files in it'],
      [missing, 'create it'],
    ] as const) {
      const r = cli(['run', '--once', '--data-dir', dir], {}, true);
      expect(r.code, r.out).toBe(2);
      expect(r.out).toContain(
        `The data directory ${dir} is not writable for the user the connector runs as, nobody (uid ${NOBODY}): cannot ${what} (EACCES)`,
      );
      expect(r.out).toContain('or pass --data-dir DIR or set OX_CONNECTOR_DATA_DIR=DIR');
      expect(r.out).not.toMatch(/EACCES: permission denied/);
    }

    // The admin commands say the same.
    const status = cli(['status', '--data-dir', existing], {}, true);
    expect(status.code).toBe(1);
    expect(JSON.parse(status.out).message).toContain(
      `${existing} is not writable for the user the connector runs as, nobody`,
    );
  });

  it.skipIf(!hasSetpriv)('a directory of its own with a store it may not write is named too', () => {
    const dir = join(openTemp(), 'data');
    mkdirSync(dir);
    chownSync(dir, NOBODY, NOBODY);
    writeFileSync(join(dir, 'ox-connector.db'), '', { mode: 0o600 }); // root's, as after a run as root
    const r = cli(['run', '--once', '--data-dir', dir], {}, true);
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain(`cannot write ${join(dir, 'ox-connector.db')} (EACCES)`);
    expect(r.out).toContain('nobody (uid 65534)');
  });

  it('a file where the directory should be is named as such', () => {
    const file = join(openTemp(), 'a-file');
    writeFileSync(file, 'not a directory\n');
    for (const dir of [file, join(file, 'data')]) {
      const r = cli(['run', '--once', '--data-dir', dir]);
      expect(r.code, r.out).toBe(2);
      expect(r.out).toContain(`The data directory ${dir} cannot be used: part of that path is a file, not a directory`);
    }
  });
});
