// Pure planning for oxresources/oxresources (docs/reference/original-connector.md, without weaknesses 4/5/25).
// The OX id is cached per context: create = 1 call, a change = 1 call with only the differing fields, a move =
// create in the new context + delete in the old one, nothing OX cares about = no operation. An empty description
// clears it. No I/O (decision 0270).
import type { ChangeRecord } from '../../model/change.js';
import { singleString, type UdmAttributes } from '../../model/values.js';
import { oxContextId } from '../context-attribute.js';
import type { LogLine } from '../executor/operations.js';
import type { ResourceCreate, ResourceOperation } from '../executor/resources.js';
import { describe, PermanentError } from '../types.js';

export interface ResourceFields {
  name: string;
  displayname: string;
  email: string;
  description: string;
}

export interface ResourceOxState {
  contextId: number;
  oxId: number;
  fields: ResourceFields;
}

export type ResourcePlan =
  /** Leave OX and the stored object as they are (no oxContext: the original's Skip). */
  { skip: true; notes: LogLine[] } | { skip?: false; ops: ResourceOperation[]; state: ResourceOxState | null };

export function desiredFields(attrs: UdmAttributes, what: string): ResourceFields {
  const name = singleString(attrs.name);
  if (!name) throw new PermanentError(`Cannot provision ${what}: it has no name; give the resource a name.`);
  const email = singleString(attrs.resourceMailAddress);
  if (!email) {
    throw new PermanentError(`Cannot provision ${what}: OX needs a mail address; set resourceMailAddress.`);
  }
  return {
    name,
    displayname: singleString(attrs.displayname) || name,
    email,
    // "" is sent on purpose: it clears the description in OX (scenario 49).
    description: singleString(attrs.description) ?? '',
  };
}

/** Plans one change of a resource against its stored state `prev`. */
export function planResource(change: ChangeRecord, prev: ResourceOxState | undefined): ResourcePlan {
  const what = describe(change);
  const attrs = change.attributes;
  if (attrs === null) return { ops: prev ? [{ type: 'resource', op: 'delete', resource: prev }] : [], state: null };

  // UDM fills oxContext with DEFAULT_CONTEXT (scenario 42). A record without one is skipped like the original's
  // Skip("Object has no oxContext attribute!"): OX and the stored state stay as they are (decision 0150).
  const contextId = oxContextId(attrs, what);
  if (contextId === undefined) {
    const message = `${what} has no oxContext attribute. No modification. Consider adding an oxContext to it.`;
    return { skip: true, notes: [{ level: 'warning', message }] };
  }
  const fields = desiredFields(attrs, what);
  const create: ResourceCreate = { type: 'resource', op: 'create', contextId, fields };
  if (!prev || prev.contextId !== contextId) {
    // A move: the resource is made in the new context before the old one goes.
    const ops: ResourceOperation[] = [create];
    if (prev) ops.push({ type: 'resource', op: 'delete', resource: prev });
    return { ops, state: null };
  }
  const diff: Partial<ResourceFields> = {};
  for (const key of Object.keys(fields) as (keyof ResourceFields)[]) {
    if (fields[key] !== prev.fields[key]) diff[key] = fields[key];
  }
  const next: ResourceOxState = { ...prev, fields };
  if (Object.keys(diff).length === 0) return { ops: [], state: next };
  return {
    ops: [{ type: 'resource', op: 'change', contextId, oxId: prev.oxId, diff, next, recreate: create }],
    state: next,
  };
}
