// `ox-connector run [--once] [--stats] [--json] [--data-dir DIR]`: provision the UCS queue (<data dir>/listener/) into OX.
// Exit codes of --once: 0 every item processed, 1 any item failed, 2 configuration error.
import type { Command } from 'commander';
import {
  checkDataDirWritable,
  chooseDataDir,
  DataDirError,
  describeDataDirChoice,
  type DataDirChoice,
} from '../config/data-dir.js';
import { loadSettings, SettingsError, type Settings } from '../config/settings.js';
import { acquireRunnerLock, RunnerLockedError } from '../engine/lock.js';
import { credentialsFor, Runner } from '../engine/runner.js';
import { limitHeapGrowth } from '../ops/heap.js';
import { logOutputSettings, type LogOutputSettings } from '../config/log-settings.js';
import { openRunLog, type RunLog } from './run-log.js';
import { oxClientFor } from './ox-connection.js';
import { ignoredTlsOverride } from '../ox/tls.js';
import type { RunningLdapSource } from './run-ldap-source.js';
import type { RunningNubusSource } from './run-nubus-source.js';
import { DATA_DIR_OPTION } from './admin-common.js';
import { refreshCompatScripts } from './install-compat.js';
import { runOnceOutput, runStats } from './run-summary.js';
import { exitCodes, UsageError } from './exit-codes.js';
import { httpForRunOrExit, startHttpForRun } from './run-http.js';
import { ServedRequests } from './served-requests.js';
import type { StateDb } from '../state/database.js';

type SourceName = 'ucs' | 'ldap' | 'nubus';

function parseSource(value: string): SourceName {
  if (value === 'ucs' || value === 'ldap' || value === 'nubus') return value;
  throw new UsageError(
    `--source "${value}" is unknown: use ucs (the UCS listener queue), nubus (the Provisioning API via PROVISIONING_API_BASE_URL) or ldap (OpenLDAP via LDAP_URI)`,
  );
}

interface RunOptions {
  once?: boolean;
  stats?: boolean;
  json?: boolean;
  dataDir?: string;
  source?: SourceName;
}

/** The data directory (decision 0227): chosen, created if needed and writable, or exit 2 saying what to do. */
function dataDirOrExit(option: string | undefined): DataDirChoice {
  try {
    const choice = chooseDataDir(option);
    checkDataDirWritable(choice.dir, { create: true });
    return choice;
  } catch (err) {
    if (err instanceof DataDirError) {
      console.error(`ox-connector: configuration: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
}

function settingsOrExit(dataDir: string): Settings & { output: LogOutputSettings } {
  try {
    return { ...loadSettings(process.env, { dataDir }), output: logOutputSettings(process.env) };
  } catch (err) {
    if (err instanceof SettingsError) {
      for (const problem of err.problems) console.error(`ox-connector: configuration: ${problem}`);
      process.exit(2);
    }
    throw err;
  }
}

function runLogOrExit(settings: Settings & { output: LogOutputSettings }, logToStderr: boolean): RunLog {
  try {
    return openRunLog(settings, settings.output, logToStderr);
  } catch (err) {
    console.error(`ox-connector: configuration: ${(err as Error).message}`);
    process.exit(2);
  }
}

export function registerRun(program: Command): void {
  exitCodes(program.command('run'), [
    [0, 'with --once: every queued item was processed; without: stopped by SIGTERM or SIGINT'],
    [
      1,
      'with --once: an item failed (it is parked: ox-connector tasks list) or OX stayed unreachable; --source ldap|nubus: the source stopped for good',
    ],
    [
      2,
      'usage or configuration error (unknown option, bad value, invalid setting, unusable data directory), or another runner holds the data directory',
    ],
  ])
    .description('Provision queued directory changes (<data dir>/listener/*.json) into OX App Suite')
    .option('--once', 'process until nothing processable is left, print a summary and exit')
    .option('--stats', 'with --once: also print the SOAP calls made per operation, peak RSS and wall time')
    .option('--json', 'with --once: print the summary (and --stats) as one JSON document')
    .option(...DATA_DIR_OPTION)
    .option(
      '--source <ucs|ldap|nubus>',
      'where changes come from: the UCS listener queue, OpenLDAP (LDAP_URI, LDAP_BASE, …), or the Nubus Provisioning API (PROVISIONING_API_BASE_URL, …)',
      parseSource,
      'ucs',
    )
    .action(async (options: RunOptions) => {
      limitHeapGrowth();
      const dataDir = dataDirOrExit(options.dataDir);
      const settings = settingsOrExit(dataDir.dir);
      // --json: stdout carries the summary alone (a script pipes it to jq); the log lines go to stderr.
      const runLog = runLogOrExit(settings, Boolean(options.json && options.once));
      const log = runLog.log;
      // The data directory's origin stays the first line (README, decision 0227); the start line follows it.
      log.info(describeDataDirChoice(dataDir));
      runLog.started(options.source ?? 'ucs', Boolean(options.once));
      const http = httpForRunOrExit(process.env);
      const tlsOverride = ignoredTlsOverride(process.env, settings.caDir);
      if (tlsOverride !== undefined) log.warning(tlsOverride);
      let release: () => void;
      try {
        release = acquireRunnerLock(settings.dataDir);
      } catch (err) {
        if (err instanceof RunnerLockedError) {
          console.error(`ox-connector: ${err.message}`);
          runLog.stopped('another process holds the data directory');
          process.exit(2);
        }
        throw err;
      }
      // The manual's script paths (<data dir>/resources/get_current_error.py, …) exist on every install (decision 0180).
      refreshCompatScripts(settings.dataDir, log);
      const credentials = credentialsFor(settings);
      const ox = oxClientFor(settings, credentials, http?.metrics);
      // Administrator commands issued while it runs are handed to it (decision 0345).
      const quiet = (db: StateDb) => new ServedRequests(db, settings.dataDir, log);
      const runner = new Runner({ settings, log, ox, credentials, outcomes: http?.metrics, quiet });
      let ldap: RunningLdapSource | undefined;
      let nubus: RunningNubusSource | undefined;
      let endpoints: { close(): Promise<void> } | undefined;
      let stopReason = options.once ? 'run --once finished' : 'the provisioning loop ended';
      try {
        endpoints = http && (await startHttpForRun(http, runner, settings.dataDir, log));
        if (http && !endpoints) return; // It could not listen: said so, exit code 2.
        // --source ldap: the LDAP source fills the same queue in this process (with --once: one refresh first).
        // Inside the try, so a bad LDAP setting still releases the runner lock.
        if (options.source === 'ldap') {
          // Loaded here: a run from the UCS queue does not compile the LDAP client.
          const { startLdapForRun } = await import('./run-ldap-source.js');
          const { LdapSettingsError } = await import('../sources/ldap/index.js');
          try {
            ldap = await startLdapForRun(settings.dataDir, log, Boolean(options.once), () => {
              process.exitCode = 1; // The source stopped for good (e.g. bind refused): let the service manager see it.
              runner.stop();
            });
          } catch (err) {
            console.error(`ox-connector: ${(err as Error).message}`);
            process.exitCode = err instanceof LdapSettingsError || err instanceof RunnerLockedError ? 2 : 1;
            return;
          }
        }
        // --source nubus: the Provisioning API consumer fills the same queue in this process.
        if (options.source === 'nubus') {
          const { startNubusForRun } = await import('./run-nubus-source.js');
          const { NubusSettingsError } = await import('../sources/nubus/index.js');
          try {
            nubus = await startNubusForRun(settings.dataDir, settings.caDir, log, Boolean(options.once), () => {
              process.exitCode = 1; // Credentials refused, subscription gone, prefill failed: the service manager sees it.
              runner.stop();
            });
          } catch (err) {
            console.error(`ox-connector: ${(err as Error).message}`);
            process.exitCode = err instanceof NubusSettingsError || err instanceof RunnerLockedError ? 2 : 1;
            return;
          }
        }
        if (options.once) {
          const summary = await runner.runOnce();
          const stats = options.stats ? runStats(ox.callCounts) : undefined;
          console.log(runOnceOutput({ ...summary, ...(stats && { stats }) }, Boolean(options.json)));
          process.exitCode = summary.failed > 0 ? 1 : 0;
        } else {
          const stop = (signal: NodeJS.Signals) => {
            stopReason = signal;
            void ldap?.stop();
            void nubus?.stop();
            runner.stop();
          };
          process.once('SIGTERM', stop);
          process.once('SIGINT', stop);
          await runner.runForever();
        }
      } catch (err) {
        stopReason = `error: ${(err as Error).message}`;
        throw err;
      } finally {
        await endpoints?.close();
        await ldap?.stop();
        await nubus?.stop();
        runner.close();
        ox.close();
        release();
        runLog.stopped(stopReason);
      }
    });
}
