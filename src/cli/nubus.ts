// `ox-connector nubus subscribe|unsubscribe|status`: the connector's subscription at the Nubus Provisioning API
// (decision 0319). subscribe/unsubscribe use the admin account (PROVISIONING_API_ADMIN_*); status uses the
// subscription's own credentials, as the consumer does.
import type { Command } from 'commander';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkDataDirWritable, chooseDataDir, DataDirError } from '../config/data-dir.js';
import { caCertificatesDir } from '../config/trust-store.js';
import { printableJson } from '../ops/log.js';
import {
  NubusSettingsError,
  ProvisioningApiClient,
  readNubusAdmin,
  readNubusSettings,
  STORED_PASSWORD_FILE,
} from '../sources/nubus/index.js';
import { subscribe, subscriptionStatus, unsubscribe, type AdminTarget } from '../sources/nubus/subscription.js';
import { DATA_DIR_OPTION } from './admin-common.js';
import { exitCodes } from './exit-codes.js';

const CODES: [number, string][] = [
  [0, 'done'],
  [1, 'the Provisioning API refused (admin account, conflicting subscription, …; the message says what to do)'],
  [2, 'usage or configuration error (a PROVISIONING_API_* setting, the data directory)'],
];

type Options = { dataDir?: string; json?: boolean };

/** Runs `action` with settings errors as exit 2 and every other refusal as exit 1, each as one line. */
async function guarded(action: (dataDir: string) => Promise<void>, options: Options): Promise<void> {
  let dataDir: string;
  try {
    dataDir = chooseDataDir(options.dataDir).dir;
    checkDataDirWritable(dataDir, { create: true });
  } catch (error) {
    if (!(error instanceof DataDirError)) throw error;
    console.error(`ox-connector: ${error.message}`);
    process.exit(2);
  }
  try {
    await action(dataDir);
  } catch (error) {
    console.error(`ox-connector: ${(error as Error).message}`);
    process.exitCode = error instanceof NubusSettingsError ? 2 : 1;
  }
}

function adminTarget(dataDir: string): AdminTarget {
  const admin = readNubusAdmin();
  const baseUrl = (process.env.PROVISIONING_API_BASE_URL?.trim() ?? '').replace(/\/+$/, '');
  const name = process.env.PROVISIONING_API_USERNAME?.trim() ?? '';
  if (!baseUrl || !name)
    throw new NubusSettingsError(
      'PROVISIONING_API_BASE_URL and PROVISIONING_API_USERNAME (the subscription name) must be set',
    );
  return { baseUrl, admin, name, dataDir, caDir: caCertificatesDir(dataDir) };
}

function report(options: Options, json: Record<string, unknown>, text: string): void {
  console.log(options.json ? printableJson({ ...json, message: text }) : text);
}

export function registerNubus(program: Command): void {
  const nubus = exitCodes(program.command('nubus'), CODES).description(
    "Manage the connector's subscription at the Nubus Provisioning API",
  );
  exitCodes(nubus.command('subscribe'), CODES)
    .description('Register the subscription (six OX topics, prefill on); idempotent')
    .option('--json', 'print the result as one JSON document')
    .option(...DATA_DIR_OPTION)
    .action((options: Options) =>
      guarded(async (dataDir) => {
        const target = adminTarget(dataDir);
        const outcome = await subscribe(target);
        const file = join(dataDir, STORED_PASSWORD_FILE);
        report(
          options,
          { subscription: target.name, outcome, passwordFile: file },
          outcome === 'created'
            ? `Subscription "${target.name}" registered with prefill; its password is in ${file} (0600). Start ox-connector run --source nubus`
            : `Subscription "${target.name}" was registered already, identically; nothing changed`,
        );
      }, options),
    );
  exitCodes(nubus.command('unsubscribe'), CODES)
    .description('Delete the subscription (and its queue) and the stored password')
    .option('--json', 'print the result as one JSON document')
    .option(...DATA_DIR_OPTION)
    .action((options: Options) =>
      guarded(async (dataDir) => {
        const target = adminTarget(dataDir);
        const removed = await unsubscribe(target);
        report(
          options,
          { subscription: target.name, removed },
          removed
            ? `Subscription "${target.name}" deleted. A new one starts with a prefill; run ox-connector reconcile after it`
            : `There was no subscription "${target.name}"`,
        );
      }, options),
    );
  exitCodes(nubus.command('status'), CODES)
    .description('Show the prefill state and what is waiting to be provisioned')
    .option('--json', 'print the result as one JSON document')
    .option(...DATA_DIR_OPTION)
    .action((options: Options) =>
      guarded(async (dataDir) => {
        const settings = readNubusSettings(process.env, join(dataDir, STORED_PASSWORD_FILE));
        const info = await subscriptionStatus(new ProvisioningApiClient(settings, caCertificatesDir(dataDir)));
        let queued = 0;
        try {
          queued = readdirSync(join(dataDir, 'listener')).filter((name) => name.endsWith('.json')).length;
        } catch {
          // No queue yet.
        }
        const prefill = info.prefill_queue_status ?? 'unknown';
        report(
          options,
          { subscription: settings.username, prefill, queuedFiles: queued },
          `Subscription "${settings.username}": prefill ${prefill}; ${queued} staged change(s) waiting to be provisioned`,
        );
      }, options),
    );
}
