/**
 * `npm run bench -- --call-timing` (decision 0196): where the time of one SOAP call goes. Both processes load
 * bench/probe/call-timing-probe.mjs, which notes when each HTTP exchange passes node's diagnostics channels;
 * this module turns those notes into one row per call and splits the call into what the connector, the wire and
 * the emulator spent.
 */
import { join, resolve } from 'node:path';
import { percentile } from './percentiles.js';

export const CALL_TIMING_PROBE_PATH = resolve(import.meta.dirname, '../probe/call-timing-probe.mjs');

/** The connector's side of one call (monotonic ms): connection given and request written, headers read, answer read. */
export interface ClientNote {
  port?: number;
  s: number;
  h?: number;
  e?: number;
}

/** The emulator's side of one call (monotonic ms): request headers read, answer handed to node. */
export interface ServerNote {
  port?: number;
  a: number;
  f?: number;
}

export interface CallTiming {
  /** Request written → the emulator's code has it (the emulator's event loop and the kernel). */
  toServer: number;
  /** The emulator's code has it → it hands over its answer (the configured latency and how late its timer fired). */
  server: number;
  /** Answer handed over → the connector's code has its headers (both event loops and the kernel). */
  toClient: number;
  /** Answer headers → whole answer read (connector). */
  body: number;
  total: number;
}

const PAIRING_SLACK_MS = 0.5;

/** Now on the probes' clock (the machine's monotonic clock in ms, as bench/probe/call-timing-probe.mjs reads it). */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

let directory: string | undefined;
let emulators = 0;

/** Turns recording on (a directory for the probes' files) or off (undefined) for the processes started next. */
export function recordCallTiming(dir: string | undefined): void {
  directory = dir;
}

/** Extra node arguments and environment for a child process; nothing while recording is off. */
export function callTimingSpawn(
  role: 'connector' | 'emulator',
  label?: string,
): { args: string[]; env: NodeJS.ProcessEnv } {
  if (directory === undefined) return { args: [], env: {} };
  const name = role === 'emulator' ? `emulator-${++emulators}` : `connector-${label ?? 'run'}`;
  return {
    args: ['--import', `file://${CALL_TIMING_PROBE_PATH}`],
    env: { BENCH_CALL_TIMING_FILE: join(directory, `${name}.json`) },
  };
}

function byPort<T extends { port?: number }>(notes: readonly T[], time: (n: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const note of notes) {
    if (note.port === undefined) continue;
    const list = out.get(note.port) ?? [];
    list.push(note);
    out.set(note.port, list);
  }
  for (const list of out.values()) list.sort((x, y) => time(x) - time(y));
  return out;
}

/**
 * Pairs the connector's and the emulator's notes of the same calls: one connection carries one call at a time,
 * so on each port (the connector's local port is the emulator's remote port) the n-th complete call of the one
 * side is the n-th of the other that falls into it. Calls either side did not see through are left out.
 */
export function joinCallTimings(client: readonly ClientNote[], server: readonly ServerNote[]): CallTiming[] {
  const servers = byPort(server, (n) => n.a);
  const out: CallTiming[] = [];
  for (const [port, calls] of byPort(client, (n) => n.s)) {
    const answers = servers.get(port) ?? [];
    let next = 0;
    for (const c of calls) {
      if (c.h === undefined || c.e === undefined) continue;
      // node notes the start of a request it had waiting just after writing it, so the emulator may have read it a
      // few microseconds "before": half a millisecond of slack, far below the gap between two calls of one connection.
      while (next < answers.length && answers[next].a < c.s - PAIRING_SLACK_MS) next += 1;
      const a = answers[next];
      if (a === undefined || a.f === undefined || a.a > c.h) continue;
      next += 1;
      out.push({
        toServer: a.a - c.s,
        server: a.f - a.a,
        toClient: c.h - a.f,
        body: c.e - c.h,
        total: c.e - c.s,
      });
    }
  }
  return out;
}

export interface SegmentSummary {
  segment: keyof CallTiming;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
}

export function summarizeCallTimings(calls: readonly CallTiming[]): SegmentSummary[] {
  const segments: (keyof CallTiming)[] = ['toServer', 'server', 'toClient', 'body', 'total'];
  return segments.map((segment) => {
    const values = calls.map((c) => c[segment]);
    return {
      segment,
      mean: values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length),
      p50: percentile(values, 50),
      p90: percentile(values, 90),
      p99: percentile(values, 99),
    };
  });
}

/**
 * Share of the emulator's answers handed over within `withinMs` of another one. Node's timers count whole
 * milliseconds, so calls read in the same millisecond are answered together; a client then gets them at once
 * and reads them one after the other.
 */
export function answersInBursts(server: readonly ServerNote[], withinMs = 0.1): number {
  const times = server.flatMap((n) => (n.f === undefined ? [] : [n.f])).sort((a, b) => a - b);
  let together = 0;
  for (let i = 0; i < times.length; i++) {
    const near =
      (i > 0 && times[i] - times[i - 1] < withinMs) || (i + 1 < times.length && times[i + 1] - times[i] < withinMs);
    if (near) together += 1;
  }
  return times.length === 0 ? 0 : together / times.length;
}

/**
 * How much of the time connections sat idle between two calls (answer read → next request started), as a share
 * of each connection's time from its first call to its last. A short call does not help if the next one starts
 * late: this is the other half of the picture.
 */
export function connectionIdleShare(client: readonly ClientNote[]): number {
  let idle = 0;
  let open = 0;
  for (const calls of byPort(client, (n) => n.s).values()) {
    const done = calls.filter((c) => c.e !== undefined);
    if (done.length === 0) continue;
    open += done[done.length - 1].e! - done[0].s;
    for (let i = 1; i < done.length; i++) idle += Math.max(0, done[i].s - done[i - 1].e!);
  }
  return open > 0 ? idle / open : 0;
}
