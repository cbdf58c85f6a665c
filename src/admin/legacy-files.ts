// import-legacy, second half: the Python connector's files besides its last states — the credentials
// (secrets/contexts.json), the attribute mapping, the access-profile file and the queue it had not processed yet
// (listener/*.json) — taken over into this connector's data directory. What each file is, and where the Python
// connector kept it: docs/reference/legacy-data-directory.md.
//
// Nothing that exists here is overwritten: a file that is missing is copied (atomically, no-clobber, with its
// mode), an identical one is left, a different one is a conflict that the report names with the command that
// resolves it. Only contexts.json is merged — entries (contexts) we lack are added, since a context without its
// admin credentials cannot be provisioned, and entries both files hold but differently are conflicts.
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { ACCESS_PROFILE_FILE } from '../config/access-profiles.js';
import { ATTRIBUTE_MAPPING_FILE } from '../config/attribute-mapping.js';
import { pythonJsonDump } from '../config/credentials.js';
import { LISTENER_DIR } from '../sources/ucs-queue/queue-dir.js';

/** What happened to one file; with --dry-run, what would happen. */
export interface FileTakeover {
  /** The file's name inside the data directory, e.g. "secrets/contexts.json". */
  name: string;
  from: string;
  to: string;
  action: 'copy' | 'merge' | 'same' | 'in-place' | 'absent' | 'conflict';
  /** What the administrator should know (or do, for a conflict). */
  note: string;
}

export interface QueueTakeover {
  from: string;
  to: string;
  /** --from is the data directory: the queue files are already where the connector reads them. */
  inPlace: boolean;
  /** Pending changes copied (or, in place / dry run, found). */
  files: number;
  /** Already here with the same content. */
  same: number;
  /** Taken over by an earlier import-legacy (and perhaps provisioned since): not copied again. */
  earlier: number;
  conflicts: { file: string; note: string }[];
  skipped: { file: string; reason: string }[];
}

export interface LegacyFilesReport {
  /** --from names the data directory itself: nothing needs copying. */
  inPlace: boolean;
  files: FileTakeover[];
  queue: QueueTakeover;
  /** Files not taken over: ours differs (the administrator decides), or not a regular file. Exit code 2. */
  notTakenOver: number;
}

export interface LegacyFilesOptions {
  from: string;
  dataDir: string;
  /** Where this connector keeps the credentials (OX_CREDENTIALS_FILE, else <data dir>/secrets/contexts.json). */
  credentialsFile: string;
  dryRun: boolean;
}

/** The queue directory's file that asks the UCS 3.x app for another run; never a change. */
const NOT_A_CHANGE = 'restart.json';

function realOrNull(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

function readOrNull(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`Cannot read ${path} (${(err as Error).message}): check its permissions and run again.`);
  }
}

function tempNameFor(path: string): string {
  // Not ending in .json, so the queue reader never picks up a half-written copy.
  return join(dirname(path), `.${process.pid}.import-legacy.tmp`);
}

/** Writes `data` to a temp file with `mode` (fchmod: not narrowed or widened by the umask), fsyncs it. */
function writeTemp(path: string, data: Buffer | string, mode: number): string {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempNameFor(path);
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fchmodSync(fd, mode);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return tmp;
}

/**
 * Copies `data` to `to` only if `to` does not exist: link(2) fails with EEXIST instead of replacing, so a file
 * that appeared meanwhile is never clobbered. Readers see the whole file or none.
 */
function createAtomic(to: string, data: Buffer, mode: number): 'created' | 'exists' {
  const tmp = writeTemp(to, data, mode);
  try {
    linkSync(tmp, to);
    return 'created';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
    throw err;
  } finally {
    unlinkSync(tmp);
  }
}

function replaceAtomic(to: string, data: Buffer | string, mode: number): void {
  const tmp = writeTemp(to, data, mode);
  try {
    renameSync(tmp, to);
  } catch (err) {
    unlinkSync(tmp);
    throw err;
  }
}

/** A plain file (AttributeMapping.json, ModuleAccessDefinitions.properties): copy, keep, or report a conflict. */
function takeOverPlain(name: string, from: string, to: string, dryRun: boolean, absentNote: string): FileTakeover {
  const base = { name, from, to };
  const source = readOrNull(from);
  if (source === null) return { ...base, action: 'absent', note: absentNote };
  if (realOrNull(from) === realOrNull(to)) return { ...base, action: 'in-place', note: 'already in place' };
  const ours = readOrNull(to);
  if (ours !== null && ours.equals(source)) return { ...base, action: 'same', note: `${to} is the same already` };
  if (ours === null) {
    if (!dryRun && createAtomic(to, source, 0o644) === 'exists')
      return takeOverPlain(name, from, to, dryRun, absentNote);
    return { ...base, action: 'copy', note: `${dryRun ? 'would be copied' : 'copied'} to ${to}` };
  }
  return {
    ...base,
    action: 'conflict',
    note: `${to} exists and differs from the Python connector's ${from}; it was left as it is. Compare them (diff ${from} ${to}); to use the Python connector's, run: cp ${from} ${to}`,
  };
}

type Credentials = Record<string, unknown>;

function parseCredentials(path: string, data: Buffer): Credentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString('utf8'));
  } catch (err) {
    throw new Error(`${path} is not valid JSON (${(err as Error).message}); fix it, then run import-legacy again.`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error(`${path} must hold a JSON object of credentials; fix it, then run import-legacy again.`);
  return parsed as Credentials;
}

/** contexts.json: copied when we have none; otherwise the contexts we lack are added. Passwords never printed. */
function takeOverCredentials(from: string, to: string, dryRun: boolean): FileTakeover {
  const name = 'secrets/contexts.json';
  const base = { name, from, to };
  const source = readOrNull(from);
  if (source === null)
    return {
      ...base,
      action: 'absent',
      note: `the Python connector kept no ${from}; put each context's admin credentials into ${to}`,
    };
  if (realOrNull(from) === realOrNull(to)) return { ...base, action: 'in-place', note: 'already in place' };
  const theirs = parseCredentials(from, source);
  const ours = readOrNull(to);
  if (ours !== null && ours.equals(source)) return { ...base, action: 'same', note: `${to} is the same already` };
  if (ours === null) {
    if (!dryRun && createAtomic(to, source, 0o600) === 'exists') return takeOverCredentials(from, to, dryRun);
    return { ...base, action: 'copy', note: `${dryRun ? 'would be copied' : 'copied'} to ${to} (mode 0600)` };
  }
  const mine = parseCredentials(to, ours);
  const keys = Object.keys(theirs).sort();
  const added = keys.filter((k) => !(k in mine));
  const differing = keys.filter((k) => k in mine && JSON.stringify(mine[k]) !== JSON.stringify(theirs[k]));
  if (added.length > 0 && !dryRun) {
    // The previous file is kept beside it, in case an administrator wants it back.
    replaceAtomic(`${to}.before-import-legacy`, ours, 0o600);
    replaceAtomic(to, pythonJsonDump({ ...mine, ...Object.fromEntries(added.map((k) => [k, theirs[k]])) }), 0o600);
  }
  const notes: string[] = [];
  if (added.length > 0)
    notes.push(
      `${dryRun ? 'would add' : 'added'} the entries ${added.join(', ')} to ${to} (mode 0600${dryRun ? '' : `; the previous file is ${to}.before-import-legacy`})`,
    );
  if (differing.length > 0)
    notes.push(
      `the entries ${differing.join(', ')} differ between ${from} and ${to}; ${to} was kept for them. If the Python connector's credentials are the current ones, copy those entries into ${to} by hand`,
    );
  if (notes.length === 0) notes.push(`${to} holds every entry already`);
  return {
    ...base,
    action: differing.length > 0 ? 'conflict' : added.length > 0 ? 'merge' : 'same',
    note: notes.join('; '),
  };
}

/** The changes the Python connector had queued but not provisioned: copied, in order, under the same names. */
/**
 * The names of the queue files taken over so far, one per line, in the data directory. The originals stay in the
 * Python connector's directory; without this list a second import-legacy would queue changes again that the
 * connector has provisioned (and removed) since, replaying old states over newer ones.
 */
export const QUEUE_LEDGER_FILE = 'legacy-queue-taken-over.txt';

function takeOverQueue(fromDir: string, toDir: string, ledgerPath: string, dryRun: boolean): QueueTakeover {
  const report: QueueTakeover = {
    from: fromDir,
    to: toDir,
    inPlace: realOrNull(fromDir) === realOrNull(toDir),
    files: 0,
    same: 0,
    earlier: 0,
    conflicts: [],
    skipped: [],
  };
  let names: string[];
  try {
    names = readdirSync(fromDir)
      .filter((n) => n.endsWith('.json') && n !== NOT_A_CHANGE)
      .sort();
  } catch {
    return report;
  }
  const ledger = new Set((readOrNull(ledgerPath)?.toString('utf8') ?? '').split('\n').filter(Boolean));
  const takenNow: string[] = [];
  for (const file of names) {
    const from = join(fromDir, file);
    if (!report.inPlace && ledger.has(file)) {
      report.earlier++;
      continue;
    }
    // Only regular files: a FIFO would block the copy, a symlink could point at any file on the host.
    if (!lstatSync(from).isFile()) {
      report.skipped.push({ file: from, reason: 'not a regular file; not taken over' });
      continue;
    }
    if (report.inPlace) {
      report.files++;
      continue;
    }
    const to = join(toDir, file);
    const data = readFileSync(from);
    const ours = readOrNull(to);
    if (ours !== null) {
      if (ours.equals(data)) {
        report.same++;
        takenNow.push(file);
      } else
        report.conflicts.push({
          file: to,
          note: `a different queue file of that name is queued here already; ${from} was not copied. Compare them and keep the newer change (cp ${from} ${to} to take the Python connector's)`,
        });
      continue;
    }
    // 0600: queue files carry users' password hashes.
    if (!dryRun && createAtomic(to, data, 0o600) === 'exists') {
      report.conflicts.push({ file: to, note: `appeared while copying; ${from} was not copied` });
      continue;
    }
    report.files++;
    takenNow.push(file);
  }
  // Written once at the end: a crash before leaves copies that a second run finds here already ("same").
  if (!dryRun && takenNow.length > 0)
    replaceAtomic(ledgerPath, [...new Set([...ledger, ...takenNow])].sort().join('\n') + '\n', 0o644);
  return report;
}

/**
 * The credentials, the attribute mapping and the access profiles. Taken over before the old states are imported:
 * the online import asks OX for group and resource ids with the context admins' credentials.
 */
export function takeOverConfigFiles(o: LegacyFilesOptions): FileTakeover[] {
  return [
    takeOverCredentials(join(o.from, 'secrets', 'contexts.json'), o.credentialsFile, o.dryRun),
    takeOverPlain(
      ATTRIBUTE_MAPPING_FILE,
      join(o.from, ATTRIBUTE_MAPPING_FILE),
      join(o.dataDir, ATTRIBUTE_MAPPING_FILE),
      o.dryRun,
      'the Python connector used the built-in mapping; so does this one',
    ),
    takeOverPlain(
      ACCESS_PROFILE_FILE,
      join(o.from, ACCESS_PROFILE_FILE),
      join(o.dataDir, ACCESS_PROFILE_FILE),
      o.dryRun,
      'the Python connector had none; it is written from the access-profile objects as they are provisioned',
    ),
  ];
}

/**
 * The pending queue. Taken over after the old states are imported, so a copied change is a modify of an object
 * the store knows (a failed import copies nothing that a later run could provision as a create).
 */
export function takeOverPendingQueue(o: LegacyFilesOptions, files: FileTakeover[]): LegacyFilesReport {
  const queue = takeOverQueue(
    join(o.from, LISTENER_DIR),
    join(o.dataDir, LISTENER_DIR),
    join(o.dataDir, QUEUE_LEDGER_FILE),
    o.dryRun,
  );
  return {
    inPlace: realOrNull(o.from) === realOrNull(o.dataDir),
    files,
    queue,
    notTakenOver: files.filter((f) => f.action === 'conflict').length + queue.conflicts.length + queue.skipped.length,
  };
}
