// UDM values arrive in two encodings: the strings UCS's listener converter writes (ListenerUDMVersion 1:
// "OK", "10", ["a"]) and JSON-native types (booleans, numbers) from REST/v2 sources. These helpers accept both.

export type UdmValue = unknown;
export type UdmAttributes = Record<string, UdmValue>;

/** "OK" / "TRUE" / "1" / true → true (isOxUser, isOxGroup, access-profile rights). */
export function isTrueish(value: UdmValue): boolean {
  if (value === true) return true;
  if (typeof value === 'number') return value === 1;
  if (typeof value !== 'string') return false;
  return ['ok', 'true', '1', 'yes'].includes(value.trim().toLowerCase());
}

/**
 * isOxUser / isOxGroup as the original reads them (docs/reference/original-connector.md): exactly "OK" (UCS string
 * encoding) or boolean true (JSON-typed sources). "ok", "1", "TRUE" are *not* enabled there, so they are not enabled
 * here either — the OX end state must equal the original's.
 */
export function isOkOrTrue(value: UdmValue): boolean {
  return value === 'OK' || value === true;
}

/** Python-style truthiness, which the original mapping rules rely on ("" / [] / null / 0 are false). */
export function isTruthy(value: UdmValue): boolean {
  if (value === null || value === undefined || value === false || value === '' || value === 0) return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** A single value as string: first element of a list, numbers as decimal text; undefined when empty. */
export function singleString(value: UdmValue): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** An integer from "10", 10 or ["10"]; undefined when absent or not an integer. */
export function integerValue(value: UdmValue): number | undefined {
  const s = singleString(value);
  if (s === undefined || !/^\s*-?\d+\s*$/.test(s)) return undefined;
  return Number(s);
}

/** A list of strings from a list or a single value; empty values dropped. */
export function stringList(value: UdmValue): string[] {
  if (value === null || value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list
    .map((v) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined))
    .filter((v): v is string => v !== undefined && v !== '');
}
