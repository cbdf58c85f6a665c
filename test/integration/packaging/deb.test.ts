// Issue 17 item 1: the Debian package. Built with `packaging/deb/build.sh` (what `npm run package` runs after the
// build), installed with dpkg, run as its own user against the emulator, its unit checked with systemd-analyze,
// then removed and purged. Installing needs root: CI runs as root; elsewhere the test runs with passwordless sudo
// or is skipped, saying so. It installs system-wide: /usr/lib/ox-connector, /var/lib/ox-connector.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { OxClient } from '../../../src/ox/index.js';
import { contextDn, contextObject, MASTER_PASSWORD, startTestEmulator } from '../../helpers/e2e.js';
import { contextData } from '../../helpers/ox-read.js';

const REPO = resolve(import.meta.dirname, '../../..');
const BUILT = existsSync(join(REPO, 'dist/cli/main.js'));
const isRoot = process.getuid?.() === 0;
const hasSudo = !isRoot && spawnSync('sudo', ['-n', 'true']).status === 0;
const hasDpkg = spawnSync('dpkg-deb', ['--version']).status === 0;
// A package installed before the test is someone's real one: purging it would delete /var/lib/ox-connector.
const installedBefore =
  hasDpkg &&
  /^[ih]i/.test(
    spawnSync('dpkg-query', ['-W', '-f=${db:Status-Abbrev}', 'ox-connector'], { encoding: 'utf8' }).stdout ?? '',
  );
const canInstall = hasDpkg && (isRoot || hasSudo) && BUILT && !installedBefore;
if (!canInstall) {
  const why = !hasDpkg
    ? 'no dpkg-deb (not Debian)'
    : !BUILT
      ? 'run npm run build first'
      : installedBefore
        ? 'ox-connector is installed on this machine; the test would purge it (dpkg --purge ox-connector first)'
        : 'needs root or passwordless sudo to dpkg -i';
  console.warn(`deb.test.ts skipped: ${why}`);
}

const DATA = '/var/lib/ox-connector';
const USER = 'ox-connector';
const UCS_LOG = '/var/log/univention/listener_modules/ox-connector.log';

/** A command as root (directly, or through sudo -n). */
function root(cmd: string, args: string[], env?: Record<string, string>): SpawnSyncReturns<string> {
  const [file, argv] = isRoot ? [cmd, args] : ['sudo', ['-n', cmd, ...args]];
  return spawnSync(file, argv, { encoding: 'utf8', timeout: 120_000, env: env ?? process.env });
}

/** As root(), but without blocking this process: the emulator runs in it and must answer meanwhile. */
function rootAsync(cmd: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const [file, argv] = isRoot ? [cmd, args] : ['sudo', ['-n', cmd, ...args]];
  return new Promise((done) => {
    const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

const ok = (r: SpawnSyncReturns<string>) => {
  expect(r.error).toBeUndefined();
  if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}${r.stdout}`);
  return r;
};

describe.skipIf(!canInstall)('the Debian package', () => {
  let deb = '';
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    // A previous run that died half-way must not make this one fail.
    root('dpkg', ['--purge', 'ox-connector']);
    const out = mkdtempSync(join(tmpdir(), 'oxc-deb-'));
    const built = ok(spawnSync('bash', [join(REPO, 'packaging/deb/build.sh'), out], { encoding: 'utf8', cwd: REPO }));
    deb = built.stdout.trim().split('\n').at(-1)!;
  }, 180_000);

  afterAll(async () => {
    root('dpkg', ['--purge', 'ox-connector']);
    await emulator?.close();
  });

  it('is named after the version and architecture and holds the app, its runtime, unit, defaults and logrotate', () => {
    const version = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version as string;
    expect(deb).toMatch(new RegExp(`/ox-connector_${version.replace(/\./g, '\\.')}_amd64\\.deb$`));
    const listing = ok(spawnSync('dpkg-deb', ['--contents', deb], { encoding: 'utf8' })).stdout;
    for (const path of [
      './usr/bin/ox-connector',
      './usr/lib/ox-connector/node/bin/node',
      './usr/lib/ox-connector/dist/cli/main.js',
      './usr/lib/ox-connector/node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      './usr/lib/ox-connector/node_modules/prom-client/package.json',
      './usr/lib/ox-connector/ldap/schema/30-oxforucs.ldif',
      './lib/systemd/system/ox-connector.service',
      './etc/default/ox-connector',
      './etc/logrotate.d/ox-connector',
    ]) {
      expect(listing).toContain(` ${path}\n`);
    }
    expect(listing).not.toContain('node_modules/vitest/'); // development dependencies stay out
    expect(listing).not.toContain('better-sqlite3/deps/');
    const conffiles = ok(spawnSync('dpkg-deb', ['--info', deb, 'conffiles'], { encoding: 'utf8' })).stdout;
    expect(conffiles).toBe('/etc/default/ox-connector\n/etc/logrotate.d/ox-connector\n');
    const tree = mkdtempSync(join(tmpdir(), 'oxc-deb-tree-'));
    ok(spawnSync('dpkg-deb', ['--extract', deb, tree], { encoding: 'utf8' }));
    expect(readFileSync(join(tree, 'etc/default/ox-connector'), 'utf8')).toMatch(
      /^OX_CONNECTOR_HTTP_LISTEN=127\.0\.0\.1:9464$/m,
    );
  });

  it('installs, creates its user and directories, and runs on its own Node.js', () => {
    ok(root('dpkg', ['-i', deb]));
    expect(ok(spawnSync('id', ['-u', USER], { encoding: 'utf8' })).stdout.trim()).toMatch(/^\d+$/);
    for (const dir of [DATA, '/var/log/ox-connector']) {
      expect(statSync(dir).mode & 0o777).toBe(0o750);
    }
    const node = ok(spawnSync('/usr/lib/ox-connector/node/bin/node', ['--version'], { encoding: 'utf8' }));
    expect(node.stdout.trim()).toBe(process.version);
    const version = ok(root('/usr/bin/ox-connector', ['--version']));
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);
    const help = ok(root('/usr/bin/ox-connector', ['--help']));
    expect(help.stdout).toMatch(/^Usage: ox-connector \[options\] \[command\]/);
    expect(help.stdout).toMatch(/^ {2}run \[options\]/m);
  });

  it('runs `run --once` as the package user against the emulator, on the default data directory', async () => {
    const contextId = 1790;
    ok(root('install', ['-d', '-o', USER, '-g', USER, '-m', '0750', `${DATA}/listener`]));
    const body = {
      dn: contextDn(contextId),
      id: 'ctx-deb',
      object: contextObject(contextId),
      options: ['default'],
      udm_object_type: 'oxmail/oxcontext',
    };
    // The queue file as the converter would leave it, written as the package user.
    const write = spawnSync(
      isRoot ? 'runuser' : 'sudo',
      [
        ...(isRoot ? [] : ['-n', 'runuser']),
        '-u',
        USER,
        '--',
        'tee',
        `${DATA}/listener/2024-05-02-14-03-07-000001.json`,
      ],
      {
        input: JSON.stringify(body, null, 4),
        encoding: 'utf8',
      },
    );
    ok(write);
    const settings = [
      `OX_SOAP_SERVER=${emulator.url.replace(/\/webservices\/?$/, '')}`,
      `OX_MASTER_PASSWORD=${MASTER_PASSWORD}`,
      'OX_IMAP_SERVER=imap://imap.example.org:143',
      'OX_SMTP_SERVER=smtp://smtp.example.org:587',
      'DOMAINNAME=example.org',
      `DEFAULT_CONTEXT=${contextId}`,
      'OX_CONNECTOR_LOG_FILE=/var/log/ox-connector/ox-connector.log',
      // Empty = unset: no HTTP server on the default file's port 9464, which another process may hold here.
      'OX_CONNECTOR_HTTP_LISTEN=',
    ];
    const run = await rootAsync('runuser', [
      '-u',
      USER,
      '--',
      'env',
      ...settings,
      '/usr/bin/ox-connector',
      'run',
      '--once',
    ]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/processed=1 failed=0 left=0/);
    expect(run.status).toBe(0);
    // The data directory came from /etc/default/ox-connector, and every file there belongs to the package user.
    const uid = Number(ok(spawnSync('id', ['-u', USER], { encoding: 'utf8' })).stdout.trim());
    expect(statSync(`${DATA}/ox-connector.db`).uid).toBe(uid);
    expect(readdirSync(`${DATA}/listener`).filter((f) => f.endsWith('.json'))).toEqual([]);
    // Run as root, the command switches to the package user: the files it writes are not root's.
    ok(root('rm', ['-rf', `${DATA}/resources`])); // `run` installed them already; install-compat writes what differs
    ok(root('/usr/bin/ox-connector', ['install-compat']));
    expect(statSync(`${DATA}/resources/get_current_error.py`).uid).toBe(uid);
    const log = readFileSync('/var/log/ox-connector/ox-connector.log', 'utf8');
    expect(log).toMatch(new RegExp(`ox-connector \\S+ started\\t\\| version=\\S+ data_dir=${DATA} source=ucs`));
    const ox = new OxClient({
      baseUrl: emulator.url,
      credentials: {
        master: () => ({ login: 'oxadminmaster', password: MASTER_PASSWORD }),
        contextAdmin: () => {
          throw new Error('only the master is needed');
        },
      },
    });
    expect(await contextData(ox, contextId)).toMatchObject({ name: `context${contextId}` });
  });

  it('has a unit systemd accepts and a logrotate file logrotate accepts', () => {
    const analyze = spawnSync('systemd-analyze', ['verify', '/lib/systemd/system/ox-connector.service'], {
      encoding: 'utf8',
    });
    if (analyze.error) throw new Error('systemd-analyze is missing: apt-get install systemd (CI: .ci/run does)');
    expect(analyze.stderr).toBe('');
    expect(analyze.status).toBe(0);
    const unit = readFileSync('/lib/systemd/system/ox-connector.service', 'utf8');
    for (const line of [
      'EnvironmentFile=/etc/default/ox-connector',
      'User=ox-connector',
      'Restart=on-failure',
      'NoNewPrivileges=yes',
      'ProtectSystem=strict',
      'PrivateTmp=yes',
    ]) {
      expect(unit).toContain(`\n${line}\n`);
    }
    expect(unit).toMatch(/^ReadWritePaths=\/var\/lib\/ox-connector \/var\/log\/ox-connector$/m);
    const logrotate = root('logrotate', ['--debug', '/etc/logrotate.d/ox-connector']);
    if (!logrotate.error) expect(logrotate.status).toBe(0);
  });

  it('removes its programs but keeps settings and data, and purges them', () => {
    ok(root('dpkg', ['-r', 'ox-connector']));
    expect(existsSync('/usr/bin/ox-connector')).toBe(false);
    expect(existsSync('/usr/lib/ox-connector')).toBe(false);
    expect(existsSync('/lib/systemd/system/ox-connector.service')).toBe(false);
    expect(existsSync('/etc/default/ox-connector')).toBe(true);
    expect(existsSync(`${DATA}/ox-connector.db`)).toBe(true);
    ok(root('dpkg', ['--purge', 'ox-connector']));
    expect(existsSync('/etc/default/ox-connector')).toBe(false);
    expect(existsSync('/etc/logrotate.d/ox-connector')).toBe(false);
    expect(existsSync(DATA)).toBe(false);
    expect(existsSync('/var/log/ox-connector')).toBe(false);
  });

  // UCS is recognised by /etc/univention/base.conf. Only on a host that is no UCS: the marker is made for the test
  // and removed again, with the directories the package made for it.
  it.skipIf(existsSync('/etc/univention'))(
    "on UCS logs to the app manual's path, rotated, and purges what it added",
    () => {
      ok(root('install', ['-D', '-m', '0644', '/dev/null', '/etc/univention/base.conf']));
      const madeLogDir = !existsSync('/var/log/univention');
      try {
        ok(root('dpkg', ['-i', deb]));
        const dropIn = readFileSync('/etc/systemd/system/ox-connector.service.d/ucs-log-file.conf', 'utf8');
        expect(dropIn).toMatch(
          /^Environment=OX_CONNECTOR_LOG_FILE=\/var\/log\/univention\/listener_modules\/ox-connector\.log$/m,
        );
        const uid = Number(ok(spawnSync('id', ['-u', USER], { encoding: 'utf8' })).stdout.trim());
        expect(statSync(UCS_LOG).uid).toBe(uid);
        expect(readFileSync('/etc/logrotate.d/ox-connector-ucs', 'utf8')).toContain(`${UCS_LOG} {`);
        const analyze = spawnSync('systemd-analyze', ['verify', 'ox-connector.service'], { encoding: 'utf8' });
        expect(analyze.stderr).toBe('');
        expect(analyze.status).toBe(0);
        const logrotate = root('logrotate', ['--debug', '/etc/logrotate.d/ox-connector-ucs']);
        if (!logrotate.error) expect(logrotate.status).toBe(0);
        ok(root('dpkg', ['--purge', 'ox-connector']));
        expect(existsSync('/etc/systemd/system/ox-connector.service.d')).toBe(false);
        expect(existsSync('/etc/logrotate.d/ox-connector-ucs')).toBe(false);
        expect(existsSync(UCS_LOG)).toBe(true); // the app's log file is not the package's to delete
      } finally {
        root('dpkg', ['--purge', 'ox-connector']);
        root('rm', ['-rf', '/etc/univention', ...(madeLogDir ? ['/var/log/univention'] : [])]);
      }
    },
  );
});
