// `ox-connector emulator` as a process (built CLI): the ready line, serving, and the state file on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { OxClient } from '../../../src/ox/index.js';

const main = join(import.meta.dirname, '../../../dist/cli/main.js');

function startProcess(args: string[]) {
  const child = spawn(process.execPath, [main, 'emulator', ...args], {
    env: { ...process.env, OX_MASTER_PASSWORD: 'pw-from-env' },
  });
  const lines = createInterface({ input: child.stdout });
  const ready = new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line.startsWith('ox emulator listening on ')) resolve(line);
    });
    child.on('exit', (code) => reject(new Error(`emulator exited early with ${code}`)));
  });
  return { child, ready };
}

describe.skipIf(!existsSync(main))('ox-connector emulator (process)', () => {
  it('prints the ready line, serves, and saves --state on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ox-emu-'));
    const state = join(dir, 'state.json');
    const { child, ready } = startProcess(['--port', '0', '--state', state]);
    const line = await ready;
    expect(line).toMatch(/^ox emulator listening on http:\/\/127\.0\.0\.1:\d+\/webservices$/);
    const url = line.slice('ox emulator listening on '.length);
    const client = new OxClient({ baseUrl: url, timeoutMs: 5000 });
    await client.call('OXContextService', 'create', {
      ctx: { id: 5, maxQuota: -1 },
      admin_user: {
        name: 'oxadmin',
        display_name: 'A',
        given_name: 'A',
        sur_name: 'D',
        password: 'x',
        primaryEmail: 'a@f.org',
        email1: 'a@f.org',
      },
      auth: { login: 'oxadminmaster', password: 'pw-from-env' },
    });
    client.close();
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(readFileSync(state, 'utf8')).toContain('a@f.org');

    // A restarted emulator knows the context from the state file.
    const second = startProcess(['--port', '0', '--state', state]);
    const url2 = (await second.ready).slice('ox emulator listening on '.length);
    const c2 = new OxClient({ baseUrl: url2, timeoutMs: 5000 });
    expect(
      await c2.call('OXContextService', 'exists', {
        ctx: { id: 5 },
        auth: { login: 'oxadminmaster', password: 'pw-from-env' },
      }),
    ).toBe(true);
    c2.close();
    second.child.kill('SIGTERM');
  });
});
