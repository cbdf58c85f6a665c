// The engine: one pass takes everything queued, coalesces it per object, orders it by phase and runs each
// phase with bounded concurrency (the steps: engine/pass.ts). One object's changes run strictly in order (they
// are one unit). Error policy (issue 5, decisions 0090–0094):
// - a permanent failure parks the object (its files stay queued, later changes wait with it) and holds back
//   everything that depends on it (users of a parked context, groups/functional accounts naming a parked
//   user: what handlers declare they provide and need, engine/dependencies.ts); everything else flows;
// - a transient failure belongs to the object that met it (issue 14, decision 0215): the object is retried
//   after its own back-off (within the pass while that is short, its phase waiting for it; later passes after
//   that, its dependants held), and everything else flows. Only OX as a whole failing — no answer at all, or a
//   whole window of objects in a row failing with nothing in between succeeding — stops starting new work; that
//   is logged and counted once per pass, and the runner backs off only if nothing succeeded;
// - OX_CONNECTOR_STOP_ON_ERROR=true: one object at a time in queue order, the first failure stops the pass
//   and the queue waits behind it (the original's behaviour), retried with the original's back-off.
import type { Rechecked } from '../config/recheck.js';
import type { Logger } from '../ops/log.js';
import type { HandlerRegistry } from '../provisioning/registry.js';
import type { ProvisioningEnv } from '../provisioning/types.js';
import { PolicyStore } from '../state/policy-store.js';
import type { StateStore } from '../state/store.js';
import type { RetainBudget } from '../queue/queue-index.js';
import { retryAnsweredFaults } from './call-retry.js';
import type { OutcomeObserver } from './outcomes.js';
import { Pass, type PassContext } from './pass.js';
import type { QuietPoint } from './quiet-point.js';
import type { ChangeSource, PassResult } from './pass-result.js';
import { TransientRetries } from './transient-retries.js';

export type { ChangeSource, PassResult } from './pass-result.js';
export { parkDelaySeconds } from './parking.js';

export interface EngineOptions {
  registry: HandlerRegistry;
  store: StateStore;
  source: ChangeSource;
  log: Logger;
  /** Objects provisioned in parallel within a phase; the caller's OX client carries as many calls at once. */
  concurrency: number;
  /**
   * Objects started beyond `concurrency`, prepared while the OX client's connections are all busy, so that a
   * freed connection carries the next call without waiting for the connector (decision 0194). Default 0.
   */
  lookahead?: number;
  stopOnError: boolean;
  maxBackoffSeconds: number;
  /** Objects whose full record stays in memory between indexing and provisioning (queue/queue-index.ts; tests lower it). */
  retainedRecords?: number | RetainBudget;
  /** Most confirmed objects committed in one store transaction (group-commit.ts; tests lower it). */
  groupCommitObjects?: number;
  /** Everything handlers need except requeue, which the engine supplies. */
  env: Omit<ProvisioningEnv, 'requeue' | 'log'>;
  /** Told what became of each attempt at an object (metrics). */
  outcomes?: OutcomeObserver;
  /** Administrator work carried out between batches of a pass (decision 0345). */
  quiet?: QuietPoint;
}

/** How often a pass looks at the configuration files again (an edit made during a pass applies within this). */
const CONFIG_RECHECK_MS = 1000;

export class Engine {
  readonly policy: PolicyStore;
  /** What a pass needs, including what the engine remembers from one pass to the next (in memory). */
  private readonly context: PassContext;

  constructor(private readonly opts: EngineOptions) {
    this.policy = new PolicyStore(opts.store.db);
    this.context = {
      registry: opts.registry,
      store: opts.store,
      source: opts.source,
      log: opts.log,
      policy: this.policy,
      stopOnError: opts.stopOnError,
      maxBackoffSeconds: opts.maxBackoffSeconds,
      concurrency: opts.concurrency,
      lookahead: opts.lookahead ?? 0,
      retainedRecords: opts.retainedRecords,
      groupCommitObjects: opts.groupCommitObjects,
      // A call OX answers with a transient fault is retried on the spot (decision 0216); strict mode too, since a
      // successful repeat of the call is what stopping and retrying the item would have reached.
      env: { ...opts.env, ox: retryAnsweredFaults(opts.env.ox) },
      triedThrough: new Map(),
      outcomes: opts.outcomes,
      quiet: opts.quiet,
      memory: {
        reportedMalformed: new Set(),
        reportedUnknown: new Set(),
        pendingRequeues: new Map(),
        // Objects in back-off after transient failures (in memory: a restart retries them at once).
        transient: new TransientRetries(opts.maxBackoffSeconds * 1000),
      },
    };
  }

  /** One pass over the queue. ignoreBackoff: retry parked objects now (run --once). */
  async pass(ignoreBackoff = false): Promise<PassResult> {
    // The configuration files are read for every object: looked at once per interval while the pass runs, not
    // per read (decision 0192); between passes (tools, tests) every read looks again.
    // Partial: engine tests with a stub environment leave them out.
    const { credentials, accessProfiles, attributeMapping } = this.opts.env;
    const files: (Rechecked | undefined)[] = [credentials, accessProfiles, attributeMapping];
    const timers = files.flatMap((file) => file?.recheck ?? []);
    for (const t of timers) t.throttle(CONFIG_RECHECK_MS);
    try {
      return await new Pass(this.context, ignoreBackoff).run();
    } finally {
      for (const t of timers) t.throttle(0);
    }
  }
}
