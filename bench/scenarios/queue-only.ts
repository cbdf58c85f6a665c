/**
 * Queue handling at scale (issue 6): N queued changes — a context, the access profiles and users,
 * as a listener resync of a large directory produces them — processed by one `run --once` against
 * an emulator without latency. Measures files per second and the connector's peak RSS (target
 * under 250 MB). Files are generated one by one, never all held in memory.
 */
import { rmSync } from 'node:fs';
import {
  DEFAULT_WORKLOAD_OPTIONS,
  DirectoryWorkload,
  QueueDirectoryWriter,
  SeededRandom,
  UserFactory,
} from '../workload/index.js';
import { freshDataDir, listenerDir } from '../lib/connector-env.js';
import { startEmulatorProcess } from '../lib/emulator-process.js';
import { runConnectorOnce, type OnceResult } from '../lib/connector-process.js';
import { totalCalls } from '../lib/stats.js';
import { fixed, mib, renderTable, seconds } from '../lib/table.js';
import { queuedFiles } from '../lib/wait.js';

export interface QueueOnlyOptions {
  files: number;
  seed: number;
  keep: boolean;
  logLevel?: string;
  log: (line: string) => void;
}

export interface QueueOnlyResult {
  files: number;
  writeMs: number;
  run: OnceResult;
  left: number;
}

const RSS_TARGET_MIB = 250;

export async function runQueueOnly(o: QueueOnlyOptions): Promise<QueueOnlyResult> {
  const options = { ...DEFAULT_WORKLOAD_OPTIONS, seed: o.seed };
  const emulator = await startEmulatorProcess(0);
  const dataDir = freshDataDir('queue');
  let ok = false;
  try {
    const writeStart = performance.now();
    const writer = new QueueDirectoryWriter(listenerDir(dataDir));
    const header = new DirectoryWorkload(options, {
      users: 0,
      groups: 0,
      membersPerGroup: 0,
      resources: 0,
      functionalAccounts: 0,
      membersPerFunctionalAccount: 0,
    }).initialLoad();
    for (const record of header.slice(0, o.files)) writer.write(record);
    const users = new UserFactory(new SeededRandom(o.seed + 1), options);
    while (writer.count < o.files) writer.write(users.create());
    const writeMs = performance.now() - writeStart;
    o.log(
      `queue-only: ${o.files} files written in ${(writeMs / 1000).toFixed(1)} s to ${dataDir}; emulator without latency`,
    );

    const run = await runConnectorOnce(
      {
        soapServer: emulator.soapServer,
        dataDir,
        contextId: options.contextId,
        mailDomain: options.mailDomain,
        logLevel: o.logLevel,
      },
      'queue-only',
    );
    const left = queuedFiles(dataDir);
    ok = run.exitCode === 0 && left === 0;
    if (!ok)
      o.log(`  ! the connector did not finish cleanly (exit ${run.exitCode}, ${left} left); output: ${run.logFile}`);
    return { files: o.files, writeMs, run, left };
  } finally {
    await emulator.stop();
    if (ok && !o.keep) rmSync(dataDir, { recursive: true, force: true });
    else o.log(`  data directory kept: ${dataDir}`);
  }
}

export function queueOnlyReport(r: QueueOnlyResult): string {
  const rssMiB = r.run.peakRssKiB / 1024;
  const calls = r.run.stats.calls.size > 0 ? fixed(totalCalls(r.run.stats.calls)) : 'n/a';
  return [
    `Queue handling: ${fixed(r.files)} queued changes (1 context, access profiles, users), emulator without latency`,
    '',
    renderTable(
      ['files', 'wall time', 'files/s', 'SOAP calls', 'peak RSS', 'result'],
      [
        [
          fixed(r.files),
          seconds(r.run.wallMs),
          fixed(r.files / (r.run.wallMs / 1000), 0),
          calls,
          mib(r.run.peakRssKiB),
          r.run.exitCode === 0 && r.left === 0 ? 'ok' : `exit ${r.run.exitCode}, ${r.left} left`,
        ],
      ],
    ),
    '',
    `Target: peak RSS under ${RSS_TARGET_MIB} MB: ${fixed(rssMiB, 0)} MB → ` +
      (r.run.peakRssKiB === 0 ? '?' : rssMiB < RSS_TARGET_MIB ? 'met' : 'MISSED'),
  ].join('\n');
}
