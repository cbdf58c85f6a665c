// The oxContext of a user or resource: absent (the original's Skip), a context id, or a value that cannot be
// one, which is the administrator's to correct (issue 14 item 12: the original reported that as "has no
// oxContext attribute").
import { integerValue, singleString, type UdmAttributes } from '../model/values.js';
import { PermanentError } from './types.js';

/**
 * The context id named by `attrs.oxContext`; undefined when the attribute is absent or empty. A value that is
 * not a positive whole number (`"ten"`, `"10a"`, `"0"`, a list of several) parks the object with a message
 * naming the value.
 */
export function oxContextId(attrs: UdmAttributes, what: string): number | undefined {
  const raw = attrs.oxContext;
  const several = Array.isArray(raw) && raw.length > 1;
  const text = singleString(raw);
  if (!several && (text === undefined || text.trim() === '')) return undefined;
  const id = several ? undefined : integerValue(raw);
  if (id === undefined || id <= 0) {
    throw new PermanentError(
      `Cannot provision ${what}: its oxContext ${JSON.stringify(raw)} is not a context id (a positive whole number such as 10); set oxContext to the id of an OX context, then retry.`,
    );
  }
  return id;
}
