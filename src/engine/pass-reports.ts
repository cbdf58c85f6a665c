// What a pass tells the administrator about the queue: malformed files and unknown object types (once per file
// and process; both stay queued), and the pass's transient failures (one line each per pass).
import type { CoalescedChange } from '../model/change.js';
import type { Logger } from '../ops/log.js';
import { describe } from '../provisioning/types.js';
import type { StateStore } from '../state/store.js';
import { loadChange, type QueueIndex, type QueueReader } from '../queue/queue-index.js';
import type { PassResult } from './pass-result.js';

/** Logs and records each malformed file not reported before; returns how many were (counted as failed). */
export function reportMalformed(
  malformed: QueueIndex<unknown>['malformed'],
  reported: Set<string>,
  log: Logger,
  store: StateStore,
): number {
  let fresh = 0;
  for (const bad of malformed) {
    if (reported.has(bad.file)) continue;
    reported.add(bad.file);
    fresh += 1;
    log.error(`Error while processing ${bad.file}`, { error: bad.error });
    const n = store.recordFailure(bad.file, bad.error);
    log.info(`This is consecutive error #${n}`);
  }
  return fresh;
}

/** Warns once per file that an object's type has no handler; the object stays queued. */
export function reportUnknown(change: CoalescedChange, reported: Set<string>, source: QueueReader, log: Logger): void {
  const fresh = change.records.filter((r) => !reported.has(r.source));
  // The index keeps no DN (bounded memory): read the object again to name it, once per file and process.
  const named = fresh.length > 0 ? loadChange(source, change)?.last : undefined;
  for (const r of fresh) {
    reported.add(r.source);
    if (!named) continue;
    log.warning(
      `Unknown object type ${change.udmType} in ${r.source}: ${describe(named)} cannot be provisioned by this connector; it stays in the queue (discard it with: ox-connector tasks skip ${r.objectId} --reason "...").`,
      { dn: named.dn },
    );
  }
}

/**
 * One line for the objects retried after a transient fault (an object still failing after many attempts has its
 * own ERROR line, parked), and once per attempt the transient failure that stopped the pass, however many
 * objects were in flight.
 */
export function reportTransientFailures(
  result: PassResult,
  firstRetried: string | undefined,
  nextRetryAt: number | undefined,
  log: Logger,
  store: StateStore,
): void {
  if (result.retriedTransiently > 0) {
    log.warning(
      `OX failed transiently ${result.retriedTransiently} time(s) in this pass (first: ${firstRetried}); each object is retried after its own back-off${nextRetryAt !== undefined ? `, the next at ${new Date(nextRetryAt).toISOString()}` : ''}.`,
    );
  }
  if (result.transientError) {
    const { file, message } = result.transientError;
    log.error(`Error while processing ${file}`, { error: message });
    const n = store.recordFailure(file, message);
    log.info(`This is consecutive error #${n}`);
  }
}
