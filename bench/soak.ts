/**
 * The soak (issue 19 item 2): an hour of directory changes under chaos, ending with OX equal to the directory.
 * Run: npm run soak -- [--minutes 60] [--rate 5] [--source queue|ldap] [--json FILE] [--keep]
 * Exit 0 only when no object is lost, duplicated or wrong, reconcile --dry-run plans nothing and no admin
 * command failed. How it works: bench/soak/run-soak.ts.
 */
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { printSoakSummary } from './soak/report.js';
import { runSoak, type SoakOptions } from './soak/run-soak.js';

const opts = new Command()
  .option('--minutes <n>', 'length of the chaos phase; the chaos timers scale with it', Number, 60)
  .option('--rate <n>', 'directory changes per second', Number, 5)
  .addOption(
    new Option('--source <source>', 'where changes reach the connector').choices(['queue', 'ldap']).default('queue'),
  )
  .option('--latency-ms <n>', 'emulator latency per SOAP call', Number, 3)
  .option('--fault-rate <share>', 'share of SOAP calls that fail transiently', Number, 0.05)
  .option('--seed <n>', 'seed of the generator and the chaos timers', Number, 4711)
  .option('--drain-timeout <s>', 'how long the connector may take to drain at the end', Number, 300)
  .option('--json <file>', 'also write the summary as JSON')
  .option('--keep', 'keep the work directory (data dir, OX state, logs)', false)
  .parse()
  .opts<Omit<SoakOptions, 'drainTimeoutMs'> & { drainTimeout: number; json?: string }>();

const summary = await runSoak({ ...opts, drainTimeoutMs: opts.drainTimeout * 1000 });
printSoakSummary(summary);
if (opts.json) writeFileSync(opts.json, JSON.stringify(summary, null, 2) + '\n');
process.exit(summary.passed ? 0 : 1);
