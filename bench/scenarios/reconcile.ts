/**
 * `npm run bench -- --reconcile 100000` (issue 16): a dry-run `ox-connector reconcile` over one context holding
 * 100,000 users and 2,000 groups that already equal the directory, against an emulator answering in 5 ms. The
 * emulator runs in this process and is filled through its model (creating 100,000 users over SOAP would only
 * measure the emulator), each user with exactly the fields provisioning computes for it (`desiredUser`), so the
 * plan must come out empty; the store gets the matching rows. The connector is the real CLI in its own process;
 * its peak RSS is its own high-water mark VmHWM, sampled from /proc and read again at exit by
 * bench/probe/rss-probe.mjs (not getrusage's ru_maxrss: Linux carries that across fork and exec, so the child
 * of this process, which holds the filled emulator, would report this process's peak). Printed beside the
 * physical limit: the calls the read needs (listed once per kind, then 500 objects per call, one after the
 * other) × the latency. BENCH_MEM_LOG=<file> adds the connector's process.memoryUsage() peaks,
 * BENCH_CPU_PROF_DIR=<dir> its CPU profile.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from '../../src/emulator/index.js';
import { defaultAttributeMapping } from '../../src/config/attribute-mapping.js';
import { loadSettings } from '../../src/config/settings.js';
import { desiredUser } from '../../src/provisioning/users/fields.js';
import { READ_BATCH } from '../../src/reconcile/ox-inventory.js';
import { openStateDb, STATE_DB_FILE } from '../../src/state/database.js';
import { StateStore } from '../../src/state/store.js';
import { CLI_PATH, connectorEnv, freshDataDir, MASTER_ADMIN, MASTER_PASSWORD } from '../lib/connector-env.js';
import { cpuProfileArgs } from '../lib/cpu-profile.js';
import { loadLine, machineLine } from '../lib/machine.js';
import { memoryLogLine, PeakRssSampler, readProbeCpuMs, readProbeRss, RSS_PROBE_PATH } from '../lib/peak-rss.js';

const CTX = 10;
const ADMIN = { adminuser: 'oxadmin', adminpass: 'bench-context-secret' };
const MEMBERS_PER_GROUP = 50;
const TARGET_SECONDS = 120;
const TARGET_RSS_MIB = 300;

export interface ReconcileBenchOptions {
  users: number;
  groups: number;
  latencyMs: number;
  keep: boolean;
  log: (line: string) => void;
}

export async function runReconcileBench(o: ReconcileBenchOptions): Promise<boolean> {
  // The latency applies to SOAP calls only: filling through the model below is immediate.
  const emu = await startEmulator({
    port: 0,
    masterPassword: MASTER_PASSWORD,
    masterAdmin: MASTER_ADMIN,
    latencyMs: o.latencyMs,
  });
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
    auth: { login: MASTER_ADMIN, password: MASTER_PASSWORD },
  });
  const dataDir = freshDataDir('reconcile');
  writeFileSync(join(dataDir, 'secrets', 'contexts.json'), JSON.stringify({ [String(CTX)]: ADMIN }), { mode: 0o600 });
  const env = connectorEnv({
    soapServer: emu.url.replace(/\/webservices$/, ''),
    dataDir,
    contextId: CTX,
    mailDomain: 'example.org',
  });
  const settings = loadSettings(env, { dataDir });
  const mapping = defaultAttributeMapping();
  const db = openStateDb(join(dataDir, STATE_DB_FILE));
  const store = new StateStore(db);
  const t0 = Date.now();
  const userIds: number[] = [];
  const dnOf = (i: number) => `uid=bench${i},cn=users,dc=example,dc=org`;
  db.transaction(() => {
    for (let i = 0; i < o.users; i++) {
      const name = `bench${i}`;
      const attrs = {
        username: name,
        firstname: 'Bench',
        lastname: String(i),
        displayName: `Bench ${i}`,
        mailPrimaryAddress: `${name}@example.org`,
        isOxUser: 'OK',
        oxContext: String(CTX),
      };
      const fields = desiredUser(attrs, `uuid-${i}`, mapping, settings, dnOf(i)).fields;
      const created = emu.model.handle('OXUserService', 'create', {
        ctx: { id: CTX },
        usrdata: { ...fields, display_name: fields.display_name || name, password: 'x' },
        auth,
      }) as { id: number };
      userIds.push(created.id);
      store.importState({
        objectId: `uuid-${i}`,
        object: {
          objectId: `uuid-${i}`,
          udmType: 'users/user',
          dn: dnOf(i),
          attrs,
          oxState: { contextId: CTX, oxId: created.id, oxName: name, fields, access: null },
        },
        oxIds: [{ contextId: CTX, kind: 'user', oxId: created.id, oxName: name }],
      });
    }
    for (let g = 0; g < o.groups; g++) {
      const name = `group${g}`;
      const members = Array.from(
        { length: Math.min(MEMBERS_PER_GROUP, o.users) },
        (_, k) => (g * MEMBERS_PER_GROUP + k) % o.users,
      );
      const ids = [...new Set(members.map((i) => userIds[i]))].sort((a, b) => a - b);
      const created = emu.model.handle('OXGroupService', 'create', {
        ctx: { id: CTX },
        grp: { name, displayname: name, members: ids },
        auth,
      }) as { id: number };
      store.importState({
        objectId: `group-${g}`,
        object: {
          objectId: `group-${g}`,
          udmType: 'groups/group',
          dn: `cn=${name},cn=groups,dc=example,dc=org`,
          attrs: { name, isOxGroup: 'OK', users: members.map(dnOf) },
          oxState: { contexts: { [String(CTX)]: { oxId: created.id, name, members: ids } } },
        },
        oxIds: [{ contextId: CTX, kind: 'group', oxId: created.id, oxName: name }],
      });
    }
  })();
  db.close();
  o.log(
    `prepared ${o.users} users and ${o.groups} groups in OX and in the store in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );

  const rssFile = join(dataDir, 'rss.json');
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      '--import',
      RSS_PROBE_PATH,
      ...cpuProfileArgs('connector', 'reconcile'),
      CLI_PATH,
      'reconcile',
      '--dry-run',
      '--json',
      '--data-dir',
      dataDir,
    ],
    { env: { ...env, BENCH_RSS_FILE: rssFile }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const sampler = new PeakRssSampler(child.pid!);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  const sampledKiB = sampler.stop();
  const seconds = (Date.now() - started) / 1000;
  await emu.close();

  const peakMiB = Math.max(sampledKiB, readProbeRss(rssFile)) / 1024;
  const cpuMs = readProbeCpuMs(rssFile);
  // Per context: the context's getData, listAll of users, groups and resources, the secondary accounts' list.
  const calls = 5 + Math.ceil(o.users / READ_BATCH) + Math.ceil(o.groups / READ_BATCH);
  const limitSeconds = (calls * o.latencyMs) / 1000;
  let summary = '(no plan printed)';
  try {
    summary = JSON.stringify((JSON.parse(out) as { summary: unknown }).summary);
  } catch {
    o.log(err.trim().split('\n').slice(-5).join('\n'));
  }
  o.log(machineLine());
  o.log(loadLine());
  o.log(
    err
      .trim()
      .split('\n')
      .filter((l) => l.includes('Reconcile'))
      .join('\n'),
  );
  o.log(
    `reconcile --dry-run: ${o.users} users, ${o.groups} groups, one context, latency ${o.latencyMs} ms: exit ${code}, ` +
      `${seconds.toFixed(1)} s (target ≤ ${TARGET_SECONDS} s; physical limit ${limitSeconds.toFixed(1)} s = ${calls} ` +
      `sequential reads × ${o.latencyMs} ms), peak RSS ${peakMiB.toFixed(0)} MiB (target ≤ ${TARGET_RSS_MIB} MiB)` +
      `${cpuMs === undefined ? '' : `, connector CPU ${(cpuMs / 1000).toFixed(1)} s`}; plan ${summary}`,
  );
  const memory = memoryLogLine();
  if (memory) o.log(memory);
  const ok = code === 0 && seconds <= TARGET_SECONDS && peakMiB <= TARGET_RSS_MIB;
  if (!o.keep) rmSync(dataDir, { recursive: true, force: true });
  return ok;
}
