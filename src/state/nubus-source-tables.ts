// The Nubus source's memory (nubus_staged_messages, migration 315): which Provisioning API messages were staged, so a
// redelivery is acknowledged without a second queue file, and which staged files still wait to be renamed into
// place. Used by sources/nubus/stager.ts inside its own transactions (decision 0315).
import type { StateDb } from './database.js';

/** Rows kept for recognising redeliveries; the API only ever hands out its oldest unacknowledged message again. */
export const KEPT_STAGED_MESSAGES = 1000;

export interface StagedMessageRow {
  tmp: string | null;
  final: string | null;
  published: number;
}

export function nubusSourceStatements(db: StateDb) {
  return {
    find: db.prepare(
      'SELECT tmp, final, published FROM nubus_staged_messages WHERE subscription = ? AND sequence_number = ? AND digest = ?',
    ),
    insert: db.prepare(
      `INSERT INTO nubus_staged_messages (subscription, sequence_number, digest, tmp, final, published, staged_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    markPublished: db.prepare('UPDATE nubus_staged_messages SET published = 1 WHERE tmp = ?'),
    unpublished: db.prepare(
      'SELECT tmp, final FROM nubus_staged_messages WHERE published = 0 AND tmp IS NOT NULL ORDER BY final',
    ),
    /** The LDAP source's staged files too: both sources may have shared a data directory; neither removes the other's. */
    allPendingTmp: db.prepare(
      `SELECT tmp, final FROM nubus_staged_messages WHERE published = 0 AND tmp IS NOT NULL
       UNION SELECT tmp, final FROM ldap_pending_files`,
    ),
    prune: db.prepare(
      `DELETE FROM nubus_staged_messages WHERE published = 1 AND rowid <= (SELECT MAX(rowid) FROM nubus_staged_messages) - ${KEPT_STAGED_MESSAGES}`,
    ),
  };
}
