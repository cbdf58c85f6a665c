/**
 * `npm run bench -- --ceiling` (decision 0064): where the initial load's time goes. Three runs of
 * the same initial load at one concurrency, side by side:
 *   1. connector → emulator      the normal benchmark's run (runThroughput, unchanged);
 *   2. bare client → emulator    the very requests of a recorded connector run, replayed without any
 *                                connector logic: the ceiling of any client against this emulator here;
 *   3. connector → replay stub   the connector against a diagnostic stub that answers after the same
 *                                latency with recorded answers, at almost no CPU per call.
 */
import { rmSync } from 'node:fs';
import { DEFAULT_WORKLOAD_OPTIONS, QueueDirectoryWriter } from '../workload/index.js';
import { freshDataDir, listenerDir, type ConnectorSettings } from '../lib/connector-env.js';
import { startEmulatorProcess } from '../lib/emulator-process.js';
import { runConnectorOnce, type OnceResult } from '../lib/connector-process.js';
import { startRecordingProxy } from '../lib/recording-proxy.js';
import { startReplayStub } from '../lib/replay-stub.js';
import { replayCalls } from '../lib/bare-client.js';
import { createdUsersSpan } from '../lib/created-users.js';
import { totalCalls } from '../lib/stats.js';
import { queuedFiles } from '../lib/wait.js';
import type { SoapRecording } from '../lib/soap-recording.js';
import { runThroughput, type Phase, type PhaseResult } from './throughput.js';

export interface CeilingOptions {
  latencyMs: number;
  /** Set by --concurrency; undefined = the connector's default. */
  concurrencySetting?: number;
  /** The concurrency that default stands for (the bare client needs a number). */
  concurrency: number;
  logLevel?: string;
  keep: boolean;
  log: (line: string) => void;
}

export type CeilingRowKind = 'connector-emulator' | 'bare-emulator' | 'connector-stub';

export interface CeilingRow {
  kind: CeilingRowKind;
  objects: number;
  wallMs: number;
  /** Users created and ms between the first and the last of them. */
  users: number;
  usersSpanMs?: number;
  /** "ok", or what went wrong (failed objects, faults, files left). */
  outcome: string;
}

export interface CeilingResult {
  rows: CeilingRow[];
  latencyMs: number;
  concurrency: number;
  objects: number;
  /** SOAP calls of the recorded run (the bare client sends exactly these). */
  recordedCalls: number;
  /** SOAP calls the connector counted in run 1, for comparison. */
  connectorCalls: number;
}

function connectorOutcome(run: OnceResult, left: number): string {
  return run.exitCode === 0 && left === 0 ? 'ok' : `exit ${run.exitCode}, ${left} left (log ${run.logFile})`;
}

/** Row 1: exactly the normal benchmark's code path, one concurrency, the initial load only. */
async function connectorAgainstEmulator(o: CeilingOptions, phase: Phase): Promise<CeilingRow & { calls: number }> {
  let row: (CeilingRow & { calls: number }) | undefined;
  const inspect = (r: PhaseResult) => {
    const span = createdUsersSpan(r.run.logFile);
    row = {
      kind: 'connector-emulator',
      objects: r.objects,
      wallMs: r.run.wallMs,
      users: span.users,
      usersSpanMs: span.spanMs,
      outcome: connectorOutcome(r.run, r.left),
      calls: totalCalls(r.run.stats.calls),
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
  await runConnectorOnce(settings, '0-empty-queue'); // as runThroughput does: same state before the load
  new QueueDirectoryWriter(listenerDir(dataDir)).writeAll(phase.records);
  beforePhase();
  const run = await runConnectorOnce(settings, '1-initial-load');
  const left = queuedFiles(dataDir);
  const span = createdUsersSpan(run.logFile);
  const ok = run.exitCode === 0 && left === 0;
  if (o.keep || !ok) o.log(`  data directory kept: ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
  return { run, left, span };
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

async function bareAgainstEmulator(o: CeilingOptions, recording: SoapRecording, objects: number): Promise<CeilingRow> {
  const emulator = await startEmulatorProcess(o.latencyMs);
  try {
    const r = await replayCalls(recording.calls, emulator.soapServer, o.concurrency);
    const span =
      r.firstUserCreateMs !== undefined && r.lastUserCreateMs !== undefined && r.userCreates > 1
        ? r.lastUserCreateMs - r.firstUserCreateMs
        : undefined;
    return {
      kind: 'bare-emulator',
      objects,
      wallMs: r.wallMs,
      users: r.userCreates,
      usersSpanMs: span,
      outcome: r.notOk === 0 ? 'ok' : `${r.notOk} of ${r.calls} answers not HTTP 200`,
    };
  } finally {
    await emulator.stop();
  }
}

async function connectorAgainstStub(o: CeilingOptions, recording: SoapRecording, phase: Phase): Promise<CeilingRow> {
  const stub = await startReplayStub(recording.firstAnswers, o.latencyMs);
  try {
    const { run, left, span } = await connectorRun(o, stub.soapServer, 'ceiling-stub', phase);
    const unknown = stub.unknown > 0 ? `; ${stub.unknown} calls had no recorded answer` : '';
    return {
      kind: 'connector-stub',
      objects: phase.records.length,
      wallMs: run.wallMs,
      users: span.users,
      usersSpanMs: span.spanMs,
      outcome: connectorOutcome(run, left) + unknown,
    };
  } finally {
    await stub.stop();
  }
}

export async function runCeiling(o: CeilingOptions, initialLoad: Phase): Promise<CeilingResult> {
  o.log('ceiling 1/3: connector → emulator (the normal run)');
  const first = await connectorAgainstEmulator(o, initialLoad);
  o.log('ceiling: recording the connector’s requests through a proxy (not measured)');
  const recording = await record(o, initialLoad);
  o.log(`ceiling 2/3: bare client → emulator, ${recording.calls.length} recorded requests`);
  const bare = await bareAgainstEmulator(o, recording, initialLoad.records.length);
  o.log('ceiling 3/3: connector → replay stub (diagnostic, not an OX)');
  const stub = await connectorAgainstStub(o, recording, initialLoad);
  const { calls, ...row1 } = first;
  return {
    rows: [row1, bare, stub],
    latencyMs: o.latencyMs,
    concurrency: o.concurrency,
    objects: initialLoad.records.length,
    recordedCalls: recording.calls.length,
    connectorCalls: calls,
  };
}
