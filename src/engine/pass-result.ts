// What a pass reads from and reports: the change source it acknowledges records to, and the pass's figures.
import type { ChangeRecord } from '../model/change.js';
import type { QueueReader } from '../queue/queue-index.js';

/**
 * Where changes come from and how their records are acknowledged (the UCS queue directory). Items are read one
 * by one (queue/queue-index.ts), so a pass over a queue of any length holds only a small summary per object.
 */
export interface ChangeSource extends QueueReader {
  /** Called after the change was committed to the store. */
  acknowledge(record: ChangeRecord): void;
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
