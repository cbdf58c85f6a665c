// End-to-end harness: a real emulator (HTTP), a temporary data directory, queue files written as UCS writes
// them, `ox-connector` (the built CLI) as a child process, OX state read back over SOAP (ox-read.ts).
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { OxClient } from '../../src/ox/index.js';
import { QueueWriter } from './queue-files.js';
import { contextDn, contextObject } from './udm.js';

// The DN and object builders live in udm.ts; re-exported so that one import serves a test.
export {
  accessProfileDn,
  ACCESS_RIGHTS,
  BASE,
  contextDn,
  contextObject,
  functionalAccountDn,
  groupDn,
  resourceDn,
  udmAccessProfile,
  udmFunctionalAccount,
  udmGroup,
  udmResource,
  udmUser,
  userDn,
} from './udm.js';

export const MASTER_PASSWORD = 'Master-Secret-4711';
const MAIN = resolve(import.meta.dirname, '../../dist/cli/main.js');

export const DEFAULT_PROFILES = [
  'none=',
  'webmail=collectemailaddresses,contacts,multiplemailaccounts,subscription,webmail',
  'premium=calendar,collectemailaddresses,contacts,delegatetask,editpublicfolders,ical,infostore,multiplemailaccounts,readcreatesharedfolders,subscription,tasks,usm,vcard,webdav,webdavxml,webmail',
].join('\n');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export class E2E {
  dataDir: string;
  env: Record<string, string>;
  private readonly files: QueueWriter;

  constructor(
    readonly emulator: RunningEmulator,
    env: Record<string, string> = {},
  ) {
    this.dataDir = mkdtempSync(join(tmpdir(), 'oxc-e2e-'));
    mkdirSync(join(this.dataDir, 'listener'), { recursive: true });
    this.files = new QueueWriter(join(this.dataDir, 'listener'), '2024-05-02-14-03-07');
    writeFileSync(join(this.dataDir, 'ModuleAccessDefinitions.properties'), DEFAULT_PROFILES + '\n');
    this.env = {
      OX_SOAP_SERVER: emulator.url.replace(/\/webservices\/?$/, ''),
      OX_MASTER_PASSWORD: MASTER_PASSWORD,
      OX_IMAP_SERVER: 'imap://imap.example.org:143',
      OX_SMTP_SERVER: 'smtp://smtp.example.org:587',
      DOMAINNAME: 'example.org',
      DEFAULT_CONTEXT: '10',
      ...env,
    };
  }

  /** Writes one queue file in the converter's format (sorted keys, 4-space indent). */
  queue(id: string, type: string, dn: string, object: Record<string, unknown> | null): string {
    return this.files.write(id, type, dn, object);
  }

  /** The queue files not yet processed. */
  queueFiles(): string[] {
    return readdirSync(join(this.dataDir, 'listener')).filter((f) => f.endsWith('.json'));
  }

  /**
   * Starts the CLI on this data dir without waiting for it; only PATH and the test's settings reach it, so the
   * developer's own environment cannot change a result.
   */
  start(args: string[], extraEnv: Record<string, string> = {}, stdio: StdioOptions = ['ignore', 'pipe', 'pipe']) {
    return spawn(process.execPath, [MAIN, ...args, '--data-dir', this.dataDir], {
      env: { PATH: process.env.PATH ?? '', ...this.env, ...extraEnv },
      stdio,
    });
  }

  run(args: string[] = ['run', '--once'], extraEnv: Record<string, string> = {}): Promise<RunResult> {
    return new Promise((resolvePromise) => {
      const child = this.start(args, extraEnv);
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    });
  }

  /** `run --once` that must succeed cleanly: nothing on stderr, nothing failed, nothing left; returns stdout. */
  async runOk(): Promise<string> {
    const r = await this.run();
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/processed=\d+ failed=0 left=0/);
    expect(r.code).toBe(0);
    return r.stdout;
  }

  credentials(): Record<string, { adminuser: string; adminpass: string }> {
    try {
      return JSON.parse(readFileSync(join(this.dataDir, 'secrets', 'contexts.json'), 'utf8'));
    } catch {
      return {};
    }
  }

  /** A SOAP client with the master and the context-admin credentials the connector wrote. */
  client(): OxClient {
    return new OxClient({
      baseUrl: this.emulator.url,
      credentials: {
        master: () => ({ login: 'oxadminmaster', password: MASTER_PASSWORD }),
        contextAdmin: (id) => {
          const c = this.credentials()[String(id)];
          if (!c) throw new Error(`no credentials for context ${id}`);
          return { login: c.adminuser, password: c.adminpass };
        },
      },
    });
  }
}

export async function startTestEmulator(): Promise<RunningEmulator> {
  return startEmulator({ port: 0, masterPassword: MASTER_PASSWORD });
}

export interface ContextSetup {
  t: E2E;
  /** The new contexts; the first is DEFAULT_CONTEXT. */
  ids: number[];
  ox: OxClient;
}

/** A fresh data dir with `count` new contexts numbered from `firstId` (the first is DEFAULT_CONTEXT). */
export async function setupContexts(
  emulator: RunningEmulator,
  firstId: number,
  count: number,
  env: Record<string, string> = {},
): Promise<ContextSetup> {
  const ids = Array.from({ length: count }, (_, i) => firstId + i);
  const t = new E2E(emulator, { DEFAULT_CONTEXT: String(ids[0]), ...env });
  for (const id of ids) t.queue(`ctx-${id}`, 'oxmail/oxcontext', contextDn(id), contextObject(id));
  await t.runOk();
  return { t, ids, ox: t.client() };
}

export interface E2EFile {
  /** The file's emulator (started in beforeAll, closed in afterAll). */
  readonly emulator: RunningEmulator;
  /** `count` contexts no other test of the file uses, in a fresh data dir (see setupContexts). */
  setup(count?: number, env?: Record<string, string>): Promise<ContextSetup>;
  /** A context id no other test of the file uses, for a test that provisions the context itself. */
  newContextId(): number;
}

/**
 * One emulator for a test file, and fresh contexts for each test numbered on from `firstContext`, so that tests
 * of one file never see each other's objects.
 */
export function useE2E(firstContext = 100): E2EFile {
  let emulator: RunningEmulator | undefined;
  let nextContext = firstContext;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await emulator?.close();
  });
  const running = (): RunningEmulator => {
    if (!emulator) throw new Error('The emulator starts in beforeAll: use it inside a test or hook.');
    return emulator;
  };
  return {
    get emulator() {
      return running();
    },
    newContextId: () => nextContext++,
    async setup(count = 1, env = {}) {
      const first = nextContext;
      nextContext += count;
      return setupContexts(running(), first, count, env);
    },
  };
}

/**
 * Starts `run --once` and kills it (-9) once the queue is down to `killAtLeft` files: a point in the middle of
 * the work whatever the machine's speed (a fixed delay let a fast run finish before the kill, or killed it
 * before its first object). It may also finish on its own first.
 */
export function runAndKill(t: E2E, killAtLeft: number): Promise<void> {
  return new Promise((done) => {
    const child: ChildProcess = t.start(['run', '--once'], { OX_CONNECTOR_LOG_LEVEL: 'ERROR' }, 'ignore');
    const poll = setInterval(() => {
      if (t.queueFiles().length <= killAtLeft) child.kill('SIGKILL');
    }, 5);
    child.on('close', () => {
      clearInterval(poll);
      done();
    });
  });
}

/** Polls `check` every 50 ms, for up to 10 s; the error names `what` was awaited. */
export async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
