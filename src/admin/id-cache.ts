// The OX id cache of provisioned users (the original's oxDbId; manual §4.4 and §6.5): rebuilt from OX in bulk —
// per context the users a page at a time (list with length/offset; getMultipleData only for entries without a
// name) — with memory bounded by one context's name → id map (not the user objects), or forgotten so the next
// change looks users up by name.
import type { OxApi } from '../provisioning/ox-port.js';
import type { UserOxState } from '../provisioning/users/index.js';
import type { StateStore } from '../state/store.js';
import { forgetStoredObject, forgetUserId, inTransaction, setUserId, storedUserPages } from '../state/user-id-cache.js';

export interface RebuildOptions {
  /** Only this context. */
  context?: number;
  /** Users per page (list) and per getMultipleData call. */
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

function contextOf(state: UserOxState | null): number | undefined {
  return state && typeof state.contextId === 'number' ? state.contextId : undefined;
}

/**
 * Forgets OX ids of users (all, or of one context), keeping context and login name: the next change of each
 * looks the user up by name, and `rebuild` can fill the ids in again.
 */
export function deleteUserIds(store: StateStore, context?: number): number {
  let n = 0;
  for (const rows of storedUserPages(store.db)) {
    inTransaction(store.db, () => {
      for (const row of rows) {
        const state = JSON.parse(row.oxState) as UserOxState;
        if (context !== undefined && contextOf(state) !== context) continue;
        if (typeof state.oxId !== 'number') continue;
        forgetUserId(store.db, row.objectId, JSON.stringify({ ...state, oxId: null }));
        n++;
      }
    });
  }
  return n;
}

export async function rebuildUserIds(store: StateStore, ox: OxApi, options: RebuildOptions): Promise<RebuildReport> {
  const report: RebuildReport = { contexts: 0, checked: 0, updated: 0, missing: 0, skippedContexts: [] };
  // context → number of stored users there (the progress bar's expected total).
  const contexts = new Map<number, number>();
  for (const rows of storedUserPages(store.db)) {
    for (const row of rows) {
      const ctx = contextOf(JSON.parse(row.oxState) as UserOxState);
      if (ctx !== undefined && (options.context === undefined || ctx === options.context))
        contexts.set(ctx, (contexts.get(ctx) ?? 0) + 1);
    }
  }
  for (const [contextId, expected] of [...contexts].sort((a, b) => a[0] - b[0])) {
    let byName: Map<string, number>;
    try {
      byName = await namesToIds(ox, contextId, expected, options);
    } catch (err) {
      options.onWarning?.(`Context ${contextId}: cannot list its users (${(err as Error).message}); skipped.`);
      report.skippedContexts.push(contextId);
      continue;
    }
    report.contexts++;
    applyIds(store, contextId, byName, report);
  }
  return report;
}

type OxUser = { id?: number; name?: string };

/**
 * login name (lower case: OX logins are case-insensitive) → id for one context; the only per-user memory kept.
 * Users are read a page at a time with `list("*", length, offset)` (decision 0142): `listAll` returns every
 * user's full data in one response, which for 100,000 users is hundreds of MB of XML. Entries without a name
 * (an OX that answers with ids only) are completed with getMultipleData for that page. An OX that ignores the
 * paging answers everything at once; that is detected and not asked again.
 */
async function namesToIds(
  ox: OxApi,
  contextId: number,
  expected: number,
  options: RebuildOptions,
): Promise<Map<string, number>> {
  const byName = new Map<string, number>();
  const ctx = { id: contextId };
  let total = 0;
  for (let offset = 0; ; offset += options.chunkSize) {
    let page =
      ((await ox.call('OXUserService', 'list', {
        ctx,
        search_pattern: '*',
        length: options.chunkSize,
        offset,
      })) as OxUser[] | null) ?? [];
    const unnamed = page.filter((u) => typeof u.name !== 'string' && typeof u.id === 'number');
    if (unnamed.length > 0) {
      const named: OxUser[] = page.filter((u) => typeof u.name === 'string');
      for (let i = 0; i < unnamed.length; i += options.chunkSize) {
        const chunk = unnamed.slice(i, i + options.chunkSize).map((u) => ({ id: u.id }));
        named.push(...(((await ox.call('OXUserService', 'getMultipleData', { ctx, users: chunk })) as OxUser[]) ?? []));
      }
      page = named;
    }
    for (const u of page)
      if (typeof u.name === 'string' && typeof u.id === 'number') byName.set(u.name.toLowerCase(), u.id);
    total += page.length;
    const last = page.length !== options.chunkSize; // a short page (or an OX that does not page: all at once)
    options.onProgress?.(total, last ? total : Math.max(expected, total + 1), contextId);
    if (last) break;
  }
  return byName;
}

function applyIds(store: StateStore, contextId: number, byName: Map<string, number>, report: RebuildReport): void {
  for (const rows of storedUserPages(store.db))
    inTransaction(store.db, () => {
      for (const row of rows) {
        const state = JSON.parse(row.oxState) as UserOxState;
        if (contextOf(state) !== contextId) continue;
        report.checked++;
        const id = byName.get(String(state.oxName).toLowerCase());
        if (id === undefined) {
          report.missing++;
          forgetUserId(store.db, row.objectId, null);
        } else if (id !== state.oxId) {
          report.updated++;
          setUserId(store.db, row.objectId, JSON.stringify({ ...state, oxId: id }), {
            contextId,
            oxId: id,
            oxName: state.oxName,
          });
        }
      }
    });
}

/** manual's remove-from-ox-db-cache: forgets one object (state and ids); OX is not touched. */
export function forgetObject(store: StateStore, dn: string): { objectId: string; dn: string } | undefined {
  const obj = store.getObjectByDn(dn) ?? store.getObject(dn);
  if (!obj) return undefined;
  forgetStoredObject(store.db, obj.objectId);
  return { objectId: obj.objectId, dn: obj.dn };
}
