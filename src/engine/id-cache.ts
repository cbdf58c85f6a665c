// The OX id cache of provisioned users (the original's oxDbId; manual §4.4 and §6.5): rebuilt from OX in bulk —
// per context one listAll (ids only), then getMultipleData in chunks for the login names — with memory bounded
// by one context's name → id map (not the user objects), or forgotten so the next change looks users up by name.
import type { OxApi } from '../provisioning/ox-port.js';
import type { UserOxState } from '../provisioning/users/index.js';
import type { StateStore } from '../state/store.js';

export interface RebuildOptions {
  /** Only this context. */
  context?: number;
  /** Users per getMultipleData call. */
  chunkSize: number;
  onProgress?: (done: number, total: number, contextId: number) => void;
  onWarning?: (message: string) => void;
}

export interface RebuildReport {
  contexts: number;
  checked: number;
  updated: number;
  /** Provisioned users OX does not have (their id is forgotten; the next change creates them). */
  missing: number;
  skippedContexts: number[];
}

interface UserRow {
  rowid: number;
  object_id: string;
  ox_state: string | null;
}

/** Stored users page by page (1000 rows), so 100,000 users never sit in memory at once. */
function* userPages(store: StateStore): Generator<UserRow[]> {
  const page = store.db.prepare(
    'SELECT rowid, object_id, ox_state FROM objects WHERE udm_type = ? AND ox_state IS NOT NULL AND rowid > ? ORDER BY rowid LIMIT 1000',
  );
  let after = -1;
  for (;;) {
    const rows = page.all(USER_TYPE, after) as UserRow[];
    if (rows.length === 0) return;
    after = rows[rows.length - 1].rowid;
    yield rows;
  }
}

const USER_TYPE = 'users/user';

function contextOf(state: UserOxState | null): number | undefined {
  return state && typeof state.contextId === 'number' ? state.contextId : undefined;
}

/**
 * Forgets OX ids of users (all, or of one context), keeping context and login name: the next change of each
 * looks the user up by name, and `rebuild` can fill the ids in again.
 */
export function deleteUserIds(store: StateStore, context?: number): number {
  const update = store.db.prepare('UPDATE objects SET ox_state = ? WHERE object_id = ?');
  const drop = store.db.prepare("DELETE FROM ox_ids WHERE object_id = ? AND kind = 'user'");
  let n = 0;
  for (const rows of userPages(store)) {
    store.db.transaction(() => {
      for (const row of rows) {
        const state = JSON.parse(row.ox_state!) as UserOxState;
        if (context !== undefined && contextOf(state) !== context) continue;
        if (typeof state.oxId !== 'number') continue;
        update.run(JSON.stringify({ ...state, oxId: null }), row.object_id);
        drop.run(row.object_id);
        n++;
      }
    })();
  }
  return n;
}

export async function rebuildUserIds(store: StateStore, ox: OxApi, options: RebuildOptions): Promise<RebuildReport> {
  const report: RebuildReport = { contexts: 0, checked: 0, updated: 0, missing: 0, skippedContexts: [] };
  const contexts = new Set<number>();
  for (const rows of userPages(store)) {
    for (const row of rows) {
      const ctx = contextOf(JSON.parse(row.ox_state!) as UserOxState);
      if (ctx !== undefined && (options.context === undefined || ctx === options.context)) contexts.add(ctx);
    }
  }
  for (const contextId of [...contexts].sort((a, b) => a - b)) {
    let ids: number[];
    try {
      const listed = (await ox.call('OXUserService', 'listAll', { ctx: { id: contextId } })) as
        { id?: number }[] | null;
      ids = (listed ?? []).map((u) => u.id).filter((id): id is number => typeof id === 'number');
    } catch (err) {
      options.onWarning?.(`Context ${contextId}: cannot list its users (${(err as Error).message}); skipped.`);
      report.skippedContexts.push(contextId);
      continue;
    }
    report.contexts++;
    // name (lower case: OX logins are case-insensitive) → id; the only per-user memory kept.
    const byName = new Map<string, number>();
    for (let i = 0; i < ids.length; i += options.chunkSize) {
      const chunk = ids.slice(i, i + options.chunkSize).map((id) => ({ id }));
      const users = (await ox.call('OXUserService', 'getMultipleData', { ctx: { id: contextId }, users: chunk })) as {
        id?: number;
        name?: string;
      }[];
      for (const u of users ?? [])
        if (typeof u.name === 'string' && typeof u.id === 'number') byName.set(u.name.toLowerCase(), u.id);
      options.onProgress?.(Math.min(i + options.chunkSize, ids.length), ids.length, contextId);
    }
    ids = [];
    applyIds(store, contextId, byName, report);
  }
  return report;
}

function applyIds(store: StateStore, contextId: number, byName: Map<string, number>, report: RebuildReport): void {
  const setState = store.db.prepare('UPDATE objects SET ox_state = ? WHERE object_id = ?');
  const setId = store.db.prepare(
    "INSERT OR REPLACE INTO ox_ids (object_id, context_id, kind, ox_id, ox_name) VALUES (?, ?, 'user', ?, ?)",
  );
  const drop = store.db.prepare("DELETE FROM ox_ids WHERE object_id = ? AND kind = 'user'");
  for (const rows of userPages(store))
    store.db.transaction(() => {
      for (const row of rows) {
        const state = JSON.parse(row.ox_state!) as UserOxState;
        if (contextOf(state) !== contextId) continue;
        report.checked++;
        const id = byName.get(String(state.oxName).toLowerCase());
        if (id === undefined) {
          report.missing++;
          setState.run(null, row.object_id);
          drop.run(row.object_id);
        } else if (id !== state.oxId) {
          report.updated++;
          setState.run(JSON.stringify({ ...state, oxId: id }), row.object_id);
          setId.run(row.object_id, contextId, id, state.oxName);
        }
      }
    })();
}

/** manual's remove-from-ox-db-cache: forgets one object (state and ids); OX is not touched. */
export function forgetObject(store: StateStore, dn: string): { objectId: string; dn: string } | undefined {
  const obj = store.getObjectByDn(dn) ?? store.getObject(dn);
  if (!obj) return undefined;
  store.db.transaction(() => {
    store.db.prepare('DELETE FROM objects WHERE object_id = ?').run(obj.objectId);
    store.db.prepare('DELETE FROM ox_ids WHERE object_id = ?').run(obj.objectId);
  })();
  return { objectId: obj.objectId, dn: obj.dn };
}
