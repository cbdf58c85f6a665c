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
import { rmSync } from 'node:fs';
import { DEFAULT_WORKLOAD_OPTIONS, QueueDirectoryWriter } from '../workload/index.js';
import { freshDataDir, listenerDir, type ConnectorSettings } from '../lib/connector-env.js';
import { startEmulatorProcess, type EmulatorProcess } from '../lib/emulator-process.js';
import { runConnectorOnce, type OnceResult } from '../lib/connector-process.js';
import { startRecordingProxy } from '../lib/recording-proxy.js';
import { startReplayStub } from '../lib/replay-stub.js';
import { replayCalls } from '../lib/bare-client.js';
import { createdUsersSpan } from '../lib/created-users.js';
import { totalCalls } from '../lib/stats.js';
import { queuedFiles } from '../lib/wait.js';
import type { SoapRecording } from '../lib/soap-recording.js';
import { runThroughput, STARTUP_PHASE, type Phase, type PhaseResult } from './throughput.js';

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

const cpuBetween = (before: number | undefined, after: number | undefined) =>
  before === undefined || after === undefined ? undefined : after - before;

/** CPU milliseconds (user + system) this benchmark process has used so far. */
function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function connectorOutcome(run: OnceResult, left: number): string {
  return run.exitCode === 0 && left === 0 ? 'ok' : `exit ${run.exitCode}, ${left} left (log ${run.logFile})`;
}

/** Row 1: exactly the normal benchmark's code path, one concurrency, the initial load only. */
async function connectorAgainstEmulator(o: CeilingOptions, phase: Phase): Promise<CeilingRow & { calls: number }> {
  let row: (CeilingRow & { calls: number }) | undefined;
  let emulatorCpuBefore: number | undefined;
  let startupCpu: number | undefined;
  const inspect = (r: PhaseResult, emulator: EmulatorProcess) => {
    if (r.phase === STARTUP_PHASE) {
      emulatorCpuBefore = emulator.cpuMs();
      startupCpu = r.run.cpuMs;
      return;
    }
    const span = createdUsersSpan(r.run.logFile);
    const emulatorCpu = emulator.cpuMs();
    row = {
      kind: 'connector-emulator',
      objects: r.objects,
      wallMs: r.run.wallMs,
      users: span.users,
      usersSpanMs: span.spanMs,
      outcome: connectorOutcome(r.run, r.left),
      calls: totalCalls(r.run.stats.calls),
      clientCpuMs: cpuBetween(startupCpu, r.run.cpuMs),
      serverCpuMs: cpuBetween(emulatorCpuBefore, emulatorCpu),
    };
  };
  const settings = { latencyMs: o.latencyMs, concurrencies: [o.concurrencySetting], logLevel: o.logLevel };
  await runThroughput({ ...settings, keep: o.keep, log: o.log, onPhase: inspect }, [phase]);
  if (!row) throw new Error('The connector → emulator run reported no initial-load phase.');
  return row;
}

/** The connector on a fresh data directory against `soapServer`: an empty-queue run, then the phase. */
async function connectorRun(
  o: CeilingOptions,
  soapServer: string,
  label: string,
  phase: Phase,
  beforePhase: () => void = () => undefined,
) {
  const dataDir = freshDataDir(label);
  const settings: ConnectorSettings = {
    soapServer,
    dataDir,
    contextId: DEFAULT_WORKLOAD_OPTIONS.contextId,
    mailDomain: DEFAULT_WORKLOAD_OPTIONS.mailDomain,
    concurrency: o.concurrencySetting,
    logLevel: o.logLevel,
  };
  const startup = await runConnectorOnce(settings, '0-empty-queue'); // as runThroughput does
  new QueueDirectoryWriter(listenerDir(dataDir)).writeAll(phase.records);
  beforePhase();
  const ownCpuBefore = ownCpuMs();
  const run = await runConnectorOnce(settings, '1-initial-load');
  const ownCpu = ownCpuMs() - ownCpuBefore; // the stub's CPU when it is the server
  const left = queuedFiles(dataDir);
  const span = createdUsersSpan(run.logFile);
  const ok = run.exitCode === 0 && left === 0;
  if (o.keep || !ok) o.log(`  data directory kept: ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
  return { run, left, span, ownCpu, connectorCpu: cpuBetween(startup.cpuMs, run.cpuMs) };
}

/** Unmeasured: the connector through the recording proxy, to capture the requests and answers. */
async function record(o: CeilingOptions, phase: Phase): Promise<SoapRecording> {
  const emulator = await startEmulatorProcess(o.latencyMs);
  const proxy = await startRecordingProxy(emulator.soapServer);
  try {
    const { run, left } = await connectorRun(o, proxy.soapServer, 'ceiling-record', phase, () => proxy.reset());
    if (run.exitCode !== 0 || left > 0) {
      throw new Error(`The recording run did not provision everything (${connectorOutcome(run, left)}).`);
    }
    return proxy.recording;
  } finally {
    await proxy.stop();
    await emulator.stop();
  }
}

interface SoapServer {
  soapServer: string;
  /** Server CPU so far; absent when the server runs in this process (its CPU is then the client's). */
  cpuMs?: () => number | undefined;
  stop(): Promise<void>;
}

/** Rows 2 and 4: the recorded requests replayed by the bare client against `server`. */
async function bareReplay(
  o: CeilingOptions,
  kind: CeilingRowKind,
  server: SoapServer,
  recording: SoapRecording,
  objects: number,
): Promise<CeilingRow> {
  try {
    const serverBefore = server.cpuMs?.();
    const clientBefore = ownCpuMs();
    const r = await replayCalls(recording.calls, server.soapServer, o.concurrency);
    const clientCpuMs = ownCpuMs() - clientBefore;
    const serverCpuMs = server.cpuMs ? cpuBetween(serverBefore, server.cpuMs()) : undefined;
    const span =
      r.firstUserCreateMs !== undefined && r.lastUserCreateMs !== undefined && r.userCreates > 1
        ? r.lastUserCreateMs - r.firstUserCreateMs
        : undefined;
    return {
      kind,
      objects,
      wallMs: r.wallMs,
      users: r.userCreates,
      usersSpanMs: span,
      outcome: r.notOk === 0 ? 'ok' : `${r.notOk} of ${r.calls} answers not HTTP 200`,
      clientCpuMs,
      serverCpuMs,
      sameProcess: !server.cpuMs,
    };
  } finally {
    await server.stop();
  }
}

async function connectorAgainstStub(o: CeilingOptions, recording: SoapRecording, phase: Phase): Promise<CeilingRow> {
  const stub = await startReplayStub(recording.firstAnswers, o.latencyMs);
  try {
    const { run, left, span, ownCpu, connectorCpu } = await connectorRun(o, stub.soapServer, 'ceiling-stub', phase);
    const unknown = stub.unknown > 0 ? `; ${stub.unknown} calls had no recorded answer` : '';
    return {
      kind: 'connector-stub',
      objects: phase.records.length,
      wallMs: run.wallMs,
      users: span.users,
      usersSpanMs: span.spanMs,
      outcome: connectorOutcome(run, left) + unknown,
      clientCpuMs: connectorCpu,
      serverCpuMs: ownCpu,
    };
  } finally {
    await stub.stop();
  }
}

/** One measurement of each row, in table order. */
async function measureRound(o: CeilingOptions, recording: SoapRecording, phase: Phase, round: string) {
  const objects = phase.records.length;
  o.log(`ceiling${round} 1/4: connector → emulator (the normal run)`);
  const { calls, ...first } = await connectorAgainstEmulator(o, phase);
  o.log(`ceiling${round} 2/4: bare client → emulator, ${recording.calls.length} recorded requests`);
  const emulator = await startEmulatorProcess(o.latencyMs);
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
