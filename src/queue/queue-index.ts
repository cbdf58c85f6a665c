// Bounded memory for large queues (issue 6, decision 0120). A pass must see every queued object before it
// starts (a context queued after its users is still created first; context deletions run last), but it must
// not hold every object's full state: 100,000 queued users are ~300 MB of JSON. So the queue is indexed in
// one streaming read — each file parsed, planned and coalesced, then its attributes dropped — and an object's
// last record is read again just before it is provisioned. The first objects keep their full record while their
// files add up to a byte budget (decision 0192), so queues of a few thousand objects — the long-running
// service's bursts and most initial loads — are read and parsed exactly once.
import type { ChangeRecord, CoalescedChange } from '../model/change.js';

/** Where queue items come from, by reference (the UCS queue: file paths in processing order). */
export interface QueueReader {
  /** Item references in processing order; names only, cheap for any queue length. */
  list(): string[];
  /** One item's change; undefined when it vanished since it was listed; throws when it cannot be used. */
  read(ref: string): ChangeRecord | undefined;
  /** Size in bytes of the item the last read() returned (the retained budget counts it); optional. */
  lastReadBytes?(): number;
  /** The last list() left newer items out (a bounded pass, decision 0338); optional, false when absent. */
  listWasPartial?(): boolean;
}

/** A coalesced change planned at index time: `plan` was computed from its last record. */
export interface IndexedChange<P> extends CoalescedChange {
  plan: P;
}

export interface QueueIndex<P> {
  /** One entry per object, in order of first appearance; `last` is complete only for the retained ones. */
  changes: IndexedChange<P>[];
  malformed: { file: string; error: string }[];
  /** Queue items that could be read (malformed ones not included). */
  records: number;
  /** Every queued item was listed: an object missing from `changes` is not queued at all. */
  complete: boolean;
}

/**
 * How many objects keep their full last record in memory after indexing, so they are not read again when their
 * turn comes. `bytes` counts the queue items' sizes as the reader reports them; parsed, a record takes about two
 * to three times its file size in the heap.
 */
export interface RetainBudget {
  objects: number;
  bytes: number;
}

/**
 * 16 MB of queue files: an initial load of ~7,000 users (the benchmark's 5,358 objects are ~11 MB) is read once,
 * while a queue of 100,000 changes holds ~40 MB of records beyond its index (decision 0192).
 */
export const DEFAULT_RETAIN: RetainBudget = { objects: Number.POSITIVE_INFINITY, bytes: 16 * 1024 * 1024 };

/** A reader that reports no sizes: each item counts as this many bytes against the budget. */
const UNKNOWN_ITEM_BYTES = 4096;

const NO_OPTIONS: readonly string[] = Object.freeze([]);

/**
 * A record whose attributes were dropped after indexing. Reading them is a programming error (the engine must
 * load the object first), so it throws instead of looking like a deletion — which would delete the OX object.
 */
export class UnloadedRecord implements ChangeRecord {
  constructor(
    readonly objectId: string,
    readonly udmType: string,
    readonly source: string,
  ) {}

  /** Not kept in the index either (60 bytes × 100,000 objects): load the object to name it. */
  get dn(): never {
    throw new Error(
      `Internal error: the DN of ${this.udmType} ${this.objectId} (${this.source}) was used before the queue item was loaded.`,
    );
  }

  get options(): string[] {
    return NO_OPTIONS as string[];
  }

  get attributes(): never {
    throw new Error(
      `Internal error: the attributes of ${this.udmType} ${this.objectId} (${this.source}) were used before the queue item was loaded.`,
    );
  }
}

/**
 * One indexed object, as small as it can be (a 100,000-file queue holds 100,000 of these): its id, type, plan
 * and file reference(s). The record objects the engine sees are made on demand; the retained ones are kept.
 */
class QueuedObject<P> implements IndexedChange<P> {
  constructor(
    readonly objectId: string,
    public udmType: string,
    public plan: P,
    /** Queue item reference(s), oldest first: one string for the common single-file object. */
    private refs: string | string[],
    /** The complete last record, while the retained budget lasts. */
    private whole: ChangeRecord | undefined,
  ) {}

  get last(): ChangeRecord {
    return this.whole ?? new UnloadedRecord(this.objectId, this.udmType, this.lastRef);
  }

  get records(): ChangeRecord[] {
    const refs = typeof this.refs === 'string' ? [this.refs] : this.refs;
    return refs.map((ref, i) =>
      i === refs.length - 1 ? this.last : new UnloadedRecord(this.objectId, this.udmType, ref),
    );
  }

  get lastRef(): string {
    return typeof this.refs === 'string' ? this.refs : this.refs[this.refs.length - 1];
  }

  get retained(): boolean {
    return this.whole !== undefined;
  }

  /** A later record of this object (file order). */
  add(record: ChangeRecord, udmType: string, plan: P): void {
    this.refs = typeof this.refs === 'string' ? [this.refs, record.source] : [...this.refs, record.source];
    // The type of the newest record decides (a UUID never changes type in UCS; be robust anyway).
    this.udmType = udmType;
    this.plan = plan;
    if (this.whole) this.whole = record;
  }

  /**
   * The retained record, handed over once: the index lets go of it, so memory shrinks as objects are provisioned
   * (a later load reads the file again, as for any object beyond the budget).
   */
  takeWhole(): ChangeRecord | undefined {
    const whole = this.whole;
    this.whole = undefined;
    return whole;
  }

  /** A plain change carrying the complete last record (lives only while the object is in flight). */
  withLast(record: ChangeRecord): IndexedChange<P> {
    const records = this.records;
    records[records.length - 1] = record;
    return { objectId: this.objectId, udmType: this.udmType, plan: this.plan, last: record, records };
  }
}

/**
 * Reads the whole queue once, coalescing per object (the changes of one object keep file order; the last
 * record carries the full state, DESIGN §"What flows"). plan() sees every record while it is in memory; the
 * answer for the object's last record is kept. Memory: about 150 bytes per object beyond the retained ones.
 */
export function indexQueue<P>(
  reader: QueueReader,
  plan: (record: ChangeRecord) => P,
  retain: number | RetainBudget = DEFAULT_RETAIN,
): QueueIndex<P> {
  // A number is a count of objects (tests use it to force re-reads); the service uses the byte budget.
  const budget = typeof retain === 'number' ? { objects: retain, bytes: Number.POSITIVE_INFINITY } : retain;
  const byObject = new Map<string, QueuedObject<P>>();
  const malformed: { file: string; error: string }[] = [];
  const types = new Map<string, string>();
  let records = 0;
  let retained = 0;
  let retainedBytes = 0;
  for (const ref of reader.list()) {
    let record: ChangeRecord | undefined;
    try {
      record = reader.read(ref);
    } catch (err) {
      malformed.push({ file: ref, error: (err as Error).message });
      continue;
    }
    if (!record) continue;
    records += 1;
    // One string per type instead of one per file: 100,000 copies of "users/user" add up.
    const udmType = types.get(record.udmType) ?? (types.set(record.udmType, record.udmType), record.udmType);
    const bytes = reader.lastReadBytes?.() ?? UNKNOWN_ITEM_BYTES;
    const existing = byObject.get(record.objectId);
    if (existing) {
      // A retained object keeps its newest record; counting both sizes errs on the side of less memory.
      if (existing.retained) retainedBytes += bytes;
      existing.add(record, udmType, plan(record));
      continue;
    }
    const keepWhole = retained < budget.objects && retainedBytes + bytes <= budget.bytes;
    if (keepWhole) {
      retained += 1;
      retainedBytes += bytes;
    }
    byObject.set(
      record.objectId,
      new QueuedObject(record.objectId, udmType, plan(record), record.source, keepWhole ? record : undefined),
    );
  }
  return { changes: [...byObject.values()], malformed, records, complete: !(reader.listWasPartial?.() ?? false) };
}

/** Everything kept whole: an in-memory list is already read, so nothing is dropped. */
const RETAIN_ALL: RetainBudget = { objects: Number.POSITIVE_INFINITY, bytes: Number.POSITIVE_INFINITY };

/**
 * Coalesces records already in memory (the administrator's task list): the same grouping as indexQueue(), so the
 * tasks an administrator sees are the units the engine runs. Each object's last record is complete; its earlier
 * records carry only their source.
 */
export function coalesce(records: readonly ChangeRecord[]): CoalescedChange[] {
  const inMemory: QueueReader = {
    list: () => records.map((_, i) => String(i)),
    read: (ref) => records[Number(ref)],
  };
  return indexQueue(inMemory, () => undefined, RETAIN_ALL).changes;
}

/**
 * The change with its complete last record, read again if it was dropped after indexing. undefined when the
 * item vanished or changed into something unusable since (the next pass indexes the queue afresh).
 */
export function loadChange<C extends CoalescedChange>(reader: QueueReader, change: C): C | undefined {
  if (!(change instanceof QueuedObject)) return change;
  const whole = change.takeWhole();
  if (whole) return change.withLast(whole) as unknown as C;
  let record: ChangeRecord | undefined;
  try {
    record = reader.read(change.lastRef);
  } catch {
    return undefined;
  }
  if (!record || record.objectId !== change.objectId) return undefined;
  return change.withLast(record) as unknown as C;
}
