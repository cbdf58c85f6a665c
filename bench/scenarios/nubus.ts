/**
 * `npm run bench -- --source nubus --users 10000`: the initial load as Provisioning API messages in a subscription's
 * JetStream stream, consumed by `ox-connector run --source nubus` (the built CLI, a long-running service) against an
 * emulator of its own. Run twice on the same workload: the connector's way (staging acknowledged as soon as it is
 * durable, provisioning concurrently behind) and one message at a time, the original's way (concurrency 1 and
 * OX_CONNECTOR_NUBUS_ONE_AT_A_TIME: stage, provision, then acknowledge). The API is the TEST STAND-IN
 * (test/helpers/provisioning-api-standin.ts) on a real nats-server, not Univention's Provisioning API.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NUBUS_TOPICS } from '../../src/sources/nubus/message.js';
import { ProvisioningApiStandIn } from '../../test/helpers/provisioning-api-standin.js';
import { startNatsServer } from '../../test/helpers/nats-server.js';
import type { QueueRecord } from '../workload/index.js';
import { CLI_PATH, connectorEnv, listenerDir } from '../lib/connector-env.js';
import { startMeasuredEmulator } from '../lib/emulator-warm-up.js';
import { stopChild } from '../lib/emulator-process.js';
import { PeakRssSampler } from '../lib/peak-rss.js';
import { sleep } from '../lib/wait.js';
import { workloadSettings } from './throughput.js';
import { fillStream } from './nubus-feed.js';

export interface NubusBenchOptions {
  latencyMs: number;
  /** Seconds the one-at-a-time run may take before it is stopped and its rate taken over what it did. */
  oneAtATimeLimitSeconds: number;
  logLevel?: string;
  keep: boolean;
  log: (line: string) => void;
}

export interface NubusRunResult {
  mode: 'concurrent' | 'one at a time';
  messages: number;
  /** Messages acknowledged (staged durably) and objects provisioned when the run ended. */
  staged: number;
  provisioned: number;
  /** From the connector's start until the last message was acknowledged. */
  stagedMs: number;
  /** From the connector's start until the last staged change was provisioned (or the limit stopped the run). */
  wallMs: number;
  /** Most changes staged but not yet provisioned at one sample. */
  backlogPeak: number;
  peakRssKiB: number;
  /** RSS (KiB) when the backlog peaked. */
  rssAtBacklogPeakKiB: number;
  stoppedByLimit: boolean;
  logFile: string;
}

const SAMPLE_MS = 100;
const SUBSCRIPTION_PASSWORD = 'bench-subscription-secret';

function listenerCounts(dataDir: string): { queued: number; converting: number } {
  const names = readdirSync(listenerDir(dataDir));
  return {
    queued: names.filter((name) => name.endsWith('.json')).length,
    converting: names.filter((name) => name.endsWith('.converting.tmp')).length,
  };
}

/** The connector's resident memory now (VmRSS), 0 when it cannot be read. */
function currentRssKiB(pid: number): number {
  try {
    return Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

async function runOnce(
  o: NubusBenchOptions,
  standIn: ProvisioningApiStandIn,
  records: QueueRecord[],
  mode: NubusRunResult['mode'],
): Promise<NubusRunResult> {
  const label = mode === 'concurrent' ? 'nubus' : 'nubus-one';
  const oneAtATime = mode !== 'concurrent';
  const emulator = await startMeasuredEmulator(o.latencyMs, o.log);
  const settings = workloadSettings(emulator.soapServer, label, oneAtATime ? 1 : undefined, o.logLevel);
  const { dataDir } = settings;
  const subscription = `bench-${label}`;
  let ok = false;
  try {
    await standIn.subscribe(subscription, SUBSCRIPTION_PASSWORD, [...NUBUS_TOPICS], false);
    const fillStart = performance.now();
    await fillStream(standIn, subscription, records);
    o.log(
      `${mode}: ${records.length} messages in stream ${subscription} (${((performance.now() - fillStart) / 1000).toFixed(1)} s); ` +
        `emulator ${emulator.webservicesUrl}, data ${dataDir}`,
    );
    const passwordFile = join(dataDir, 'secrets', 'provisioning-password');
    writeFileSync(passwordFile, SUBSCRIPTION_PASSWORD, { mode: 0o600 });
    const logFile = join(dataDir, `bench-${label}.log`);
    const out = openSync(logFile, 'a');
    const started = performance.now();
    const child = spawn(process.execPath, [CLI_PATH, 'run', '--source', 'nubus'], {
      env: {
        ...connectorEnv(settings),
        PROVISIONING_API_BASE_URL: standIn.url,
        PROVISIONING_API_USERNAME: subscription,
        PROVISIONING_API_PASSWORD_FILE: passwordFile,
        ...(oneAtATime && { OX_CONNECTOR_NUBUS_ONE_AT_A_TIME: 'true' }),
      },
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    const sampler = new PeakRssSampler(child.pid ?? -1);
    let stagedMs = Number.NaN;
    let backlogPeak = 0;
    let rssAtBacklogPeakKiB = 0;
    let pending = records.length;
    let queued = 0;
    let stoppedByLimit = false;
    for (;;) {
      await sleep(SAMPLE_MS);
      if (child.exitCode !== null) throw new Error(`the connector exited (code ${child.exitCode}); see ${logFile}`);
      pending = await standIn.pending(subscription);
      const counts = listenerCounts(dataDir);
      queued = counts.queued + counts.converting;
      if (queued > backlogPeak) {
        backlogPeak = queued;
        rssAtBacklogPeakKiB = currentRssKiB(child.pid ?? -1);
      }
      const elapsed = performance.now() - started;
      if (pending === 0 && Number.isNaN(stagedMs)) stagedMs = elapsed;
      if (pending === 0 && queued === 0) break;
      if (oneAtATime && elapsed > o.oneAtATimeLimitSeconds * 1000) {
        stoppedByLimit = true;
        break;
      }
    }
    const wallMs = performance.now() - started;
    await stopChild(child);
    const staged = records.length - pending;
    ok = true;
    return {
      mode,
      messages: records.length,
      staged,
      provisioned: staged - queued,
      stagedMs: Number.isNaN(stagedMs) ? wallMs : stagedMs,
      wallMs,
      backlogPeak,
      peakRssKiB: sampler.stop(),
      rssAtBacklogPeakKiB,
      stoppedByLimit,
      logFile,
    };
  } finally {
    await emulator.stop();
    if (ok && !o.keep) rmSync(dataDir, { recursive: true, force: true });
    else o.log(`  data directory kept: ${dataDir}`);
  }
}

export async function runNubusBench(o: NubusBenchOptions, records: QueueRecord[]): Promise<NubusRunResult[]> {
  const nats = await startNatsServer();
  const standIn = await ProvisioningApiStandIn.start(nats.url);
  try {
    o.log(
      `Provisioning API: TEST STAND-IN (test/helpers/provisioning-api-standin.ts) at ${standIn.url} on nats-server ${nats.url}`,
    );
    const concurrent = await runOnce(o, standIn, records, 'concurrent');
    const one = await runOnce(o, standIn, records, 'one at a time');
    return [concurrent, one];
  } finally {
    await standIn.close();
    await nats.destroy();
  }
}
