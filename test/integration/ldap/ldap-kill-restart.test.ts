// The connector process is killed (SIGKILL) while changes stream in, then restarted: every change arrives,
// none twice. Runs the built CLI (npm test builds first).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readQueue, type Slapd, startSlapd, waitFor } from './slapd-fixture.js';

const CLI = resolve(import.meta.dirname, '../../../dist/cli/main.js');

describe.skipIf(!existsSync(CLI))('ldap-sync killed and restarted mid-stream', () => {
  let slapd: Slapd;
  let dataDir: string;
  let child: ChildProcess | undefined;

  const run = () => {
    child = spawn(process.execPath, [CLI, 'ldap-sync', '--data-dir', dataDir], {
      env: {
        ...process.env,
        LDAP_URI: slapd.uri,
        LDAP_BASE: slapd.base,
        LDAP_BIND_DN: slapd.bindDn,
        LDAP_BIND_PASSWORD_FILE: slapd.passwordFile,
      },
      stdio: 'ignore',
    });
  };
  /** SIGKILL and wait until the process is gone (as a service manager would before restarting it). */
  const kill = async () => {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child!.kill('SIGKILL');
    await exited;
  };
  const user = (n: number) =>
    `dn: uid=user${n},cn=users,dc=example,dc=org\nchangetype: add\nobjectClass: inetOrgPerson\nobjectClass: oxUserObject\nuid: user${n}\ncn: User ${n}\nsn: ${n}\n`;

  beforeAll(() => {
    slapd = startSlapd({ sample: false });
    dataDir = mkdtempSync(join(tmpdir(), 'ox-ldap-kill-'));
  });
  afterAll(() => {
    child?.kill('SIGKILL');
    slapd.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses nothing and duplicates nothing', async () => {
    run();
    for (let n = 1; n <= 20; n++) slapd.modify(user(n));
    await waitFor('first changes', () => readQueue(dataDir).length >= 5);
    await kill();
    for (let n = 21; n <= 40; n++) slapd.modify(user(n)); // While the connector is dead.
    run();
    for (let n = 41; n <= 60; n++) slapd.modify(user(n));
    await kill(); // Killed again, possibly mid-refresh.
    run();
    const records = await waitFor(
      'all 60 users',
      () => {
        const queued = readQueue(dataDir);
        return new Set(queued.map((r) => r.dn)).size >= 60 && queued;
      },
      30_000,
    );
    await new Promise((r) => setTimeout(r, 500)); // Give a duplicate the chance to show up.
    const final = readQueue(dataDir);
    expect(final).toHaveLength(records.length);
    const perUser = new Map<string, number>();
    for (const record of final) perUser.set(record.dn, (perUser.get(record.dn) ?? 0) + 1);
    expect(perUser.size).toBe(60);
    expect([...perUser.values()].every((count) => count === 1)).toBe(true);
    expect(final.every((record) => record.object !== null && record.udm_object_type === 'users/user')).toBe(true);
  });
});
