// What the emulator confirmed survives kill -9 (issue 14 item 15, decision 0230): the emulator runs as a real
// process with --state, users are provisioned through OxClient, the process is SIGKILLed, restarted on the same
// state, and every confirmed user must be there with the id it was confirmed with.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OxClient } from '../../../src/ox/index.js';
import { oxUserData } from '../../helpers/ox-objects.js';

const dist = join(import.meta.dirname, '../../../dist');
const main = join(dist, 'cli/main.js');
const MASTER = { login: 'oxadminmaster', password: 'durable-master' };
const ADMIN = { login: 'oxadmin', password: 'admin-secret' };
const CTX = { id: 7 };
const READY = 'ox emulator listening on ';

interface Emulator {
  child: ChildProcess;
  client: OxClient;
}

async function started(child: ChildProcess): Promise<Emulator> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith(READY)) resolve(line.slice(READY.length));
    });
    child.on('exit', (code) => reject(new Error(`emulator exited early with ${code}: ${stderr}`)));
  });
  const client = new OxClient({
    baseUrl: url,
    timeoutMs: 30_000,
    maxSockets: 8,
    credentials: { master: () => MASTER, contextAdmin: () => ADMIN },
  });
  return { child, client };
}

/** The product's CLI: `ox-connector emulator --state FILE`. */
function startCli(state: string): Promise<Emulator> {
  const child = spawn(process.execPath, [main, 'emulator', '--port', '0', '--state', state], {
    env: { ...process.env, OX_MASTER_PASSWORD: MASTER.password },
  });
  return started(child);
}

/** The same emulator, with a journal folded into the snapshot every few KB, so kills also hit compactions. */
function startCompactingEmulator(state: string): Promise<Emulator> {
  const script =
    `const { startEmulator } = await import(${JSON.stringify(pathToFileURL(join(dist, 'emulator/index.js')).href)});` +
    `const e = await startEmulator({ port: 0, masterPassword: ${JSON.stringify(MASTER.password)}, ` +
    `statePath: ${JSON.stringify(state)}, journalCompactBytes: 4096 });` +
    `console.log(${JSON.stringify(READY)} + e.url);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script]);
  return started(child);
}

function kill9(emulator: Emulator): Promise<void> {
  emulator.client.close();
  return new Promise((resolve) => {
    emulator.child.once('exit', () => resolve());
    emulator.child.kill('SIGKILL');
  });
}

async function createContext(client: OxClient): Promise<void> {
  await client.call('OXContextService', 'create', {
    ctx: { id: CTX.id, maxQuota: -1 },
    admin_user: {
      name: ADMIN.login,
      password: ADMIN.password,
      display_name: 'Admin',
      given_name: 'A',
      sur_name: 'D',
      primaryEmail: 'admin@durable.org',
      email1: 'admin@durable.org',
    },
  });
}

async function createUser(client: OxClient, name: string): Promise<number> {
  const user = await client.call('OXUserService', 'create', { ctx: CTX, usrdata: oxUserData(name) });
  return user!.id as number;
}

/** What the restarted emulator knows of a user: its id and department, or undefined. */
async function readUser(client: OxClient, name: string): Promise<{ id: number; department?: string } | undefined> {
  try {
    const user = await client.call('OXUserService', 'getData', { ctx: CTX, user: { name } });
    return { id: user!.id as number, department: (user!.department as string | undefined) ?? undefined };
  } catch {
    return undefined;
  }
}

describe.skipIf(!existsSync(main))('emulator --state survives kill -9', () => {
  it('keeps every user it confirmed before SIGKILL, with the confirmed ids', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'ox-emu-durable-')), 'state.json');
    const first = await startCli(state);
    await createContext(first.client);
    const names = Array.from({ length: 24 }, (_, i) => `durable${i}`);
    const ids = await Promise.all(names.map((name) => createUser(first.client, name)));
    await kill9(first); // right after the last answer: no time for any delayed save

    const second = await startCli(state);
    const found = await Promise.all(names.map((name) => readUser(second.client, name)));
    expect(found.map((user) => user?.id)).toEqual(ids);
    await kill9(second);
  }, 60_000);

  it('loses no confirmed change across repeated kills at random moments of a steady load', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'ox-emu-durable-')), 'state.json');
    /** name → the id its create was confirmed with, and whether a later change was confirmed. */
    const confirmed = new Map<string, { id: number; changed: boolean }>();
    let next = 0;
    const setup = await startCompactingEmulator(state);
    await createContext(setup.client);
    await kill9(setup);

    for (let round = 0; round < 6; round++) {
      const emulator = await startCompactingEmulator(state);
      const context = await emulator.client.call('OXContextService', 'exists', { ctx: CTX }).catch(() => false);
      expect(context, `context ${CTX.id} after kill ${round}`).toBe(true);
      for (const [name, expected] of confirmed) {
        const user = await readUser(emulator.client, name);
        expect(user?.id, `user ${name} after kill ${round}`).toBe(expected.id);
        if (expected.changed) expect(user?.department, `change of ${name} after kill ${round}`).toBe('changed');
      }

      // Eight clients create users and then change them, without pause, until the kill cuts them off.
      let killed = false;
      const worker = async () => {
        while (!killed) {
          const name = `load${next++}`;
          try {
            const id = await createUser(emulator.client, name);
            confirmed.set(name, { id, changed: false });
            await emulator.client.call('OXUserService', 'change', {
              ctx: CTX,
              usrdata: { id, department: 'changed' },
            });
            confirmed.set(name, { id, changed: true });
          } catch {
            return; // cut off by the kill: not confirmed, so either outcome is right
          }
        }
      };
      const load = Array.from({ length: 8 }, () => worker());
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 600));
      killed = true;
      await kill9(emulator);
      await Promise.all(load);
    }
    expect(confirmed.size).toBeGreaterThan(0);
    const last = await startCompactingEmulator(state);
    for (const [name, expected] of confirmed) expect((await readUser(last.client, name))?.id).toBe(expected.id);
    await kill9(last);
  }, 180_000);
});
