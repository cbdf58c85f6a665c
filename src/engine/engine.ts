// The engine: one pass takes everything queued, coalesces it per object, orders it by phase and runs each
// phase with bounded concurrency. One object's changes run strictly in order (they are one unit).
// Error policy (issue 5, decisions 0090–0094):
// - a permanent failure parks the object (its files stay queued, later changes wait with it) and holds back
//   everything that depends on it (users of a parked context, groups/functional accounts naming a parked
//   user); everything else flows;
// - a transient failure belongs to the object that met it (issue 14, decision 0215): the object is retried
//   after its own back-off (within the pass while that is short, its phase waiting for it; later passes after
//   that, its dependants held), and everything else flows. Only OX as a whole failing — no answer at all, or a
//   whole window of objects in a row failing with nothing in between succeeding — stops starting new work; that
//   is logged and counted once per pass, and the runner backs off only if nothing succeeded;
// - OX_CONNECTOR_STOP_ON_ERROR=true: one object at a time in queue order, the first failure stops the pass
//   and the queue waits behind it (the original's behaviour), retried with the original's back-off.
import type { Rechecked } from '../config/recheck.js';
import type { ChangeRecord, CoalescedChange } from '../model/change.js';
import { normalizeDn } from '../model/dn.js';
import type { Logger } from '../ops/log.js';
import type { HandlerRegistry } from '../provisioning/registry.js';
import { oxErrorKind } from '../provisioning/ox-port.js';
import {
  describe,
  PHASES,
  type ObjectHandler,
  type Phase,
  type ProvisioningEnv,
  type ProvisionInput,
} from '../provisioning/types.js';
import { PolicyStore, type HeldRow } from '../state/policy-store.js';
import { NO_AUTOMATIC_RETRY, type ParkedRow, type StateStore } from '../state/store.js';
import { indexQueue, loadChange, type QueueReader, type RetainBudget } from '../queue/queue-index.js';
import { memberDns } from './dependencies.js';
import { retryAnsweredFaults } from './call-retry.js';
import { classifyFailure } from './errors.js';
import { GroupCommit, type ConfirmedChange } from './group-commit.js';
import { runBounded } from './pool.js';
import { IN_PASS_RETRY_MS, REPORT_AFTER_ATTEMPTS, TransientRetries } from './transient-retries.js';

/**
 * Where changes come from and how their records are acknowledged (the UCS queue directory). Items are read one
 * by one (batching.ts), so a pass over a queue of any length holds only a small summary per object.
 */
export interface ChangeSource extends QueueReader {
  /** Called after the change was committed to the store. */
  acknowledge(record: ChangeRecord): void;
}

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
  /** Objects whose full record stays in memory between indexing and provisioning (batching.ts; tests lower it). */
  retainedRecords?: number | RetainBudget;
  /** Most confirmed objects committed in one store transaction (group-commit.ts; tests lower it). */
  groupCommitObjects?: number;
  /** Everything handlers need except requeue, which the engine supplies. */
  env: Omit<ProvisioningEnv, 'requeue' | 'log'>;
}

export interface PassResult {
  /** Queue items (files) provisioned and removed. */
  processed: number;
  /** Queue items whose object failed in this pass (incl. malformed files). */
  failed: number;
  /** Queue items not attempted or to be retried (unknown type, parked or in back-off, held behind a failure). */
  left: number;
  /** OX as a whole failed and stopped the pass; back off unless the pass made progress before it. */
  transientFailure: boolean;
  /** Of `failed`, the items of objects in flight when OX as a whole failed (they are retried, not parked). */
  failedTransiently: number;
  /** Objects whose transient failure was retried after their own back-off in this pass. */
  retriedTransiently: number;
  /** When the earliest object in transient back-off may be tried again (epoch ms). */
  retryAt?: number;
  /** The transient failure, once for the whole pass (file and administrator-facing text). */
  transientError?: { file: string; message: string; unreachable: boolean };
  /** Strict mode: the queue waits behind a parked object until this time (ISO). */
  blockedUntil?: string;
  /** Objects re-provisioned from stored state on request (e.g. groups of new users). */
  requeued: number;
}

interface Unit {
  change: CoalescedChange;
  handler: ObjectHandler;
  /** Synthetic re-provisioning from stored state: no queue records to acknowledge. */
  requeue?: boolean;
}

/** A unit OX confirmed, waiting for its group commit. */
interface ConfirmedUnit extends ConfirmedChange {
  unit: Unit;
  input: ProvisionInput;
}

type UnitOutcome =
  { kind: 'ok' } | { kind: 'permanent' } | { kind: 'transient'; file: string; message: string; unreachable: boolean };
type TransientOutcome = Extract<UnitOutcome, { kind: 'transient' }>;

/** An object that is not tried now (parked and not due, or in transient back-off) and what to tell its dependants. */
interface Blocker {
  objectId: string;
  dn: string;
  /** Completes "its context N (dn) …" / "it names the user dn, which …". */
  why: string;
}

const REQUEUE_SOURCE = 'requeue';

/** How often a pass looks at the configuration files again (an edit made during a pass applies within this). */
const CONFIG_RECHECK_MS = 1000;

/** Parked objects' back-off: exponential from 5 s (transient, parked after many attempts) or the original's 5 s × attempts (strict mode). */
export function parkDelaySeconds(attempts: number, strict: boolean, maxSeconds: number): number {
  const raw = strict ? 5 * attempts : 5 * 2 ** Math.min(Math.max(attempts, 1) - 1, 20);
  return Math.min(maxSeconds, raw);
}

/** No answer from OX at all (refused, reset, timed out): worth probing the connection before the next attempt. */
function isUnreachable(err: unknown): boolean {
  const e = err as { httpStatus?: unknown; faultString?: unknown; kind?: unknown } | undefined;
  if (e?.kind === 'transient') return e.httpStatus === undefined && e.faultString === undefined;
  return e !== undefined && oxErrorKind(err) === undefined;
}

export class Engine {
  readonly policy: PolicyStore;
  private readonly reportedUnknown = new Set<string>();
  private readonly reportedMalformed = new Set<string>();
  private pendingRequeues = new Map<string, string>();
  /** Objects in back-off after transient failures (in memory: a restart retries them at once). */
  private readonly transient: TransientRetries;
  /**
   * Per parked object, the newest queue file its last attempt included: a later file is a change not tried yet,
   * which may carry the fix; the files already tried wait for the parked back-off (issue 14 item 7, decision 0217).
   */
  private readonly triedThrough = new Map<string, string>();
  private readonly env: Omit<ProvisioningEnv, 'requeue' | 'log'>;

  constructor(private readonly opts: EngineOptions) {
    this.policy = new PolicyStore(opts.store.db);
    this.transient = new TransientRetries(opts.maxBackoffSeconds * 1000);
    // A call OX answers with a transient fault is retried on the spot (decision 0216); strict mode too, since a
    // successful repeat of the call is what stopping and retrying the item would have reached.
    this.env = { ...opts.env, ox: retryAnsweredFaults(opts.env.ox) };
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
      return await this.runPass(ignoreBackoff);
    } finally {
      for (const t of timers) t.throttle(0);
    }
  }

  private async runPass(ignoreBackoff: boolean): Promise<PassResult> {
    const { registry, store, source, log, stopOnError } = this.opts;
    const result: PassResult = {
      processed: 0,
      failed: 0,
      left: 0,
      transientFailure: false,
      failedTransiently: 0,
      retriedTransiently: 0,
      requeued: 0,
    };
    // Each object's phase is decided while its last record is in memory; the record is read again when its turn
    // comes (bounded memory, decision 0120). Lazy `stored`: no phase today needs it, so no store read per file.
    const index = indexQueue(
      source,
      (change) =>
        registry.get(change.udmType)?.phase({
          change,
          get stored() {
            return store.getObject(change.objectId);
          },
        }),
      this.opts.retainedRecords,
    );
    const { changes, malformed } = index;
    const now = Date.now();

    const parkedById = new Map(store.allParked().map((p) => [p.objectId, p]));
    const queuedIds = new Set(changes.map((c) => c.objectId));
    for (const p of parkedById.values()) {
      // Its files were removed by hand (the manual's remedy) or the object was skipped: nothing waits any more.
      if (!queuedIds.has(p.objectId)) {
        this.policy.unpark(p.objectId);
        parkedById.delete(p.objectId);
        this.triedThrough.delete(p.objectId);
      }
    }
    this.transient.keepOnly(queuedIds);

    if (stopOnError && !ignoreBackoff) {
      const blocking = [...parkedById.values()].find((p) => Date.parse(p.nextRetryAt) > now);
      if (blocking) return { ...result, left: index.records, blockedUntil: blocking.nextRetryAt };
    }

    for (const bad of malformed) {
      // Reported (and counted as failed) once per process; it stays in the queue for the administrator.
      if (this.reportedMalformed.has(bad.file)) continue;
      this.reportedMalformed.add(bad.file);
      result.failed += 1;
      log.error(`Error while processing ${bad.file}`, { error: bad.error });
      const n = store.recordFailure(bad.file, bad.error);
      log.info(`This is consecutive error #${n}`);
    }
    if (stopOnError && malformed.length > 0) {
      // The original stops at a file it cannot read, until the administrator removes it.
      return { ...result, left: index.records };
    }

    const buckets = new Map<Phase, Unit[]>(PHASES.map((p) => [p, []]));
    const queuedObjects = new Set<string>();
    // Parked objects that are not retried in this pass, objects in transient back-off, and what they block.
    const blockedContexts = new Map<number, Blocker>();
    const blockedUsers = new Map<string, Blocker>();
    const noteBlocker = (change: CoalescedChange, handler: ObjectHandler, blocker: Blocker): void => {
      const stored = store.getObject(change.objectId);
      // Such objects are few: loading their record again to learn what they block costs nothing.
      const loaded = loadChange(source, change);
      const ctx = loaded ? handler.contextProvided?.({ change: loaded.last, stored }) : undefined;
      if (ctx !== undefined) blockedContexts.set(ctx, blocker);
      if (change.udmType === 'users/user') {
        for (const dn of [loaded?.last.dn, stored?.dn]) {
          const norm = normalizeDn(dn);
          if (norm) blockedUsers.set(norm, blocker);
        }
      }
    };
    for (const change of changes) {
      const handler = registry.get(change.udmType);
      if (!handler) {
        result.left += change.records.length;
        const fresh = change.records.filter((r) => !this.reportedUnknown.has(r.source));
        // The index keeps no DN (bounded memory): read the object again to name it, once per file and process.
        const named = fresh.length > 0 ? loadChange(source, change)?.last : undefined;
        for (const r of fresh) {
          this.reportedUnknown.add(r.source);
          if (!named) continue;
          log.warning(
            `Unknown object type ${change.udmType} in ${r.source}: ${describe(named)} cannot be provisioned by this connector; it stays in the queue (discard it with: ox-connector tasks skip ${r.objectId} --reason "...").`,
            { dn: named.dn },
          );
        }
        continue;
      }
      const parked = parkedById.get(change.objectId);
      const tried = this.triedThrough.get(change.objectId) ?? parked?.source ?? '';
      if (parked && !ignoreBackoff && Date.parse(parked.nextRetryAt) > now && !hasNewerRecord(change, parked, tried)) {
        result.left += change.records.length;
        noteBlocker(change, handler, { objectId: parked.objectId, dn: parked.dn, why: `is parked: ${parked.error}` });
        continue;
      }
      const backingOff = stopOnError ? undefined : this.transient.waiting(change.objectId, now);
      if (backingOff) {
        result.left += change.records.length;
        noteBlocker(change, handler, {
          objectId: change.objectId,
          dn: parked?.dn ?? loadChange(source, change)?.last.dn ?? change.objectId,
          why: `waits to be retried after OX failed transiently for it (${backingOff.error})`,
        });
        continue;
      }
      queuedObjects.add(change.objectId);
      buckets.get(change.plan!)!.push({ change, handler });
    }

    // Requeues asked for in an earlier pass (their phase had already run then).
    const carried = this.pendingRequeues;
    this.pendingRequeues = new Map();
    for (const objectId of carried.keys()) this.addRequeue(objectId, buckets, queuedObjects, undefined);

    // Failures of this pass: what they block for the phases still to come.
    const failedContexts = new Map<number, string>();
    const failedUsers = new Map<string, string>();
    const previouslyHeld = new Map(this.policy.allHeld().map((h) => [h.objectId, h.blockedBy]));
    const held: Omit<HeldRow, 'since'>[] = [];
    let stop = false;
    let currentPhase: Phase = PHASES[0];
    const requeue = (objectId: string, reason: string): void => {
      log.debug(`Re-provisioning ${objectId}: ${reason}`);
      this.addRequeue(objectId, buckets, queuedObjects, currentPhase);
    };
    // Strict mode is the original's one object at a time, nothing prepared ahead (decision 0092).
    const objectsAtOnce = stopOnError ? 1 : this.opts.concurrency + (this.opts.lookahead ?? 0);

    // Later phases of this pass hold back what names an object that failed in it (decisions 0090, 0215).
    const holdDependants = (unit: Unit, input: ProvisionInput): void => {
      const provided = unit.handler.contextProvided?.(input);
      if (provided !== undefined) failedContexts.set(provided, unit.change.objectId);
      if (unit.change.udmType === 'users/user') {
        for (const dn of [unit.change.last.dn, input.stored?.dn]) {
          const norm = normalizeDn(dn);
          if (norm) failedUsers.set(norm, unit.change.objectId);
        }
      }
    };
    // OX as a whole is failing when a whole window of objects failed transiently in a row, nothing succeeding
    // in between; a steady share of failing calls never does that (decision 0215).
    const oxWideAfter = Math.max(8, 2 * objectsAtOnce);
    let transientInARow = 0;
    let firstRetried: string | undefined;
    /**
     * A unit met a transient fault: retried after its own back-off (the returned wait, inside this pass), left to a
     * later pass with its dependants held, reported and parked after too many attempts, or — when OX as a whole
     * fails — the pass stops as before.
     */
    const onTransient = (unit: Unit, input: ProvisionInput, outcome: TransientOutcome, files: number) => {
      transientInARow += 1;
      const id = unit.change.objectId;
      // A re-provisioning has no queue file to come back from: the next pass runs it again.
      const keepRequeue = () => unit.requeue && this.pendingRequeues.set(id, 'transient OX failure');
      if (stopOnError || outcome.unreachable || transientInARow >= oxWideAfter || stop) {
        keepRequeue();
        settle(unit, input, outcome, files);
        return undefined;
      }
      const state = this.transient.failed(id, outcome.message);
      result.retriedTransiently += 1;
      firstRetried ??= outcome.message;
      const wait = state.nextRetryAt - Date.now();
      if (wait <= IN_PASS_RETRY_MS) return wait;
      keepRequeue();
      holdDependants(unit, input);
      if (state.attempts < REPORT_AFTER_ATTEMPTS && !parkedById.get(id)?.transient) {
        result.left += files;
        return undefined;
      }
      // Still failing after many attempts: reported once, parked as transient, retried on the parked back-off.
      this.transient.forget(id);
      result.failed += files;
      this.park(unit, outcome.file, outcome.message, true, state.attempts);
      return undefined;
    };

    // What happens to the pass when a unit's outcome is known (at once for failures, at its commit for successes).
    const settle = (unit: Unit, input: ProvisionInput, outcome: UnitOutcome, files: number): void => {
      if (outcome.kind === 'ok') {
        result.processed += files;
        if (unit.requeue) result.requeued += 1;
        return;
      }
      result.failed += files;
      holdDependants(unit, input);
      if (outcome.kind === 'transient') {
        result.failedTransiently += files;
        result.transientFailure = true;
        result.transientError ??= {
          file: outcome.file,
          message: outcome.message,
          unreachable: outcome.unreachable,
        };
        stop = true;
      } else if (stopOnError) stop = true;
    };
    const commits = new GroupCommit<ConfirmedUnit>({
      store,
      acknowledge: (record) => source.acknowledge(record),
      maxObjects: this.opts.groupCommitObjects,
      failed: (entry, error) => {
        // OX has the change but the store could not take it (disk full, database locked): counted and parked
        // like a failure of the object, so it is applied again (harmlessly) once the store works.
        const { unit, input } = entry;
        const files = unit.requeue ? 0 : unit.change.records.length;
        if (unit.requeue) result.requeued -= 1;
        result.processed -= files;
        settle(unit, input, this.failUnit(unit, error), files);
      },
    });

    for (const phase of PHASES) {
      currentPhase = phase;
      const units = buckets.get(phase)!;
      if (units.length === 0) continue;
      await runBounded(
        units,
        objectsAtOnce,
        async (queued) => {
          const files = queued.requeue ? 0 : queued.change.records.length;
          // Its full record is in memory only while it is in flight (bounded memory, decision 0120).
          const loadedChange = loadChange(source, queued.change);
          if (!loadedChange) {
            // Removed or rewritten since this pass indexed the queue: the next pass sees it as it is now.
            result.left += files;
            return;
          }
          const unit: Unit = { ...queued, change: loadedChange };
          const input = { change: unit.change.last, stored: store.getObject(unit.change.objectId) };
          const blocker = this.blockerOf(unit, input, blockedContexts, blockedUsers, failedContexts, failedUsers);
          if (blocker) {
            result.left += files;
            if (unit.requeue) {
              this.pendingRequeues.set(unit.change.objectId, 'held');
              return;
            }
            held.push({
              objectId: unit.change.objectId,
              udmType: unit.change.udmType,
              dn: unit.change.last.dn,
              blockedBy: blocker.objectId,
              reason: blocker.reason,
            });
            // Logged when it starts waiting, not on every pass of the long-running loop.
            if (previouslyHeld.get(unit.change.objectId) !== blocker.objectId)
              log.warning(`Holding back ${describe(unit.change.last)}: ${blocker.reason}`);
            return;
          }
          const outcome = await this.runUnit(unit, input, requeue, commits);
          if (outcome.kind === 'transient') return onTransient(unit, input, outcome, files);
          if (outcome.kind === 'ok') {
            transientInARow = 0;
            this.transient.forget(unit.change.objectId);
            this.triedThrough.delete(unit.change.objectId);
          }
          settle(unit, input, outcome, files);
        },
        () => stop,
      );
      // The next phase reads what this one stored (groups resolve the users' OX ids).
      commits.flush();
      if (stop) break;
    }
    if (stop) {
      // Count what was never started in this and later phases as left.
      const remaining = index.records;
      result.left = Math.max(result.left, remaining - result.processed - result.failed);
      this.policy.addHeld(held);
    } else {
      this.policy.replaceHeld(held);
    }
    if (result.retriedTransiently > 0) {
      // One line per pass, however many objects met a transient fault; an object still failing after many
      // attempts has its own ERROR line (parked).
      const waiting = this.transient.nextRetryAt();
      log.warning(
        `OX failed transiently ${result.retriedTransiently} time(s) in this pass (first: ${firstRetried}); each object is retried after its own back-off${waiting !== undefined ? `, the next at ${new Date(waiting).toISOString()}` : ''}.`,
      );
    }
    result.retryAt = this.transient.nextRetryAt();
    if (result.transientError) {
      // Once per attempt, however many objects were in flight.
      const { file, message } = result.transientError;
      log.error(`Error while processing ${file}`, { error: message });
      const n = store.recordFailure(file, message);
      log.info(`This is consecutive error #${n}`);
    }
    return result;
  }

  /** The parked or failed object this unit has to wait for, if any. */
  private blockerOf(
    unit: Unit,
    input: { change: ChangeRecord; stored: ReturnType<StateStore['getObject']> },
    blockedContexts: Map<number, Blocker>,
    blockedUsers: Map<string, Blocker>,
    failedContexts: Map<number, string>,
    failedUsers: Map<string, string>,
  ): { objectId: string; reason: string } | undefined {
    for (const ctx of unit.handler.contextsNeeded?.(input) ?? []) {
      const blocker = blockedContexts.get(ctx);
      if (blocker) return { objectId: blocker.objectId, reason: `its context ${ctx} (${blocker.dn}) ${blocker.why}` };
      const failed = failedContexts.get(ctx);
      if (failed) return { objectId: failed, reason: `its context ${ctx} failed in this run.` };
    }
    for (const dn of memberDns(input.change)) {
      const blocker = blockedUsers.get(dn);
      if (blocker)
        return { objectId: blocker.objectId, reason: `it names the user ${blocker.dn}, which ${blocker.why}` };
      const failed = failedUsers.get(dn);
      if (failed) return { objectId: failed, reason: `it names the user ${dn}, which failed in this run.` };
    }
    return undefined;
  }

  private addRequeue(
    objectId: string,
    buckets: Map<Phase, Unit[]>,
    queued: Set<string>,
    currentPhase: Phase | undefined,
  ): void {
    const stored = this.opts.store.getObject(objectId);
    if (!stored) return;
    const handler = this.opts.registry.get(stored.udmType);
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
    if (currentPhase !== undefined && PHASES.indexOf(phase) <= PHASES.indexOf(currentPhase)) {
      // Also when the object ran in this pass already: it asked for a new plan after that (a deputy arriving).
      this.pendingRequeues.set(objectId, 'phase already ran');
      return;
    }
    if (queued.has(objectId)) return;
    queued.add(objectId);
    buckets
      .get(phase)!
      .push({ change: { objectId, udmType: stored.udmType, last: record, records: [record] }, handler, requeue: true });
  }

  /**
   * Provisions one object's coalesced change. On success it goes to the group commit, which stores it and then
   * acknowledges its files; a failure is recorded (after everything confirmed before it) and parks the object.
   */
  private async runUnit(
    unit: Unit,
    input: ProvisionInput,
    requeue: ProvisioningEnv['requeue'],
    commits: GroupCommit<ConfirmedUnit>,
  ): Promise<UnitOutcome> {
    const change = unit.change.last;
    const objLog = this.opts.log.child(change.objectId);
    const first = unit.change.records[0];
    const more = unit.change.records.length - 1;
    objLog.info(
      `Handling ${first.source}${more > 0 ? ` (and ${more} later change${more > 1 ? 's' : ''} of it)` : ''}`,
      {
        type: change.udmType,
        dn: change.dn,
      },
    );
    try {
      let stored = input.stored;
      // A full re-provisioning (tasks reprovision): the handler sees no stored state, so it adopts what OX has
      // and sends every field. Only when the queued state is the stored one, so no move or rename is lost.
      const resync = this.policy.resyncRequested(change.objectId);
      const fullResync =
        resync &&
        stored !== undefined &&
        change.dn === stored.dn &&
        JSON.stringify(change.attributes) === JSON.stringify(stored.attrs);
      if (fullResync) stored = undefined;
      const storeChange = await unit.handler.provision({ change, stored }, { ...this.env, log: objLog, requeue });
      commits.add({
        change: storeChange,
        records: unit.requeue ? [] : unit.change.records,
        afterCommit: resync ? () => this.policy.resyncDone(change.objectId) : undefined,
        unit,
        input,
      });
      return { kind: 'ok' };
    } catch (err) {
      // Everything confirmed before this failure is stored first: the health record keeps the order of events.
      commits.flush();
      return this.failUnit(unit, err);
    }
  }

  /** Records a unit's failure: transient ones for the pass to report once, permanent ones park the object. */
  private failUnit(unit: Unit, err: unknown): UnitOutcome {
    const change = unit.change.last;
    const file = unit.requeue ? change.source : unit.change.records[0].source;
    const failure = classifyFailure(err, change);
    if (failure.transient)
      return { kind: 'transient', file, message: failure.message, unreachable: isUnreachable(err) };
    this.park(unit, file, failure.message, false);
    return { kind: 'permanent' };
  }

  /** Parks the object: logged and counted as an error, retried on the parked back-off (decisions 0022, 0092). */
  private park(unit: Unit, file: string, message: string, transient: boolean, attempts?: number): void {
    const { store, stopOnError } = this.opts;
    const change = unit.change.last;
    const objLog = this.opts.log.child(change.objectId);
    objLog.error(`Error while processing ${file}`, { error: message });
    const n = store.recordFailure(file, message);
    objLog.info(`This is consecutive error #${n}`);
    const previous = store.getParked(change.objectId);
    const delay = parkDelaySeconds((previous?.attempts ?? 0) + 1, stopOnError, this.opts.maxBackoffSeconds);
    // OX refused the data: trying the same data again on a timer only repeats the refusal (an ERROR line and a SOAP
    // call each time). Strict mode keeps the original's timed retry of the item the queue stops at.
    const timed = transient || stopOnError;
    const parked = store.park({
      objectId: change.objectId,
      udmType: change.udmType,
      dn: change.dn,
      source: file,
      error: message,
      transient,
      nextRetryAt: timed ? new Date(Date.now() + delay * 1000) : new Date(NO_AUTOMATIC_RETRY),
    });
    // What this attempt tried: only a later queue file retries it before its back-off ends (decision 0217).
    const records = unit.change.records;
    if (!unit.requeue) this.triedThrough.set(change.objectId, records[records.length - 1].source);
    if (parked.attempts === 1) {
      const why = transient ? ` after ${attempts} attempts that OX answered with a transient fault` : '';
      objLog.warning(
        stopOnError
          ? `Provisioning stops at ${file} (OX_CONNECTOR_STOP_ON_ERROR=true) and retries it from ${parked.nextRetryAt}. Fix the object, or discard it: ox-connector tasks skip ${change.objectId} --reason "..."`
          : `Parked ${describe(change)}${why}: its later changes and the objects that depend on it wait; ${timed ? `retried automatically from ${parked.nextRetryAt}` : 'tried again when the directory changes it'}. Now: ox-connector tasks retry ${change.objectId}; discard: ox-connector tasks skip ${change.objectId} --reason "..."`,
      );
    }
  }
}

/**
 * A change that arrived after the last attempt may carry the administrator's fix: try it now, once. `tried` is the
 * newest file that attempt included (the parked row's file when this process has not tried the object yet).
 */
function hasNewerRecord(change: CoalescedChange, parked: ParkedRow, tried: string): boolean {
  if (parked.source.startsWith(`${REQUEUE_SOURCE}:`)) return false;
  return change.records.some((r) => r.source > tried);
}
