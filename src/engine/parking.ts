// Parking an object after a failure (decisions 0022, 0092): logged and counted as an error once, its files stay
// queued, later changes and its dependants wait with it, retried on the parked back-off.
import type { CoalescedChange } from '../model/change.js';
import type { Logger } from '../ops/log.js';
import { describe } from '../provisioning/types.js';
import { NO_AUTOMATIC_RETRY, type ParkedRow, type StateStore } from '../state/store.js';
import type { OutcomeObserver } from './outcomes.js';
import type { Unit } from './unit-outcome.js';

/** The source of a synthetic re-provisioning's record (no queue file behind it). */
export const REQUEUE_SOURCE = 'requeue';

/** What parking needs from the engine; `triedThrough` lives across passes (decision 0217). */
export interface ParkingContext {
  store: StateStore;
  log: Logger;
  stopOnError: boolean;
  maxBackoffSeconds: number;
  /**
   * Per parked object, the newest queue file its last attempt included: a later file is a change not tried yet,
   * which may carry the fix; the files already tried wait for the parked back-off (issue 14 item 7, decision 0217).
   */
  triedThrough: Map<string, string>;
  /** Told what became of each attempt (metrics); optional. */
  outcomes?: OutcomeObserver;
}

/** Parked objects' back-off: exponential from 5 s (transient, parked after many attempts) or the original's 5 s × attempts (strict mode). */
export function parkDelaySeconds(attempts: number, strict: boolean, maxSeconds: number): number {
  const raw = strict ? 5 * attempts : 5 * 2 ** Math.min(Math.max(attempts, 1) - 1, 20);
  return Math.min(maxSeconds, raw);
}

/** Parks the object: logged and counted as an error, retried on the parked back-off (decisions 0022, 0092). */
export function park(
  ctx: ParkingContext,
  unit: Unit,
  file: string,
  message: string,
  transient: boolean,
  attempts?: number,
): void {
  const { store, stopOnError } = ctx;
  const change = unit.change.last;
  const objLog = ctx.log.child(change.objectId);
  ctx.outcomes?.objectOutcome(change.udmType, 'parked');
  objLog.error(`Error while processing ${file}`, { error: message });
  const n = store.recordFailure(file, message);
  objLog.info(`This is consecutive error #${n}`);
  const previous = store.getParked(change.objectId);
  const delay = parkDelaySeconds((previous?.attempts ?? 0) + 1, stopOnError, ctx.maxBackoffSeconds);
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
  if (!unit.requeue) ctx.triedThrough.set(change.objectId, records[records.length - 1].source);
  if (parked.attempts === 1) {
    const why = transient ? ` after ${attempts} attempts that OX answered with a transient fault` : '';
    objLog.warning(
      stopOnError
        ? `Provisioning stops at ${file} (OX_CONNECTOR_STOP_ON_ERROR=true) and retries it from ${parked.nextRetryAt}. Fix the object, or discard it: ox-connector tasks skip ${change.objectId} --reason "..."`
        : `Parked ${describe(change)}${why}: its later changes and the objects that depend on it wait; ${timed ? `retried automatically from ${parked.nextRetryAt}` : 'tried again when the directory changes it'}. Now: ox-connector tasks retry ${change.objectId}; discard: ox-connector tasks skip ${change.objectId} --reason "..."`,
    );
  }
}

/** Whether a parked object waits in this pass: its back-off is not over and nothing new arrived for it. */
export function waitsParked(
  change: CoalescedChange,
  parked: ParkedRow,
  triedThrough: ReadonlyMap<string, string>,
  now: number,
): boolean {
  const tried = triedThrough.get(change.objectId) ?? parked.source;
  return Date.parse(parked.nextRetryAt) > now && !hasNewerRecord(change, parked, tried);
}

/**
 * A change that arrived after the last attempt may carry the administrator's fix: try it now, once. `tried` is the
 * newest file that attempt included (the parked row's file when this process has not tried the object yet).
 */
function hasNewerRecord(change: CoalescedChange, parked: ParkedRow, tried: string): boolean {
  if (parked.source.startsWith(`${REQUEUE_SOURCE}:`)) return false;
  return change.records.some((r) => r.source > tried);
}
