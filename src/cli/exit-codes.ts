// One meaning of the exit codes across the command line (decision 0301): 0 done, 1 the command ran and something
// failed or is not as it should be, 2 the command was not run as asked: a usage error (unknown option or command,
// bad value, missing argument) or a configuration error (a setting, the data directory). Commands with codes of
// their own (status, check) say so in their help, which always ends with an "Exit codes" section.
import type { Command, CommanderError } from 'commander';
import { escapeControl } from '../ops/log.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A command was called wrongly (an argument missing or not usable): exit 2, the message says what to give. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Errors that mean "not run as asked", by name, so that this module (loaded for every command) does not load the
 * settings, data-directory or LDAP modules: SettingsError, DataDirError (config/), LdapSettingsError (sources/ldap/).
 */
const USAGE_ERRORS = new Set(['UsageError', 'SettingsError', 'DataDirError', 'LdapSettingsError']);

export function exitCodeOf(error: unknown): number {
  return error instanceof Error && USAGE_ERRORS.has(error.name) ? EXIT_USAGE : EXIT_FAILED;
}

/**
 * The line printed for an error that ended a command: its message made printable as log lines are (decision
 * 0222): a DN or file name with a line break or a terminal escape cannot forge a line or repaint the screen.
 */
export function errorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `ox-connector: ${escapeControl(message.replace(/\n/g, ' ⏎ '))}`;
}

/**
 * Commander's own errors (unknown option or command, invalid or missing value, a command group called without
 * its sub-command) exit 1 by default; ours exit 2. Help and --version keep 0. Commander has printed the message.
 */
export function exitOnUsageError(error: CommanderError): void {
  if (error.exitCode !== 0) process.exit(EXIT_USAGE);
}

/** The lines every "Exit codes" section ends with. */
export const USAGE_LINE: readonly [number, string] = [
  EXIT_USAGE,
  'usage or configuration error (unknown option, bad value, missing or invalid setting)',
];

/**
 * Appends the "Exit codes" section to the command's --help: `codes` are the command's own; the line for usage
 * errors (2) is added unless one of them already says which code a usage error gives (a Nagios check answers
 * UNKNOWN, 3, and sets its own exitOverride).
 */
export function exitCodes(command: Command, codes: ReadonlyArray<readonly [number, string]>): Command {
  const all = codes.some(([, meaning]) => meaning.includes('usage')) ? codes : [...codes, USAGE_LINE];
  const lines = all.map(([code, meaning]) => `  ${code}  ${meaning}`);
  return command.addHelpText('after', `\nExit codes:\n${lines.join('\n')}`);
}
