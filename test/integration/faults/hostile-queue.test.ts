// Issue 14 items 8, 11 and 12 end to end: whatever sits in the queue directory, `run --once` terminates, provisions
// every good object, leaves each bad file in place and reports it, keeps its memory bounded, and never prints a
// byte of a file that is not a queue file. Beside it run `tasks list` and `status`, which read the same
// directory. A forged newline in an object id makes no log line of its own. Decisions 0220–0222.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PeakRssSampler, readProbeRss, RSS_PROBE_PATH } from '../../../bench/lib/peak-rss.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import {
  contextDn,
  contextObject,
  E2E,
  startTestEmulator,
  udmUser,
  userDn,
  type RunResult,
} from '../../helpers/e2e.js';
import { userByName } from '../../helpers/ox-read.js';

const CTX = 890;
const SECRET = 'root:$6$SHADOW-SECRET-4711$abcdefghijklmnop:19000:0:99999:7:::';
/** The limit this test sets; the oversize file is 512 MiB (sparse: no disk, but that much memory if read). */
const LIMIT = 256 * 1024;
/** Far below what reading any bad file would take (/dev/zero: 4 GiB, the oversize file: 512 MiB). */
const RSS_BOUND_MIB = 250;
/** A safety net only, so that a reader that blocks fails the test instead of hanging it; nothing is timed. */
const WATCHDOG_MS = 90_000;

const GOOD = ['good1', 'good2', 'good3', 'good4', 'good5', 'good6'];
const STAMP = '2024-05-02-14-03-07';

let emu: RunningEmulator;
let t: E2E;
type Guarded = RunResult & { peakMiB: number; killed: boolean };
let run: Guarded;
let beside: Guarded[] = [];
let after: { statusText: Guarded; statusJson: Guarded; listText: Guarded; listJson: Guarded };
const children = new Set<ChildProcess>();
const bad: Record<string, string> = {};

/** Runs the CLI with the kernel's peak RSS (ru_maxrss at exit, VmHWM sampled meanwhile) and a watchdog. */
function guardedRun(args: string[], env: Record<string, string> = {}) {
  const rssFile = join(mkdtempSync(join(tmpdir(), 'oxc-rss-')), 'rss.json');
  const child = t.start(args, { ...env, NODE_OPTIONS: `--import=${RSS_PROBE_PATH}`, BENCH_RSS_FILE: rssFile });
  children.add(child);
  const sampler = new PeakRssSampler(child.pid!);
  let stdout = '';
  let stderr = '';
  let killed = false;
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const watchdog = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, WATCHDOG_MS);
  return new Promise<RunResult & { peakMiB: number; killed: boolean }>((resolve) => {
    child.on('close', (code) => {
      children.delete(child);
      clearTimeout(watchdog);
      const peakKiB = Math.max(sampler.stop(), readProbeRss(rssFile));
      resolve({ code, stdout, stderr, killed, peakMiB: peakKiB / 1024 });
    });
  });
}

/** Output lines that are neither log lines (an ISO timestamp first) nor the closing summary of `run --once`. */
const strayLines = (text: string) =>
  text
    .split('\n')
    .filter(
      (l) =>
        l !== '' &&
        !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /.test(l) &&
        !/^processed=\d+ failed=\d+ left=\d+$/.test(l),
    );

beforeAll(async () => {
  emu = await startTestEmulator();
  t = new E2E(emu, { DEFAULT_CONTEXT: String(CTX), OX_CONNECTOR_MAX_QUEUE_FILE_SIZE: String(LIMIT) });
  const dir = join(t.dataDir, 'listener');
  const secretFile = join(mkdtempSync(join(tmpdir(), 'oxc-shadow-')), 'shadow');
  writeFileSync(secretFile, SECRET + '\n', { mode: 0o600 });
  const name = (n: number, what: string) => `${STAMP}-${String(n).padStart(6, '0')}-${what}.json`;

  // Good files around every bad one (t.queue numbers its files 1, 2, …; "-x.json" sorts before ".json").
  t.queue('ctx', 'oxmail/oxcontext', contextDn(CTX), contextObject(CTX)); // 1
  t.queue(GOOD[0], 'users/user', userDn(GOOD[0]), udmUser(GOOD[0], CTX)); // 2
  bad.zero = name(3, 'zero');
  symlinkSync('/dev/zero', join(dir, bad.zero));
  t.queue(GOOD[1], 'users/user', userDn(GOOD[1]), udmUser(GOOD[1], CTX)); // 3
  bad.shadow = name(4, 'shadow');
  symlinkSync(secretFile, join(dir, bad.shadow));
  t.queue(GOOD[2], 'users/user', userDn(GOOD[2]), udmUser(GOOD[2], CTX)); // 4
  bad.directory = name(5, 'directory');
  mkdirSync(join(dir, bad.directory));
  t.queue(GOOD[3], 'users/user', userDn(GOOD[3]), udmUser(GOOD[3], CTX)); // 5
  bad.oversize = name(6, 'oversize');
  writeFileSync(join(dir, bad.oversize), '');
  truncateSync(join(dir, bad.oversize), 512 * 1024 * 1024);
  // A user as the converter writes it, with one byte that is not UTF-8 in its surname.
  bad.latin1 = name(6, 'latin1');
  const body = JSON.stringify(
    { dn: userDn('latin'), id: 'latin', object: udmUser('latin', CTX, { lastname: 'M\u00fcller' }) },
    null,
    4,
  );
  writeFileSync(join(dir, bad.latin1), Buffer.from(body, 'latin1'));
  t.queue(GOOD[4], 'users/user', userDn(GOOD[4]), udmUser(GOOD[4], CTX)); // 6
  // A forged log line in an object id: a good user (provisioned) and one left queued (unknown type, named by
  // `tasks list`) and one parked (no login; named by `status --verbose`).
  const forged = (what: string) => `${what}\n2024-05-02T14:03:07.000Z ERROR    [-] FORGED-${what}`;
  t.queue(forged('good'), 'users/user', userDn(GOOD[5]), udmUser(GOOD[5], CTX)); // 7
  t.queue(forged('queued'), 'oxmail/nonsense', `cn=${forged('queued')},dc=example,dc=org`, { name: 'x' }); // 8
  t.queue(forged('parked'), 'users/user', userDn('forged'), udmUser('forged', CTX, { username: '' })); // 9
  // Last: the FIFO. A reader that opens it waits forever for a writer.
  bad.fifo = name(10, 'fifo');
  expect(spawnSync('mkfifo', [join(dir, bad.fifo)]).status).toBe(0);

  // run --once with the tools beside it, reading the same directory.
  const running = guardedRun(['run', '--once']);
  beside = await Promise.all([guardedRun(['tasks', 'list', '--json']), guardedRun(['status', '--verbose'])]);
  run = await running;
  const [statusText, statusJson, listText, listJson] = await Promise.all([
    guardedRun(['status', '--verbose']),
    guardedRun(['status', '--verbose', '--json']),
    guardedRun(['tasks', 'list']),
    guardedRun(['tasks', 'list', '--json']),
  ]);
  after = { statusText, statusJson, listText, listJson };
}, 4 * WATCHDOG_MS);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await emu?.close();
});

const allOutput = () =>
  [run, ...beside, ...Object.values(after)].map((r) => r.stdout + r.stderr).join('\n') +
  readFileSync(join(t.dataDir, 'ox-connector-tasks.log'), { encoding: 'utf8', flag: 'a+' });

describe('a queue directory with files that are not queue files', () => {
  it('run --once terminates, and so do tasks list and status beside it and after it', () => {
    expect(run.killed, `run --once did not end within the watchdog; stdout:\n${run.stdout.slice(-2000)}`).toBe(false);
    expect(run.code).toBe(1);
    for (const r of [...beside, ...Object.values(after)]) {
      expect(r.killed, 'a tool did not end within the watchdog').toBe(false);
      expect(r.code === 0 || r.code === 1, r.stderr).toBe(true);
    }
  });

  it('every good object is provisioned', async () => {
    const ox = t.client();
    for (const n of GOOD) expect(await userByName(ox, CTX, n), n).toBeDefined();
    expect(await userByName(ox, CTX, 'latin')).toBeUndefined();
    ox.close();
  });

  it('every bad file is left in place and reported by name, with what to do', () => {
    const dir = join(t.dataDir, 'listener');
    for (const file of Object.values(bad)) expect(() => lstatSync(join(dir, file)), file).not.toThrow();
    const expected: [string, RegExp][] = [
      [bad.zero, /is a symbolic link; the connector does not read it and leaves it in place; remove it/],
      [bad.shadow, /is a symbolic link/],
      [bad.directory, /is a directory/],
      [bad.oversize, /is 536870912 bytes, more than OX_CONNECTOR_MAX_QUEUE_FILE_SIZE \(262144 bytes\).*raise the/],
      [bad.latin1, /is not valid UTF-8 text; fix or remove it/],
      [bad.fifo, /is a FIFO \(named pipe\)/],
    ];
    const items = JSON.parse(after.listJson.stdout) as { status: string; files: string[]; error?: string }[];
    for (const [file, message] of expected) {
      expect(run.stdout, file).toMatch(new RegExp(`ERROR .*${file.replace(/\./g, '\\.')}`));
      const item = items.find((i) => i.files.some((f) => f.endsWith(file)));
      expect(item?.status, file).toBe('malformed');
      expect(item?.error, file).toMatch(message);
    }
  });

  it('peak memory stays bounded', () => {
    console.log(`run --once over the hostile queue: peak RSS ${run.peakMiB.toFixed(1)} MiB`);
    expect(run.peakMiB).toBeGreaterThan(0);
    expect(run.peakMiB).toBeLessThan(RSS_BOUND_MIB);
  });

  it('no byte of the linked file appears anywhere', () => {
    const text = allOutput();
    expect(text).toContain(bad.shadow);
    for (const piece of ['SHADOW-SECRET', 'root:$6$', '$6$SHA']) expect(text).not.toContain(piece);
  });

  it('a forged newline in an object id makes no line of its own, in the log, status or tasks list', () => {
    expect(strayLines(run.stdout)).toEqual([]);
    expect(run.stdout).toMatch(/\[good\\n2024-05-02T14:03:07\.000Z ERROR {4}\[-\] FORGED-good\]/);
    for (const r of [run, ...beside, ...Object.values(after)]) {
      expect((r.stdout + r.stderr).split('\n').filter((l) => /^\s*2024-05-02T14:03:07\.000Z ERROR/.test(l))).toEqual(
        [],
      );
    }
    expect(after.listText.stdout).toContain('FORGED-queued');
    expect(after.statusText.stdout).toContain('FORGED-parked');
  });
});
