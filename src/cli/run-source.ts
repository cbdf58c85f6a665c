// What `run --source ldap|nubus` does with a queue source beside the runner, whatever the source: its own lock
// (one source per data directory), its own connection to the store, a stop that releases both once, and a fatal
// error after start-up reported to the caller (the service manager must see a source that stopped for good).
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { acquireRunnerLock } from '../engine/lock.js';
import type { Logger } from '../ops/log.js';
import { openStateDb, STATE_DB_FILE } from '../state/database.js';

/** What both sources offer: `done` settles when the source ends (rejects when it ends for good), `stop` ends it. */
export interface QueueSource {
  done: Promise<void>;
  stop(): Promise<void>;
}

export interface RunningSource<S extends QueueSource> {
  source: S;
  stop: () => Promise<void>;
}

export interface SourceForRun<S extends QueueSource> {
  dataDir: string;
  /** The source's lock file in the data directory, and what the lock file calls its holder ("LDAP source"). */
  lockFile: string;
  holder: string;
  log: Logger;
  /** Starts the source on the store connection opened for it. */
  start(db: Database.Database): S;
  /** What to wait for before the runner starts (e.g. the first refresh); undefined: nothing. */
  ready(source: S): Promise<unknown> | undefined;
  onFatal?: (error: Error) => void;
}

/**
 * Takes the source's lock, opens its store connection and starts it, then waits until it is ready. Throws, with
 * everything it took released again, on a held lock, bad settings or a fatal answer before it was ready.
 */
export async function startSourceForRun<S extends QueueSource>(o: SourceForRun<S>): Promise<RunningSource<S>> {
  const release = acquireRunnerLock(o.dataDir, o.lockFile, o.holder);
  let db: Database.Database | undefined;
  let source: S;
  try {
    db = openStateDb(join(o.dataDir, STATE_DB_FILE));
    source = o.start(db);
  } catch (error) {
    db?.close();
    release();
    throw error;
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await source.stop();
    db.close();
    release();
  };
  try {
    await o.ready(source);
  } catch (error) {
    await stop();
    throw error;
  }
  source.done.catch((error: Error) => {
    o.log.error(`${o.holder} stopped: ${error.message}`);
    o.onFatal?.(error);
  });
  return { source, stop };
}
