// Users whose cached OX id was forgotten (`cache rebuild --delete`, decision 0095) keep their context and login
// name in their stored state. Groups that name them look them up in OX and put the id back here, so each such
// user costs one lookup, not one per group (decision 0207).
import type { StateDb } from './database.js';
import { statement } from './statements.js';

/** A provisioned OX user whose id is not cached: where to look it up. */
export interface ForgottenUserId {
  objectId: string;
  contextId: number;
  oxName: string;
}

/** Of these objects, the users whose stored state names a context and login but no OX id. */
export function forgottenUserIds(db: StateDb, objectIds: string[]): ForgottenUserId[] {
  if (objectIds.length === 0) return [];
  return statement(
    db,
    `SELECT o.object_id AS objectId, json_extract(o.ox_state, '$.contextId') AS contextId,
            json_extract(o.ox_state, '$.oxName') AS oxName
     FROM json_each(?) j JOIN objects o ON o.object_id = j.value
     WHERE o.udm_type = 'users/user' AND o.ox_state IS NOT NULL
       AND json_type(o.ox_state, '$.oxId') IS NOT 'integer'
       AND json_type(o.ox_state, '$.contextId') = 'integer' AND json_type(o.ox_state, '$.oxName') = 'text'`,
  ).all(JSON.stringify(objectIds)) as ForgottenUserId[];
}

/**
 * Puts a looked-up id back (as `cache rebuild` would), only while the row still lacks it in that context: a
 * change of the user committed meanwhile wins.
 */
export function restoreUserId(db: StateDb, user: ForgottenUserId, oxId: number): void {
  db.transaction(() => {
    const updated = statement(
      db,
      `UPDATE objects SET ox_state = json_set(ox_state, '$.oxId', ?)
       WHERE object_id = ? AND json_type(ox_state, '$.oxId') IS NOT 'integer'
         AND json_extract(ox_state, '$.contextId') = ?`,
    ).run(oxId, user.objectId, user.contextId);
    if (updated.changes === 0) return;
    statement(
      db,
      "INSERT OR REPLACE INTO ox_ids (object_id, context_id, kind, ox_id, ox_name) VALUES (?, ?, 'user', ?, ?)",
    ).run(user.objectId, user.contextId, oxId, user.oxName);
  })();
}

/** Of these OX user ids in a context, the ones some stored object owns. */
export function ownedUserIds(db: StateDb, contextId: number, oxIds: number[]): Set<number> {
  if (oxIds.length === 0) return new Set();
  const rows = statement(
    db,
    `SELECT DISTINCT x.ox_id AS oxId FROM json_each(?) j
     JOIN ox_ids x ON x.context_id = ? AND x.kind = 'user' AND x.ox_id = j.value`,
  ).all(JSON.stringify(oxIds), contextId) as { oxId: number }[];
  return new Set(rows.map((r) => r.oxId));
}
