// `ox-connector check [--warn-age S] [--crit-age S]`: a Nagios/Icinga plugin (decision 0290). One line, exit
// 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN — also for a wrong option or an unreadable data directory, as plugins
// do, so that a monitoring system never mistakes a typo for an outage. Read-only: never takes the runner lock.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CommanderError, InvalidArgumentError, type Command } from 'commander';
import { probeRunnerLock } from '../engine/lock-probe.js';
import { DEFAULT_THRESHOLDS, evaluate, UNKNOWN, unknownLine, type CheckFigures } from '../ops/check.js';
import { queueFigures } from '../ops/queue-figures.js';
import { LISTENER_DIR } from '../sources/ucs-queue/queue-dir.js';
import { STATE_DB_FILE } from '../state/database.js';
import { DATA_DIR_OPTION, dataDirOf, openAdminStores } from './admin-common.js';
import { exitCodes } from './exit-codes.js';

function seconds(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('give whole seconds, e.g. 900');
  return Number(value);
}

interface CheckOptions {
  warnAge: number;
  critAge: number;
  dataDir?: string;
}

function figures(dataDir: string): CheckFigures {
  if (!existsSync(dataDir))
    throw new Error(`the data directory ${dataDir} does not exist: give --data-dir or OX_CONNECTOR_DATA_DIR`);
  const queue = queueFigures(join(dataDir, LISTENER_DIR));
  const lock = probeRunnerLock(dataDir);
  const base = { dataDir, queue: queue.depth, oldestAgeSeconds: queue.oldestAgeSeconds, lock };
  // A connector that never ran has no store yet; opening it here would create it as the monitoring user.
  if (!existsSync(join(dataDir, STATE_DB_FILE))) return { ...base, parked: 0, held: 0, consecutiveErrors: 0 };
  const stores = openAdminStores(dataDir);
  try {
    return {
      ...base,
      parked: stores.store.allParked().length,
      held: stores.policy.allHeld().length,
      consecutiveErrors: Number(stores.store.health().errors ?? '0') || 0,
    };
  } finally {
    stores.close();
  }
}

export function registerCheck(program: Command): void {
  const check = program
    .command('check')
    .description(
      "Nagios/Icinga plugin: one line with queue, parked objects and the oldest item's age; exit 0 OK, 1 WARNING, 2 CRITICAL (e.g. work queued and no runner), 3 UNKNOWN",
    )
    .option(
      '--warn-age <seconds>',
      'WARNING when the oldest queued item waits this long',
      seconds,
      DEFAULT_THRESHOLDS.warnAgeSeconds,
    )
    .option(
      '--crit-age <seconds>',
      'CRITICAL when the oldest queued item waits this long',
      seconds,
      DEFAULT_THRESHOLDS.critAgeSeconds,
    )
    .option(...DATA_DIR_OPTION)
    .exitOverride((err: CommanderError) => {
      // --help is not a failure; any other parse error is the plugin's UNKNOWN.
      if (err.exitCode === 0) process.exit(0);
      console.log(unknownLine(`${err.message.replace(/^error: /, '')} (see ox-connector check --help)`));
      process.exit(UNKNOWN);
    })
    .configureOutput({ writeErr: (text) => (text.startsWith('error:') ? undefined : process.stderr.write(text)) })
    .action((options: CheckOptions) => {
      if (options.warnAge > options.critAge) {
        console.log(unknownLine(`--warn-age ${options.warnAge} is above --crit-age ${options.critAge}`));
        process.exitCode = UNKNOWN;
        return;
      }
      let result;
      try {
        const dataDir = dataDirOf(options.dataDir);
        result = evaluate(figures(dataDir), { warnAgeSeconds: options.warnAge, critAgeSeconds: options.critAge });
      } catch (err) {
        console.log(unknownLine(`${(err as Error).message} (run the check as the connector's user)`));
        process.exitCode = UNKNOWN;
        return;
      }
      console.log(result.line);
      process.exitCode = result.state;
    });
  // The plugin's own codes: a monitoring system reads 2 as CRITICAL, so a usage error is UNKNOWN (decision 0290).
  exitCodes(check, [
    [0, 'OK'],
    [1, 'WARNING (parked objects, failures in a row, the oldest item older than --warn-age)'],
    [2, 'CRITICAL (work queued and no runner, the oldest item older than --crit-age)'],
    [UNKNOWN, 'UNKNOWN: a usage or configuration error (bad option, the data directory cannot be read)'],
  ]);
}
