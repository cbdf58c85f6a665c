// Pure planning for groups/group (docs/reference/original-connector.md): a group lives in every context where it has OX
// members, split per context. From what OX holds per context and what it should hold, the fewest operations:
// create where it is new, one `change` (full member list; name only on a rename) where it differs, delete where
// its last member left, nothing where it already matches.
import { isOkOrTrue, singleString, stringList, type UdmAttributes } from '../../model/values.js';
import { normalizeDn } from '../../model/dn.js';
import type { ResolvedRef } from '../../state/references.js';
import type { GroupOperation } from '../executor/groups.js';
import { PermanentError } from '../types.js';

/** The group as OX holds it in one context. */
export interface GroupInContext {
  oxId: number;
  name: string;
  /** Member user ids, sorted. */
  members: number[];
}

/** Stored oxState of a group: per context id. */
export interface GroupOxState {
  contexts: Record<string, GroupInContext>;
}

export interface DesiredGroup {
  name: string;
  members: number[];
}

export type GroupOp =
  | { kind: 'create'; contextId: number; name: string; members: number[] }
  | { kind: 'change'; contextId: number; oxId: number; name: string | undefined; members: number[] }
  | { kind: 'delete'; contextId: number; oxId: number };

/** OX's own group of every user; the original never touches it (Bug #35821) and neither do we. */
export function isReservedGroupName(name: string): boolean {
  return name.toLowerCase() === 'users';
}

/** The OX group name from OX_GROUP_IDENTIFIER, with a clear error for empty or multi-valued values. */
export function groupName(attrs: UdmAttributes, objectId: string, identifier: string, what: string): string {
  const raw = identifier === 'entryUUID' ? objectId : attrs[identifier];
  if (Array.isArray(raw) && raw.length > 1) {
    throw new PermanentError(
      `Cannot provision ${what}: OX_GROUP_IDENTIFIER=${identifier} names a property with ${raw.length} values; choose a single-valued property (default: name) or give the group one value.`,
    );
  }
  const value = singleString(raw);
  if (value === undefined || value.trim() === '') {
    throw new PermanentError(
      `Cannot provision ${what}: the property ${identifier} named by OX_GROUP_IDENTIFIER is empty; give the group a value or change the setting (default: name).`,
    );
  }
  return value;
}

export interface MemberSplit {
  /** context id → sorted OX user ids */
  byContext: Map<number, number[]>;
  /** Member DNs not provisioned yet (unknown to the store): the group is re-planned when they arrive. */
  waiting: string[];
}

/** Splits member DNs per context of the (provisioned) users they name. */
export function splitMembers(memberDns: string[], resolved: Map<string, ResolvedRef>): MemberSplit {
  const sets = new Map<number, Set<number>>();
  const waiting: string[] = [];
  for (const dn of memberDns) {
    const ref = resolved.get(normalizeDn(dn) ?? '');
    if (!ref) {
      waiting.push(dn);
      continue;
    }
    // Known but not an OX user (or not a user at all): not a member in OX, like the original.
    if (ref.contextId === undefined || ref.oxId === undefined) continue;
    let set = sets.get(ref.contextId);
    if (!set) sets.set(ref.contextId, (set = new Set()));
    set.add(ref.oxId);
  }
  const byContext = new Map<number, number[]>();
  for (const [ctx, set] of sets)
    byContext.set(
      ctx,
      [...set].sort((a, b) => a - b),
    );
  return { byContext, waiting };
}

/** Member DNs the group should have in OX: none unless it is an OX group. */
export function memberDnsOf(attrs: UdmAttributes | null): string[] {
  // Exactly "OK" or true, as the original's is_ox_group (docs/reference/original-connector.md).
  if (!attrs || !isOkOrTrue(attrs.isOxGroup)) return [];
  return stringList(attrs.users);
}

function sameMembers(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export function planGroup(previous: Map<number, GroupInContext>, desired: Map<number, DesiredGroup>): GroupOp[] {
  const ops: GroupOp[] = [];
  for (const [contextId, want] of [...desired].sort((a, b) => a[0] - b[0])) {
    if (want.members.length === 0) continue;
    const have = previous.get(contextId);
    if (!have) {
      ops.push({ kind: 'create', contextId, name: want.name, members: want.members });
    } else if (have.name !== want.name || !sameMembers(have.members, want.members)) {
      ops.push({
        kind: 'change',
        contextId,
        oxId: have.oxId,
        name: have.name !== want.name ? want.name : undefined,
        members: want.members,
      });
    }
  }
  for (const [contextId, have] of [...previous].sort((a, b) => a[0] - b[0])) {
    const want = desired.get(contextId);
    if (!want || want.members.length === 0) ops.push({ kind: 'delete', contextId, oxId: have.oxId });
  }
  return ops;
}

/**
 * planGroup's steps as the executor's operations: a change carries the group it leaves and the create that
 * replaces it when OX lost the group meanwhile.
 */
export function groupOperations(
  previous: Map<number, GroupInContext>,
  desired: Map<number, DesiredGroup>,
): GroupOperation[] {
  return planGroup(previous, desired).map((step): GroupOperation => {
    if (step.kind === 'create') {
      return { type: 'group', op: 'create', contextId: step.contextId, name: step.name, members: step.members };
    }
    if (step.kind === 'delete') return { type: 'group', op: 'delete', contextId: step.contextId, oxId: step.oxId };
    const { contextId, oxId, members } = step;
    const have = previous.get(contextId);
    const want = desired.get(contextId);
    if (!have || !want) throw new Error(`planGroup changed context ${contextId} without a group there`);
    return {
      type: 'group',
      op: 'change',
      contextId,
      oxId,
      ...(step.name !== undefined ? { rename: step.name } : {}),
      members,
      next: { oxId, name: step.name ?? have.name, members },
      recreate: { type: 'group', op: 'create', contextId, name: want.name, members },
    };
  });
}
