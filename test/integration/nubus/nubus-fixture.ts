// Shared by the Nubus source tests: nats-server + the Provisioning API stand-in, UDM objects as the API sends them,
// and the built CLI as a child process.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type NatsServer, startNatsServer } from '../../helpers/nats-server.js';
import { ProvisioningApiStandIn, type StandInMessage } from '../../helpers/provisioning-api-standin.js';

export const CLI = resolve(import.meta.dirname, '../../../dist/cli/main.js');
export const TOPICS = ['users/user', 'groups/group', 'oxmail/oxcontext'];

export function udmUser(n: number, extra: Record<string, unknown> = {}, container = 'cn=users') {
  return {
    dn: `uid=user${n},${container},dc=example,dc=org`,
    objectType: 'users/user',
    id: `uoi-user-${n}`,
    position: `${container},dc=example,dc=org`,
    properties: { username: `user${n}`, univentionObjectIdentifier: `uoi-user-${n}`, isOxUser: 'OK', ...extra },
    options: { default: true, pki: false },
    policies: {},
  };
}

export function change(topic: string, old: Record<string, unknown>, now: Record<string, unknown>): StandInMessage {
  return { publisher_name: 'udm-listener', realm: 'udm', topic, body: { old, new: now } };
}

export interface QueuedRecord {
  file: string;
  id: string;
  dn: string;
  udm_object_type: string;
  object: Record<string, unknown> | null;
  options: string[] | null;
}

export function readQueue(dataDir: string): QueuedRecord[] {
  let names: string[] = [];
  try {
    names = readdirSync(join(dataDir, 'listener'))
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
  return names.map((file) => ({ file, ...JSON.parse(readFileSync(join(dataDir, 'listener', file), 'utf8')) }));
}

export function newDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'ox-nubus-'));
}

/** A describe block's nats-server, the Provisioning API stand-in on it, and its data directories. */
export interface NubusStand {
  readonly nats: NatsServer;
  readonly api: ProvisioningApiStandIn;
  /** A fresh data directory, removed after the block. */
  dataDir(): string;
}

/** Starts the stand before the block's tests and removes everything after them. */
export function useNubusStand(): NubusStand {
  let nats: NatsServer | undefined;
  let api: ProvisioningApiStandIn | undefined;
  const dirs: string[] = [];
  beforeAll(async () => {
    nats = await startNatsServer();
    api = await ProvisioningApiStandIn.start(nats.url);
  });
  afterAll(async () => {
    await api?.close();
    await nats?.destroy();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const started = <T>(part: T | undefined, name: string): T => {
    if (part === undefined) throw new Error(`${name} is started before the tests of the block; use it inside a test`);
    return part;
  };
  return {
    get nats() {
      return started(nats, 'nats-server');
    },
    get api() {
      return started(api, 'the Provisioning API stand-in');
    },
    dataDir() {
      const dir = newDataDir();
      dirs.push(dir);
      return dir;
    },
  };
}

export function consumerEnv(apiUrl: string, name: string, password: string, dataDir: string): NodeJS.ProcessEnv {
  const file = join(dataDir, 'provisioning-password');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return {
    ...process.env,
    PROVISIONING_API_BASE_URL: apiUrl,
    PROVISIONING_API_USERNAME: name,
    PROVISIONING_API_PASSWORD_FILE: file,
  };
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; finished: Promise<Finished> } {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const finished = new Promise<Finished>((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, finished };
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
