/**
 * Warms a freshly started emulator before it is measured against (decision 0197). A production OX is a
 * long-running server whose code has long been compiled; a fresh emulator process answers its first
 * thousand calls late while V8 compiles its handlers, which the physical limit ("OX answers after the
 * latency") does not allow for. So before a measured run the benchmark provisions a small load of its own
 * through the connector, into a context of its own with a mail domain of its own, so that the measured
 * context, its calls and its figures are untouched. `--cold-emulator` turns this off.
 */
import { rmSync } from 'node:fs';
import {
  DEFAULT_WORKLOAD_OPTIONS,
  DirectoryWorkload,
  QueueDirectoryWriter,
  type DirectorySize,
} from '../workload/index.js';
import { freshDataDir, listenerDir } from './connector-env.js';
import { runConnectorOnce } from './connector-process.js';
import { startEmulatorProcess, type EmulatorProcess } from './emulator-process.js';
import { queuedFiles } from './wait.js';

/** Far from the measured workload's context 10 and its domain, so no name or id can meet. */
export const WARM_UP_CONTEXT_ID = 99;
export const WARM_UP_MAIL_DOMAIN = 'warm-up.example.org';

/** 543 objects of every kind the initial load has: enough for V8 to compile the emulator's hot handlers. */
export const WARM_UP_SIZE: DirectorySize = {
  users: 500,
  groups: 20,
  membersPerGroup: 50,
  resources: 10,
  functionalAccounts: 5,
  membersPerFunctionalAccount: 3,
};

const WARM_UP_SEED = 99;

let warmUpOn = true;

/** Whether emulators started by `startMeasuredEmulator` are warmed first (off with `--cold-emulator`). */
export function warmUpEmulators(on: boolean): void {
  warmUpOn = on;
}

export interface WarmUp {
  objects: number;
  wallMs: number;
}

/** Provisions the warm-up load through the connector (default concurrency); throws when it did not all land. */
export async function warmUpEmulator(emulator: EmulatorProcess, size: DirectorySize = WARM_UP_SIZE): Promise<WarmUp> {
  const workload = new DirectoryWorkload(
    { ...DEFAULT_WORKLOAD_OPTIONS, seed: WARM_UP_SEED, mailDomain: WARM_UP_MAIL_DOMAIN, contextId: WARM_UP_CONTEXT_ID },
    size,
  );
  const dataDir = freshDataDir('warm-up');
  const objects = new QueueDirectoryWriter(listenerDir(dataDir)).writeAll(workload.initialLoad());
  const settings = {
    soapServer: emulator.soapServer,
    dataDir,
    contextId: WARM_UP_CONTEXT_ID,
    mailDomain: WARM_UP_MAIL_DOMAIN,
  };
  const run = await runConnectorOnce(settings, 'warm-up');
  const left = queuedFiles(dataDir);
  if (run.exitCode !== 0 || left > 0) {
    throw new Error(
      `Warming up the emulator failed (exit ${run.exitCode}, ${left} of ${objects} files left); see ${run.logFile}. ` +
        'Run with --cold-emulator to measure without the warm-up.',
    );
  }
  rmSync(dataDir, { recursive: true, force: true });
  return { objects, wallMs: run.wallMs };
}

/**
 * An emulator to measure against: started, and warmed unless `--cold-emulator` turned that off. With a fault rate
 * the warm-up meets the faults too (the connector retries them), and uses up the same share of the seeded sequence
 * in every run.
 */
export async function startMeasuredEmulator(
  latencyMs: number,
  log: (line: string) => void,
  faultRate = 0,
): Promise<EmulatorProcess> {
  const emulator = await startEmulatorProcess(latencyMs, faultRate > 0 ? ['--fault-rate', String(faultRate)] : []);
  if (!warmUpOn) return emulator;
  try {
    const warm = await warmUpEmulator(emulator);
    log(
      `  emulator warmed up: ${warm.objects} objects in context ${WARM_UP_CONTEXT_ID} in ${(warm.wallMs / 1000).toFixed(2)} s`,
    );
  } catch (error) {
    await emulator.stop();
    throw error;
  }
  return emulator;
}
