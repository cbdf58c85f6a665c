// cli/main.ts loads only the module of the command being run (decision 0195). What an administrator sees must not
// change with that: the full command list without a command, each command's own help, and a clear refusal of a
// command that does not exist.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve(import.meta.dirname, '../../../dist/cli/main.js');
const COMMANDS = [
  'emulator',
  'ldap-sync',
  'nubus-sync',
  'run',
  'status',
  'check',
  'tasks',
  'attribute-mapping',
  'cache',
  'check-sync-status',
  'import-legacy',
  'install-compat',
  'reconcile',
  'nubus',
];

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '' },
    encoding: 'utf8',
    timeout: 30_000,
  });

describe.skipIf(!existsSync(CLI))('the command line loads the command it runs', () => {
  it('lists every command for --help, in the same order as before', () => {
    const result = cli('--help');
    expect(result.status).toBe(0);
    const listed = [...result.stdout.matchAll(/^ {2}([a-z-]+)(?: \[options\])? /gm)].map((m) => m[1]);
    expect(listed).toEqual([...COMMANDS, 'help']);
  });

  it("shows one command's own help with only that command loaded", () => {
    const run = cli('run', '--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: ox-connector run \[options\]/);
    expect(run.stdout).toMatch(/--source <ucs\|ldap\|nubus>/);
    const help = cli('help', 'tasks');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ox-connector tasks/);
  });

  it('refuses an unknown command and an unknown --source', () => {
    const unknown = cli('rn');
    expect(unknown.status).toBe(2); // a usage error (issue 17 item 7, decision 0301)
    expect(unknown.stderr).toMatch(/unknown command 'rn'/);
    expect(unknown.stderr).toMatch(/Did you mean run\?/);
    const source = cli('run', '--source', 'ldp', '--once');
    expect(source.status).not.toBe(0);
    expect(source.stderr).toMatch(/--source "ldp" is unknown: use ucs .* or ldap/);
  });
});
