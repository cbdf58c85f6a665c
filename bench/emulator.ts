// Benchmark (not a test): SOAP calls per second the emulator sustains for OXUserService.getData and change
// with a concurrent keep-alive client and no latency, and the codec's encode+decode time per full User.
// The emulator runs in its own process (the real CLI, `npm run build` first), so the client's work does not
// count against it; its CPU time per call (from /proc) gives the calls/s one core can serve, a figure that
// other processes competing for the machine do not distort.
// A second table sets the same calls against emulators with --state (journal with and without fdatasync) beside
// the one without, so the price of durable state shows in one run.
// Run: npm run bench:emulator [-- --rounds N]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { OxClient, codec } from '../src/ox/index.js';
import { MASTER_ADMIN, MASTER_PASSWORD } from './lib/connector-env.js';
import { startEmulatorProcess } from './lib/emulator-process.js';

const CONCURRENCY = 32;
const DURATION_MS = 3000;

/** CPU seconds (user + system) a process has used so far (Linux /proc; clock ticks of 1/100 s). */
function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function fullUser(i: number): Record<string, unknown> {
  const user: Record<string, unknown> = {};
  for (const m of codec.complexType('User').members) {
    if (m.typeKey !== undefined) continue;
    user[m.name] =
      m.simple === 'int' || m.simple === 'long'
        ? i
        : m.simple === 'boolean'
          ? true
          : m.simple === 'date'
            ? '1980-05-02'
            : m.simple === 'base64Binary'
              ? 'AAECAw=='
              : `${m.name} value ${i}`;
    if (m.many) user[m.name] = [user[m.name], `${m.name}-2@example.org`];
  }
  return user;
}

interface CodecTimes {
  /** Wall-clock µs per call. */
  wall: number;
  /** CPU µs per call of this process: unaffected by other processes competing for the cores. */
  cpu: number;
}

function timeCodec(work: () => unknown): CodecTimes {
  const rounds = 20_000;
  for (let i = 0; i < 3000; i++) work();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) work();
  const cpu = process.cpuUsage(cpu0);
  return { wall: ((performance.now() - t0) * 1000) / rounds, cpu: (cpu.user + cpu.system) / rounds };
}

function codecTimes(): { encode: CodecTimes; decode: CodecTimes; both: CodecTimes } {
  const user = fullUser(7);
  const xml = codec.encodeResponse('OXUserService', 'getData', user);
  return {
    encode: timeCodec(() => codec.encodeResponse('OXUserService', 'getData', user)),
    decode: timeCodec(() => codec.decodeResponse('OXUserService', 'getData', xml)),
    both: timeCodec(() =>
      codec.decodeResponse('OXUserService', 'getData', codec.encodeResponse('OXUserService', 'getData', user)),
    ),
  };
}

interface Throughput {
  callsPerSecond: number;
  /** Calls per second of emulator CPU time: what one core serves when nothing else needs it. */
  perEmulatorCore: number;
}

async function throughput(emulatorPid: number, call: (i: number) => Promise<unknown>): Promise<Throughput> {
  let done = 0;
  const end = performance.now() + DURATION_MS;
  const worker = async (w: number) => {
    for (let i = w; performance.now() < end; i += CONCURRENCY) {
      await call(i);
      done += 1;
    }
  };
  const cpu0 = cpuSecondsOf(emulatorPid);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSecondsOf(emulatorPid) - cpu0;
  return { callsPerSecond: done / seconds, perEmulatorCore: cpu > 0 ? done / cpu : Infinity };
}

/** One emulator process in one --state setting: the getData and change throughput against it. */
interface Setting {
  label: string;
  args: (dir: string) => string[];
}

const SETTINGS: Setting[] = [
  { label: 'no --state', args: () => [] },
  { label: '--state (journal, fdatasync)', args: (dir) => ['--state', join(dir, 'state.json')] },
  { label: '--state --no-state-sync', args: (dir) => ['--state', join(dir, 'state.json'), '--no-state-sync'] },
];

async function measure(setting: Setting): Promise<{ getData: Throughput; change: Throughput }> {
  const dir = mkdtempSync(join(os.tmpdir(), 'ox-bench-emulator-'));
  const emu = await startEmulatorProcess(0, setting.args(dir));
  const client = new OxClient({
    baseUrl: emu.webservicesUrl,
    maxSockets: CONCURRENCY,
    credentials: {
      master: () => ({ login: MASTER_ADMIN, password: MASTER_PASSWORD }),
      contextAdmin: () => ({ login: 'oxadmin', password: 'admin' }),
    },
  });
  try {
    await client.call('OXContextService', 'create', {
      ctx: { id: 1, maxQuota: -1 },
      admin_user: {
        name: 'oxadmin',
        display_name: 'Admin',
        given_name: 'A',
        sur_name: 'D',
        password: 'admin',
        primaryEmail: 'admin@b.org',
        email1: 'admin@b.org',
      },
    });
    const ids: number[] = [];
    for (let i = 0; i < 100; i++) {
      const u = await client.call('OXUserService', 'create', {
        ctx: { id: 1 },
        usrdata: {
          name: `u${i}`,
          display_name: `User ${i}`,
          given_name: 'U',
          sur_name: `${i}`,
          password: 'pw',
          primaryEmail: `u${i}@b.org`,
          email1: `u${i}@b.org`,
        },
      });
      ids.push(u!.id as number);
    }
    const getData = await throughput(emu.pid, (i) =>
      client.call('OXUserService', 'getData', { ctx: { id: 1 }, user: { id: ids[i % ids.length] } }),
    );
    const change = await throughput(emu.pid, (i) =>
      client.call('OXUserService', 'change', {
        ctx: { id: 1 },
        usrdata: { id: ids[i % ids.length], department: `Dept ${i}`, city_home: `City ${i}` },
      }),
    );
    return { getData, change };
  } finally {
    client.close();
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
function medianThroughput(runs: Throughput[]): Throughput {
  return {
    callsPerSecond: median(runs.map((r) => r.callsPerSecond)),
    perEmulatorCore: median(runs.map((r) => r.perEmulatorCore)),
  };
}

// `--rounds N`: every setting N times, interleaved (so a busy moment of the machine hits all alike); medians.
const roundsFlag = process.argv.indexOf('--rounds');
const rounds = roundsFlag >= 0 ? Math.max(1, Number(process.argv[roundsFlag + 1]) || 1) : 1;
const runs = SETTINGS.map(() => ({ getData: [] as Throughput[], change: [] as Throughput[] }));
for (let round = 0; round < rounds; round++) {
  for (const [i, setting] of SETTINGS.entries()) {
    const result = await measure(setting);
    runs[i].getData.push(result.getData);
    runs[i].change.push(result.change);
  }
}
const results = runs.map((r) => ({ getData: medianThroughput(r.getData), change: medianThroughput(r.change) }));
const [getData, change] = [results[0].getData, results[0].change];
const times = codecTimes();

const ms = (t: CodecTimes) => `${(t.wall / 1000).toFixed(3)} ms (CPU ${(t.cpu / 1000).toFixed(3)} ms)`;
const perSecond = (t: Throughput) =>
  `${t.callsPerSecond.toFixed(0)} calls/s (${t.perEmulatorCore.toFixed(0)} per emulator CPU-second)`;
const rows: [string, string, string][] = [
  ['OXUserService.getData (full User answer)', perSecond(getData), '>= 2000 calls/s'],
  ['OXUserService.change', perSecond(change), '>= 2000 calls/s'],
  ['codec encode+decode, full User', ms(times.both), '< 0.2 ms'],
  ['  encode alone (emulator side)', ms(times.encode), ''],
  ['  decode alone (client side)', ms(times.decode), ''],
];
console.log(
  `emulator benchmark (node ${process.version}, ${CONCURRENCY} concurrent keep-alive requests, ${DURATION_MS / 1000} s each, no latency;` +
    ` ${rounds === 1 ? 'one round' : `median of ${rounds} interleaved rounds`};` +
    ` load average ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores)\n`,
);
console.log('| measurement | result | target |\n|---|---|---|');
for (const [what, result, target] of rows) console.log(`| ${what} | ${result} | ${target} |`);

// The price of durable --state (decision 0230): the same calls against an emulator journaling to its state file.
const cost = (with_: number, without: number) => `${(((without - with_) / without) * 100).toFixed(1)} %`;
console.log(`\n| calls/s (per emulator CPU-second) | ${SETTINGS.map((s) => s.label).join(' | cost | ')} | cost |`);
console.log(`|---|${SETTINGS.map(() => '---|---|').join('')}`);
for (const op of ['getData', 'change'] as const) {
  const base = results[0][op];
  const cells = results.map((r) => {
    const t = r[op];
    const shown = `${t.callsPerSecond.toFixed(0)} (${t.perEmulatorCore.toFixed(0)})`;
    return `${shown} | ${cost(t.callsPerSecond, base.callsPerSecond)} (${cost(t.perEmulatorCore, base.perEmulatorCore)})`;
  });
  console.log(`| OXUserService.${op} | ${cells.join(' | ')} |`);
}
