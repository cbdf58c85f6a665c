// Adapter between reconciliation and the groups' planner (groups/plan.ts groupName, memberDnsOf, splitMembers,
// groupOperations — the code provisioning runs): what one directory group should be in one context, compared with
// the group OX holds there as if OX's group were the stored state.
import type { Settings } from '../config/settings.js';
import { UDM_TYPES } from '../model/change.js';
import { normalizeDn } from '../model/dn.js';
import { isOkOrTrue } from '../model/values.js';
import type { Group } from '../ox/types.js';
import type { GroupChange, GroupOperation } from '../provisioning/executor/groups.js';
import {
  groupName,
  groupOperations,
  isReservedGroupName,
  memberDnsOf,
  splitMembers,
  type GroupInContext,
} from '../provisioning/groups/plan.js';
import type { ResolvedRef } from '../state/references.js';
import type { DirectoryObject } from './directory-object.js';

export interface WantedGroup {
  name: string;
  memberDns: string[];
}

/** The OX group name and member DNs of a directory group; undefined when it is no OX group (or OX's "users"). */
export function wantedGroup(obj: DirectoryObject, settings: Settings): WantedGroup | undefined {
  if (obj.udmType !== UDM_TYPES.group || !isOkOrTrue(obj.attrs.isOxGroup)) return undefined;
  const name = groupName(obj.attrs, obj.objectId, settings.groupIdentifier, `${obj.udmType} ${obj.dn}`);
  if (isReservedGroupName(name)) return undefined;
  return { name, memberDns: memberDnsOf(obj.attrs) };
}

/** A member user as reconciliation knows it: the context the directory puts it in, and its id in OX there. */
export interface MemberUser {
  objectId: string;
  dn: string;
  contextId: number;
  oxId: number;
}

/**
 * The operation that makes OX's group in `contextId` what the directory says (groupOperations), or undefined when it
 * already is. `members`: member DN (normalised) → the user; users OX lacks carry an id OX does not have, so the
 * group differs until they are created.
 */
export function groupOpInContext(
  contextId: number,
  wanted: WantedGroup,
  members: (normalizedDn: string) => MemberUser | undefined,
  ox: Group | undefined,
): GroupOperation | undefined {
  const resolved = new Map<string, ResolvedRef>();
  for (const dn of wanted.memberDns) {
    const norm = normalizeDn(dn) ?? '';
    const user = members(norm);
    if (user) resolved.set(norm, { ...user, udmType: UDM_TYPES.user });
  }
  const split = splitMembers(wanted.memberDns, resolved);
  const previous = new Map<number, GroupInContext>();
  if (ox && typeof ox.id === 'number') {
    const have = (ox.members ?? []).filter((m): m is number => typeof m === 'number').sort((a, b) => a - b);
    previous.set(contextId, { oxId: ox.id, name: String(ox.name ?? ''), members: have });
  }
  const desired = new Map([[contextId, { name: wanted.name, members: split.byContext.get(contextId) ?? [] }]]);
  return groupOperations(previous, desired)[0];
}

/** The OX field names a change op alters. */
export function groupFieldsOf(op: GroupChange, ox: Group | undefined): string[] {
  const fields: string[] = [];
  if (op.rename !== undefined) fields.push('name');
  const have = JSON.stringify([...(ox?.members ?? [])].sort((a, b) => Number(a) - Number(b)));
  if (have !== JSON.stringify(op.members)) fields.push('members');
  return fields;
}
