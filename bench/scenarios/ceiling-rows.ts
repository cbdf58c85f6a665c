/**
 * The runs behind `npm run bench -- --ceiling` (decision 0064), one function per row of its table,
 * and the unmeasured recording run the bare client and the replay stub are fed from.
 */
import { rmSync } from 'node:fs';
import { QueueDirectoryWriter } from '../workload/index.js';
import { listenerDir } from '../lib/connector-env.js';
import { startEmulatorProcess, type EmulatorProcess } from '../lib/emulator-process.js';
import { runConnectorOnce, type OnceResult } from '../lib/connector-process.js';
import { startRecordingProxy } from '../lib/recording-proxy.js';
import { startReplayStub } from '../lib/replay-stub.js';
import { replayCalls } from '../lib/bare-client.js';
import { createdUsersSpan } from '../lib/created-users.js';
import { totalCalls } from '../lib/stats.js';
import { queuedFiles } from '../lib/wait.js';
import type { SoapRecording } from '../lib/soap-recording.js';
import { runThroughput, STARTUP_PHASE, workloadSettings, type Phase, type PhaseResult } from './throughput.js';
import type { CeilingOptions, CeilingRow, CeilingRowKind } from './ceiling.js';

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
export async function connectorAgainstEmulator(
  o: CeilingOptions,
  phase: Phase,
): Promise<CeilingRow & { calls: number }> {
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
  const settings = workloadSettings(soapServer, label, o.concurrencySetting, o.logLevel);
  const { dataDir } = settings;
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
export async function record(o: CeilingOptions, phase: Phase): Promise<SoapRecording> {
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

export interface SoapServer {
  soapServer: string;
  /** Server CPU so far; absent when the server runs in this process (its CPU is then the client's). */
  cpuMs?: () => number | undefined;
  stop(): Promise<void>;
}

/** Rows 2 and 4: the recorded requests replayed by the bare client against `server`. */
export async function bareReplay(
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

export async function connectorAgainstStub(
  o: CeilingOptions,
  recording: SoapRecording,
  phase: Phase,
): Promise<CeilingRow> {
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
