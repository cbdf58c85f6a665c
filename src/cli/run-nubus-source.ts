// `run --source nubus`: starts the Nubus source (Provisioning API consumer) in the run process, next to the queue
// runner. With --once it takes every message the API has (after prefill) before the runner drains the queue.
import { join } from 'node:path';
import type { Logger } from '../ops/log.js';
import { readNubusSettings, startNubusSource, STORED_PASSWORD_FILE, type NubusSource } from '../sources/nubus/index.js';
import { startSourceForRun, type RunningSource } from './run-source.js';

/** One consumer per data directory (run --source nubus or nubus-sync): the API has one head message per subscription. */
export const NUBUS_SOURCE_LOCK = 'nubus-source.lock';

/** OX_CONNECTOR_NUBUS_ONE_AT_A_TIME=true: acknowledge each message only once provisioned (the original's way). */
function oneAtATime(env: NodeJS.ProcessEnv): boolean {
  return /^(1|true|yes|on)$/i.test(env.OX_CONNECTOR_NUBUS_ONE_AT_A_TIME?.trim() ?? '');
}

export type RunningNubusSource = RunningSource<NubusSource>;

/**
 * Starts the consumer; for --once, resolves after the API had nothing more to hand out. Throws (with everything it
 * took released again) on bad settings or a held lock. `onFatal` is told when the source stops for good later on
 * (wrong credentials, subscription gone, failed prefill).
 */
export async function startNubusForRun(
  dataDir: string,
  caDir: string,
  log: Logger,
  once: boolean,
  onFatal: (error: Error) => void = () => undefined,
): Promise<RunningNubusSource> {
  const settings = readNubusSettings(process.env, join(dataDir, STORED_PASSWORD_FILE));
  return startSourceForRun({
    dataDir,
    lockFile: NUBUS_SOURCE_LOCK,
    holder: 'Nubus source',
    log,
    onFatal,
    start: (db) =>
      startNubusSource({
        settings,
        db,
        dataDir,
        caDir,
        logger: log,
        once,
        oneAtATime: !once && oneAtATime(process.env),
      }),
    ready: (source) => (once ? source.done : undefined),
  });
}
