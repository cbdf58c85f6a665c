/**
 * One soak: the generator at a steady rate, the chaos beside it, then drain, compare OX with the model, and
 * require `reconcile --dry-run` to plan nothing. Returns the summary; the caller prints it.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startSlapd, type Slapd } from '../../scripts/slapd/slapd.js';
import { connectorEnv } from '../lib/connector-env.js';
import { sleep } from '../lib/wait.js';
import { AdminRunner, type AdminCommand, type AdminOutcomes } from './admin.js';
import { Chaos } from './chaos.js';
import { compareOxWithModel, type Comparison } from './compare.js';
import { ConnectorUnderTest, runCli } from './connector.js';
import { LdapSink } from './ldap-sink.js';
import { DirectoryModel, MAIL_DOMAIN, type ChangeKind } from './model.js';
import { startSoakOx } from './ox.js';
import { QueueAgeSampler } from './queue-age.js';
import { QueueFileSink, type ChangeSink } from './queue-sink.js';
import { scheduleFor } from './schedule.js';

export interface SoakOptions {
  minutes: number;
  /** Directory changes per second. */
  rate: number;
  source: 'queue' | 'ldap';
  latencyMs: number;
  faultRate: number;
  seed: number;
  /** How long the connector may take to drain after the generator stopped. */
  drainTimeoutMs: number;
  /** Keep the work directory (data dir, OX state, logs) for a post-mortem. */
  keep: boolean;
}

export interface SoakSummary {
  source: 'queue' | 'ldap';
  minutes: number;
  rate: number;
  changesGenerated: number;
  changesByKind: Partial<Record<ChangeKind, number>>;
  kills: number;
  connectorExitsByItself: string[];
  /** Starts refused because an admin command held the data directory (by design; the watchdog starts it again). */
  connectorStartsRefused: number;
  oxOutages: number;
  faultsInjected: number;
  slapdRestarts: number;
  admin: Record<AdminCommand, AdminOutcomes>;
  adminFailures: string[];
  maxQueueAgeMs: number;
  drainMs: number;
  modelUsers: number;
  modelGroups: number;
  modelResources: number;
  oxUsers: number;
  oxGroups: number;
  oxResources: number;
  lost: number;
  duplicated: number;
  wrong: number;
  /** The first differences of each kind, to start a diagnosis. */
  details: { lost: string[]; duplicated: string[]; wrong: string[] };
  reconcilePlansNothing: boolean;
  reconcileOutput: string;
  workDir: string;
  passed: boolean;
}

const CONTEXTS = [10, 11, 12];

export async function runSoak(o: SoakOptions): Promise<SoakSummary> {
  const workDir = mkdtempSync(`/tmp/soak-${o.source}-`);
  const dataDir = join(workDir, 'data');
  mkdirSync(join(dataDir, 'listener'), { recursive: true });
  mkdirSync(join(dataDir, 'secrets'), { recursive: true, mode: 0o700 });
  let slapd: Slapd | undefined;
  const ox = await startSoakOx({
    statePath: join(workDir, 'ox-state.json'),
    latencyMs: o.latencyMs,
    faultRate: o.faultRate,
  });
  let connector: ConnectorUnderTest | undefined;
  let passed = false;
  try {
    if (o.source === 'ldap') slapd = startSlapd({ sample: false });
    const env: NodeJS.ProcessEnv = {
      ...connectorEnv({ soapServer: ox.soapServer, dataDir, contextId: CONTEXTS[0], mailDomain: MAIL_DOMAIN }),
      OX_CONNECTOR_LOG_LEVEL: 'WARNING',
      ...(slapd
        ? {
            LDAP_URI: slapd.uri,
            LDAP_BASE: slapd.base,
            LDAP_BIND_DN: slapd.bindDn,
            LDAP_BIND_PASSWORD_FILE: slapd.passwordFile,
          }
        : {}),
    };
    const model = new DirectoryModel(CONTEXTS, o.seed);
    const sink: ChangeSink = slapd ? new LdapSink(slapd) : new QueueFileSink(join(dataDir, 'listener'));
    connector = new ConnectorUnderTest(env, o.source === 'ldap' ? ['run', '--source', 'ldap'] : ['run'], dataDir);
    const admin = new AdminRunner(env, o.source === 'ldap' ? 'ldap' : 'store', ox);
    const schedule = scheduleFor(o.minutes);
    const chaos = new Chaos({ connector, ox, slapd, admin, schedule, rng: model.rng });
    const queueAge = new QueueAgeSampler(join(dataDir, 'listener'));

    await sink.prepare(model);
    connector.start();
    queueAge.start(schedule.queueSampleMs);
    chaos.start();
    const changesByKind: Partial<Record<ChangeKind, number>> = {};
    let generated = 0;
    const started = Date.now();
    const end = started + o.minutes * 60_000;
    // An hour is long to watch blind: a line on stderr twelve times a run (every 5 minutes of an hour's soak).
    const reportEveryMs = Math.max(10_000, (o.minutes * 60_000) / 12);
    let nextReport = started + reportEveryMs;
    for (let due = started; due < end; due += 1000 / o.rate) {
      if (due > Date.now()) await sleep(due - Date.now());
      const change = model.next();
      await sink.apply(change, model);
      changesByKind[change.kind] = (changesByKind[change.kind] ?? 0) + 1;
      generated++;
      if (Date.now() >= nextReport) {
        nextReport += reportEveryMs;
        const minutes = ((Date.now() - started) / 60_000).toFixed(1);
        process.stderr.write(
          `soak: ${minutes} of ${o.minutes} min: ${generated} changes, ${connector.kills} kills, ${ox.outages()} OX outages, ${ox.faultsInjected()} faults, ${slapd ? `${chaos.slapdRestarts} slapd restarts, ` : ''}largest queue age ${(queueAge.maxAgeMs / 1000).toFixed(1)} s\n`,
        );
      }
    }
    await chaos.stop();
    connector.ensureRunning();

    const drainStarted = Date.now();
    const comparison = await drain(o, ox.webservicesUrl(), env, dataDir, model);
    const drainMs = Date.now() - drainStarted;
    queueAge.stop();
    await connector.stop();
    const reconcile = await runCli(env, admin.args('reconcile --dry-run'));
    const reconcilePlansNothing = reconcile.code === 0;
    const summary: SoakSummary = {
      source: o.source,
      minutes: o.minutes,
      rate: o.rate,
      changesGenerated: generated,
      changesByKind,
      kills: connector.kills,
      connectorExitsByItself: connector.unexpectedExits,
      connectorStartsRefused: connector.startsRefused,
      oxOutages: ox.outages(),
      faultsInjected: ox.faultsInjected(),
      slapdRestarts: chaos.slapdRestarts,
      admin: Object.fromEntries(admin.outcomes) as Record<AdminCommand, AdminOutcomes>,
      adminFailures: admin.failures,
      maxQueueAgeMs: queueAge.maxAgeMs,
      drainMs,
      modelUsers: model.users.size,
      modelGroups: model.groups.size,
      modelResources: model.resources.size,
      oxUsers: comparison.oxUsers,
      oxGroups: comparison.oxGroups,
      oxResources: comparison.oxResources,
      lost: comparison.lost.length,
      duplicated: comparison.duplicated.length,
      wrong: comparison.wrong.length,
      details: {
        lost: comparison.lost.slice(0, 10),
        duplicated: comparison.duplicated.slice(0, 10),
        wrong: comparison.wrong.slice(0, 10),
      },
      reconcilePlansNothing,
      reconcileOutput: reconcilePlansNothing ? '' : reconcile.output.slice(-3000),
      workDir,
      passed: false,
    };
    summary.passed =
      summary.lost === 0 &&
      summary.duplicated === 0 &&
      summary.wrong === 0 &&
      reconcilePlansNothing &&
      admin.failures.length === 0 &&
      [...admin.outcomes.values()].every((outcome) => outcome.ok > 0);
    passed = summary.passed;
    return summary;
  } finally {
    await connector?.stop();
    await ox.stop();
    slapd?.destroy();
    // A failed soak keeps its work directory (data dir, connector log, OX state) for the diagnosis.
    if (!o.keep && passed) rmSync(workDir, { recursive: true, force: true });
  }
}

interface DrainStatus {
  queueDepth: number;
  retriesPending: number;
}

/**
 * Waits until the queue is empty and no parked item can still succeed on its own, then compares; while OX still
 * differs (the LDAP source may still be catching up), compares again until the drain timeout.
 */
async function drain(
  o: SoakOptions,
  webservicesUrl: string,
  env: NodeJS.ProcessEnv,
  dataDir: string,
  model: DirectoryModel,
): Promise<Comparison> {
  const deadline = Date.now() + o.drainTimeoutMs;
  let quiet = 0;
  while (Date.now() < deadline && quiet < 3) {
    const { output } = await runCli(env, ['status', '--verbose', '--json']);
    try {
      const status = JSON.parse(output) as DrainStatus;
      quiet = status.queueDepth === 0 && status.retriesPending === 0 ? quiet + 1 : 0;
    } catch {
      quiet = 0;
    }
    await sleep(1000);
  }
  for (;;) {
    const comparison = await compareOxWithModel(webservicesUrl, dataDir, model);
    const clean = comparison.lost.length + comparison.duplicated.length + comparison.wrong.length === 0;
    if (clean || Date.now() > deadline) return comparison;
    await sleep(2000);
  }
}
