// Group commit. Every provisioned object ends in a store commit, and a SQLite commit costs far more than the
// rows it writes (measured in decision 0161). So the engine hands each object OX has confirmed to a GroupCommit,
// which writes several of them in one transaction.
// DESIGN principle 3 holds for each object: its rows are committed only after OX confirmed it, and its queue
// files are removed (and its afterCommit hooks run) only after that commit. A crash before the commit applies
// those objects again on restart, as it always could for the object in flight.
import type { ChangeRecord } from '../model/change.js';
import type { StateStore, StoreChange } from '../state/store.js';

export interface ConfirmedChange {
  /** What to store for the object. */
  change: StoreChange;
  /** Its queue records, acknowledged (removed) once the change is committed; none for a re-provisioning. */
  records: readonly ChangeRecord[];
  /** Runs after the commit (e.g. closing a full re-provisioning request). */
  afterCommit?: () => void;
}

export interface GroupCommitOptions<E extends ConfirmedChange> {
  store: StateStore;
  acknowledge(record: ChangeRecord): void;
  /** A confirmed change that could not be committed (or whose hooks failed): the engine reports and parks it. */
  failed(entry: E, error: unknown): void;
  /** Most objects per transaction; bounds the work a crash makes the connector repeat. */
  maxObjects?: number;
  /** Oldest confirmed change kept waiting (ms) before the next add commits; bounds the same for a slow OX. */
  maxAgeMs?: number;
}

export const DEFAULT_GROUP_COMMIT_OBJECTS = 16;
export const DEFAULT_GROUP_COMMIT_AGE_MS = 200;

export class GroupCommit<E extends ConfirmedChange = ConfirmedChange> {
  private pending: E[] = [];
  private oldest = 0;
  private readonly maxObjects: number;
  private readonly maxAgeMs: number;

  constructor(private readonly opts: GroupCommitOptions<E>) {
    this.maxObjects = Math.max(1, opts.maxObjects ?? DEFAULT_GROUP_COMMIT_OBJECTS);
    this.maxAgeMs = opts.maxAgeMs ?? DEFAULT_GROUP_COMMIT_AGE_MS;
  }

  get size(): number {
    return this.pending.length;
  }

  /** An object OX confirmed; committed with the next flush (at once when the batch is full or old). */
  add(entry: E): void {
    if (this.pending.length === 0) this.oldest = Date.now();
    this.pending.push(entry);
    if (this.pending.length >= this.maxObjects || Date.now() - this.oldest >= this.maxAgeMs) this.flush();
  }

  /**
   * Commits everything waiting, then acknowledges its queue records and runs its hooks, in confirmation order.
   * The engine calls it at the end of every phase (the next phase reads what this one stored) and before it
   * records a failure (the health record stays in event order).
   */
  flush(): void {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    let committed: E[];
    try {
      this.opts.store.commitChanges(batch.map((e) => e.change));
      committed = batch;
    } catch {
      // Nothing of the batch was stored. One at a time, so only the object that cannot be stored fails.
      committed = [];
      for (const entry of batch) {
        try {
          this.opts.store.commitChanges([entry.change]);
          committed.push(entry);
        } catch (err) {
          this.opts.failed(entry, err);
        }
      }
    }
    for (const entry of committed) {
      try {
        entry.change.afterCommit?.();
        entry.afterCommit?.();
        for (const record of entry.records) this.opts.acknowledge(record);
      } catch (err) {
        this.opts.failed(entry, err);
      }
    }
  }
}
