/**
 * The connector under chaos: the built CLI's long-running `run` (or `run --source ldap`) as a child process
 * that the soak kills with SIGKILL and starts again, and the administrator's commands run beside it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_PATH } from '../lib/connector-env.js';
import { stopChild } from '../lib/emulator-process.js';

export class ConnectorUnderTest {
  private child: ChildProcess | undefined;
  private restarting = false;
  kills = 0;
  /** Starts refused because an admin command held the data directory (the runner exits 2, the watchdog retries). */
  startsRefused = 0;
  starts = 0;
  /** Exits the soak did not cause (the connector gave up on its own): each is a finding. */
  readonly unexpectedExits: string[] = [];

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly runArgs: string[],
    private readonly dataDir: string,
  ) {}

  get logFile(): string {
    return join(this.dataDir, 'soak-connector.log');
  }

  start(): void {
    const out = openSync(this.logFile, 'a');
    try {
      const child = spawn(process.execPath, [CLI_PATH, ...this.runArgs], {
        env: this.env,
        stdio: ['ignore', out, out],
      });
      this.starts++;
      child.once('exit', (code, signal) => {
        if (signal !== 'SIGKILL' && signal !== 'SIGTERM' && this.child === child) {
          // An admin command holding the data directory makes a starting runner exit 2 by design: counted apart.
          if (code === 2 && /is working on .*wait until it has finished/.test(lastLine(this.logFile)))
            this.startsRefused++;
          else this.unexpectedExits.push(`connector exited by itself with code ${code} (see ${this.logFile})`);
        }
        if (this.child === child) this.child = undefined;
      });
      this.child = child;
    } finally {
      closeSync(out);
    }
  }

  running(): boolean {
    return this.child !== undefined;
  }

  /** kill -9, wait until it is gone (as a service manager would), start it again. */
  async killAndRestart(): Promise<void> {
    const child = this.child;
    this.restarting = true;
    try {
      if (child) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await gone;
        this.kills++;
      }
      this.start();
    } finally {
      this.restarting = false;
    }
  }

  /** The watchdog: starts a connector that ended by itself (not while a kill is in hand). */
  ensureRunning(): void {
    if (!this.restarting && !this.child) this.start();
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child) await stopChild(child, 10_000);
  }
}

export interface CommandResult {
  code: number | null;
  output: string;
}

/** One CLI command to its end, e.g. `cache rebuild`; stdout and stderr together. */
export function runCli(env: NodeJS.ProcessEnv, args: string[], timeoutMs = 120_000): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function lastLine(file: string): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').at(-1) ?? '';
  } catch {
    return '';
  }
}
