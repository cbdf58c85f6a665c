// Shared by the administrator commands: where the data directory is, and opening its store without needing
// the OX settings (status and the task commands must work even when OX settings are broken).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_DATA_DIR } from '../config/settings.js';
import { TaskAdmin } from '../engine/task-admin.js';
import { printableJson } from '../ops/log.js';
import { openStateDb, STATE_DB_FILE, type StateDb } from '../state/database.js';
import { PolicyStore } from '../state/policy-store.js';
import { StateStore } from '../state/store.js';

/** The --data-dir option of every command that reads the data directory: one text, one default. */
export const DATA_DIR_OPTION = [
  '--data-dir <dir>',
  'data directory (default: OX_CONNECTOR_DATA_DIR or the UCS app path)',
] as const;

export function dataDirOf(option: string | undefined): string {
  const env = process.env.OX_CONNECTOR_DATA_DIR?.trim();
  return option ?? (env ? env : DEFAULT_DATA_DIR);
}

export interface AdminStores {
  db: StateDb;
  store: StateStore;
  policy: PolicyStore;
  close(): void;
}

export function openAdminStores(dataDir: string): AdminStores {
  if (!existsSync(dataDir)) {
    throw new Error(`The data directory ${dataDir} does not exist; pass --data-dir or set OX_CONNECTOR_DATA_DIR.`);
  }
  const db = openStateDb(join(dataDir, STATE_DB_FILE));
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

/** Prints JSON (--json) or text; JSON without raw control characters (the text's maker escapes its fields). */
export function emit(json: boolean, value: unknown, text: () => string): void {
  console.log(json ? printableJson(value, 2) : text());
}
