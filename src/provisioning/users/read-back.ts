// OX's record of a user as a planning base: the fields the way provisioning would have stored them, so that
// planning against it (instead of the stored state) plans a change of exactly the fields OX holds differently.
// Used where OX itself is the "stored" state: check-sync-status and reconcile. Pure: no I/O.
import type { User } from '../../ox/types.js';
import type { FieldsByName, UserFields } from './fields.js';

/**
 * Fields provisioning sends but OX never reads back (the password), sets only at creation, or computes itself and
 * ignores on input (usedQuota: docs/reference/ox-user-fields.md). They are taken as wanted: nothing to compare.
 */
export const USER_FIELDS_NOT_READ_BACK: ReadonlySet<string> = new Set([
  'password',
  'language',
  'timezone',
  'defaultSenderAddress',
  'usedQuota',
]);

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** The same value as OX reads it back: empty is empty, lists are sets, numbers and booleans may come as text. */
export function sameReadBack(want: unknown, have: unknown): boolean {
  if (isEmpty(want) && isEmpty(have)) return true;
  if (Array.isArray(want) || Array.isArray(have)) {
    const set = (v: unknown) => JSON.stringify((Array.isArray(v) ? v : [v]).map((x) => String(x).toLowerCase()).sort());
    return set(want) === set(have);
  }
  return String(want) === String(have);
}

/**
 * For every field the directory wants (`wanted`), what OX holds, written as the wanted value where OX holds the
 * same (read back differently: a list in another order, a number as text) and OX's own value where it differs.
 * The login name OX was given as display name at creation counts as the empty display name it stands for.
 */
export function readBackFields(wanted: UserFields, name: string, ox: User): UserFields {
  const want: FieldsByName = wanted;
  const read: FieldsByName = ox;
  const base: FieldsByName = {};
  for (const key in want) {
    const value = want[key];
    if (USER_FIELDS_NOT_READ_BACK.has(key)) {
      base[key] = value;
      continue;
    }
    // OX refuses a user without display name, so provisioning creates one without it under its login name.
    const createdDefault = key === 'display_name' && isEmpty(value) && read[key] === name;
    base[key] = createdDefault || sameReadBack(value, read[key]) ? value : read[key];
  }
  return base as UserFields;
}
