// `ox-connector ldap-sync [--once]`: fills the queue (<data dir>/listener/) from an OpenLDAP directory via
// syncrepl, without provisioning. `run --source ldap` does the same inside the provisioning run.
import type { Command } from 'commander';
import { join } from 'node:path';
import { acquireRunnerLock, RunnerLockedError } from '../engine/lock.js';
import type { Logger } from '../ops/log.js';
import { LdapSettingsError, readLdapSettings, startLdapSource } from '../sources/ldap/index.js';
import { openStateDb, STATE_DB_FILE } from '../state/database.js';
import { LDAP_SOURCE_LOCK } from './run-ldap-source.js';
import { checkDataDirWritable, chooseDataDir, DataDirError, describeDataDirChoice } from '../config/data-dir.js';
import { DATA_DIR_OPTION } from './admin-common.js';
import { exitCodes } from './exit-codes.js';
import { logOutputOrExit } from './log-output.js';
import { openCommandLog } from './run-log.js';

function open(dataDir: string, logger: Logger, once: boolean) {
  const settings = readLdapSettings();
  const release = acquireRunnerLock(dataDir, LDAP_SOURCE_LOCK, 'LDAP source');
  try {
    const db = openStateDb(join(dataDir, STATE_DB_FILE), { notice: (m) => logger.warning(m) });
    return { db, release, source: startLdapSource({ settings, db, dataDir, logger, once }) };
  } catch (error) {
    release();
    throw error;
  }
}

export function registerLdapSync(program: Command): void {
  exitCodes(program.command('ldap-sync'), [
    [0, 'with --once: the refresh was written to the queue; without: stopped by SIGTERM or SIGINT'],
    [1, 'the LDAP source stopped for good (bind refused, untrusted certificate, …; the message says which)'],
    [2, 'usage or configuration error (an LDAP_* setting, the data directory), or another LDAP source holds it'],
  ])
    .description('Watch an OpenLDAP directory (LDAP_URI, LDAP_BASE, …) and write its changes to the queue')
    .option('--once', 'one refresh, write the queue files, then exit')
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
        if (error instanceof LdapSettingsError || error instanceof RunnerLockedError || error instanceof DataDirError) {
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
        logger.info(`ldap-sync: finished (${source.stats.written} written, ${source.stats.deleted} deleted)`);
      } catch (error) {
        // Fatal (bad credentials, untrusted certificate, …) or, with --once, the one attempt failed.
        console.error(`ox-connector: ${(error as Error).message}`);
        process.exitCode = 1;
      } finally {
        db.close();
        release();
        closeLog();
      }
    });
}
