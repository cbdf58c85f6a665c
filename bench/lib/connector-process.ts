/**
 * Runs the built connector CLI as a child process — exactly what an administrator runs — with its
 * output going to a log file (not into the benchmark's memory), measuring wall time and peak RSS.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callTimingSpawn } from './call-timing.js';
import { cpuProfileArgs } from './cpu-profile.js';
import { CLI_PATH, connectorEnv, type ConnectorSettings } from './connector-env.js';
import { PeakRssSampler, RSS_PROBE_PATH, readProbeCpuMs, readProbeRss } from './peak-rss.js';
import { parseRunStats, type RunStats } from './stats.js';
import { stopChild } from './emulator-process.js';

export interface OnceResult {
  exitCode: number | null;
  wallMs: number;
  peakRssKiB: number;
  /** CPU time of the whole process (user + system), when the probe reported it. */
  cpuMs?: number;
  stats: RunStats;
  logFile: string;
}

function spawnConnector(
  settings: ConnectorSettings,
  args: string[],
  logFile: string,
  rssFile: string,
  label: string,
): ChildProcess {
  const out = openSync(logFile, 'a');
  const probe = callTimingSpawn('connector', label);
  try {
    return spawn(
      process.execPath,
      ['--import', `file://${RSS_PROBE_PATH}`, ...probe.args, ...cpuProfileArgs('connector', label), CLI_PATH, ...args],
      {
        env: { ...connectorEnv(settings), ...probe.env, BENCH_RSS_FILE: rssFile },
        stdio: ['ignore', out, out],
      },
    );
  } finally {
    closeSync(out); // the child has its own copy of the descriptor
  }
}

/** `ox-connector run --once --stats`; resolves when it has exited. */
export async function runConnectorOnce(settings: ConnectorSettings, label: string): Promise<OnceResult> {
  const logFile = join(settings.dataDir, `bench-${label}.log`);
  const rssFile = join(settings.dataDir, `bench-${label}.rss.json`);
  const started = performance.now();
  const child = spawnConnector(settings, ['run', '--once', '--stats'], logFile, rssFile, label);
  const sampler = new PeakRssSampler(child.pid ?? -1);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
  const wallMs = performance.now() - started;
  const sampled = sampler.stop();
  const peakRssKiB = Math.max(sampled, readProbeRss(rssFile));
  const output = readFileSync(logFile, 'utf8');
  return { exitCode, wallMs, peakRssKiB, cpuMs: readProbeCpuMs(rssFile), stats: parseRunStats(output), logFile };
}

export interface ServiceProcess {
  pid: number;
  logFile: string;
  /** Exit code if it has already exited (e.g. refused to start). */
  exited(): number | null | undefined;
  stop(): Promise<void>;
}

/** The long-running `ox-connector run`. */
export function startConnectorService(settings: ConnectorSettings, label: string): ServiceProcess {
  const logFile = join(settings.dataDir, `bench-${label}.log`);
  const child = spawnConnector(settings, ['run'], logFile, join(settings.dataDir, `bench-${label}.rss.json`), label);
  let exitCode: number | null | undefined;
  child.once('exit', (code) => (exitCode = code));
  return {
    pid: child.pid ?? 0,
    logFile,
    exited: () => exitCode,
    stop: () => stopChild(child),
  };
}
