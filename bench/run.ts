/**
 * `npm run bench` — the throughput benchmark of issue 6 (see README, "Benchmarks").
 *
 *   npm run bench                              full run: 5,000 users …, concurrency 1 and default, latency
 *   npm run bench -- --users 300 --skip-c1     smoke run (< 1 min)
 *   npm run bench -- --queue-only 100000       queue handling: 100,000 queued changes, no latency
 *   npm run bench -- --reconcile 100000        reconcile --dry-run: 100,000 users, 2,000 groups, 5 ms latency
 *   npm run bench -- --ceiling                 initial load: connector vs. bare client vs. replay stub
 *   npm run bench -- --call-timing             initial load: one SOAP call split into connector, wire, emulator
 *   npm run bench -- --fault-rate 0.05         initial load with 5 % transient OX faults against one without
 *   npm run bench -- --scale 1000000          1,000,000 users in 10 contexts at 20 ms, then 10,000 timed changes
 *   npm run bench -- --generate-only DIR       only write the workload (e.g. to feed the original connector)
 *   npm run bench -- --cold-emulator           any of the above against emulators not warmed up first
 *
 * Numbers come from real processes: the built CLI (`node dist/cli/main.js`) for both the emulator
 * and the connector. Build first (`npm run bench` does).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { join } from 'node:path';
import {
  BENCHMARK_SIZE,
  DEFAULT_WORKLOAD_OPTIONS,
  QueueDirectoryWriter,
  type DirectorySize,
} from './workload/index.js';
import { CLI_PATH } from './lib/connector-env.js';
import { warmUpEmulators } from './lib/emulator-warm-up.js';
import { loadLine, machineLine } from './lib/machine.js';
import { buildPhases, runThroughput, type PhaseResult } from './scenarios/throughput.js';
import { ThroughputReport } from './scenarios/throughput-report.js';
import { runLatency, latencyReport, type LatencyResult } from './scenarios/latency.js';
import { runQueueOnly, queueOnlyReport, type QueueOnlyResult } from './scenarios/queue-only.js';
import { runCeiling, type CeilingResult } from './scenarios/ceiling.js';
import { ceilingReport } from './scenarios/ceiling-report.js';
import { callTimingReport, runCallTiming, type CallTimingResult } from './scenarios/call-timing.js';
import { faultRateReport, runFaultRate, type FaultRateResult } from './scenarios/fault-rate.js';

/** The connector's documented default for OX_CONNECTOR_CONCURRENCY. */
const DEFAULT_CONCURRENCY = 8;

function share(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 1) throw new InvalidArgumentError('expected a share above 0 and up to 1');
  return n;
}

function count(value: string): number {
  const n = Number(value.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
}

const program = new Command('bench')
  .description('Throughput, queue and latency benchmark of ox-connector against the OX emulator')
  .option(
    '--users <n>',
    'users in the initial load (groups, resources, accounts scale along)',
    count,
    BENCHMARK_SIZE.users,
  )
  .option('--groups <n>', 'groups (default: 200 per 5,000 users)', count)
  .option('--members <n>', 'members per group', count, BENCHMARK_SIZE.membersPerGroup)
  .option('--resources <n>', 'resources (default: 100 per 5,000 users)', count)
  .option('--functional-accounts <n>', 'functional accounts (default: 50 per 5,000 users)', count)
  .option('--changes <n>', 'one-attribute changes (default: one per user)', count)
  .option('--noops <n>', 'no-op re-deliveries (default: one per user)', count)
  .option('--latency-ms <n>', 'emulator latency per SOAP call', count, 5)
  .option('--concurrency <n>', 'run this concurrency instead of the connector default', count)
  .option('--skip-c1', 'skip the concurrency-1 run')
  .option('--skip-latency', 'skip the change-to-OX latency measurement')
  .option('--latency-only', 'only measure the change-to-OX latency')
  .option('--latency-samples <n>', 'changes timed in the latency measurement', count, 20)
  .option('--queue-only <n>', 'instead: queue handling with <n> queued changes and no latency', count)
  .option(
    '--reconcile <n>',
    'instead: reconcile --dry-run over one context of <n> users and --groups groups (default 2,000) already in sync',
    count,
  )
  .option(
    '--ceiling',
    'instead: the initial load at one concurrency as connector → emulator, bare client → emulator (recorded ' +
      'requests replayed), connector → replay stub and bare client → replay stub (diagnostics), side by side',
  )
  .option('--ceiling-rounds <n>', 'with --ceiling: measure each row n times, interleaved, and print medians', count, 1)
  .option(
    '--call-timing',
    "instead: the initial load at one concurrency with both processes probed; splits the mean SOAP call into the connector's, the wire's and the emulator's part",
  )
  .option(
    '--fault-rate <share>',
    'instead: the initial load in one run --once against an emulator failing this share of SOAP calls transiently, ' +
      'and against one without faults; prints both times, their ratio and whether OX ended equal',
    share,
  )
  .option(
    '--cold-emulator',
    'measure against freshly started emulators, without first warming them up with a load of their own in context 99',
  )
  .option(
    '--source <name>',
    'instead: nubus — the initial load as Provisioning API messages (test stand-in on nats-server) through run --source nubus, against one message at a time',
  )
  .option('--one-at-a-time-limit <s>', 'with --source nubus: stop the one-at-a-time run after s seconds', count, 900)
  .option(
    '--scale <n>',
    'instead: <n> users in 10 contexts, n/50 groups of 50, n/500 resources at --latency-ms (default 20 here), then ' +
      'n/100 one-attribute changes at --change-rate, each timed to OX',
    count,
  )
  .option('--change-rate <n>', 'with --scale: changes arriving per second', count, 50)
  .option('--generate-only <dir>', 'instead: only write the workload, one folder of queue files per phase')
  .option('--seed <n>', 'workload seed', count, DEFAULT_WORKLOAD_OPTIONS.seed)
  .option('--log-level <level>', 'OX_CONNECTOR_LOG_LEVEL for the connector (default: its own default)')
  .option('--json <file>', 'also write all figures as JSON')
  .option('--keep', 'keep the temporary data directories')
  .showHelpAfterError();

interface Options {
  users: number;
  groups?: number;
  members: number;
  resources?: number;
  functionalAccounts?: number;
  changes?: number;
  noops?: number;
  latencyMs: number;
  concurrency?: number;
  skipC1?: boolean;
  skipLatency?: boolean;
  latencyOnly?: boolean;
  latencySamples: number;
  queueOnly?: number;
  reconcile?: number;
  ceiling?: boolean;
  ceilingRounds: number;
  callTiming?: boolean;
  faultRate?: number;
  coldEmulator?: boolean;
  scale?: number;
  changeRate: number;
  generateOnly?: string;
  source?: string;
  oneAtATimeLimit: number;
  seed: number;
  logLevel?: string;
  json?: string;
  keep?: boolean;
}

function sizeFrom(o: Options): DirectorySize {
  const scale = (full: number) => Math.max(1, Math.round((full * o.users) / BENCHMARK_SIZE.users));
  return {
    users: o.users,
    groups: o.groups ?? scale(BENCHMARK_SIZE.groups),
    membersPerGroup: Math.min(o.members, o.users),
    resources: o.resources ?? scale(BENCHMARK_SIZE.resources),
    functionalAccounts: o.functionalAccounts ?? scale(BENCHMARK_SIZE.functionalAccounts),
    membersPerFunctionalAccount: Math.min(BENCHMARK_SIZE.membersPerFunctionalAccount, o.users),
  };
}

const log = (line: string) => console.log(line);

async function main(): Promise<void> {
  const o = program.parse().opts<Options>();
  if (!existsSync(CLI_PATH)) {
    throw new Error(`${CLI_PATH} is missing: run \`npm run build\` first (\`npm run bench\` does it for you).`);
  }
  if (o.reconcile !== undefined) {
    const { runReconcileBench } = await import('./scenarios/reconcile.js');
    const ok = await runReconcileBench({
      users: o.reconcile,
      groups: o.groups ?? 2000,
      latencyMs: o.latencyMs,
      keep: !!o.keep,
      log,
    });
    if (!ok) process.exitCode = 1;
    return;
  }
  if (o.source !== undefined) {
    const { runNubusBenchCommand } = await import('./scenarios/nubus-command.js');
    process.exitCode = await runNubusBenchCommand({ ...o, source: o.source, size: sizeFrom(o), log });
    return;
  }
  if (o.scale !== undefined) {
    const { runScale } = await import('./scenarios/scale.js');
    const { scaleReport } = await import('./scenarios/scale-report.js');
    log(`machine: ${machineLine()}`);
    warmUpEmulators(!o.coldEmulator);
    const latencyMs = program.getOptionValueSource('latencyMs') === 'default' ? 20 : o.latencyMs;
    const result = await runScale({ ...o, users: o.scale, latencyMs, keep: !!o.keep, log });
    console.log('\n' + scaleReport(result, o.concurrency ?? DEFAULT_CONCURRENCY));
    if (o.json) writeFileSync(o.json, JSON.stringify(result, jsonReplacer, 2));
    return;
  }
  const started = Date.now();
  log(`machine: ${machineLine()}`);
  warmUpEmulators(!o.coldEmulator);
  const figures: {
    throughput?: PhaseResult[];
    latency?: LatencyResult;
    queueOnly?: QueueOnlyResult;
    ceiling?: CeilingResult;
    callTiming?: CallTimingResult;
    faultRate?: FaultRateResult;
  } = {};

  if (o.generateOnly !== undefined) {
    const phases = buildPhases({
      seed: o.seed,
      size: sizeFrom(o),
      changes: o.changes ?? o.users,
      noops: o.noops ?? o.users,
    });
    phases.forEach((phase, index) => {
      const dir = join(o.generateOnly!, `${index + 1}-${phase.name.replace(/\W+/g, '-')}`);
      const files = new QueueDirectoryWriter(dir).writeAll(phase.records);
      log(`${files} queue files: ${dir}`);
    });
    log("Feed each folder, in order, to a connector's listener directory and let it finish before the next.");
    return;
  }
  if (o.queueOnly !== undefined) {
    figures.queueOnly = await runQueueOnly({
      files: o.queueOnly,
      seed: o.seed,
      keep: !!o.keep,
      logLevel: o.logLevel,
      log,
    });
    console.log('\n' + queueOnlyReport(figures.queueOnly));
  } else if (o.faultRate !== undefined) {
    const [initialLoad] = buildPhases({ seed: o.seed, size: sizeFrom(o), changes: 0, noops: 0 });
    log(
      `workload: initial load of ${initialLoad.records.length} objects (${o.users} users); latency ${o.latencyMs} ms; ` +
        `fault rate ${o.faultRate}`,
    );
    figures.faultRate = await runFaultRate(
      {
        latencyMs: o.latencyMs,
        faultRate: o.faultRate,
        concurrencySetting: o.concurrency,
        logLevel: o.logLevel,
        keep: !!o.keep,
        log,
      },
      initialLoad,
    );
    console.log('\n' + faultRateReport(figures.faultRate));
  } else if (o.callTiming) {
    const [initialLoad] = buildPhases({ seed: o.seed, size: sizeFrom(o), changes: 0, noops: 0 });
    figures.callTiming = await runCallTiming(
      {
        latencyMs: o.latencyMs,
        concurrencySetting: o.concurrency,
        concurrency: o.concurrency ?? DEFAULT_CONCURRENCY,
        logLevel: o.logLevel,
        keep: !!o.keep,
        log,
      },
      initialLoad,
    );
    console.log('\n' + callTimingReport(figures.callTiming));
  } else if (o.ceiling) {
    const [initialLoad] = buildPhases({ seed: o.seed, size: sizeFrom(o), changes: 0, noops: 0 });
    log(
      `workload: initial load of ${initialLoad.records.length} objects (${o.users} users); latency ${o.latencyMs} ms`,
    );
    figures.ceiling = await runCeiling(
      {
        latencyMs: o.latencyMs,
        concurrencySetting: o.concurrency,
        concurrency: o.concurrency ?? DEFAULT_CONCURRENCY,
        rounds: Math.max(1, o.ceilingRounds),
        logLevel: o.logLevel,
        keep: !!o.keep,
        log,
      },
      initialLoad,
    );
    console.log('\n' + ceilingReport(figures.ceiling));
  } else {
    if (!o.latencyOnly) {
      const size = sizeFrom(o);
      const phases = buildPhases({ seed: o.seed, size, changes: o.changes ?? o.users, noops: o.noops ?? o.users });
      log(
        `workload: ${size.users} users, ${size.groups} groups × ${size.membersPerGroup} members, ` +
          `${size.resources} resources, ${size.functionalAccounts} functional accounts × ` +
          `${size.membersPerFunctionalAccount}; then ${phases[1].records.length} changes, ` +
          `${phases[2].records.length} re-deliveries; latency ${o.latencyMs} ms`,
      );
      const concurrencies: Array<number | undefined> = o.skipC1 ? [] : [1];
      concurrencies.push(o.concurrency);
      const results = await runThroughput(
        {
          latencyMs: o.latencyMs,
          concurrencies,
          logLevel: o.logLevel,
          keep: !!o.keep,
          log,
        },
        phases,
      );
      figures.throughput = results;
      const report = new ThroughputReport(results, {
        latencyMs: o.latencyMs,
        defaultConcurrency: o.concurrency ?? DEFAULT_CONCURRENCY,
      });
      printThroughput(report, o);
    }
    if (!o.skipLatency) {
      figures.latency = await runLatency({
        samples: o.latencySamples,
        latencyMs: o.latencyMs,
        seed: o.seed,
        keep: !!o.keep,
        logLevel: o.logLevel,
        log,
      });
      console.log('\n' + latencyReport(figures.latency));
    }
  }

  console.log(`\nbenchmark finished in ${((Date.now() - started) / 1000).toFixed(0)} s; ${loadLine()}`);
  if (o.json) {
    writeFileSync(o.json, JSON.stringify(figures, jsonReplacer, 2));
    console.log(`figures written to ${o.json}`);
  }
}

function printThroughput(report: ThroughputReport, o: Options): void {
  const emulator = o.coldEmulator ? 'freshly started emulator' : 'emulator warmed up in another context';
  console.log(
    `\nThroughput (${emulator}, latency ${o.latencyMs} ms per SOAP call; wall time includes process start)\n`,
  );
  console.log(report.throughputTable());
  console.log('\n' + report.startupLine());
  console.log('\nSOAP calls per object type (calls per object of that type)\n');
  console.log(report.callsPerTypeTable());
  console.log(`\nSOAP calls per operation (concurrency ${o.concurrency ?? 'default'})\n`);
  console.log(report.operationsTable(o.concurrency));
  const speedup = report.speedupTable();
  if (speedup) console.log('\nDefault concurrency against concurrency 1\n\n' + speedup);
  console.log(
    `\nPhysical limit = concurrency × 1000 / (latency ms × SOAP calls per object): the best any connector ` +
      `can do against an OX that answers each call after ${o.latencyMs} ms.`,
  );
  console.log(
    '\nTargets (issue 6)\n' +
      report
        .targetLines()
        .map((l) => `- ${l}`)
        .join('\n'),
  );
}

function jsonReplacer(_key: string, value: unknown): unknown {
  return value instanceof Map ? Object.fromEntries(value) : value;
}

main().catch((err: unknown) => {
  console.error(`benchmark failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
