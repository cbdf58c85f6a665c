// Pure planning for oxmail/oxcontext (docs/reference/original-connector.md, docs/reference/ox-contexts.md): from the
// directory object and the stored state, the fewest OX operations. A new context id is created (or adopted when OX
// has it), a differing name or quota is one `change`, a deleted object deletes its context, anything else is none.
import { integerValue, singleString, type UdmAttributes } from '../../model/values.js';
import type { ContextOperation } from '../executor/contexts.js';
import { PermanentError } from '../types.js';

/** Stored oxState of a context. */
export interface ContextOxState {
  contextId: number;
  maxQuota: number;
  name: string;
}

/** What the directory object asks of OX. */
export type DesiredContext = ContextOxState;

/** The context the directory object names, with a clear error for a contextid that cannot be one. */
export function desiredContext(attrs: UdmAttributes, what: string): DesiredContext {
  const id = integerValue(attrs.contextid);
  if (id === undefined || id <= 0) {
    throw new PermanentError(
      `Cannot provision ${what}: contextid ${JSON.stringify(attrs.contextid)} is not a positive integer; correct the context object.`,
    );
  }
  const quota = integerValue(attrs.oxQuota);
  // As the original: no quota (or 0) means unlimited (-1).
  return { contextId: id, maxQuota: quota ? quota : -1, name: singleString(attrs.name) || `context${id}` };
}

/**
 * `desired` null = the directory object is gone; `storedId` is the context id it stood for (from its last
 * attributes or state), undefined when it never named one.
 */
export function planContext(
  desired: DesiredContext | null,
  previous: ContextOxState | null | undefined,
  storedId: number | undefined,
): ContextOperation[] {
  if (desired === null) {
    return storedId === undefined ? [] : [{ type: 'context', op: 'delete', contextId: storedId }];
  }
  const { contextId, name, maxQuota } = desired;
  if (!previous || previous.contextId !== contextId)
    return [{ type: 'context', op: 'create', contextId, name, maxQuota }];
  // OX's change sets exactly what is sent (docs/reference/ox-contexts.md): name and quota travel together, so
  // either one differing is one call, as the original's change renamed the OX context to the UDM name.
  if (previous.maxQuota === maxQuota && previous.name === name) return [];
  return [
    {
      type: 'context',
      op: 'change',
      contextId,
      name,
      maxQuota,
      previous: { name: previous.name, maxQuota: previous.maxQuota },
    },
  ];
}
