// Opens the connector's SQLite state store (<data dir>/ox-connector.db) and applies the schema migrations.
// Every module that keeps state registers its tables in migrations.ts, so one file shows the whole schema.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from './migrations.js';
import { createPrivateFile, restrictToOwner } from './private-files.js';

export type StateDb = Database.Database;

export const STATE_DB_FILE = 'ox-connector.db';

export interface OpenStateDbOptions {
  /** Told once when files of an existing store could be read by others and were made private. */
  notice?: (message: string) => void;
}

/**
 * Opens / commits a transaction that spans several calls (import-legacy writes 1,000 objects per transaction);
 * use db.transaction() where the work fits one function.
 */
export function beginBatch(db: StateDb): void {
  db.exec('BEGIN');
}

export function commitBatch(db: StateDb): void {
  db.exec('COMMIT');
}

export function openStateDb(path: string, options: OpenStateDbOptions = {}): StateDb {
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true });
    // Users' {crypt} password hashes are in the store and its -wal (decision 0225). The file is created 0600
    // before SQLite opens it, because SQLite gives -wal and -shm the database file's mode.
    createPrivateFile(path);
    const { changed, failed } = restrictToOwner([path, `${path}-wal`, `${path}-shm`]);
    if (changed.length > 0)
      options.notice?.(
        `The state store holds users' password hashes but other users could read it; made ${changed.join(', ')} readable by its owner only (mode 0600)`,
      );
    for (const { path: file, code } of failed)
      options.notice?.(
        `The state store file ${file} holds users' password hashes and other users can read it, but this process may not change its mode (${code}); run chmod 600 ${file} as its owner`,
      );
  }
  const db = new Database(path);
  // WAL: readers (status, task CLI) never block the runner; NORMAL sync is durable across process crashes in WAL mode.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  applyMigrations(db);
  return db;
}

function applyMigrations(db: StateDb): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set(
    db
      .prepare('SELECT id FROM schema_migrations')
      .all()
      .map((row) => (row as { id: string }).id),
  );
  for (const migration of migrations) {
    if (applied.has(migration.id)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(
        migration.id,
        new Date().toISOString(),
      );
    })();
  }
}
