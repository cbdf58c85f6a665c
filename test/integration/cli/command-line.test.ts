// Issue 17 item 7: one command line. --version, an "Exit codes" section in every --help, usage and configuration
// errors exit 2 in every command (decision 0301), and an error that ends a command printed as one escaped line.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../../..');
const CLI = join(REPO, 'dist/cli/main.js');
const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
const root = mkdtempSync(join(tmpdir(), 'oxc-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const cli = (args: string[], env: Record<string, string> = {}, cwd = root, main = CLI) =>
  spawnSync(process.execPath, [main, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    cwd,
    timeout: 30_000,
  });

/** The sub-commands a --help lists ("  name [options] <args>  description"), without help itself. */
function listed(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]!).filter((name) => name !== 'help');
}

describe.skipIf(!existsSync(CLI))('the command line', () => {
  it('prints the version from package.json, from dist/ and from an installed package, whatever the directory', () => {
    for (const flag of ['--version', '-V']) {
      const r = cli([flag]);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`${VERSION}\n`);
    }
    // An installed package: bin/, dist/ and package.json under node_modules/ox-connector, run through bin/.
    const installed = join(root, 'prefix', 'node_modules', 'ox-connector');
    mkdirSync(installed, { recursive: true });
    for (const part of ['bin', 'dist', 'package.json'])
      cpSync(join(REPO, part), join(installed, part), { recursive: true });
    symlinkSync(join(REPO, 'node_modules'), join(installed, 'node_modules'));
    const r = cli(['--version'], {}, tmpdir(), join(installed, 'bin', 'ox-connector.js'));
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${VERSION}\n`);
  });

  it('states its exit codes in the help of every command and sub-command', () => {
    const top = cli(['--help']);
    expect(top.status).toBe(0);
    const commands = listed(top.stdout);
    expect(commands.length).toBeGreaterThanOrEqual(10);
    const helps: Array<[string, string]> = [['ox-connector', top.stdout]];
    for (const command of commands) {
      const help = cli([command, '--help']);
      expect(help.status, command).toBe(0);
      helps.push([command, help.stdout]);
      for (const sub of listed(help.stdout)) {
        const subHelp = cli([command, sub, '--help']);
        expect(subHelp.status, `${command} ${sub}`).toBe(0);
        helps.push([`${command} ${sub}`, subHelp.stdout]);
      }
    }
    expect(helps.map(([name]) => name)).toEqual(
      expect.arrayContaining(['tasks retry', 'cache rebuild', 'attribute-mapping modify']),
    );
    for (const [name, help] of helps) {
      const section = help.split(/^Exit codes:$/m)[1];
      expect(section, `${name} --help has no "Exit codes:" section`).toBeDefined();
      expect(section, name).toMatch(/^ {2}0 {2}\S/m);
      expect(section, name).toMatch(/^ {2}\d {2}.*usage or configuration error/m); // 2, or 3 for a Nagios check
    }
  });

  // Each row: a usage or configuration error of one command. All exit 2 and say what was wrong on stderr.
  const dataDir = join(root, 'data');
  mkdirSync(dataDir, { recursive: true });
  const ox = { OX_SOAP_SERVER: 'http://127.0.0.1:9', OX_MASTER_PASSWORD: 'x', OX_CONNECTOR_DATA_DIR: dataDir };
  const usageErrors: Array<[string, string[], Record<string, string>, RegExp]> = [
    ['no command', [], {}, /Usage: ox-connector/],
    ['an unknown command', ['rn'], {}, /unknown command 'rn'/],
    ['an unknown option', ['run', '--bogus'], ox, /unknown option '--bogus'/],
    ['a bad --source', ['run', '--once', '--source', 'ldp'], ox, /--source "ldp" is unknown/],
    [
      'a bad boolean setting',
      ['run', '--once'],
      { ...ox, OX_CONNECTOR_STOP_ON_ERROR: 'maybe' },
      /OX_CONNECTOR_STOP_ON_ERROR=maybe: not a yes\/no value/,
    ],
    ['no data directory', ['tasks', 'list'], {}, /OX_CONNECTOR_DATA_DIR/],
    ['status with an unknown option', ['status', '--bogus'], ox, /unknown option '--bogus'/],
    ['a command group without its sub-command', ['tasks'], ox, /Usage: ox-connector tasks/],
    [
      'a value not in the choices',
      ['tasks', 'list', '--status', 'lost'],
      ox,
      /Allowed choices are queued, parked, held, malformed/,
    ],
    ['a missing argument', ['tasks', 'show'], ox, /missing required argument 'ref'/],
    ['retry without an item', ['tasks', 'retry'], ox, /Name the item to retry/],
    ['skip with an empty reason', ['tasks', 'skip', 'x', '--reason', ' '], ox, /Give a reason for discarding/],
    ['reprovision without an object', ['tasks', 'reprovision'], ox, /Name the object/],
    ['a bad number', ['cache', 'rebuild', '--chunk-size', '0'], ox, /expected a whole number of at least 1/],
    [
      'a bad OX setting for cache rebuild',
      ['cache', 'rebuild'],
      { ...ox, OX_CONNECTOR_CONCURRENCY: '0' },
      /OX_CONNECTOR_CONCURRENCY=0/,
    ],
    ['a missing required option', ['check-sync-status'], ox, /required option '--dn <dn>' not specified/],
    [
      'a bad setting for check-sync-status',
      ['check-sync-status', '--dn', 'uid=a,dc=b'],
      { ...ox, OX_SOAP_SERVER: 'ox' },
      /OX_SOAP_SERVER=ox/,
    ],
    [
      'an unknown mapping operation',
      ['attribute-mapping', 'modify', '--frob', 'x'],
      ox,
      /Unknown modify operation --frob/,
    ],
    [
      'import-legacy from a directory without listener/',
      ['import-legacy', '--from', join(root, 'nowhere')],
      ox,
      /nowhere\/listener does not exist/,
    ],
    [
      'install-compat into a missing directory',
      ['install-compat', '--data-dir', join(root, 'missing')],
      {},
      /missing does not exist/,
    ],
    ['a bad emulator port', ['emulator', '--port', 'eighty'], {}, /expected an integer from 0 to 65535/],
    ['ldap-sync without LDAP_URI', ['ldap-sync', '--once'], ox, /LDAP_URI is not set/],
    [
      'nubus-sync without PROVISIONING_API_BASE_URL',
      ['nubus-sync', '--once'],
      ox,
      /PROVISIONING_API_BASE_URL is not set/,
    ],
    [
      'run --source nubus without a subscription name',
      ['run', '--source', 'nubus', '--once'],
      { ...ox, PROVISIONING_API_BASE_URL: 'http://127.0.0.1:1', PROVISIONING_API_PASSWORD: 'x' },
      /PROVISIONING_API_USERNAME is not set/,
    ],
  ];

  it.each(usageErrors)('exits 2 for %s', (_name, args, env, message) => {
    const r = cli(args, env);
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(2);
  });

  it('prints the error that ended a command as one line, control characters escaped', () => {
    const ref = 'x\n2026-01-01T00:00:00.000Z CRITICAL [-] forged\u001b[2J';
    const r = cli(['tasks', 'show', ref], { OX_CONNECTOR_DATA_DIR: dataDir });
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toContain('Nothing queued for x ⏎ 2026-01-01T00:00:00.000Z CRITICAL [-] forged\\u001b[2J');
    expect(r.stderr).not.toContain('\u001b');
  });
});
