// Issue 14 item 3: the runner lock is held by one process at most, also when several processes try it at the
// same instant, and also when they all find the lock of a process that died (kill -9) holding it.
// Real processes (test/helpers/lock-contender.mjs) released at one instant per trial; 50 trials each.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';

const CONTENDER = resolve(import.meta.dirname, '../../helpers/lock-contender.mjs');
const CONTENDERS = 4;
const TRIALS = 50;
// Each trial lasts the start instant's lead (150 ms) plus the losers' wait for a contender passing through
// (250 ms, src/engine/lock.ts) plus, after a kill, a new process's start: 50 of them outlast the default timeout.
const TRIALS_TIMEOUT_MS = 240_000;

class Contender {
  readonly proc: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly waiting: ((line: string) => void)[] = [];
  readonly exited: Promise<void>;

  constructor(dataDir: string) {
    this.proc = spawn(process.execPath, [CONTENDER, dataDir]);
    this.lines = createInterface({ input: this.proc.stdout });
    this.lines.on('line', (line) => this.waiting.shift()?.(line));
    this.exited = new Promise((done) => this.proc.once('exit', () => done()));
  }

  /** Sends a command and resolves with the answer line. */
  ask(command: string): Promise<string> {
    return new Promise((answer) => {
      this.waiting.push(answer);
      this.proc.stdin.write(`${command}\n`);
    });
  }

  async die(): Promise<void> {
    this.proc.stdin.write('die\n');
    await this.exited;
  }

  stop(): void {
    this.proc.kill('SIGKILL');
  }
}

let contenders: Contender[] = [];
afterEach(() => {
  for (const c of contenders) c.stop();
  contenders = [];
});

/** One trial: every contender tries the lock at the same instant; returns the ones that got it. */
async function trial(fileName: string): Promise<Contender[]> {
  // Far enough ahead that every contender has read its line before the instant comes (a late one only tries
  // later, which makes the trial easier, never wrong).
  const at = Date.now() + 150;
  const answers = await Promise.all(contenders.map((c) => c.ask(`go ${at} ${fileName}`)));
  return contenders.filter((_, i) => answers[i] === 'got');
}

// The LDAP source (ldap-source.lock) takes the same lock code; its name is tried for the free lock too.
describe.each(['ox-connector.lock', 'ldap-source.lock'])('the lock %s', (fileName) => {
  it(
    `is held by one of ${CONTENDERS} processes that try it at the same instant, in ${TRIALS} of ${TRIALS} trials`,
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'oxc-lock-'));
      contenders = Array.from({ length: CONTENDERS }, () => new Contender(dataDir));
      const holders: number[] = [];
      for (let i = 0; i < TRIALS; i++) {
        const won = await trial(fileName);
        holders.push(won.length);
        for (const c of won) await c.ask('release');
      }
      expect(holders).toEqual(Array(TRIALS).fill(1));
    },
    TRIALS_TIMEOUT_MS,
  );

  it.runIf(fileName === 'ox-connector.lock')(
    `left by a process killed while holding it is taken over by exactly one of ${CONTENDERS}, in ${TRIALS} of ${TRIALS} trials`,
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'oxc-lock-'));
      contenders = Array.from({ length: CONTENDERS }, () => new Contender(dataDir));
      const holders: number[] = [];
      let deadPids = 0;
      for (let i = 0; i < TRIALS; i++) {
        const won = await trial(fileName);
        holders.push(won.length);
        // The holders die holding the lock: the next trial starts from a stale lock file naming a dead PID.
        for (const c of won) {
          const pid = c.proc.pid;
          await c.die();
          if (readFileSync(join(dataDir, fileName), 'utf8').split('\n')[0] === String(pid)) deadPids++;
          contenders[contenders.indexOf(c)] = new Contender(dataDir);
        }
      }
      expect(holders).toEqual(Array(TRIALS).fill(1));
      // Every trial after the first really began from a lock file left by a dead holder.
      expect(deadPids).toBe(TRIALS);
    },
    TRIALS_TIMEOUT_MS,
  );
});
