// `run --source ldap`: starts the OpenLDAP source in the run process, next to the queue runner.
// With --once it does one refresh (files written and fsynced) before the runner drains the queue.
import type { Logger } from '../ops/log.js';
import { readLdapSettings, startLdapSource, type LdapSource } from '../sources/ldap/index.js';
import { startSourceForRun, type RunningSource } from './run-source.js';

/** One LDAP source per data directory (run --source ldap or ldap-sync): two would fight over the cookie. */
export const LDAP_SOURCE_LOCK = 'ldap-source.lock';

export type RunningLdapSource = RunningSource<LdapSource>;

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
  return startSourceForRun({
    dataDir,
    lockFile: LDAP_SOURCE_LOCK,
    holder: 'LDAP source',
    log,
    onFatal,
    start: (db) => startLdapSource({ settings, db, dataDir, logger: log, once }),
    ready: (source) => (once ? source.done : Promise.race([source.refreshed, source.done])),
  });
}
