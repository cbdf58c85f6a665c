// Puts the engine together for a data directory and drives it: `runOnce` until nothing processable is left,
// or `runForever` (fs watch + periodic rescan). Back-off (decision 0215): an object that met a transient fault
// waits on its own (the engine keeps that); the runner waits as a whole only when OX as a whole failed and the
// pass made no progress — never after a pass that provisioned something.
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { AccessProfiles, ACCESS_PROFILE_FILE } from '../config/access-profiles.js';
import { AttributeMappingFile, ATTRIBUTE_MAPPING_FILE } from '../config/attribute-mapping.js';
import { CredentialsStore } from '../config/credentials.js';
import { DEFAULT_ACCESS_PROFILES, writeDefaultAccessProfiles } from '../config/default-access-profiles.js';
import type { Settings } from '../config/settings.js';
import type { Logger } from '../ops/log.js';
import { formatProgress, Progress } from '../ops/progress.js';
import type { OxApi } from '../provisioning/ox-port.js';
import { defaultRegistry, type HandlerRegistry } from '../provisioning/registry.js';
import { PassWindow } from './pass-window.js';
import { UcsQueueDir } from '../sources/ucs-queue/queue-dir.js';
import { openStateDb, STATE_DB_FILE, type StateDb } from '../state/database.js';
import { StateStore } from '../state/store.js';
import { StoredReferences } from '../state/stored-references.js';
import type { RetainBudget } from '../queue/queue-index.js';
import { Engine, type PassResult } from './engine.js';
import type { OutcomeObserver } from './outcomes.js';
import { tcpProbe, type Probe } from './probe.js';
import type { QuietPoint } from './quiet-point.js';

export interface RunnerParts {
  settings: Settings;
  log: Logger;
  ox: OxApi;
  credentials: CredentialsStore;
  registry?: HandlerRegistry;
  /** Is OX reachable again? Default: a TCP connect to OX_SOAP_SERVER. */
  probe?: Probe;
  /** See EngineOptions.retainedRecords. */
  retainedRecords?: number | RetainBudget;
  /** Progress lines for a large queue (decision 0302); a test passes one with its own clock. */
  progress?: Progress;
  /** See EngineOptions.outcomes. */
  outcomes?: OutcomeObserver;
  /**
   * Administrator commands handed to the runner (decision 0345): carried out between passes, while it waits, and
   * between batches inside a pass. Made from the runner's store connection.
   */
  quiet?: (db: StateDb) => QuietPoint;
}

export interface RunSummary {
  processed: number;
  failed: number;
  left: number;
}

/** `run --once`: how often OX failing as a whole is retried (back-off 1, 2, 4, 8 s, capped by OX_CONNECTOR_MAX_BACKOFF). */
export const ONCE_OX_RETRIES = 4;

function madeProgress(pass: PassResult): boolean {
  return pass.processed > 0 || pass.requeued > 0;
}

export function credentialsFor(settings: Settings): CredentialsStore {
  return new CredentialsStore(settings.credentialsFile, {
    adminuser: settings.masterAdmin,
    adminpass: settings.masterPassword,
  });
}

export class Runner {
  readonly db: StateDb;
  readonly store: StateStore;
  readonly queue: UcsQueueDir;
  readonly engine: Engine;
  private stopped = false;
  private wake: (() => void) | undefined;
  /** A queue file appeared (or went) since the current pass started; a pass is due whatever it found. */
  private queueChanged = false;
  private readonly window: PassWindow;

  private readonly probe: Probe;
  private readonly quiet: QuietPoint | undefined;

  constructor(private readonly parts: RunnerParts) {
    const { settings, log } = parts;
    this.probe = parts.probe ?? tcpProbe(settings.soapServer);
    this.db = openStateDb(join(settings.dataDir, STATE_DB_FILE), { notice: (m) => log.warning(m) });
    this.store = new StateStore(this.db);
    this.queue = new UcsQueueDir(settings.dataDir, settings.maxQueueFileBytes);
    this.window = new PassWindow(settings.passMaxFiles);
    this.quiet = parts.quiet?.(this.db);
    const queue = this.queue;
    // A large queue (an initial load) logs how far it is, at most every few seconds: counted where queue files
    // are listed (a pass starts) and removed (their change is committed).
    const progress = parts.progress ?? new Progress();
    let warnedProfiles = false;
    const profilesFile = join(settings.dataDir, ACCESS_PROFILE_FILE);
    if (writeDefaultAccessProfiles(profilesFile))
      log.info(
        `No access profiles yet: wrote the OX Connector app's default profiles (${[...DEFAULT_ACCESS_PROFILES.keys()].join(', ')}) to ${profilesFile}; oxmail/accessprofile objects from the directory update it`,
      );
    this.engine = new Engine({
      registry: parts.registry ?? defaultRegistry(),
      store: this.store,
      source: {
        list: () => {
          const names = queue.list();
          progress.listed(names.length);
          // Full paths only for the files this pass takes: a million of them is 100 MB (decision 0338).
          const taken = this.window.take(names);
          if (this.window.wasPartial)
            log.info(
              `${names.length} queued files: this pass takes the oldest ${taken.length} (OX_CONNECTOR_PASS_MAX_FILES), the next ones follow`,
            );
          return queue.paths(taken);
        },
        listWasPartial: () => this.window.wasPartial,
        read: (path) => queue.read(path),
        lastReadBytes: () => queue.lastReadBytes(),
        acknowledge: (r) => {
          queue.remove(r.source);
          const report = progress.done();
          if (report) log.info(`Progress: ${formatProgress(report, 'queued changes')}`);
        },
      },
      log,
      concurrency: settings.concurrency,
      lookahead: settings.lookahead,
      stopOnError: settings.stopOnError,
      maxBackoffSeconds: settings.maxBackoffSeconds,
      outcomes: parts.outcomes,
      quiet: this.quiet,
      retainedRecords: parts.retainedRecords ?? {
        objects: Number.POSITIVE_INFINITY,
        bytes: settings.queueMemoryMb * 1024 * 1024,
      },
      env: {
        ox: parts.ox,
        settings,
        credentials: parts.credentials,
        store: this.store,
        references: new StoredReferences(this.db),
        accessProfiles: new AccessProfiles(profilesFile, (path) => {
          // Only when the file went away while running (a missing one is written with the defaults at start).
          if (!warnedProfiles)
            log.warning(
              `Could not read ${path}. Working with empty set: users keep their OX rights until it is back. Restart the connector to write the default profiles, or re-send the oxmail/accessprofile objects from the directory.`,
            );
          warnedProfiles = true;
        }),
        attributeMapping: new AttributeMappingFile(join(settings.dataDir, ATTRIBUTE_MAPPING_FILE), (reason) =>
          log.warning(reason),
        ),
      },
    });
  }

  /**
   * Processes until nothing processable is left; the summary counts queue items (files). Transient faults are
   * retried within the invocation: objects after their own back-off (the engine reports and parks one that keeps
   * failing), OX as a whole after a bounded back-off. What still fails at the end is counted as failed.
   */
  async runOnce(): Promise<RunSummary> {
    const { log, settings } = this.parts;
    let processed = 0;
    let failed = 0;
    let oxRetries = 0;
    // The first pass retries parked objects at once; later passes (new files, requeued objects, objects in
    // transient back-off) leave objects parked in this run alone, so each parked object is attempted once per run.
    for (let i = 0; i < 10_000 && !this.stopped; i++) {
      await this.serveQuiet();
      const pass: PassResult = await this.engine.pass(i === 0);
      processed += pass.processed;
      // Objects in flight when OX as a whole failed are retried below; they count only if OX never comes back.
      failed += pass.failed - pass.failedTransiently;
      if (pass.transientFailure && !madeProgress(pass)) {
        if (oxRetries >= ONCE_OX_RETRIES) {
          failed += pass.failedTransiently;
          break;
        }
        oxRetries += 1;
        const seconds = Math.min(settings.maxBackoffSeconds, 2 ** (oxRetries - 1));
        const unreachable = pass.transientError?.unreachable ?? false;
        log.warning(
          `Waiting up to ${seconds} seconds for retry (attempt ${oxRetries} of ${ONCE_OX_RETRIES} in this run${unreachable ? '; resuming as soon as OX answers' : ''}).`,
        );
        await this.waitForOx(seconds, unreachable);
        continue;
      }
      if (madeProgress(pass) || pass.transientFailure) {
        oxRetries = 0;
        if (madeProgress(pass)) this.window.afterPass(true);
        continue;
      }
      // Newer files wait beyond this pass's window: go on to them (the window grows when nothing moved).
      if (this.window.afterPass(false)) continue;
      if (pass.retryAt === undefined) break;
      await this.sleep(Math.max(1, pass.retryAt - Date.now()), false);
    }
    const remaining = this.queue.list().length;
    const summary = { processed, failed, left: Math.max(0, remaining - failed) };
    log.info(`Successfully processed ${processed} files during this run`, { ...summary });
    return summary;
  }

  /** The long-running service: reacts to new queue files within milliseconds, rescans every second. */
  async runForever(): Promise<void> {
    const { log, settings } = this.parts;
    let watcher: FSWatcher | undefined;
    try {
      watcher = watch(this.queue.dir, () => {
        this.queueChanged = true;
        this.wake?.();
      });
    } catch (err) {
      log.warning(`Cannot watch ${this.queue.dir} (${(err as Error).message}); relying on the periodic rescan.`);
    }
    let backoff = 0;
    let attempts = 0;
    log.info(`Watching ${this.queue.dir}`);
    try {
      while (!this.stopped) {
        await this.serveQuiet();
        this.queueChanged = false;
        const result = await this.engine.pass(false);
        if (result.processed > 0) log.info(`Successfully processed ${result.processed} files during this run`);
        // The pass back-off is for OX as a whole; a pass that provisioned something is followed at once.
        if (result.transientFailure && !madeProgress(result)) {
          attempts += 1;
          backoff = Math.min(settings.maxBackoffSeconds, backoff === 0 ? 1 : backoff * 2);
          const unreachable = result.transientError?.unreachable ?? false;
          // One line per attempt (the engine logged the error once); nothing per queued object.
          log.warning(
            `Waiting up to ${backoff} seconds for retry (attempt ${attempts}${unreachable ? '; resuming as soon as OX answers' : ''}). In case you want to retry now, restart the connector.`,
          );
          await this.waitForOx(backoff, unreachable);
          continue;
        }
        if (attempts > 0) {
          log.info(`OX answers again; provisioning resumed after ${attempts} failed attempt(s).`);
          attempts = 0;
          backoff = 0;
        }
        const moreBeyondWindow = this.window.afterPass(madeProgress(result));
        if (madeProgress(result) || result.transientFailure || moreBeyondWindow) continue;
        // A file that landed while the pass ran (after its directory listing) must not wait for the rescan; an
        // object in transient back-off is tried again when it is due.
        const untilRetry = result.retryAt === undefined ? 1000 : result.retryAt - Date.now();
        if (!this.queueChanged) await this.sleep(Math.max(1, Math.min(1000, untilRetry)), true);
      }
    } finally {
      watcher?.close();
    }
  }

  /** Between passes and while waiting: administrator work handed over (nothing is in flight here). */
  private async serveQuiet(): Promise<void> {
    if (this.quiet?.due()) await this.quiet.serve();
  }

  /** Sleeps the back-off; when OX was unreachable, ends it early once a probe connects. */
  private async waitForOx(seconds: number, unreachable: boolean): Promise<void> {
    const until = Date.now() + seconds * 1000;
    while (!this.stopped && Date.now() < until) {
      await this.sleep(Math.min(1000, until - Date.now()), false);
      await this.serveQuiet();
      if (unreachable && !this.stopped && (await this.probe())) return;
    }
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  private sleep(ms: number, wakeOnChange: boolean): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        // Let a burst of files land before the next pass.
        setTimeout(resolve, wakeOnChange ? 20 : 0);
      };
      const timer = setTimeout(done, ms);
      this.wake = wakeOnChange || this.stopped ? done : () => (this.stopped ? done() : undefined);
    });
  }

  close(): void {
    this.db.close();
  }
}
