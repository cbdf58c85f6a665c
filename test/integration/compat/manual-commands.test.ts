// The original manual's commands, run as the manual prints them, against the emulator: the compatibility
// scripts that `ox-connector install-compat` (and `run`) put into <data dir>/resources/ (decision 0180).
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contextDn, contextObject, E2E, udmUser, userDn, useE2E, type RunResult } from '../../helpers/e2e.js';

const e2e = useE2E(720);
const REPO = resolve(import.meta.dirname, '../../..');
const SCRIPTS = [
  'get_current_error.py',
  'change_attribute_mapping.py',
  'check_sync_status.py',
  'remove-from-ox-db-cache',
  'update-ox-db-cache',
  'rebuild-old.db',
];

/** Runs a command with the data dir's settings (async: the emulator answers from this process). */
function exec(t: E2E, command: string, args: string[], extraEnv: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((done) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...t.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const resource = (t: E2E, name: string) => join(t.dataDir, 'resources', name);

/** A data dir with one context and one user provisioned by `run --once` (which installs the scripts). */
async function provisioned(user: string) {
  const ctx = e2e.newContextId();
  const t = new E2E(e2e.emulator, { DEFAULT_CONTEXT: String(ctx) });
  t.queue(`ctx-${ctx}`, 'oxmail/oxcontext', contextDn(ctx), contextObject(ctx));
  t.queue(`uuid-${user}`, 'users/user', userDn(user), udmUser(user, ctx));
  const r = await t.run();
  expect(r.code).toBe(0);
  return { t, ctx };
}

describe('install-compat', () => {
  it('run installs the scripts; install-compat is idempotent, repairs changed files and writes the CLI path in', async () => {
    const { t } = await provisioned('inst1');
    for (const name of SCRIPTS) {
      expect(statSync(resource(t, name)).mode & 0o111, name).not.toBe(0);
    }
    const helper = readFileSync(resource(t, '_ox_connector_compat.py'), 'utf8');
    expect(helper).toContain(
      `INSTALLED_COMMAND = ${JSON.stringify([process.execPath, join(REPO, 'bin', 'ox-connector.js')])}`,
    );

    let r = await t.run(['install-compat']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/all 7 files up to date/);

    writeFileSync(resource(t, 'get_current_error.py'), 'print("old python script")\n');
    chmodSync(resource(t, 'update-ox-db-cache'), 0o644);
    r = await t.run(['install-compat']);
    expect(r.stdout.trim()).toBe(`installed ${resource(t, 'get_current_error.py')}`);
    expect(readFileSync(resource(t, 'get_current_error.py'), 'utf8')).toBe(
      readFileSync(join(REPO, 'compat', 'get_current_error.py'), 'utf8'),
    );
    expect(statSync(resource(t, 'update-ox-db-cache')).mode & 0o777).toBe(0o755);
    // Nothing left behind from the atomic writes.
    expect(readdirSync(join(t.dataDir, 'resources')).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('refuses a data directory that does not exist, naming it', async () => {
    const { t } = await provisioned('inst2');
    const r = await t.run(['install-compat'], {});
    expect(r.code).toBe(0);
    const missing = join(t.dataDir, 'no-such-dir');
    const bad = await exec(t, process.execPath, [
      join(REPO, 'dist/cli/main.js'),
      'install-compat',
      '--data-dir',
      missing,
    ]);
    expect(bad.code).toBe(2); // a missing data directory is a configuration error (decision 0301)
    expect(bad.stderr).toContain(`The data directory ${missing} does not exist`);
  });
});

describe('get_current_error.py (manual §6.2)', () => {
  const NAGIOS = (script: string) => `#!/bin/bash

nagiosCheck () {
    result=$(${script})
    status=$(echo \${result} | jq ' if .errors == "0" then 0 else 1 end')

    case $status in
    0)
        echo "OK: No errors found."
        exit 0
        ;;
    1)
        error_msg=$(echo \${result} | jq ' .message ')
        error_file=$(echo \${result} | jq ' .filename ')
        echo "WARNING: \${error_msg}. This error is caused by the listener file \${error_file}"
        exit 1
        ;;
    esac
}

nagiosCheck
`;

  it('prints the JSON of ox-connector status (python3 <path> and via its shebang); the Nagios example reads it', async () => {
    const { t } = await provisioned('health1');
    const script = resource(t, 'get_current_error.py');
    let r = await exec(t, 'python3', [script]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('{"errors": "0"}\n');
    const nagios = join(t.dataDir, 'check_ox_connector.sh');
    writeFileSync(nagios, NAGIOS(script), { mode: 0o755 });
    const hasJq = (await exec(t, 'sh', ['-c', 'command -v jq'])).code === 0;
    if (hasJq) {
      r = await exec(t, nagios, []);
      expect(r.stdout).toBe('OK: No errors found.\n');
      expect(r.code).toBe(0);
    } else console.warn('jq not installed: the Nagios example itself is skipped');

    // A user in a context without credentials is parked: unhealthy.
    t.queue('lost', 'users/user', userDn('lost-h1'), udmUser('lost-h1', 9999));
    await t.run();
    const status = await t.run(['status']);
    expect(status.code).toBe(1);
    r = await exec(t, script, []); // the shebang
    expect(r.code).toBe(0); // as the original: the JSON says it, the exit code does not
    const health = JSON.parse(r.stdout);
    expect(health).toEqual(JSON.parse(status.stdout));
    expect(health.errors).toBe('1');
    expect(r.stdout).toMatch(/^\{"errors": "1", "filename": ".*listener\/.*\.json", "message": ".*"\}\n$/);
    if (hasJq) {
      r = await exec(t, nagios, []);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(
        /^WARNING: ".*uid=lost-h1.*context 9999.*"\. This error is caused by the listener file ".*listener\/.*\.json"\n$/,
      );
    }
  });
});

describe('change_attribute_mapping.py (manual §3.3, Listings 3.2-3.6)', () => {
  it('modify --set userfield01 description, --unset_alternatives, dump, restore_default', async () => {
    const { t } = await provisioned('map1');
    const script = resource(t, 'change_attribute_mapping.py');
    let r = await exec(t, 'python3', [
      script,
      'modify',
      '--set',
      'userfield01',
      'description',
      '--set',
      'given_name',
      'custom_attribute',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Modifying mapping');
    const file = JSON.parse(readFileSync(join(t.dataDir, 'AttributeMapping.json'), 'utf8'));
    expect(file.userfield01.ldap_attribute).toBe('description');
    expect(file.given_name.ldap_attribute).toBe('custom_attribute');

    r = await exec(t, 'python3', [
      script,
      'modify',
      '--set_alternatives',
      'email1',
      'CustomAttributeUserMail',
      'CustomAttributeUserMail2',
    ]);
    expect(r.code).toBe(0);
    r = await exec(t, 'python3', [script, 'dump']);
    expect(r.stderr).toContain('Dump current configuration.');
    expect(JSON.parse(r.stdout).email1.alternative_attributes).toEqual([
      'CustomAttributeUserMail',
      'CustomAttributeUserMail2',
    ]);

    r = await exec(t, 'python3', [script, 'restore_default']);
    expect(r.code).toBe(0);
    r = await exec(t, 'python3', [script, 'dump']);
    expect(JSON.parse(r.stdout).userfield01.ldap_attribute).toBe('oxUserfield01');

    r = await exec(t, 'python3', [script, 'modify', '--unset', 'email1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cannot unset non-nillable property "email1"/);
  });
});

describe('Listing 6.3: re-provision one object, or forget it with remove-from-ox-db-cache', () => {
  /** The manual's listing with its two UCS commands as stubs: univention-ldapsearch, and univention-app shell
   *  (which runs the command in the app, where the resources are). The listener dir is a temporary one. */
  function listing(t: E2E, dn: string, entryUuid: string | null) {
    const bin = mkdtempSync(join(tmpdir(), 'oxc-ucs-'));
    const requests = mkdtempSync(join(tmpdir(), 'oxc-listener-'));
    writeFileSync(
      join(bin, 'univention-ldapsearch'),
      `#!/bin/sh\n${entryUuid ? `echo "entryUUID: ${entryUuid}"` : 'exit 32'}\n`,
      { mode: 0o755 },
    );
    writeFileSync(
      join(bin, 'univention-app'),
      `#!/bin/sh\nshift 2\ncmd="$1"; shift\nexec "${join(t.dataDir, 'resources')}/$cmd" "$@"\n`,
      { mode: 0o755 },
    );
    const script = `dn="${dn}"
entry_uuid="$(univention-ldapsearch -b "$dn" + | grep entryUUID | awk '{ print $2 }')"
if [ -n "$entry_uuid" ]; then
    cat > ${requests}/$(date +%Y-%m-%d-%H-%M-%S).json <<- EOF
{
    "entry_uuid": "$entry_uuid",
    "dn": "$dn",
    "object_type": "users/user",
    "command": "modify"
}
EOF
else
    echo "$dn no longer exists, deleting from ox-connector db"
    univention-app shell ox-connector remove-from-ox-db-cache "$dn"
fi
`;
    return { run: () => exec(t, 'bash', ['-c', script], { PATH: `${bin}:${process.env.PATH ?? ''}` }), requests };
  }

  it('an object still in LDAP gets a trigger file; a deleted one is forgotten by the connector', async () => {
    const { t } = await provisioned('gone1');
    const dn = userDn('gone1');
    const present = listing(t, dn, 'uuid-gone1');
    let r = await present.run();
    expect(r.code).toBe(0);
    const [trigger] = readdirSync(present.requests);
    expect(JSON.parse(readFileSync(join(present.requests, trigger), 'utf8'))).toEqual({
      entry_uuid: 'uuid-gone1',
      dn,
      object_type: 'users/user',
      command: 'modify',
    });

    r = await listing(t, dn, null).run();
    expect(r.stdout).toBe(`${dn} no longer exists, deleting from ox-connector db\nRemoving ${dn}\n`);
    expect(r.code).toBe(0);
    r = await t.run(['tasks', 'reprovision', dn]);
    expect(r.stderr).toMatch(/was never provisioned \(or was removed from the cache\)/);
    r = await exec(t, resource(t, 'remove-from-ox-db-cache'), [dn]);
    expect(r.stdout).toBe(`${dn} not found\n`);
    expect(r.code).toBe(1);
  });
});

describe('check_sync_status.py (manual §6.8)', () => {
  it("accepts the manual's UDM options (not needed), reports consistency and resyncs", async () => {
    const { t } = await provisioned('sync1');
    const script = resource(t, 'check_sync_status.py');
    const dn = userDn('sync1');
    const manual = [
      '--dn',
      dn,
      '--udm_admin_account',
      'administrator',
      '--udm_password_file',
      'udm.secret',
      '--udm_host',
      'https://master.master.ucs',
    ];
    let r = await exec(t, 'python3', [script, ...manual]);
    expect(r.stdout).toMatch(/^Success: Data of the object is consistent/m);
    expect(r.stderr).toContain(
      '--udm_admin_account, --udm_password_file, --udm_host not needed by ox-connector and ignored',
    );
    expect(r.code).toBe(0);

    r = await exec(t, script, ['--dn', dn, '--resync']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`Object ${dn} has been scheduled to be resynced with file .*listener/.*\\.json`),
    );
    expect(t.queueFiles()).toHaveLength(1);

    r = await exec(t, script, []);
    expect(r.code).toBe(2); // argparse: --dn is required
    expect(r.stderr).toMatch(/the following arguments are required: --dn/);
  });
});

describe('update-ox-db-cache (manual Listing 6.5) and rebuild-old.db', () => {
  it('--delete forgets the ids, a second call reads them again from OX', async () => {
    const { t } = await provisioned('cache1');
    const script = resource(t, 'update-ox-db-cache');
    let r = await exec(t, script, ['--delete']);
    expect(r.stdout).toBe('1 cached user id(s) removed.\n');
    expect(r.code).toBe(0);
    r = await exec(t, script, ['--build-cache', '--build-cache-size', '5']);
    expect(r.stdout).toMatch(/^1 user\(s\) in 1 context\(s\) checked, 1 id\(s\) updated, 0 not found/);
    expect(r.code).toBe(0);
  });

  it('rebuild-old.db says there is nothing to rebuild and what to use instead, exit 0', async () => {
    const { t } = await provisioned('old1');
    const r = await exec(t, resource(t, 'rebuild-old.db'), ['--fix-existing-keys']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Nothing to do: ox-connector keeps no old\.db/);
    expect(r.stdout).toContain('ox-connector import-legacy');
  });
});

describe('how the scripts find the CLI and the data dir', () => {
  /** A stand-in CLI that prints its arguments as JSON. */
  function fakeCli(): string {
    const dir = mkdtempSync(join(tmpdir(), 'oxc-fake-'));
    const path = join(dir, 'fake-ox-connector');
    writeFileSync(path, `#!/usr/bin/env python3\nimport json, sys\nprint(json.dumps(sys.argv[1:]))\n`, { mode: 0o755 });
    return path;
  }

  it("OX_CONNECTOR_BIN overrides; installed scripts name their data dir, the checkout's compat/ does not", async () => {
    const { t } = await provisioned('find1');
    const env = { OX_CONNECTOR_BIN: fakeCli() };
    const argv = async (path: string, args: string[]) => JSON.parse((await exec(t, path, args, env)).stdout);
    expect(await argv(resource(t, 'update-ox-db-cache'), ['--build-cache', '--build-cache-size', '500'])).toEqual([
      'cache',
      '--data-dir',
      t.dataDir,
      'rebuild',
      '--chunk-size',
      '500',
    ]);
    expect(await argv(resource(t, 'remove-from-ox-db-cache'), ['uid=a,dc=b'])).toEqual([
      'cache',
      '--data-dir',
      t.dataDir,
      'remove',
      '--',
      'uid=a,dc=b',
    ]);
    expect(await argv(join(REPO, 'compat', 'change_attribute_mapping.py'), ['dump'])).toEqual([
      'attribute-mapping',
      'dump',
    ]);
    expect(await argv(join(REPO, 'compat', 'check_sync_status.py'), ['--dn', 'cn=x', '--resync'])).toEqual([
      'check-sync-status',
      '--dn',
      'cn=x',
      '--resync',
    ]);
  });

  it("run from a checkout, compat/ finds the package's bin/ox-connector.js", async () => {
    const { t } = await provisioned('find2');
    const r = await exec(t, join(REPO, 'compat', 'get_current_error.py'), [], { OX_CONNECTOR_DATA_DIR: t.dataDir });
    expect(r.stdout).toBe('{"errors": "0"}\n');
    expect(existsSync(join(REPO, 'compat', '__pycache__'))).toBe(false);
  });
});
