// The Nubus source: take the Provisioning API's messages one by one (the API hands out only its oldest), stage each
// as a queue file exactly once, then acknowledge. The engine coalesces and provisions the files like any queue files,
// so provisioning runs concurrently behind the strictly ordered intake. See docs/architecture.md "sources/nubus".
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../ops/log.js';
import type { StateDb } from '../../state/database.js';
import { ProvisioningApiClient, POLL_SECONDS } from './api-client.js';
import { classifyFailure, NubusFatalError, type TransientReason } from './errors.js';
import { type ChangeKind, convertMessage, type ProvisioningMessage } from './message.js';
import type { NubusSettings } from './settings.js';
import { MessageStager } from './stager.js';

export interface NubusSourceOptions {
  settings: NubusSettings;
  db: StateDb;
  dataDir: string;
  /** The OX client's CA directory: HTTPS to the API trusts the same CAs. */
  caDir: string | undefined;
  logger: Pick<Logger, 'info' | 'warning' | 'error'>;
  /** Finish when the API has nothing more to hand out (after prefill). */
  once?: boolean;
  pollSeconds?: number;
  /**
   * The original connector's way (OX_CONNECTOR_NUBUS_ONE_AT_A_TIME): acknowledge a message only after its change was
   * provisioned (its queue file is gone), so one message is in the works at a time. For comparison; off by default.
   */
  oneAtATime?: boolean;
}

export interface NubusSourceStats {
  staged: Record<ChangeKind, number>;
  /** Redeliveries of messages staged before (killed before the acknowledgement): acknowledged only. */
  alreadyStaged: number;
  /** Topics the connector does not provision: acknowledged and counted. */
  irrelevant: number;
  /** Relevant messages no record could be made of (logged with what to do), acknowledged. */
  unusable: number;
}

export interface NubusSource {
  /** once: resolves when the API has nothing more; otherwise after stop(). Rejects with NubusFatalError. */
  done: Promise<void>;
  stats: NubusSourceStats;
  stop(): Promise<void>;
}

const MAX_BACKOFF_MS = 30_000;
const PREFILL_CHECK_MS = 60_000;
const ONE_AT_A_TIME_CHECK_MS = 2;

export function startNubusSource(options: NubusSourceOptions): NubusSource {
  const { settings, logger } = options;
  const client = new ProvisioningApiClient(settings, options.caDir);
  const stager = new MessageStager(options.db, options.dataDir, settings.username);
  const stats: NubusSourceStats = {
    staged: { create: 0, modify: 0, move: 0, delete: 0 },
    alreadyStaged: 0,
    irrelevant: 0,
    unusable: 0,
  };
  const pollSeconds = options.pollSeconds ?? POLL_SECONDS;
  let stopped = false;
  let wakeUp: (() => void) | undefined;
  let failures = 0;
  let failingWith: TransientReason | undefined;
  let lastPrefillCheck = 0;
  let prefillState: string | undefined;
  let sinceSummary = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  /** Runs `call` until it succeeds; transient failures back off and are logged once per change of reason. */
  async function retrying<T>(call: () => Promise<T>): Promise<T | undefined> {
    while (!stopped) {
      try {
        const result = await call();
        if (failingWith !== undefined)
          logger.info(`Provisioning API ${settings.baseUrl} answers again (after ${failures} failed attempts)`);
        failures = 0;
        failingWith = undefined;
        return result;
      } catch (error) {
        if (stopped) return undefined;
        const reason = classifyFailure(error, settings, options.caDir);
        if (reason !== failingWith)
          logger.warning(
            `Provisioning API ${settings.baseUrl} unavailable (${reason}): retrying with back-off up to ${MAX_BACKOFF_MS / 1000} s; staged changes are provisioned meanwhile`,
          );
        failingWith = reason;
        failures++;
        await sleep(Math.min(100 * 2 ** Math.min(failures, 20), MAX_BACKOFF_MS));
      }
    }
    return undefined;
  }

  function summarize(): void {
    if (sinceSummary === 0) return;
    const s = stats.staged;
    logger.info(
      `Nubus source: ${s.create} created, ${s.modify} modified, ${s.move} moved, ${s.delete} deleted objects staged; ` +
        `${stats.irrelevant} messages of other topics and ${stats.alreadyStaged} redeliveries acknowledged`,
    );
    sinceSummary = 0;
  }

  /** Returns the queue file staged for the message, if any. */
  function handle(message: ProvisioningMessage): string | undefined {
    const conversion = convertMessage(message);
    sinceSummary++;
    let file: string | undefined;
    if (conversion.kind === 'irrelevant') stats.irrelevant++;
    else if (conversion.kind === 'unusable') {
      stats.unusable++;
      logger.error(`Nubus source: ${conversion.problem}; the message is acknowledged without a change`);
    } else {
      const staged = stager.stage(message, conversion.record);
      if (staged.outcome === 'already-staged') stats.alreadyStaged++;
      else {
        stats.staged[conversion.kind]++;
        file = staged.file;
      }
    }
    if (sinceSummary >= 1000) summarize();
    return file;
  }

  /** One at a time: the engine removes a queue file once its change is provisioned (or parked as failed). */
  async function provisioned(file: string): Promise<void> {
    while (!stopped && existsSync(join(options.dataDir, 'listener', file))) await sleep(ONE_AT_A_TIME_CHECK_MS);
  }

  /** Nothing is handed out until prefill is done; a failed prefill never finishes. Returns true when done. */
  async function prefillFinished(): Promise<boolean> {
    lastPrefillCheck = Date.now();
    const info = await retrying(() => client.subscriptionInfo());
    const state = info?.prefill_queue_status;
    if (state === 'failed')
      throw new NubusFatalError(
        `The prefill of subscription "${settings.username}" failed at the Provisioning API ${settings.baseUrl}: delete the subscription and register it again with request_prefill true, then run ox-connector reconcile (a prefill never deletes)`,
      );
    if (state !== prefillState && state !== undefined && state !== 'done')
      logger.info(`Nubus source: waiting for the prefill of subscription "${settings.username}" (${state})`);
    prefillState = state;
    return state === undefined || state === 'done';
  }

  async function loop(): Promise<void> {
    const recovered = stager.recover();
    if (recovered.published > 0 || recovered.removed > 0)
      logger.info(
        `Nubus source: ${recovered.published} staged file(s) of the last run put in place, ${recovered.removed} unrecorded one(s) removed`,
      );
    await prefillFinished();
    while (!stopped) {
      const message = await retrying(() => client.nextMessage(pollSeconds));
      if (stopped) break;
      if (message === undefined) {
        summarize();
        const due = options.once || Date.now() - lastPrefillCheck >= PREFILL_CHECK_MS;
        if (due && (await prefillFinished()) && options.once) break;
        continue;
      }
      const file = handle(message);
      if (file !== undefined && options.oneAtATime) {
        await stager.flush();
        await provisioned(file);
      }
      if (stopped) break; // Not acknowledged: it comes again and is recognised as staged.
      await retrying(() => client.acknowledge(message.sequence_number));
    }
    await stager.flush();
    summarize();
  }

  // Whatever ends the loop, the files staged so far are put in place (a failure there is the next start's to redo).
  const done = loop()
    .catch(async (error: unknown) => {
      await stager.flush().catch(() => undefined);
      throw error;
    })
    .finally(() => client.close());
  return {
    done,
    stats,
    async stop() {
      stopped = true;
      wakeUp?.();
      client.close(); // Ends a pending long poll; a message staged but not acknowledged comes again and is recognised.
      await done.catch(() => undefined);
    },
  };
}

export { NubusFatalError };
