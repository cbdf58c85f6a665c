// The ox-connector command line: one file per command registers itself here.
// Only the command being run is loaded (a service restart or a health probe should not compile the emulator,
// the LDAP source and every admin tool first); help, no command or an unknown one load them all.
import { Command } from 'commander';
import { errorLine, exitCodeOf, exitCodes, exitOnUsageError } from './exit-codes.js';
import { connectorVersion } from '../ops/version.js';

type Register = (program: Command) => void;

/** Command name → its module's register function, in the order help lists them. */
const COMMANDS: Record<string, () => Promise<Register>> = {
  emulator: async () => (await import('./emulator.js')).registerEmulator,
  'ldap-sync': async () => (await import('./ldap-sync.js')).registerLdapSync,
  'nubus-sync': async () => (await import('./nubus-sync.js')).registerNubusSync,
  run: async () => (await import('./run.js')).registerRun,
  status: async () => (await import('./status.js')).registerStatus,
  check: async () => (await import('./check.js')).registerCheck,
  tasks: async () => (await import('./tasks.js')).registerTasks,
  'attribute-mapping': async () => (await import('./attribute-mapping.js')).registerAttributeMapping,
  cache: async () => (await import('./cache.js')).registerCache,
  'check-sync-status': async () => (await import('./check-sync-status.js')).registerCheckSyncStatus,
  'import-legacy': async () => (await import('./import-legacy.js')).registerImportLegacy,
  'install-compat': async () => (await import('./install-compat.js')).registerInstallCompat,
  reconcile: async () => (await import('./reconcile.js')).registerReconcile,
  nubus: async () => (await import('./nubus.js')).registerNubus,
};

async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program
    .name('ox-connector')
    .description('Keeps OX App Suite in sync with an identity directory')
    .version(connectorVersion(), '-V, --version', 'print the version and exit')
    .showHelpAfterError()
    .exitOverride(exitOnUsageError); // before the commands: they inherit it (usage errors exit 2)
  exitCodes(program, [
    [0, 'done'],
    [1, 'the command ran and failed, or found a problem (see its own --help)'],
  ]);
  const named = argv[2];
  const wanted = named !== undefined && Object.hasOwn(COMMANDS, named) ? [named] : Object.keys(COMMANDS);
  const registers = await Promise.all(wanted.map((name) => COMMANDS[name]!()));
  for (const register of registers) register(program);
  await program.parseAsync(argv);
}

main(process.argv).catch((error: unknown) => {
  // Errors speak to administrators: the message, no stack trace, escaped (it may carry a DN or a file name).
  console.error(errorLine(error));
  process.exit(exitCodeOf(error));
});
