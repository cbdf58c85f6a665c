// Tables of the error policy and the administrator toolbox (migration 200-error-policy): objects held back
// behind a parked object, full re-provisioning requests, and the audit trail of administrator actions.
// The parked table itself belongs to store.ts (migration 001); retry/skip change it here with plain SQL so the
// engine's StateStore stays the only writer of provisioned state.
import type { StateDb } from './database.js';
import { statement } from './statements.js';

export interface HeldRow {
  objectId: string;
  udmType: string;
  dn: string;
  blockedBy: string;
  reason: string;
  since: string;
}

export interface TaskEvent {
  id: number;
  at: string;
  action: string;
  objectId: string | null;
  dn: string | null;
  detail: string;
}

export class PolicyStore {
  constructor(readonly db: StateDb) {}

  // --- held dependants ---

  /** Replaces the whole set of held objects (after a complete pass, the set is exactly what that pass held). */
  replaceHeld(rows: Omit<HeldRow, 'since'>[]): void {
    const now = new Date().toISOString();
    const keep = new Map(this.allHeld().map((r) => [r.objectId, r.since]));
    const insert = statement(
      this.db,
      'INSERT OR REPLACE INTO held (object_id, udm_type, dn, blocked_by, reason, since) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      statement(this.db, 'DELETE FROM held').run();
      for (const r of rows) insert.run(r.objectId, r.udmType, r.dn, r.blockedBy, r.reason, keep.get(r.objectId) ?? now);
    })();
  }

  /** Adds held objects without forgetting others (a pass that stopped early saw only part of the queue). */
  addHeld(rows: Omit<HeldRow, 'since'>[]): void {
    const now = new Date().toISOString();
    const insert = statement(
      this.db,
      `INSERT INTO held (object_id, udm_type, dn, blocked_by, reason, since) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(object_id) DO UPDATE SET blocked_by = excluded.blocked_by, reason = excluded.reason, dn = excluded.dn`,
    );
    this.db.transaction(() => {
      for (const r of rows) insert.run(r.objectId, r.udmType, r.dn, r.blockedBy, r.reason, now);
    })();
  }

  unhold(objectId: string): void {
    statement(this.db, 'DELETE FROM held WHERE object_id = ?').run(objectId);
  }

  allHeld(): HeldRow[] {
    return (statement(this.db, 'SELECT * FROM held ORDER BY since, object_id').all() as Record<string, string>[]).map(
      (r) => ({
        objectId: r.object_id,
        udmType: r.udm_type,
        dn: r.dn,
        blockedBy: r.blocked_by,
        reason: r.reason,
        since: r.since,
      }),
    );
  }

  // --- full re-provisioning requests ---

  requestResync(objectId: string, reason: string): void {
    statement(this.db, 'INSERT OR REPLACE INTO resync_requests (object_id, requested_at, reason) VALUES (?, ?, ?)').run(
      objectId,
      new Date().toISOString(),
      reason,
    );
  }

  resyncRequested(objectId: string): boolean {
    return statement(this.db, 'SELECT 1 FROM resync_requests WHERE object_id = ?').get(objectId) !== undefined;
  }

  resyncDone(objectId: string): void {
    statement(this.db, 'DELETE FROM resync_requests WHERE object_id = ?').run(objectId);
  }

  // --- parked objects: administrator actions ---

  /** Makes a parked object due now (keeps its attempt count); false when it was not parked. */
  retryNow(objectId: string): boolean {
    const r = statement(this.db, 'UPDATE parked SET next_retry_at = ? WHERE object_id = ?').run(
      new Date(0).toISOString(),
      objectId,
    );
    return r.changes > 0;
  }

  /** Makes every parked object due now; returns how many. */
  retryAllNow(): number {
    return statement(this.db, 'UPDATE parked SET next_retry_at = ?').run(new Date(0).toISOString()).changes;
  }

  /** Forgets that an object is parked (after its queue files were discarded). */
  unpark(objectId: string): void {
    statement(this.db, 'DELETE FROM parked WHERE object_id = ?').run(objectId);
    statement(this.db, 'DELETE FROM held WHERE object_id = ? OR blocked_by = ?').run(objectId, objectId);
  }

  /** The failing file was discarded: the health record no longer has anything to report about it. */
  clearHealthIfAbout(files: string[]): void {
    const row = statement(this.db, "SELECT value FROM health WHERE key = 'filename'").get() as
      { value: string } | undefined;
    if (!row || !files.includes(row.value)) return;
    this.db.transaction(() => {
      statement(this.db, "INSERT OR REPLACE INTO health (key, value) VALUES ('errors', '0')").run();
      statement(this.db, "DELETE FROM health WHERE key IN ('message', 'filename')").run();
    })();
  }

  // --- audit trail ---

  recordEvent(action: string, objectId: string | null, dn: string | null, detail: string): void {
    statement(this.db, 'INSERT INTO task_events (at, action, object_id, dn, detail) VALUES (?, ?, ?, ?, ?)').run(
      new Date().toISOString(),
      action,
      objectId,
      dn,
      detail,
    );
  }

  events(limit = 100): TaskEvent[] {
    return (
      statement(this.db, 'SELECT * FROM task_events ORDER BY id DESC LIMIT ?').all(limit) as Record<string, unknown>[]
    ).map((r) => ({
      id: r.id as number,
      at: r.at as string,
      action: r.action as string,
      objectId: (r.object_id as string | null) ?? null,
      dn: (r.dn as string | null) ?? null,
      detail: r.detail as string,
    }));
  }
}
