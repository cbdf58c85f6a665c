// The ox-connector command line: one file per command registers itself here.
import { Command } from 'commander';
import { registerAttributeMapping } from './attribute-mapping.js';
import { registerCache } from './cache.js';
import { registerCheckSyncStatus } from './check-sync-status.js';
import { registerEmulator } from './emulator.js';
import { registerImportLegacy } from './import-legacy.js';
import { registerInstallCompat } from './install-compat.js';
import { registerLdapSync } from './ldap-sync.js';
import { registerRun } from './run.js';
import { registerStatus } from './status.js';
import { registerTasks } from './tasks.js';

const program = new Command();
program.name('ox-connector').description('Keeps OX App Suite in sync with an identity directory').showHelpAfterError();

registerEmulator(program);
registerLdapSync(program);
registerRun(program);
registerStatus(program);
registerTasks(program);
registerAttributeMapping(program);
registerCache(program);
registerCheckSyncStatus(program);
registerImportLegacy(program);
registerInstallCompat(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  // Errors speak to administrators: the message, no stack trace.
  console.error(`ox-connector: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
