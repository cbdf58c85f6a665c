// The rows behind the administrator's OX id cache of users (`cache rebuild`, `cache remove`; admin/id-cache.ts):
// stored users a page at a time, and the writes that forget or set a user's cached OX id.
import type { StateDb } from './database.js';
import { statement } from './statements.js';

/** A provisioned user as stored: its object id and its OX state (JSON text, never null here). */
export interface StoredUserState {
  objectId: string;
  oxState: string;
}

const USER_TYPE = 'users/user';
const PAGE_SIZE = 1000;

/** Stored users with an OX state, page by page (1000 rows), so 100,000 users never sit in memory at once. */
export function* storedUserPages(db: StateDb): Generator<StoredUserState[]> {
  const page = statement(
    db,
    `SELECT rowid, object_id AS objectId, ox_state AS oxState FROM objects
     WHERE udm_type = ? AND ox_state IS NOT NULL AND rowid > ? ORDER BY rowid LIMIT ${PAGE_SIZE}`,
  );
  let after = -1;
  for (;;) {
    const rows = page.all(USER_TYPE, after) as (StoredUserState & { rowid: number })[];
    if (rows.length === 0) return;
    after = rows[rows.length - 1].rowid;
    yield rows.map(({ objectId, oxState }) => ({ objectId, oxState }));
  }
}

/** Runs fn in one transaction (one page of cache writes). */
export function inTransaction(db: StateDb, fn: () => void): void {
  db.transaction(fn)();
}

/** Replaces a user's stored OX state (null: not provisioned) and drops its cached OX user ids. */
export function forgetUserId(db: StateDb, objectId: string, oxState: string | null): void {
  statement(db, 'UPDATE objects SET ox_state = ? WHERE object_id = ?').run(oxState, objectId);
  statement(db, "DELETE FROM ox_ids WHERE object_id = ? AND kind = 'user'").run(objectId);
}

/** Replaces a user's stored OX state and caches its OX id in that context. */
export function setUserId(
  db: StateDb,
  objectId: string,
  oxState: string,
  user: { contextId: number; oxId: number; oxName: string },
): void {
  statement(db, 'UPDATE objects SET ox_state = ? WHERE object_id = ?').run(oxState, objectId);
  statement(
    db,
    "INSERT OR REPLACE INTO ox_ids (object_id, context_id, kind, ox_id, ox_name) VALUES (?, ?, 'user', ?, ?)",
  ).run(objectId, user.contextId, user.oxId, user.oxName);
}

/** Forgets one object's stored state and OX ids in one transaction; OX is not touched. */
export function forgetStoredObject(db: StateDb, objectId: string): void {
  db.transaction(() => {
    statement(db, 'DELETE FROM objects WHERE object_id = ?').run(objectId);
    statement(db, 'DELETE FROM ox_ids WHERE object_id = ?').run(objectId);
  })();
}
