// What a queued change depends on, for holding it back behind a parked object (DESIGN principle 5):
// users (and resources) need their OX context, groups and functional accounts need the users they name.
// Handlers may answer through contextsNeeded(); member DNs are read here from the UDM shape, so object types
// added later get the rule without knowing about the error policy.
import { UDM_TYPES, type ChangeRecord } from '../model/change.js';
import { normalizeDn } from '../model/dn.js';
import { stringList } from '../model/values.js';

/** Types whose `users` property names member users by DN (docs/reference/udm-objects.md). */
const MEMBER_TYPES: ReadonlySet<string> = new Set([UDM_TYPES.group, UDM_TYPES.functionalAccount]);

/** Normalised DNs of the users a change names (empty for deletions and other types). */
export function memberDns(change: ChangeRecord): string[] {
  if (!MEMBER_TYPES.has(change.udmType) || change.attributes === null) return [];
  return stringList(change.attributes.users)
    .map((dn) => normalizeDn(dn))
    .filter((dn): dn is string => dn !== undefined);
}
