// `ox-connector nubus-sync [--once]`: fills the queue (<data dir>/listener/) from a subscription of Univention's
// Provisioning API (PROVISIONING_API_*), without provisioning. `run --source nubus` does the same inside the run.
import type { Command } from 'commander';
import { join } from 'node:path';
import { acquireRunnerLock, RunnerLockedError } from '../engine/lock.js';
import type { Logger } from '../ops/log.js';
import {
  NubusSettingsError,
  readNubusSettings,
  startNubusSource,
  STORED_PASSWORD_FILE,
} from '../sources/nubus/index.js';
import { openStateDb, STATE_DB_FILE } from '../state/database.js';
import { NUBUS_SOURCE_LOCK } from './run-nubus-source.js';
import { checkDataDirWritable, chooseDataDir, DataDirError, describeDataDirChoice } from '../config/data-dir.js';
import { DATA_DIR_OPTION } from './admin-common.js';
import { caCertificatesDir } from '../config/trust-store.js';
import { exitCodes } from './exit-codes.js';
import { logOutputOrExit } from './log-output.js';
import { openCommandLog } from './run-log.js';

function open(dataDir: string, logger: Logger, once: boolean) {
  const settings = readNubusSettings(process.env, join(dataDir, STORED_PASSWORD_FILE));
  const release = acquireRunnerLock(dataDir, NUBUS_SOURCE_LOCK, 'Nubus source');
  try {
    const db = openStateDb(join(dataDir, STATE_DB_FILE), { notice: (m) => logger.warning(m) });
    const caDir = caCertificatesDir(dataDir);
    return { db, release, source: startNubusSource({ settings, db, dataDir, caDir, logger, once }) };
  } catch (error) {
    release();
    throw error;
  }
}

export function registerNubusSync(program: Command): void {
  exitCodes(program.command('nubus-sync'), [
    [
      0,
      'with --once: every message the Provisioning API had was staged and acknowledged; without: stopped by SIGTERM or SIGINT',
    ],
    [
      1,
      'the consumer stopped for good (credentials refused, subscription missing, prefill failed; the message says which)',
    ],
    [
      2,
      'usage or configuration error (a PROVISIONING_API_* setting, the data directory), or another consumer holds it',
    ],
  ])
    .description(
      'Consume a Nubus Provisioning API subscription (PROVISIONING_API_BASE_URL, …) and write its changes to the queue',
    )
    .option('--once', 'take every message the API has (after prefill), write the queue files, then exit')
    .option(...DATA_DIR_OPTION)
    .action(async (options: { once?: boolean; dataDir?: string }) => {
      const output = logOutputOrExit();
      const { log: logger, close: closeLog } = openCommandLog('INFO', output);
      let opened: ReturnType<typeof open>;
      try {
        const choice = chooseDataDir(options.dataDir);
        checkDataDirWritable(choice.dir, { create: true });
        logger.info(describeDataDirChoice(choice));
        opened = open(choice.dir, logger, Boolean(options.once));
      } catch (error) {
        if (
          error instanceof NubusSettingsError ||
          error instanceof RunnerLockedError ||
          error instanceof DataDirError
        ) {
          console.error(`ox-connector: ${error.message}`);
          process.exit(2);
        }
        throw error;
      }
      const { db, source, release } = opened;
      const stop = () => void source.stop();
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      try {
        await source.done;
        const s = source.stats;
        logger.info(
          `nubus-sync: finished (${s.staged.create + s.staged.modify + s.staged.move + s.staged.delete} staged, ${s.irrelevant} of other topics)`,
        );
      } catch (error) {
        console.error(`ox-connector: ${(error as Error).message}`);
        process.exitCode = 1;
      } finally {
        db.close();
        release();
        closeLog();
      }
    });
}
