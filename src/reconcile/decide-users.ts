// Adapter between reconciliation and the users' planning code: what a directory user should be in OX and which
// OX fields differ, decided by the same functions provisioning uses (users/fields.ts desiredUser,
// users/field-differences.ts diffUserFields). When the users' pure planner lands, only this file changes.
import type { AttributeMapping } from '../config/attribute-mapping.js';
import type { Settings } from '../config/settings.js';
import { UDM_TYPES } from '../model/change.js';
import { isOkOrTrue } from '../model/values.js';
import type { User } from '../ox/types.js';
import { oxContextId } from '../provisioning/context-attribute.js';
import { diffUserFields } from '../provisioning/users/field-differences.js';
import { desiredUser, type FieldsByName, type UserFields } from '../provisioning/users/fields.js';
import type { DirectoryObject } from './directory-object.js';

export interface WantedUser {
  contextId: number;
  name: string;
  fields: UserFields;
}

/**
 * Fields provisioning sends but OX never reads back (the password), sets only at creation, or computes itself and
 * ignores on input (usedQuota: docs/reference/ox-user-fields.md).
 */
const NOT_READ_BACK = new Set(['password', 'language', 'timezone', 'defaultSenderAddress', 'usedQuota']);

/** The OX user this directory object should be, or undefined when it should be none (no OX user, no context). */
export function wantedUser(
  obj: DirectoryObject,
  mapping: AttributeMapping,
  settings: Settings,
): WantedUser | undefined {
  if (obj.udmType !== UDM_TYPES.user || !isOkOrTrue(obj.attrs.isOxUser)) return undefined;
  const what = `${obj.udmType} ${obj.dn}`;
  const stored = obj.oxState?.contextId;
  // As provisioning: without oxContext a provisioned user stays in the context it was provisioned in.
  const contextId = oxContextId(obj.attrs, what) ?? (typeof stored === 'number' ? stored : undefined);
  if (contextId === undefined) return undefined;
  const desired = desiredUser(obj.attrs, obj.objectId, mapping, settings, what);
  return { contextId, name: desired.name, fields: desired.fields };
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** The same value as OX reads it back: empty is empty, lists are sets, numbers and booleans may come as text. */
function sameReadBack(want: unknown, have: unknown): boolean {
  if (isEmpty(want) && isEmpty(have)) return true;
  if (Array.isArray(want) || Array.isArray(have)) {
    const set = (v: unknown) => JSON.stringify((Array.isArray(v) ? v : [v]).map((x) => String(x).toLowerCase()).sort());
    return set(want) === set(have);
  }
  return String(want) === String(have);
}

/**
 * The OX field names of `ox` that differ from `wanted`, as the change provisioning would send would name them
 * (diffUserFields, with the fields OX checks together).
 */
export function userFieldsThatDiffer(wanted: WantedUser, ox: User): string[] {
  const want: FieldsByName = {};
  const have: FieldsByName = {};
  const read: FieldsByName = ox;
  for (const key in wanted.fields) {
    if (NOT_READ_BACK.has(key)) continue;
    const value = (wanted.fields as FieldsByName)[key];
    want[key] = value;
    // OX refuses a user without display name, so provisioning creates one without it under its login name.
    const createdDefault = key === 'display_name' && isEmpty(value) && read[key] === wanted.name;
    have[key] = createdDefault || sameReadBack(value, read[key]) ? value : read[key];
  }
  return Object.keys(diffUserFields(have as UserFields, want as UserFields)).sort();
}
