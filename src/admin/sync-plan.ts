// check-sync-status's dry run: what the object's planner would do to bring OX in line with the directory, with
// what OX reports standing in for the stored state. Only planned, never executed. Pure: the caller reads OX and the
// store and passes what it read (decision 0305).
import type { AttributeMapping } from '../config/attribute-mapping.js';
import type { Settings } from '../config/settings.js';
import type { ChangeRecord } from '../model/change.js';
import type { UdmAttributes } from '../model/values.js';
import type { Context, Group, Resource, User } from '../ox/types.js';
import { desiredContext, planContext } from '../provisioning/contexts/plan.js';
import type { LogLine, Operation } from '../provisioning/executor/operations.js';
import {
  groupName,
  groupOperations,
  isReservedGroupName,
  memberDnsOf,
  splitMembers,
  type DesiredGroup,
  type GroupInContext,
} from '../provisioning/groups/plan.js';
import { planResource } from '../provisioning/resources/plan.js';
import { resourceReadBack } from '../provisioning/resources/read-back.js';
import { planUser, planUserUpdate, type UserOxState } from '../provisioning/users/plan.js';
import { readBackFields } from '../provisioning/users/read-back.js';
import type { ResolvedRef } from '../state/references.js';
import type { StoredObject } from '../state/store.js';

/** One planned operation as check-sync-status reports it (`--json` key `plan`). */
export interface PlannedOperation {
  op: Operation['op'];
  type: Operation['type'];
  context: number;
  name?: string;
  /** change: the OX field names it would send (group membership is "members"). */
  fields?: string[];
}

export interface SyncPlanLookups {
  mapping: AttributeMapping;
  settings: Settings;
  /** The admin login of a context (never planned for); undefined when the credentials file has none. */
  contextAdmin(contextId: number): string | undefined;
  /** The OX rights of an access profile; undefined when unknown (the planner then leaves rights untouched). */
  accessProfile(name: string): Set<string> | undefined;
}

function changeOf(stored: StoredObject, attrs: UdmAttributes | null): ChangeRecord {
  return {
    objectId: stored.objectId,
    udmType: stored.udmType,
    dn: stored.dn,
    attributes: attrs,
    options: [],
    source: 'check-sync-status',
  };
}

/**
 * A user: planned as provisioning plans it, then — when OX has the user in the context the directory wants —
 * planned again against OX's record (as the executor does for a user it adopts), so a change names exactly the
 * fields OX holds differently. `ox`: OX's record; null when OX has no such user; undefined when not read (the
 * stored state then stands for OX).
 */
export function planUserCheck(
  stored: StoredObject,
  attrs: UdmAttributes | null,
  ox: User | null | undefined,
  lookups: SyncPlanLookups,
): Operation[] {
  const state = stored.oxState as UserOxState | null;
  const prev = state && typeof state.oxId === 'number' && ox !== null ? state : undefined;
  const what = `${stored.udmType} ${stored.dn}`;
  const notes: LogLine[] = [];
  const plan = planUser(
    {
      change: changeOf(stored, attrs),
      prev,
      mapping: lookups.mapping,
      settings: lookups.settings,
      accessProfile: (name) => lookups.accessProfile(name),
      contextAdmin: (contextId) => lookups.contextAdmin(contextId) ?? '',
      current: ox ?? undefined,
    },
    notes,
  );
  if ('read' in plan) return [];
  const sameContext = plan.ops.every((op) => op.op === 'change');
  if (!prev || !ox || !plan.wanted || !sameContext) return plan.ops;
  const base: UserOxState = {
    ...prev,
    oxId: typeof ox.id === 'number' ? ox.id : prev.oxId,
    oxName: String(ox.name ?? prev.oxName),
    fields: readBackFields(plan.wanted.fields, plan.wanted.name, ox),
  };
  const update = planUserUpdate(base, plan.wanted, lookups.settings, ox, what);
  return 'read' in update ? plan.ops : update.ops;
}

/** A context: the directory's name and quota against OX's (`ox` null: OX has no such context). */
export function planContextCheck(stored: StoredObject, attrs: UdmAttributes | null, ox: Context | null): Operation[] {
  const what = `${stored.udmType} ${stored.dn}`;
  const desired = attrs === null ? null : desiredContext(attrs, what);
  const id = desired?.contextId ?? (stored.oxState as { contextId?: number } | null)?.contextId;
  const previous =
    ox && id !== undefined
      ? { contextId: id, name: String(ox.name ?? ''), maxQuota: typeof ox.maxQuota === 'number' ? ox.maxQuota : -1 }
      : null;
  return planContext(desired, previous, id);
}

/**
 * A group: per context, what OX holds (by the ids the store recorded; a group OX lost is absent) against the
 * members the directory names, resolved to OX ids through the store.
 */
export function planGroupCheck(
  stored: StoredObject,
  attrs: UdmAttributes | null,
  oxGroups: Map<number, Group>,
  members: Map<string, ResolvedRef>,
  settings: Settings,
): Operation[] {
  const what = `${stored.udmType} ${stored.dn}`;
  const previous = new Map<number, GroupInContext>();
  for (const [contextId, g] of oxGroups) {
    if (typeof g.id !== 'number') continue;
    const have = (g.members ?? []).filter((m): m is number => typeof m === 'number').sort((a, b) => a - b);
    previous.set(contextId, { oxId: g.id, name: String(g.name ?? ''), members: have });
  }
  const memberDns = memberDnsOf(attrs);
  const name = memberDns.length > 0 && attrs ? groupName(attrs, stored.objectId, settings.groupIdentifier, what) : '';
  if (name !== '' && isReservedGroupName(name)) return [];
  const desired = new Map<number, DesiredGroup>();
  for (const [contextId, ids] of splitMembers(memberDns, members).byContext)
    desired.set(contextId, { name, members: ids });
  return groupOperations(previous, desired);
}

/** A resource: the directory's fields against OX's record (`ox` null: OX has no such resource). */
export function planResourceCheck(stored: StoredObject, attrs: UdmAttributes | null, ox: Resource | null): Operation[] {
  const state = stored.oxState as { contextId?: number; oxId?: number } | null;
  const prev =
    ox && typeof ox.id === 'number' && typeof state?.contextId === 'number'
      ? resourceReadBack(state.contextId, ox)
      : undefined;
  const plan = planResource(changeOf(stored, attrs), prev);
  return plan.skip ? [] : plan.ops;
}

/** The report's view of one operation: what, where, and for a change the OX fields it would send. */
export function plannedOperation(op: Operation): PlannedOperation {
  switch (op.type) {
    case 'user':
      if (op.op === 'change') {
        const fields = Object.keys(op.usrdata ?? {}).sort();
        if (op.moduleAccess) fields.push('moduleAccess');
        return { op: op.op, type: op.type, context: op.contextId, name: op.name, fields };
      }
      if (op.op === 'delete') return { op: op.op, type: op.type, context: op.user.contextId, name: op.user.oxName };
      return { op: op.op, type: op.type, context: op.contextId, name: op.name };
    case 'group': {
      if (op.op === 'delete') return { op: op.op, type: op.type, context: op.contextId };
      if (op.op === 'create') return { op: op.op, type: op.type, context: op.contextId, name: op.name };
      const fields = [...(op.rename !== undefined ? ['name'] : []), 'members'];
      return { op: op.op, type: op.type, context: op.contextId, name: op.next.name, fields };
    }
    case 'resource':
      if (op.op === 'change')
        return {
          op: op.op,
          type: op.type,
          context: op.contextId,
          name: op.next.fields.name,
          fields: Object.keys(op.diff).sort(),
        };
      if (op.op === 'delete')
        return { op: op.op, type: op.type, context: op.resource.contextId, name: op.resource.fields.name };
      return { op: op.op, type: op.type, context: op.contextId, name: op.fields.name };
    case 'context':
      if (op.op === 'change') {
        const fields: string[] = [];
        if (op.name !== op.previous.name) fields.push('name');
        if (op.maxQuota !== op.previous.maxQuota) fields.push('maxQuota');
        return { op: op.op, type: op.type, context: op.contextId, name: op.name, fields };
      }
      return { op: op.op, type: op.type, context: op.contextId };
    default:
      return { op: op.op, type: op.type, context: 0 };
  }
}

/** One line of the text report: `change user alice in context 10: sur_name, given_name`. */
export function describePlanned(p: PlannedOperation): string {
  const name = p.name !== undefined ? ` ${p.name}` : '';
  const fields = p.fields && p.fields.length > 0 ? `: ${p.fields.join(', ')}` : '';
  return `${p.op} ${p.type}${name} in context ${p.context}${fields}`;
}
