// `ox-connector nubus-sync [--once]`: fills the queue (<data dir>/listener/) from a subscription of Univention's
// Provisioning API (PROVISIONING_API_*), without provisioning. `run --source nubus` does the same inside the run.
import type { Command } from 'commander';
import { join } from 'node:path';
import { caCertificatesDir } from '../config/trust-store.js';
import {
  NubusSettingsError,
  readNubusSettings,
  startNubusSource,
  STORED_PASSWORD_FILE,
} from '../sources/nubus/index.js';
import { DATA_DIR_OPTION } from './admin-common.js';
import { exitCodes } from './exit-codes.js';
import { NUBUS_SOURCE_LOCK } from './run-nubus-source.js';
import { runSourceSync } from './source-sync-action.js';

export function registerNubusSync(program: Command): void {
  exitCodes(program.command('nubus-sync'), [
    [
      0,
      'with --once: every message the Provisioning API had was staged and acknowledged; without: stopped by SIGTERM or SIGINT',
    ],
    [
      1,
      'the consumer stopped for good (credentials refused, subscription missing, prefill failed; the message says which)',
    ],
    [
      2,
      'usage or configuration error (a PROVISIONING_API_* setting, the data directory), or another consumer holds it',
    ],
  ])
    .description(
      'Consume a Nubus Provisioning API subscription (PROVISIONING_API_BASE_URL, …) and write its changes to the queue',
    )
    .option('--once', 'take every message the API has (after prefill), write the queue files, then exit')
    .option(...DATA_DIR_OPTION)
    .action((options: { once?: boolean; dataDir?: string }) =>
      runSourceSync(
        {
          lockName: NUBUS_SOURCE_LOCK,
          lockLabel: 'Nubus source',
          readSettings: (dataDir) => readNubusSettings(process.env, join(dataDir, STORED_PASSWORD_FILE)),
          settingsError: NubusSettingsError,
          start: (context) => startNubusSource({ ...context, caDir: caCertificatesDir(context.dataDir) }),
          finished: ({ stats: s }) =>
            `nubus-sync: finished (${s.staged.create + s.staged.modify + s.staged.move + s.staged.delete} staged, ${s.irrelevant} of other topics)`,
        },
        options,
      ),
    );
}
