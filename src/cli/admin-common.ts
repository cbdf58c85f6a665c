// Shared by the administrator commands: where the data directory is, and opening its store without needing
// the OX settings (status and the task commands must work even when OX settings are broken).
import { join } from 'node:path';
import { checkDataDirWritable, chooseDataDir } from '../config/data-dir.js';
import { acquireRunnerLock, RunnerLockedError } from '../engine/lock.js';
import { TaskAdmin } from '../admin/task-admin.js';
import { printableJson } from '../ops/log.js';
import { openStateDb, STATE_DB_FILE, type StateDb } from '../state/database.js';
import { PolicyStore } from '../state/policy-store.js';
import { StateStore } from '../state/store.js';

/** The --data-dir option of every command that reads the data directory: one text, one default. */
export const DATA_DIR_OPTION = [
  '--data-dir <dir>',
  'data directory (default: OX_CONNECTOR_DATA_DIR, else the UCS app path where it exists)',
] as const;

/** --data-dir, OX_CONNECTOR_DATA_DIR or, on a UCS host with the app, its directory; else a DataDirError. */
export function dataDirOf(option: string | undefined): string {
  return chooseDataDir(option).dir;
}

export interface AdminStores {
  db: StateDb;
  store: StateStore;
  policy: PolicyStore;
  close(): void;
}

export function openAdminStores(dataDir: string): AdminStores {
  checkDataDirWritable(dataDir, { create: false });
  // stderr: stdout carries the command's result (JSON for monitoring).
  const db = openStateDb(join(dataDir, STATE_DB_FILE), { notice: (m) => console.error(`ox-connector: ${m}`) });
  return { db, store: new StateStore(db), policy: new PolicyStore(db), close: () => db.close() };
}

/**
 * Takes the runner lock of the data directory for a command that changes the store (decision 0205) and returns
 * the release function: such a command must not run beside a runner, whose objects in flight were planned from
 * what the store held before. `command` names it ("ox-connector check-sync-status --resync") in the lock file and
 * in the refusal. While a runner (or another such command) holds the directory, it is refused with a message that
 * names the holder's PID and what to do. (The commands a runner carries out for them: cli/store-command-run.ts,
 * decision 0345.)
 * `create`: the command may start a new data directory (import-legacy), else a missing one is an error.
 */
export function takeStoreLock(dataDir: string, command: string, create = false): () => void {
  if (!create) checkDataDirWritable(dataDir, { create: false });
  try {
    return acquireRunnerLock(dataDir, undefined, command);
  } catch (err) {
    if (!(err instanceof RunnerLockedError)) throw err;
    throw new Error(refusal(dataDir, command, err));
  }
}

export function refusal(dataDir: string, command: string, err: RunnerLockedError): string {
  const holder = `${err.holderKind ?? 'ox-connector runner'} (PID ${err.holderPid ?? 'not known yet'})`;
  const runner = err.holderKind === undefined || err.holderKind === 'ox-connector runner';
  return runner
    ? `${command} changes the connector's store and is refused while the ${holder} processes ${dataDir}: stop the connector first (its service, e.g. systemctl stop ox-connector, or kill ${err.holderPid ?? '<PID>'}; it ends after the object in hand), run the command again, then start the connector. Read-only commands (status, tasks list/show, check-sync-status without --resync, reconcile --dry-run) work while it runs, and it carries out tasks retry/skip/reprovision and cache rebuild/remove itself.`
    : `${command} changes the connector's store and is refused while ${holder} works on ${dataDir}: wait until it has finished, then run the command again.`;
}

/**
 * Runs `f` with the task administration of the data directory, and closes its store afterwards. No lock: for
 * read-only commands (they work while the runner runs) and `tasks reprovision --trigger`.
 */
export async function withTaskAdmin<T>(
  dataDirOption: string | undefined,
  f: (admin: TaskAdmin) => T | Promise<T>,
): Promise<T> {
  const dataDir = dataDirOf(dataDirOption);
  const stores = openAdminStores(dataDir);
  try {
    return await f(new TaskAdmin(dataDir, stores.store, stores.policy));
  } finally {
    stores.close();
  }
}

/** Prints JSON (--json) or text; JSON without raw control characters (the text's maker escapes its fields). */
export function emit(json: boolean, value: unknown, text: () => string): void {
  console.log(json ? printableJson(value, 2) : text());
}
