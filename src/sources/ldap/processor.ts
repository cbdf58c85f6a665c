// Turns syncrepl events into queue files and keeps the source's memory (ldap_* tables, migration 040).
// Every batch is one synchronous stretch: stage + fsync files → commit the table changes, the cookie and the
// pending file list in one SQLite transaction → rename the files into place. Nothing can interleave (the engine
// may share the process), the cookie never runs ahead of the files it covers, and no change is written twice
// (decisions 0044, 0046).
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { normalizeDn } from './dn.js';
import {
  buildObject,
  classify,
  type LdapEntry,
  memberReferences,
  type ModelContext,
  optionsOf,
  type UdmObject,
  type UdmObjectType,
} from './object-model.js';
import { pythonJson, type QueueRecord, QueueWriter, type StagedFile } from './queue-writer.js';
import type { SyncStateKind } from './sync-protocol.js';
import { ldapSourceStatements } from '../../state/ldap-source-tables.js';

export type SyncEvent =
  | { kind: 'entry'; state: SyncStateKind; uuid: string; entry: LdapEntry; cookie?: Buffer }
  | { kind: 'uuids'; refreshDeletes: boolean; uuids: string[]; cookie?: Buffer }
  /** End of a present phase: every known entry not named since the refresh began is gone. */
  | { kind: 'presentPhaseEnd'; cookie?: Buffer }
  /** End of the whole refresh (delete phase or final marker). */
  | { kind: 'refreshDone'; cookie?: Buffer }
  | { kind: 'cookie'; cookie: Buffer };

interface EntryRow {
  entry_uuid: string;
  dn: string;
  dn_norm: string;
  udm_type: UdmObjectType;
  username: string | null;
  object_hash: string;
  raw_entry: string | null;
}

export interface ProcessorStats {
  written: number;
  unchanged: number;
  deleted: number;
}

/** Keys computed from other objects; they do not make an entry "changed" (decision 0044). */
const DERIVED_KEYS: Partial<Record<UdmObjectType, string[]>> = { 'users/user': ['groups'] };

function serializeEntry(entry: LdapEntry): string {
  const attributes: Record<string, string[]> = {};
  for (const [name, values] of entry.attributes) attributes[name] = values.map((value) => value.toString('base64'));
  return JSON.stringify({ dn: entry.dn, attributes });
}

function parseEntry(text: string): LdapEntry {
  const parsed = JSON.parse(text) as { dn: string; attributes: Record<string, string[]> };
  return {
    dn: parsed.dn,
    attributes: new Map(
      Object.entries(parsed.attributes).map(([name, values]) => [name, values.map((v) => Buffer.from(v, 'base64'))]),
    ),
  };
}

export class SyncProcessor {
  private readonly statements;
  private named = new Set<string>();
  private fullReload = false;
  private pendingCookie: Buffer | undefined;
  readonly stats: ProcessorStats = { written: 0, unchanged: 0, deleted: 0 };

  constructor(
    private readonly db: Database.Database,
    private readonly writer: QueueWriter,
    private readonly sourceKey: string,
    private readonly defaultContext: string,
  ) {
    this.statements = ldapSourceStatements(db);
  }

  /** The stored cookie, or undefined when there is none or it belongs to another source (full reload). */
  storedCookie(): Buffer | undefined {
    const row = this.statements.cursor.get() as { source_key: string; cookie: Buffer | null } | undefined;
    if (!row || row.source_key !== this.sourceKey || !row.cookie) return undefined;
    return row.cookie;
  }

  /** Forget the cookie (server asked for a full reload with e-syncRefreshRequired). */
  resetCookie(): void {
    this.statements.saveCursor.run(this.sourceKey, null, new Date().toISOString());
  }

  beginRefresh(withCookie: boolean): void {
    this.named = new Set();
    this.fullReload = !withCookie;
  }

  /**
   * Applies events in order. The table changes, the cookie and the list of staged files commit in one
   * transaction; the files are renamed into place only after it (decision 0046): either the commit happened and
   * the files appear (now or by roll-forward at the next start), or neither did and the server re-delivers.
   */
  handleBatch(events: SyncEvent[]): void {
    this.pendingCookie = undefined;
    let files: StagedFile[] = [];
    try {
      this.db.transaction(() => {
        for (const event of events) this.handle(event);
        if (this.pendingCookie)
          this.statements.saveCursor.run(this.sourceKey, this.pendingCookie, new Date().toISOString());
        files = this.writer.syncStaged(); // Throws → the transaction rolls back and the cookie stays where it was.
        for (const file of files) this.statements.addPending.run(file.tmp, file.final);
      })();
    } catch (error) {
      this.writer.discardStaged();
      try {
        this.writer.removeOrphans(this.pendingFiles()); // Files already synced when the commit itself failed.
      } catch {
        // The store is unusable right now; recover() at the next session start removes them.
      }
      throw error;
    }
    this.writer.publish(files);
    this.db.transaction(() => {
      for (const file of files) this.statements.removePending.run(file.tmp);
    })();
  }

  private pendingFiles(): StagedFile[] {
    return this.statements.pending.all() as StagedFile[];
  }

  /**
   * Finishes what a crashed process left: publishes files whose batch was committed, removes temporary files
   * of batches that were not. Call before each session. Returns the numbers for the log.
   */
  recover(): { published: number; removed: number } {
    const pending = this.pendingFiles();
    const removed = this.writer.removeOrphans(pending);
    this.writer.publish(pending);
    this.statements.clearPending.run();
    return { published: pending.length, removed };
  }

  private handle(event: SyncEvent): void {
    if (event.cookie) this.pendingCookie = event.cookie;
    switch (event.kind) {
      case 'entry':
        if (event.state === 'delete') {
          this.remove(event.uuid);
        } else {
          this.named.add(event.uuid);
          if (event.state !== 'present') this.upsert(event.uuid, event.entry);
        }
        break;
      case 'uuids':
        for (const uuid of event.uuids) {
          if (event.refreshDeletes) this.remove(uuid);
          else this.named.add(uuid);
        }
        break;
      case 'presentPhaseEnd':
        this.deleteUnnamed();
        break;
      case 'refreshDone':
        if (this.fullReload) this.deleteUnnamed();
        this.fullReload = false;
        break;
      case 'cookie':
        break;
    }
  }

  private deleteUnnamed(): void {
    const known = (this.statements.allUuids.all() as { entry_uuid: string }[]).map((row) => row.entry_uuid);
    for (const uuid of known) if (!this.named.has(uuid)) this.remove(uuid);
  }

  private get(uuid: string): EntryRow | undefined {
    return this.statements.byUuid.get(uuid) as EntryRow | undefined;
  }

  private context(): ModelContext {
    return {
      defaultContext: this.defaultContext,
      resolveDn: (dn) => {
        const norm = normalizeDn(dn);
        const row = (this.statements.byDn.get(norm) ?? this.statements.alias.get(norm)) as EntryRow | undefined;
        return row ? { dn: row.dn, type: row.udm_type } : undefined;
      },
      resolveUid: (uid) => (this.statements.byUsername.get(uid) as EntryRow | undefined)?.dn,
      groupsOf: (dn) =>
        (this.statements.groupsOf.all(`dn:${normalizeDn(dn)}`) as { dn: string }[]).map((row) => row.dn),
    };
  }

  private hash(type: UdmObjectType, dn: string, object: UdmObject, options: string[]): string {
    const stable: UdmObject = { ...object };
    for (const key of DERIVED_KEYS[type] ?? []) delete stable[key];
    return createHash('sha256')
      .update(pythonJson({ type, dn, object: stable, options }))
      .digest('hex');
  }

  private emit(record: QueueRecord): void {
    this.writer.stage(record);
    if (record.object === null) this.stats.deleted++;
    else this.stats.written++;
  }

  private upsert(uuid: string, entry: LdapEntry): void {
    const type = classify(entry);
    let row = this.get(uuid);
    if (type === null) {
      if (row) this.remove(uuid); // Left the connector's scope: a delete, as the UCS listener sends (decision 0041).
      return;
    }
    if (row && row.udm_type !== type) {
      this.remove(uuid);
      row = undefined;
    }
    const object = buildObject(entry, type, this.context());
    const options = optionsOf(entry, type);
    const hash = this.hash(type, entry.dn, object, options);
    if (row && row.object_hash === hash) {
      this.stats.unchanged++;
      return;
    }
    const dnNorm = normalizeDn(entry.dn);
    const username = type === 'users/user' && typeof object.username === 'string' ? object.username : null;
    this.emit({ id: uuid, dn: entry.dn, udm_object_type: type, object, options });
    const isMemberList = type === 'groups/group' || type === 'oxmail/functional_account';
    this.statements.removeAliases.run('', dnNorm); // A new entry at a former DN takes the DN over.
    if (row && row.dn_norm !== dnNorm) this.statements.addAlias.run(row.dn_norm, uuid);
    this.statements.upsert.run({
      entry_uuid: uuid,
      dn: entry.dn,
      dn_norm: dnNorm,
      udm_type: type,
      username,
      object_hash: hash,
      raw_entry: isMemberList ? serializeEntry(entry) : null,
      updated_at: new Date().toISOString(),
    });
    if (isMemberList) {
      this.statements.removeRefs.run(uuid);
      const refs = memberReferences(entry);
      for (const dn of refs.dns) this.statements.addRef.run(uuid, `dn:${normalizeDn(dn)}`);
      for (const uid of refs.uids) this.statements.addRef.run(uuid, `uid:${uid}`);
    }
    if (type === 'users/user' && (!row || row.dn_norm !== dnNorm || row.username !== username)) {
      // Groups naming this user by an old DN or by uid now resolve differently (refint repairs are invisible).
      const refs = [
        `dn:${dnNorm}`,
        row ? `dn:${row.dn_norm}` : '',
        username ? `uid:${username}` : '',
        row?.username ? `uid:${row.username}` : '',
      ];
      this.rebuildReferencing(refs.filter((ref) => ref !== ''));
    }
  }

  private rebuildReferencing(refs: string[]): void {
    const uuids = new Set<string>();
    for (const ref of refs)
      for (const row of this.statements.referencing.all(ref) as { entry_uuid: string }[]) uuids.add(row.entry_uuid);
    for (const uuid of uuids) {
      const row = this.get(uuid);
      if (row?.raw_entry) this.upsert(uuid, parseEntry(row.raw_entry));
    }
  }

  private remove(uuid: string): void {
    const row = this.get(uuid);
    if (!row) return;
    this.emit({ id: uuid, dn: row.dn, udm_object_type: row.udm_type, object: null, options: null });
    this.statements.remove.run(uuid);
    this.statements.removeRefs.run(uuid);
    this.statements.removeAliases.run(uuid, '');
  }
}
