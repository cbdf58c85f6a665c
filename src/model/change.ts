// A change record: "object X (by its stable id) now looks like this" (or "is gone"), plus where it came from.
import type { UdmAttributes } from './values.js';

export const UDM_TYPES = {
  context: 'oxmail/oxcontext',
  accessProfile: 'oxmail/accessprofile',
  user: 'users/user',
  group: 'groups/group',
  functionalAccount: 'oxmail/functional_account',
  resource: 'oxresources/oxresources',
} as const;

export interface ChangeRecord {
  /** The object's entryUUID (UCS queue files: `id`). */
  objectId: string;
  udmType: string;
  dn: string;
  /** UDM properties; null means the object was deleted. */
  attributes: UdmAttributes | null;
  options: string[];
  /** Source reference, e.g. the queue file path; used in logs and error state. */
  source: string;
}

/** One object's queued changes, coalesced: the last record carries the full current state. */
export interface CoalescedChange {
  objectId: string;
  udmType: string;
  last: ChangeRecord;
  /** All source records in order (their files are removed once the last state is provisioned). */
  records: ChangeRecord[];
}
