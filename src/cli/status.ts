// `ox-connector status [--verbose] [--json]`: the original's get_current_error JSON for monitoring
// ({"errors": "0"} when healthy; values are strings), exit 0 when healthy, 1 otherwise.
import { join } from 'node:path';
import type { Command } from 'commander';
import { currentError, isHealthy } from '../ops/health.js';
import { printableJson } from '../ops/log.js';
import { formatVerbose, verboseStatus } from '../ops/status.js';
import { LISTENER_DIR } from '../sources/ucs-queue/queue-dir.js';
import { DATA_DIR_OPTION, dataDirOf, openAdminStores } from './admin-common.js';
import { exitCodes } from './exit-codes.js';

export function registerStatus(program: Command): void {
  exitCodes(program.command('status'), [
    [0, 'healthy: {"errors": "0"}'],
    [1, 'not healthy, or the data directory cannot be read (the JSON says why)'],
  ])
    .description('print the health JSON of get_current_error ({"errors": "0"} when healthy); exit 0 healthy, 1 not')
    .option('--verbose', 'also show queue depth, parked and held objects, pending retries, last successful change')
    .option('--json', 'one JSON document (the health JSON is JSON already; with --verbose: the whole report)')
    .option(...DATA_DIR_OPTION)
    .action((options: { verbose?: boolean; json?: boolean; dataDir?: string }) => {
      let dataDir = options.dataDir ?? '';
      let stores;
      try {
        dataDir = dataDirOf(options.dataDir);
        stores = openAdminStores(dataDir);
      } catch (err) {
        // Monitoring reads this JSON: an unusable or unknown data directory is reported in it too.
        console.log(JSON.stringify({ errors: '1', message: (err as Error).message, filename: dataDir }));
        process.exitCode = 1;
        return;
      }
      try {
        const health = currentError(stores.store);
        if (!options.verbose) console.log(printableJson(health));
        else {
          const s = verboseStatus(stores.store, stores.policy, join(dataDir, LISTENER_DIR));
          console.log(options.json ? printableJson(s, 2) : formatVerbose(s));
        }
        process.exitCode = isHealthy(health) ? 0 : 1;
      } finally {
        stores.close();
      }
    });
}
