// Single-holder lock per data directory (the runner: ox-connector.lock; the LDAP source: ldap-source.lock).
//
// The kernel arbitrates (decision 0206): the holder keeps an exclusive SQLite transaction open on
// <lock file>.db, and SQLite takes that with fcntl() locks, which the kernel grants to exactly one process and
// releases by itself when the process ends, however it ends (kill -9 included). So two processes started at
// the same instant cannot both win, and a lock left by a dead process is no lock at all: there is no stale-lock
// takeover that could race. The lock file itself (<data dir>/ox-connector.lock) still holds the holder's PID,
// as before, but only as information for people and for the refusal message; it decides nothing.
import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class RunnerLockedError extends Error {
  override name = 'RunnerLockedError';
  constructor(
    message: string,
    /** The holder's PID as its lock file says; undefined when it has not written it (yet). */
    readonly holderPid: number | undefined,
    /** What holds it ("ox-connector runner", "ox-connector cache rebuild"), when its lock file says so. */
    readonly holderKind: string | undefined,
    readonly lockFile: string,
  ) {
    super(message);
  }
}

/** The file the kernel lock is taken on: never deleted, because a waiter may hold it open (see release). */
export function arbiterPath(lockFile: string): string {
  return `${lockFile}.db`;
}

/** The lock file: the holder's PID on the first line, what it is (e.g. "ox-connector cache rebuild") on the second. */
function readHolder(lockFile: string): { pid?: number; kind?: string } {
  try {
    const [first, second] = readFileSync(lockFile, 'utf8').split('\n');
    const pid = Number(first.trim());
    return { pid: Number.isInteger(pid) && pid > 0 ? pid : undefined, kind: second?.trim() || undefined };
  } catch {
    return {};
  }
}

/** Written whole or not at all (a reader never sees an empty PID file). */
function writeHolder(lockFile: string, kind: string): void {
  const tmp = `${lockFile}.${process.pid}.tmp`;
  writeFileSync(tmp, `${process.pid}\n${kind}\n`, { mode: 0o644 });
  renameSync(tmp, lockFile);
}

const PASSING_CONTENDER_WAIT_MS = 250;

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/**
 * Takes the lock or throws RunnerLockedError naming the holder's PID. `holder` names what takes it ("ox-connector
 * runner", "LDAP source", an administrator command), written into the lock file for the refusal message of
 * whoever comes next; `fileName` is the lock file. Returns the release function.
 */
export function acquireRunnerLock(
  dataDir: string,
  fileName = 'ox-connector.lock',
  holder = 'ox-connector runner',
): () => void {
  const lockFile = join(dataDir, fileName);
  mkdirSync(dataDir, { recursive: true }); // A fresh installation: the data directory may not exist yet.
  // SQLite reaches the exclusive lock through a SHARED one, so two processes trying at the same instant each see
  // the other on its way and, answering at once, both gave up with nobody holding it. A contender passes through
  // in microseconds and a holder holds for the whole run, so waiting this long tells the two apart; it only
  // delays a refusal, which is then certain.
  const arbiter = new Database(arbiterPath(lockFile), { timeout: PASSING_CONTENDER_WAIT_MS });
  try {
    // Nothing is ever written: no journal file beside it. (Asking for it reads the file: busy while held.)
    arbiter.pragma('journal_mode = MEMORY');
    arbiter.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    arbiter.close();
    if (!isBusy(err)) throw err;
    const { pid, kind } = readHolder(lockFile);
    const who = `PID ${pid ?? 'not known yet'}`;
    throw new RunnerLockedError(
      kind !== undefined && kind !== holder
        ? `${kind} (${who}) is working on ${dataDir}; wait until it has finished, or stop it (lock file ${lockFile}).`
        : `Another ${holder} (${who}) is already processing ${dataDir}; stop it first (lock file ${lockFile}).`,
      pid,
      kind,
      lockFile,
    );
  }
  try {
    writeHolder(lockFile, holder);
  } catch (err) {
    arbiter.close();
    throw err;
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    // The PID file first, while the lock is still ours: a successor writes its own only after taking the lock.
    if (readHolder(lockFile).pid === process.pid) rmSync(lockFile, { force: true });
    // Closing ends the transaction and with it the kernel lock. The arbiter file stays: deleting it would let a
    // process that opened it a moment ago lock the deleted inode while a third locks a new file of that name.
    arbiter.close();
  };
}
