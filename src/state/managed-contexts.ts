// What reconciliation asks the store about OX: which contexts the connector manages (it recorded an OX object
// there) and which stored object owns which OX object in one context. Read-only.
import type { StateDb } from './database.js';
import { statement } from './statements.js';

/** Context ids the connector has provisioned something in (a context, a user, a group, …), ascending. */
export function managedContextIds(db: StateDb): number[] {
  const rows = statement(db, 'SELECT DISTINCT context_id FROM ox_ids ORDER BY context_id').all() as {
    context_id: number;
  }[];
  return rows.map((r) => r.context_id);
}

export interface OwnedOxObject {
  objectId: string;
  kind: string;
  oxId: number;
  dn: string | null;
}

/** Every OX object the store records in one context, with its owner's DN; keyed by `kind:oxId`. */
export function ownedOxObjects(db: StateDb, contextId: number): Map<string, OwnedOxObject> {
  const rows = statement(
    db,
    `SELECT x.object_id AS objectId, x.kind AS kind, x.ox_id AS oxId, o.dn AS dn
       FROM ox_ids x LEFT JOIN objects o ON o.object_id = x.object_id WHERE x.context_id = ?`,
  ).all(contextId) as OwnedOxObject[];
  return new Map(rows.map((r) => [`${r.kind}:${r.oxId}`, r]));
}
