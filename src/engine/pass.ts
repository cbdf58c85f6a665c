// One pass over the queue, as named steps (decisions 0090–0094, 0215–0217; the error policy is in engine.ts):
// index the queue → settle parked and transient state → report malformed files → bucket units into phases
// (unknown types reported, parked and backing-off objects noted as blockers) → run each phase through the pool →
// summarise. A Pass lives for one pass; what outlives it (reported files, carried requeues, back-offs, what a
// parked object's last attempt tried) is the engine's `PassMemory`.
import type { ChangeRecord, CoalescedChange } from '../model/change.js';
import type { HandlerRegistry } from '../provisioning/registry.js';
import { describe, PHASES, type ObjectHandler, type Phase, type ProvisionInput } from '../provisioning/types.js';
import type { HeldRow } from '../state/policy-store.js';
import type { ParkedRow } from '../state/store.js';
import {
  indexQueue,
  loadChange,
  type IndexedChange,
  type QueueIndex,
  type RetainBudget,
} from '../queue/queue-index.js';
import { Dependencies, type Blocker } from './dependencies.js';
import { GroupCommit } from './group-commit.js';
import { park, REQUEUE_SOURCE, waitsParked } from './parking.js';
import { reportMalformed, reportTransientFailures, reportUnknown } from './pass-reports.js';
import type { ChangeSource, PassResult } from './pass-result.js';
import { runBounded } from './pool.js';
import type { QuietPoint } from './quiet-point.js';
import { IN_PASS_RETRY_MS, REPORT_AFTER_ATTEMPTS, type TransientRetries } from './transient-retries.js';
import {
  failUnit,
  runUnit,
  type ConfirmedUnit,
  type TransientOutcome,
  type Unit,
  type UnitContext,
  type UnitOutcome,
} from './unit-outcome.js';

/** What the engine keeps from one pass to the next (in memory: a restart starts afresh). */
export interface PassMemory {
  /** Malformed files and files of unknown types already reported (once per file and process). */
  reportedMalformed: Set<string>;
  reportedUnknown: Set<string>;
  /** Re-provisionings asked for when their phase had already run: the next pass runs them. */
  pendingRequeues: Map<string, string>;
  /** Objects in back-off after transient failures. */
  transient: TransientRetries;
}

export interface PassContext extends UnitContext {
  registry: HandlerRegistry;
  source: ChangeSource;
  concurrency: number;
  lookahead: number;
  retainedRecords?: number | RetainBudget;
  groupCommitObjects?: number;
  memory: PassMemory;
  /** Administrator work carried out between batches (decision 0345). */
  quiet?: QuietPoint;
}

export class Pass {
  private readonly result: PassResult = {
    processed: 0,
    failed: 0,
    left: 0,
    transientFailure: false,
    failedTransiently: 0,
    retriedTransiently: 0,
    requeued: 0,
  };
  private readonly buckets = new Map<Phase, Unit[]>(PHASES.map((p) => [p, []]));
  private readonly queuedObjects = new Set<string>();
  private readonly dependencies = new Dependencies();
  private readonly held: Omit<HeldRow, 'since'>[] = [];
  private previouslyHeld = new Map<string, string>();
  private currentPhase: Phase | undefined;
  private stop = false;
  private transientInARow = 0;
  private firstRetried: string | undefined;
  private parkedById = new Map<string, ParkedRow>();
  /** When the queue was indexed: back-offs are compared with it. */
  private now = 0;
  /** Strict mode is the original's one object at a time, nothing prepared ahead (decision 0092). */
  private readonly objectsAtOnce: number;
  /**
   * OX as a whole is failing when a whole window of objects failed transiently in a row, nothing succeeding in
   * between; a steady share of failing calls never does that (decision 0215).
   */
  private readonly oxWideAfter: number;
  private readonly commits: GroupCommit<ConfirmedUnit>;

  constructor(
    private readonly ctx: PassContext,
    private readonly ignoreBackoff: boolean,
  ) {
    this.objectsAtOnce = ctx.stopOnError ? 1 : ctx.concurrency + ctx.lookahead;
    this.oxWideAfter = Math.max(8, 2 * this.objectsAtOnce);
    this.commits = new GroupCommit<ConfirmedUnit>({
      store: ctx.store,
      acknowledge: (record) => ctx.source.acknowledge(record),
      maxObjects: ctx.groupCommitObjects,
      failed: (entry, error) => this.commitFailed(entry, error),
    });
  }

  async run(): Promise<PassResult> {
    const index = this.indexQueue();
    this.now = Date.now();
    this.parkedById = this.settleParkedAndTransient(index.changes, index.complete);
    const blockedUntil = this.strictBlockedUntil();
    if (blockedUntil) return { ...this.result, left: index.records, blockedUntil };
    // Reported (and counted as failed) once per process; a malformed file stays in the queue for the administrator.
    const { memory, log, store } = this.ctx;
    this.result.failed += reportMalformed(index.malformed, memory.reportedMalformed, log, store);
    // The original stops at a file it cannot read, until the administrator removes it.
    if (this.ctx.stopOnError && index.malformed.length > 0) return { ...this.result, left: index.records };
    this.bucketIntoPhases(index.changes);
    this.addCarriedRequeues();
    this.previouslyHeld = new Map(this.ctx.policy.allHeld().map((h) => [h.objectId, h.blockedBy]));
    await this.runPhases();
    return this.summarise(index.records);
  }

  /**
   * Each object's phase is decided while its last record is in memory; the record is read again when its turn
   * comes (bounded memory, decision 0120). Lazy `stored`: no phase today needs it, so no store read per file.
   */
  private indexQueue(): QueueIndex<Phase | undefined> {
    const { registry, store, source, retainedRecords } = this.ctx;
    return indexQueue(
      source,
      (change) =>
        registry.get(change.udmType)?.phase({
          change,
          get stored() {
            return store.getObject(change.objectId);
          },
        }),
      retainedRecords,
    );
  }

  /** Unparks objects nothing is queued for any more and forgets their back-offs; returns the parked rows left. */
  private settleParkedAndTransient(changes: readonly CoalescedChange[], complete: boolean): Map<string, ParkedRow> {
    const { store, policy, triedThrough, memory } = this.ctx;
    const parkedById = new Map(store.allParked().map((p) => [p.objectId, p]));
    // A pass over part of the queue (decision 0338) cannot tell that an object is queued no more: its files may
    // lie beyond the window. Settling waits for a pass that sees the whole queue.
    if (!complete) return parkedById;
    const queuedIds = new Set(changes.map((c) => c.objectId));
    for (const p of parkedById.values()) {
      // Its files were removed by hand (the manual's remedy) or the object was skipped: nothing waits any more.
      if (!queuedIds.has(p.objectId)) {
        policy.unpark(p.objectId);
        parkedById.delete(p.objectId);
        triedThrough.delete(p.objectId);
      }
    }
    memory.transient.keepOnly(queuedIds);
    return parkedById;
  }

  /** Strict mode: the whole queue waits behind a parked object until its back-off ends. */
  private strictBlockedUntil(): string | undefined {
    if (!this.ctx.stopOnError || this.ignoreBackoff) return undefined;
    return [...this.parkedById.values()].find((p) => Date.parse(p.nextRetryAt) > this.now)?.nextRetryAt;
  }

  /** Every queued object goes to its phase, unless its type is unknown, it is parked or it backs off. */
  private bucketIntoPhases(changes: readonly IndexedChange<Phase | undefined>[]): void {
    const { registry, source, stopOnError, triedThrough, memory } = this.ctx;
    for (const change of changes) {
      const handler = registry.get(change.udmType);
      if (!handler) {
        this.result.left += change.records.length;
        reportUnknown(change, memory.reportedUnknown, source, this.ctx.log);
        continue;
      }
      const parked = this.parkedById.get(change.objectId);
      if (parked && !this.ignoreBackoff && waitsParked(change, parked, triedThrough, this.now)) {
        this.result.left += change.records.length;
        this.noteBlocker(change, handler, {
          objectId: parked.objectId,
          dn: parked.dn,
          why: `is parked: ${parked.error}`,
        });
        continue;
      }
      const backingOff = stopOnError ? undefined : memory.transient.waiting(change.objectId, this.now);
      if (backingOff) {
        this.result.left += change.records.length;
        this.noteBlocker(change, handler, {
          objectId: change.objectId,
          dn: parked?.dn ?? loadChange(source, change)?.last.dn ?? change.objectId,
          why: `waits to be retried after OX failed transiently for it (${backingOff.error})`,
        });
        continue;
      }
      this.queuedObjects.add(change.objectId);
      this.buckets.get(change.plan!)!.push({ change, handler });
    }
  }

  /** An object not tried in this pass: what depends on it waits. Such objects are few: reading them again costs nothing. */
  private noteBlocker(change: CoalescedChange, handler: ObjectHandler, blocker: Blocker): void {
    const stored = this.ctx.store.getObject(change.objectId);
    const loaded = loadChange(this.ctx.source, change);
    this.dependencies.blocked(handler, loaded?.last, stored, blocker);
  }

  /** Requeues asked for in an earlier pass (their phase had already run then). */
  private addCarriedRequeues(): void {
    const pending = this.ctx.memory.pendingRequeues;
    const carried = [...pending.keys()];
    pending.clear();
    for (const objectId of carried) this.addRequeue(objectId);
  }

  /** A handler asked for another object to be provisioned again from its stored state (e.g. a user's groups). */
  private readonly requeue = (objectId: string, reason: string): void => {
    this.ctx.log.debug(`Re-provisioning ${objectId}: ${reason}`);
    this.addRequeue(objectId);
  };

  private addRequeue(objectId: string): void {
    const { store, registry, memory } = this.ctx;
    const stored = store.getObject(objectId);
    if (!stored) return;
    const handler = registry.get(stored.udmType);
    if (!handler) return;
    const record: ChangeRecord = {
      objectId,
      udmType: stored.udmType,
      dn: stored.dn,
      attributes: stored.attrs,
      options: [],
      source: `${REQUEUE_SOURCE}:${objectId}`,
    };
    const phase = handler.phase({ change: record, stored });
    if (this.currentPhase !== undefined && PHASES.indexOf(phase) <= PHASES.indexOf(this.currentPhase)) {
      // Also when the object ran in this pass already: it asked for a new plan after that (a deputy arriving).
      memory.pendingRequeues.set(objectId, 'phase already ran');
      return;
    }
    if (this.queuedObjects.has(objectId)) return;
    this.queuedObjects.add(objectId);
    this.buckets
      .get(phase)!
      .push({ change: { objectId, udmType: stored.udmType, last: record, records: [record] }, handler, requeue: true });
  }

  /** Phases in order, units inside one through the pool; the group commit is flushed after each. */
  private async runPhases(): Promise<void> {
    for (const phase of PHASES) {
      this.currentPhase = phase;
      const units = this.buckets.get(phase)!;
      if (units.length === 0) continue;
      await runBounded(
        units,
        this.objectsAtOnce,
        (queued) => this.runQueued(queued),
        () => this.stop,
        this.ctx.quiet && this.quietPause(this.ctx.quiet),
      );
      // The next phase reads what this one stored (groups resolve the users' OX ids).
      this.commits.flush();
      if (this.stop) break;
    }
  }

  /** Administrator work runs with nothing in flight and every confirmed object committed (decision 0345). */
  private quietPause(quiet: QuietPoint) {
    return { due: () => quiet.due(), run: () => (this.commits.flush(), quiet.serve()) };
  }

  /** One unit's turn: held back behind what it needs, or run; answers a wait to retry it within the pass. */
  private async runQueued(queued: Unit): Promise<number | undefined> {
    const { source, store, log, memory, triedThrough } = this.ctx;
    const files = queued.requeue ? 0 : queued.change.records.length;
    // Its full record is in memory only while it is in flight (bounded memory, decision 0120).
    const loadedChange = loadChange(source, queued.change);
    if (!loadedChange) {
      // Removed or rewritten since this pass indexed the queue: the next pass sees it as it is now.
      this.result.left += files;
      return undefined;
    }
    const unit: Unit = { ...queued, change: loadedChange };
    const input = { change: unit.change.last, stored: store.getObject(unit.change.objectId) };
    const blocker = this.dependencies.holdReason(unit.handler, input);
    if (blocker) {
      this.result.left += files;
      if (unit.requeue) {
        memory.pendingRequeues.set(unit.change.objectId, 'held');
        return undefined;
      }
      this.held.push({
        objectId: unit.change.objectId,
        udmType: unit.change.udmType,
        dn: unit.change.last.dn,
        blockedBy: blocker.objectId,
        reason: blocker.reason,
      });
      // Logged when it starts waiting, not on every pass of the long-running loop.
      if (this.previouslyHeld.get(unit.change.objectId) !== blocker.objectId)
        log.warning(`Holding back ${describe(unit.change.last)}: ${blocker.reason}`);
      return undefined;
    }
    const outcome = await runUnit(this.ctx, unit, input, this.requeue, this.commits);
    if (outcome.kind === 'transient') return this.onTransient(unit, input, outcome, files);
    if (outcome.kind === 'ok') {
      this.transientInARow = 0;
      memory.transient.forget(unit.change.objectId);
      triedThrough.delete(unit.change.objectId);
    }
    this.settle(unit, input, outcome, files);
    return undefined;
  }

  /**
   * A unit met a transient fault: retried after its own back-off (the returned wait, inside this pass), left to a
   * later pass with its dependants held, reported and parked after too many attempts, or — when OX as a whole
   * fails — the pass stops as before.
   */
  private onTransient(unit: Unit, input: ProvisionInput, outcome: TransientOutcome, files: number): number | undefined {
    const { stopOnError, memory } = this.ctx;
    this.transientInARow += 1;
    const id = unit.change.objectId;
    // A re-provisioning has no queue file to come back from: the next pass runs it again.
    const keepRequeue = () => unit.requeue && memory.pendingRequeues.set(id, 'transient OX failure');
    if (stopOnError || outcome.unreachable || this.transientInARow >= this.oxWideAfter || this.stop) {
      keepRequeue();
      this.settle(unit, input, outcome, files);
      return undefined;
    }
    const state = memory.transient.failed(id, outcome.message);
    this.result.retriedTransiently += 1;
    this.firstRetried ??= outcome.message;
    const wait = state.nextRetryAt - Date.now();
    if (wait <= IN_PASS_RETRY_MS) return wait;
    keepRequeue();
    this.dependencies.failed(unit.handler, input);
    if (state.attempts < REPORT_AFTER_ATTEMPTS && !this.parkedById.get(id)?.transient) {
      this.result.left += files;
      return undefined;
    }
    // Still failing after many attempts: reported once, parked as transient, retried on the parked back-off.
    memory.transient.forget(id);
    this.result.failed += files;
    park(this.ctx, unit, outcome.file, outcome.message, true, state.attempts);
    return undefined;
  }

  /** What happens to the pass when a unit's outcome is known (at once for failures, at its commit for successes). */
  private settle(unit: Unit, input: ProvisionInput, outcome: UnitOutcome, files: number): void {
    const { result } = this;
    if (outcome.kind === 'ok') {
      result.processed += files;
      if (unit.requeue) result.requeued += 1;
      return;
    }
    result.failed += files;
    this.dependencies.failed(unit.handler, input);
    if (outcome.kind === 'transient') {
      result.failedTransiently += files;
      result.transientFailure = true;
      result.transientError ??= { file: outcome.file, message: outcome.message, unreachable: outcome.unreachable };
      this.stop = true;
    } else if (this.ctx.stopOnError) this.stop = true;
  }

  /**
   * OX has the change but the store could not take it (disk full, database locked): counted and parked like a
   * failure of the object, so it is applied again (harmlessly) once the store works.
   */
  private commitFailed(entry: ConfirmedUnit, error: unknown): void {
    const { unit, input } = entry;
    const files = unit.requeue ? 0 : unit.change.records.length;
    if (unit.requeue) this.result.requeued -= 1;
    this.result.processed -= files;
    this.settle(unit, input, failUnit(this.ctx, unit, error), files);
  }

  /** Held rows recorded, the pass's transient failures reported once, the result completed. */
  private summarise(records: number): PassResult {
    const { result } = this;
    const { policy, log, store, memory } = this.ctx;
    if (this.stop) {
      // Count what was never started in this and later phases as left.
      result.left = Math.max(result.left, records - result.processed - result.failed);
      policy.addHeld(this.held);
    } else {
      policy.replaceHeld(this.held);
    }
    const nextRetryAt = memory.transient.nextRetryAt();
    reportTransientFailures(result, this.firstRetried, nextRetryAt, log, store);
    result.retryAt = nextRetryAt;
    return result;
  }
}
