// `run --source ldap`: starts the OpenLDAP source in the run process, next to the queue runner.
// With --once it does one refresh (files written and fsynced) before the runner drains the queue.
import { join } from 'node:path';
import { acquireRunnerLock } from '../engine/lock.js';
import type { Logger } from '../ops/log.js';
import { readLdapSettings, startLdapSource, type LdapSource } from '../sources/ldap/index.js';
import { openStateDb, STATE_DB_FILE } from '../state/database.js';

/** One LDAP source per data directory (run --source ldap or ldap-sync): two would fight over the cookie. */
export const LDAP_SOURCE_LOCK = 'ldap-source.lock';

export interface RunningLdapSource {
  source: LdapSource;
  stop: () => Promise<void>;
}

/**
 * Starts the LDAP source; for --once, resolves after its refresh is queued, otherwise after the first refresh.
 * Throws (with everything it took released again) on bad settings, a held lock or a fatal server answer.
 * `onFatal` is told when the source stops for good later on (e.g. the bind password was changed).
 */
export async function startLdapForRun(
  dataDir: string,
  log: Logger,
  once: boolean,
  onFatal: (error: Error) => void = () => undefined,
): Promise<RunningLdapSource> {
  const settings = readLdapSettings();
  const release = acquireRunnerLock(dataDir, LDAP_SOURCE_LOCK, 'LDAP source');
  const db = openStateDb(join(dataDir, STATE_DB_FILE));
  const source = startLdapSource({ settings, db, dataDir, logger: log, once });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await source.stop();
    db.close();
    release();
  };
  try {
    if (once) await source.done;
    else await Promise.race([source.refreshed, source.done]);
  } catch (error) {
    await stop();
    throw error;
  }
  source.done.catch((error: Error) => {
    log.error(`LDAP source stopped: ${error.message}`);
    onFatal(error);
  });
  return { source, stop };
}
