/**
 * `npm run bench -- --call-timing` (decision 0196): the initial load at one concurrency, as in the normal
 * benchmark, with both processes noting when every SOAP call passes node's HTTP diagnostics channels. The
 * report splits the mean call into the connector's part, the emulator's part and the wire, so a gap to the
 * physical limit can be put where it arises. The probes cost a few microseconds per call: this run is a
 * diagnosis, not the throughput figure.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  answersInBursts,
  connectionIdleShare,
  joinCallTimings,
  monotonicMs,
  recordCallTiming,
  summarizeCallTimings,
  type ClientNote,
  type SegmentSummary,
  type ServerNote,
} from '../lib/call-timing.js';
import { fixed, renderTable } from '../lib/table.js';
import { runThroughput, STARTUP_PHASE, type Phase, type PhaseResult } from './throughput.js';

export interface CallTimingOptions {
  latencyMs: number;
  concurrencySetting?: number;
  concurrency: number;
  logLevel?: string;
  keep: boolean;
  log: (line: string) => void;
}

export interface CallTimingResult {
  latencyMs: number;
  concurrency: number;
  objects: number;
  wallMs: number;
  /** Calls the connector's probe saw, and how many of them could be paired with the emulator's notes. */
  clientCalls: number;
  pairedCalls: number;
  segments: SegmentSummary[];
  /** Share of the emulator's answers handed over within 0.1 ms of another answer. */
  answersInBursts: number;
  /** Share of the connections' time spent idle between two calls. */
  connectionIdle: number;
}

function readNotes(dir: string): { client: ClientNote[]; server: ServerNote[] } {
  const client: ClientNote[] = [];
  const server: ServerNote[] = [];
  for (const name of readdirSync(dir)) {
    const notes = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { client: ClientNote[]; server: ServerNote[] };
    client.push(...notes.client);
    server.push(...notes.server);
  }
  return { client, server };
}

export async function runCallTiming(o: CallTimingOptions, initialLoad: Phase): Promise<CallTimingResult> {
  const dir = mkdtempSync(join(tmpdir(), 'ox-bench-calls-'));
  recordCallTiming(dir);
  let wallMs = 0;
  // The emulator's warm-up and the empty-queue run come before the initial load: only calls after them count.
  let measuredFrom = 0;
  const onPhase = (r: PhaseResult) => {
    if (r.phase === STARTUP_PHASE) measuredFrom = monotonicMs();
  };
  try {
    const settings = { latencyMs: o.latencyMs, concurrencies: [o.concurrencySetting], logLevel: o.logLevel };
    const results = await runThroughput({ ...settings, keep: o.keep, log: o.log, onPhase }, [initialLoad]);
    const load = results.find((r) => r.phase !== STARTUP_PHASE);
    if (!load || load.run.exitCode !== 0 || load.left > 0)
      throw new Error('The initial load did not complete; the call timings would describe a broken run.');
    wallMs = load.run.wallMs;
  } finally {
    recordCallTiming(undefined);
  }
  // The emulator has stopped (runThroughput stops it), so both sides' notes are on disk.
  const notes = readNotes(dir);
  const client = notes.client.filter((n) => n.s >= measuredFrom);
  const server = notes.server.filter((n) => n.a >= measuredFrom);
  rmSync(dir, { recursive: true, force: true });
  const calls = joinCallTimings(client, server);
  return {
    latencyMs: o.latencyMs,
    concurrency: o.concurrency,
    objects: initialLoad.records.length,
    wallMs,
    clientCalls: client.filter((c) => c.e !== undefined).length,
    pairedCalls: calls.length,
    segments: summarizeCallTimings(calls),
    answersInBursts: answersInBursts(server),
    connectionIdle: connectionIdleShare(client),
  };
}

const LABELS: Record<SegmentSummary['segment'], string> = {
  toServer: "wire + emulator's event loop: connector writes the request → emulator reads it",
  server: 'emulator: request read → answer handed to node (the latency, and how late its timer fires)',
  toClient: 'both event loops + wire: answer handed to node → connector reads it',
  body: 'connector: answer headers → whole answer',
  total: 'whole call, as the connector sees it',
};

export function callTimingReport(r: CallTimingResult): string {
  const total = r.segments.find((s) => s.segment === 'total')!;
  const ms = (v: number) => fixed(v, 2);
  const rows = r.segments.map((s) => [
    LABELS[s.segment],
    ms(s.mean),
    ms(s.p50),
    ms(s.p90),
    ms(s.p99),
    s.segment === 'total' ? '100 %' : `${fixed((100 * s.mean) / total.mean, 0)} %`,
  ]);
  return [
    `Where a SOAP call's time goes: initial load of ${r.objects.toLocaleString('en-US')} objects at concurrency ` +
      `${r.concurrency}, emulator latency ${r.latencyMs} ms, ${r.pairedCalls.toLocaleString('en-US')} of ` +
      `${r.clientCalls.toLocaleString('en-US')} calls paired (both processes probed; wall time ` +
      `${fixed(r.wallMs / 1000, 2)} s, not a throughput figure)`,
    '',
    renderTable(['part of the call', 'mean ms', 'p50 ms', 'p90 ms', 'p99 ms', 'of the mean'], rows),
    '',
    `Of a call, ${fixed((100 * r.latencyMs) / total.mean, 0)} % is the latency itself; the rest is the other rows. ` +
      `Between calls, connections sat idle ${fixed(100 * r.connectionIdle, 1)} % of the time from their first call ` +
      'to their last (answer read → next request started).',
    `${fixed(100 * r.answersInBursts, 0)} % of the emulator's answers were handed over within 0.1 ms of another one ` +
      "(node's timers count whole milliseconds): the connector gets those at once and reads them one after the other.",
  ].join('\n');
}
