// Typed access to the provisioning tables (migration 001-provisioning). All writes of one provisioned change
// go through commitChange(), one SQLite transaction, called only after OX confirmed the change.
import type { StateDb } from './database.js';
import { normalizeDn } from '../model/dn.js';
import { OxOwnership } from './ownership.js';
import { forgetReferences, noteDnChange, replaceMemberRefs } from './references.js';
import { statement } from './statements.js';
import type { UdmAttributes } from '../model/values.js';

export interface StoredObject {
  objectId: string;
  udmType: string;
  dn: string;
  attrs: UdmAttributes;
  /** Per-type record of what OX holds (e.g. a user's context, last sent fields, module access). */
  oxState: Record<string, unknown> | null;
}

export interface OxIdRow {
  objectId: string;
  contextId: number;
  kind: string;
  oxId: number;
  oxName: string | null;
}

export interface ParkedRow {
  objectId: string;
  udmType: string;
  dn: string;
  source: string;
  error: string;
  transient: boolean;
  attempts: number;
  firstFailedAt: string;
  lastFailedAt: string;
  nextRetryAt: string;
}

/**
 * The next retry time of an object parked for a permanent failure outside strict mode: no timed retry. Only a later
 * change of the object, `tasks retry` or `run --once` tries it again (issue 14 item 7, decision 0217).
 */
export const NO_AUTOMATIC_RETRY = '9999-12-31T23:59:59.999Z';

/** What one provisioned change does to the store. */
export interface StoreChange {
  /** New last-provisioned state; null = forget the object (deleted). */
  object: StoredObject | null;
  objectId: string;
  /** Replace all OX id rows of this object with these (omit to leave them untouched). */
  oxIds?: Omit<OxIdRow, 'objectId'>[];
  /** Remove OX id rows of other objects that OX no longer has (e.g. a group deleted because it became empty). */
  forgetOxIds?: { contextId: number; kind: string; oxId: number }[];
  /** Replace the DNs this object names (group members, account users, deputies); omit to leave them. */
  memberRefs?: string[];
  /** Runs right after the transaction committed (e.g. re-planning objects that name this one). */
  afterCommit?: () => void;
}

interface ObjectRow {
  object_id: string;
  udm_type: string;
  dn: string;
  attrs: string;
  ox_state: string | null;
}

function toStored(row: ObjectRow): StoredObject {
  return {
    objectId: row.object_id,
    udmType: row.udm_type,
    dn: row.dn,
    attrs: JSON.parse(row.attrs) as UdmAttributes,
    oxState: row.ox_state === null ? null : (JSON.parse(row.ox_state) as Record<string, unknown>),
  };
}

export class StateStore {
  private readonly stmts;
  /** Which object owns an OX object, stored or being claimed in this process (decision 0200). */
  readonly ownership: OxOwnership;

  constructor(readonly db: StateDb) {
    this.ownership = new OxOwnership(db);
    this.stmts = {
      getObject: db.prepare('SELECT * FROM objects WHERE object_id = ?'),
      storedRow: db.prepare('SELECT udm_type, dn, dn_norm, attrs, ox_state FROM objects WHERE object_id = ?'),
      getByDn: db.prepare('SELECT * FROM objects WHERE dn_norm = ? ORDER BY updated_at DESC LIMIT 1'),
      upsertObject: db.prepare(
        `INSERT INTO objects (object_id, udm_type, dn, dn_norm, attrs, ox_state, updated_at)
         VALUES (@objectId, @udmType, @dn, @dnNorm, @attrs, @oxState, @now)
         ON CONFLICT(object_id) DO UPDATE SET udm_type = excluded.udm_type, dn = excluded.dn,
           dn_norm = excluded.dn_norm, attrs = excluded.attrs, ox_state = excluded.ox_state, updated_at = excluded.updated_at`,
      ),
      deleteObject: db.prepare('DELETE FROM objects WHERE object_id = ?'),
      oxIdsOf: db.prepare('SELECT * FROM ox_ids WHERE object_id = ? ORDER BY context_id'),
      deleteOxIdsOf: db.prepare('DELETE FROM ox_ids WHERE object_id = ?'),
      insertOxId: db.prepare(
        'INSERT OR REPLACE INTO ox_ids (object_id, context_id, kind, ox_id, ox_name) VALUES (?, ?, ?, ?, ?)',
      ),
      forgetOxId: db.prepare('DELETE FROM ox_ids WHERE context_id = ? AND kind = ? AND ox_id = ?'),
      oxIdByOx: db.prepare('SELECT * FROM ox_ids WHERE context_id = ? AND kind = ? AND ox_id = ?'),
      getHealth: db.prepare('SELECT key, value FROM health'),
      setHealth: db.prepare('INSERT OR REPLACE INTO health (key, value) VALUES (?, ?)'),
      deleteHealth: db.prepare('DELETE FROM health WHERE key = ?'),
      getParked: db.prepare('SELECT * FROM parked WHERE object_id = ?'),
      allParked: db.prepare('SELECT * FROM parked ORDER BY first_failed_at'),
      upsertParked: db.prepare(
        `INSERT INTO parked (object_id, udm_type, dn, source, error, transient, attempts, first_failed_at, last_failed_at, next_retry_at)
         VALUES (@objectId, @udmType, @dn, @source, @error, @transient, 1, @now, @now, @nextRetryAt)
         ON CONFLICT(object_id) DO UPDATE SET udm_type = excluded.udm_type, dn = excluded.dn, source = excluded.source,
           error = excluded.error, transient = excluded.transient, attempts = parked.attempts + 1,
           last_failed_at = excluded.last_failed_at, next_retry_at = excluded.next_retry_at`,
      ),
      deleteParked: db.prepare('DELETE FROM parked WHERE object_id = ?'),
      deleteParkedMany: db.prepare('DELETE FROM parked WHERE object_id IN (SELECT value FROM json_each(?))'),
    };
  }

  getObject(objectId: string): StoredObject | undefined {
    const row = this.stmts.getObject.get(objectId) as ObjectRow | undefined;
    return row ? toStored(row) : undefined;
  }

  /** Case- and spacing-insensitive DN lookup (docs/reference/original-connector.md). */
  getObjectByDn(dn: string): StoredObject | undefined {
    const norm = normalizeDn(dn);
    if (!norm) return undefined;
    const row = this.stmts.getByDn.get(norm) as ObjectRow | undefined;
    return row ? toStored(row) : undefined;
  }

  /**
   * OX ids of the objects with these DNs in one context, in one query (groups map member DNs to OX user ids
   * with this). Unknown DNs or objects without an id in that context are simply absent from the result.
   */
  oxIdsByDns(dns: string[], contextId: number, kind: string): Map<string, OxIdRow & { dnNorm: string }> {
    const norms = [...new Set(dns.map((dn) => normalizeDn(dn)).filter((n): n is string => !!n))];
    const result = new Map<string, OxIdRow & { dnNorm: string }>();
    if (norms.length === 0) return result;
    const rows = statement(
      this.db,
      `SELECT o.dn_norm AS dnNorm, x.object_id AS objectId, x.context_id AS contextId, x.kind AS kind,
                x.ox_id AS oxId, x.ox_name AS oxName
         FROM json_each(?) j JOIN objects o ON o.dn_norm = j.value
         JOIN ox_ids x ON x.object_id = o.object_id AND x.context_id = ? AND x.kind = ?`,
    ).all(JSON.stringify(norms), contextId, kind) as (OxIdRow & { dnNorm: string })[];
    for (const row of rows) result.set(row.dnNorm, row);
    return result;
  }

  /** Objects (with their stored state) for a list of DNs, in one query; keyed by normalised DN. */
  objectsByDns(dns: string[]): Map<string, StoredObject> {
    const norms = [...new Set(dns.map((dn) => normalizeDn(dn)).filter((n): n is string => !!n))];
    const result = new Map<string, StoredObject>();
    if (norms.length === 0) return result;
    const rows = statement(this.db, 'SELECT o.* FROM json_each(?) j JOIN objects o ON o.dn_norm = j.value').all(
      JSON.stringify(norms),
    ) as (ObjectRow & { dn_norm: string })[];
    for (const row of rows) result.set(row.dn_norm, toStored(row));
    return result;
  }

  /**
   * Id, type and one top-level attribute of the objects with these DNs, in one query and without reading their
   * whole stored state (a user asks this for every group it names). Keyed by normalised DN.
   */
  attributeByDns(dns: string[], attribute: string): Map<string, { objectId: string; udmType: string; value: unknown }> {
    const norms = [...new Set(dns.map((dn) => normalizeDn(dn)).filter((n): n is string => !!n))];
    const result = new Map<string, { objectId: string; udmType: string; value: unknown }>();
    if (norms.length === 0) return result;
    const rows = statement(
      this.db,
      `SELECT o.dn_norm AS dnNorm, o.object_id AS objectId, o.udm_type AS udmType,
              o.attrs -> ('$.' || json_quote(?)) AS value
       FROM json_each(?) j JOIN objects o ON o.dn_norm = j.value`,
    ).all(attribute, JSON.stringify(norms)) as {
      dnNorm: string;
      objectId: string;
      udmType: string;
      value: string | null;
    }[];
    for (const row of rows) {
      // `->` answers with the value's JSON text (so true stays true, not 1), or NULL when the attribute is absent.
      const value: unknown = row.value === null ? undefined : JSON.parse(row.value);
      result.set(row.dnNorm, { objectId: row.objectId, udmType: row.udmType, value });
    }
    return result;
  }

  oxIdsOf(objectId: string): OxIdRow[] {
    return (this.stmts.oxIdsOf.all(objectId) as Record<string, unknown>[]).map((r) => ({
      objectId: r.object_id as string,
      contextId: r.context_id as number,
      kind: r.kind as string,
      oxId: r.ox_id as number,
      oxName: (r.ox_name as string | null) ?? null,
    }));
  }

  /** Every stored object's id (optionally of one type), in the order they were first stored. */
  objectIds(udmType?: string): string[] {
    const rows = udmType
      ? statement(this.db, 'SELECT object_id FROM objects WHERE udm_type = ? ORDER BY rowid').all(udmType)
      : statement(this.db, 'SELECT object_id FROM objects ORDER BY rowid').all();
    return (rows as { object_id: string }[]).map((r) => r.object_id);
  }

  /** Which object owns an OX id in a context (e.g. the group OX reports for a user). */
  objectIdForOxId(contextId: number, kind: string, oxId: number): string | undefined {
    const row = this.stmts.oxIdByOx.get(contextId, kind, oxId) as { object_id: string } | undefined;
    return row?.object_id;
  }

  commitChange(change: StoreChange): void {
    this.commitChanges([change]);
    change.afterCommit?.();
  }

  /**
   * Several changes OX has confirmed, in one transaction (group commit, decision 0161): each object's rows, its
   * parked entry gone, and the health record once for all. Rows whose content is already stored are not
   * written, so a re-delivery that changes nothing costs reads only. afterCommit hooks are the caller's: they
   * must run after this returns. All or nothing: on an error nothing of the batch is stored.
   */
  commitChanges(changes: readonly StoreChange[]): void {
    if (changes.length === 0) return;
    const now = new Date().toISOString();
    this.db.transaction(() => {
      for (const change of changes) this.writeChange(change, now);
      this.stmts.deleteParkedMany.run(JSON.stringify(changes.map((c) => c.objectId)));
      const last = changes[changes.length - 1];
      this.noteSuccess(now, last.object?.dn ?? last.objectId);
    })();
    for (const change of changes) this.ownership.settled(change.objectId);
  }

  /** The original's health keys after a success: no error; plus when and what succeeded last. Only what differs. */
  private noteSuccess(now: string, what: string): void {
    const health = this.health();
    if (health.errors !== '0') this.stmts.setHealth.run('errors', '0');
    if (health.message !== undefined) this.stmts.deleteHealth.run('message');
    if (health.filename !== undefined) this.stmts.deleteHealth.run('filename');
    this.stmts.setHealth.run('last_success_at', now);
    if (health.last_success_object !== what) this.stmts.setHealth.run('last_success_object', what);
  }

  /**
   * Records a state that was provisioned elsewhere (import-legacy): the same rows as commitChange, but the health
   * record and parked objects are left alone, because nothing was provisioned now. Returns false (and writes
   * nothing) when the object is already in the store, so an import can run twice.
   */
  importState(change: StoreChange): boolean {
    let written = false;
    this.db.transaction(() => {
      if (this.stmts.getObject.get(change.objectId)) return;
      this.writeChange(change, new Date().toISOString());
      written = true;
    })();
    return written;
  }

  private writeChange(change: StoreChange, now: string): void {
    if (change.object === null) {
      this.stmts.deleteObject.run(change.objectId);
      this.stmts.deleteOxIdsOf.run(change.objectId);
      forgetReferences(this.db, change.objectId);
    } else {
      const o = change.object;
      const row = this.stmts.storedRow.get(o.objectId) as
        (Omit<ObjectRow, 'object_id'> & { dn_norm: string }) | undefined;
      const dnNorm = normalizeDn(o.dn) ?? o.dn;
      noteDnChange(this.db, o.objectId, dnNorm, row?.dn_norm);
      const attrs = JSON.stringify(o.attrs);
      const oxState = o.oxState === null ? null : JSON.stringify(o.oxState);
      // Compared as stored text: what a re-delivery produces is serialised exactly like what was stored.
      const same =
        row !== undefined &&
        row.udm_type === o.udmType &&
        row.dn === o.dn &&
        row.dn_norm === dnNorm &&
        row.attrs === attrs &&
        row.ox_state === oxState;
      if (!same) {
        this.stmts.upsertObject.run({
          objectId: o.objectId,
          udmType: o.udmType,
          dn: o.dn,
          dnNorm,
          attrs,
          oxState,
          now,
        });
      }
      // A new object's id rows are written without reading first (nothing to compare with in the usual case).
      if (change.oxIds && (row === undefined || !this.sameOxIds(o.objectId, change.oxIds))) {
        this.stmts.deleteOxIdsOf.run(o.objectId);
        for (const r of change.oxIds) this.stmts.insertOxId.run(o.objectId, r.contextId, r.kind, r.oxId, r.oxName);
      }
    }
    if (change.memberRefs && change.object !== null) replaceMemberRefs(this.db, change.objectId, change.memberRefs);
    for (const f of change.forgetOxIds ?? []) this.stmts.forgetOxId.run(f.contextId, f.kind, f.oxId);
  }

  private sameOxIds(objectId: string, wanted: Omit<OxIdRow, 'objectId'>[]): boolean {
    const current = this.oxIdsOf(objectId);
    if (current.length !== wanted.length) return false;
    const byContext = new Map(current.map((r) => [r.contextId, r]));
    return wanted.every((w) => {
      const c = byContext.get(w.contextId);
      return c !== undefined && c.kind === w.kind && c.oxId === w.oxId && c.oxName === (w.oxName ?? null);
    });
  }

  // --- health (the original's meta.db: errors / message / filename) ---

  health(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const row of this.stmts.getHealth.all() as { key: string; value: string }[]) out[row.key] = row.value;
    return out;
  }

  /** Records a failure; returns the consecutive error count. */
  recordFailure(filename: string, message: string): number {
    let count = 0;
    this.db.transaction(() => {
      const current = Number(this.health().errors ?? '0');
      count = (Number.isFinite(current) ? current : 0) + 1;
      this.stmts.setHealth.run('errors', String(count));
      this.stmts.setHealth.run('filename', filename);
      this.stmts.setHealth.run('message', message);
    })();
    return count;
  }

  // --- parked objects ---

  park(row: {
    objectId: string;
    udmType: string;
    dn: string;
    source: string;
    error: string;
    transient: boolean;
    nextRetryAt: Date;
  }): ParkedRow {
    this.stmts.upsertParked.run({
      ...row,
      transient: row.transient ? 1 : 0,
      now: new Date().toISOString(),
      nextRetryAt: row.nextRetryAt.toISOString(),
    });
    return this.getParked(row.objectId)!;
  }

  getParked(objectId: string): ParkedRow | undefined {
    const r = this.stmts.getParked.get(objectId) as Record<string, unknown> | undefined;
    return r ? toParked(r) : undefined;
  }

  allParked(): ParkedRow[] {
    return (this.stmts.allParked.all() as Record<string, unknown>[]).map(toParked);
  }

  unpark(objectId: string): void {
    this.stmts.deleteParked.run(objectId);
  }
}

function toParked(r: Record<string, unknown>): ParkedRow {
  return {
    objectId: r.object_id as string,
    udmType: r.udm_type as string,
    dn: r.dn as string,
    source: r.source as string,
    error: r.error as string,
    transient: r.transient === 1,
    attempts: r.attempts as number,
    firstFailedAt: r.first_failed_at as string,
    lastFailedAt: r.last_failed_at as string,
    nextRetryAt: r.next_retry_at as string,
  };
}
