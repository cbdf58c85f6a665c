/**
 * `npm run bench -- --scale N` (issue 19 item 1): N users in 10 contexts, N/50 groups, N/500 resources, provisioned
 * with `ox-connector run --once --stats` into one emulator at 20 ms per SOAP call; then N/100 one-attribute changes
 * (10,000 at a million) against the full store, fed to the long-running `ox-connector run` at a steady rate, each
 * timed from its queue file appearing to the connector removing it — which it does only after OX answered the
 * change and the store committed it, so the figure is an upper bound of "reached OX". A sample of the changes is
 * read back from OX afterwards to prove they are there.
 */
import { closeSync, openSync, readFileSync, readSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { OxClient } from '../../src/ox/index.js';
import { QueueDirectoryWriter, type QueueRecord, type UdmObject } from '../workload/index.js';
import { listenerDir, MASTER_ADMIN, MASTER_PASSWORD } from '../lib/connector-env.js';
import { startMeasuredEmulator } from '../lib/emulator-warm-up.js';
import { runConnectorOnce, startConnectorService, type OnceResult } from '../lib/connector-process.js';
import { PeakRssSampler } from '../lib/peak-rss.js';
import { queuedFiles, sleep, waitFor } from '../lib/wait.js';
import { loadLine } from '../lib/machine.js';
import { workloadSettings } from './throughput.js';
import { scaleSize, writeScaleWorkload, type ScaleSize } from './scale-workload.js';

export interface ScaleOptions {
  users: number;
  latencyMs: number;
  /** OX_CONNECTOR_CONCURRENCY; undefined = the connector's default. */
  concurrency?: number;
  /** Changes per second arriving in the change phase. */
  changeRate: number;
  seed: number;
  logLevel?: string;
  keep: boolean;
  log: (line: string) => void;
}

export interface ScaleResult {
  size: ScaleSize;
  objects: number;
  latencyMs: number;
  concurrency: number | undefined;
  generateMs: number;
  queueBytes: number;
  initial: OnceResult;
  /** Connector start → the first "Created …" line of its log. */
  firstObjectMs: number | undefined;
  storeBytes: number;
  emulatorPeakRssKiB: number;
  changeRate: number;
  /** Per change: queue file renamed into place → removed by the connector (after OX answered). */
  changeMs: number[];
  changePeakRssKiB: number;
  /** Changes read back from OX afterwards, and how many held the new value. */
  verified: { read: number; equal: number };
  loadAfterInitial: string;
  loadAfterChanges: string;
}

const FIRST_CREATED = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)\s.*\bCreated (context|user|group|resource)\b/m;

export async function runScale(o: ScaleOptions): Promise<ScaleResult> {
  const size = scaleSize(o.users);
  const emulator = await startMeasuredEmulator(o.latencyMs, o.log);
  const emulatorRss = new PeakRssSampler(emulator.pid, 1000);
  const settings = workloadSettings(emulator.soapServer, 'scale', o.concurrency, o.logLevel);
  const { dataDir } = settings;
  o.log(`scale: emulator ${emulator.webservicesUrl} (pid ${emulator.pid}), data ${dataDir}`);
  let ok = false;
  try {
    const writer = new QueueDirectoryWriter(listenerDir(dataDir));
    const generating = performance.now();
    const workload = writeScaleWorkload(writer, size, o.seed, (n) => {
      if (n % 100_000 === 0) o.log(`  generated ${n} queue files`);
    });
    const generateMs = performance.now() - generating;
    const queueBytes = directoryBytes(listenerDir(dataDir));
    o.log(
      `  ${workload.objects} queue files (${(queueBytes / 2 ** 30).toFixed(2)} GiB) in ${(generateMs / 1000).toFixed(0)} s; ` +
        `initial load starts, ${loadLine()}`,
    );

    const started = Date.now();
    const initial = await runConnectorOnce(settings, 'scale-initial');
    const left = queuedFiles(dataDir);
    const loadAfterInitial = loadLine();
    o.log(
      `  initial load: exit ${initial.exitCode}, ${(initial.wallMs / 1000).toFixed(0)} s, ${left} files left, ${loadAfterInitial}`,
    );
    if (initial.exitCode !== 0 || left > 0) {
      throw new Error(
        `the initial load did not finish (exit ${initial.exitCode}, ${left} files left); see ${initial.logFile}`,
      );
    }
    const firstObjectMs = firstCreatedAt(initial.logFile, started);
    const storeBytes = storeSize(dataDir);

    const changes = await runChanges(o, settings, writer, workload.changeTargets);
    const verified = await verifyChanges(emulator.webservicesUrl, dataDir, changes.probes);
    ok = true;
    return {
      size,
      objects: workload.objects,
      latencyMs: o.latencyMs,
      concurrency: o.concurrency,
      generateMs,
      queueBytes,
      initial,
      firstObjectMs,
      storeBytes,
      emulatorPeakRssKiB: emulatorRss.stop(),
      changeRate: o.changeRate,
      changeMs: changes.durations,
      changePeakRssKiB: changes.peakRssKiB,
      verified,
      loadAfterInitial,
      loadAfterChanges: loadLine(),
    };
  } finally {
    emulatorRss.stop();
    await emulator.stop();
    if (ok && !o.keep) rmSync(dataDir, { recursive: true, force: true });
    else o.log(`  data directory kept: ${dataDir}`);
  }
}

interface Probe {
  contextId: number;
  username: string;
  title: string;
}

/** Writes one change every 1000 / rate ms (on a fixed timetable, not after the previous one finished). */
async function runChanges(
  o: ScaleOptions,
  settings: ReturnType<typeof workloadSettings>,
  writer: QueueDirectoryWriter,
  targets: QueueRecord[],
): Promise<{ durations: number[]; probes: Probe[]; peakRssKiB: number }> {
  const service = startConnectorService(settings, 'scale-changes');
  const rss = new PeakRssSampler(service.pid, 200);
  const queue = listenerDir(settings.dataDir);
  const alive = () => {
    const code = service.exited();
    if (code !== undefined) throw new Error(`ox-connector run exited (code ${code}); see ${service.logFile}`);
  };
  try {
    // The service is ready once it has taken a first change: it opened the store and watches the queue.
    const first = targets[0];
    (first.object as UdmObject).title = 'Scale warm-up';
    const firstFile = writer.write(first);
    await waitFor(() => (alive(), !exists(queue, firstFile)), 'the first change after start-up', 600_000, 50);

    o.log(`  change phase: ${targets.length} one-attribute changes at ${o.changeRate}/s, long-running connector`);
    const pending = new Map<string, number>();
    const durations: number[] = [];
    const probes: Probe[] = [];
    const interval = 1000 / o.changeRate;
    const begin = performance.now();
    let next = 0;
    while (next < targets.length || pending.size > 0) {
      alive();
      const now = performance.now();
      while (next < targets.length && now >= begin + next * interval) {
        const user = targets[next];
        const object = user.object as UdmObject;
        object.title = `Scale change ${next + 1}`;
        pending.set(writer.write(user), performance.now());
        if (next % 100 === 0) {
          probes.push({ contextId: Number(object.oxContext), username: String(object.username), title: object.title });
        }
        next++;
      }
      for (const [file, at] of pending) {
        if (exists(queue, file)) continue;
        durations.push(performance.now() - at);
        pending.delete(file);
      }
      if (performance.now() - begin > (targets.length / o.changeRate) * 1000 + 600_000) {
        throw new Error(`${pending.size} changes still queued ten minutes after the last one arrived`);
      }
      await sleep(5);
    }
    return { durations, probes, peakRssKiB: rss.stop() };
  } finally {
    rss.stop();
    await service.stop();
  }
}

function exists(dir: string, name: string): boolean {
  try {
    statSync(join(dir, name));
    return true;
  } catch {
    return false;
  }
}

async function verifyChanges(
  webservicesUrl: string,
  dataDir: string,
  probes: Probe[],
): Promise<{ read: number; equal: number }> {
  const admins = JSON.parse(readFileSync(join(dataDir, 'secrets', 'contexts.json'), 'utf8')) as Record<
    string,
    { adminuser: string; adminpass: string }
  >;
  const client = new OxClient({
    baseUrl: webservicesUrl,
    credentials: {
      master: () => ({ login: MASTER_ADMIN, password: MASTER_PASSWORD }),
      contextAdmin: (id) => ({ login: admins[String(id)].adminuser, password: admins[String(id)].adminpass }),
    },
  });
  let equal = 0;
  try {
    for (const p of probes) {
      const found = await client.call('OXUserService', 'getData', {
        ctx: { id: p.contextId },
        user: { name: p.username },
      });
      if ((found as { title?: string } | undefined)?.title === p.title) equal++;
    }
  } finally {
    client.close();
  }
  return { read: probes.length, equal };
}

function firstCreatedAt(logFile: string, startedAt: number): number | undefined {
  // Only the head of the log: the first object comes early, and the whole log of a million users is large.
  const fd = openSync(logFile, 'r');
  const buffer = Buffer.alloc(4 * 1024 * 1024);
  let head: string;
  try {
    head = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
  const match = FIRST_CREATED.exec(head);
  return match ? Date.parse(match[1]) - startedAt : undefined;
}

function storeSize(dataDir: string): number {
  return ['ox-connector.db', 'ox-connector.db-wal', 'ox-connector.db-shm']
    .map((f) => {
      try {
        return statSync(join(dataDir, f)).size;
      } catch {
        return 0;
      }
    })
    .reduce((a, b) => a + b, 0);
}

function directoryBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) total += statSync(join(dir, name)).blocks * 512;
  return total;
}
