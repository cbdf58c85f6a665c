// `run --source ldap`: starts the OpenLDAP source in the run process, next to the queue runner.
// With --once it does one refresh (files written and fsynced) before the runner drains the queue.
import { join } from 'node:path';
import type { Logger } from '../ops/log.js';
import { readLdapSettings, startLdapSource, type LdapSource } from '../sources/ldap/index.js';
import { openStateDb, STATE_DB_FILE } from '../state/database.js';

export type SourceName = 'ucs' | 'ldap';

export function parseSource(value: string): SourceName {
  if (value === 'ucs' || value === 'ldap') return value;
  throw new Error(`--source "${value}" is unknown: use ucs (the UCS listener queue) or ldap (OpenLDAP via LDAP_URI)`);
}

/** Starts the LDAP source; for --once, resolves after its refresh is queued. Returns a stop function. */
export async function startLdapForRun(
  dataDir: string,
  log: Logger,
  once: boolean,
): Promise<{ source: LdapSource; stop: () => Promise<void> }> {
  const settings = readLdapSettings();
  const db = openStateDb(join(dataDir, STATE_DB_FILE));
  const source = startLdapSource({ settings, db, dataDir, logger: log, once });
  source.done.catch((error: Error) => log.error(`LDAP source stopped: ${error.message}`));
  if (once) await source.done;
  else await Promise.race([source.refreshed, source.done]);
  return {
    source,
    stop: async () => {
      await source.stop();
      db.close();
    },
  };
}
