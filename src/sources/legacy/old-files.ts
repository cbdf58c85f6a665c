// Reads what the Python connector (2.x) left in <data dir>/listener/: the last provisioned state of every object
// (old/<entryUUID>.json, enriched with oxDbId, oxDbUsername, oxDbGroupname and oxContext:
// docs/reference/legacy-data-directory.md), the DN index old.db (GNU dbm: DN → absolute path of the old file) and the
// health record meta.db. Nothing is changed on disk. Every file or key that cannot be used is reported with the reason.
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ChangeRecord } from '../../model/change.js';
import { normalizeDn } from '../../model/dn.js';
import { ReusableFileReader } from '../ucs-queue/file-reader.js';
import { describeJsonError } from '../ucs-queue/json-error.js';
import { readGdbmStrings } from './gdbm.js';

export interface LegacyProblem {
  /** The file (or old.db key) concerned. */
  source: string;
  dn?: string;
  reason: string;
}

/**
 * One usable old file. Only its identity is kept in memory; `load()` reads it again for its attributes, so
 * 100,000 old files do not sit in memory at once (the import handles them one by one).
 */
export interface LegacyEntry {
  objectId: string;
  udmType: string;
  dn: string;
  source: string;
  /** The record with the enriched last provisioned state as attributes. */
  load(): ChangeRecord;
}

export interface LegacyData {
  listenerDir: string;
  /** One entry per usable old file. */
  records: LegacyEntry[];
  problems: LegacyProblem[];
  /** Former or differently spelled DNs old.db maps to an object whose file names another DN. */
  aliases: { dn: string; objectId: string }[];
  /** Whether old.db was found and read. */
  oldDb: 'read' | 'absent' | 'unreadable';
  /** The Python connector's last health record (meta.db), if any. */
  meta: Record<string, string> | undefined;
}

/** The queue's own reader: regular files only, no links followed, bounded size, UTF-8 (decision 0220). */
const oldFileReader = new ReusableFileReader();

function parseOldFile(path: string): ChangeRecord | LegacyProblem {
  let text: string;
  try {
    text = oldFileReader.readText(path);
  } catch (err) {
    return { source: path, reason: `cannot be read (${(err as Error).message}); the object is not imported` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // Never JSON.parse's message: it quotes the file's content (decision 0221).
    return { source: path, reason: `not valid JSON (${describeJsonError(text)}); the object is not imported` };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { source: path, reason: 'not a JSON object; the object is not imported' };
  }
  const r = raw as Record<string, unknown>;
  const missing = ['id', 'udm_object_type', 'dn'].filter((k) => typeof r[k] !== 'string' || r[k] === '');
  if (missing.length > 0) return { source: path, reason: `lacks ${missing.join(', ')}; the object is not imported` };
  const dn = r.dn as string;
  if (r.object === null || r.object === undefined) {
    return { source: path, dn, reason: 'records a deleted object (object is null); nothing to import' };
  }
  if (typeof r.object !== 'object' || Array.isArray(r.object)) {
    return { source: path, dn, reason: '"object" is not a JSON object; the object is not imported' };
  }
  if (basename(path, '.json') !== r.id) {
    // The original names old files after the entryUUID; a mismatch means a hand-made or copied file.
    return { source: path, dn, reason: `its id ${JSON.stringify(r.id)} does not match the file name; not imported` };
  }
  return {
    objectId: r.id as string,
    udmType: r.udm_object_type as string,
    dn,
    attributes: r.object as Record<string, unknown>,
    options: Array.isArray(r.options) ? r.options.map(String) : [],
    source: path,
  };
}

function entryOf(record: ChangeRecord): LegacyEntry {
  const { objectId, udmType, dn, source } = record;
  return {
    objectId,
    udmType,
    dn,
    source,
    load() {
      const again = parseOldFile(source);
      if ('reason' in again) throw new Error(`${source} changed while importing: ${again.reason}`);
      return again;
    },
  };
}

function readMeta(path: string, problems: LegacyProblem[]): Record<string, string> | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return Object.fromEntries(readGdbmStrings(path));
  } catch (err) {
    problems.push({
      source: path,
      reason: `cannot be read (${(err as Error).message}); the old health record is ignored`,
    });
    return undefined;
  }
}

export function readLegacyData(dataDir: string): LegacyData {
  const listenerDir = join(dataDir, 'listener');
  const oldDir = join(listenerDir, 'old');
  const problems: LegacyProblem[] = [];
  const records: LegacyEntry[] = [];
  const files = existsSync(oldDir)
    ? readdirSync(oldDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  for (const file of files) {
    const parsed = parseOldFile(join(oldDir, file));
    if ('reason' in parsed) problems.push(parsed);
    else records.push(entryOf(parsed)); // identity only: the attributes are read again when imported
  }

  // old.db is only an index over the old files; it tells which DNs the Python connector could still resolve, and
  // keys that point nowhere (the original's "Old object file … does not exist" crash) are reported, not imported.
  const aliases: { dn: string; objectId: string }[] = [];
  const dbPath = join(listenerDir, 'old.db');
  let oldDb: LegacyData['oldDb'] = 'absent';
  if (existsSync(dbPath)) {
    try {
      const byId = new Map(records.map((r) => [r.objectId, r]));
      for (const [dn, path] of readGdbmStrings(dbPath)) {
        // The stored path is absolute inside the old container; the file name (the entryUUID) is what counts.
        const id = basename(path, '.json');
        const record = byId.get(id);
        if (!record) {
          problems.push({
            source: `${dbPath} key ${dn}`,
            dn,
            reason: `names ${path}, which is not a usable file in ${oldDir}; the DN is not imported (as rebuild-old.db --fix-existing-keys would drop it)`,
          });
          continue;
        }
        if (normalizeDn(dn) !== normalizeDn(record.dn)) aliases.push({ dn, objectId: id });
      }
      oldDb = 'read';
    } catch (err) {
      oldDb = 'unreadable';
      problems.push({
        source: dbPath,
        reason: `cannot be read (${(err as Error).message}); the DNs are taken from the old files instead`,
      });
    }
  }
  return { listenerDir, records, problems, aliases, oldDb, meta: readMeta(join(listenerDir, 'meta.db'), problems) };
}
