// The LDAP source's memory (ldap_* tables, migration 040): entries by UUID with their hash, member references,
// former DNs, the sync cookie and the queue files staged but not yet renamed into place (decision 0046). Used by
// sources/ldap/processor.ts, which runs them inside its own transactions.
import type { StateDb } from './database.js';

/** The compiled statements on the ldap_* tables, once per processor. */
export function ldapSourceStatements(db: StateDb) {
  return {
    cursor: db.prepare('SELECT source_key, cookie FROM ldap_sync_cursor WHERE id = 1'),
    saveCursor: db.prepare(
      `INSERT INTO ldap_sync_cursor (id, source_key, cookie, updated_at) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET source_key = excluded.source_key, cookie = excluded.cookie, updated_at = excluded.updated_at`,
    ),
    byUuid: db.prepare('SELECT * FROM ldap_entries WHERE entry_uuid = ?'),
    byDn: db.prepare('SELECT * FROM ldap_entries WHERE dn_norm = ?'),
    byUsername: db.prepare("SELECT * FROM ldap_entries WHERE username = ? AND udm_type = 'users/user'"),
    alias: db.prepare(
      'SELECT e.* FROM ldap_dn_aliases a JOIN ldap_entries e ON e.entry_uuid = a.entry_uuid WHERE a.dn_norm = ?',
    ),
    allUuids: db.prepare('SELECT entry_uuid FROM ldap_entries'),
    groupsOf: db.prepare(
      `SELECT e.dn FROM ldap_member_refs r JOIN ldap_entries e ON e.entry_uuid = r.entry_uuid
       WHERE r.ref = ? AND e.udm_type = 'groups/group' ORDER BY e.dn`,
    ),
    referencing: db.prepare('SELECT DISTINCT entry_uuid FROM ldap_member_refs WHERE ref = ?'),
    upsert: db.prepare(
      `INSERT INTO ldap_entries (entry_uuid, dn, dn_norm, udm_type, username, object_hash, raw_entry, updated_at)
       VALUES (@entry_uuid, @dn, @dn_norm, @udm_type, @username, @object_hash, @raw_entry, @updated_at)
       ON CONFLICT (entry_uuid) DO UPDATE SET dn = excluded.dn, dn_norm = excluded.dn_norm, udm_type = excluded.udm_type,
         username = excluded.username, object_hash = excluded.object_hash, raw_entry = excluded.raw_entry,
         updated_at = excluded.updated_at`,
    ),
    remove: db.prepare('DELETE FROM ldap_entries WHERE entry_uuid = ?'),
    removeRefs: db.prepare('DELETE FROM ldap_member_refs WHERE entry_uuid = ?'),
    addRef: db.prepare('INSERT OR IGNORE INTO ldap_member_refs (entry_uuid, ref) VALUES (?, ?)'),
    removeAliases: db.prepare('DELETE FROM ldap_dn_aliases WHERE entry_uuid = ? OR dn_norm = ?'),
    addAlias: db.prepare('INSERT OR REPLACE INTO ldap_dn_aliases (dn_norm, entry_uuid) VALUES (?, ?)'),
    pending: db.prepare('SELECT tmp, final FROM ldap_pending_files ORDER BY final'),
    addPending: db.prepare('INSERT OR REPLACE INTO ldap_pending_files (tmp, final) VALUES (?, ?)'),
    removePending: db.prepare('DELETE FROM ldap_pending_files WHERE tmp = ?'),
    clearPending: db.prepare('DELETE FROM ldap_pending_files'),
  };
}
