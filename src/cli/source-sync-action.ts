// The one life of `ldap-sync` and `nubus-sync`: a source that fills the queue (<data dir>/listener/) and does not
// provision. Data directory, source lock, store, log and signals are handled alike; each command says only how its
// source starts and what its finishing line reports. `run --source …` has its own lifecycle in run-source.ts.
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { checkDataDirWritable, chooseDataDir, DataDirError, describeDataDirChoice } from '../config/data-dir.js';
import { acquireRunnerLock, RunnerLockedError } from '../engine/lock.js';
import type { Logger } from '../ops/log.js';
import { openStateDb, STATE_DB_FILE } from '../state/database.js';
import { EXIT_FAILED, EXIT_USAGE } from './exit-codes.js';
import { logOutputOrExit } from './log-output.js';
import { openCommandLog } from './run-log.js';

export interface QueueFillingSource {
  readonly done: Promise<void>;
  stop(): Promise<void> | void;
}

export interface SourceSyncCommand<T, S extends QueueFillingSource> {
  /** The lock file's name: one source of a kind per data directory. */
  lockName: string;
  /** How the lock's refusal names the holder ("LDAP source"). */
  lockLabel: string;
  /** Reads the source's settings; throws a configuration error the command answers with exit 2. */
  readSettings(dataDir: string): T;
  /** The error class of a bad setting of this source (exit 2 with its message). */
  settingsError: new (...args: never[]) => Error;
  start(context: { settings: T; db: Database.Database; dataDir: string; logger: Logger; once: boolean }): S;
  /** The INFO line written when the source has finished. */
  finished(source: S): string;
}

function open<T, S extends QueueFillingSource>(
  command: SourceSyncCommand<T, S>,
  dataDir: string,
  logger: Logger,
  once: boolean,
) {
  const settings = command.readSettings(dataDir);
  const release = acquireRunnerLock(dataDir, command.lockName, command.lockLabel);
  try {
    const db = openStateDb(join(dataDir, STATE_DB_FILE), { notice: (m) => logger.warning(m) });
    return { db, release, source: command.start({ settings, db, dataDir, logger, once }) };
  } catch (error) {
    release();
    throw error;
  }
}

export async function runSourceSync<T, S extends QueueFillingSource>(
  command: SourceSyncCommand<T, S>,
  options: { once?: boolean; dataDir?: string },
): Promise<void> {
  const output = logOutputOrExit();
  const { log: logger, close: closeLog } = openCommandLog('INFO', output);
  let opened: ReturnType<typeof open<T, S>>;
  try {
    const choice = chooseDataDir(options.dataDir);
    checkDataDirWritable(choice.dir, { create: true });
    logger.info(describeDataDirChoice(choice));
    opened = open(command, choice.dir, logger, Boolean(options.once));
  } catch (error) {
    if (error instanceof command.settingsError || error instanceof RunnerLockedError || error instanceof DataDirError) {
      console.error(`ox-connector: ${error.message}`);
      process.exit(EXIT_USAGE);
    }
    throw error;
  }
  const { db, source, release } = opened;
  const stop = () => void source.stop();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    await source.done;
    logger.info(command.finished(source));
  } catch (error) {
    // Fatal (credentials refused, untrusted certificate, …) or, with --once, the one attempt failed.
    console.error(`ox-connector: ${(error as Error).message}`);
    process.exitCode = EXIT_FAILED;
  } finally {
    db.close();
    release();
    closeLog();
  }
}
