/** `npm run bench -- --source nubus`: builds the workload, runs bench/scenarios/nubus.ts and prints its report. */
import { loadLine, machineLine } from '../lib/machine.js';
import { warmUpEmulators } from '../lib/emulator-warm-up.js';
import type { DirectorySize } from '../workload/index.js';
import { buildPhases } from './throughput.js';
import { runNubusBench } from './nubus.js';
import { nubusReport } from './nubus-report.js';

export interface NubusCommandOptions {
  source: string;
  size: DirectorySize;
  seed: number;
  latencyMs: number;
  oneAtATimeLimit: number;
  coldEmulator?: boolean;
  logLevel?: string;
  keep?: boolean;
  log: (line: string) => void;
}

/** Returns the exit code: 2 for a source the benchmark does not know. */
export async function runNubusBenchCommand(o: NubusCommandOptions): Promise<number> {
  if (o.source !== 'nubus') {
    console.error(`--source "${o.source}" is not benchmarked: use --source nubus`);
    return 2;
  }
  const started = Date.now();
  o.log(`machine: ${machineLine()}`);
  warmUpEmulators(!o.coldEmulator);
  const [initialLoad] = buildPhases({ seed: o.seed, size: o.size, changes: 0, noops: 0 });
  o.log(
    `workload: initial load of ${initialLoad.records.length} objects (${o.size.users} users, ${o.size.groups} groups, ` +
      `${o.size.resources} resources, ${o.size.functionalAccounts} functional accounts) as create messages; latency ${o.latencyMs} ms`,
  );
  const results = await runNubusBench(
    {
      latencyMs: o.latencyMs,
      oneAtATimeLimitSeconds: o.oneAtATimeLimit,
      logLevel: o.logLevel,
      keep: !!o.keep,
      log: o.log,
    },
    initialLoad.records,
  );
  console.log('\n' + nubusReport(results, o.latencyMs));
  console.log(`\nbenchmark finished in ${((Date.now() - started) / 1000).toFixed(0)} s; ${loadLine()}`);
  return 0;
}
