/**
 * Change-to-OX latency on an idle system (issue 6 target: < 300 ms). The long-running
 * `ox-connector run` watches the queue; we drop one change file at a time (written and renamed into
 * place as the UCS converter does) and poll OX over SOAP until the change is visible there. Between
 * changes the system idles, so each sample measures noticing + provisioning, not queueing.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { OxClient } from '../../src/ox/index.js';
import {
  DEFAULT_WORKLOAD_OPTIONS,
  DirectoryWorkload,
  QueueDirectoryWriter,
  type UdmObject,
} from '../workload/index.js';
import { freshDataDir, listenerDir, MASTER_ADMIN, MASTER_PASSWORD } from '../lib/connector-env.js';
import { startMeasuredEmulator } from '../lib/emulator-warm-up.js';
import { startConnectorService } from '../lib/connector-process.js';
import { percentile } from '../lib/percentiles.js';
import { fixed, renderTable } from '../lib/table.js';
import { sleep, waitFor } from '../lib/wait.js';

export interface LatencyOptions {
  samples: number;
  latencyMs: number;
  seed: number;
  keep: boolean;
  logLevel?: string;
  log: (line: string) => void;
}

export interface LatencySample {
  /** File renamed into the queue → the change first seen in OX by a getData poll. */
  reachedOxMs: number;
  /** File renamed into the queue → the file removed by the connector (committed). */
  consumedMs: number;
}

export interface LatencyResult {
  latencyMs: number;
  samples: LatencySample[];
}

const IDLE_BETWEEN_SAMPLES_MS = 300;

export async function runLatency(o: LatencyOptions): Promise<LatencyResult> {
  const workload = new DirectoryWorkload(
    { ...DEFAULT_WORKLOAD_OPTIONS, seed: o.seed },
    {
      users: Math.max(1, o.samples),
      groups: 0,
      membersPerGroup: 0,
      resources: 0,
      functionalAccounts: 0,
      membersPerFunctionalAccount: 0,
    },
  );
  const emulator = await startMeasuredEmulator(o.latencyMs, o.log);
  const dataDir = freshDataDir('latency');
  const contextId = DEFAULT_WORKLOAD_OPTIONS.contextId;
  const service = startConnectorService(
    {
      soapServer: emulator.soapServer,
      dataDir,
      contextId,
      mailDomain: DEFAULT_WORKLOAD_OPTIONS.mailDomain,
      logLevel: o.logLevel,
    },
    'latency-service',
  );
  const alive = () => {
    const code = service.exited();
    if (code !== undefined) throw new Error(`ox-connector run exited (code ${code}); see ${service.logFile}`);
  };
  let client: OxClient | undefined;
  let ok = false;
  try {
    o.log(
      `latency: emulator ${emulator.webservicesUrl} (${o.latencyMs} ms), long-running connector pid ${service.pid}`,
    );
    const writer = new QueueDirectoryWriter(listenerDir(dataDir));
    // Wait for the context and the users only: types the connector does not handle (yet) stay queued.
    const awaited: string[] = [];
    for (const record of workload.initialLoad()) {
      const name = writer.write(record);
      if (record.udm_object_type === 'users/user' || record.udm_object_type === 'oxmail/oxcontext') awaited.push(name);
    }
    const consumed = (name: string) => !existsSync(join(listenerDir(dataDir), name));
    await waitFor(() => (alive(), awaited.every(consumed)), 'provisioning the latency test users', 120_000, 20);

    client = new OxClient({
      baseUrl: emulator.webservicesUrl,
      credentials: {
        master: () => ({ login: MASTER_ADMIN, password: MASTER_PASSWORD }),
        contextAdmin: (id) => contextAdmin(dataDir, id),
      },
    });
    const samples: LatencySample[] = [];
    for (let i = 0; i < o.samples; i++) {
      await sleep(IDLE_BETWEEN_SAMPLES_MS);
      const user = workload.users[i % workload.users.length];
      const object = user.object as UdmObject;
      const title = `Latency probe ${i + 1}`;
      object.title = title;

      const start = performance.now();
      const file = writer.write(user);
      let consumedMs: number | undefined;
      let reachedOxMs: number | undefined;
      const fileGone = () => consumed(file);
      while (reachedOxMs === undefined || consumedMs === undefined) {
        alive();
        if (performance.now() - start > 10_000)
          throw new Error(`change ${i + 1} (${file}) did not reach OX within 10 s`);
        if (reachedOxMs === undefined) {
          const found = await client.call('OXUserService', 'getData', {
            ctx: { id: contextId },
            user: { name: String(object.username) },
          });
          if ((found as { title?: string } | undefined)?.title === title) reachedOxMs = performance.now() - start;
        } else {
          await sleep(1);
        }
        if (consumedMs === undefined && fileGone()) consumedMs = performance.now() - start;
      }
      samples.push({ reachedOxMs, consumedMs });
    }
    ok = true;
    return { latencyMs: o.latencyMs, samples };
  } finally {
    client?.close();
    await service.stop();
    await emulator.stop();
    if (ok && !o.keep) rmSync(dataDir, { recursive: true, force: true });
    else o.log(`  data directory kept: ${dataDir}`);
  }
}

/** The context admin the connector wrote to `secrets/contexts.json` when it created the context. */
function contextAdmin(dataDir: string, contextId: number): { login: string; password: string } {
  const file = join(dataDir, 'secrets', 'contexts.json');
  const entry = JSON.parse(readFileSync(file, 'utf8'))[String(contextId)];
  if (!entry?.adminuser) throw new Error(`${file} has no entry for context ${contextId}`);
  return { login: entry.adminuser, password: entry.adminpass };
}

export function latencyReport(r: LatencyResult): string {
  const row = (name: string, values: number[]) => [
    name,
    fixed(percentile(values, 50), 0),
    fixed(percentile(values, 95), 0),
    fixed(Math.max(...values), 0),
  ];
  const reached = r.samples.map((s) => s.reachedOxMs);
  const consumed = r.samples.map((s) => s.consumedMs);
  const p95 = percentile(reached, 95);
  return [
    `Change-to-OX latency, long-running \`ox-connector run\`, idle system, ${r.samples.length} changes, ` +
      `emulator latency ${r.latencyMs} ms (OX polled over SOAP, so "in OX" is accurate to about one call)`,
    '',
    renderTable(
      ['measured from file in queue to', 'p50 ms', 'p95 ms', 'max ms'],
      [row('change visible in OX', reached), row('queue file removed', consumed)],
    ),
    '',
    `Target: a change reaches OX within 300 ms: p95 ${fixed(p95, 0)} ms → ${p95 < 300 ? 'met' : 'MISSED'}`,
  ].join('\n');
}
