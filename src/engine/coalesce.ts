// Groups queued change records by object, keeping file order inside each object and the order of first
// appearance between objects. Every record carries the object's full state, so the last one wins.
import type { ChangeRecord, CoalescedChange } from '../model/change.js';

export function coalesce(records: readonly ChangeRecord[]): CoalescedChange[] {
  const byObject = new Map<string, CoalescedChange>();
  for (const record of records) {
    const existing = byObject.get(record.objectId);
    if (existing) {
      existing.records.push(record);
      existing.last = record;
      // The type of the newest record decides (a UUID never changes type in UCS; be robust anyway).
      existing.udmType = record.udmType;
    } else {
      byObject.set(record.objectId, {
        objectId: record.objectId,
        udmType: record.udmType,
        last: record,
        records: [record],
      });
    }
  }
  return [...byObject.values()];
}
