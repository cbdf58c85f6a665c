// Who holds a data directory's lock (engine/lock.ts), asked without taking it: for `check` and the status page,
// which must not keep a runner from starting, and may run as a user who cannot write the data directory.
//
// The holder keeps an exclusive SQLite transaction on the arbiter file; reading that file needs a shared lock,
// which the kernel refuses while the exclusive one is held. The probe holds its shared lock for the one read
// (microseconds); a runner starting at that instant waits for it like for any contender passing through.
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { arbiterPath } from './lock.js';

export interface LockHolder {
  held: boolean;
  /** From the lock file, when held and the holder has written it. */
  pid?: number;
  /** "ox-connector runner", "ox-connector cache rebuild", …, when held and written. */
  kind?: string;
}

/** As long as a contender passing through may hold its shared lock (engine/lock.ts waits as long). */
const PROBE_WAIT_MS = 250;

export function probeRunnerLock(dataDir: string, fileName = 'ox-connector.lock'): LockHolder {
  const lockFile = join(dataDir, fileName);
  const arbiter = arbiterPath(lockFile);
  // Never taken in this data directory: nobody holds it (and the probe creates nothing).
  if (!existsSync(arbiter)) return { held: false };
  let db: Database.Database | undefined;
  try {
    db = new Database(arbiter, { readonly: true, fileMustExist: true, timeout: PROBE_WAIT_MS });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return { held: false };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') throw err;
    return { held: true, ...readHolder(lockFile) };
  } finally {
    db?.close();
  }
}

function readHolder(lockFile: string): { pid?: number; kind?: string } {
  try {
    const [first, second] = readFileSync(lockFile, 'utf8').split('\n');
    const pid = Number(first.trim());
    return {
      ...(Number.isInteger(pid) && pid > 0 ? { pid } : {}),
      ...(second?.trim() ? { kind: second.trim() } : {}),
    };
  } catch {
    return {};
  }
}
