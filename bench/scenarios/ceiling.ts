/**
 * `npm run bench -- --ceiling` (decision 0064): where the initial load's time goes. Four runs of
 * the same initial load at one concurrency, side by side:
 *   1. connector → emulator      the normal benchmark's run (runThroughput, unchanged);
 *   2. bare client → emulator    the very requests of a recorded connector run, replayed without any
 *                                connector logic: the ceiling of any client against this emulator here;
 *   3. connector → replay stub   the connector against a diagnostic stub that answers after the same
 *                                latency with recorded answers, at almost no CPU per call;
 *   4. bare client → replay stub what HTTP and timers alone leave of the physical limit on this machine.
 */
import { startMeasuredEmulator } from '../lib/emulator-warm-up.js';
import { startReplayStub } from '../lib/replay-stub.js';
import type { SoapRecording } from '../lib/soap-recording.js';
import type { Phase } from './throughput.js';
import { bareReplay, connectorAgainstEmulator, connectorAgainstStub, record } from './ceiling-rows.js';

export interface CeilingOptions {
  latencyMs: number;
  /** Set by --concurrency; undefined = the connector's default. */
  concurrencySetting?: number;
  /** The concurrency that default stands for (the bare client needs a number). */
  concurrency: number;
  /** Each row measured this many times, rows interleaved (so a change of load hits all of them alike). */
  rounds: number;
  logLevel?: string;
  keep: boolean;
  log: (line: string) => void;
}

export type CeilingRowKind = 'connector-emulator' | 'bare-emulator' | 'connector-stub' | 'bare-stub';

export interface CeilingRow {
  kind: CeilingRowKind;
  objects: number;
  wallMs: number;
  /** Users created and ms between the first and the last of them. */
  users: number;
  usersSpanMs?: number;
  /** "ok", or what went wrong (failed objects, faults, files left). */
  outcome: string;
  /**
   * CPU during the phase: the connector process less the CPU of its run on an empty queue (process start,
   * settings, store), or the bare client (the benchmark process).
   */
  clientCpuMs?: number;
  /** CPU of the server during the phase: the emulator process, or the stub (the benchmark process). */
  serverCpuMs?: number;
  /** Row 4: client and stub share the benchmark process; its CPU is in `clientCpuMs`. */
  sameProcess?: boolean;
}

export interface CeilingResult {
  /** Every measurement, `rounds` of each kind. */
  rows: CeilingRow[];
  rounds: number;
  latencyMs: number;
  concurrency: number;
  objects: number;
  /** SOAP calls of the recorded run (the bare client sends exactly these). */
  recordedCalls: number;
  /** Their request bodies, in bytes (what the recording holds in memory). */
  recordedBytes: number;
  /** SOAP calls the connector counted in run 1, for comparison. */
  connectorCalls: number;
}

/** One measurement of each row, in table order. */
async function measureRound(o: CeilingOptions, recording: SoapRecording, phase: Phase, round: string) {
  const objects = phase.records.length;
  o.log(`ceiling${round} 1/4: connector → emulator (the normal run)`);
  const { calls, ...first } = await connectorAgainstEmulator(o, phase);
  o.log(`ceiling${round} 2/4: bare client → emulator, ${recording.calls.length} recorded requests`);
  const emulator = await startMeasuredEmulator(o.latencyMs, o.log);
  const bare = await bareReplay(o, 'bare-emulator', emulator, recording, objects);
  o.log(`ceiling${round} 3/4: connector → replay stub (diagnostic, not an OX)`);
  const stub = await connectorAgainstStub(o, recording, phase);
  o.log(`ceiling${round} 4/4: bare client → replay stub (diagnostic: HTTP and timers alone)`);
  const floor = await startReplayStub(recording.firstAnswers, o.latencyMs);
  const bareStub = await bareReplay(o, 'bare-stub', floor, recording, objects);
  return { rows: [first, bare, stub, bareStub], connectorCalls: calls };
}

export async function runCeiling(o: CeilingOptions, initialLoad: Phase): Promise<CeilingResult> {
  o.log('ceiling: recording the connector’s requests through a proxy (not measured)');
  const recording = await record(o, initialLoad);
  const rows: CeilingRow[] = [];
  let connectorCalls = 0;
  for (let round = 1; round <= o.rounds; round++) {
    const label = o.rounds > 1 ? ` round ${round}/${o.rounds}` : '';
    const measured = await measureRound(o, recording, initialLoad, label);
    rows.push(...measured.rows);
    connectorCalls = measured.connectorCalls;
  }
  return {
    rows,
    rounds: o.rounds,
    latencyMs: o.latencyMs,
    concurrency: o.concurrency,
    objects: initialLoad.records.length,
    recordedCalls: recording.calls.length,
    recordedBytes: recording.calls.reduce((sum, call) => sum + call.body.length, 0),
    connectorCalls,
  };
}
