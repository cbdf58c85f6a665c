// References between objects (migration 100-member-refs): which groups, functional accounts and grantors name
// which DNs, former DNs of renamed objects, and the deputy permissions granted per grantor. Member resolution
// for a group of any size is one query (decision 0071).
import { normalizeDn } from '../model/dn.js';
import type { StateDb } from './database.js';
import { statement } from './statements.js';

/** A DN that names a stored object (directly or through a former DN), with the object's OX user id if any. */
export interface ResolvedRef {
  objectId: string;
  udmType: string;
  /** The object's current DN. */
  dn: string;
  /** Set when the object is a provisioned OX user. */
  contextId?: number;
  oxId?: number;
  oxName?: string | null;
}

function norms(dns: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const dn of dns) {
    const n = normalizeDn(dn);
    if (n) out.add(n);
  }
  return [...out];
}

/**
 * Called inside commitChange: remembers the former DN of a renamed object; a DN in use is no alias.
 * previousDnNorm: the object's stored DN (normalised), undefined for a new object; the caller read the row already.
 */
export function noteDnChange(
  db: StateDb,
  objectId: string,
  newDnNorm: string,
  previousDnNorm: string | undefined,
): void {
  if (previousDnNorm === newDnNorm) return; // Unchanged: the alias was removed when it took this DN.
  if (previousDnNorm !== undefined) {
    statement(db, 'INSERT OR REPLACE INTO dn_aliases (dn_norm, object_id) VALUES (?, ?)').run(previousDnNorm, objectId);
  }
  statement(db, 'DELETE FROM dn_aliases WHERE dn_norm = ?').run(newDnNorm);
}

/** A former DN of an object (import-legacy's old.db); a DN already kept as an alias stays. Returns 1 if added. */
export function addDnAlias(db: StateDb, dnNorm: string, objectId: string): number {
  return statement(db, 'INSERT OR IGNORE INTO dn_aliases (dn_norm, object_id) VALUES (?, ?)').run(dnNorm, objectId)
    .changes;
}

/** Called inside commitChange when an object is forgotten. */
export function forgetReferences(db: StateDb, objectId: string): void {
  statement(db, 'DELETE FROM member_refs WHERE owner_id = ?').run(objectId);
  statement(db, 'DELETE FROM dn_aliases WHERE object_id = ?').run(objectId);
  statement(db, 'DELETE FROM deputy_grants WHERE grantor_id = ?').run(objectId);
}

/**
 * Replaces the DNs an object names (inside commitChange). Writes nothing when they are the stored ones: a
 * re-delivered group must not cost a write per member.
 */
export function replaceMemberRefs(db: StateDb, ownerId: string, dns: string[]): void {
  const wanted = norms(dns);
  const current = statement(db, 'SELECT ref_dn_norm FROM member_refs WHERE owner_id = ?').all(ownerId) as {
    ref_dn_norm: string;
  }[];
  if (current.length === wanted.length) {
    const have = new Set(current.map((r) => r.ref_dn_norm));
    if (wanted.every((dn) => have.has(dn))) return;
  }
  statement(db, 'DELETE FROM member_refs WHERE owner_id = ?').run(ownerId);
  if (wanted.length === 0) return;
  statement(db, 'INSERT OR IGNORE INTO member_refs (owner_id, ref_dn_norm) SELECT ?, value FROM json_each(?)').run(
    ownerId,
    JSON.stringify(wanted),
  );
}

/** Objects (groups, accounts, grantors) that name any of these DNs. */
export function referrersOf(db: StateDb, dns: Iterable<string>): string[] {
  const wanted = norms(dns);
  if (wanted.length === 0) return [];
  const rows = statement(
    db,
    'SELECT DISTINCT r.owner_id AS ownerId FROM json_each(?) j JOIN member_refs r ON r.ref_dn_norm = j.value',
  ).all(JSON.stringify(wanted)) as { ownerId: string }[];
  return rows.map((r) => r.ownerId);
}

/**
 * Resolves DNs to stored objects in one query: by current DN, else by a former DN (a member renamed before the
 * group naming it was updated). Keyed by normalised DN; unknown DNs are absent.
 */
export function resolveRefs(db: StateDb, dns: Iterable<string>): Map<string, ResolvedRef> {
  const wanted = norms(dns);
  const result = new Map<string, ResolvedRef>();
  if (wanted.length === 0) return result;
  const rows = statement(
    db,
    `WITH wanted(dn_norm) AS (SELECT value FROM json_each(?)),
       hits(ref, object_id) AS (
         SELECT w.dn_norm, o.object_id FROM wanted w JOIN objects o ON o.dn_norm = w.dn_norm
         UNION ALL
         SELECT w.dn_norm, a.object_id FROM wanted w JOIN dn_aliases a ON a.dn_norm = w.dn_norm
           WHERE NOT EXISTS (SELECT 1 FROM objects o2 WHERE o2.dn_norm = w.dn_norm)
       )
       SELECT h.ref AS ref, o.object_id AS objectId, o.udm_type AS udmType, o.dn AS dn,
              x.context_id AS contextId, x.ox_id AS oxId, x.ox_name AS oxName
       FROM hits h JOIN objects o ON o.object_id = h.object_id
       LEFT JOIN ox_ids x ON x.object_id = o.object_id AND x.kind = 'user'`,
  ).all(JSON.stringify(wanted)) as (ResolvedRef & { ref: string; contextId: number | null; oxId: number | null })[];
  for (const row of rows) {
    const { ref, ...rest } = row;
    result.set(ref, {
      objectId: rest.objectId,
      udmType: rest.udmType,
      dn: rest.dn,
      ...(rest.contextId !== null && rest.oxId !== null
        ? { contextId: rest.contextId, oxId: rest.oxId, oxName: rest.oxName }
        : {}),
    });
  }
  return result;
}

/** Users whose oxAccess names this access profile. */
export function usersWithProfile(db: StateDb, profile: string): string[] {
  const rows = statement(
    db,
    `SELECT object_id AS objectId FROM objects WHERE udm_type = 'users/user'
         AND (json_extract(attrs, '$.oxAccess') = ? OR json_extract(attrs, '$.oxAccess[0]') = ?)`,
  ).all(profile, profile) as { objectId: string }[];
  return rows.map((r) => r.objectId);
}

// --- deputy permissions granted per grantor ---

export interface DeputyGrant {
  deputyOxId: number;
  /** OX's id of the grant (for revoke/update); null when OX stored nothing (all permissions 00000). */
  deputyId: string | null;
  mail: string;
  calendar: string;
  sendOnBehalfOf: boolean;
}

export interface DeputyGrantsRow {
  grantorId: string;
  contextId: number;
  oxUserId: number;
  grants: DeputyGrant[];
  blocked: boolean;
}

export function getDeputyGrants(db: StateDb, grantorId: string): DeputyGrantsRow | undefined {
  const r = statement(db, 'SELECT * FROM deputy_grants WHERE grantor_id = ?').get(grantorId) as
    Record<string, unknown> | undefined;
  if (!r) return undefined;
  return {
    grantorId,
    contextId: r.context_id as number,
    oxUserId: r.ox_user_id as number,
    grants: JSON.parse(r.grants as string) as DeputyGrant[],
    blocked: r.blocked === 1,
  };
}

/** Written right after OX confirmed the grants, so the row always says what OX holds. */
export function putDeputyGrants(db: StateDb, row: DeputyGrantsRow): void {
  statement(
    db,
    `INSERT OR REPLACE INTO deputy_grants (grantor_id, context_id, ox_user_id, grants, blocked, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(
    row.grantorId,
    row.contextId,
    row.oxUserId,
    JSON.stringify(row.grants),
    row.blocked ? 1 : 0,
    new Date().toISOString(),
  );
}

export function deleteDeputyGrants(db: StateDb, grantorId: string): void {
  statement(db, 'DELETE FROM deputy_grants WHERE grantor_id = ?').run(grantorId);
}
