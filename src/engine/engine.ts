// The engine: one pass takes everything queued, coalesces it per object, orders it by phase and runs each
// phase with bounded concurrency. One object's changes run strictly in order (they are one unit). A failed
// object is parked (its files stay queued, nothing else waits) and dependants (users of a context that failed)
// are held back. A transient failure (OX unreachable) stops starting new work: everything would fail alike.
import type { ChangeRecord, CoalescedChange } from '../model/change.js';
import type { Logger } from '../ops/log.js';
import type { HandlerRegistry } from '../provisioning/registry.js';
import { describe, PHASES, type ObjectHandler, type Phase, type ProvisioningEnv } from '../provisioning/types.js';
import type { StateStore } from '../state/store.js';
import { coalesce } from './coalesce.js';
import { classifyFailure } from './errors.js';
import { runBounded } from './pool.js';

/** Where changes come from and how their records are acknowledged (the UCS queue directory). */
export interface ChangeSource {
  scan(): { records: ChangeRecord[]; malformed: { file: string; error: string }[] };
  /** Called after the change was committed to the store. */
  acknowledge(record: ChangeRecord): void;
}

export interface EngineOptions {
  registry: HandlerRegistry;
  store: StateStore;
  source: ChangeSource;
  log: Logger;
  concurrency: number;
  stopOnError: boolean;
  maxBackoffSeconds: number;
  /** Everything handlers need except requeue, which the engine supplies. */
  env: Omit<ProvisioningEnv, 'requeue' | 'log'>;
}

export interface PassResult {
  /** Queue items (files) provisioned and removed. */
  processed: number;
  /** Queue items whose object failed in this pass (incl. malformed files). */
  failed: number;
  /** Queue items not attempted (unknown type, parked and waiting, held behind a failure). */
  left: number;
  /** A transient failure stopped the pass; retry after a back-off. */
  transientFailure: boolean;
  /** Objects re-provisioned from stored state on request (e.g. groups of new users). */
  requeued: number;
}

interface Unit {
  change: CoalescedChange;
  handler: ObjectHandler;
  /** Synthetic re-provisioning from stored state: no queue records to acknowledge. */
  requeue?: boolean;
}

const REQUEUE_SOURCE = 'requeue';

export class Engine {
  private readonly reportedUnknown = new Set<string>();
  private readonly reportedMalformed = new Set<string>();
  private pendingRequeues = new Map<string, string>();

  constructor(private readonly opts: EngineOptions) {}

  /** One pass over the queue. ignoreBackoff: retry parked objects now (run --once). */
  async pass(ignoreBackoff = false): Promise<PassResult> {
    const { registry, store, source, log } = this.opts;
    const result: PassResult = { processed: 0, failed: 0, left: 0, transientFailure: false, requeued: 0 };
    const { records, malformed } = source.scan();

    for (const bad of malformed) {
      // Reported (and counted as failed) once per process; it stays in the queue for the administrator.
      if (this.reportedMalformed.has(bad.file)) continue;
      this.reportedMalformed.add(bad.file);
      result.failed += 1;
      log.error(`Error while processing ${bad.file}`, { error: bad.error });
      const n = store.recordFailure(bad.file, bad.error);
      log.info(`This is consecutive error #${n}`);
    }

    const buckets = new Map<Phase, Unit[]>(PHASES.map((p) => [p, []]));
    const queuedObjects = new Set<string>();
    const now = Date.now();
    for (const change of coalesce(records)) {
      const handler = registry.get(change.udmType);
      if (!handler) {
        result.left += change.records.length;
        for (const r of change.records) {
          if (this.reportedUnknown.has(r.source)) continue;
          this.reportedUnknown.add(r.source);
          log.warning(`Unknown object type ${change.udmType} in ${r.source}; leaving it in the queue.`, { dn: r.dn });
        }
        continue;
      }
      const parked = store.getParked(change.objectId);
      if (parked && !ignoreBackoff && Date.parse(parked.nextRetryAt) > now) {
        result.left += change.records.length;
        continue;
      }
      queuedObjects.add(change.objectId);
      const stored = store.getObject(change.objectId);
      buckets.get(handler.phase({ change: change.last, stored }))!.push({ change, handler });
    }

    // Requeues asked for in an earlier pass (their phase had already run then).
    const carried = this.pendingRequeues;
    this.pendingRequeues = new Map();
    for (const objectId of carried.keys()) this.addRequeue(objectId, buckets, queuedObjects, undefined);

    const failedContexts = new Set<number>();
    let stop = false;
    let currentPhase: Phase = PHASES[0];
    const requeue = (objectId: string, reason: string): void => {
      log.debug(`Re-provisioning ${objectId}: ${reason}`);
      this.addRequeue(objectId, buckets, queuedObjects, currentPhase);
    };

    for (const phase of PHASES) {
      currentPhase = phase;
      const units = buckets.get(phase)!;
      if (units.length === 0) continue;
      await runBounded(
        units,
        this.opts.concurrency,
        async (unit) => {
          const files = unit.requeue ? 0 : unit.change.records.length;
          const input = { change: unit.change.last, stored: store.getObject(unit.change.objectId) };
          const needed = unit.handler.contextsNeeded?.(input) ?? [];
          const blocker = needed.find((c) => failedContexts.has(c));
          if (blocker !== undefined) {
            result.left += files;
            log.warning(`Holding back ${describe(unit.change.last)}: its context ${blocker} failed in this run.`);
            return;
          }
          const ok = await this.runUnit(unit, requeue);
          if (ok === 'ok') {
            result.processed += files;
            if (unit.requeue) result.requeued += 1;
            return;
          }
          result.failed += files;
          const provided = unit.handler.contextProvided?.(input);
          if (provided !== undefined) failedContexts.add(provided);
          if (ok === 'transient') {
            result.transientFailure = true;
            stop = true;
          } else if (this.opts.stopOnError) stop = true;
        },
        () => stop,
      );
      if (stop) {
        // Count what was never started in this and later phases as left.
        break;
      }
    }
    if (stop) {
      const remaining = records.length - malformed.length;
      result.left = Math.max(result.left, remaining - result.processed - result.failed);
    }
    return result;
  }

  private addRequeue(
    objectId: string,
    buckets: Map<Phase, Unit[]>,
    queued: Set<string>,
    currentPhase: Phase | undefined,
  ): void {
    if (queued.has(objectId)) return;
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
      this.pendingRequeues.set(objectId, 'phase already ran');
      return;
    }
    queued.add(objectId);
    buckets
      .get(phase)!
      .push({ change: { objectId, udmType: stored.udmType, last: record, records: [record] }, handler, requeue: true });
  }

  /** Provisions one object's coalesced change; commits and acknowledges on success, parks on failure. */
  private async runUnit(unit: Unit, requeue: ProvisioningEnv['requeue']): Promise<'ok' | 'permanent' | 'transient'> {
    const { store, source, log } = this.opts;
    const change = unit.change.last;
    const objLog = log.child(change.objectId);
    for (const r of unit.change.records) objLog.info(`Handling ${r.source}`, { type: change.udmType, dn: change.dn });
    try {
      const stored = store.getObject(change.objectId);
      const storeChange = await unit.handler.provision({ change, stored }, { ...this.opts.env, log: objLog, requeue });
      store.commitChange(storeChange);
      if (!unit.requeue) for (const r of unit.change.records) source.acknowledge(r);
      return 'ok';
    } catch (err) {
      const failure = classifyFailure(err, change);
      const file = unit.requeue ? change.source : unit.change.records[0].source;
      objLog.error(`Error while processing ${file}`, { error: failure.message });
      const n = store.recordFailure(file, failure.message);
      objLog.info(`This is consecutive error #${n}`);
      if (!failure.transient) {
        const previous = store.getParked(change.objectId);
        const attempts = (previous?.attempts ?? 0) + 1;
        const delay = Math.min(this.opts.maxBackoffSeconds, 5 * 2 ** Math.min(attempts - 1, 20));
        store.park({
          objectId: change.objectId,
          udmType: change.udmType,
          dn: change.dn,
          source: file,
          error: failure.message,
          transient: false,
          nextRetryAt: new Date(Date.now() + delay * 1000),
        });
      }
      return failure.transient ? 'transient' : 'permanent';
    }
  }
}
