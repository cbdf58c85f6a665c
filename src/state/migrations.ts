// The state store's schema, as an append-only list of migrations. Never edit an applied migration: add a new one.
// Ids are "<NNN>-<what>"; they are applied in list order and recorded in schema_migrations.
export interface Migration {
  id: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    // Provisioning engine (issue 3): last provisioned state per object, OX ids per (object, context),
    // health (the original's meta.db keys), parked objects.
    id: '001-provisioning',
    sql: `
      CREATE TABLE objects (
        object_id   TEXT PRIMARY KEY,          -- entryUUID
        udm_type    TEXT NOT NULL,
        dn          TEXT NOT NULL,
        dn_norm     TEXT NOT NULL,             -- normalised DN (model/dn.ts): the DN index key
        attrs       TEXT NOT NULL,             -- JSON: UDM properties as last provisioned
        ox_state    TEXT,                      -- JSON: what OX holds for it as far as we know (per object type)
        updated_at  TEXT NOT NULL
      );
      CREATE INDEX objects_dn_norm ON objects (dn_norm);
      CREATE INDEX objects_type ON objects (udm_type);
      CREATE TABLE ox_ids (
        object_id   TEXT NOT NULL,
        context_id  INTEGER NOT NULL,
        kind        TEXT NOT NULL,             -- user | group | resource | ...
        ox_id       INTEGER NOT NULL,
        ox_name     TEXT,
        PRIMARY KEY (object_id, context_id)
      );
      CREATE INDEX ox_ids_context ON ox_ids (context_id, kind, ox_id);
      CREATE TABLE health (
        key   TEXT PRIMARY KEY,                -- errors | message | filename | last_success_at | ...
        value TEXT NOT NULL
      );
      CREATE TABLE parked (
        object_id       TEXT PRIMARY KEY,
        udm_type        TEXT NOT NULL,
        dn              TEXT NOT NULL,
        source          TEXT NOT NULL,         -- queue file that failed
        error           TEXT NOT NULL,
        transient       INTEGER NOT NULL DEFAULT 0,
        attempts        INTEGER NOT NULL DEFAULT 1,
        first_failed_at TEXT NOT NULL,
        last_failed_at  TEXT NOT NULL,
        next_retry_at   TEXT NOT NULL
      );
    `,
  },
  {
    // sources/ldap: the syncrepl cookie and what the LDAP source has emitted per entryUUID (present-phase
    // diffs, duplicate suppression, rename detection, member DN resolution). Decision 0044.
    id: '040-ldap-sync',
    sql: `
      CREATE TABLE ldap_sync_cursor (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        source_key  TEXT NOT NULL,             -- URI + base + filter: a different source invalidates the cookie
        cookie      BLOB,
        updated_at  TEXT NOT NULL
      );
      CREATE TABLE ldap_entries (
        entry_uuid  TEXT PRIMARY KEY,
        dn          TEXT NOT NULL,
        dn_norm     TEXT NOT NULL,
        udm_type    TEXT NOT NULL,
        username    TEXT,                      -- users only: memberUid resolution
        object_hash TEXT NOT NULL,             -- hash of the last emitted record (without derived keys)
        raw_entry   TEXT,                      -- groups and functional accounts: LDAP entry JSON, to rebuild on member moves
        updated_at  TEXT NOT NULL
      );
      CREATE INDEX ldap_entries_dn_norm ON ldap_entries (dn_norm);
      CREATE INDEX ldap_entries_username ON ldap_entries (username);
      CREATE TABLE ldap_member_refs (
        entry_uuid  TEXT NOT NULL,             -- the group or functional account
        ref         TEXT NOT NULL,             -- 'dn:<normalised member DN>' or 'uid:<memberUid>'
        PRIMARY KEY (entry_uuid, ref)
      );
      CREATE INDEX ldap_member_refs_ref ON ldap_member_refs (ref);
      CREATE TABLE ldap_dn_aliases (
        dn_norm     TEXT PRIMARY KEY,          -- a former DN of a renamed entry
        entry_uuid  TEXT NOT NULL
      );
    `,
  },
  {
    // Issue 4 (groups, functional accounts, deputies): which objects name which DNs (member_refs, so a user
    // that is created, moved, renamed or deleted re-plans the groups/accounts/grantors naming it), former DNs
    // of renamed objects (dn_aliases, so a member renamed before its group is updated keeps its membership),
    // and the deputy permissions granted per grantor (deputy_grants). Decisions 0070-0075.
    id: '100-member-refs',
    sql: `
      CREATE TABLE member_refs (
        owner_id     TEXT NOT NULL,            -- group, functional account or grantor user
        ref_dn_norm  TEXT NOT NULL,            -- normalised DN it names
        PRIMARY KEY (owner_id, ref_dn_norm)
      );
      CREATE INDEX member_refs_ref ON member_refs (ref_dn_norm);
      CREATE TABLE dn_aliases (
        dn_norm     TEXT PRIMARY KEY,          -- a former DN of a renamed object
        object_id   TEXT NOT NULL
      );
      CREATE INDEX dn_aliases_object ON dn_aliases (object_id);
      CREATE TABLE deputy_grants (
        grantor_id  TEXT PRIMARY KEY,          -- the grantor user's object id
        context_id  INTEGER NOT NULL,
        ox_user_id  INTEGER NOT NULL,          -- the grantor's OX id the grants belong to
        grants      TEXT NOT NULL,             -- JSON: [{deputyOxId, deputyId, mail, calendar, sendOnBehalfOf}]
        blocked     INTEGER NOT NULL DEFAULT 0,
        updated_at  TEXT NOT NULL
      );
    `,
  },
  {
    // Error policy and administrator toolbox (issue 5): objects held back behind a parked one, requests for a
    // full re-provisioning (ignore the stored diff base), and an audit trail of administrator actions.
    id: '200-error-policy',
    sql: `
      CREATE TABLE held (
        object_id   TEXT PRIMARY KEY,
        udm_type    TEXT NOT NULL,
        dn          TEXT NOT NULL,
        blocked_by  TEXT NOT NULL,             -- object id of the parked object it waits for
        reason      TEXT NOT NULL,
        since       TEXT NOT NULL
      );
      CREATE TABLE resync_requests (
        object_id    TEXT PRIMARY KEY,
        requested_at TEXT NOT NULL,
        reason       TEXT NOT NULL
      );
      CREATE TABLE task_events (
        id        INTEGER PRIMARY KEY AUTOINCREMENT,
        at        TEXT NOT NULL,
        action    TEXT NOT NULL,               -- skip | retry | reprovision | cache-remove | import-legacy | ...
        object_id TEXT,
        dn        TEXT,
        detail    TEXT NOT NULL
      );
    `,
  },
  {
    // LDAP source (issue 7): queue files staged in a committed batch but not yet renamed into place. The rename
    // happens after the commit; a crash in between is rolled forward at the next start (decision 0046).
    id: '041-ldap-pending-files',
    sql: `
      CREATE TABLE ldap_pending_files (
        tmp         TEXT PRIMARY KEY,          -- <name>.converting.tmp in <data dir>/listener/
        final       TEXT NOT NULL              -- <name>.json
      );
    `,
  },
  {
    // Issue 14 item 1 (decision 0240): which functional-account objects hold a mail address, asked before one
    // takes an address in a context. An index on the address in ox_state, for functional accounts only.
    id: '240-functional-account-address',
    sql: `
      CREATE INDEX objects_functional_account_address ON objects (json_extract(ox_state, '$.address'))
        WHERE udm_type = 'oxmail/functional_account';
    `,
  },
  {
    // Nubus source (issue 18, decision 0315): the Provisioning API messages staged as queue files, by subscription,
    // sequence number and a digest of the message. A redelivery of a staged message (killed before the
    // acknowledgement) is acknowledged without staging it again; `published` = 0 means the file still waits to be
    // renamed into place. Only the latest rows are kept: only the head message is ever handed out again.
    id: '315-nubus-staged-messages',
    sql: `
      CREATE TABLE nubus_staged_messages (
        subscription    TEXT NOT NULL,
        sequence_number INTEGER NOT NULL,
        digest          TEXT NOT NULL,           -- sha256 of topic and body: a recreated stream reuses numbers
        tmp             TEXT,                    -- <name>.converting.tmp, null for a message that made no file
        final           TEXT,                    -- <name>.json
        published       INTEGER NOT NULL,
        staged_at       TEXT NOT NULL,
        PRIMARY KEY (subscription, sequence_number, digest)
      );
    `,
  },
  {
    // Administrator commands handed to the runner that holds the data directory (issue 19, decision 0345): the
    // command writes a row and waits; the runner carries it out between batches and writes the outcome. States:
    // pending → running → done, or pending → cancelled (the command gave up or ran it itself) / abandoned (its
    // command is gone), running → interrupted (the runner died while carrying it out; never run again).
    id: '345-admin-requests',
    sql: `
      CREATE TABLE admin_requests (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        command        TEXT NOT NULL,           -- e.g. "ox-connector tasks retry"
        action         TEXT NOT NULL,           -- which served command (cli/store-commands.ts)
        args           TEXT NOT NULL,           -- JSON: the command's options and arguments
        requester_pid  INTEGER NOT NULL,
        state          TEXT NOT NULL,
        runner_pid     INTEGER,
        progress       TEXT,                    -- the latest progress line, for the waiting command
        result         TEXT,                    -- JSON: stdout, stderr, exit code or error
        created_at     TEXT NOT NULL,
        finished_at    TEXT
      );
      CREATE INDEX admin_requests_state ON admin_requests (state, id);
    `,
  },
];
