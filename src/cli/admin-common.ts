// Shared by the administrator commands: where the data directory is, and opening its store without needing
// the OX settings (status and the task commands must work even when OX settings are broken).
import { join } from 'node:path';
import { checkDataDirWritable, chooseDataDir } from '../config/data-dir.js';
import { TaskAdmin } from '../engine/task-admin.js';
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

/** Runs `f` with the task administration of the data directory, and closes its store afterwards. */
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

/** Prints JSON (--json) or text. */
export function emit(json: boolean, value: unknown, text: () => string): void {
  console.log(json ? JSON.stringify(value, null, 2) : text());
}
