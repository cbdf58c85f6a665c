/**
 * The throughput benchmark (issue 6): the same generated workload — initial load, one-attribute
 * changes, no-op re-deliveries — provisioned through `ox-connector run --once --stats` against a
 * fresh emulator with a fixed latency, once per concurrency setting, each with a fresh data directory.
 */
import { rmSync } from 'node:fs';
import {
  DEFAULT_WORKLOAD_OPTIONS,
  DirectoryWorkload,
  QueueDirectoryWriter,
  type DirectorySize,
  type QueueRecord,
} from '../workload/index.js';
import { freshDataDir, listenerDir, type ConnectorSettings } from '../lib/connector-env.js';
import type { EmulatorProcess } from '../lib/emulator-process.js';
import { startMeasuredEmulator } from '../lib/emulator-warm-up.js';
import { runConnectorOnce, type OnceResult } from '../lib/connector-process.js';
import { queuedFiles } from '../lib/wait.js';

/** The run on an empty queue that measures the fixed cost of starting the connector. */
export const STARTUP_PHASE = 'start-up (empty queue)';

export interface Phase {
  name: string;
  records: QueueRecord[];
}

export interface WorkloadSpec {
  seed: number;
  size: DirectorySize;
  changes: number;
  noops: number;
}

export interface ThroughputOptions {
  latencyMs: number;
  /** Concurrency settings to run; `undefined` = the connector's default (no variable set). */
  concurrencies: Array<number | undefined>;
  logLevel?: string;
  keep: boolean;
  log: (line: string) => void;
  /** Called after each phase (the start-up run too), while its data directory, its log and the emulator exist. */
  onPhase?: (result: PhaseResult, emulator: EmulatorProcess) => void;
}

export interface PhaseResult {
  phase: string;
  /** What was set (undefined = default). */
  concurrencySetting: number | undefined;
  objects: number;
  objectsByType: Map<string, number>;
  run: OnceResult;
  /** Queue files still there after the run. */
  left: number;
}

export function buildPhases(o: WorkloadSpec): Phase[] {
  const workload = new DirectoryWorkload({ ...DEFAULT_WORKLOAD_OPTIONS, seed: o.seed }, o.size);
  return [
    { name: 'initial load', records: workload.initialLoad() },
    { name: '1-attribute changes', records: workload.attributeChanges(o.changes) },
    { name: 'no-op re-deliveries', records: workload.redeliveries(o.noops) },
  ];
}

function countByType(records: QueueRecord[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of records) out.set(r.udm_object_type, (out.get(r.udm_object_type) ?? 0) + 1);
  return out;
}

/**
 * The connector settings for the generated workload (its context and mail domain) against `soapServer`, in a fresh
 * data directory: every scenario that provisions the workload starts from these.
 */
export function workloadSettings(
  soapServer: string,
  label: string,
  concurrency: number | undefined,
  logLevel: string | undefined,
): ConnectorSettings {
  return {
    soapServer,
    dataDir: freshDataDir(label),
    contextId: DEFAULT_WORKLOAD_OPTIONS.contextId,
    mailDomain: DEFAULT_WORKLOAD_OPTIONS.mailDomain,
    concurrency,
    logLevel,
  };
}

export async function runThroughput(o: ThroughputOptions, phases: Phase[]): Promise<PhaseResult[]> {
  const results: PhaseResult[] = [];
  for (const concurrency of o.concurrencies) {
    const label = concurrency === undefined ? 'default' : `c${concurrency}`;
    const emulator = await startMeasuredEmulator(o.latencyMs, o.log);
    const settings = workloadSettings(emulator.soapServer, label, concurrency, o.logLevel);
    const { dataDir } = settings;
    o.log(`concurrency ${concurrency ?? 'default'}: emulator ${emulator.webservicesUrl}, data ${dataDir}`);
    let failed = false;
    try {
      const writer = new QueueDirectoryWriter(listenerDir(dataDir));
      // Process start, settings, store and client set-up: part of every wall time below, shown apart.
      const startup = await runConnectorOnce(settings, '0-empty-queue');
      const startupResult: PhaseResult = {
        phase: STARTUP_PHASE,
        concurrencySetting: concurrency,
        objects: 0,
        objectsByType: new Map(),
        run: startup,
        left: 0,
      };
      results.push(startupResult);
      o.onPhase?.(startupResult, emulator);
      for (const [index, phase] of phases.entries()) {
        writer.writeAll(phase.records);
        const run = await runConnectorOnce(settings, `${index + 1}-${phase.name.replace(/\W+/g, '-')}`);
        const left = queuedFiles(dataDir);
        const result: PhaseResult = {
          phase: phase.name,
          concurrencySetting: concurrency,
          objects: phase.records.length,
          objectsByType: countByType(phase.records),
          run,
          left,
        };
        results.push(result);
        o.onPhase?.(result, emulator);
        o.log(
          `  ${phase.name}: ${phase.records.length} files in ${(run.wallMs / 1000).toFixed(2)} s, exit ${run.exitCode}, ` +
            `${left} left in the queue`,
        );
        if (run.exitCode !== 0 || left > 0) {
          failed = true;
          o.log(`  ! not everything was provisioned (exit ${run.exitCode}, ${left} files left); see ${run.logFile}`);
        }
      }
    } finally {
      await emulator.stop();
      if (!o.keep && !failed) rmSync(dataDir, { recursive: true, force: true });
      else o.log(`  data directory kept: ${dataDir}`);
    }
  }
  return results;
}
