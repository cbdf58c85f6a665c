// Bounded memory for large queues (issue 6, decision 0120). A pass must see every queued object before it
// starts (a context queued after its users is still created first; context deletions run last), but it must
// not hold every object's full state: 100,000 queued users are ~300 MB of JSON. So the queue is indexed in
// one streaming read — each file parsed, planned and coalesced, then its attributes dropped — and an object's
// last record is read again just before it is provisioned. Only the first `retain` objects keep their full
// record, so small queues (the common case of the long-running service) are read exactly once.
import type { ChangeRecord, CoalescedChange } from '../model/change.js';

/** Where queue items come from, by reference (the UCS queue: file paths in processing order). */
export interface QueueReader {
  /** Item references in processing order; names only, cheap for any queue length. */
  list(): string[];
  /** One item's change; undefined when it vanished since it was listed; throws when it cannot be used. */
  read(ref: string): ChangeRecord | undefined;
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
}

/** Objects whose full last record stays in memory after indexing (no second read for small queues). */
export const DEFAULT_RETAINED = 1000;

const NO_OPTIONS: readonly string[] = Object.freeze([]);

/**
 * A record whose attributes were dropped after indexing. Reading them is a programming error (the engine must
 * load the object first), so it throws instead of looking like a deletion — which would delete the OX object.
 */
export class UnloadedRecord implements ChangeRecord {
  readonly options = NO_OPTIONS as string[];

  constructor(
    readonly objectId: string,
    readonly udmType: string,
    readonly dn: string,
    readonly source: string,
  ) {}

  get attributes(): never {
    throw new Error(
      `Internal error: the attributes of ${this.udmType} ${this.dn} (${this.source}) were used before the queue item was loaded.`,
    );
  }

  static of(record: ChangeRecord): UnloadedRecord {
    return record instanceof UnloadedRecord
      ? record
      : new UnloadedRecord(record.objectId, record.udmType, record.dn, record.source);
  }
}

/**
 * Reads the whole queue once, coalescing per object (the changes of one object keep file order; the last
 * record carries the full state, DESIGN §"What flows"). plan() sees every record while it is in memory; the
 * answer for the object's last record is kept. Memory: a few hundred bytes per object beyond the retained ones.
 */
export function indexQueue<P>(
  reader: QueueReader,
  plan: (record: ChangeRecord) => P,
  retain = DEFAULT_RETAINED,
): QueueIndex<P> {
  const byObject = new Map<string, IndexedChange<P>>();
  const malformed: { file: string; error: string }[] = [];
  const types = new Map<string, string>();
  let records = 0;
  let retained = 0;
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
    const existing = byObject.get(record.objectId);
    const keepWhole = existing ? !(existing.last instanceof UnloadedRecord) : retained < retain;
    if (!existing && keepWhole) retained += 1;
    const last = keepWhole ? record : new UnloadedRecord(record.objectId, udmType, record.dn, record.source);
    const p = plan(record);
    if (existing) {
      // The previous last record is now history: only its file reference is needed (to remove it).
      existing.records[existing.records.length - 1] = UnloadedRecord.of(existing.last);
      existing.records.push(last);
      existing.last = last;
      // The type of the newest record decides (a UUID never changes type in UCS; be robust anyway).
      existing.udmType = udmType;
      existing.plan = p;
    } else {
      byObject.set(record.objectId, { objectId: record.objectId, udmType, last, records: [last], plan: p });
    }
  }
  return { changes: [...byObject.values()], malformed, records };
}

/**
 * The change with its complete last record, read again if it was dropped after indexing. undefined when the
 * item vanished or changed into something unusable since (the next pass indexes the queue afresh).
 */
export function loadChange<C extends CoalescedChange>(reader: QueueReader, change: C): C | undefined {
  if (!(change.last instanceof UnloadedRecord)) return change;
  let record: ChangeRecord | undefined;
  try {
    record = reader.read(change.last.source);
  } catch {
    return undefined;
  }
  if (!record || record.objectId !== change.objectId) return undefined;
  const records = change.records.slice();
  records[records.length - 1] = record;
  return { ...change, last: record, records };
}
