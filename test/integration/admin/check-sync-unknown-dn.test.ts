// check-sync-status on a DN the connector never saw: what it suggests must work as printed. The suggested
// command line is pasted into a shell (with the placeholders filled in, as an administrator would) and must
// write the listener trigger, not end in a usage error; --resync, which cannot help here, is not suggested.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { E2E, useE2E } from '../../helpers/e2e.js';

const e2e = useE2E(680);
const MAIN = resolve(import.meta.dirname, '../../../dist/cli/main.js');

/** Runs a printed command line in /bin/sh with `ox-connector` on the PATH, as on an installed host. */
function runInShell(t: E2E, commandLine: string) {
  const bin = join(t.dataDir, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'ox-connector'), `#!/bin/sh\nexec "${process.execPath}" "${MAIN}" "$@"\n`);
  chmodSync(join(bin, 'ox-connector'), 0o755);
  return spawnSync('/bin/sh', ['-c', commandLine], {
    env: { ...t.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
    encoding: 'utf8',
  });
}

describe('check-sync-status on a DN the connector never saw', () => {
  it('suggests a reprovision command that runs as printed, and no --resync', async () => {
    const t = new E2E(e2e.emulator);
    const dn = "cn=Domain Users,cn=O'Brien's groups,dc=example,dc=org"; // a space and quotes: shell quoting matters
    const r = await t.run(['check-sync-status', '--dn', dn]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/never provisioned this DN/);
    expect(r.stdout).not.toMatch(/--resync/);
    const suggested = /(ox-connector tasks reprovision .*?--type-of <univentionObjectType>)/.exec(r.stdout)?.[1];
    expect(suggested, r.stdout).toBeDefined();
    expect(suggested).toMatch(/--trigger --entry-uuid <entryUUID>/);

    const listenerDir = join(t.dataDir, 'ucs-listener');
    mkdirSync(listenerDir);
    const commandLine = suggested!
      .replace('<entryUUID>', '0c1f7a5e-2d10-103f-8f5a-6f1e0e3b2a11')
      .replace('<univentionObjectType>', 'groups/group');
    const ran = runInShell(t, `${commandLine} --listener-dir '${listenerDir}' --data-dir '${t.dataDir}'`);
    expect(ran.stderr).toBe('');
    expect(ran.status).toBe(0);
    const [trigger] = readdirSync(listenerDir);
    expect(JSON.parse(readFileSync(join(listenerDir, trigger), 'utf8'))).toEqual({
      entry_uuid: '0c1f7a5e-2d10-103f-8f5a-6f1e0e3b2a11',
      dn,
      object_type: 'groups/group',
      command: 'modify',
    });

    // --resync on such a DN says why it cannot, and gives the same working command.
    const resync = await t.run(['check-sync-status', '--dn', dn, '--resync']);
    expect(resync.stdout).toMatch(/Resync not possible/);
    expect(resync.stdout).toContain(suggested);
    const json = JSON.parse((await t.run(['check-sync-status', '--dn', dn, '--json'])).stdout);
    expect(json.remedy).toContain(suggested);
  });

  it('for a DN whose change is queued but not provisioned yet, points to the queue, not to --resync', async () => {
    const t = new E2E(e2e.emulator);
    const dn = 'uid=later,cn=users,dc=example,dc=org';
    t.queue('later-uuid', 'users/user', dn, { username: 'later', isOxUser: 'OK', oxContext: '9' });
    const r = await t.run(['check-sync-status', '--dn', dn]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/queued but was never provisioned/);
    expect(r.stdout).not.toMatch(/--resync/);
    const show = /(ox-connector tasks show \S+)\./.exec(r.stdout)?.[1];
    expect(show, r.stdout).toBeDefined();
    const ran = runInShell(t, `${show} --data-dir '${t.dataDir}'`);
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/later-uuid/);
  });
});
