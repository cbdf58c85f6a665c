// `ldap-sync` and `nubus-sync` run as processes of their own beside `run`; their lines belong in the same log an
// administrator reads: OX_CONNECTOR_LOG_FILE in OX_CONNECTOR_LOG_FORMAT (decision 0297), not only stdout.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = resolve(import.meta.dirname, '../../../dist/cli/main.js');

describe.skipIf(!existsSync(CLI))('the queue sources log where run logs', () => {
  const root = mkdtempSync(join(tmpdir(), 'ox-source-log-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const sync = (command: string, dataDir: string, env: Record<string, string>) =>
    spawnSync(process.execPath, [CLI, command, '--once', '--data-dir', dataDir], {
      // Nothing listens on port 9: ldap-sync fails after its first lines; nubus-sync retries an unreachable API
      // with back-off until it is stopped (SIGTERM after 8 s). Its first lines are all this test needs.
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 8_000,
    });

  const sources = {
    'ldap-sync': { LDAP_URI: 'ldap://127.0.0.1:9', LDAP_BASE: 'dc=example,dc=org' },
    'nubus-sync': {
      PROVISIONING_API_BASE_URL: 'http://127.0.0.1:9',
      PROVISIONING_API_USERNAME: 'ox-connector',
      PROVISIONING_API_PASSWORD: 'not-printed-anywhere',
    },
  };

  it.each(Object.keys(sources))('%s writes its lines to OX_CONNECTOR_LOG_FILE, as JSON when asked', (command) => {
    const dataDir = join(root, command);
    const logFile = join(root, `${command}.log`);
    const result = sync(command, dataDir, {
      ...sources[command as keyof typeof sources],
      OX_CONNECTOR_LOG_FILE: logFile,
      OX_CONNECTOR_LOG_FORMAT: 'json',
    });
    expect(existsSync(logFile), result.stdout + result.stderr).toBe(true);
    const lines = readFileSync(logFile, 'utf8').trim().split('\n');
    const first = JSON.parse(lines[0]) as { message?: string; msg?: string };
    expect(JSON.stringify(first)).toContain(dataDir);
    expect(result.stdout).not.toContain(dataDir);
    expect(readFileSync(logFile, 'utf8')).not.toContain('not-printed-anywhere');
  });

  it.each(Object.keys(sources))('%s refuses an unusable log setting with exit 2', (command) => {
    const result = sync(command, join(root, `${command}-bad`), {
      ...sources[command as keyof typeof sources],
      OX_CONNECTOR_LOG_FILE: 'relative.log',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('OX_CONNECTOR_LOG_FILE=relative.log: must be an absolute path');
  });
});
