/**
 * OpenLDAP source benchmark (issue 7), against a throwaway slapd (scripts/slapd/) and the OX emulator process:
 *   1. source only: initial load of N users (default 10,000) from syncrepl into queue files, in-process;
 *   2. through to OX: `ox-connector run --source ldap --once` (the built CLI) provisions the same directory
 *      into the emulator; users per second from process start to exit, checked by listing OX's users;
 *   3. latency on an idle system: `ox-connector run --source ldap` (long-running); an LDAP modify (ldapmodify,
 *      process start included) until the change is visible in OX (getData polled over SOAP). Target < 1 s.
 *
 * Run: npm run bench:ldap -- [--users N] [--samples N] [--latency-ms N]
 * Needs slapd + ldap-utils (Debian packages).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { OxClient } from '../src/ox/index.js';
import { readLdapSettings, startLdapSource } from '../src/sources/ldap/index.js';
import { openStateDb } from '../src/state/database.js';
import { SLAPD_ROOT_PASSWORD, startSlapd, type Slapd } from '../scripts/slapd/slapd.js';
import { CLI_PATH, connectorEnv, freshDataDir, MASTER_ADMIN, MASTER_PASSWORD } from './lib/connector-env.js';
import { startEmulatorProcess, stopChild } from './lib/emulator-process.js';
import { percentile } from './lib/percentiles.js';
import { fixed, renderTable } from './lib/table.js';
import { sleep } from './lib/wait.js';

const CONTEXT = 10;
const DOMAIN = 'example.org';
const quiet = { info: () => {}, warning: () => {}, error: () => {} };

const options = new Command()
  .option('--users <n>', 'users in the directory', Number, 10_000)
  .option('--samples <n>', 'changes timed in the latency measurement', Number, 20)
  .option('--latency-ms <n>', 'emulator latency per SOAP call', Number, 5)
  .parse()
  .opts<{ users: number; samples: number; latencyMs: number }>();

function ldapmodify(slapd: Slapd, ldif: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ldapmodify', ['-x', '-c', '-H', slapd.uri, '-D', slapd.bindDn, '-w', SLAPD_ROOT_PASSWORD], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ldapmodify failed: ${stderr}`))));
    child.stdin.end(ldif);
  });
}

function fillDirectory(slapd: Slapd, users: number): void {
  const parts = [
    `dn: cn=${CONTEXT},cn=open-xchange,dc=example,dc=org\nchangetype: add\nobjectClass: oxContext\ncn: ${CONTEXT}\noxContextIDNum: ${CONTEXT}\n`,
  ];
  for (let n = 0; n < users; n++) {
    parts.push(
      `dn: uid=u${n},cn=users,dc=example,dc=org\nchangetype: add\nobjectClass: inetOrgPerson\nobjectClass: univentionMail\n` +
        `objectClass: oxUserObject\nuid: u${n}\ncn: User ${n}\ngivenName: User\nsn: Number${n}\n` +
        `mailPrimaryAddress: u${n}@${DOMAIN}\nisOxUser: OK\noxContextIDNum: ${CONTEXT}\n`,
    );
  }
  const add = spawnSync('ldapmodify', ['-x', '-c', '-H', slapd.uri, '-D', slapd.bindDn, '-w', SLAPD_ROOT_PASSWORD], {
    input: parts.join('\n'),
    maxBuffer: 1 << 30,
  });
  if (add.status !== 0) throw new Error(`ldapmodify failed: ${add.stderr}`);
}

const ldapEnv = (slapd: Slapd) => ({
  LDAP_URI: slapd.uri,
  LDAP_BASE: slapd.base,
  LDAP_BIND_DN: slapd.bindDn,
  LDAP_BIND_PASSWORD_FILE: slapd.passwordFile,
});

/** 1. syncrepl → queue files, in-process (no OX). */
async function sourceOnly(slapd: Slapd): Promise<{ objects: number; seconds: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ox-ldap-bench-source-'));
  const db = openStateDb(join(dataDir, 'ox-connector.db'));
  try {
    const started = performance.now();
    const source = startLdapSource({
      settings: readLdapSettings(ldapEnv(slapd)),
      db,
      dataDir,
      logger: quiet,
      once: true,
    });
    await source.done;
    return { objects: source.stats.written, seconds: (performance.now() - started) / 1000 };
  } finally {
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function oxClient(webservicesUrl: string, dataDir: string): OxClient {
  return new OxClient({
    baseUrl: webservicesUrl,
    credentials: {
      master: () => ({ login: MASTER_ADMIN, password: MASTER_PASSWORD }),
      contextAdmin: (id) => {
        const entry = JSON.parse(readFileSync(join(dataDir, 'secrets', 'contexts.json'), 'utf8'))[String(id)];
        return { login: entry.adminuser, password: entry.adminpass };
      },
    },
  });
}

async function main(): Promise<void> {
  const { users, samples, latencyMs } = options;
  console.log(`LDAP source benchmark: ${users} users, emulator latency ${latencyMs} ms per SOAP call`);
  const slapd = startSlapd({ sample: false });
  const emulator = await startEmulatorProcess(latencyMs);
  const dataDir = freshDataDir('ldap');
  const env = {
    ...connectorEnv({ soapServer: emulator.soapServer, dataDir, contextId: CONTEXT, mailDomain: DOMAIN }),
    ...ldapEnv(slapd),
  };
  let ox: OxClient | undefined;
  try {
    let started = performance.now();
    fillDirectory(slapd, users);
    console.log(
      `  directory filled with ldapmodify in ${fixed((performance.now() - started) / 1000, 1)} s (not counted)`,
    );

    const source = await sourceOnly(slapd);

    started = performance.now();
    const once = spawnSync(process.execPath, [CLI_PATH, 'run', '--source', 'ldap', '--once'], {
      env,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    const toOxSeconds = (performance.now() - started) / 1000;
    if (once.status !== 0)
      throw new Error(`run --source ldap --once exited ${once.status}: ${once.stderr.slice(-2000)}`);
    ox = oxClient(emulator.webservicesUrl, dataDir);
    const inOx = ((await ox.call('OXUserService', 'listAll', { ctx: { id: CONTEXT } })) as unknown[]).length - 1; // Minus the context admin.
    if (inOx !== users) throw new Error(`expected ${users} users in OX after the initial load, found ${inOx}`);

    const service = spawn(process.execPath, [CLI_PATH, 'run', '--source', 'ldap'], { env, stdio: 'ignore' });
    const latencies: number[] = [];
    try {
      await sleep(1500); // Started, resumed from the cookie, nothing to do: idle.
      for (let i = 0; i < samples; i++) {
        await sleep(300);
        const title = `probe ${i}`;
        const name = `u${i % users}`;
        const t0 = performance.now();
        await ldapmodify(
          slapd,
          `dn: uid=${name},cn=users,dc=example,dc=org\nchangetype: modify\nreplace: title\ntitle: ${title}\n`,
        );
        for (;;) {
          const user = (await ox.call('OXUserService', 'getData', { ctx: { id: CONTEXT }, user: { name } })) as {
            title?: string;
          };
          if (user?.title === title) break;
          if (performance.now() - t0 > 10_000) throw new Error(`change ${i} did not reach OX within 10 s`);
        }
        latencies.push(performance.now() - t0);
      }
    } finally {
      await stopChild(service);
    }

    const p95 = percentile(latencies, 95);
    console.log('');
    console.log(
      renderTable(
        ['measurement', 'result'],
        [
          [
            'initial load, syncrepl → queue files (source only)',
            `${source.objects} objects in ${fixed(source.seconds, 2)} s = ${fixed(source.objects / source.seconds, 0)}/s`,
          ],
          [
            'initial load, LDAP → OX (`run --source ldap --once`)',
            `${users} users in ${fixed(toOxSeconds, 1)} s = ${fixed(users / toOxSeconds, 0)} users/s`,
          ],
          ['LDAP modify → change in OX, p50', `${fixed(percentile(latencies, 50), 0)} ms`],
          ['LDAP modify → change in OX, p95', `${fixed(p95, 0)} ms`],
          ['LDAP modify → change in OX, max', `${fixed(Math.max(...latencies), 0)} ms`],
        ],
      ),
    );
    console.log('');
    console.log(
      `Target: an LDAP change reaches OX within 1 s on an idle system: p95 ${fixed(p95, 0)} ms → ${p95 < 1000 ? 'met' : 'MISSED'}`,
    );
    console.log('(latency includes starting the ldapmodify process; "in OX" is accurate to one getData call)');
  } finally {
    ox?.close();
    await emulator.stop();
    slapd.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
