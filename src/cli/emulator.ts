// `ox-connector emulator`: serves OX App Suite's SOAP API (/webservices/OX*Service) from memory, for tests,
// demos and benchmarks. Prints one "listening" line when ready; serves until SIGTERM/SIGINT, then writes the
// --state snapshot (every answered change is already journaled beside it).
import { randomBytes } from 'node:crypto';
import { Command, InvalidArgumentError } from 'commander';
import { startEmulator } from '../emulator/index.js';
import { exitCodes } from './exit-codes.js';

interface EmulatorFlags {
  host: string;
  port: number;
  masterAdmin: string;
  masterPassword?: string;
  latencyMs: number;
  faultRate: number;
  state?: string;
  stateSync: boolean;
  uniqueDisplayNames: boolean;
  allowLoginNameChange: boolean;
  json?: boolean;
}

function integer(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    return n;
  };
}

function share(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError('expected a number from 0 to 1 (e.g. 0.05 = 5 % of calls)');
  return n;
}

export function registerEmulator(program: Command): void {
  exitCodes(program.command('emulator'), [
    [0, 'stopped by SIGTERM or SIGINT, state saved'],
    [1, 'could not start (e.g. the port is taken) or could not save --state'],
  ])
    .description('serve an OX App Suite SOAP emulator (/webservices/OX*Service, WSDL at ?wsdl)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free port)', integer(0, 65535), 8080)
    .option('--master-admin <login>', 'master admin login', 'oxadminmaster')
    .option(
      '--master-password <password>',
      'master admin password (default: $OX_MASTER_PASSWORD, else generated and printed once)',
    )
    .option(
      '--latency-ms <ms>',
      "response time of every SOAP call (the emulator's own work runs inside it)",
      integer(0, 600_000),
      0,
    )
    .option('--fault-rate <share>', 'share of SOAP calls (0..1) that fail with a transient error', share, 0)
    .option(
      '--state <file>',
      'JSON state file: loaded at start; every change is journaled to <file>.journal before it is answered',
    )
    .option(
      '--no-state-sync',
      'with --state: write the journal without fdatasync (survives kill -9 of the emulator, not of the machine)',
    )
    .option(
      '--unique-display-names',
      'refuse display names used by another user (OX enforceUniqueDisplayName=true)',
      false,
    )
    .option('--no-allow-login-name-change', 'refuse login-name changes (OX USERNAME_CHANGEABLE=false)')
    .option('--json', 'when ready, print one JSON line instead: {"url"} (and "generatedMasterPassword" if generated)')
    .action(async (flags: EmulatorFlags) => {
      let masterPassword = flags.masterPassword ?? process.env.OX_MASTER_PASSWORD;
      let generated: string | undefined;
      if (masterPassword === undefined || masterPassword === '') {
        masterPassword = generated = randomBytes(12).toString('base64url');
        // Printed once, on purpose: nobody could use the emulator otherwise.
        if (!flags.json) console.log(`ox emulator master password (generated): ${masterPassword}`);
      }
      const emulator = await startEmulator({
        host: flags.host,
        port: flags.port,
        masterAdmin: flags.masterAdmin,
        masterPassword,
        uniqueDisplayNames: flags.uniqueDisplayNames,
        latencyMs: flags.latencyMs,
        faultRate: flags.faultRate,
        statePath: flags.state,
        stateSync: flags.stateSync,
        model: { allowLoginNameChange: flags.allowLoginNameChange },
      });
      console.log(
        flags.json
          ? JSON.stringify({ url: emulator.url, ...(generated && { generatedMasterPassword: generated }) })
          : `ox emulator listening on ${emulator.url}`,
      );
      const stop = () => {
        emulator.close().then(
          () => process.exit(0),
          (error: unknown) => {
            console.error(`ox emulator: could not save state: ${(error as Error).message}`);
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
}
