// What a change sends: the fields that differ from what was provisioned, with the fields OX checks together, and
// the dropped fields OX cannot unset. Pure: no I/O.
import { CLEAR_WHEN_DROPPED, NOT_CLEARABLE_IN_OX } from './field-clearing.js';
import { asUserFields, type FieldsByName, type UserFields } from './fields.js';

/** Fields that must travel together in a change (OX validates them as a unit). */
export const FIELD_GROUPS: readonly (readonly string[])[] = [
  ['email1', 'primaryEmail', 'aliases'],
  ['imapServer', 'imapPort', 'imapSchema'],
  ['smtpServer', 'smtpPort', 'smtpSchema'],
  ['image1', 'image1ContentType'],
];

function same(a: unknown, b: unknown): boolean {
  // Most fields are strings, numbers or booleans: no serialisation needed for those.
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The fields of `next` that differ from `previous` (with their groups). A field that vanished from `next` (the
 * directory dropped its value) is sent with its clear value where OX has one (CLEAR_WHEN_DROPPED); other
 * vanished fields are not sent.
 */
export function diffUserFields(previousUser: UserFields, nextUser: UserFields): UserFields {
  const previous: FieldsByName = previousUser;
  const next: FieldsByName = nextUser;
  const changed = new Set<string>();
  // for…in, not Object.entries: no [key, value] array per field (a user has ~100).
  for (const key in next) {
    if (!same(previous[key], next[key])) changed.add(key);
  }
  const cleared: FieldsByName = {};
  for (const key in CLEAR_WHEN_DROPPED) {
    const clear = CLEAR_WHEN_DROPPED[key];
    if (!(key in next) && key in previous && !same(previous[key], clear)) {
      cleared[key] = clear;
      changed.add(key);
    }
  }
  for (const group of FIELD_GROUPS) {
    if (group.some((k) => changed.has(k))) for (const k of group) if (k in next) changed.add(k);
  }
  const out: FieldsByName = {};
  for (const key of changed) out[key] = key in next ? next[key] : cleared[key];
  return asUserFields(out);
}

/**
 * Fields the directory dropped that OX cannot unset (birthday, anniversary): OX keeps what it has, and the
 * administrator should be told so.
 */
export function droppedFieldsOxKeeps(previous: UserFields, next: UserFields): (keyof UserFields)[] {
  const kept: (keyof UserFields)[] = [];
  for (const key of NOT_CLEARABLE_IN_OX) if (key in previous && !(key in next)) kept.push(key);
  return kept;
}
