/**
 * `npx tsx bench/cache-rebuild.ts [--users 100000] [--chunk-size 25]` (build first: `npm run build`).
 *
 * Memory of `ox-connector cache rebuild` with many users (issue 5: 100,000 users must fit in 200 MB). The
 * emulator runs in this process and is filled directly through its model (creating 100,000 users over SOAP
 * would only measure the emulator); the store gets one provisioned-user row per OX user, half of them with a
 * wrong cached id so the rebuild must write. The connector runs as the real CLI in its own process, whose peak
 * RSS is taken from /proc (VmHWM) and from getrusage at exit (bench/probe/rss-probe.mjs).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { startEmulator } from '../src/emulator/index.js';
import { openStateDb, STATE_DB_FILE } from '../src/state/database.js';
import { StateStore } from '../src/state/store.js';
import { CLI_PATH, connectorEnv, freshDataDir, MASTER_ADMIN, MASTER_PASSWORD } from './lib/connector-env.js';
import { loadLine, machineLine } from './lib/machine.js';
import { PeakRssSampler, readProbeRss, RSS_PROBE_PATH } from './lib/peak-rss.js';

const CTX = 10;
const ADMIN = { adminuser: 'oxadmin', adminpass: 'bench-context-secret' };

async function main(): Promise<void> {
  const o = new Command()
    .option('--users <n>', 'users in OX and in the store', (v) => Number(v), 100_000)
    .option('--chunk-size <n>', 'users per page read from OX', (v) => Number(v), 25)
    .parse()
    .opts<{ users: number; chunkSize: number }>();

  const emu = await startEmulator({ port: 0, masterPassword: MASTER_PASSWORD, masterAdmin: MASTER_ADMIN });
  const master = { login: MASTER_ADMIN, password: MASTER_PASSWORD };
  const auth = { login: ADMIN.adminuser, password: ADMIN.adminpass };
  emu.model.handle('OXContextService', 'create', {
    ctx: { id: CTX, name: `context${CTX}`, maxQuota: -1 },
    admin_user: {
      name: ADMIN.adminuser,
      display_name: 'OX Admin',
      given_name: 'OX',
      sur_name: 'Admin',
      primaryEmail: 'oxadmin@example.org',
      email1: 'oxadmin@example.org',
      password: ADMIN.adminpass,
    },
    auth: master,
  });

  const dataDir = freshDataDir('cache-rebuild');
  writeFileSync(join(dataDir, 'secrets', 'contexts.json'), JSON.stringify({ [String(CTX)]: ADMIN }), { mode: 0o600 });
  const db = openStateDb(join(dataDir, STATE_DB_FILE));
  const store = new StateStore(db);
  const t0 = Date.now();
  db.transaction(() => {
    for (let i = 0; i < o.users; i++) {
      const name = `bench${i}`;
      const created = emu.model.handle('OXUserService', 'create', {
        ctx: { id: CTX },
        usrdata: {
          name,
          display_name: `Bench ${i}`,
          given_name: 'Bench',
          sur_name: String(i),
          primaryEmail: `${name}@example.org`,
          email1: `${name}@example.org`,
          password: 'x',
        },
        auth,
      }) as { id: number };
      const oxId = i % 2 === 0 ? created.id : created.id + 10_000_000; // half stale: the rebuild must fix them
      store.importState({
        objectId: `uuid-${i}`,
        object: {
          objectId: `uuid-${i}`,
          udmType: 'users/user',
          dn: `uid=${name},cn=users,dc=example,dc=org`,
          attrs: { username: name, isOxUser: 'OK', oxContext: String(CTX), mailPrimaryAddress: `${name}@example.org` },
          oxState: { contextId: CTX, oxId, oxName: name, fields: {}, access: null },
        },
        oxIds: [{ contextId: CTX, kind: 'user', oxId, oxName: name }],
      });
    }
  })();
  db.close();
  console.log(`prepared ${o.users} users in OX and in the store in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const rssFile = join(dataDir, 'rss.json');
  const env = {
    ...connectorEnv({
      soapServer: emu.url.replace(/\/webservices$/, ''),
      dataDir,
      contextId: CTX,
      mailDomain: 'example.org',
    }),
    BENCH_RSS_FILE: rssFile,
  };
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      '--import',
      RSS_PROBE_PATH,
      CLI_PATH,
      'cache',
      'rebuild',
      '--chunk-size',
      String(o.chunkSize),
      '--data-dir',
      dataDir,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const sampler = new PeakRssSampler(child.pid!);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  const sampledKiB = sampler.stop();
  const seconds = (Date.now() - started) / 1000;
  await emu.close();

  const peakMiB = Math.max(sampledKiB, readProbeRss(rssFile)) / 1024;
  console.log(machineLine());
  console.log(loadLine());
  console.log(out.trim());
  console.log(
    `cache rebuild: ${o.users} users, chunk ${o.chunkSize}: exit ${code}, ${seconds.toFixed(1)} s, peak RSS ${peakMiB.toFixed(0)} MiB (target < 200 MiB)`,
  );
  if (code !== 0 || peakMiB >= 200) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
