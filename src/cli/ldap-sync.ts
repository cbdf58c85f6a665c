// `ox-connector ldap-sync [--once]`: fills the queue (<data dir>/listener/) from an OpenLDAP directory via
// syncrepl, without provisioning. `run --source ldap` does the same inside the provisioning run.
import type { Command } from 'commander';
import { LdapSettingsError, readLdapSettings, startLdapSource } from '../sources/ldap/index.js';
import { DATA_DIR_OPTION } from './admin-common.js';
import { exitCodes } from './exit-codes.js';
import { LDAP_SOURCE_LOCK } from './run-ldap-source.js';
import { runSourceSync } from './source-sync-action.js';

export function registerLdapSync(program: Command): void {
  exitCodes(program.command('ldap-sync'), [
    [0, 'with --once: the refresh was written to the queue; without: stopped by SIGTERM or SIGINT'],
    [1, 'the LDAP source stopped for good (bind refused, untrusted certificate, …; the message says which)'],
    [2, 'usage or configuration error (an LDAP_* setting, the data directory), or another LDAP source holds it'],
  ])
    .description('Watch an OpenLDAP directory (LDAP_URI, LDAP_BASE, …) and write its changes to the queue')
    .option('--once', 'one refresh, write the queue files, then exit')
    .option(...DATA_DIR_OPTION)
    .action((options: { once?: boolean; dataDir?: string }) =>
      runSourceSync(
        {
          lockName: LDAP_SOURCE_LOCK,
          lockLabel: 'LDAP source',
          readSettings: () => readLdapSettings(),
          settingsError: LdapSettingsError,
          start: (context) => startLdapSource(context),
          finished: (source) =>
            `ldap-sync: finished (${source.stats.written} written, ${source.stats.deleted} deleted)`,
        },
        options,
      ),
    );
}
